"""Every asset comes from the app itself (issue #22): on every page, with the basemap off (the default), the
browser asks no other host, and no link, script, image or icon in the page points elsewhere.

The favicon is checked in the page too: headless Chromium does not always fetch it, and Streamlit's material
icon favicon (`page_icon=":material/…:"`) points at an outside font host.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "profiel", "vergelijk", "trends", "programmas", "presentatie", "bronnen", "invoer", "inloggen"]
# Every URL the page and its frames refer to (icons, stylesheets, scripts, images, frames, sources).
REFERENCES = """() => [...document.querySelectorAll('link[href], script[src], img[src], iframe[src], source[src]')]
    .map(el => el.href || el.src).filter(u => u && !u.startsWith('data:') && !u.startsWith('blob:'))"""


def hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).netloc for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")}


@pytest.mark.parametrize("path", PAGES)
def test_a_page_asks_only_the_app(page, app_url, path):
    own = urlsplit(app_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    page.goto(f"{app_url}/{path}")
    page.get_by_test_id("stSidebar").wait_for(state="attached", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1_000)  # late assets: the icon, fonts, the map component's files
    referenced = [url for frame in page.frames for url in frame.evaluate(REFERENCES)]
    assert any(u.startswith(app_url) for u in requested), "the page asked nothing of the app: not loaded?"
    icons = page.evaluate("() => [...document.querySelectorAll('link[rel*=icon]')].map(l => l.href)")
    assert icons and all(urlsplit(u).netloc == own for u in icons), icons
    assert hosts(requested) == {own}, sorted(u for u in requested if urlsplit(u).netloc != own)
    assert hosts(referenced) <= {own}, sorted(u for u in referenced if urlsplit(u).netloc != own)
