"""Data entry in headless Chromium: sign in as a local editor, download the template, upload it with one bad row,
see that row's message (and nothing stored), fix the file, confirm, and find the counts in the store. An admin
downloads the audit trail (generated when the button is clicked), formula-safe. A half-filled form comes back
after a reload (its draft, issue #18), on a wide screen and on a phone."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from programs import auth
from programs.db import make_sessions, open_store
from programs.models import Count
from programs.users import add_user
from tests.conftest import nav_link, start_streamlit
from tests.text_boxes import CUT_LABELS
from tests.entry_browser import fill_count, form_values, form_values_once, idle, save_count, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "wachtwoord van anna"
ADMIN_PASSWORD = "wachtwoord van beheer"


@pytest.fixture(scope="module")
def entry_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("entry-browser-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", PASSWORD, rounds=auth.BCRYPT_ROUNDS)
        add_user(s, "Beheer", "admin", ADMIN_PASSWORD, rounds=auth.BCRYPT_ROUNDS)
    engine.dispose()
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url, folder
    proc.terminate()
    proc.wait(timeout=10)


def _counts(folder: Path) -> int:
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine)() as s:
        n = s.scalar(select(func.count()).select_from(Count))
    engine.dispose()
    return n


def _stored_draft(folder: Path, user: str) -> dict | None:
    """The account's draft as the store keeps it (what a new session restores)."""
    from programs import drafts

    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine)() as s:
        found = drafts.load_draft(s, user)
    engine.dispose()
    return None if found is None else dict(found.values)


def _upload(page, name: str, data: bytes) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_sign_in_upload_fix_confirm(page, entry_server, artifacts):
    url, folder = entry_server
    page.goto(url)  # the router first (as a visitor would arrive)
    idle(page)
    page.wait_for_selector("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')", timeout=90_000)
    assert nav_link(page, "invoer").count() == 0, "hidden from viewers"
    page.locator("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')").click()
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=60_000)
    page.get_by_label("Naam").fill("anna")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)  # not "Wachtwoord tonen"
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("h1:has-text('Invoer van programmatellingen')", timeout=60_000)
    idle(page)
    assert nav_link(page, "invoer").count() == 1, "shown to editors"
    page.screenshot(path=str(artifacts / "invoer_form_nl.png"), full_page=True)

    page.get_by_role("tab", name="Bestand uploaden").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Sjabloon (CSV)").click()
    template = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(template), delimiter=";"))
    assert header[:2] == ["program", "area"]

    def file_with(bad_value: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for value, year in (("120", 2024), (bad_value, 2020)):  # two periods: two numbers for one would ask first
            cells = {"program": "gli", "area": "Moerwijk", "period_start": f"{year}-01-01",
                     "period_end": f"{year}-12-31", "value_low": value, "qualifier": "exact",
                     "source": "Kwartaalcijfers Hadoks Q4 2024"}
            writer.writerow([cells.get(column, "") for column in header])
        return out.getvalue().encode("utf-8")

    _upload(page, "tellingen.csv", file_with("-7"))
    page.wait_for_selector("text=1 probleem in tellingen.csv", timeout=60_000)
    problems = page.locator("[data-testid='stTable']").inner_text()
    assert "3" in problems and "value_low" in problems
    assert "Een aantal kan niet negatief zijn (ingevuld: -7)." in problems
    page.screenshot(path=str(artifacts / "invoer_upload_problem_nl.png"), full_page=True)
    assert page.get_by_role("button", name="Bevestig: tellingen opslaan").count() == 0
    assert _counts(folder) == 39

    _upload(page, "tellingen.csv", file_with("7"))
    page.wait_for_selector("text=2 rijen gecontroleerd: alles klopt", timeout=60_000)
    assert _counts(folder) == 39, "nothing before the editor confirms"
    page.get_by_role("button", name="Bevestig: tellingen opslaan").click()
    page.wait_for_selector("text=2 tellingen opgeslagen uit tellingen.csv", timeout=60_000)
    idle(page)
    page.screenshot(path=str(artifacts / "invoer_upload_done_nl.png"), full_page=True)
    assert _counts(folder) == 41

    page.get_by_role("tab", name="Geschiedenis en correcties").click()
    page.wait_for_selector("text=Uw laatste wijziging: telling #", timeout=60_000)
    page.screenshot(path=str(artifacts / "invoer_history_nl.png"), full_page=True)


def test_admin_downloads_the_audit_trail(page, entry_server, artifacts):
    url, folder = entry_server
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    with make_sessions(engine).begin() as s:
        from programs import store

        store.correct_count(s, 2, {"source": "=HYPERLINK(\"http://x.invalid\")"}, "Anna", 1, "@test")
    engine.dispose()
    sign_in(page, url, "Beheer", ADMIN_PASSWORD, "en")
    page.get_by_role("tab", name="Administration").click()
    page.screenshot(path=str(artifacts / "invoer_admin_en.png"), full_page=True)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="History (CSV)").click()
    assert info.value.suggested_filename.startswith("history_")  # named in the page's language (English here)
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(rows) >= 40
    (fix,) = [r for r in rows if r["count_id"] == "2" and r["revision"] == "2"]
    assert fix["source"] == "'=HYPERLINK(\"http://x.invalid\")" and fix["reason"] == "'@test"


