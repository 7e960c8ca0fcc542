"""Uploads that cannot be turned against the store or its readers (issue #21, items 1, 2, 3 and 7), and what
the editor sees of an upload (#18: the preview as typed, the template's sheet of valid values).

Each test here failed on the code before #21: shifted rows were stored one column off, a 33 MB shared string or
600,001 shared strings went into openpyxl, a CR inside a cell was stored and exported as a new CSV row starting
with `=cmd`, BOM-less UTF-16 was read as text with NULs, rows were numbered without the blank lines above the
header, and the years 0001 and 1900 were accepted.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from geo.boundaries import read_areas
from programs.upload import (
    BUDGET,
    COLUMNS,
    TEXT_LIMITS,
    Known,
    Problem,
    check_values,
    parse_upload,
    kept,
    preview_frame,
    rows_to_csv,
    template_xlsx,
)
from programs.upload.check import close_areas, ranked_suggestions
from texts.i18n import t
from texts.tables import to_csv_bytes, to_excel_bytes

TODAY = dt.date(2025, 6, 30)
AREAS = {"GM0518": "Den Haag", "WK051836": "Moerwijk", "BU05183610": "Moerwijk-Oost"}
PROGRAMS = {"gli": ["Gecombineerde leefstijlinterventie (GLI)", "Combined lifestyle intervention (GLI)"],
            "brugfunctionarissen": ["Brugfunctionarissen", "Bridge officers"]}
HEADER = ";".join(COLUMNS)
CMD = "=cmd|' /C calc'!A0"


def known() -> Known:
    return Known.build(PROGRAMS, AREAS, {}, TODAY)


def parse(text: str, lang: str = "nl", name: str = "tellingen.csv"):
    return parse_upload(text.encode("utf-8"), name, known(), lang)


def cells(problems: list[Problem]) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.code) for p in problems]


# --- 1. shifted columns and long text ----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    # source 'Jaarverslag 2023; p. 4' typed without quotation marks: the row is one field too long, its last empty
    "gli;WK051836;2023-01-01;2023-12-31;12;;exact;Jaarverslag 2023; p. 4;;;",
    # half of the Dutch note would land in the English note
    "gli;WK051836;2023-01-01;2023-12-31;12;;exact;Jaarverslag 2023;;zie p. 4; bijlage 2;",
], ids=["source", "note"])
def test_a_row_one_field_too_long_is_refused_even_when_its_last_field_is_empty(line):
    parsed = parse(f"{HEADER}\n{line}\n", "en")
    assert cells(parsed.problems) == [(2, "", "field_count")]
    assert parsed.problems[0].message.startswith("Fields in this row: 12, in the header: 11 (delimiter ‘;’).")
    assert not parsed.ok and kept(parsed.rows, parsed.duplicates, parsed.same_period)[0] == []


def test_a_header_with_trailing_delimiters_sets_the_width():
    """Excel writes every line as wide as the widest: header and rows end in the same empty fields."""
    line = "gli;WK051836;2023-01-01;2023-12-31;12;;exact;Jaarverslag 2023;;;"
    assert parse(f"{HEADER};;\n{line};;\n").ok
    assert cells(parse(f"{HEADER};;\n{line};;;\n").problems) == [(2, "", "field_count")]
    assert cells(parse(f"{HEADER};;\n{line};x;\n").problems) == [(2, "", "field_count")], "a value past the header"


def test_text_longer_than_its_column_allows_is_refused_with_row_and_column():
    long = "x" * (TEXT_LIMITS["source"] + 1)
    data = rows_to_csv([_row(), _row(source=long)])
    parsed = parse_upload(data, "t.csv", known(), "nl")
    assert parsed.problems == [Problem(3, "source", "too_long",
                                       "Deze tekst heeft 501 tekens; in deze kolom mogen er hoogstens 500.")]
    assert parse_upload(rows_to_csv([_row(source="x" * TEXT_LIMITS["source"])]), "t.csv", known()).ok


def _row(**changes) -> dict:
    return {"program": "gli", "area": "WK051836", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "value_low": "120", "source": "Jaarverslag Hadoks 2024, p. 3", **changes}


# --- 2. workbook budgets ------------------------------------------------------------------------------------------

def _xlsx_with(parts: dict[str, bytes]) -> bytes:
    """A real workbook (one valid count) with parts added or replaced."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(_row()))
    sheet.append(list(_row().values()))
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info))
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _shared(strings: list[bytes] | None = None, one: bytes = b"") -> bytes:
    body = b"".join(b"<si><t>" + s + b"</t></si>" for s in strings or []) + (b"<si><t>" + one + b"</t></si>")
    return b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + body + b"</sst>"


