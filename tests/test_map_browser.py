"""The map in headless Chromium: drawn, legend follows the indicator, click selects, URL restores the view."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# The map is the areamap component (ui/components/areamap): a canvas in an iframe; geometry fetched once.
MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"


def open_map(page, url: str) -> None:
    page.goto(url)
    # The component marks its <body> once it has drawn a rerun's colours with the geometry loaded.
    page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    page.wait_for_selector(".legend", timeout=60_000)


def chosen_area(page, label: str) -> str:
    """The area the area picker shows as chosen (its visible value, not the URL)."""
    return page.get_by_role("combobox", name=label, exact=True).input_value().strip()


def canvas_colours(page) -> int:
    """Distinct colours on the map canvas (a blank or black canvas has one or two)."""
    shot = page.locator(MAP_FRAME).screenshot()
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(shot)).convert("RGB").resize((120, 120))
    return len(set(image.getdata()))


def test_map_is_drawn_and_legend_follows_indicator(page, app_url, artifacts):
    open_map(page, app_url)
    assert canvas_colours(page) > 6
    before = page.locator(".legend").inner_text()
    assert "geen gegevens" in before and "%" in before
    page.screenshot(path=str(artifacts / "map_wijk_nl.png"), full_page=True)
    open_map(page, f"{app_url}/?indicator=aant_inw")
    after = page.locator(".legend").inner_text()
    assert after != before and "%" not in after.split("geen gegevens")[0]


def test_click_on_schildersbuurt_selects_it(page, app_url, artifacts):
    open_map(page, app_url)
    box = page.locator(MAP_FRAME).bounding_box()
    # Find the Schildersbuurt polygon by hovering: the tooltip names the area under the mouse.
    target = None
    for fx in [i / 20 for i in range(4, 17)]:
        for fy in [i / 20 for i in range(4, 17)]:
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(60)
            tip = page.frame_locator(MAP_FRAME).locator(".map-tooltip")
            if tip.count() and tip.first.is_visible() and tip.first.inner_text().startswith("Schildersbuurt\n"):
                target = (box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                break
        if target:
            break
    assert target, "no point of the map showed the Schildersbuurt tooltip"
    page.mouse.click(*target)
    # Drawn as selected at once (#19: click → selection drawn), before the page's answer to the click arrives ...
    frame = page.frame_locator(MAP_FRAME).locator("body")
    frame.evaluate("() => new Promise(r => { const w = () => window.__areamapSelected?.code === 'WK051829' ? r() "
                   ": requestAnimationFrame(w); w(); })")
    page.wait_for_function("() => location.search.includes('area=WK051829')", timeout=30_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=30_000)
    drawn, click = frame.evaluate("() => [window.__areamapSelected, window.__areamapClick]")
    assert drawn["code"] == click["code"] == "WK051829" and drawn["t"] - click["t"] < 1_000
    page.wait_for_timeout(500)  # ... and kept once the page answered (its render carries the same selection)
    assert frame.evaluate("() => window.__areamapSelected.code") == "WK051829"
    page.wait_for_selector("a:has-text('Bekijk het profiel van Schildersbuurt')", timeout=30_000)
    # the map stayed where it was: the legend's line for the selection was there before (a click that moved the map
    # down left the pointer over another area)
    assert abs(page.locator(MAP_FRAME).bounding_box()["y"] - box["y"]) <= 1
    page.screenshot(path=str(artifacts / "map_selected_schildersbuurt.png"), full_page=True)
    # a reload (or the link opened elsewhere) brings the selection back
    open_map(page, page.url)
    assert "area=WK051829" in page.url
    assert chosen_area(page, "Kies een gebied") == "Schildersbuurt"
    assert frame.evaluate("() => [window.__areamapSelected.code, window.__areamapClick]") == ["WK051829", None]
    assert page.locator("a:has-text('Bekijk het profiel van Schildersbuurt')").count() == 1


def test_url_restores_the_view(page, app_url):
    open_map(page, f"{app_url}/?indicator=overgewicht&level=buurt&year=2016&mode=gap_city&lang=en&area=BU05183637")
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Overweight" in body or "overweight" in body
    assert "2016" in body and "Difference from The Hague" in body
    assert "neighbourhoods" in body  # buurt level in the ranked lists
    assert re.search(r"indicator=overgewicht", page.url) and "level=buurt" in page.url
    assert "area=BU05183637" in page.url and chosen_area(page, "Choose an area") == "Moerwijk-West"
    assert page.locator("a:has-text('Open the profile of Moerwijk-West')").count() == 1


def test_bad_url_parameter_shows_a_notice(page, app_url):
    open_map(page, f"{app_url}/?indicator=does_not_exist")
    assert "does_not_exist" in page.locator("[data-testid='stAlert']").first.inner_text()


def test_the_tooltip_never_covers_the_zoom_buttons_on_a_phone(page, app_url, artifacts):
    """On a 390 px phone a tooltip as wide as the map lay under the zoom buttons, which covered its text (and it
    theirs). Hovered over a grid of points (the right edge most), no tooltip meets a button."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, f"{app_url}/?level=buurt&lang=en")
    frame = page.frame_locator(MAP_FRAME)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    box = page.locator(MAP_FRAME).bounding_box()
    meets = """() => { const t = document.querySelector('.map-tooltip').getBoundingClientRect();
      return [...document.querySelectorAll('.map-zoom button')].map(b => b.getBoundingClientRect())
        .some(b => t.left < b.right && b.left < t.right && t.top < b.bottom && b.top < t.bottom); }"""
    shown = 0
    for fx in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):
        for fy in (0.05, 0.1, 0.2, 0.35, 0.5):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(40)
            tip = frame.locator(".map-tooltip")
            if not tip.is_visible():
                continue
            shown += 1
            if frame.locator("body").evaluate(meets):
                page.screenshot(path=str(artifacts / "map_phone_tooltip_on_buttons.png"))
                raise AssertionError(f"the tooltip meets a zoom button at ({fx}, {fy})")
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.2)
    page.screenshot(path=str(artifacts / "map_phone_tooltip.png"))
    assert shown >= 5, "hardly any tooltip shown: the grid missed the map"
