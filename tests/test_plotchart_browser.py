"""The charts of /vergelijk, /trends and /programmas in Chromium (ui/components/plotchart): drawn, described for a
screen reader, the chart code loaded once per tab, and a clear message in each chart's place when it cannot load."""
from __future__ import annotations

import pytest

from tests.conftest import CHART, ROOT
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
    page.wait_for_function("n => [...document.querySelectorAll('.wijk-plot')].filter(b => b.querySelector('.main-svg'))"
                           ".length >= n", arg=at_least, timeout=90_000)
    return page.evaluate(CHART_BOXES)


def test_pages_reached_through_the_sidebar_draw_their_charts_and_load_the_chart_code_once(app_url, page, artifacts):
    """A researcher in English on a beamer-sized window: map → Compare (its gradient's tab) → Trends through the
    sidebar, then a reload."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/?lang=en")
    settle(page)
    page.locator("[data-testid='stSidebarNav'] a:has-text('Compare')").click()
    page.wait_for_selector("h1:has-text('Compare')", timeout=90_000)
    boxes = _charts(page, 1)  # the bars of the areas compared
    page.get_by_role("tab", name="Social gradient in health").click()
    page.wait_for_function("bars => [...document.querySelectorAll('.wijk-plot')].some(b => b.querySelector('.main-svg')"
                           " && !bars.includes(b.getAttribute('aria-label')))", arg=[b["label"] for b in boxes],
                           timeout=90_000)  # the scatter, drawn in the bars' place
    boxes += _charts(page, 1)
    main_width = page.locator("[data-testid='stMainBlockContainer']").bounding_box()["width"]
    for box in boxes:
        assert box["role"] == "figure" and box["label"].strip(), box
        assert box["drawn"] and box["width"] > 0.8 * main_width - 40, (box, main_width)  # full width, not a sliver
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # Streamlit's plotly code is not loaded
    page.screenshot(path=str(artifacts / "plotchart_compare_en_1024.png"))

    page.locator("[data-testid='stSidebarNav'] a:has-text('Trends')").click()
    page.wait_for_selector("h1:has-text('Trends')", timeout=90_000)
    settle(page)
    _charts(page, 1)  # the indicator over the years
    page.get_by_role("tab", name="Several indicators for one area").click()
    page.wait_for_url("**section=indicators**", timeout=90_000)
    settle(page)
    boxes = _charts(page, 1)
    assert any("multiples" in b["label"].lower() or "indicators" in b["label"].lower() for b in boxes), boxes
    assert page.evaluate(BUNDLE_LOADS) == 1, "the chart code was fetched again on another page of the same tab"
    page.screenshot(path=str(artifacts / "plotchart_trends_en_1024.png"))

    page.reload()
    settle(page)
    boxes = _charts(page, 1)
    assert all(b["drawn"] for b in boxes) and any("indicators" in b["label"].lower() for b in boxes), boxes
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


QUEUE_PAGE = "<main>" + "".join(f"<section id='{c}'></section>" for c in "abcd") + "</main>"
DRAW_IN_ORDER = """async ([source, mounts, removed]) => {
  // plotchart.js itself, with a plotly that records which box it drew (the bundle is never fetched)
  const drawn = [];
  window.__wijkPlotly = Promise.resolve({react: (box) => { drawn.push(box.parentElement.id); return Promise.resolve(); }});
  const module = await import(URL.createObjectURL(new Blob([source], {type: 'text/javascript'})));
  for (const id of mounts) {  // mounted in this order within one task, as a page's charts can be
    module.default({data: {figure: '{"data": [], "layout": {}}', src: 'unused.js', alt: id},
                    parentElement: document.getElementById(id)});
  }
  for (const id of removed) document.getElementById(id).remove();  // left the page before its turn
  const expected = mounts.length - removed.length;
  for (let waited = 0; drawn.length < expected && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 250));  // ten more frames: nothing else is drawn
  return drawn;
}"""


@pytest.mark.parametrize("mounts, removed, expected", [
    ("dcba", "", "abcd"),  # mounted bottom-up: drawn top-down
    ("cadb", "", "abcd"),
    ("bdac", "c", "abd"),  # a chart whose element left the page is not drawn
])
def test_the_waiting_chart_highest_on_the_page_is_drawn_first(page, mounts, removed, expected):
    """A page's charts mount in no fixed order (/trends' small multiples, ~200 ms, went before its line chart in
    about half the loads). The queue draws the waiting chart highest on the page first, one per frame. Tested on the
    module itself: which charts are waiting at a moment depends on the page's load (a chart's element can reach the
    page after a lower one is drawn), so a whole page's order is not fixed."""
    page.set_content(QUEUE_PAGE)
    source = (ROOT / "ui" / "components" / "plotchart" / "plotchart.js").read_text(encoding="utf-8")
    assert page.evaluate(DRAW_IN_ORDER, [source, list(mounts), list(removed)]) == list(expected)


