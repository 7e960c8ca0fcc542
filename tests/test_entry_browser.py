"""Data entry in headless Chromium: sign in as a local editor, download the template, upload it with one bad row,
see that row's message (and nothing stored), fix the file, confirm, and find the counts in the store. An admin
downloads the audit trail (generated when the button is clicked), formula-safe."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from programs import auth
from programs.db import make_sessions, open_store
from programs.models import Count
from programs.users import add_user
from tests.conftest import start_streamlit

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


def _idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000)


def _sign_in(page, url: str, name: str, password: str, lang: str = "nl") -> None:
    page.goto(f"{url}/?lang={lang}")  # the router first (as a visitor would arrive)
    _idle(page)
    link = "Inloggen voor invoer" if lang == "nl" else "Sign in for data entry"
    page.wait_for_selector(f"[data-testid='stSidebar'] a:has-text('{link}')", timeout=90_000)
    page.locator(f"[data-testid='stSidebar'] a:has-text('{link}')").click()
    page.get_by_label("Naam" if lang == "nl" else "Name").fill(name)
    page.get_by_label("Wachtwoord" if lang == "nl" else "Password", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen" if lang == "nl" else "Sign in").click()
    title = "Invoer van programmatellingen" if lang == "nl" else "Entering programme counts"
    page.wait_for_selector(f"h1:has-text('{title}')", timeout=60_000)
    _idle(page)


def _upload(page, name: str, data: bytes) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_sign_in_upload_fix_confirm(page, entry_server, artifacts):
    url, folder = entry_server
    page.goto(url)  # the router first (as a visitor would arrive)
    _idle(page)
    page.wait_for_selector("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')", timeout=90_000)
    assert page.locator("[data-testid='stSidebarNav'] a[href$='/invoer']").count() == 0, "hidden from viewers"
    page.locator("[data-testid='stSidebar'] a:has-text('Inloggen voor invoer')").click()
    page.wait_for_selector("h1:has-text('Inloggen')", timeout=60_000)
    page.get_by_label("Naam").fill("anna")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_selector("h1:has-text('Invoer van programmatellingen')", timeout=60_000)
    _idle(page)
    assert page.locator("[data-testid='stSidebarNav'] a[href$='/invoer']").count() == 1, "shown to editors"
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
        for value in ("120", bad_value):
            cells = {"program": "gli", "area": "Moerwijk", "period_start": "2024-01-01", "period_end": "2024-12-31",
                     "value_low": value, "qualifier": "exact", "source": "Kwartaalcijfers Hadoks Q4 2024"}
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
    _idle(page)
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
    _sign_in(page, url, "Beheer", ADMIN_PASSWORD, "en")
    page.get_by_role("tab", name="Administration").click()
    page.screenshot(path=str(artifacts / "invoer_admin_en.png"), full_page=True)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="History (CSV)").click()
    assert info.value.suggested_filename.startswith("geschiedenis_")
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
    _sign_in(page, url, "anna", PASSWORD)
    page.get_by_role("tab", name="Bestand uploaden").click()
    _upload(page, "ongedaan.csv", out.getvalue().encode("utf-8"))
    page.wait_for_selector("text=4 rijen gecontroleerd: alles klopt", timeout=60_000)
    page.get_by_role("button", name="Bevestig: tellingen opslaan").click()
    page.wait_for_selector("text=4 tellingen opgeslagen uit ongedaan.csv", timeout=60_000)
    _idle(page)
    with sessions() as s:
        assert counts_checksum(s) != before
    page.get_by_text("Eerdere uploads ongedaan maken").click()
    row = page.locator("[data-testid='stMarkdownContainer']:has-text('Upload #'):has-text('ongedaan.csv')").first
    row.wait_for(timeout=30_000)
    upload_id = int(row.inner_text().split("#", 1)[1].split(":", 1)[0])
    page.locator(f".st-key-entry_undo_upload_{upload_id} button").click()
    page.wait_for_selector(f"text=Upload #{upload_id} is ongedaan gemaakt: 4 tellingen ingetrokken.", timeout=60_000)
    _idle(page)
    page.screenshot(path=str(artifacts / "invoer_upload_undone_nl.png"), full_page=True)
    with sessions() as s:
        assert counts_checksum(s) == before, "the store shows exactly what it showed before the upload"
        trail = store.audit_trail(s)
    undone = trail[trail["reason"].str.startswith(f"undo upload #{upload_id}")]
    assert len(undone) == 4 and set(undone["changed_by"]) == {"Anna"} and undone["retracted"].all()
    engine.dispose()
