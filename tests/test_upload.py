"""programs.upload and the entry rules of programs.validation: every rule with its exact message in nl and en,
on the form (the field named) and in an upload (row and column); files refused for their size, encoding,
delimiter, formulas; duplicates; Excel; the template; the bulk import in one transaction."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import func, select

from programs import store
from programs.models import Count, CountRevision
from programs.upload import (
    COLUMNS,
    MB,
    Known,
    Problem,
    UploadNotValid,
    check_values,
    decode,
    form_message,
    import_upload,
    kept,
    max_upload_bytes,
    parse_upload,
    rows_to_csv,
    sniff_delimiter,
    template_csv,
    template_xlsx,
)
from programs.upload.read import why_unreadable
from programs.validation import validate_count
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)

TODAY = dt.date(2025, 6, 30)
AREAS = {"GM0518": "Den Haag", "WK051836": "Moerwijk", "WK051808": "Duindorp", "BU05180808": "Duindorp",
         "BU05183610": "Moerwijk-Oost"}
PROGRAMS = {"gli": ["Gecombineerde leefstijlinterventie (GLI)", "Combined lifestyle intervention (GLI)"],
            "brugfunctionarissen": ["Brugfunctionarissen", "Bridge officers"]}


def imported(parsed, skip_duplicates: bool = True, add_same_period: bool = False) -> list:
    """The counts an import of `parsed` would store (programs.upload.kept, as the import calls it)."""
    return kept(parsed.rows, parsed.duplicates, parsed.same_period, skip_duplicates, add_same_period)[0]


def known(existing=None, today=TODAY) -> Known:
    return Known.build(PROGRAMS, AREAS, existing or {}, today)


def row(**changes) -> dict:
    return {"program": "gli", "area": "WK051836", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "value_low": "120", "value_high": "", "qualifier": "exact", "source": "Jaarverslag Hadoks 2024, p. 3",
            **changes}


def upload(rows: list[dict], lang: str = "nl", delimiter: str = ";", name: str = "tellingen.csv", **kw):
    return parse_upload(rows_to_csv(rows, delimiter), name, kw.pop("known", None) or known(), lang, **kw)


# --- every validation rule, with its exact message in both languages -----------------------------------------

RULES = [
    # (cells, column, code, nl message, en message) — the message as the form shows it: field, then problem
    ({"value_low": -1}, "value_low", "negative",
     "Aantal: Een aantal kan niet negatief zijn (ingevuld: -1).",
     "Number: A count cannot be negative (entered: -1)."),
    ({"value_low": 10, "value_high": 5}, "value_high", "low_above_high",
     "Aantal hoog (bij een bereik): De lage waarde (10) is hoger dan de hoge waarde (5).",
     "Number high (for a range): The low value (10) is above the high value (5)."),
    ({"period_start": dt.date(2024, 1, 1), "period_end": dt.date(2023, 12, 31)}, "period_end", "end_before_start",
     "Einde periode: De periode eindigt (2023-12-31) vóór het begin (2024-01-01).",
     "Period end: The period ends (2023-12-31) before it starts (2024-01-01)."),
    ({"area": "WK036300"}, "area", "unknown_area",  # a wijk of Amsterdam: not in the gemeente
     ("Gebied: Onbekend gebied ‘WK036300’: geen gebied van de gemeente (wijk, buurt of groep) heeft deze naam of "
      "code. Gebruik een CBS-code (GM…, WK…, BU…), de naam van een wijk of buurt, of een groep."),
     ("Area: Unknown area ‘WK036300’: no area of the municipality (district, neighbourhood or group) has this "
      "name or code. Use a CBS code (GM…, WK…, BU…), the name of a district or neighbourhood, or a group.")),
    ({"program": "yoga_op_recept"}, "program", "unknown_program",
     "Programma: Onbekend programma ‘yoga_op_recept’.",
     "Programme: Unknown programme ‘yoga_op_recept’."),
    ({"period_start": dt.date(2025, 7, 1), "period_end": dt.date(2025, 12, 31)}, "period_start", "future_period",
     "Begin periode: De periode begint in de toekomst (2025-07-01): een telling gaat over wat al gebeurd is.",
     "Period start: The period starts in the future (2025-07-01): a count is about what has already happened."),
    ({"source": "   "}, "source", "empty_source",
     "Bron: Geef een bron: document en paragraaf of pagina.",
     "Source: Give a source: document and section or page."),
]
FORM = {"program": "gli", "area": "WK051836", "period_start": dt.date(2024, 1, 1),
        "period_end": dt.date(2024, 12, 31), "value_low": 120.0, "value_high": None, "qualifier": "exact",
        "source": "Jaarverslag Hadoks 2024, p. 3", "note_nl": ""}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("cells,column,code,nl,en", RULES, ids=[r[2] for r in RULES])
def test_form_rule_names_the_field(cells, column, code, nl, en, lang):
    count, problems = check_values({**FORM, **cells}, known(), lang)
    assert count is None
    assert [(p.column, p.code) for p in problems] == [(column, code)]
    assert form_message(problems[0], lang) == (nl if lang == "nl" else en)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("cells,column,code,nl,en", RULES, ids=[r[2] for r in RULES])
def test_upload_rule_by_row_and_column(cells, column, code, nl, en, lang):
    text_cells = {k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in cells.items()}
    parsed = upload([row(), row(**text_cells), row(value_low="130", period_start="2023-01-01",
                                                    period_end="2023-12-31")], lang)
    message = (nl if lang == "nl" else en).split(": ", 1)[1]  # the upload names the column separately
    assert parsed.problems == [Problem(3, column, code, message)]
    assert not parsed.ok and imported(parsed) == [r.count for r in parsed.rows if r.count is not None]
    assert [r.row for r in parsed.rows if r.count is not None] == [2, 4]


def test_a_valid_form_entry():
    count, problems = check_values(FORM, known(), "nl")
    assert problems == [] and (count.value_low, count.value_high, count.area) == (120, 120, "WK051836")


def test_future_period_in_the_store_too():
    """The rule lives in programs.validation, so the store refuses it even without a form."""
    future = dt.date.today() + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as info:
        validate_count({**FORM, "period_start": future, "period_end": future}, {"gli"})
    assert info.value.errors()[0]["type"] == "future_period"
    validate_count({**FORM, "period_start": future, "period_end": future}, {"gli"}, today=future)  # that day: ok


def test_several_problems_in_one_row_in_column_order():
    parsed = upload([row(program="nope", value_low="-3", source="", period_end="2023-01-01")])
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [
        (2, "program", "unknown_program"), (2, "period_end", "end_before_start"), (2, "value_low", "negative"),
        (2, "source", "empty_source")]


def test_missing_required_value():
    parsed = upload([row(value_low="")], "en")
    assert parsed.problems == [Problem(2, "value_low", "required", "Please fill in this field.")]


# --- cells: numbers, dates, names ----------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [("120", 120), ("12,5", 12.5), ("12.5", 12.5), (" 7 ", 7)])
def test_numbers(value, expected):
    """A decimal comma or point, for a program whose counts may have decimals (none counts whole here)."""
    parsed = upload([row(value_low=value)], known=Known.build(PROGRAMS, AREAS, {}, TODAY, whole=()))
    assert parsed.ok and parsed.rows[0].count.value_low == expected


@pytest.mark.parametrize("value,code", [("1.234", "ambiguous_number"), ("1,234", "ambiguous_number"),
                                        ("veel", "not_a_number"), ("1.234.567", "not_a_number"),
                                        ("=5", "formula"), ("+5", "formula"), ("@SUM(A1)", "formula")])
def test_numbers_refused(value, code):
    parsed = upload([row(value_low=value)])
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(2, "value_low", code)]


def test_ambiguous_number_message():
    parsed = upload([row(value_low="1.234")], "en")
    assert parsed.problems[0].message == ("‘1.234’ is ambiguous: does the point or comma separate thousands or "
                                          "decimals? Write the number without a thousands separator, for example 1234.")


@pytest.mark.parametrize("start,end", [("2024-01-01", "2024-12-31"), ("1-1-2024", "31-12-2024"),
                                       ("01-01-2024", "31-12-2024")])
def test_dates(start, end):
    parsed = upload([row(period_start=start, period_end=end)])
    assert parsed.ok
    assert (parsed.rows[0].count.period_start, parsed.rows[0].count.period_end) == (dt.date(2024, 1, 1),
                                                                                    dt.date(2024, 12, 31))


@pytest.mark.parametrize("value", ["2024/01/01", "01/02/2024", "2024-02-30", "januari 2024"])
def test_dates_refused(value):
    parsed = upload([row(period_start=value)])
    assert [(p.column, p.code) for p in parsed.problems] == [("period_start", "not_a_date")]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("column,value", [("value_low", "veel"), ("period_start", "2025-13-01"),
                                          ("period_end", "januari 2024")])
def test_a_refused_number_or_date_is_quoted_in_its_message(column, value, lang):
    """'This is not a date.' said where, not what: a sheet's editor looks for the cell by what it holds."""
    (problem,) = upload([row(**{column: value})], lang).problems
    assert f"‘{value}’" in problem.message