# The boxes of the first chart's parts (name -> selector -> their boxes) and the chart's own box ("chart"), read in
# one go and measured from the chart's top left corner. Read one by one they could come from two layouts of the
# page: in CI the multiselects above the chart grew 188 px between reading the plot and reading its legend.
BOXES = """selectors => { const chart = document.querySelector('.wijk-plot'), c = chart.getBoundingClientRect();
  const box = (el) => { const b = el.getBoundingClientRect();
    return {left: b.left - c.left, right: b.right - c.left, top: b.top - c.top, bottom: b.bottom - c.top}; };
  return {chart: [box(chart)], ...Object.fromEntries(Object.entries(selectors).map(
    ([name, sel]) => [name, [...chart.querySelectorAll(sel)].map(box)]))}; }"""


def _boxes(page, **selectors: str) -> dict[str, list[dict]]:
    return page.evaluate(BOXES, selectors)


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _inside(inner: dict, outer: dict, slack: float = 0) -> bool:
    return (outer["left"] - slack <= inner["left"] and inner["right"] <= outer["right"] + slack
            and outer["top"] - slack <= inner["top"] and inner["bottom"] <= outer["bottom"] + slack)


@pytest.mark.parametrize("width, columns", [(390, 1), (1400, 3)])
def test_the_small_multiples_stand_in_one_column_on_a_phone_and_in_three_on_a_screen(app_url, page, artifacts,
                                                                                      width, columns):
    """On a 390 px phone three columns ran the panels' titles into each other and cut the first off (charts.narrow:
    the figure's phone layout, applied by plotchart.js)."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{app_url}/trends?section=indicators&lang=en&gemeente=GM0503")
    settle(page)
    _charts(page, 1)
    boxes = _boxes(page, titles=".infolayer g.annotation")  # one per panel
    titles, chart = boxes["titles"], boxes["chart"][0]
    assert len(titles) == 6
    centres = sorted((b["left"] + b["right"]) / 2 for b in titles)
    assert 1 + sum(right - left > 20 for left, right in zip(centres, centres[1:])) == columns, centres
    assert not any(_overlap(a, b) for n, a in enumerate(titles) for b in titles[n + 1:]), titles
    assert all(_inside(b, chart) for b in titles), (titles, chart)  # none cut off
    page.locator(".wijk-plot").screenshot(path=str(artifacts / f"plotchart_multiples_en_{width}.png"))


def _union(boxes: list[dict]) -> dict:
    return {"left": min(b["left"] for b in boxes), "right": max(b["right"] for b in boxes),
            "top": min(b["top"] for b in boxes), "bottom": max(b["bottom"] for b in boxes)}


PROGRAM_QUERIES = ["/programmas?lang=en", "/programmas?programs=brugfunctionarissen", "/programmas?series=peuterconsulenten",
                   "/programmas"]


@pytest.mark.parametrize("width, query", [
    *((390, q) for q in ("/vergelijk", "/vergelijk?section=ranking&level=buurt", "/vergelijk?section=gradient&lang=en",
                         "/vergelijk?section=gradient&level=buurt", *PROGRAM_QUERIES)),
    # a 320 px phone cut the programs' title ('Gecombineerde leefstijlinterventie (GL') and source line
    *((320, q) for q in PROGRAM_QUERIES)])
def test_on_a_phone_a_charts_title_legend_plot_and_source_stand_apart_and_whole(app_url, page, artifacts, width,
                                                                                 query):
    """At 390 px the ranking's legend ran over its title, the gradient's title was cut off at the right and its
    subtitle ran into the legend, the programs' source line was cut off, and a title of three lines (the gradient's
    in Dutch) stuck out 12 px above the chart (charts.narrow)."""
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{app_url}{query}")
    settle(page)
    _charts(page, 1)
    boxes = _boxes(page, head=".gtitle, .gtitle-subtitle", legend=".legend", plot=".draglayer .nsewdrag",
                   notes=".infolayer g.annotation")  # notes: the programs' source line
    chart, head, legend = boxes["chart"][0], _union(boxes["head"]), _union(boxes["legend"])
    plot, notes = boxes["plot"][0], boxes["notes"]  # plot: the plot area
    assert head["bottom"] <= legend["top"] or plot["bottom"] <= legend["top"], (head, legend)  # above or below it
    assert not _overlap(legend, plot) and not _overlap(head, plot), (legend, plot, head)
    for box in (head, legend, *notes):
        assert _inside(box, chart, slack=1), (box, chart)
    page.locator(".wijk-plot").first.screenshot(
        path=str(artifacts / f"plotchart_phone_{width}_{query.strip('/').split('?')[0]}_{len(query)}.png"))


@pytest.mark.parametrize("lang, thousands", [("nl", "."), ("en", ",")])
def test_a_charts_axis_writes_numbers_in_the_pages_language(app_url, page, lang, thousands):
    """The programs' count axis read '1,000 … 4,500' on a Dutch page beside '4.638' in its table: plotly writes
    English unless the figure says otherwise (the component gives each chart the page's separators)."""
    page.goto(f"{app_url}/programmas?lang={lang}")
    settle(page)
    _charts(page, 1)
    ticks = page.locator(".wijk-plot .ytick text").evaluate_all("els => els.map(e => e.textContent)")
    big = [tick for tick in ticks if len(tick.replace(",", "").replace(".", "")) >= 4]
    assert big and all(thousands in tick for tick in big), ticks


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_mode_bars_tooltips_are_in_the_pages_language(app_url, page, lang):
    """The mode bar's buttons said 'Download plot as a PNG', 'Zoom', 'Reset axes' on Dutch pages too."""
    from texts.i18n import t
    from ui.components.plotchart import PLOTLY_TEXTS

    page.goto(f"{app_url}/trends?lang={lang}")
    settle(page)
    _charts(page, 1)
    titles = page.locator(".wijk-plot .modebar-btn").evaluate_all("els => els.map(e => e.dataset.title)")
    ours = {t(key, lang) for key in PLOTLY_TEXTS.values()}
    assert len(titles) >= 5 and set(titles) <= ours, titles
    assert t("plotly_png", lang) in titles and t("plotly_reset_axes", lang) in titles


EIGHT_AREAS = ("/vergelijk?areas=WK051836,WK051838,WK051833,WK051834,WK051829,WK051830,BU05183620,BU05181041"
               "&indicators=ervaren_gezondheid_goed_zeer_goed,matig_hoog_risico_op_angst_of_depressie,"
               "een_of_meer_langdurige_aandoeningen,ernstig_zeer_ernstig_eenzaam,moeite_met_rondkomen")


@pytest.mark.parametrize("width", [390, 1024])
def test_the_bars_of_eight_areas_and_five_indicators_keep_a_plot_and_whole_names(app_url, page, artifacts, width):
    """In a chart box narrower than 600 px (a phone, and a 1024 px beamer with the sidebar open) the bars kept 460
    px: the legend of ten lines and the upright names took all but ~60 px of it and cut the names."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{app_url}{EIGHT_AREAS}")
    settle(page)
    _charts(page, 1)
    boxes = _boxes(page, svg=".main-svg", plot=".draglayer .nsewdrag", names=".xtick text", legend=".legend")
    svg, plot, names, legend = boxes["svg"][0], boxes["plot"][0], boxes["names"], _union(boxes["legend"])
    assert plot["bottom"] - plot["top"] >= 200, plot
    assert len(names) == 5 and all(svg["top"] <= n["top"] and n["bottom"] <= svg["bottom"] for n in names), (names,
                                                                                                            svg)
    assert not _overlap(legend, plot), (legend, plot)


# The texts of the page's charts that a shown mode bar button (zoom, pan, download, …) lies on. A button counts
# whatever its opacity: plotly fades the bar in on a hover, and on a phone a tap is a hover.
MODE_BAR_ON_TEXT = """() => [...document.querySelectorAll('.wijk-plot')].flatMap(plot => {
  const shown = (el) => { for (let e = el; e && e !== plot; e = e.parentElement) {
    const s = getComputedStyle(e); if (s.display === 'none' || s.visibility === 'hidden') return false; } return true; };
  const buttons = [...plot.querySelectorAll('.modebar-btn')].filter(shown).map(b => b.getBoundingClientRect());
  return [...plot.querySelectorAll('svg text')].filter(el => el.textContent.trim()).filter(el => {
    const r = el.getBoundingClientRect();
    return buttons.some(b => b.left < r.right && r.left < b.right && b.top < r.bottom && r.top < b.bottom); })
    .map(el => el.textContent.trim()); })"""
MODE_BARS = "() => document.querySelectorAll('.wijk-plot .modebar-btn').length"


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize("query", ["/vergelijk", "/vergelijk?section=ranking", "/vergelijk?section=gradient&lang=en",
                                   "/trends", "/trends?section=indicators&lang=en", "/programmas"])
def test_the_mode_bar_lies_on_no_title_or_legend(browser, app_url, artifacts, query, screen):
    """On a phone plotly's mode bar (camera, zoom, pan, …) lay on /vergelijk's title "Vergeleken gebieden ·
    Percentage (%)" and made it unreadable: a chart box narrower than 600 px draws no mode bar (plotchart.js); a
    desktop keeps it, clear of the texts."""
    from tests.test_layout_browser import PHONE_UA

    phone = screen == "phone"
    context = browser.new_context(**({"viewport": {"width": 390, "height": 844}, "user_agent": PHONE_UA,
                                      "is_mobile": True, "has_touch": True} if phone
                                     else {"viewport": {"width": 1400, "height": 900}}))
    page = context.new_page()
    page.goto(f"{app_url}{query}")
    settle(page)
    _charts(page, 1)
    page.locator(".wijk-plot").first.hover()  # the bar fades in (on a phone: a tap)
    page.wait_for_timeout(300)
    page.locator(".wijk-plot").first.screenshot(
        path=str(artifacts / f"plotchart_modebar_{screen}_{query.strip('/').replace('?', '_').replace('&', '_')}.png"))
    assert not page.evaluate(MODE_BAR_ON_TEXT), page.evaluate(MODE_BAR_ON_TEXT)
    assert (page.evaluate(MODE_BARS) > 0) != phone  # a desktop keeps its zoom and download
    context.close()
