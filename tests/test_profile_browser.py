"""Browser test: the map's selection opens the area profile, which shows the area's name and the spine chart."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

TIMEOUT = 60_000


def test_profile_opened_from_the_map_selection(app_url, page, artifacts):
    page.goto(f"{app_url}/?area=WK051836")  # the map with Moerwijk selected
    link = page.get_by_role("link", name="Bekijk het profiel van Moerwijk")
    link.wait_for(timeout=TIMEOUT)
    link.click()
    page.wait_for_url(re.compile(r"/profiel\?.*area=WK051836"), timeout=TIMEOUT)
    heading = page.get_by_role("heading", name="Profiel van Moerwijk", level=1)
    heading.wait_for(timeout=TIMEOUT)
    spine = page.locator(".st-key-prof_spine table.spine")
    spine.wait_for(timeout=TIMEOUT)
    row = spine.locator("tr.sp-row", has=page.get_by_role("rowheader", name="Overgewicht 2020", exact=True))
    tip = row.locator(".sp-tip")
    assert not tip.is_visible()
    row.focus()  # keyboard (and hover) shows the row's details, as plotly's hover did
    assert tip.is_visible() and "Moerwijk: 55,9%" in tip.inner_text() and "Slechter dan Den Haag" in tip.inner_text()
    marker = row.locator(".sp-m.worse").bounding_box()
    city = row.locator(".sp-city").bounding_box()
    assert marker["x"] + marker["width"] < city["x"]  # worse than Den Haag: left of its tick
    assert page.locator(".spine-legend").first.inner_text().count("Moerwijk") >= 3
    assert page.get_by_role("img", name="Moerwijk").count() == 1  # the locator map (an SVG image)
    page.screenshot(path=str(artifacts / "profile_moerwijk.png"), full_page=True)


def test_buurt_chip_and_unknown_area_notice(app_url, page):
    page.goto(f"{app_url}/profiel?area=WK051836&lang=en")
    page.get_by_role("heading", name="Profile of Moerwijk", level=1).wait_for(timeout=TIMEOUT)
    captions = page.locator(".st-key-prof_spine table.spine caption")
    captions.filter(has_text="Spine chart of Moerwijk:").wait_for(state="attached", timeout=TIMEOUT)
    page.get_by_role("radio", name="Moerwijk-Oost").click()  # a chip of "Neighbourhoods in Moerwijk:"
    page.get_by_role("heading", name="Profile of Moerwijk-Oost", level=1).wait_for(timeout=TIMEOUT)
    page.wait_for_url(re.compile(r"area=BU05183620"), timeout=TIMEOUT)
    # the spine (ui.components.trusted_html) is the new area's, not the one it showed before
    captions.filter(has_text="Spine chart of Moerwijk-Oost:").wait_for(state="attached", timeout=TIMEOUT)
    assert captions.count() == 1

    page.goto(f"{app_url}/profiel?area=WK051899")
    page.get_by_role("heading", name="Profiel van Den Haag", level=1).wait_for(timeout=TIMEOUT)
    page.get_by_text("WK051899", exact=False).first.wait_for(timeout=TIMEOUT)  # the notice names the bad code


# Text an element cuts with an ellipsis: its content is wider than its box.
CUT = """els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_key_figures_and_buurt_names_are_whole_on_a_beamer(app_url, page, artifacts, lang):
    """At 1024×768 (a beamer) every key figure's label and value and every buurt chip's name reads in full, the
    chips wrapped onto rows, not a row to scroll sideways."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/profiel?area=WK051836&lang={lang}")
    page.locator(".st-key-prof_spine table.spine").wait_for(timeout=TIMEOUT)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT)
    figures = page.locator(".key-figures dl > div")
    figures.nth(3).wait_for(timeout=TIMEOUT)
    assert figures.count() == 4
    boxes = figures.evaluate_all("els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.top])")
    assert boxes[0][1] == boxes[1][1] < boxes[2][1] == boxes[3][1], boxes  # two rows of two
    texts = page.locator(".key-figures *, .stButton button p, .stButton button div, "
                         "[data-testid='stButtonGroup'] [role='radiogroup'], [role='radio'] p").evaluate_all(CUT)
    assert texts == [], texts
    assert "7" in figures.nth(3).inner_text() and "44" in figures.nth(3).inner_text()  # the rank, not "7e va…"
    for name in ("Moerwijk-Noord", "Moerwijk-Oost", "Moerwijk-West", "Moerwijk-Zuid"):
        assert page.get_by_role("radio", name=name, exact=True).is_visible()
    page.screenshot(path=str(artifacts / f"profile_beamer_{lang}.png"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_spine_legend_and_key_figures_fit_a_phone(app_url, page, lang):
    """At 390×844 every item of the spine's legend and every key figure lies within the screen (each is kept whole,
    so one that is too long runs past the edge instead of wrapping)."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/profiel?area=WK051836&lang={lang}")
    items = page.locator(".spine-legend > span")
    items.last.wait_for(timeout=TIMEOUT)
    rights = items.evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().right))")
    assert len(rights) >= 9 and max(rights) <= 390, rights
    figures = page.locator(".key-figures dt, .key-figures dd")
    rights = figures.evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().right))")
    assert len(rights) >= 9 and max(rights) <= 390, rights  # 4 labels, 4 values, a change and a rank's note
    assert figures.evaluate_all(CUT) == []