@pytest.mark.parametrize("area,code", [
    ("Moerwijk", "WK051836"), ("moerwijk", "WK051836"), ("Duindorp (wijk)", "WK051808"),
    ("Duindorp (neighbourhood)", "BU05180808"), ("Den Haag", "GM0518"), ("Den Haag Zuidwest", "zuidwest"),
    ("zuidwest", "zuidwest"), ("BU05183610", "BU05183610")])
def test_areas_by_code_or_name(area, code):
    parsed = upload([row(area=area)])
    assert parsed.ok, parsed.problems
    assert parsed.rows[0].count.area == code


def test_a_name_of_two_areas_is_refused():
    parsed = upload([row(area="Duindorp")], "nl")
    message = "‘Duindorp’ is de naam van meer dan één gebied (BU05180808, WK051808): gebruik de CBS-code."
    assert parsed.problems == [Problem(2, "area", "ambiguous_area", message)]


@pytest.mark.parametrize("program", ["gli", "GLI", "Bridge officers", "brugfunctionarissen"])
def test_programs_by_id_or_name(program):
    parsed = upload([row(program=program)])
    assert parsed.ok and parsed.rows[0].count.program in PROGRAMS


@pytest.mark.parametrize("qualifier,code", [("", "exact"), ("about", "about"), ("ongeveer", "about"),
                                            ("meer dan", "more_than"), ("at least", "at_least")])
