"""Files the browser fetches once from Streamlit's static route (`server.enableStaticServing`), named by content.

The app's `static/` folder is git-ignored: what lands there is written at run time (the map's geometry, derived
from the data; the chart library, copied from the repo). A content-hashed name lets the browser cache a file for
as long as its URL lives, and a new version gets a new URL: `ImmutableStatic` (a middleware of serve.py) says so in
the response, which Streamlit's static route does not (issue #19).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = PROJECT_ROOT / "static"  # Streamlit serves <app dir>/static at /app/static
DIGEST_CHARS = 16
# A file publish() wrote, below any server prefix: app/static/<subdir>/<stem>-<digest><suffix>.
PUBLISHED = re.compile(rf"/app/static/[A-Za-z0-9_-]+/[A-Za-z0-9_.-]+-[0-9a-f]{{{DIGEST_CHARS}}}\.[A-Za-z0-9.]+$")
IMMUTABLE = (b"cache-control", b"public, max-age=31536000, immutable")


def publish(subdir: str, stem: str, suffix: str, data: bytes, static_dir: Path | None = None) -> tuple[str, Path]:
    """Write `data` to `static/<subdir>/<stem>-<hash><suffix>` (atomically) unless it is there already.

    Returns the URL relative to the server root ("app/static/…") and the file's path.
    """
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]
    folder = (static_dir or STATIC_DIR) / subdir
    path = folder / f"{stem}-{digest}{suffix}"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)  # several servers may write the same file: the last complete one wins
    return f"app/static/{subdir}/{path.name}", path


def static_serving() -> bool:
    """Whether this server serves `static/` (off when .streamlit/config.toml was not read)."""
    import streamlit as st

    return bool(st.get_option("server.enableStaticServing"))


class ImmutableStatic:
    """ASGI middleware (st.App's `middleware`): a published file's answer says it never changes.

    Streamlit's static route answers without Cache-Control, and a browser keeps such an answer only for a tenth of
    its age since Last-Modified: in the hour after a file was written (a deploy, a new geometry) every navigation to
    a chart page fetched the chart library whole again (398 KB compressed). Marked immutable, a tab's next page takes
    it from its cache whatever its age, and Chromium keeps its compiled code with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not PUBLISHED.search(scope["path"]):
            await self.app(scope, receive, send)
            return

        async def send_immutable(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != IMMUTABLE[0]]
                message = {**message, "headers": [*headers, IMMUTABLE]}
            await send(message)

        await self.app(scope, receive, send_immutable)