def test_undo_of_a_whole_upload_restores_the_store_exactly(page, entry_server, artifacts):
    """#18: one step in the browser undoes a whole upload; a checksum of every shown count (all columns) is the same
    before the upload and after the undo, and the undo is in the history (who, why)."""
    from programs import store
    from tests.test_programs_store import counts_checksum

    url, folder = entry_server
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}", seed=False)
    sessions = make_sessions(engine)
    with sessions() as s:
        before = counts_checksum(s)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["program", "area", "period_start", "period_end", "value_low", "source"])
    for n in range(4):
        writer.writerow(["gli", "WK051836", f"{2016 + n}-01-01", f"{2016 + n}-12-31", 900 + n, f"undo test #{n}"])
    sign_in(page, url, "anna", PASSWORD)
    page.get_by_role("tab", name="Bestand uploaden").click()
    _upload(page, "ongedaan.csv", out.getvalue().encode("utf-8"))
    page.wait_for_selector("text=4 rijen gecontroleerd: alles klopt", timeout=60_000)
    page.get_by_role("button", name="Bevestig: tellingen opslaan").click()
    page.wait_for_selector("text=4 tellingen opgeslagen uit ongedaan.csv", timeout=60_000)
    idle(page)
    with sessions() as s:
        assert counts_checksum(s) != before
    page.get_by_text("Eerdere uploads ongedaan maken").click()
    row = page.locator("[data-testid='stMarkdownContainer']:has-text('Upload #'):has-text('ongedaan.csv')").first
    row.wait_for(timeout=30_000)
    upload_id = int(row.inner_text().split("#", 1)[1].split(":", 1)[0])
    page.locator(f".st-key-entry_undo_upload_{upload_id} button").click()
    page.wait_for_selector(f"text=Upload #{upload_id} is ongedaan gemaakt: 4 tellingen ingetrokken.", timeout=60_000)
    idle(page)
    page.screenshot(path=str(artifacts / "invoer_upload_undone_nl.png"), full_page=True)
    with sessions() as s:
        assert counts_checksum(s) == before, "the store shows exactly what it showed before the upload"
        trail = store.audit_trail(s)
    undone = trail[trail["reason"].str.startswith(f"undo upload #{upload_id}")]
    assert len(undone) == 4 and set(undone["changed_by"]) == {"Anna"} and undone["retracted"].all()
    engine.dispose()


@pytest.mark.parametrize("viewport", [{"width": 1400, "height": 1000}, {"width": 1024, "height": 768},
                                      {"width": 390, "height": 844}], ids=["desktop", "beamer", "phone"])
