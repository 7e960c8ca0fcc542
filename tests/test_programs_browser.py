"""/programmas in headless Chromium: the chart is drawn, and the CSV download of all counts holds exactly the
store's counts, formula-safe, with '<5' for small counts of people and ranges as low/high."""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest

from programs import store
from programs.db import make_sessions, open_store
from tests.conftest import CHART, start_streamlit

pytestmark = pytest.mark.browser

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
INJECTED = "=HYPERLINK(\"http://example.invalid\",\"klik\")"


@pytest.fixture(scope="module")
def programs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on its own SQLite store: the report's figures plus one count whose source looks like a formula."""
    folder = tmp_path_factory.mktemp("programs-browser-db")
    engine = open_store(f"sqlite:///{folder / 'programs.sqlite'}")
    with make_sessions(engine).begin() as session:
        store.add_count(session, {"program": "netwerk_tafels", "area": "GM0518", "period_start": dt.date(2025, 1, 1),
                                  "period_end": dt.date(2025, 12, 31), "value_low": 2, "source": INJECTED},
                        "browser test")
    engine.dispose()
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": str(folder), "DATABASE_URL": ""})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_chart_and_csv_download(page, programs_url, artifacts):
    page.goto(f"{programs_url}/programmas?lang=en")
    page.wait_for_selector("h1:has-text('Programmes: counting and telling')", timeout=90_000)
    page.wait_for_selector(CHART, timeout=90_000)
    page.wait_for_selector(".st-key-prog_table_download button", timeout=60_000)
    page.screenshot(path=str(artifacts / "programmas_en.png"), full_page=True)
    captions = page.locator("[data-testid='stCaptionContainer']").all_inner_texts()
    assert any(c.startswith("Source: Vijfjarenrapportage") and "2019–2023" in c for c in captions), captions
    assert "Source: Vijfjarenrapportage" in page.locator(".wijk-plot").inner_text()

    with page.expect_download(timeout=60_000) as info:
        page.locator(".st-key-prog_table_download button").click()
    download = info.value
    assert download.suggested_filename == "programme_counts.csv"  # the page is in English
    raw = open(download.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the accents"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))

    assert len(rows) == 40  # 39 from the report + the injected one
    gli = {r["Period start"][:4]: r["Number (low)"] for r in rows
           if r["Programme id"] == "gli" and r["Area code"] == "haaglanden_gli"}
    assert gli["2019"] == "628" and gli["2023"] == "4638"
    (brug,) = [r for r in rows if r["Programme id"] == "brugfunctionarissen" and r["Area code"] == "GM0518"]
    assert (brug["Number (low)"], brug["Number (high)"]) == ("79", "92")
    assert not any("85.5" in r["Number (low)"] + r["Number (high)"] for r in rows)
    peuters = {r["Area code"]: r["Number (low)"] for r in rows if r["Programme id"] == "peuterconsulenten"}
    assert peuters == {"GM0518": "7", "zuidwest": "3", "laak_centrum": "4"}, "staff show as published, not '<5'"
    assert all(r["Source"] for r in rows)
    (injected,) = [r for r in rows if r["Entered by"] == "browser test"]
    assert injected["Source"] == "'" + INJECTED, "a leading = must be neutralised"


def test_filters_survive_a_reload(page, programs_url, artifacts):
    """Reached through the sidebar, a program filter and the chart's program go into the URL; a reload shows them
    again, with the same counts."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(programs_url)
    page.locator("[data-testid='stSidebarNav'] a:has-text(\"Programma's\")").click()
    page.wait_for_selector("h1:has-text(\"Programma's: tellen én vertellen\")", timeout=90_000)
    page.wait_for_selector(CHART, timeout=90_000)
    picker = page.locator(".st-key-w_prog_programs input")
    picker.click()
    picker.fill("Brugfunctionarissen")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('programs=brugfunctionarissen')", timeout=60_000)
    page.wait_for_selector("text=2 tellingen.", timeout=60_000)
    assert page.locator(".st-key-w_prog_chart input").input_value() == "Brugfunctionarissen"
    url = page.url
    page.reload()
    page.wait_for_selector("text=2 tellingen.", timeout=90_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    assert page.url == url and "/programmas?" in url
    chip = page.locator(".st-key-w_prog_programs [data-testid='stMultiSelectTagsContainer'] "
                        "[aria-label='Brugfunctionarissen']")
    chip.first.wait_for(timeout=30_000)  # the filter's chip, drawn from the URL
    assert page.locator(".st-key-w_prog_chart input").input_value() == "Brugfunctionarissen"
    page.screenshot(path=str(artifacts / "programmas_filter_reloaded.png"), full_page=True)


def test_the_grids_own_toolbar_offers_no_csv_without_sources(page, programs_url):
    """Streamlit's grid toolbar has a 'Download as CSV' of its own: no source, year or licence, and the injected
    source cell would stay a formula. The dashboard's download beside the grid is the one way out."""
    page.goto(f"{programs_url}/programmas?lang=en")
    grid = page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first
    grid.wait_for(timeout=90_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    grid.hover()
    toolbar = page.locator("[data-testid='stMain'] [data-testid='stElementToolbar']").first
    toolbar.wait_for(timeout=10_000)  # the toolbar is there (search, full screen) ...
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.locator("button").all()]
    assert labels and not any("csv" in label.lower() or "download" in label.lower() for label in labels), labels
    assert page.locator(".st-key-prog_table_download button").count() == 1  # ... and the page's own download
