"""A page opened at its own URL (/trends, /profiel?area=…) connects to the server at once (issue #19).

Streamlit's frontend does not know where the server's root is. Opened at /trends it first asks
/trends/_stcore/health, gets a 404, waits 100 ms and only then asks /_stcore/health (its connection code tries the
URL's path and then its parent). Every page but the map lost ~130 ms on each load: a shared link, a reload, the
beamer opening /presentatie. The frontend reads the root from `window.__streamlit.BACKEND_BASE_URL` when the page
sets it (Streamlit's embedding config, read once when its code starts); `PageRootMiddleware` writes that into the
HTML served at a page's URL. The root is worked out in the browser as the URL's parent, so it also holds behind a
proxy that serves the dashboard under a prefix. What the frontend does once connected is unchanged: it connected
to the same root before, one failed try later.

The same middleware writes the app's history rule (ui.page_scripts.HISTORY_SCRIPT) into the head of every page's
HTML, the root's too: it has to hold before Streamlit's code writes the first run's URL.
"""
from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.page_scripts import HISTORY_SCRIPT

# A page's URL below the server's root: one path segment without a dot (not a file, not /_stcore/…).
PAGE_SEGMENT = re.compile(r"^/[A-Za-z0-9-]+$")
SNIPPET = b'<script>window.__streamlit={BACKEND_BASE_URL:new URL(".",location.href).href}</script>'
HISTORY = HISTORY_SCRIPT.encode()


# The map's url_path (app.py): Streamlit serves the default page at the root only, and /kaart, the name the
# sidebar gives it, showed its English "Page not found" dialog on a Dutch page. It is sent to the root, its query kept.
DEFAULT_PAGE = "kaart"


def redirect_target(path: str, query: bytes, base: str = "") -> bytes | None:
    """Where a request for `path` (with `query`) is sent instead: the default page's own URL to the root."""
    if path in (f"{base}/{DEFAULT_PAGE}", f"{base}/{DEFAULT_PAGE}/"):
        return f"{base}/".encode() + (b"?" + query if query else b"")
    return None


def base_url_path() -> str:
    """The server's own prefix (`server.baseUrlPath`), as "" or "/prefix"."""
    import streamlit as st

    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def is_page_url(path: str, base: str = "") -> bool:
    """Whether `path` (a request's path) names a page of the app below the server's prefix `base`."""
    return path.startswith(base) and bool(PAGE_SEGMENT.match(path[len(base):]))


def head_scripts(path: str, base: str = "") -> bytes:
    """What the HTML answered for `path` gets first in its head: at a page's URL where the root is (SNIPPET) and
    the history rule; at the root (`base`, or `base/`) the history rule alone; elsewhere nothing."""
    if is_page_url(path, base):
        return SNIPPET + HISTORY
    return HISTORY if path in (base, f"{base}/") and path else b""


def with_head(html: bytes, scripts: bytes) -> bytes:
    """The page's HTML with `scripts` as the first thing in its head (before Streamlit's own script)."""
    head = re.search(rb"<head[^>]*>", html, re.IGNORECASE)
    at = head.end() if head else 0
    return html[:at] + scripts + html[at:]


class PageRootMiddleware:
    """ASGI middleware (st.App's `middleware`): adds `head_scripts` to the HTML answered for a page's URL or the
    root, and sends /kaart to the root (redirect_target).

    It runs outside Streamlit's own middleware, which compresses responses: the page's request reaches it without
    Accept-Encoding, so the HTML comes back plain (it is ~8 KB and never cached: Streamlit sends it as no-cache)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = redirect_target(scope["path"], scope.get("query_string", b""), base_url_path()) \
            if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") else None
        if target is not None:
            await send({"type": "http.response.start", "status": 308,
                        "headers": [(b"location", target), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        scripts = head_scripts(scope["path"], base_url_path()) if scope["type"] == "http" else b""
        if not scripts or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body: list[bytes] = []

        async def send_with_scripts(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if message["status"] == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message  # held until the whole body is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                html = with_head(b"".join(body), scripts)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
                await send({**start, "headers": [*headers, (b"content-length", str(len(html)).encode())]})
                await send({"type": "http.response.body", "body": html})
                return
            await send(message)

        await self.app(scope, receive, send_with_scripts)
