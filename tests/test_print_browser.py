"""Browser tests of what the walker of the printed pages found (ui/page_scripts.py's print rules), each page's title
in the browser, the map page's h1 and the sidebar links' keyboard focus.

- Printed on A4 the map and profile pages lost the sidebar's quarter of the width, the map ran under its column's
  neighbour, the closed "all areas" expander printed over a table row, the spine's "Trend" column was cut at the
  sheet's edge and the profile's programs (a canvas grid) printed ~10 rows of 2.5 columns.
- Every page had the same Dutch browser title, in English too; the map page had no h1; keyboard focus on a sidebar
  link looked like the current page's grey.

Its own server with its own store (the programs of one wijk), so the counts saved here change no other test.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from texts.i18n import t
from tests.conftest import app_data_problem, nav_link, need_mirror, save_count, start_streamlit

pytestmark = pytest.mark.browser

TIMEOUT = 60_000
SHEET_PX = 703  # A4's 210 mm less the print rules' 2 × 12 mm margins, in CSS pixels (96 per inch)
MARGIN_PT = 12 / 25.4 * 72
AREA = "WK051820"  # Valkenboskwartier: no other test counts programs there
PROGRAMS = ["brugfunctionarissen", "peuterconsulenten", "moerwijk_moeders", "buurtkamer_de_luyk_bereik",
            "buurtkamer_de_luyk_vrijwilligers", "speeltuintour_speeltuinen", "gewoon_sociaal_vrijwilligers",
            "gewoon_sociaal_nieuwe_vrijwilligers", "gewoon_sociaal_locaties", "sociaal_contract_projecten",
            "kwartiermakers", "zwemmen_voor_vrouwen", "welzijn_op_recept", "hulp_in_de_kleuterklas"]  # > a grid's 10
PAGES = {"": "page_kaart", "profiel": "page_profiel", "vergelijk": "page_vergelijk", "trends": "page_trends",
         "programmas": "page_programmas", "presentatie": "page_presentatie", "bronnen": "page_bronnen"}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# the right edge of each shown table's last header cell, and of the tables themselves
TABLE_EDGES = """() => [...document.querySelectorAll('[data-testid="stMain"] table')]
  .filter(t => t.getClientRects().length)
  .map(t => { const cells = t.querySelectorAll('thead th'); const last = cells[cells.length - 1];
              return [last ? last.textContent.trim() : '', last ? last.getBoundingClientRect().right : 0,
                      t.getBoundingClientRect().right]; })"""


@pytest.fixture(scope="module")
def print_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_mirror()
    problem = app_data_problem()
    if problem:
        pytest.fail(f"the app shows its data-missing page: {problem}")
    store_dir = str(tmp_path_factory.mktemp("print-db"))
    before = os.environ["WIJKDASHBOARD_DB_DIR"]
    os.environ["WIJKDASHBOARD_DB_DIR"] = store_dir
    try:
        for n, program in enumerate(PROGRAMS, start=1):
            save_count(program, AREA, n)
    finally:
        os.environ["WIJKDASHBOARD_DB_DIR"] = before
    proc, url = start_streamlit(env={"WIJKDASHBOARD_DB_DIR": store_dir})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _printed(page) -> None:
    """The page as printed on A4: print media at the sheet's width (after the page was drawn on a wide screen)."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": SHEET_PX, "height": 1000})
    page.wait_for_function("() => window.wijkPageScripts", timeout=TIMEOUT)  # the print rules are in
    page.wait_for_timeout(300)


