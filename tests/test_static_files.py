"""Files published to Streamlit's static route (ui/components/static_files) are named by their content, and their
answers say so: `ImmutableStatic` marks them cacheable for a year, so a tab's next page takes the chart library and
the map's geometry from its cache instead of fetching them again (issue #19). Everything else passes unchanged."""
from __future__ import annotations

import pytest

from tests.conftest import CHART
from tests.test_server_root import run
from ui.components.static_files import IMMUTABLE, PUBLISHED, ImmutableStatic, publish

JS = (b"console.log(1)",)


def test_every_name_publish_writes_is_recognised_below_any_prefix(tmp_path):
    for subdir, stem, suffix in (("vendor", "plotly-basic", ".min.js"), ("geo", "GM0503-buurt", ".json")):
        url, path = publish(subdir, stem, suffix, b"data", static_dir=tmp_path)
        assert path.is_file() and url.endswith(path.name)
        for prefix in ("/", "/wijk/"):
            assert PUBLISHED.search(prefix + url), (prefix, url)


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_published_file_is_answered_as_immutable(method):
    start, body, _ = run("/app/static/vendor/plotly-basic-0123456789abcdef.min.js", content_type=b"text/javascript",
                         chunks=JS, method=method, middleware=ImmutableStatic)
    headers = start["headers"]
    assert [v for k, v in headers if k == IMMUTABLE[0]] == [IMMUTABLE[1]]
    assert dict(headers)[b"etag"] == b'"x"' and dict(headers)[b"content-length"] == b"123" and body == JS[0]


@pytest.mark.parametrize("path, kwargs", [
    ("/app/static/vendor/plotly-basic.min.js", {}),  # not named by its content: it may change under the same name
    ("/app/static/vendor/plotly-basic-0123456789ABCDEF.min.js", {}),
    ("/app/static/notes-0123456789abcdef.txt", {}),  # not in a subfolder publish() writes to
    ("/static/js/index.js", {}), ("/trends", {}), ("/_stcore/health", {}),
    ("/app/static/vendor/plotly-basic-0123456789abcdef.min.js", {"status": 404}),
    ("/app/static/vendor/plotly-basic-0123456789abcdef.min.js", {"method": "POST"}),
])
def test_everything_else_is_answered_as_the_app_answers_it(path, kwargs):
    start, body, _ = run(path, content_type=b"text/javascript", chunks=JS, middleware=ImmutableStatic, **kwargs)
    assert start["headers"] == [(b"content-type", b"text/javascript"), (b"content-length", b"123"), (b"etag", b'"x"')]
    assert body == JS[0]


@pytest.mark.browser
def test_the_next_page_takes_the_chart_library_from_the_tabs_cache(app_url, page):
    """Trends opened by its URL, then Compare opened by its URL (a new document, as a shared link or a reload): the
    chart library comes with its cache header once and from the cache the second time."""
    answers: list[str] = []
    page.on("response", lambda r: answers.append(r.headers.get("cache-control", "")) if "/vendor/plotly-basic-" in r.url
            else None)
    sizes = []
    for path in ("/trends?lang=en", "/vergelijk?gemeente=GM0503&section=ranking"):
        page.goto(app_url + path)
        page.wait_for_selector(CHART, timeout=90_000)
        sizes.append(page.evaluate("() => performance.getEntriesByType('resource')"
                                   ".filter((e) => e.name.includes('/vendor/plotly-basic-'))"
                                   ".map((e) => e.transferSize)"))
    assert answers and "immutable" in answers[0] and "max-age=31536000" in answers[0], answers
    assert sizes[0] and sizes[0][0] > 100_000, sizes  # fetched on the first page
    assert sizes[1] == [0], sizes  # taken from the cache on the next