def _sheet(rows: list[int]) -> bytes:
    """A sheet with rows of n cells each."""
    body = b"".join(b'<row r="%d">' % (i + 1) + b'<c t="n"><v>1</v></c>' * n + b"</row>" for i, n in enumerate(rows))
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + body
            + b"</sheetData></worksheet>")


BOMBS = {
    "shared_strings_size": {"xl/sharedStrings.xml": _shared(one=b"a" * (BUDGET.shared_strings_size + 1))},
    "shared_strings": {"xl/sharedStrings.xml": _shared([b"a"] * BUDGET.shared_strings)},
    "cells_per_row": {"xl/worksheets/sheet1.xml": _sheet([BUDGET.cells_per_row + 1])},
    "cells": {"xl/worksheets/sheet1.xml": _sheet([10_000] * (BUDGET.cells // 10_000 + 1))},
    "other_part": {"xl/styles.xml": b"<styleSheet>" + b" " * BUDGET.other_part + b"</styleSheet>"},
}
WHAT = {"shared_strings_size": "de grootte van de gedeelde teksten", "shared_strings": "het aantal gedeelde teksten",
        "cells_per_row": "het aantal cellen in één rij", "cells": "het aantal cellen",
        "other_part": "een onderdeel dat geen werkblad is"}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_a_workbook_over_budget_is_refused_before_openpyxl_reads_it(bomb, monkeypatch):
    data = _xlsx_with(BOMBS[bomb])
    assert len(data) < 1024 * 1024, "a small upload, far under the 10 MB limit"

    def must_not_load(*args, **kwargs):
        raise AssertionError("openpyxl must not read a workbook over budget")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    parsed = parse_upload(data, "bom.xlsx", known(), "nl")
    assert cells(parsed.problems) == [(0, "", "workbook_budget")]
    assert parsed.problems[0].message.startswith(f"Het Excel-bestand is uitgepakt te groot: {WHAT[bomb]} is ")


def test_the_budget_message_in_english_gives_the_sizes():
    parsed = parse_upload(_xlsx_with(BOMBS["shared_strings_size"]), "bom.xlsx", known(), "en")
    assert re.fullmatch(r"The Excel file is too large once unpacked: the size of the shared texts is 32\.\d MB, the "
                        r"maximum is 32\.0 MB\. Save only the sheet with the counts, as a new Excel file or as "
                        r"‘CSV UTF-8’\.", parsed.problems[0].message), parsed.problems[0].message


@pytest.mark.parametrize("chunk", [1, 7, 13, 1024 * 1024])
def test_the_scan_counts_cells_per_row_across_chunk_borders(chunk, monkeypatch):
    """The sheet is scanned in chunks: a tag cut by a chunk's end is still counted, in its own row."""
    from programs.upload import read

    monkeypatch.setattr(read, "SCAN_CHUNK", chunk)
    data = _xlsx_with({"xl/worksheets/sheet1.xml": _sheet([3, 5, 4]).replace(b"<c ", b"<x:c ")})
    read.check_workbook(data, read.WorkbookBudget(cells_per_row=5, cells=12))
    with pytest.raises(read.OverBudget) as err:
        read.check_workbook(data, read.WorkbookBudget(cells_per_row=4))
    assert (err.value.what, err.value.found) == ("cells_per_row", 5)
    with pytest.raises(read.OverBudget) as err:
        read.check_workbook(data, read.WorkbookBudget(cells=11))
    assert (err.value.what, err.value.found) == ("cells", 12)


def test_a_workbook_within_budget_still_reads():
    parsed = parse_upload(_xlsx_with({}), "t.xlsx", known(), "nl")
    assert parsed.ok and parsed.rows[0].count.value_low == 120


# --- 3. line breaks inside cells: refused on upload, quoted and guarded on export -----------------------------------

@pytest.mark.parametrize("text", [f"Jaarverslag 2024\r{CMD}", f"Jaarverslag 2024\n{CMD}", "p. 3\r\nbijlage"])
def test_a_line_break_inside_an_uploaded_cell_is_refused(text):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")  # as Excel writes it: the cell quoted
    writer.writerows([COLUMNS, ["gli", "WK051836", "2024-01-01", "2024-12-31", "5", "", "", "bron", text, "", ""]])
    parsed = parse(buffer.getvalue())
    assert cells(parsed.problems) == [(2, "quote", "line_break")]
    assert parsed.problems[0].message.endswith("Eén cel is één regel: zet de tekst op één regel en upload het "
                                               "bestand opnieuw.")


def test_a_line_break_inside_a_sheet_cell_is_refused():
    book = openpyxl.Workbook()
    book.active.append(list(_row()))
    book.active.append(list(_row(source=f"Jaarverslag\n{CMD}").values()))
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_upload(buffer.getvalue(), "t.xlsx", known(), "en")
    assert cells(parsed.problems) == [(2, "source", "line_break")]


def test_the_form_keeps_lines_in_a_note():
    """The form's note is a text area: lines are fine there (the export guards them)."""
    count, problems = check_values({**_row(), "period_start": dt.date(2024, 1, 1), "period_end": dt.date(2024, 12, 31),
                                    "note_nl": "regel 1\nregel 2"}, known(), "nl")
    assert problems == [] and count.note_nl == "regel 1\nregel 2"


def _unguarded(cell: str) -> str:
    """The cell without the quotes the export put at the start of its lines."""
    return re.sub(r"(^|\r\n|\r|\n)'(?=[=+\-@])", r"\1", cell)


def _lines(data: bytes) -> list[str]:
    return re.split(r"\r\n|\r|\n", data.decode("utf-8-sig"))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("text", [f"Jaarverslag 2024\r{CMD}", f"Jaarverslag 2024\n{CMD}", "a\r\n+1\r\n@SUM(A1)"])
def test_an_exported_cell_with_a_line_break_stays_one_cell_and_no_line_starts_a_formula(text, lang):
    frame = pd.DataFrame({"bron": [text], "aantal": [5]})
    data = to_csv_bytes(frame, lang)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";" if lang == "nl" else ","))
    assert len(rows) == 2 and len(rows[1]) == 2, rows
    assert _unguarded(rows[1][0]) == text, "the text itself is kept"
    for line in _lines(data):
        assert not line.lstrip('"').startswith(("=", "+", "-", "@")), line
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(frame, "t")))
    cell = book.active["A2"].value.replace("_x000D_", "\r")  # xlsxwriter escapes a CR, as Excel does
    assert _unguarded(cell) == text and not any(line.startswith(("=", "+", "@")) for line in cell.splitlines())