def test_qualifiers(qualifier, code):
    parsed = upload([row(qualifier=qualifier)])
    assert parsed.ok and parsed.rows[0].count.qualifier == code


@pytest.mark.parametrize("lang,message", [
    ("nl", "‘ca.’ is geen precisie die het dashboard kent. Gebruik ‘zoals in de bron’, ‘ongeveer’, ‘meer dan’, "
           "‘ten minste’, ‘minder dan’, of de Engelse namen of de codes (exact, about, more_than, at_least, "
           "less_than). Een lege cel betekent ‘zoals in de bron’."),
    ("en", "‘ca.’ is not a precision the dashboard knows. Use ‘as in the source’, ‘about’, ‘more than’, ‘at least’, "
           "‘less than’, or the Dutch names or the codes (exact, about, more_than, at_least, less_than). An empty "
           "cell means ‘as in the source’.")])
def test_unknown_qualifier_lists_the_allowed_ones_in_the_pages_language(lang, message):
    """It said only 'This value is not allowed.'"""
    parsed = upload([row(qualifier=" ca. ")], lang)
    assert parsed.problems == [Problem(2, "qualifier", "unknown_qualifier", message)]
    count, problems = check_values({**FORM, "qualifier": "ca."}, known(), lang)  # the form shares the check
    assert count is None and [form_message(p, lang) for p in problems] == [
        f"{'Precisie' if lang == 'nl' else 'Precision'}: {message}"]


# --- formula cells -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ['=HYPERLINK("http://x.invalid","klik")', "+31 70 123", "-2+3", "@SUM(A1:A2)",
                                  "\t=1+1", "  =1+1"])
@pytest.mark.parametrize("column", ["source", "note_nl", "quote"])
def test_formula_text_is_flagged_not_stored(text, column):
    parsed = upload([row(**{column: text})], "nl")
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(2, column, "formula")]
    assert parsed.problems[0].message.startswith(f"‘{text.strip()}’ begint met =, +, - of @")
    assert not parsed.ok and imported(parsed) == []


def test_formula_message_en():
    parsed = upload([row(source="=1+1")], "en")
    assert parsed.problems[0].message == ("‘=1+1’ starts with =, +, - or @ and could act as a formula in a "
                                          "spreadsheet. It was read as text, not saved: remove the character or put "
                                          "text in front of it.")


def test_text_with_a_formula_character_inside_is_fine():
    parsed = upload([row(source="Jaarverslag p. 3 = bijlage 2; +/- 10")])
    assert parsed.ok


# --- files: size, encodings, delimiters, columns -----------------------------------------------------------------

class HugeUpload(io.RawIOBase):
    """Says it is 200 MB (as Streamlit's UploadedFile does in `.size`) and fails if anything reads it."""

    size = 200 * MB

    def read(self, *args):  # pragma: no cover - must not be called
        raise AssertionError("a file over the limit must not be read")

    readinto = read


@pytest.mark.parametrize("lang,message", [("nl", "Het bestand is 200,0 MB; het maximum is 10 MB."),
                                          ("en", "The file is 200.0 MB; the maximum is 10 MB.")])
