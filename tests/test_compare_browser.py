"""Browser test of /vergelijk: the comparison's CSV download holds the chosen areas and their source."""
from __future__ import annotations

import io

import pandas as pd
import pytest

pytestmark = pytest.mark.browser

AREAS = ["WK051836", "WK051838", "WK051804"]


def open_page(page, app_url: str, query: str) -> None:
    page.goto(f"{app_url}/vergelijk?{query}")  # a deep link on a fresh server: the router must still run
    page.get_by_text("Nederlands", exact=True).first.wait_for(timeout=60_000)  # the router's shared sidebar
    page.get_by_role("tab", name="Gebieden vergelijken").wait_for(timeout=60_000)


def test_comparison_csv_holds_the_chosen_areas_and_a_source_column(mirror, app_url, page, artifacts):
    open_page(page, app_url, "areas=" + ",".join(AREAS))
    # The comparison's own button (its key cmp_dl_compare_csv), not whichever section's button is drawn first.
    button = page.locator(".st-key-cmp_dl_compare_csv").get_by_role("button", name="Download CSV")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    path = artifacts / f"compare_{download.suggested_filename}"
    download.save_as(path)
    # a Dutch page: ';' and decimal ',' (Dutch Excel opens it in columns), Dutch headers, numbers as numbers
    frame = pd.read_csv(io.StringIO(path.read_text(encoding="utf-8-sig")), sep=";", decimal=",",
                        dtype={"Gebiedscode": str})
    assert {"Gebiedscode", "Gebied", "Indicator-id", "Jaar", "Leeftijd", "Waarde", "Eenheid", "Brontabel",
            "Licentie"} <= set(frame.columns)
    assert pd.api.types.is_float_dtype(frame["Waarde"])
    chosen = frame[frame["Niveau"] == "wijk"]
    assert list(dict.fromkeys(chosen["Gebiedscode"])) == AREAS
    assert "Moerwijk" in set(chosen["Gebied"])
    assert set(frame["Brontabel"]) == {"50090NED"} and set(frame["Licentie"]) == {"CC BY 4.0"}
    assert {"GM0518", "NL01"} <= set(frame["Gebiedscode"])  # the lines shown in the chart come along
    page.screenshot(path=str(artifacts / "vergelijk.png"), full_page=True)


def test_more_than_eight_areas_shows_a_notice(mirror, app_url, page):
    codes = ["WK051836", "WK051838", "WK051833", "WK051834", "WK051829", "WK051830", "WK051804", "WK051813",
             "WK051801"]
    open_page(page, app_url, "areas=" + ",".join(codes))
    alert = page.locator("[data-testid='stAlert']", has_text="WK051801").first
    alert.wait_for(timeout=30_000)
    assert "areas" in alert.inner_text()


def test_bivariate_map_is_drawn_with_tooltips_and_ignores_clicks(mirror, app_url, page, artifacts):
    """The bivariate map is the map page's canvas component (no deck.gl), in the gradient's tab: opened by a click,
    which puts it in the URL, so a reload opens it again. Drawn in the nine class colours, a tooltip names the
    area's class, and a click selects nothing (the map has no selection to offer)."""
    from tests.test_map_browser import MAP_FRAME, canvas_colours

    open_page(page, app_url, "level=buurt")
    frame = page.frame_locator(MAP_FRAME)
    assert not page.locator(MAP_FRAME).count()  # a closed tab is not drawn
    page.get_by_role("tab", name="Sociale gradiënt in gezondheid").click()
    page.wait_for_url("**section=gradient**", timeout=60_000)
    frame.locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    assert not page.locator(".st-key-w_areas").count()  # the first tab's pickers are gone with it
    page.reload()
    frame.locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    assert page.get_by_role("tab", name="Sociale gradiënt in gezondheid").get_attribute("aria-selected") == "true"
    assert not page.locator("[data-testid='stDeckGlJsonChart']").count()
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    assert canvas_colours(page) > 6
    box = page.locator(MAP_FRAME).bounding_box()
    tip = frame.locator(".map-tooltip")
    shown = ""
    for fx, fy in [(0.5, 0.5), (0.4, 0.6), (0.6, 0.4), (0.45, 0.45), (0.55, 0.55)]:
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
        page.wait_for_timeout(100)
        if tip.is_visible():
            shown = tip.inner_text()
            break
    assert "Klasse" in shown or "geen gegevens" in shown, shown
    assert "hovering" not in (frame.locator("#map").get_attribute("class") or "")  # no pointer: nothing to click
    page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    page.wait_for_timeout(300)
    assert page.locator(MAP_FRAME).evaluate("f => f.contentWindow.__areamapClick ?? null") is None
    page.screenshot(path=str(artifacts / "vergelijk_bivariate_buurt.png"), full_page=True)


# Text an element cuts with an ellipsis: its content is wider than its box.
CUT = """els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_download_buttons_read_in_full_on_a_beamer(mirror, app_url, page, artifacts, lang):
    """At 1024×768 every download button of the page (ui.widgets.download_buttons, shared by every page) names its
    file type in full: in columns of a fifth of the page they read "Download …"."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{app_url}/vergelijk?gemeente=GM0503&lang={lang}&section=ranking")
    ranking = page.locator(".st-key-cmp_dl_rank_csv_xlsx button")
    ranking.wait_for(timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    assert buttons.count() >= 2
    assert buttons.locator("*").evaluate_all(CUT) == []
    assert "Excel" in ranking.inner_text() and "CSV" in page.locator(".st-key-cmp_dl_rank_csv button").inner_text()
    ranking.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"compare_downloads_beamer_{lang}.png"))