# The spine's table against its frame: how wide each is, and the cells cut at the frame's edge or within themselves.
SPINE_FIT = """() => { const wrap = document.querySelector('.spine-wrap'), table = wrap.querySelector('table.spine');
  const edge = wrap.getBoundingClientRect().right;
  const cut = [...table.querySelectorAll('th, td')].filter(
    c => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > edge + 1);
  return {table: table.scrollWidth, frame: wrap.clientWidth, cut: cut.map(c => c.innerText.trim()).filter(Boolean)}; }"""


# Until the spine's frame is near the screen its rows are skipped (content-visibility): no width, no innerText. The
# figures above would then be measured on nothing and pass; CI once read 120 empty cells right after the scroll.
LAID_OUT = """() => { const wrap = document.querySelector('.spine-wrap');
  return wrap.checkVisibility({contentVisibilityAuto: true})
    && wrap.querySelector('tr.sp-row td.num').innerText.trim() !== ''; }"""


def _spine_fit(page, screen: dict, url: str) -> dict:
    """SPINE_FIT of the profile at `url` on a screen of `screen`'s size, once the table is laid out."""
    page.set_viewport_size(screen)
    page.goto(url)
    table = page.locator(".st-key-prof_spine table.spine")
    table.wait_for(timeout=TIMEOUT)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT)
    table.scroll_into_view_if_needed()  # laid out near the screen (content-visibility) ...
    page.wait_for_function(LAID_OUT, timeout=TIMEOUT)  # ... in a frame after the scroll, not at once
    return page.evaluate(SPINE_FIT)


@pytest.mark.parametrize("area", ["WK051836", "WK051801"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_spine_table_fits_a_beamer_beside_the_sidebar(app_url, page, artifacts, lang, area):
    """At 1024×768, the sidebar open, the Dutch table was 580 px wide in a 564 px frame ('arbeidsongeschiktheids-
    uitkering' keeps its label column wide): the 'Trend' heading read 'Trer' and the ⚠ flags were half hidden
    unless one scrolled sideways. The cells' padding, the bar's least width and the axis' heading give way now."""
    got = _spine_fit(page, {"width": 1024, "height": 768}, f"{app_url}/profiel?area={area}&lang={lang}")
    page.locator(".st-key-prof_spine table.spine thead").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"profile_spine_beamer_{lang}_{area}.png"))
    assert got["table"] <= got["frame"], got  # nothing to scroll sideways
    assert got["cut"] == [], got["cut"][:8]


@pytest.mark.parametrize("area", ["", "&area=WK051836"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_spine_table_fits_a_phone_with_every_value_whole(app_url, page, artifacts, lang, area):
    """At 390 px the table of all indicators was 472 px wide in a 358 px frame: the city's '566.221', '6.868 per
    km²' and '27,1 × € 1.000' lost their last characters at its edge, and the reference and trend columns were off
    the screen with no sign that the table scrolls. Each row is two lines there now (charts.spine_html)."""
    got = _spine_fit(page, {"width": 390, "height": 844}, f"{app_url}/profiel?lang={lang}{area}")
    page.screenshot(path=str(artifacts / f"profile_spine_phone_{lang}{area.replace('&area=', '_')}.png"))
    assert got["table"] <= got["frame"], got  # nothing to scroll sideways
    assert got["cut"] == [], got["cut"][:8]
    table = page.locator(".st-key-prof_spine table.spine")
    values = table.locator("tr.sp-row td.num").evaluate_all("els => els.map(e => e.innerText.trim())")
    assert len(values) > 80 and any("km²" in v for v in values), values[:6]  # the density among them, whole