def test_a_200_mb_file_is_refused_without_reading_it(lang, message):
    assert max_upload_bytes() == 10 * MB  # .streamlit/config.toml maxUploadSize
    parsed = parse_upload(HugeUpload(), "groot.csv", known(), lang)
    assert parsed.problems == [Problem(0, "", "too_large", message)]


def test_size_from_the_caller_or_the_bytes():
    assert parse_upload(b"x" * 11, "a.csv", known(), max_bytes=10).problems[0].code == "too_large"
    assert parse_upload(b"program;area", "a.csv", known(), size=300 * MB).problems[0].code == "too_large"
    assert parse_upload(io.BytesIO(b"x" * 11), "a.csv", known(), max_bytes=10).problems[0].code == "too_large"


ENCODED = "program;area;period_start;period_end;value_low;source\ngli;Moerwijk;2024-01-01;2024-12-31;5;Één café\n"


@pytest.mark.parametrize("raw,found_nl,found_en", [
    (ENCODED.encode("utf-16"), "UTF-16 (little-endian, met BOM)", "UTF-16 (little-endian, with BOM)"),
    (b"\xfe\xff" + ENCODED.encode("utf-16-be"), "UTF-16 (big-endian, met BOM)", "UTF-16 (big-endian, with BOM)"),
    (ENCODED.encode("utf-32"), "UTF-32", "UTF-32"),
    (ENCODED.encode("utf-16-le"), "UTF-16 zonder BOM (of een binair bestand)", "UTF-16 without BOM (or a binary file)"),
    (ENCODED.encode("cp1252"), "Windows-1252 (ANSI), bijvoorbeeld ‘É’ op regel 2",
     "Windows-1252 (ANSI), for example ‘É’ on line 2"),
    (ENCODED.encode("utf-8").replace(b"\xc3\x89", b"\x81\x8d"), "een onbekende codering (regel 2 is geen UTF-8)",
     "an unknown encoding (line 2 is not UTF-8)"),
], ids=["utf16le-bom", "utf16be-bom", "utf32", "utf16-nobom", "cp1252", "unknown"])
def test_encodings_are_named(raw, found_nl, found_en):
    nl = parse_upload(raw, "tellingen.csv", known(), "nl")
    en = parse_upload(raw, "tellingen.csv", known(), "en")
    assert nl.problems == [Problem(0, "", "encoding", f"Het bestand is niet als UTF-8 opgeslagen: gevonden is "
                                   f"{found_nl}. Sla het in Excel op als ‘CSV UTF-8 (door komma's gescheiden)’ en "
                                   "upload het opnieuw.")]
    assert en.problems == [Problem(0, "", "encoding", f"The file was not saved as UTF-8: found {found_en}. In Excel, "
                                   "save it as ‘CSV UTF-8 (comma delimited)’ and upload it again.")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom(encoding):
    parsed = parse_upload(ENCODED.encode(encoding), "t.csv", known(), "nl")
    assert parsed.ok and parsed.encoding == encoding and parsed.rows[0].count.source == "Één café"


def test_decode_reports_the_line():
    assert decode("a\nb\né".encode("cp1252"))[1:] == ("cp1252", {"line": 3, "char": "é"})


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_the_delimiter_is_detected(delimiter):
    parsed = upload([row(), row(area="GM0518", value_low="7")], delimiter=delimiter)
    assert parsed.ok and parsed.delimiter == delimiter and len(imported(parsed)) == 2


def test_sniff_prefers_the_split_with_most_columns():
    assert sniff_delimiter("program;area;source") == (";", 3)
    assert sniff_delimiter('program,area,"a;b"') == (",", 3)


@pytest.mark.parametrize("lang,message", [
    ("nl", ("Velden in deze rij: 1, in de kopregel: 11 (scheidingsteken ‘;’). Staat er een ‘;’ in een waarde "
            "zonder aanhalingstekens, of zijn ; en , door elkaar gebruikt?")),
    ("en", ("Fields in this row: 1, in the header: 11 (delimiter ‘;’). Is there a ‘;’ in a value without "
            "quotation marks, or are ; and , mixed up?"))])
def test_semicolon_comma_confusion(lang, message):
    """The header uses ;, one row was typed with , (read with ; it is one field)."""
    data = rows_to_csv([row()], ";") + b"gli,Moerwijk,2024-01-01,2024-12-31,12,5,exact,Jaarverslag\n"
    parsed = parse_upload(data, "t.csv", known(), lang)
    assert parsed.problems == [Problem(3, "", "field_count", message)]


def test_a_comma_file_with_a_decimal_comma_is_caught():
    data = b"program,area,period_start,period_end,value_low,source\ngli,Moerwijk,2024-01-01,2024-12-31,12,5,Bron\n"
    parsed = parse_upload(data, "t.csv", known(), "en")
    assert [(p.row, p.code) for p in parsed.problems] == [(2, "field_count")]
    assert parsed.problems[0].message.startswith("Fields in this row: 7, in the header: 6 (delimiter ‘,’)")


def test_a_header_of_one_column():
    parsed = parse_upload(b"program area period\ngli x y\n", "t.csv", known(), "nl")
    assert parsed.problems == [Problem(1, "", "no_delimiter", "De kopregel heeft maar één kolom: scheid de kolommen "
                                                              "met ; of , zoals in het sjabloon.")]


def test_trailing_delimiters_are_harmless():
    data = rows_to_csv([row()], ";").replace(b"\n", b";;\n")
    assert parse_upload(data, "t.csv", known()).ok


def test_columns_missing_unknown_repeated():
    data = b"program;area;period_start;period_end;value_low;bronnen;notes;area\ngli;x;2024-01-01;2024-12-31;1;2;3;4\n"
    parsed = parse_upload(data, "t.csv", known(), "en")
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [
        (1, "bronnen", "unknown_column"), (1, "notes", "unknown_column"), (1, "area", "repeated_column"),
        (1, "source", "missing_column")]
    assert parsed.problems[-1].message == "The required column ‘source’ is missing."
    assert not parsed.rows  # rows are not checked against a broken header


def test_headers_may_be_the_field_names_in_dutch_or_english():
    data = (b"Programma;Gebied;Begin periode;Einde periode;Aantal;Bron\n"
            b"gli;Moerwijk;2024-01-01;2024-12-31;5;Jaarverslag\n")
    parsed = parse_upload(data, "t.csv", known(), "nl")
    assert parsed.ok and parsed.rows[0].count.value_low == 5
    data = b"Programme,Area,Period start,Period end,Number,Source\ngli,Moerwijk,2024-01-01,2024-12-31,-5,Report\n"
    parsed = parse_upload(data, "t.csv", known(), "en")
    assert parsed.problems == [Problem(2, "Number", "negative", "A count cannot be negative (entered: -5).")]


@pytest.mark.parametrize("data,name,code", [
    (b"", "t.csv", "empty_file"), (b"\n\n  \n", "t.csv", "empty_file"),
    (b"program;area;period_start;period_end;value_low;source\n", "t.csv", "no_rows"),
    (b"whatever", "t.xls", "old_excel"), (b"whatever", "t.pdf", "file_type"), (b"whatever", "t", "file_type"),
    (b"not a zip", "t.xlsx", "bad_excel"), (b'program;area\n"gli;x\n', "t.csv", "unclosed_quote"),
])
def test_files_refused_as_a_whole(data, name, code):
    parsed = parse_upload(data, name, known(), "nl")
    assert [p.code for p in parsed.problems] == [code] and not parsed.ok


def test_old_excel_message():
    parsed = parse_upload(b"x", "t.xls", known(), "en")
    assert parsed.problems[0].message == ("We cannot read the old Excel format (.xls): save the file as an Excel "
                                          "workbook (.xlsx) or as CSV UTF-8.")


def _zip(parts: dict[str, bytes]) -> bytes:
    """A zip of `parts` in order, stored as is (an .ods stores its mimetype first, uncompressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504  # an OLE header, its directory below


def _ole(*streams: str) -> bytes:
    return OLE + b"".join(name.encode("utf-16-le").ljust(64, b"\x00") for name in streams)


UNREADABLE_WORKBOOKS = [  # (why, bytes under the name tellingen.xlsx, what the message must say in English)
    ("encrypted", _ole("Root Entry", "EncryptionInfo", "EncryptedPackage"), "it is protected with a password"),
    ("xls", _ole("Root Entry", "Workbook", "\x05SummaryInformation"), "old Excel format (.xls) whose name ends"),
    ("text", rows_to_csv([row()]), "probably a CSV file whose name ends in .xlsx"),
    ("other", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "another kind of file"),
    ("ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
     "OpenDocument spreadsheet (.ods"),
    ("not_workbook", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
     "it holds no workbook"),
    ("damaged", template_xlsx("en")[:3000], "damaged or incomplete"),  # a download cut short
    ("damaged", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"not xml"}), "damaged or incomplete"),
    ("damaged", b"PK\x03\x04 not really a zip", "damaged or incomplete"),
]


def _raised(data: bytes) -> str:
    """The class of the exception opening `data` as a workbook raises (what the message used to show)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.testzip()
        openpyxl.load_workbook(io.BytesIO(data), read_only=True).close()
    except Exception as exc:  # noqa: BLE001 - any kind will do: its name must not show
        return type(exc).__name__
    raise AssertionError("the sample opens")


@pytest.mark.parametrize("why,data,said", UNREADABLE_WORKBOOKS, ids=[w for w, *_ in UNREADABLE_WORKBOOKS])
def test_an_unreadable_workbook_says_what_is_wrong_in_plain_words(why, data, said):
    """Before, the message named Python's exception ('… cannot be opened (BadZipFile)'): nothing an editor can act
    on. Now it says what the file is, as far as its bytes tell, and what to do."""
    assert why_unreadable(data) == why
    for lang in ("nl", "en"):
        parsed = parse_upload(data, "tellingen.xlsx", known(), lang)
        assert [(p.row, p.code) for p in parsed.problems] == [(0, "bad_excel")]
        message = parsed.problems[0].message
        assert _raised(data) not in message and "Error" not in message and "BadZip" not in message, message
        assert message.startswith(("Dit bestand is niet te lezen als Excel-werkmap: ",
                                   "This file cannot be read as an Excel workbook: ")), message
        assert lang == "nl" or said in message, message


@pytest.mark.parametrize("lang,message", [
    ("nl", "Dit bestand is niet te lezen als Excel-werkmap: het is met een wachtwoord beveiligd. Haal in Excel het "
           "wachtwoord eraf (Bestand > Info > Werkmap beveiligen > Versleutelen met wachtwoord, het veld leegmaken), "
           "sla het op en upload het opnieuw."),
    ("en", "This file cannot be read as an Excel workbook: it is a file in the old Excel format (.xls) whose name "
           "ends in .xlsm. Open it in Excel and save it as ‘Excel Workbook (*.xlsx)’ or as ‘CSV UTF-8’.")])
def test_the_unreadable_workbook_messages_in_full(lang, message):
    data = UNREADABLE_WORKBOOKS[0 if lang == "nl" else 1][1]
    assert parse_upload(data, "Tellingen.XLSM", known(), lang).problems[0].message == message


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr("programs.upload.check.MAX_ROWS", 3)
    parsed = upload([row(value_low=str(i)) for i in range(4)], "en")
    assert parsed.problems == [Problem(0, "", "too_many_rows", "The file has more than 3 rows: split it into "
                                                               "smaller files.")]


# --- duplicates ----------------------------------------------------------------------------------------------

def test_duplicates_of_stored_counts_and_within_the_file():
    stored = store.count_key("gli", "WK051836", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 120, 120)
    parsed = upload([row(), row(value_low="7"), row(value_low="7"), row(value_low="8")], known=known({stored: 41}))
    assert parsed.ok
    assert [(d.row, d.count_id, d.of_row) for d in parsed.duplicates] == [(2, 41, None), (4, None, 3)]
    # 7, 7 and 8 are other numbers for the period of #41: left out unless the editor adds them anyway
    assert [(s.row, s.count_id, s.of_row) for s in parsed.same_period] == [(3, 41, None), (4, 41, None),
                                                                           (5, 41, None)]
    assert [c.value_low for c in imported(parsed, skip_duplicates=True)] == []
    assert [c.value_low for c in imported(parsed, skip_duplicates=True, add_same_period=True)] == [7, 8]
    assert [c.value_low for c in imported(parsed, skip_duplicates=False, add_same_period=True)] == [120, 7, 7, 8]


def test_another_number_for_a_stored_period_or_an_earlier_rows_period_is_flagged():
    """A second number for one period left the map and the profile showing one of the two (the form asked
    first; an upload added it silently). The row names the stored count, or the first row of the file for it."""
    stored = store.count_key("gli", "WK051836", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 120, 120)
    other = {"period_start": "2023-01-01", "period_end": "2023-12-31"}
    parsed = upload([row(value_low="125"),  # 2: another number than #41
                     row(**other, value_low="50"),  # 3: the first of its period
                     row(**other, value_low="50"),  # 4: a duplicate of 3, not another number
                     row(**other, value_low="55"),  # 5: another number than row 3
                     row(**other, area="GM0518", value_low="55"),  # 6: another area
                     row(**other, value_low="50", value_high="60"),  # 7: a range is another number too
                     row(value_low="120")],  # 8: #41 itself, a duplicate
                    known=known({stored: 41}))
    assert parsed.ok
    assert [(s.row, s.count_id, s.of_row) for s in parsed.same_period] == [(2, 41, None), (5, None, 3),
                                                                           (7, None, 3)]
    assert [(d.row, d.count_id, d.of_row) for d in parsed.duplicates] == [(4, None, 3), (8, 41, None)]
    assert [c.value_low for c in imported(parsed)] == [50, 55]


def test_a_range_is_not_a_duplicate_of_its_low_value():
    stored = store.count_key("gli", "WK051836", dt.date(2024, 1, 1), dt.date(2024, 12, 31), 120, 120)
    parsed = upload([row(value_high="130")], known=known({stored: 41}))
    assert parsed.ok and not parsed.duplicates


# --- Excel ---------------------------------------------------------------------------------------------------

def _workbook(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_excel_with_typed_cells_and_a_formula():
    header = ["program", "area", "period_start", "period_end", "value_low", "value_high", "source"]
    data = _workbook([header,
                      ["gli", "Moerwijk", dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31), 120, None, "Jaarverslag"],
                      ["gli", "Moerwijk", dt.datetime(2023, 1, 1), dt.datetime(2023, 12, 31), "=A1*2", None, "Bron"],
                      ["gli", "Moerwijk", "2022-01-01", "2022-12-31", 10, 5, '=HYPERLINK("x")'],
                      [None] * 7])
    parsed = parse_upload(data, "tellingen.xlsx", known(), "nl")
    assert parsed.kind == "xlsx"
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [
        (3, "value_low", "formula"), (4, "value_high", "low_above_high"), (4, "source", "formula")]
    assert parsed.rows[0].count.period_start == dt.date(2024, 1, 1) and parsed.rows[0].count.value_low == 120


def test_excel_named_csv_is_read_as_excel():
    parsed = parse_upload(_workbook([["program", "area", "period_start", "period_end", "value_low", "source"],
                                     ["gli", "GM0518", "2024-01-01", "2024-12-31", 3, "Bron"]]), "t.csv", known())
    assert parsed.ok and parsed.kind == "xlsx"


# --- the template ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,delimiter", [("nl", ";"), ("en", ",")])
def test_template_csv(lang, delimiter):
    data = template_csv(lang)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = parse_upload(data, "sjabloon.csv", known(), lang)
    assert parsed.delimiter == delimiter and parsed.columns == list(COLUMNS)
    assert [p.code for p in parsed.problems] == ["example_row"], "the example row must be replaced, not imported"


def test_template_xlsx_with_the_example_replaced():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    sheet = book.active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    sheet["H2"], sheet["J2"] = "Jaarverslag Hadoks 2024, p. 3", ""
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_upload(buffer.getvalue(), "sjabloon.xlsx", known(), "nl")
    assert parsed.ok and parsed.rows[0].count.value_low == 1234


# --- property: what we write as CSV comes back the same ----------------------------------------------------------

counts_strategy = st.lists(st.fixed_dictionaries({
    "program": st.sampled_from(sorted(PROGRAMS)), "area": st.sampled_from(["GM0518", "WK051836", "zuidwest"]),
    "year": st.integers(2015, 2024), "low": st.integers(0, 100_000), "extra": st.integers(0, 500),
    "source": st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .filter(lambda s: s.strip() and not s.lstrip().startswith(("=", "+", "-", "@"))),
}), min_size=1, max_size=15)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts_strategy, st.sampled_from([";", ","]))
def test_round_trip(items, delimiter):
    rows = [row(program=i["program"], area=i["area"], period_start=f"{i['year']}-01-01",
                period_end=f"{i['year']}-12-31", value_low=str(i["low"]), value_high=str(i["low"] + i["extra"]),
                source=i["source"]) for i in items]
    parsed = parse_upload(rows_to_csv(rows, delimiter), "t.csv", known(), "nl")
    assert not parsed.problems, parsed.problems
    got = [(c.program, c.area, c.period_start.year, c.value_low, c.value_high, c.source)
           for c in imported(parsed, skip_duplicates=False, add_same_period=True)]
    assert got == [(i["program"], i["area"], i["year"], i["low"], i["low"] + i["extra"], i["source"].strip())
                   for i in items]


