"""A page opened at its own URL connects to the server's root at once (server_root.PageRootMiddleware, issue #19):
the HTML of a page's URL tells the frontend where the root is, every other response passes unchanged; in Chromium,
no page asks `<page>/_stcore/health` first (the failed try Streamlit's frontend otherwise waits 100 ms after), on
the default server and on one served under a prefix (server.baseUrlPath)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from concurrent.futures import ThreadPoolExecutor

import pytest

from server_root import (DEFAULT_PAGE, HISTORY, SNIPPET, PageRootMiddleware, head_scripts, is_page_url,
                         redirect_target, with_head)
from tests.conftest import start_streamlit
from tests.test_paths_browser import IDLE, PAGES

HTML = b"<!doctype html><html><head><meta charset='utf-8'><script>window.prerenderReady = false</script></head></html>"


def test_page_urls_are_single_segments_below_the_prefix():
    assert is_page_url("/trends") and is_page_url("/profiel")
    assert is_page_url("/wijk/trends", "/wijk") and not is_page_url("/trends", "/wijk")
    for path in ("/", "/favicon.png", "/_stcore/health", "/trends/_stcore/health", "/app/static/vendor/x.js",
                 "/static/js/index.js", "/trends/", "/component/areamap/index.html"):
        assert not is_page_url(path), path


def test_the_snippet_comes_first_in_the_head_before_streamlits_own_script():
    html = with_head(HTML, SNIPPET + HISTORY)
    assert html.count(SNIPPET) == 1 and html.count(HISTORY) == 1
    assert html.index(SNIPPET) == html.index(b"<head>") + len(b"<head>")
    assert html.index(HISTORY) < html.index(b"prerenderReady")
    assert with_head(b"<p>no head</p>", SNIPPET).startswith(SNIPPET)


def test_the_history_rule_goes_to_every_page_and_the_root_where_the_root_only_to_pages():
    assert head_scripts("/trends") == SNIPPET + HISTORY and head_scripts("/wijk/trends", "/wijk") == SNIPPET + HISTORY
    assert head_scripts("/") == HISTORY  # the map: its URL already is the root
    assert head_scripts("/wijk", "/wijk") == HISTORY and head_scripts("/wijk/", "/wijk") == HISTORY
    for path, base in (("/trends/", ""), ("/", "/wijk"), ("/favicon.png", ""), ("/_stcore/health", "")):
        assert head_scripts(path, base) == b"", (path, base)


def run(path: str, *, status: int = 200, content_type: bytes = b"text/html; charset=utf-8",
        chunks: tuple[bytes, ...] = (HTML[:40], HTML[40:]), method: str = "GET",
        middleware=PageRootMiddleware, query: bytes = b"") -> tuple[dict, bytes, list]:
    """`middleware` around a fake app answering `chunks`; returns the response start, its body and the headers the
    app was asked with."""
    seen: list = []

    async def app(scope, receive, send):
        seen.extend(scope["headers"])
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type), (b"content-length", b"123"), (b"etag", b'"x"')]})
        for i, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": i < len(chunks) - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query,
             "headers": [(b"accept-encoding", b"gzip"), (b"host", b"localhost")]}
    with ThreadPoolExecutor(1) as thread:  # its own event loop: the browser tests' loop may run in this thread
        thread.submit(asyncio.run, middleware(app)(scope, None, send)).result()
    return sent[0], b"".join(m.get("body", b"") for m in sent[1:]), seen


def test_a_pages_html_gets_the_root_in_one_piece_with_its_length_and_uncompressed():
    start, body, asked = run("/trends")
    assert body == with_head(HTML, SNIPPET + HISTORY)
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(body)).encode()
    assert b"etag" not in headers  # the file's own tag no longer describes what was sent
    assert b"accept-encoding" not in dict(asked) and dict(asked)[b"host"] == b"localhost"


def test_the_roots_html_gets_the_history_rule_only():
    assert run("/")[1] == with_head(HTML, HISTORY)


@pytest.mark.parametrize("path, kwargs", [
    ("/static/js/index.js", {"content_type": b"text/javascript"}), ("/_stcore/health", {}),
    ("/trends", {"status": 404}), ("/trends", {"content_type": b"application/json"}), ("/trends", {"method": "HEAD"}),
])
def test_everything_else_passes_unchanged(path, kwargs):
    start, body, asked = run(path, **kwargs)
    assert body == HTML and SNIPPET not in body and HISTORY not in body
    assert dict(start["headers"])[b"content-length"] == b"123"
    if path != "/trends" or kwargs.get("method") == "HEAD":
        assert dict(asked)[b"accept-encoding"] == b"gzip"  # other responses may still be compressed


def test_the_maps_own_url_goes_to_the_root_with_its_query():
    """/kaart (the sidebar's name for the map) showed Streamlit's English 'Page not found' dialog."""
    app_py = (Path(__file__).parent.parent / "app.py").read_text(encoding="utf-8")
    assert f'url_path="{DEFAULT_PAGE}", default=True' in app_py  # the default page's url_path
    assert redirect_target("/kaart", b"lang=en&year=2016") == b"/?lang=en&year=2016"
    assert redirect_target("/kaart/", b"") == b"/" and redirect_target("/wijk/kaart", b"", "/wijk") == b"/wijk/"
    for path in ("/", "/trends", "/kaart/x", "/kaarten"):
        assert redirect_target(path, b"") is None, path
    start, body, _ = run("/kaart", query=b"lang=en")
    assert start["status"] == 308 and dict(start["headers"])[b"location"] == b"/?lang=en" and body == b""
    assert run("/kaart", method="POST")[0]["status"] == 200  # only a page's GET (or HEAD)


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_map_opened_at_kaart_is_the_map(app_url, page, lang):
    page.goto(f"{app_url}/kaart?lang={lang}&indicator=eenzaam")
    page.wait_for_selector(f"{IDLE} [data-testid='stMain'] [data-testid='stElementContainer']", state="attached",
                           timeout=90_000)
    page.wait_for_timeout(500)
    assert page.url.split("?")[0] == f"{app_url}/" and "indicator=eenzaam" in page.url  # (lang=nl is the default)
    assert page.locator("[role='dialog']").count() == 0  # no 'Page not found'
    assert page.locator(".st-key-map_heading h1").inner_text().startswith("Eenza" if lang == "nl" else "Lonel")


def _wrong_health_checks(page, root: str, paths: list[str]) -> list[str]:
    """Open each page URL below `root`; the problems: a request to a `_stcore` route below the page's own path (the
    failed try), no health check at the root, or nothing drawn (the frontend never connected)."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.split("?")[0]))
    problems = []
    for path in paths:
        asked.clear()
        page.goto(root + path)
        page.wait_for_selector(f"{IDLE} [data-testid='stMain'] [data-testid='stElementContainer']", state="attached",
                               timeout=90_000)
        problems += [f"{path}: asked {a}" for a in asked if "/_stcore/" in a and not a.startswith(root + "/_stcore/")]
        if root + "/_stcore/health" not in asked:
            problems.append(f"{path}: never asked {root}/_stcore/health")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_opened_by_its_url_asks_only_the_roots_health_check(app_url, page, lang):
    paths = [f"/{slug}?lang={lang}&gemeente=GM0503" for slug in PAGES.values() if slug] + [f"/?lang={lang}"]
    assert _wrong_health_checks(page, app_url, paths) == []


@pytest.mark.browser
def test_under_a_prefix_a_page_url_connects_to_the_prefix(page):
    """A server with `server.baseUrlPath` (as behind a proxy that serves several apps): /wijk/trends connects to
    /wijk, not to /wijk/trends or /."""
    proc, url = start_streamlit(env={"STREAMLIT_SERVER_BASE_URL_PATH": "wijk"})
    try:
        assert _wrong_health_checks(page, url + "/wijk", ["/trends", "/profiel?lang=en", "/"]) == []
    finally:
        proc.terminate()
        proc.wait(timeout=20)