def test_the_admin_history_csv_guards_a_note_with_lines(tmp_path):
    from programs import store
    from programs.db import make_sessions, open_store
    from views.invoer_panels import export_frames

    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    with make_sessions(engine).begin() as s:
        store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": "2024-01-01",
                            "period_end": "2024-12-31", "value_low": 1, "source": "bron",
                            "note_nl": f"regel\r{CMD}"}, "Anna", reason=f"typfout\n{CMD}")
    with make_sessions(engine)() as s:
        counts, audit = export_frames(s)
    engine.dispose()
    for frame in (counts, audit):
        data = to_csv_bytes(frame)
        assert CMD in _unguarded(data.decode("utf-8-sig")), "the note and the reason are exported"
        for line in _lines(data):
            assert not line.lstrip('"').startswith(("=", "+", "-", "@")), line


# --- 7. messages: BOM-less UTF-16, the real line, plausible years ----------------------------------------------------

def test_utf16_without_bom_gets_the_encoding_message_not_unknown_columns():
    text = f"{HEADER}\ngli;WK051836;2024-01-01;2024-12-31;5;;;bron;;;\n"  # ASCII only: valid UTF-8 as bytes
    parsed = parse_upload(text.encode("utf-16-le"), "t.csv", known(), "en")
    assert parsed.problems == [Problem(0, "", "encoding", "The file was not saved as UTF-8: found UTF-16 without BOM "
                                       "(or a binary file). In Excel, save it as ‘CSV UTF-8 (comma delimited)’ and "
                                       "upload it again.")]