# --- importing: one transaction, on SQLite and PostgreSQL ------------------------------------------------------

def _store_known(sessions) -> Known:
    with sessions() as s:
        programs = store.list_programs(s)
        return Known.build({p.id: [p.name_nl, p.name_en] for p in programs.itertuples()}, AREAS,
                           store.count_keys(s))


def _totals(sessions) -> tuple[int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(Count)),
                s.scalar(select(func.count()).select_from(CountRevision)))


def monthly(i: int, **changes) -> dict:
    """Row i of a file with one count per month from January 2000 on: no two rows for one period."""
    month = f"{2000 + i // 12}-{i % 12 + 1:02d}-01"
    return row(**{"value_low": str(i), "period_start": month, "period_end": month, **changes})


def test_import_all_rows_in_one_go(sessions):
    rows = [monthly(i) for i in range(250)]
    parsed = parse_upload(rows_to_csv(rows), "veel.csv", _store_known(sessions), "nl")
    assert parsed.ok
    before = _totals(sessions)
    result = import_upload(sessions, parsed, "Piet (Hadoks)")
    assert len(result.ids) == 250 and result.skipped == 0
    assert _totals(sessions) == (before[0] + 250, before[1] + 250)
    with sessions() as s:
        hist = store.history(s, result.ids[-1])
    assert hist[["revision", "changed_by", "reason", "value_low"]].values.tolist() == [
        [1, "Piet (Hadoks)", "upload: veel.csv", 249]]
    again = parse_upload(rows_to_csv(rows), "veel.csv", _store_known(sessions), "nl")
    assert len(again.duplicates) == 250 and import_upload(sessions, again, "Piet").ids == []


