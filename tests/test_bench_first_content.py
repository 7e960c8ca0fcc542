"""bench.browser's first-content stamp (bench.pages' 'first content' of every page): a chart, map or table counts
once it is drawn on the screen, not while it is in the page but hidden (a table's static copy for print,
ui.widgets.table_with_download, was /programmas' first content until session 36)."""
from __future__ import annotations

import pytest

from bench.browser import INIT_SCRIPT

pytestmark = pytest.mark.browser

PAGE = """<div data-testid="stMain">
  <div id="print-copy" style="display:none"><div data-testid="stTable"><table><tr><td>1</td></tr></table></div></div>
  <div id="later"></div>
</div>"""


def test_a_hidden_table_is_not_first_content_and_a_drawn_one_is(page):
    page.add_init_script(INIT_SCRIPT)
    page.route("http://bench.test/", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
    page.goto("http://bench.test/")  # a navigation: the stamp watches the document from its start, as in a bench
    page.evaluate("() => document.body.appendChild(document.createElement('p'))")  # a mutation: the stamp looks
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__first") is None, "the hidden print copy counted as drawn"
    page.evaluate("""() => { document.getElementById('later').innerHTML =
        '<div data-testid="stHtml"><table><tr><td>2</td></tr></table></div>'; }""")
    page.wait_for_function("() => window.__first > 0", timeout=5_000)
