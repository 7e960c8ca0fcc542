"""/presentatie in headless Chromium: fast presses on a presenter's remote (or fast clicks on the buttons) each move
one slide. Each press used to carry the slide it led to, fixed in the run that drew it, and presses that came
before the next run had finished led to the same slide (four PageDowns ~100 ms apart landed on 4 / 10, not 5 / 10).
At the end the counter, the slide drawn and the URL agree (a reload shows the same slide)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pres_browser import COUNTER, IDLE, PAGER

pytestmark = pytest.mark.browser

TITLE = "[data-testid='pres-title']"
SLIDES = 10


def _settled(page) -> str:
    """Wait until the presses have been taken (the page quiet for a while), then the counter's text."""
    for _ in range(3):  # a press still on its way starts another run
        page.wait_for_timeout(700)
        page.wait_for_selector(IDLE, timeout=60_000)
    return page.inner_text(COUNTER).strip()


def _presses(page, key: str, n: int, gap_ms: int) -> None:
    for _ in range(n):
        page.keyboard.press(key)
        if gap_ms:
            page.wait_for_timeout(gap_ms)


def _burst(page, key: str, n: int) -> None:
    """`n` presses of `key` in one go: all of them before the page hears back from the server."""
    page.evaluate("""([key, n]) => { for (let i = 0; i < n; i++) {
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key, code: key, bubbles: true}));
        document.activeElement.dispatchEvent(new KeyboardEvent('keyup', {key, code: key, bubbles: true})); } }""",
                  [key, n])


def _clicks(page, key: str, n: int) -> None:
    """`n` clicks on a navigation button in one go, before the page hears back from the server."""
    page.locator(f".st-key-{key} button").evaluate("(button, n) => { for (let i = 0; i < n; i++) button.click(); }",
                                                     n)


def _at(page, number: int, shot: Path | None = None) -> None:
    """The counter reads `number`, the URL says it, and a reload (a new session, from the URL) draws the same.
    `shot`: a screenshot of the slide before the reload, its chart drawn."""
    assert _settled(page) == f"{number} / {SLIDES}"
    assert re.search(rf"[?&]slide={number}(&|$)", page.url) or (number == 1 and "slide=" not in page.url), page.url
    title = page.inner_text(TITLE)
    if shot is not None:
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
        page.wait_for_timeout(700)  # plotly sizes itself to its box after the first paint
        page.screenshot(path=str(shot))
    page.reload()
    page.wait_for_function(f"document.querySelector(\"{COUNTER}\")?.innerText.trim() === '{number} / {SLIDES}'",
                           timeout=90_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    assert page.inner_text(TITLE) == title
    page.wait_for_selector(PAGER, state="attached", timeout=60_000)


def _open(page, url: str) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(url)
    page.wait_for_selector(COUNTER, timeout=90_000)
    page.wait_for_selector(PAGER, state="attached", timeout=60_000)
    _settled(page)


@pytest.mark.parametrize("gap_ms", [100, 0], ids=["100ms", "at-once"])
def test_fast_key_presses_move_one_slide_each(page, app_url, artifacts, gap_ms):
    _open(page, f"{app_url}/presentatie")
    _presses(page, "PageDown", 4, gap_ms)
    _at(page, 5, artifacts / f"presentatie_presses_{gap_ms}ms_1024.png")  # slide 5: a chart
    _presses(page, "PageUp", 3, gap_ms)
    _at(page, 2)
    _presses(page, "ArrowRight", 12, gap_ms)  # past the end: the last slide
    _at(page, SLIDES)
    _presses(page, "ArrowLeft", 2, gap_ms)
    _at(page, SLIDES - 2)


def test_fast_clicks_on_the_buttons_move_one_slide_each(page, app_url):
    _open(page, f"{app_url}/presentatie?slide=2")
    _clicks(page, "pres_next", 4)
    _at(page, 6)
    _clicks(page, "pres_prev", 3)
    _at(page, 3)


def test_a_burst_of_key_presses_moves_one_slide_each(page, app_url):
    _open(page, f"{app_url}/presentatie?slide=3")
    _burst(page, "PageDown", 4)
    _at(page, 7)
    _burst(page, "PageUp", 5)
    _at(page, 2)
    _burst(page, "ArrowRight", 20)
    _at(page, SLIDES)


def test_space_moves_on_shift_space_back_and_a_focused_field_keeps_space(page, app_url):
    """Space and Shift+Space as in PowerPoint (and on many remotes), also on the focused header of the controls
    (Enter unfolds them) and on a focused tab (Enter selects it); in the story's select box Space is typed and moves
    no slide."""
    _open(page, f"{app_url}/presentatie?slide=2")
    _presses(page, "Space", 2, 300)
    _at(page, 4)
    _presses(page, "Shift+Space", 1, 0)
    _at(page, 3)
    header = page.locator(".st-key-pres_controls_open summary")
    header.focus()
    page.keyboard.press("Space")
    assert _settled(page) == f"4 / {SLIDES}"
    header.focus()
    page.keyboard.press("Enter")
    page.locator(".st-key-pres_make_pptx button").wait_for(state="visible", timeout=60_000)
    builder = page.get_by_role("tab", name="Verhaal maken")
    builder.focus()
    page.keyboard.press("Space")  # the tab list took Space for itself (its handler runs before the page's)
    assert _settled(page) == f"5 / {SLIDES}" and builder.get_attribute("aria-selected") == "false"
    box = page.locator(".st-key-pres_story_pick input")
    box.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Space")
    assert _settled(page) == f"5 / {SLIDES}"

def _press_on(page, key: str, press: str) -> str:
    """Focus the navigation button with widget key `key`, press `press` on it; the counter once settled."""
    page.locator(f".st-key-{key} button").focus()
    page.keyboard.press(press)
    return _settled(page)


def test_shift_space_goes_back_and_space_on_once_whichever_button_has_focus(page, app_url):
    """A presenter who clicked Next (or Previous) leaves it focused, and the browser pressed a focused button on Space
    with or without Shift: Shift+Space on Next moved forward, Space on Previous moved back. The pager takes Space and
    Shift+Space before the button does, and Space on Next moves once, not twice."""
    _open(page, f"{app_url}/presentatie?slide=4")
    assert _press_on(page, "pres_next", "Shift+Space") == f"3 / {SLIDES}"
    assert _press_on(page, "pres_next", "Space") == f"4 / {SLIDES}"
    assert _press_on(page, "pres_prev", "Space") == f"5 / {SLIDES}"
    assert _press_on(page, "pres_prev", "Shift+Space") == f"4 / {SLIDES}"
    _at(page, 4)
