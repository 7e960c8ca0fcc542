"""Steps on /presentatie in headless Chromium shared by the role and replica tests (issue #17): sign in as a local
account and walk to the presentation inside the app (a reload would start a new session), open the builder,
save the draft, read the counter, and capture / replay what the browser sends over Streamlit's WebSocket."""
from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import nav_link

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

COUNTER = "[data-testid='pres-counter']"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PAGER = ".st-key-pres_pager [data-pager='listening']"  # the remote's keys are counted (ui/components/pager)
CONTROLS = "Verhaal kiezen, exporteren en maken"
# Keeps the page's WebSocket reachable (window.__ws) so a test can send a recorded message again.
KEEP_SOCKET = """(() => { const Orig = window.WebSocket;
  function Kept(...args) { const ws = new Orig(...args); window.__ws = ws; return ws; }
  Kept.prototype = Orig.prototype; Object.assign(Kept, Orig); window.WebSocket = Kept; })();"""


def idle(page) -> None:
    page.wait_for_selector(IDLE, timeout=90_000)


def counter(page, text: str) -> None:
    """Wait until the counter reads `text`; if it never does, say what the page showed instead and keep a
    screenshot of it (in test-artifacts/, named after the time) for the run's record."""
    try:
        page.wait_for_function(f"document.querySelector(\"{COUNTER}\")?.innerText.trim() === '{text}'",
                               timeout=90_000)
    except PlaywrightTimeout:
        shown = page.evaluate(f"document.querySelector(\"{COUNTER}\")?.innerText.trim()")
        picked = page.evaluate("document.querySelector('.st-key-pres_story_pick')?.innerText")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"counter_timeout_{time.strftime('%H%M%S')}.png"
        page.screenshot(path=str(shot), full_page=True)
        raise AssertionError(f"counter never read {text!r}: it read {shown!r}; story box {picked!r}; see {shot}")
    idle(page)


def sign_in_and_present(page, url: str, name: str, password: str) -> None:
    """/inloggen, the name and password, then the sidebar's link to /presentatie (same session)."""
    page.goto(f"{url}/inloggen")
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=90_000)
    page.get_by_label("Naam").fill(name)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector(f"[data-testid='stSidebar'] :text('{name}')", timeout=60_000)
    idle(page)
    nav_link(page, "presentatie").click()
    page.wait_for_selector(COUNTER, timeout=90_000)
    idle(page)


def open_builder(page) -> None:
    """Unfold the controls (unless they are) and show the builder's tab."""
    if not page.get_by_role("tab", name="Verhaal maken").is_visible():
        page.get_by_text(CONTROLS).click()
    page.get_by_role("tab", name="Verhaal maken").click()
    page.wait_for_selector(".st-key-pres_b_present button", timeout=30_000)


def pick_story(page, title: str) -> None:
    """Choose a story in the controls' select box (opened already): typed, then its option clicked (a key press
    on the list can land on another option than the match; a few tries: the box can still be settling after the
    page's last run)."""
    box = page.locator(".st-key-pres_story_pick input")
    option = page.locator(f"[role='option']:has-text('{title}')")
    for _ in range(3):
        idle(page)
        box.click()
        box.fill(title)
        try:
            option.first.click(timeout=10_000)
        except PlaywrightTimeout:
            box.press("Escape")
            continue
        settle(page)
        if title in page.locator(".st-key-pres_story_pick").inner_text():  # the pick was taken (a click on a list
            return                                                       # that a rerun redrew lands nowhere)
    settle(page)


def settle(page) -> None:
    """After a click: give the rerun a moment to start, then wait until it has finished."""
    page.wait_for_timeout(400)
    idle(page)


def save_one_slide_story(page, name: str) -> None:
    """A new story of one slide (a map of the current view) saved under `name`: the builder is open."""
    page.get_by_text("een leeg verhaal").click()
    settle(page)
    page.locator(".st-key-pres_b_reset button").click()
    page.wait_for_selector("text=Nog geen dia's.", timeout=60_000)
    settle(page)
    page.locator(".st-key-pres_b_add button").click()
    page.wait_for_selector("text=Dia's in dit verhaal (1)", timeout=60_000)
    settle(page)
    page.locator(".st-key-pres_b_name input").fill(name)
    page.locator(".st-key-pres_b_name input").press("Enter")
    settle(page)
    page.locator(".st-key-pres_b_save button").click()
    counter(page, "1 / 1")


def record_sent(page) -> list[bytes]:
    """Every message this page sends over its WebSocket from now on (a list that fills as it goes)."""
    sent: list[bytes] = []

    def on_socket(ws) -> None:
        ws.on("framesent", lambda payload: sent.append(payload if isinstance(payload, bytes) else payload.encode()))

    page.on("websocket", on_socket)
    return sent


def replay(page, messages: list[bytes]) -> None:
    """Send recorded messages over this page's own WebSocket (needs KEEP_SOCKET as an init script)."""
    for message in messages:
        page.evaluate("(bytes) => window.__ws.send(new Uint8Array(bytes))", list(message))
        page.wait_for_timeout(300)
        idle(page)