def test_a_half_filled_form_survives_a_reload(page, entry_server, artifacts, viewport):
    """#18: program, area, period, number and source typed, the page reloaded (a new session): every value is back
    in its field, with the caption that says so; nothing is stored as a count until 'save', which then works."""
    url, folder = entry_server
    sign_in(page, url, "anna", PASSWORD)  # through the sidebar, which a phone keeps folded away
    page.set_viewport_size(viewport)
    before = _counts(folder)
    source = f"Jaarcijfers Hadoks 2024 (concept, {viewport['width']} px)"
    year = {1400: 2021, 1024: 2022, 390: 2023}[viewport["width"]]  # a period of its own (the upload has 2024 and 2020)
    fill_count(page, "Gecombineerde leefstijlinterventie (GLI)", "Moerwijk (wijk)", dt.date(year, 1, 1),
               dt.date(year, 12, 31), 150 + viewport["width"], source)
    typed = {"program": "Gecombineerde leefstijlinterventie (GLI)", "area": "Moerwijk (wijk)", "start": f"{year}-01-01",
             "end": f"{year}-12-31", "value": f"{150 + viewport['width']}", "source": source}
    assert form_values(page) == typed
    cut = page.evaluate("""() => [...document.querySelectorAll(
        '.st-key-entry_add_start input, .st-key-entry_add_end input, .st-key-entry_add_qualifier input')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.value)""")
    assert not cut, f"a field too narrow for what it shows: {cut}"  # five in a row cut the dates' days at 1024 px

    page.reload()
    page.wait_for_selector("h1:has-text('Invoer van programmatellingen')", timeout=90_000)
    idle(page)
    page.get_by_text("Concept hersteld van").wait_for(timeout=60_000)
    assert _stored_draft(folder, "anna")["value_low"] == 150 + viewport["width"], "the number is in the stored draft"
    assert form_values_once(page, typed) == typed, "every value back after the reload"
    assert _counts(folder) == before, "a draft is not a count"
    page.screenshot(path=str(artifacts / f"invoer_draft_restored_{viewport['width']}.png"), full_page=True)
    page.locator(".st-key-entry_add_save").scroll_into_view_if_needed()  # a phone shows the rest of the form lower
    page.screenshot(path=str(artifacts / f"invoer_draft_restored_{viewport['width']}_save.png"))

    assert save_count(page).startswith("Telling #")
    assert _counts(folder) == before + 1
    assert form_values(page)["source"] == "", "a saved count empties the form"


def test_a_typed_date_saving_refuses_is_refused_by_name_not_swapped_for_the_fields_last(page, entry_server, artifacts):
    """With the pickers set to what saving accepts, a typed 2031-12-31 never left the browser (Streamlit's English
    'Date set outside allowed range') and 'save' stored the field's last date, 2025-12-31, with no word. Now the typed
    date reaches the server, and saving refuses it, naming the field and the date; nothing is stored."""
    url, folder = entry_server
    sign_in(page, url, "anna", PASSWORD)
    before = _counts(folder)
    far = dt.date(dt.date.today().year + 10, 12, 31)  # past any narrower range the pickers had (today + 5 years)
    fill_count(page, "Gecombineerde leefstijlinterventie (GLI)", "Moerwijk (wijk)", dt.date(2018, 1, 1), far, 77,
               "Jaarcijfers (te ver)")
    assert form_values(page)["end"] == far.isoformat()
    page.get_by_role("button", name="Telling opslaan").click()
    error = page.locator("[data-testid='stAlert']:has-text('niet opgeslagen')")
    error.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "invoer_far_date_refused.png"), full_page=True)
    assert f"Einde periode: De datum {far.isoformat()} ligt buiten" in error.inner_text()
    assert _counts(folder) == before
    page.locator(".st-key-entry_add_clear button").click()  # the next test's draft starts empty
    idle(page)