def test_row_numbers_are_the_lines_of_the_file():
    text = f"\n;;\n{HEADER}\ngli;WK051836;2024-01-01;2024-12-31;5;;;bron;;;\n\ngli;WK051836;2024-01-01;2024-12-31;-5;;;b;;;\n"
    parsed = parse(text)
    assert cells(parsed.problems) == [(6, "value_low", "negative")], "blank lines above the header and between rows"
    assert [r.row for r in parsed.rows] == [4, 6]
    assert cells(parse(f"\n\n{HEADER.replace('source', 'bron_x')}\n").problems)[0][0] == 3, "the header's own line"


def test_row_numbers_are_the_rows_of_the_sheet():
    book = openpyxl.Workbook()
    for j, column in enumerate(COLUMNS[:8], start=1):
        book.active.cell(3, j, column)  # the header on row 3, a count on row 5
    for j, value in enumerate(["gli", "WK051836", "2024-01-01", "2024-12-31", -5, None, None, "bron"], start=1):
        book.active.cell(5, j, value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert cells(parse_upload(buffer.getvalue(), "t.xlsx", known()).problems) == [(5, "value_low", "negative")]


@pytest.mark.parametrize("start,end", [("0001-01-01", "0001-12-31"), ("1900-01-01", "1900-12-31"),
                                       ("1999-01-01", "2024-12-31")])
def test_years_outside_2000_to_next_year_are_refused(start, end):
    parsed = parse_upload(rows_to_csv([_row(period_start=start, period_end=end)]), "t.csv", known(), "nl")
    assert cells(parsed.problems)[0] == (2, "period_start", "implausible_period")
    assert parsed.problems[0].message == (f"De datum {start} ligt buiten de jaren 2000 tot en met 2026: tellingen van "
                                          "het netwerk gaan over die jaren. Is het jaartal goed getypt?")


def test_a_period_may_end_next_year_but_not_later():
    assert parse_upload(rows_to_csv([_row(period_start="2025-01-01", period_end="2026-12-31")]), "t.csv", known()).ok
    parsed = parse_upload(rows_to_csv([_row(period_start="2025-01-01", period_end="2027-01-01")]), "t.csv", known(),
                          "en")
    assert cells(parsed.problems) == [(2, "period_end", "implausible_period")]
    assert "outside the years 2000 to 2026" in parsed.problems[0].message


# --- #18: the preview repeats what was typed; the template lists the valid values --------------------------------

def test_the_preview_shows_what_the_editor_typed():
    data = rows_to_csv([_row(program="Bridge officers", area="Moerwijk", period_start="1-1-2024",
                             period_end="31-12-2024", value_low="120", qualifier="ongeveer")])
    parsed = parse_upload(data, "t.csv", known(), "en")
    assert parsed.ok and parsed.rows[0].count.program == "brugfunctionarissen"
    preview = preview_frame(parsed, COLUMNS, "en", 10)
    first = preview.iloc[0].to_dict()
    assert first["Row"] == 2
    typed = {v for k, v in first.items() if k != "Row"}
    assert {"Bridge officers", "Moerwijk", "1-1-2024 (1 January 2024)", "31-12-2024 (31 December 2024)", "120",
            "ongeveer"} <= typed  # a date not typed as yyyy-mm-dd with the day it was read as
    assert not {"brugfunctionarissen", "WK051836", "about"} & typed, "internal ids are not what the editor typed"


@pytest.mark.parametrize("lang, start, end", [
    ("nl", "01-02-2023 (1 februari 2023)", "2023-12-31"), ("en", "01-02-2023 (1 February 2023)", "2023-12-31")])
def test_the_preview_says_which_day_a_dutch_date_was_read_as(lang, start, end):
    """'01-02-2023' is stored as 1 February (d-m-yyyy); the preview showed only '01-02-2023', so an editor who meant
    2 January could not see it was read otherwise."""
    parsed = parse_upload(rows_to_csv([_row(period_start="01-02-2023", period_end="2023-12-31")]), "t.csv", known(),
                          lang)
    assert parsed.ok and parsed.rows[0].count.period_start == dt.date(2023, 2, 1)
    first = preview_frame(parsed, COLUMNS, lang, 10).iloc[0].to_dict()
    assert start in first.values() and end in first.values()  # an ISO date as it was typed, nothing added


def test_the_template_workbook_lists_valid_programs_and_areas():
    data = template_xlsx("nl", {"gli": "GLI", "brugfunctionarissen": "Brugfunctionarissen"},
                         {"GM0518": "Den Haag (gemeente)", "WK051836": "Moerwijk (wijk)"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["tellingen", "geldige waarden"], "the counts sheet stays first (the one read)"
    rows = [tuple(c.value for c in r) for r in book["geldige waarden"].iter_rows()]
    assert rows[0] == ("soort", "code (voor de kolom program of area)", "naam")
    assert ("programma", "gli", "GLI") in rows and ("gebied", "WK051836", "Moerwijk (wijk)") in rows
    assert parse_upload(data, "sjabloon.xlsx", known(), "nl").problems[0].code == "example_row", \
        "the second sheet is not read as counts"


# --- the tester's walk B: sheets of a workbook, an area under the report's name, CSV messages ----------------------

def workbook(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with these sheets (name -> rows), in this order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _count(area: str, value: int, source: str) -> list:
    return list(_row(area=area, value_low=value, source=source, qualifier="exact").values())


COUNTS_HEADER = list(_row(qualifier="exact"))


def test_counts_on_two_sheets_are_refused_naming_both():
    """Two sheets with counts: before, the second was not read and not mentioned, and confirming stored one of two."""
    data = workbook({"tellingen": [COUNTS_HEADER, _count("WK051836", 44, "Bron blad 1")],
                      "meer": [COUNTS_HEADER, _count("Moerwijk-Oost", 45, "Bron blad 2")]})
    parsed = parse_upload(data, "twee.xlsx", known(), "nl")
    assert parsed.problems == [Problem(0, "", "several_sheets", (
        "Er staan tellingen op meer dan één blad (‘tellingen’, ‘meer’): zet alle tellingen op één blad en upload "
        "het bestand opnieuw."))]
    assert not parsed.ok and not kept(parsed.rows, parsed.duplicates, parsed.same_period)[0]
    english = parse_upload(data, "twee.xlsx", known(), "en").problems[0].message
    assert english.startswith("There are counts on more than one sheet (‘tellingen’, ‘meer’)")


def test_the_sheet_with_the_counts_is_read_and_the_others_are_named():
    """Notes on the first sheet, counts on the second: before, the notes were read as a header (7 problems on
    'Rij 1' that never named a sheet)."""
    data = workbook({"Toelichting": [["Dit is een toelichting"], ["Tellingen staan op blad 2"]],
                      "tellingen": [COUNTS_HEADER, _count("WK051836", 44, "Bron 2 bladen")]})
    parsed = parse_upload(data, "uitleg.xlsx", known(), "nl")
    assert parsed.ok and [r.count.value_low for r in parsed.rows] == [44] and parsed.sheet == "tellingen"
    assert parsed.notices == [
        "Gelezen is alleen het blad ‘tellingen’, het blad met de kolommen van het sjabloon. Niet gelezen: "
        "‘Toelichting’. Staan daar ook tellingen, zet ze dan op het blad ‘tellingen’ en upload het bestand opnieuw."]
    bad = workbook({"Toelichting": [["Dit is een toelichting"]],
                     "tellingen": [COUNTS_HEADER, _count("WK051836", -1, "Bron")]})
    assert [p.message for p in parse_upload(bad, "uitleg.xlsx", known(), "en").problems] == [
        "Sheet ‘tellingen’: A count cannot be negative (entered: -1)."], "a problem names the sheet read"


def test_without_a_count_header_every_problem_names_the_sheet_read():
    data = workbook({"Toelichting": [["Dit is een toelichting"]], "Blad2": [["iets anders"], ["x"]]})
    parsed = parse_upload(data, "notities.xlsx", known(), "nl")
    assert parsed.problems and all(p.message.startswith("Blad ‘Toelichting’: ") for p in parsed.problems)
    assert parsed.notices == ["Geen blad heeft de kolommen van het sjabloon in de eerste regel; gelezen is het blad "
                              "‘Toelichting’. Niet gelezen: ‘Blad2’."]


def test_empty_sheets_and_the_templates_own_sheet_are_skipped_without_a_word():
    empty = workbook({"tellingen": [COUNTS_HEADER, _count("WK051836", 44, "Bron")], "Blad2": []})
    assert parse_upload(empty, "t.xlsx", known(), "nl").notices == []
    for lang in ("nl", "en"):  # the template, filled in, with its sheet of valid values (named in its language)
        book = openpyxl.load_workbook(io.BytesIO(template_xlsx(lang, {"gli": "GLI"}, {"WK051836": "Moerwijk"})))
        book["tellingen"].delete_rows(2)
        values = _row(value_low=44, qualifier="exact")
        book["tellingen"].append([values.get(c) for c in COLUMNS])
        buffer = io.BytesIO()
        book.save(buffer)
        parsed = parse_upload(buffer.getvalue(), "sjabloon.xlsx", known(), lang)
        assert parsed.ok and parsed.notices == [], lang


@pytest.mark.parametrize("lang,message", [
    ("nl", "Gebied: Onbekend gebied ‘Schilderswijk’: geen gebied van de gemeente (wijk, buurt of groep) heeft deze "
           "naam of code. Bedoelt u ‘Schildersbuurt’ (wijk, WK051829)?"),
    ("en", "Area: Unknown area ‘Schilderswijk’: no area of the municipality (district, neighbourhood or group) has "
           "this name or code. Did you mean ‘Schildersbuurt’ (district, WK051829)?")])
def test_an_area_under_the_reports_name_gets_the_closest_names(lang, message):
    """The report's 'Schilderswijk' is CBS's Schildersbuurt: before, the message said it was not in the gemeente."""
    areas = {**AREAS, "WK051829": "Schildersbuurt", "BU05182910": "Schildersbuurt-Noord"}
    parsed = parse_upload(rows_to_csv([_row(area="Schilderswijk")]), "t.csv", Known.build(PROGRAMS, areas, {}, TODAY),
                          lang)
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(2, "area", "unknown_area")]
    assert f"{'Gebied' if lang == 'nl' else 'Area'}: {parsed.problems[0].message}" == message
    far = parse_upload(rows_to_csv([_row(area="Zuidas")]), "t.csv", known(), lang).problems[0].message
    assert far.endswith(("Gebruik een CBS-code (GM…, WK…, BU…), de naam van een wijk of buurt, of een groep.",
                         "Use a CBS code (GM…, WK…, BU…), the name of a district or neighbourhood, or a group.")), far


@pytest.mark.parametrize("lang,area,hint", [
    ("nl", "Zuid-Wes", "Bedoelt u ‘Den Haag Zuidwest’ (groep, zuidwest) of ‘Zuidwal’ (buurt, BU05182814)?"),
    ("en", "Zuid-Wes", "Did you mean ‘The Hague Southwest’ (group, zuidwest) or ‘Zuidwal’ (neighbourhood, "
                        "BU05182814)?"),
    ("nl", "Southwest", "Bedoelt u ‘Den Haag Zuidwest’ (groep, zuidwest)?"),  # a group by its name in English
    ("en", "Moerwijk Laa", "Did you mean ‘Moerwijk and Laak’ (group, moerwijk_laak) or ‘Moerwijk’ (district, "
                            "WK051836) or ‘Moerwijk-Oost’ (neighbourhood, BU05183610)?")])
def test_an_unknown_area_gets_the_closest_groups_too(lang, area, hint):
    """A count may be for a group of data/areas.yaml: before, only wijken and buurten were suggested, so 'Zuid-Wes'
    was told of Zuidwal alone and 'Southwest' of nothing."""
    areas = {**AREAS, "BU05182814": "Zuidwal"}
    count, problems = check_values(_row(area=area), Known.build(PROGRAMS, areas, {}, TODAY), lang)
    assert count is None and [p.code for p in problems] == ["unknown_area"]
    assert problems[0].message.endswith(hint), problems[0].message
    assert check_values(_row(area="Zuidwest"), known(), lang)[0].area == "zuidwest", "the group's id is a name"


@pytest.fixture(scope="module")
def den_haag(mirror) -> Known:
    """Den Haag's real wijken and buurten (the boundary data, as the upload page reads them) and the groups."""
    names = {"GM0518": "Den Haag"}
    for level in ("wijk", "buurt"):
        frame = read_areas("GM0518", level)
        names.update(zip(frame["code"], frame["name"]))
    return Known.build(PROGRAMS, names, {}, TODAY)


@pytest.mark.parametrize("area,first,among", [
    ("Zuid-West", "zuidwest", []),  # the group's id but for the hyphen: before, third after Bezuidenhout-West, Zuidwal
    ("Laak", "laak", ["WK051838"]),  # the group laak and the wijk Laakkwartier en Spoorwijk: before, nothing at all
    ("Laak-kwartier", "WK051838", ["BU05183824", "BU05183825"]),  # the wijk, then the buurten Laakkwartier-West/-Oost
    ("Moerwjik", "WK051836", []),  # a typo: Moerwijk
    ("Schilderswijk", "WK051829", []),  # the report's name: Schildersbuurt
])
def test_suggestions_put_the_name_a_staff_member_meant_first(den_haag, area, first, among):
    """Among Den Haag's 44 wijken, 114 buurten and the groups: a name equal but for case, spaces and hyphens first,
    then names holding the typed word or starting with it, then difflib's close names."""
    suggested = close_areas(area, den_haag)
    assert suggested[:1] == [first] and set(among) <= set(suggested), suggested


def test_nonsense_gets_no_suggestion(den_haag):
    assert close_areas("xyzzy", den_haag) == []
    assert close_areas("--", den_haag) == [], "nothing but punctuation: nothing to compare"


def test_the_suggestion_message_names_the_group_first(den_haag):
    count, problems = check_values(_row(area="Zuid-Wes"), den_haag, "nl")
    assert count is None and problems[0].message.endswith(
        "Bedoelt u ‘Den Haag Zuidwest’ (groep, zuidwest) of ‘Zuidwal’ (buurt, BU05182814) of ‘Bezuidenhout-West’ "
        "(buurt, BU05182664)?"), problems[0].message


@pytest.mark.parametrize("area, code", [("Zuid-West", "zuidwest"), ("zuid west", "zuidwest"),
                                        ("Den Haag Zuid-West", "zuidwest"), ("MOERWIJK-OOST", "BU05183620"),
                                        ("Moerwijk Oost", "BU05183620"), ("Moerwijk Laak", "moerwijk_laak"), ("Laakkwartier en Spoorwijk", "WK051838")])
def test_a_name_equal_but_for_case_spaces_and_hyphens_is_that_area(den_haag, area, code):
    """'Zuid-West' in a report's table is the group zuidwest: it was refused with the group as the first suggestion,
    one more round for the staff member. Names equal to an area's or a group's but for case, spaces and punctuation
    are that area now; an exact name stays first."""
    count, problems = check_values(_row(area=area), den_haag, "nl")
    assert problems == [] and count.area == code


def test_a_folded_name_of_two_areas_is_ambiguous_not_a_guess():
    """Two names that differ only in punctuation are two areas: a third spelling of them is not guessed."""
    areas = {**AREAS, "BU00000091": "Oud-Zuid", "BU00000092": "Oud Zuid!"}
    known = Known.build(PROGRAMS, areas, {}, TODAY)
    assert check_values(_row(area="Oud-Zuid"), known, "nl")[0].area == "BU00000091"  # the exact name first
    count, problems = check_values(_row(area="oudzuid"), known, "nl")
    assert count is None and [p.code for p in problems] == ["ambiguous_area"]
    assert "BU00000091" in problems[0].message and "BU00000092" in problems[0].message


def test_ranking_orders_by_kind_of_match_then_picker_order():
    """Pure: equal after folding, then whole words or the start (starting first, then gemeente, groups, wijken,
    buurten), then close by difflib; each code once, at its best place."""
    names = [("BU1", "Laakhaven-Oost"), ("WK1", "Laakkwartier"), ("g1", "Moerwijk en Laak"), ("g2", "Laak en Centrum"),
             ("BU2", "Laek"), ("g3", "Laak (Laakkwartier)")]
    assert ranked_suggestions("LAAK", names, [("g3", "laak")], limit=10) == ["g3", "g2", "WK1", "BU1", "g1", "BU2"]
    assert ranked_suggestions("Laak", names) == ["g3", "g2", "WK1"], "at most three"
    southwest = [("BU1", "Zuidwal"), ("g4", "Den Haag Zuidwest")]
    assert ranked_suggestions("Zuid-West", southwest, [("g4", "zuidwest")]) == ["g4", "BU1"], "the alias, folded"
    assert ranked_suggestions("Zuidas", [("WK1", "Zuidwal")], [("g4", "zuidwest")]) == ["WK1"], "no alias by difflib"


def test_an_unknown_code_gets_no_guess():
    """Codes of one gemeente differ in a digit or two: any would be as close a guess as another."""
    count, problems = check_values({**_row(area="WK051863")}, known(), "nl")
    assert problems[0].message.endswith("Gebruik een CBS-code (GM…, WK…, BU…), de naam van een wijk of buurt, of "
                                        "een groep.")


def test_a_comma_file_names_both_delimiters():
    """A comma file with a row one field too long: before, the message asked whether ';' and ';' were mixed up."""
    data = rows_to_csv([_row()], ",") + b"gli,WK051836,2025-01-01,2025-12-31,12,,exact,Bron A, p. 3,,,\n"
    message = parse_upload(data, "t.csv", known(), "nl").problems[0].message
    assert message.endswith("of zijn , en ; door elkaar gebruikt?"), message


@pytest.mark.parametrize("lang,message", [
    ("nl", "Op regel 2 opent een aanhalingsteken (\") dat niet meer wordt gesloten: daardoor is de rest van het "
           "bestand niet te lezen. Sluit het aanhalingsteken of haal het weg."),
    ("en", "On line 2 a quotation mark (\") opens that is never closed, so the rest of the file cannot be read. "
           "Close the quotation mark or remove it.")])
def test_an_unclosed_quote_is_named_where_it_opens(lang, message):
    """Before: 'vanaf regel 3 niet te lezen (unexpected end of data)': the last line, and Python's English."""
    data = (HEADER + '\nwelzijn_op_recept;WK051836;2025-01-01;2025-12-31;"12;;exact;kapot;;;\nx;y\n').encode()
    assert parse_upload(data, "t.csv", known(), lang).problems == [Problem(2, "", "unclosed_quote", message)]


def test_text_after_a_closing_quote_is_said_in_our_words():
    data = (HEADER + '\ngli;WK051836;2024-01-01;2024-12-31;12;;exact;"Bron" p. 3;;;\n').encode()
    parsed = parse_upload(data, "t.csv", known(), "nl")
    assert [(p.row, p.code) for p in parsed.problems] == [(2, "text_after_quote")]
    assert "expected" not in parsed.problems[0].message


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_period_that_has_not_ended_is_named_not_refused(lang):
    """A count for 2025 uploaded on 30 June 2025 passed without a word: the full year's count will later meet it as
    another number for the same period. The rows whose period ends after today are named; the file stays valid."""
    rows = [_row(), _row(period_start="2025-01-01", period_end="2025-12-31"),
            _row(area="BU05183610", period_start="2025-01-01", period_end="2025-06-30"),
            _row(area="BU05183610", period_start="2025-04-01", period_end="2025-07-01")]
    parsed = parse_upload(rows_to_csv(rows), "t.csv", known(), lang)
    assert parsed.ok and len(kept(parsed.rows, parsed.duplicates, parsed.same_period)[0]) == 4
    assert parsed.notices == [t("entry_period_running", lang, rows="3, 5", today="2025-06-30")]
    assert "3, 5" in parsed.notices[0] and "2025-06-30" in parsed.notices[0]
    assert parse_upload(rows_to_csv([_row()]), "t.csv", known(), lang).notices == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_sheets_value_past_the_headings_is_named_without_a_delimiter(lang):
    """A sheet's row with a value right of the headed columns was told of 'delimiter ‘’' (a sheet has none)."""
    row = [_row().get(c) for c in COLUMNS]
    parsed = parse_upload(workbook({"tellingen": [list(COLUMNS), row, [*row, None, "extra"]]}), "t.xlsx", known(),
                          lang)
    assert cells(parsed.problems) == [(3, "", "cells_past_header")]
    assert parsed.problems[0].message == t("entry_err_cells_past_header", lang, expected=len(COLUMNS))
    assert "‘’" not in parsed.problems[0].message
