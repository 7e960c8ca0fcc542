"""The map page in headless Chromium: selection mark, wheel and zoom buttons, modes, layout at three sizes."""
from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from ui.components.areamap import FOCUS_COLOUR, SELECTED_COLOUR

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[data-testid='stCustomComponentV1']"
MOERWIJK = "WK051836"  # a focus area: its focus outline and its selection mark lie on the same edges


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def open_map(page, url: str) -> None:
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator("body[data-drawn] canvas").wait_for(timeout=60_000)
    page.wait_for_selector(".legend", timeout=60_000)
    settled(page)


def settled(page) -> None:
    """Wait until the map stops changing: the frame takes the height its areas need and fits them again."""
    last = None
    for _ in range(20):
        page.wait_for_timeout(250)
        now = (page.locator(MAP_FRAME).bounding_box()["height"], map_state(page)["zoom"])
        if now == last:
            return
        last = now


def count_pixels(page, colour: tuple[int, int, int], tolerance: int = 40) -> int:
    """Pixels of the map canvas within `tolerance` (summed over r, g, b) of a colour."""
    frame = page.frame_locator(MAP_FRAME)
    image = Image.open(BytesIO(frame.locator("canvas").screenshot())).convert("RGB")
    return sum(1 for px in image.getdata() if sum(abs(a - b) for a, b in zip(px, colour)) <= tolerance)


def map_state(page) -> dict:
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    return frame.evaluate("() => ({zoom: parseFloat(document.body.dataset.zoom), drawn: document.body.dataset.drawn})")


def zoom_becomes(page, expected: float) -> float:
    """The map's zoom once it is `expected` (polled for up to 5 s: a slow machine draws later), else as it is."""
    for _ in range(50):
        zoom = map_state(page)["zoom"]
        if zoom == pytest.approx(expected, abs=1e-3):
            break
        page.wait_for_timeout(100)
    return zoom


def scroll_position(page) -> int:
    """Where the page is scrolled: the window or Streamlit's main scroll container, whichever moves."""
    return page.evaluate("""() => Math.max(window.scrollY, ...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')].map(e => e.scrollTop))""")


# --- the selected area ------------------------------------------------------------------------------------------
def test_selected_area_has_its_own_mark_above_the_focus_outlines(page, app_url, artifacts):
    magenta, focus = rgb(SELECTED_COLOUR), rgb(FOCUS_COLOUR)
    assert sum(abs(a - b) for a, b in zip(magenta, focus)) > 200  # not a shade of the focus outline
    open_map(page, f"{app_url}/?level=wijk")
    assert count_pixels(page, magenta) == 0  # nothing selected: no mark (and no class colour looks like it)
    assert count_pixels(page, focus) > 200  # the focus outlines are on by default
    open_map(page, f"{app_url}/?level=wijk&area={MOERWIJK}")
    page.screenshot(path=str(artifacts / "map_selected_moerwijk_focus_on.png"))
    with_focus = count_pixels(page, magenta)
    assert with_focus > 300, with_focus
    legend = page.locator(".legend").inner_text()
    assert "gekozen gebied (Moerwijk)" in legend and "focusgebied" in legend
    page.get_by_text("Focusgebieden omlijnen").click()  # focus outlines off: the mark must not grow (it was on top)
    page.wait_for_function("() => location.search.includes('focus=')", timeout=15_000)
    page.wait_for_timeout(1000)
    settled(page)
    without_focus = count_pixels(page, magenta)
    assert with_focus >= 0.9 * without_focus, (with_focus, without_focus)


# --- the wheel and the zoom buttons -----------------------------------------------------------------------------
def test_wheel_over_the_map_scrolls_the_page_and_buttons_zoom(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    open_map(page, app_url)
    box = page.locator(MAP_FRAME).bounding_box()
    start = map_state(page)["zoom"]
    before = scroll_position(page)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 300))
    for _ in range(3):
        page.mouse.wheel(0, 200)
        page.wait_for_timeout(150)
    page.wait_for_timeout(500)
    assert scroll_position(page) > before, "the wheel over the map did not scroll the page"
    assert map_state(page)["zoom"] == start, "the wheel alone zoomed the map"

    frame = page.frame_locator(MAP_FRAME)
    frame.get_by_role("button", name="Inzoomen").click()
    assert zoom_becomes(page, start + 1) == pytest.approx(start + 1, abs=1e-3)
    frame.get_by_role("button", name="Uitzoomen").click()
    frame.get_by_role("button", name="Uitzoomen").click()
    assert zoom_becomes(page, start - 1) == pytest.approx(start - 1, abs=1e-3)
    frame.get_by_role("button", name="Hele kaart tonen").click()
    assert zoom_becomes(page, start) == pytest.approx(start, abs=1e-3)


def test_ctrl_wheel_zooms_and_lines_keep_their_width(page, app_url):
    open_map(page, f"{app_url}/?level=wijk")
    box = page.locator(MAP_FRAME).bounding_box()
    start = map_state(page)["zoom"]
    focus_before = count_pixels(page, rgb(FOCUS_COLOUR))
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -250)
    page.keyboard.up("Control")
    page.wait_for_timeout(400)
    zoomed = map_state(page)["zoom"]
    assert zoomed > start + 0.5, (start, zoomed)
    # Outlines keep their width on screen: zoomed in, the focus lines are longer but not bands (at most the
    # zoom factor more pixels, as a line of fixed width; a width in metres grows with the square).
    factor = 2 ** (zoomed - start)
    assert count_pixels(page, rgb(FOCUS_COLOUR)) < focus_before * factor * 1.3


# --- modes that would draw a grey map -----------------------------------------------------------------------------
def test_indicator_without_nl_value_does_not_offer_gap_with_the_netherlands(page, app_url):
    open_map(page, f"{app_url}/?indicator=gemiddeld_inkomen_per_inwoner&mode=gap_nl")
    main = page.locator("[data-testid='stMain']")
    radios = main.locator("[data-testid='stRadio']").first
    assert "Verschil met Nederland" not in radios.inner_text()
    text = main.inner_text()
    assert "kan voor deze indicator niet" in text  # the link's mode: a notice, then the value
    assert "geen landelijk cijfer" in text  # one line says why the mode is missing
    page.wait_for_function("() => !location.search.includes('mode=gap_nl')", timeout=15_000)


# --- layout: legend in the first screen, map first on a phone ---------------------------------------------------
@pytest.mark.parametrize("width,height", [(1280, 720), (1024, 768), (1600, 900)])
def test_legend_is_in_the_first_screen(page, app_url, artifacts, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_map(page, f"{app_url}/?area={MOERWIJK}")
    legend = page.locator(".legend").bounding_box()
    page.screenshot(path=str(artifacts / f"map_layout_{width}x{height}.png"))
    assert legend["y"] + legend["height"] <= 720, legend
    assert legend["x"] + legend["width"] <= width


def test_phone_map_fits_the_width_right_after_the_title(browser, app_url, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        open_map(page, app_url)
        page.screenshot(path=str(artifacts / "map_phone_390x844.png"))
        frame = page.locator(MAP_FRAME).bounding_box()
        title = page.locator("[data-testid='stMain'] h1").first.bounding_box()
        picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.bounding_box()
        assert frame["x"] >= 0 and frame["x"] + frame["width"] <= 390, frame
        assert title["y"] < frame["y"] < picker["y"], (title, frame, picker)
        assert frame["y"] < 844  # it starts on the first screen
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # nothing runs off the edge
    finally:
        context.close()