def test_a_language_switch_keeps_the_forms_choices(page, entry_server, artifacts):
    """Program, area and precision chosen in Dutch, then English chosen in the sidebar: each picker shows its choice
    in English, and after the next change of another field the draft still holds the codes. Before, the pickers
    kept the Dutch labels, the browser sent them back with the next change, and program, area and precision went
    blank (the draft held 'Moerwijk (wijk)', then nothing)."""
    from programs.upload.check import area_label
    from texts.i18n import t

    url, folder = entry_server
    sign_in(page, url, "anna", PASSWORD)
    fill_count(page, "Gecombineerde leefstijlinterventie (GLI)", "Moerwijk (wijk)", dt.date(2019, 1, 1),
               dt.date(2019, 12, 31), 42, "Jaarcijfers 2019")
    page.locator("[data-testid='stSidebar'] label:has-text('English')").click()
    page.wait_for_selector("h1:has-text('Entering programme counts')", timeout=60_000)
    idle(page)
    english = {"program": "Combined lifestyle intervention (GLI)", "area": area_label("WK051836", "Moerwijk", "wijk", "en"),
               "qualifier": t("prog_qualifier_exact", "en")}

    def pickers() -> dict[str, str]:
        return {name: page.locator(f".st-key-entry_add_{name} input").first.input_value() for name in english}

    assert pickers() == english, "the choices in English after the switch"
    page.locator(".st-key-entry_add_source input").fill("Annual figures 2019")
    page.locator(".st-key-entry_add_source input").press("Tab")  # another field's change sends every widget's state
    idle(page)
    page.screenshot(path=str(artifacts / "invoer_language_switch.png"), full_page=True)
    assert pickers() == english, "the choices kept after another field changed"
    stored = _stored_draft(folder, "anna")
    assert (stored["program"], stored["area"], stored["qualifier"], stored["source"]) == (
        "gli", "WK051836", "exact", "Annual figures 2019")
    page.locator(".st-key-entry_add_clear button").click()  # the next test's draft starts empty
    idle(page)
    assert _stored_draft(folder, "anna") is None


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("viewport", [{"width": 1024, "height": 768}, {"width": 390, "height": 844}],
                         ids=["beamer", "phone"])
def test_no_button_label_on_any_tab_is_cut_short(page, entry_server, artifacts, viewport, lang):
    """Each tab of /invoer as an administrator sees it (the administration tab with its four downloads): in columns of fixed shares a beamer's main pane cut "Telling opslaan",
    "Sjabloon (CSV)" and "Correctie opslaan" to "Telling ops…" (the buttons now stand in rows as wide as their
    labels). The history tab shows a count's correction form (its first count is chosen)."""
    url, _ = entry_server
    sign_in(page, url, "Beheer", ADMIN_PASSWORD, lang)
    page.set_viewport_size(viewport)
    tabs = page.locator("[data-testid='stMain'] [data-testid='stTab']")
    assert tabs.count() >= 3
    for n in range(tabs.count()):
        tabs.nth(n).click()
        idle(page)
        page.wait_for_timeout(300)  # the tab's buttons laid out
        shown = page.locator("[data-testid='stMain'] button:visible").count()
        page.screenshot(path=str(artifacts / f"invoer_labels_{viewport['width']}_{lang}_{n}.png"), full_page=True)
        assert shown >= 2, f"tab {n}: its buttons not drawn"
        assert not page.evaluate(CUT_LABELS), f"tab {n}: {page.evaluate(CUT_LABELS)}"


# the texts a reader sees in a box: text of elements shown and not hidden from screen readers (an icon's name is),
# and the content the page's style draws after an element
SHOWN_TEXTS = """(box) => {
  const shown = (e) => e.checkVisibility() && !e.closest('[aria-hidden="true"]');
  const own = [...box.querySelectorAll('*')].filter(shown).flatMap((e) => [...e.childNodes])
    .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()).map((n) => n.textContent.trim());
  const drawn = [...box.querySelectorAll('*')].filter(shown).map((e) => getComputedStyle(e, '::after').content)
    .filter((c) => c.startsWith('"')).map((c) => JSON.parse(c));
  return {own, drawn}; }"""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_uploader_speaks_the_pages_language(page, entry_server, artifacts, lang):
    """Streamlit's file uploader has no setting for its texts: the Dutch page said 'Upload' and '10MB per file'.
    The button and the size limit are in the page's language, and the button is named by its text."""
    from texts.i18n import t

    url, _ = entry_server
    sign_in(page, url, "anna", PASSWORD, lang)
    page.get_by_role("tab", name=t("entry_tab_upload", lang)).click()
    idle(page)
    box = page.locator("[data-testid='stFileUploaderDropzone']")
    box.get_by_role("button", name=t("upload_button", lang), exact=True).wait_for(timeout=30_000)
    texts = box.evaluate(SHOWN_TEXTS)
    box.screenshot(path=str(artifacts / f"invoer_uploader_{lang}.png"))
    assert texts == {"own": [], "drawn": [t("upload_button", lang), t("upload_limit", lang, max=10)]}, texts
