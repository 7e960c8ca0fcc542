"""The charts of /vergelijk, /trends and /programmas in Chromium (ui/components/plotchart): drawn, described for a
screen reader, the chart code loaded once per tab, and a clear message in each chart's place when it cannot load."""
from __future__ import annotations

import pytest

from tests.conftest import CHART
from tests.test_view_browser import settle
from texts.i18n import t

pytestmark = pytest.mark.browser

BUNDLE_LOADS = """() => performance.getEntriesByType('resource').filter(e => e.name.includes('/vendor/plotly-basic-'))
                   .length"""
CHART_BOXES = """() => [...document.querySelectorAll('.wijk-plot')].map(el => ({
    role: el.getAttribute('role'), label: el.getAttribute('aria-label') || '', drawn: !!el.querySelector('.main-svg'),
    width: el.getBoundingClientRect().width, text: el.innerText}))"""


def _charts(page, at_least: int) -> list[dict]:
    """The chart boxes once at least `at_least` of them are drawn (plotly puts two .main-svg in each chart, and the
    charts are drawn one per frame)."""
    page.wait_for_function(f"n => [...document.querySelectorAll('.wijk-plot')].filter(b => b.querySelector('.main-svg'))"
                           ".length >= n", arg=at_least, timeout=90_000)
    return page.evaluate(CHART_BOXES)


def test_pages_reached_through_the_sidebar_draw_their_charts_and_load_the_chart_code_once(app_url, page, artifacts):
    """A researcher in English on a beamer-sized window: map → Compare → Trends through the sidebar, then a reload."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    page.locator("[data-testid='stSidebarNav'] a:has-text('Compare')").click()
    page.wait_for_selector("h1:has-text('Compare')", timeout=90_000)
    boxes = _charts(page, 3)
    main_width = page.locator("[data-testid='stMainBlockContainer']").bounding_box()["width"]
    for box in boxes:
        assert box["role"] == "figure" and box["label"].strip(), box
        assert box["drawn"] and box["width"] > 0.8 * main_width - 40, (box, main_width)  # full width, not a sliver
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # Streamlit's plotly code is not loaded
    page.screenshot(path=str(artifacts / "plotchart_compare_en_1024.png"))

    page.locator("[data-testid='stSidebarNav'] a:has-text('Trends')").click()
    page.wait_for_selector("h1:has-text('Trends')", timeout=90_000)
    settle(page)
    boxes = _charts(page, 2)
    assert any("multiples" in b["label"].lower() or "indicators" in b["label"].lower() for b in boxes), boxes
    assert page.evaluate(BUNDLE_LOADS) == 1, "the chart code was fetched again on another page of the same tab"
    page.screenshot(path=str(artifacts / "plotchart_trends_en_1024.png"))

    page.reload()
    settle(page)
    assert all(b["drawn"] for b in _charts(page, 2))
    assert "lang=en" in page.url


def test_when_the_chart_code_cannot_load_each_chart_says_so_and_the_page_still_works(app_url, page, artifacts):
    page.set_viewport_size({"width": 390, "height": 844})
    page.route("**/vendor/plotly-basic-*", lambda route: route.abort())
    page.goto(f"{app_url}/programmas")
    page.wait_for_selector(".wijk-plot-failed", timeout=90_000)
    settle(page)
    failed = page.evaluate(CHART_BOXES)
    assert failed and all(b["text"].strip() == t("chart_failed", "nl") and not b["drawn"] for b in failed), failed
    assert page.locator("h1:has-text(\"Programma's\")").count() == 1
    assert page.locator("[data-testid='stExpander']").count() >= 1  # the filters and tables are still there
    page.screenshot(path=str(artifacts / "plotchart_failed_nl_phone.png"), full_page=True)

    page.unroute("**/vendor/plotly-basic-*")  # the server is back: the next run draws the chart in the same box
    page.locator(".st-key-w_prog_chart [data-testid='stSelectbox']").click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    settle(page)
    page.wait_for_selector(CHART, timeout=90_000)
    boxes = page.evaluate(CHART_BOXES)
    assert boxes and all(b["drawn"] and t("chart_failed", "nl") not in b["text"] for b in boxes), boxes
    assert page.locator(".wijk-plot-failed").count() == 0


DRAW_ORDER = """() => {
  window.__drawOrder = [];
  new MutationObserver(() => {
    for (const box of document.querySelectorAll('.wijk-plot')) {
      const label = box.getAttribute('aria-label');
      if (box.querySelector('.main-svg') && !window.__drawOrder.includes(label)) window.__drawOrder.push(label);
    }
  }).observe(document, {subtree: true, childList: true});
}"""


@pytest.mark.parametrize("path", ["/trends", "/vergelijk?lang=en&gemeente=GM0503"])
def test_the_chart_highest_on_the_page_is_drawn_first_on_every_load(app_url, page, path):
    """The charts mount in no fixed order; drawn in that order, /trends' small multiples (~200 ms) kept its line
    chart off the screen in about half the loads. Six loads of each page: the first chart drawn is always the
    first on the page."""
    page.add_init_script(f"({DRAW_ORDER})()")
    for _ in range(6):
        page.goto(f"{app_url}{path}")
        settle(page)
        boxes = _charts(page, 2)
        order = page.evaluate("() => window.__drawOrder")
        assert order[0] == boxes[0]["label"], (order, [b["label"] for b in boxes])
