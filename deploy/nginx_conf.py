"""Render deploy/nginx.conf.template (stdlib only: usable on a server without the app's packages).

    python3 deploy/nginx_conf.py --listen 80 --upstream 127.0.0.1:8501 --upstream 127.0.0.1:8502 \
        --prefix /var/lib/wijkdashboard-nginx --user www-data > /etc/wijkdashboard/nginx.conf
"""
from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
CONFIG_TOML = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def upload_limit_mb(config: Path = CONFIG_TOML) -> int:
    """Streamlit's `[server] maxUploadSize` (MB; 200 when not set, Streamlit's default)."""
    try:
        with config.open("rb") as fh:
            return int(tomllib.load(fh).get("server", {}).get("maxUploadSize", 200))
    except (OSError, tomllib.TOMLDecodeError):
        return 200


def render(upstreams: Sequence[str], listen: str | int, prefix: str | Path, user: str | None = None,
           server_name: str = "_", workers: str | int = "auto", max_body_mb: int | None = None,
           template: Path = TEMPLATE) -> str:
    """The nginx configuration: `upstreams` as host:port of the Streamlit replicas, `listen` as nginx's
    `listen` argument (a port, or address:port), `prefix` the folder of pid, logs and temp files, `user` the
    worker user (None: no `user` line, for nginx started without root)."""
    if not upstreams:
        raise ValueError("at least one upstream replica")
    values = {
        "USER_LINE": f"user {user};" if user else "# (no `user` line: started without root)",
        "WORKERS": str(workers),
        "PREFIX": str(Path(prefix)),
        "UPSTREAM_SERVERS": "\n".join(f"        server {u} max_fails=3 fail_timeout=10s;" for u in upstreams),
        "LISTEN": str(listen),
        "SERVER_NAME": server_name,
        "MAX_BODY_MB": str((max_body_mb if max_body_mb is not None else upload_limit_mb()) + 1),
    }
    text = template.read_text(encoding="utf-8")
    unknown = set(PLACEHOLDER.findall(text)) - set(values)
    if unknown:
        raise KeyError(f"placeholders without a value: {sorted(unknown)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", default="80", help="nginx listen argument (default 80)")
    parser.add_argument("--upstream", action="append", required=True, help="host:port of a replica (repeat)")
    parser.add_argument("--prefix", required=True, help="folder for pid, logs and temp files")
    parser.add_argument("--user", help="worker user when nginx starts as root (Debian: www-data)")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--workers", default="auto")
    args = parser.parse_args(argv)
    sys.stdout.write(render(args.upstream, args.listen, args.prefix, args.user, args.server_name, args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
