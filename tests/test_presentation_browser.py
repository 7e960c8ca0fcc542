"""/presentatie in headless Chromium: full screen without sidebar, the keyboard moves the slides (arrow keys and
Page Up / Page Down, as presenter remotes send) and the counter and the URL follow, a link reopens the slide, and
the story downloads as a PowerPoint that python-pptx opens."""
from __future__ import annotations

import re

import pytest
from pptx import Presentation

from tests.pres_browser import PAGER

pytestmark = pytest.mark.browser

COUNTER = "[data-testid='pres-counter']"
TITLE = "[data-testid='pres-title']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _wait_counter(page, text: str) -> None:
    """Until the counter reads `text` and the script has finished (the keys are listened for)."""
    page.wait_for_function(f"document.querySelector(\"{COUNTER}\")?.innerText.trim() === '{text}'",
                           timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    page.wait_for_selector(PAGER, state="attached", timeout=60_000)


def _press(page, key: str, expected: str) -> None:
    page.keyboard.press(key)
    _wait_counter(page, expected)


def test_keyboard_moves_the_slides_and_the_url_follows(page, app_url, artifacts):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app_url}/presentatie")
    page.wait_for_selector(COUNTER, timeout=90_000)
    _wait_counter(page, "1 / 10")
    assert page.locator("section[data-testid='stSidebar']").is_hidden()
    first = page.inner_text(TITLE)
    assert first == "Acht jaar korter, 24 jaar minder gezond"

    _press(page, "ArrowRight", "2 / 10")
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg", timeout=60_000)
    assert page.inner_text(TITLE).startswith("Ervaren gezondheid") and page.inner_text(TITLE) != first
    page.wait_for_url(re.compile(r"slide=2"), timeout=30_000)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "presentatie_1920.png"))

    _press(page, "PageDown", "3 / 10")
    assert page.inner_text(TITLE).startswith("Moeite met rondkomen")
    _press(page, "PageUp", "2 / 10")
    _press(page, "ArrowLeft", "1 / 10")

    page.goto(f"{app_url}/presentatie?slide=7&lang=en")  # a link reopens the slide
    page.wait_for_selector(COUNTER, timeout=90_000)
    _wait_counter(page, "7 / 10")
    assert page.inner_text(TITLE) == "Combined lifestyle intervention (GLI)"


def test_story_downloads_as_pptx(page, app_url, tmp_path):
    page.goto(f"{app_url}/presentatie?slide=2")
    page.wait_for_selector(COUNTER, timeout=90_000)
    _wait_counter(page, "2 / 10")
    page.get_by_text("Verhaal kiezen, exporteren en maken").click()
    make = page.locator(".st-key-pres_make_pptx button")
    make.wait_for(state="visible", timeout=60_000)
    make.click()
    page.wait_for_selector(".st-key-pres_download button", timeout=240_000)  # includes starting kaleido's browser
    with page.expect_download(timeout=60_000) as info:
        page.locator(".st-key-pres_download button").click()
    download = info.value
    assert download.suggested_filename == "breed_overleg_nl.pptx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    deck = Presentation(str(path))
    assert len(deck.slides) == 11
    assert deck.slides[0].shapes.title.text == "De gezondheidskloof in Zuidwest en Laak"
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
