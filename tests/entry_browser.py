"""Steps on /invoer in headless Chromium shared by the browser tests (issue #18): sign in as a local account the
way a visitor does (router, sidebar link, sign-in form), and fill or read the 'add one count' form.

The form's widgets send a change when they lose focus (text, numbers, dates) or an option is picked, so each step
ends with the field left and the app idle: then the change is in the draft (views.invoer_draft).
"""
from __future__ import annotations

import datetime as dt

SIGNIN_LINK = {"nl": "Inloggen voor invoer", "en": "Sign in for data entry"}
ENTRY_TITLE = {"nl": "Invoer van programmatellingen", "en": "Entering programme counts"}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def idle(page) -> None:
    """The app has run what was sent (a short pause first: the run a change starts may not have begun yet)."""
    page.wait_for_timeout(400)
    page.wait_for_selector(IDLE, timeout=90_000)


def sign_in(page, url: str, name: str, password: str, lang: str = "nl") -> None:
    """From the router's front page through the sidebar's sign-in link to /invoer, signed in."""
    page.goto(f"{url}/?lang={lang}")
    idle(page)
    link = page.locator(f"[data-testid='stSidebar'] a:has-text('{SIGNIN_LINK[lang]}')")
    link.wait_for(timeout=90_000)
    link.click()
    page.get_by_label("Naam" if lang == "nl" else "Name").fill(name)
    page.get_by_label("Wachtwoord" if lang == "nl" else "Password", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen" if lang == "nl" else "Sign in").click()
    page.wait_for_selector(f"h1:has-text('{ENTRY_TITLE[lang]}')", timeout=60_000)
    idle(page)


def _pick(page, key: str, search: str, option: str) -> None:
    """A select box (a combo box): type to narrow it down, click the option."""
    page.locator(f".st-key-{key} input[role='combobox']").click()
    page.keyboard.type(search)
    page.get_by_role("option", name=option, exact=True).click()
    idle(page)


def _date(page, key: str, day: dt.date) -> None:
    """A date field (year, month and day segments): type the digits from the year on, then leave it."""
    page.locator(f".st-key-{key} [role='spinbutton'][data-type='year']").click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.keyboard.press("Tab")
    idle(page)


def _type(page, key: str, text: str) -> None:
    field = page.locator(f".st-key-{key} input")
    field.fill(text)
    field.press("Tab")  # leaving the field sends its value
    idle(page)


def fill_count(page, program: str, area: str, start: dt.date, end: dt.date, value: float, source: str) -> None:
    """Program and area by their names as the pickers show them ('Moerwijk (wijk)'), the period, the number and
    the source."""
    _pick(page, "entry_add_program", program, program)
    _pick(page, "entry_add_area", area.split(" (")[0], area)
    _date(page, "entry_add_start", start)
    _date(page, "entry_add_end", end)
    _type(page, "entry_add_low", f"{value:g}")
    _type(page, "entry_add_source", source)


def form_values(page) -> dict[str, str]:
    """What the form's fields show now (select boxes: the chosen option's text; dates: YYYY-MM-DD)."""
    def value(key: str) -> str:
        return page.locator(f".st-key-{key} input").first.input_value()

    def day(key: str) -> str:
        return "".join(page.locator(f".st-key-{key} [data-testid='stDateInputField']").inner_text().split())

    return {"program": value("entry_add_program"), "area": value("entry_add_area"), "start": day("entry_add_start"),
            "end": day("entry_add_end"), "value": value("entry_add_low"), "source": value("entry_add_source")}


def form_values_once(page, expected: dict[str, str], seconds: float = 10) -> dict[str, str]:
    """form_values as soon as they are `expected`, else as they are after `seconds`: a restored form's fields are
    filled as the browser draws the run's elements, not all in the same frame."""
    for _ in range(int(seconds * 10)):
        shown = form_values(page)
        if shown == expected:
            break
        page.wait_for_timeout(100)
    return shown


def save_count(page) -> str:
    """Click 'Telling opslaan'; the success message's text."""
    page.get_by_role("button", name="Telling opslaan").click()
    message = page.locator("[data-testid='stAlert']:has-text('is opgeslagen')")
    message.wait_for(timeout=60_000)
    idle(page)
    return message.inner_text()
