"""Several Streamlit replicas behind Debian's nginx, for real, on loopback (issue #11; deploy/README.md).

- `start_replicas(n, env)`: n `streamlit run serve.py` processes on free ports, started together, each waited for
  on its health check. Every replica gets the same cookie secret (STREAMLIT_SERVER_COOKIE_SECRET) and whatever
  `env` says (DATABASE_URL of the shared PostgreSQL).
- `Nginx(ports, folder)`: deploy/nginx.conf.template rendered with free ports into `folder`, run as
  `nginx -c <file> -p <folder>` in the foreground (`daemon off;`), pid, logs and temp files in the folder
  (`user root;` only when the tests run as root, so the workers can write the folder).

Run as a script it is a launcher for trying the set-up by hand (see deploy/run_replicas.sh):
`python -m tests.replicas --replicas 2 --port 8080` (needs DATABASE_URL; Ctrl-C stops everything).
"""
from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import requests

from deploy.nginx_conf import render

ROOT = Path(__file__).resolve().parents[1]
NGINX = "/usr/sbin/nginx"
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, seconds: float = STARTUP_SECONDS, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: the process ended with {proc.returncode}")
        try:
            if requests.get(f"{url}/_stcore/health", timeout=2).text.strip() == "ok":
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}: no health within {seconds:.0f} s")


@dataclass
class Replica:
    proc: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)  # a script still running (a heavy page) can hold shutdown up
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def replica_env(cookie_secret: str, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """What every replica shares: the cookie secret, no tracebacks for the public, and `env`."""
    return {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
            "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS": "type", **(env or {})}


def start_replicas(n: int, env: Mapping[str, str] | None = None, folder: Path | None = None,
                   cookie_secret: str | None = None) -> list[Replica]:
    """n replicas started at the same time (they migrate and seed one after the other: programs.db's lock)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="wijkdashboard-replicas-"))
    secret = cookie_secret or secrets.token_hex(32)
    replicas = []
    for i in range(n):
        port = free_port()
        log = folder / f"replica-{i + 1}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats",
                 "false"], cwd=ROOT, env=replica_env(secret, env), stdout=out, stderr=subprocess.STDOUT)
        replicas.append(Replica(proc, port, log))
    try:
        for replica in replicas:
            wait_healthy(replica.url, proc=replica.proc)
    except BaseException:
        for replica in replicas:
            replica.stop()
        raise
    return replicas


def render_nginx_conf(ports: Sequence[int], listen_port: int, folder: Path) -> str:
    """deploy/nginx.conf.template for replicas on these loopback ports, nginx on `listen_port`."""
    user = "root" if os.geteuid() == 0 else None
    return render([f"127.0.0.1:{p}" for p in ports], f"127.0.0.1:{listen_port}", folder, user=user, workers=2)


class Nginx:
    """Debian's nginx in front of the replicas, as a foreground child process (a context manager)."""

    def __init__(self, ports: Sequence[int], folder: Path, listen_port: int | None = None):
        self.folder = Path(folder)
        self.port = listen_port or free_port()
        self.conf = self.folder / "nginx.conf"
        for sub in ("logs", "tmp"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        self.conf.write_text(render_nginx_conf(ports, self.port, self.folder), encoding="utf-8")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "logs" / "access.log"

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-c", str(self.conf), "-p", f"{self.folder}/", "-e", str(self.folder / "logs" / "error.log"),
                *extra]

    def check(self) -> subprocess.CompletedProcess:
        """`nginx -t`: the rendered configuration is valid."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30, check=False)

    def start(self) -> Self:
        if not Path(NGINX).exists():
            raise RuntimeError(f"{NGINX} is missing: scripts/test.sh installs Debian's nginx")
        with (self.folder / "logs" / "stderr.log").open("wb") as out:
            self.proc = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.STDOUT)
        wait_healthy(self.url, 30, self.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # fast shutdown (SIGQUIT would wait for open WebSockets)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def editor_cluster(url: str, passwords: Mapping[str, str], folder: Path) -> Iterator[dict]:
    """Two replicas behind nginx on one PostgreSQL store (emptied first) with these editors and one cookie secret:
    {"db", "replicas", "nginx", "folder", "sessions"}. Stops everything on leaving."""
    from programs.db import make_sessions, open_store  # the store only where a test cluster needs it
    from programs.users import add_user
    from tests.conftest_pg import reset_postgres

    reset_postgres(url)
    engine = open_store(url)
    with make_sessions(engine).begin() as s:
        for name, password in passwords.items():
            add_user(s, name, "editor", password, rounds=4)
    replicas = start_replicas(2, {"DATABASE_URL": url}, folder, cookie_secret=secrets.token_hex(32))
    try:
        with Nginx([r.port for r in replicas], folder) as nginx:
            yield {"db": url, "replicas": replicas, "nginx": nginx, "folder": folder, "sessions": make_sessions(engine)}
    finally:
        for replica in replicas:
            replica.stop()
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.replicas", description="Replicas behind nginx, by hand.")
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx listens on 127.0.0.1:PORT")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        print("set DATABASE_URL to the shared PostgreSQL (every replica must use the same store)", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="wijkdashboard-replicas-"))
    replicas = start_replicas(args.replicas, folder=folder)
    try:
        with Nginx([r.port for r in replicas], folder, args.port) as nginx:
            print(f"{nginx.url} -> " + ", ".join(r.url for r in replicas) + f" (logs in {folder}); Ctrl-C stops")
            while all(r.proc.poll() is None for r in replicas) and nginx.proc.poll() is None:
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for replica in replicas:
            replica.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