def test_an_invalid_upload_cannot_be_imported(sessions):
    parsed = parse_upload(rows_to_csv([row(), row(value_low="-1")]), "t.csv", _store_known(sessions))
    before = _totals(sessions)
    with pytest.raises(UploadNotValid):
        import_upload(sessions, parsed, "Piet")
    assert _totals(sessions) == before


def test_one_bad_row_at_the_database_rolls_back_every_row(sessions, monkeypatch):
    """If the database refuses anything midway (here: the last chunk), nothing of the upload stays."""
    parsed = parse_upload(rows_to_csv([monthly(i) for i in range(30)]), "t.csv", _store_known(sessions))
    before = _totals(sessions)
    calls = []

    def fail_on_third_chunk(done, total):
        calls.append(done)
        if len(calls) == 3:
            raise RuntimeError("disk full")

    real = store.add_counts
    monkeypatch.setattr("programs.upload.importing.store.add_counts",
                        lambda *a, **k: real(*a, **{**k, "chunk_size": 10, "progress": fail_on_third_chunk}))
    with pytest.raises(RuntimeError):
        import_upload(sessions, parsed, "Piet")
    assert calls == [10, 20, 30] and _totals(sessions) == before


def test_rows_with_another_number_for_a_period_are_left_out_unless_added(sessions):
    """Looked up again inside the import's transaction: a count stored since the check is seen too."""
    first = parse_upload(rows_to_csv([monthly(0), monthly(1)]), "eerst.csv", _store_known(sessions))
    ids = import_upload(sessions, first, "Piet").ids
    rows = [monthly(0, value_low="5"),  # another number than the stored January
            monthly(2), monthly(2, value_low="9"),  # March twice, with two numbers
            monthly(3)]
    parsed = parse_upload(rows_to_csv(rows), "t.csv", _store_known(sessions))
    assert [(s.row, s.count_id, s.of_row) for s in parsed.same_period] == [(2, ids[0], None), (4, None, 3)]
    with sessions.begin() as s:  # April is stored by someone else after the check
        late = store.add_count(s, {**monthly(3, value_low="40"), "value_high": None}, "Els").id
    before = _totals(sessions)
    result = import_upload(sessions, parsed, "Piet")
    assert (len(result.ids), result.skipped, result.left_out) == (1, 0, 3)
    assert _totals(sessions) == (before[0] + 1, before[1] + 1)
    with sessions() as s:
        assert [(c.period_start.month, c.value_low) for c in (store.get_count(s, i) for i in result.ids)] == [(3, 2)]
        assert store.get_count(s, late).value_low == 40

    added = import_upload(sessions, parsed, "Piet", add_same_period=True)
    assert (len(added.ids), added.skipped, added.left_out) == (3, 1, 0)  # March's 2 is stored now: a duplicate
    with sessions() as s:
        assert sorted((c.period_start.month, c.value_low) for c in (store.get_count(s, i) for i in added.ids)) == [
            (1, 5), (3, 9), (4, 3)]


def test_add_counts_validates_every_row_before_writing(sessions):
    good = {"program": "gli", "area": "GM0518", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "value_low": 1, "source": "x"}
    before = _totals(sessions)
    with pytest.raises(ValidationError), sessions.begin() as s:
        store.add_counts(s, [good, {**good, "value_low": -1}], "Piet")
    assert _totals(sessions) == before