def _pdf_words(page, path: Path) -> list[tuple[str, float, float]]:
    """The PDF's words as (text, xMax, page width) (pdftotext -bbox)."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4", print_background=True)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words, width = [], 0.0
    for line in boxes.splitlines():
        if m := re.search(r'<page width="([\d.]+)"', line):
            width = float(m.group(1))
        elif m := re.search(r'<word xMin="[\d.-]+" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="[\d.-]+">(.*)</word>', line):
            words.append((m.group(2), float(m.group(1)), width))
    return words


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _no_chrome_and_within_the_sheet(page) -> None:
    for chrome in ("stSidebar", "stHeader", "stButton", "stDownloadButton"):
        assert page.locator(f"[data-testid='{chrome}']:visible").count() == 0, f"{chrome} prints"
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    assert main["x"] >= 0 and main["x"] + main["width"] <= SHEET_PX + 1, main
    edges = page.evaluate(TABLE_EDGES)
    assert edges and all(cell <= SHEET_PX + 1 and table <= SHEET_PX + 1 for _, cell, table in edges), edges


def _words_within_the_pages(words: list[tuple[str, float, float]]) -> None:
    outside = [(w, x) for w, x, width in words if x > width - MARGIN_PT + 1]
    assert not outside, f"text past the sheet's margin: {outside[:10]}"


def test_the_printed_map_page_fits_the_sheet(print_url, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{print_url}/?area=WK051836")
    map_column = page.locator("[data-testid='stColumn']:has(iframe)").first
    frame = map_column.locator("iframe").first
    frame.wait_for(timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    _printed(page)
    _no_chrome_and_within_the_sheet(page)
    assert page.get_by_text(t("show_all_table", "nl")).count() == 0 or not page.get_by_text(
        t("show_all_table", "nl")).is_visible()  # a closed expander prints nothing, not a bar over a table
    column = map_column.bounding_box()
    box = frame.bounding_box()
    assert box["x"] + box["width"] <= column["x"] + column["width"] + 1, (box, column)  # the map stays in its column
    words = _pdf_words(page, tmp_path / "map.pdf")
    _words_within_the_pages(words)
    assert "RIVM/CBS/GGD" in _pdf_text(tmp_path / "map.pdf")  # the source line prints


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_printed_profile_shows_its_tables_whole(print_url, page, tmp_path, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{print_url}/profiel?area={AREA}&lang={lang}")
    page.locator(".st-key-prof_spine table.spine").wait_for(timeout=TIMEOUT)
    programs = page.locator("table.wijk-table").filter(has=page.locator("th", has_text=t("prog_col_source", lang)))
    programs.wait_for(timeout=TIMEOUT)  # plain HTML (charts.html_table): it prints as the screen shows it
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    _printed(page)
    _no_chrome_and_within_the_sheet(page)
    assert page.locator("[data-testid='stDataFrame']:visible").count() == 0  # no grid, a canvas, on the sheet
    assert programs.is_visible() and programs.locator("thead th").first.is_visible()  # a table, not cards, on A4
    assert programs.locator("tbody tr").count() == len(PROGRAMS)
    assert programs.locator("thead th").last.inner_text() == t("prog_col_source", lang)
    spine_head = page.locator(".st-key-prof_spine table.spine thead th").last
    assert spine_head.inner_text().strip() == "Trend"
    words = _pdf_words(page, tmp_path / "profile.pdf")
    _words_within_the_pages(words)
    assert "Trend" in [w for w, _, _ in words]
    text = _pdf_text(tmp_path / "profile.pdf")
    assert "RIVM/CBS/GGD" in text  # the spine's sources
    last_program = programs.locator("tbody tr").last.locator("td").first.inner_text()
    assert " ".join(last_program.split()) in text  # the last row of the programs, not only a screen's worth


def test_the_screen_shows_the_grid_not_its_print_copy(print_url, page):
    page.goto(f"{print_url}/programmas")
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    wrappers = page.locator("[data-testid='stLayoutWrapper']:has(> [class*='st-key-print_copy_'])")
    assert wrappers.count() == page.locator("[data-testid='stDataFrame']").count() >= 2  # the counts, the reach
    assert wrappers.locator("table.wijk-table").count() == wrappers.count()  # each copy is there, as a table
    assert page.locator("table.wijk-table:visible").count() == 0
    assert all(w.bounding_box() is None for w in wrappers.all())  # no gap either


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_printed_counts_keep_every_count_whole(print_url, page, tmp_path, lang):
    """The counts' print copy (ui.widgets) is ten columns of long Dutch words on A4: its words broke where they met
    the column's edge ('Gecombinee / rde'). A table of as many columns prints smaller, its every word and count
    whole (charts.html_table's print rules): '4.638' is not '4.6' above '38'."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{print_url}/programmas?lang={lang}")
    copy = page.locator("[class*='st-key-print_copy_prog_table_download'] table.wijk-table")
    copy.wait_for(state="attached", timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.wijkPageScripts", timeout=TIMEOUT)  # the print rules are in
    counts = copy.evaluate("""(table, column) => {
        const i = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === column);
        return [...table.querySelectorAll('tbody tr')].map((tr) => tr.children[i].textContent); }""",
                           t("prog_col_value", lang))
    words = {html.unescape(w) for w, _, _ in _pdf_words(page, tmp_path / "counts.pdf")}  # -bbox writes &lt;
    whole = [c for c in counts if " " not in c]  # 'ca. 6' is two words anyway
    assert len(whole) >= 30, counts
    assert [c for c in whole if c not in words] == []
    # and no word of the table broken: 'Gecombinee / rde', 'deelnemer / s' (a line may still break after a hyphen)
    cells = copy.evaluate("(table) => [...table.querySelectorAll('th, td')].map((cell) => cell.textContent)")
    table_words = {w for cell in cells for w in cell.split() if not re.search(r"[-–/]", w)}
    assert len(table_words) > 100 and sorted(table_words - words) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_page_has_its_own_title_and_one_h1(print_url, page, lang):
    for path, key in PAGES.items():
        page.goto(f"{print_url}/{path}?lang={lang}")
        title = t("document_title", lang, page=t(key, lang), app=t("app_title", lang))
        page.wait_for_function("title => document.title === title", arg=title, timeout=TIMEOUT)
        page.locator(IDLE).wait_for(timeout=TIMEOUT)
        page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=TIMEOUT)
        assert page.locator("[data-testid='stMain'] h1:visible").count() == 1, path


def test_the_maps_h1_keeps_a_beamers_layout(print_url, page):
    """The map's heading is its h1 at a subheader's size: the map starts where it did on a 1024×768 beamer."""
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{print_url}/?area=WK051836")
    heading = page.locator(".st-key-map_heading h1")
    heading.wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.wijkPageScripts", timeout=TIMEOUT)  # the app's style is in
    assert heading.evaluate("h => getComputedStyle(h).fontSize") == "28px"  # Streamlit's h3, the old heading


def test_keyboard_focus_on_a_sidebar_link_is_outlined(print_url, page):
    page.goto(f"{print_url}/?area=WK051836")
    nav_link(page, "profiel").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.wijkPageScripts", timeout=TIMEOUT)  # the app's style is in
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('[data-testid=\"stSidebarNav\"]')"):
            break
    else:
        pytest.fail("Tab never reached the sidebar's page links")
    style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                          " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
    assert style == ["solid", "2px", "rgb(11, 83, 148)"], style


# Every other page as printed (A4 from a 1280×800 window). Found by printing them: each plotly chart kept the
# width it was drawn at on the screen and ran past the sheet's edge (plotchart.js scales it, the print rules fit
# it). Print's tables are set smaller (the profile's programs table went whole to the next sheet when its first
# row did not fit below its heading; this test does not catch that: the test's store holds other programs). The
# ranking's and the gradient's charts, taller than what the pickers leave of the first sheet, still go whole to the
# second: a chart is not cut between sheets (KEPT_WHOLE).
# Each page is printed as drawn (DRAWN): the script's end came before Streamlit had drawn the tables and charts,
# so most runs printed their grey placeholders. /programmas in Dutch ran past the margin only in the runs that drew
# its counts table in time: ten columns of long Dutch words, wider than the sheet, its notes cut at the edge
# (ui/page_scripts.py). In English the same table fitted only because Chromium printed every sheet at ~3/4 to hold
# it: no table is wider than the sheet at print's width.
DRAWN = """() => document.fonts.status === 'loaded' && !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stBidiComponentRegular"]')]
       .every(c => c.children.length > 1 || c.dataset.pager)
  && [...document.querySelectorAll('.wijk-plot')].every(p => p.querySelector('.main-svg[viewBox]'))"""
PRINTED = ["vergelijk?section=areas", "vergelijk?section=ranking", "vergelijk?section=gradient",
           "trends?section=areas", "trends?section=indicators", "programmas", "bronnen", "presentatie",
           "profiel?area=WK051836"]
KEPT_WHOLE = {"vergelijk?section=ranking", "vergelijk?section=gradient"}  # a tall chart moves whole to sheet 2
SOURCE_LINE = {"nl": "Bron", "en": "Source"}


def _sheet_fill(path: Path) -> list[float]:
    """How far down each sheet its text reaches, as a share of the sheet within its margins (pdftotext -bbox)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    fills: list[float] = []
    height = 0.0
    for line in boxes.splitlines():
        if m := re.search(r'<page width="[\d.]+" height="([\d.]+)"', line):
            height = float(m.group(1))
            fills.append(0.0)
        elif m := re.search(r'<word xMin="[\d.-]+" yMin="[\d.-]+" xMax="[\d.-]+" yMax="([\d.-]+)">', line):
            fills[-1] = max(fills[-1], (float(m.group(1)) - MARGIN_PT) / (height - 2 * MARGIN_PT))
    return fills


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PRINTED)
def test_each_printed_page_fits_its_sheets(print_url, page, tmp_path, path, lang):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{print_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=TIMEOUT)
    page.locator(IDLE).wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.wijkPageScripts", timeout=TIMEOUT)  # the print rules are in
    page.wait_for_function(DRAWN, timeout=TIMEOUT)  # every table and chart drawn
    pdf = tmp_path / "page.pdf"
    _words_within_the_pages(_pdf_words(page, pdf))
    text = _pdf_text(pdf)
    assert SOURCE_LINE[lang] in text  # the page's source line prints
    _printed(page)
    edges = page.evaluate(TABLE_EDGES)
    assert all(cell <= SHEET_PX + 1 and table <= SHEET_PX + 1 for _, cell, table in edges), edges
    fills = _sheet_fill(pdf)
    if path not in KEPT_WHOLE:
        assert all(fill >= 0.5 for fill in fills[:-1]), fills
