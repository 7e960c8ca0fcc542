"""Bad input, generated (issue #11): 500 malformed uploads from hypothesis, each checked against a real store.

Every upload is either refused, with problems that name the row (and, for a cell, the column) and the rule, or
accepted; the store is unchanged after every refused one (rows, revisions and a SHA-256 of the counts table,
before and after) and an attempt to import it anyway raises. An accepted upload stores exactly its rows (minus
duplicates and rows with another number for a period), text as typed. What is generated: valid files (the
control), duplicate rows, rows with another number for their period, broken CSV quoting, wrong delimiters, wrong
encodings, huge numbers, negative counts, future dates, bad dates, ranges and periods the wrong way round, unknown
areas and programs, HTML/script and markdown in text, formula cells, invisible control
characters, empty files, files of up to 200 MB (by their size metadata), wrong, missing and repeated columns, the
template's example row, broken Excel files and unsupported file types; and since issue #21: shifted rows (an
unquoted delimiter inside a value), workbook bombs over their budgets, line breaks before a formula inside a cell,
markdown and auto-links, implausible years, blank lines above the header (the real line number), text over its
column's length. One explicit upload is a real 200 MB bytes object. A few accepted kinds go through PostgreSQL too
(what passes the check must also import there).

Every case says its outcome: refused (with the codes it may be refused for, and the row and column it must be
pointed at) or accepted. An accepted case that is refused fails, and what is stored is compared with the text the
case itself wrote (stripped of surrounding blanks, as every form strips), not with what the parser made of it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from programs import store
from programs.db import make_sessions, open_store
from programs.models import Count, CountRevision
from programs.upload import (
    COLUMNS,
    EXAMPLE_ROW,
    MB,
    TEXT_LIMITS,
    Known,
    ParsedUpload,
    UploadNotValid,
    import_upload,
    max_upload_bytes,
    parse_upload,
    rows_to_csv,
)
from tests.conftest_pg import postgres_url, reset_postgres
from tests.reliability import record, reliability_summary  # noqa: F401  (fixture)

TODAY = dt.date.today()
# Problems about the file as a whole (row 0) or a line of it without one cell to blame.
FILE_CODES = {"too_large", "empty_file", "encoding", "file_type", "old_excel", "bad_excel", "no_delimiter",
              "bad_csv", "unclosed_quote", "text_after_quote", "too_many_rows", "no_rows", "workbook_budget",
              "several_sheets"}
ROW_CODES = {"field_count", "cells_past_header", "example_row"}
HEADER_CODES = {"unknown_column", "repeated_column", "missing_column"}


# --- the store and what uploads are checked against -------------------------------------------------------------

@dataclass
class Target:
    engine: Engine
    sessions: sessionmaker[Session]
    programs: dict[str, list[str]]
    areas: dict[str, str]

    def known(self) -> Known:
        with self.sessions() as session:
            existing = store.count_keys(session)
        return Known.build(self.programs, self.areas, existing)


def _areas() -> dict[str, str]:
    from geo.boundaries import read_areas

    names = {"GM0518": "Den Haag"}
    for level in ("wijk", "buurt"):
        frame = read_areas("GM0518", level)
        names.update(zip(frame["code"], frame["name"]))
    return names


def _target(url: str) -> Target:
    engine = open_store(url)
    sessions = make_sessions(engine)
    with sessions() as session:
        programs = {p.id: [p.name_nl, p.name_en] for p in store.list_programs(session).itertuples()}
    return Target(engine, sessions, programs, _areas())


@pytest.fixture(scope="module")
def target(mirror, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bad-uploads")
    made = _target(f"sqlite:///{folder / 'programs.sqlite'}")
    yield made
    made.engine.dispose()


def snapshot(sessions: sessionmaker[Session]) -> tuple[int, int, str]:
    """Rows of counts, rows of revisions, and a SHA-256 over every row of the counts table."""
    with sessions() as session:
        digest = hashlib.sha256()
        rows = session.execute(select(Count.__table__).order_by(Count.id)).all()
        for row in rows:
            digest.update(repr(tuple(row)).encode())
        revisions = session.scalar(select(func.count()).select_from(CountRevision))
    return len(rows), revisions, digest.hexdigest()


# --- what is generated ------------------------------------------------------------------------------------------

@dataclass
class Case:
    kind: str
    data: bytes
    filename: str = "tellingen.csv"
    size: int | None = None  # size metadata of the upload (None: its length)
    refuse: set[str] = field(default_factory=set)  # acceptable codes of the refusal; empty: must be accepted
    row: int | None = None  # where the refusal must point (None: anywhere)
    column: str | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # the rows as written (for accepted uploads)


PLAIN = st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn"))


def plain_text(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a person might type: any letters, digits, punctuation, emoji; not starting like a formula."""
    return (st.text(PLAIN, min_size=min_size, max_size=max_size)
            .map(str.strip).filter(lambda s: s and not s.startswith(("=", "+", "-", "@", "\ufeff"))))


@st.composite
def valid_row(draw: st.DrawFn, programs: list[str], areas: list[str]) -> dict[str, Any]:
    year = draw(st.integers(2012, TODAY.year - 1))
    start = dt.date(year, draw(st.integers(1, 12)), 1)
    end = start + dt.timedelta(days=draw(st.integers(0, 400)))
    low = draw(st.integers(0, 100_000))
    high = draw(st.one_of(st.just(""), st.integers(low, low + 5_000).map(str)))
    return {"program": draw(st.sampled_from(programs)), "area": draw(st.sampled_from(areas)),
            "period_start": start.isoformat(), "period_end": end.isoformat(), "value_low": str(low),
            "value_high": high, "qualifier": draw(st.sampled_from(["exact", "about", "at_least", ""])),
            "source": draw(plain_text()), "quote": draw(st.one_of(st.just(""), plain_text(max_size=80))),
            "note_nl": draw(st.one_of(st.just(""), plain_text(max_size=80))), "note_en": ""}


def _rows(draw: st.DrawFn, target: Target, n_min: int = 1, n_max: int = 4) -> list[dict[str, Any]]:
    programs, areas = sorted(target.programs), ["GM0518", "WK051836", "WK051838", "zuidwest", "laak",
                                                *sorted(c for c in target.areas if c.startswith("BU"))[:20]]
    return draw(st.lists(valid_row(programs, areas), min_size=n_min, max_size=n_max))


def _csv(rows: list[dict[str, Any]], delimiter: str = ";") -> bytes:
    """As Excel writes CSV: lines end in CR LF, so a cell holding a CR or LF is quoted."""
    return rows_to_csv(rows, delimiter, "\r\n")


def _bad_cell(draw: st.DrawFn, target: Target, column: str, value: str, codes: set[str], kind: str) -> Case:
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    rows[i] = {**rows[i], column: value}
    return Case(kind, _csv(rows, draw(st.sampled_from([";", ","]))), refuse=codes, row=i + 2, column=column)


def k_valid(draw, target):
    rows = _rows(draw, target)
    return Case("valid", _csv(rows, draw(st.sampled_from([";", ",", "\t"]))), rows=rows)


def k_duplicate_rows(draw, target):
    rows = _rows(draw, target)
    copies = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3))
    every = rows + copies
    return Case("duplicate_rows", _csv(every), rows=every)


def k_other_number(draw, target):
    """Rows again with another number for their period: accepted, and left out of the import (the default)."""
    rows = _rows(draw, target)
    picked = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3))
    others = [{**r, "value_low": str(int(r["value_low"]) + draw(st.integers(1, 50))), "value_high": ""}
              for r in picked]
    every = rows + others
    return Case("other_number", _csv(every), rows=every)


def k_html_in_text(draw, target):
    rows = _rows(draw, target)
    nasty = draw(st.sampled_from([
        "<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "</div><h1>kop</h1>",
        "[klik hier](https://elders.invalid)", "![](https://elders.invalid/p.png)", "**vet** _schuin_ `code`",
        "<a href=\"javascript:alert(1)\">bron</a>", "'; DROP TABLE counts; --", "{{7*7}} ${7*7}"]))
    column = draw(st.sampled_from(["source", "quote", "note_nl"]))
    i = draw(st.integers(0, len(rows) - 1))
    rows[i] = {**rows[i], column: draw(plain_text(max_size=10)) + " " + nasty}
    return Case("html_in_text", _csv(rows), rows=rows)


def k_broken_quote(draw, target):
    rows = _rows(draw, target, 2, 4)
    i = draw(st.integers(0, len(rows) - 1))
    lines = _csv(rows).decode().split("\r\n")
    cells = lines[i + 1].split(";")
    j = draw(st.integers(0, len(cells) - 1))
    cells[j] = '"' + cells[j].strip('"')  # an opening quotation mark that is never closed
    lines[i + 1] = ";".join(cells)
    return Case("broken_quote", "\r\n".join(lines).encode(), refuse={"bad_csv", "unclosed_quote", "text_after_quote", "field_count"})


def k_wrong_delimiter(draw, target):
    rows = _rows(draw, target, 2, 4)
    if draw(st.booleans()):  # one row written with the other delimiter
        i = draw(st.integers(0, len(rows) - 1))
        lines = _csv(rows, ";").decode().split("\r\n")
        lines[i + 1] = _csv([rows[i]], ",").decode().split("\r\n")[1]
        return Case("wrong_delimiter", "\r\n".join(lines).encode(), refuse={"field_count"}, row=i + 2)
    other = draw(st.sampled_from(["|", "#", " "]))  # a delimiter we do not read: one column
    return Case("wrong_delimiter", _csv(rows, ";").decode().replace(";", other).encode(),
                refuse={"no_delimiter", "unknown_column", "missing_column"}, row=1)


def k_wrong_encoding(draw, target):
    rows = _rows(draw, target)
    rows[0] = {**rows[0], "source": rows[0]["source"] + " Hagenaars – café €"}
    text = _csv(rows).decode()
    encoding = draw(st.sampled_from(["cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp437",
                                     "mac_roman"]))
    data = text.encode(encoding, errors="replace")
    if encoding == "latin-1":
        data = data.replace("€".encode("latin-1", errors="replace"), b"\xe9")
    return Case("wrong_encoding", data, refuse={"encoding"}, row=0)


def k_huge_number(draw, target):
    value = draw(st.one_of(st.integers(11, 400).map(lambda n: "9" * n), st.integers(1_000_000_001, 10**30).map(str),
                           st.sampled_from(["1e400", "1E9", "inf", "Infinity", "NaN", "-nan", "1" * 309])))
    column = draw(st.sampled_from(["value_low", "value_high"]))
    case = _bad_cell(draw, target, column, value, {"too_big", "not_a_number", "low_above_high", "formula"},
                     "huge_number")  # "-nan": a text starting with - in a number column is a formula
    return case


def k_negative(draw, target):
    value = str(-draw(st.integers(1, 10**6)))
    return _bad_cell(draw, target, "value_low", value, {"negative"}, "negative")


def k_future_date(draw, target):
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    start = TODAY + dt.timedelta(days=draw(st.integers(1, 3650)))
    rows[i] = {**rows[i], "period_start": start.isoformat(),
               "period_end": (start + dt.timedelta(days=draw(st.integers(0, 365)))).isoformat()}
    # beyond next year the date is implausible too (2000 to next year): either rule refuses it
    return Case("future_date", _csv(rows), refuse={"future_period", "implausible_period"}, row=i + 2,
                column="period_start")


def k_bad_date(draw, target):
    value = draw(st.one_of(st.sampled_from(["2024-13-01", "2024-02-30", "31/12/2024", "gisteren", "2024", "0000-00-00",
                                            "2024-1-1", "99999-01-01", "1-1-24"]),
                           plain_text(max_size=12).filter(lambda s: not any(c.isdigit() for c in s))))
    column = draw(st.sampled_from(["period_start", "period_end"]))
    return _bad_cell(draw, target, column, value, {"not_a_date"}, "bad_date")


def k_wrong_order(draw, target):
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    if draw(st.booleans()):
        rows[i] = {**rows[i], "value_low": "50", "value_high": str(draw(st.integers(0, 49)))}
        return Case("wrong_order", _csv(rows), refuse={"low_above_high"}, row=i + 2, column="value_high")
    rows[i] = {**rows[i], "period_start": "2023-06-01", "period_end": "2023-05-31"}
    return Case("wrong_order", _csv(rows), refuse={"end_before_start"}, row=i + 2, column="period_end")


def k_unknown_area(draw, target):
    value = draw(st.one_of(st.sampled_from(["WK036300", "BU00000000", "GM9999", "NL00", "Atlantis", "wk051836x"]),
                           plain_text(max_size=20).map(lambda s: "X-" + s)))
    return _bad_cell(draw, target, "area", value, {"unknown_area"}, "unknown_area")


def k_unknown_program(draw, target):
    value = draw(st.one_of(st.sampled_from(["yoga_op_recept", "GLI2", "gli ", "Gli-plus"]),
                           plain_text(max_size=20).map(lambda s: "zz " + s)))
    if value.strip().casefold() in {p.casefold() for p in target.programs}:
        value = "zz " + value
    return _bad_cell(draw, target, "program", value, {"unknown_program"}, "unknown_program")


def k_formula(draw, target):
    start = draw(st.sampled_from(["=", "+", "-", "@", "\t", "\r", " ="]))
    value = start + draw(st.sampled_from(["HYPERLINK(\"http://x.invalid\",\"klik\")", "1+1", "cmd|' /C calc'!A0",
                                          "SUM(A1:A9)", "31 70 123"]))
    column = draw(st.sampled_from(["source", "quote", "note_nl", "note_en", "area", "program", "value_low"]))
    return _bad_cell(draw, target, column, value, {"formula"}, "formula")


def k_control_char(draw, target):
    char = draw(st.sampled_from(["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"]))
    column = draw(st.sampled_from(["source", "quote", "note_nl"]))
    value = draw(plain_text(max_size=10)) + char + draw(plain_text(max_size=10))
    return _bad_cell(draw, target, column, value, {"control_char"}, "control_char")


def k_empty(draw, target):
    """Nothing, blanks, a BOM alone (Excel's empty sheet), empty cells, or a header without rows."""
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    header = draw(st.sampled_from([b"", b";;;;\r\n", ";".join(COLUMNS).encode() + b"\r\n",
                                   ",".join(COLUMNS).encode() + b"\n"]))
    blanks = draw(st.text(" \t\r\n", max_size=30)).encode()
    return Case("empty_file", bom + header + blanks, refuse={"empty_file", "no_rows"})


def k_too_large(draw, target):
    rows = _rows(draw, target)
    size = draw(st.integers(max_upload_bytes() + 1, 200 * MB))
    return Case("too_large", _csv(rows), size=size, refuse={"too_large"}, row=0, column="")


def _unquoted(value: Any) -> str:
    """A cell for a CSV line written without quoting: no ; and no " (which would open a quoted field)."""
    return str(value).replace(";", ",").replace('"', "'")


def k_columns(draw, target):
    rows = _rows(draw, target)
    header = list(COLUMNS)
    what = draw(st.sampled_from(["missing", "unknown", "repeated"]))
    if what == "missing":
        gone = draw(st.sampled_from(["program", "area", "period_start", "period_end", "value_low", "source"]))
        header.remove(gone)
        lines = [";".join(header)] + [";".join(_unquoted(r[c]) for c in header) for r in rows]
        return Case("columns", ("\n".join(lines) + "\n").encode(), refuse={"missing_column"}, row=1, column=gone)
    extra = "herkomst" if what == "unknown" else draw(st.sampled_from(["source", "area", "Bron"]))
    header.append(extra)
    lines = [";".join(header)] + [";".join([*(_unquoted(r[c]) for c in COLUMNS), "x"]) for r in rows]
    code = "unknown_column" if what == "unknown" else "repeated_column"
    return Case("columns", ("\n".join(lines) + "\n").encode(), refuse={code}, row=1, column=extra)


def k_example_row(draw, target):
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows)))
    rows.insert(i, {k: str(v) for k, v in EXAMPLE_ROW.items()})
    return Case("example_row", _csv(rows), refuse={"example_row"}, row=i + 2)


def k_file_type(draw, target):
    rows = _rows(draw, target)
    name, data, codes = draw(st.sampled_from([
        ("tellingen.xlsx", b"PK\x03\x04 not really a zip", {"bad_excel"}),
        ("tellingen.xlsx", _csv(rows), {"bad_excel"}),
        ("tellingen.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, {"old_excel"}),
        ("tellingen.pdf", b"%PDF-1.7\n", {"file_type"}),
        ("tellingen", _csv(rows), {"file_type"}),
        ("tellingen.csv.exe", b"MZ\x90\x00", {"file_type"}),
    ]))
    return Case("file_type", data, filename=name, refuse=codes, row=0)


def k_shifted_columns(draw, target):
    """A value holding the delimiter, typed without quotation marks: the row is one field too long. The fields
    after it are empty (issue #21: the last empty field was dropped and the row stored one column off)."""
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    delimiter = draw(st.sampled_from([";", ","]))
    column = draw(st.sampled_from(["source", "quote", "note_nl"]))
    head, tail = draw(plain_text(max_size=12)), draw(plain_text(max_size=12))
    cells = {c: str(rows[i].get(c, "")) for c in COLUMNS}
    cells.update({"source": "bron", "quote": "", "note_nl": "", "note_en": ""})
    cells[column] = f"{head}{delimiter} {tail}"
    safe = {c: v.replace('"', "").replace("\r", "").replace("\n", "") if c != column else v for c, v in cells.items()}
    safe = {c: v.replace(delimiter, " ") if c != column else v.replace('"', "") for c, v in safe.items()}
    lines = _csv(rows, delimiter).decode().split("\r\n")
    lines[i + 1] = delimiter.join(safe[c] for c in COLUMNS)
    return Case("shifted_columns", "\r\n".join(lines).encode(), refuse={"field_count"}, row=i + 2)


def _workbook_bytes(rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for cells in rows:
        book.active.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bomb(kind: str, over: int) -> bytes:
    """A real workbook (header and one count) with one part swapped for a bomb `over` a budget by that much."""
    from programs.upload import BUDGET

    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    part, data = {
        "one_huge_string": ("xl/sharedStrings.xml", b"<sst " + ns + b"><si><t>" + b"a" * (BUDGET.shared_strings_size + over)
                            + b"</t></si></sst>"),
        "many_strings": ("xl/sharedStrings.xml", b"<sst " + ns + b">" + b"<si><t>a</t></si>" * (BUDGET.shared_strings + over)
                         + b"</sst>"),
        "wide_row": ("xl/worksheets/sheet1.xml", b"<worksheet " + ns + b'><sheetData><row r="1">'
                     + b"<c><v>1</v></c>" * (BUDGET.cells_per_row + over) + b"</row></sheetData></worksheet>"),
        "huge_styles": ("xl/styles.xml", b"<styleSheet " + ns + b">" + b" " * (BUDGET.other_part + over) + b"</styleSheet>"),
    }[kind]
    base = _workbook_bytes([list(COLUMNS), ["gli", "GM0518", "2020-01-01", "2020-12-31", 1, None, None, "bron"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            if info.filename != part:
                bomb.writestr(info, source.read(info))
        bomb.writestr(part, data)
    return out.getvalue()


def k_budget_bomb(draw, target):
    kind = draw(st.sampled_from(["one_huge_string", "many_strings", "wide_row", "huge_styles"]))
    name = draw(st.sampled_from(["tellingen.xlsx", "tellingen.csv", "tellingen.xlsm"]))  # read by content
    return Case("budget_bomb", _bomb(kind, draw(st.integers(1, 100_000))), filename=name, refuse={"workbook_budget"}, row=0)


def k_cr_formula(draw, target):
    """A line break inside a quoted cell, the next line starting like a formula (issue #21: stored, and exported as
    a CSV row starting with =cmd)."""
    value = (draw(plain_text(max_size=20)) + draw(st.sampled_from(["\r", "\n", "\r\n"]))
             + draw(st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", '=HYPERLINK("x")'])))
    column = draw(st.sampled_from(["source", "quote", "note_nl", "note_en"]))
    return _bad_cell(draw, target, column, value, {"line_break"}, "cr_formula")


def k_markdown(draw, target):
    """Markdown, auto-links and HTML are text: accepted and stored exactly as typed (the pages show them as text)."""
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    column = draw(st.sampled_from(["source", "quote", "note_nl", "note_en"]))
    text = draw(st.sampled_from([
        "https://elders.invalid/rapport.pdf", "<https://elders.invalid>", "www.elders.invalid", "mail@elders.invalid",
        "[bron](javascript:alert(1))", "![](https://elders.invalid/p.png)", "# kop", "> citaat", "| a | b |",
        "*nadruk* __vet__ ~~weg~~", "`code` ```blok```", "<img src=x onerror=alert(1)>", ":material/warning: :red[x]",
        "$x^2$ \\(y\\)", "[link][1]\u00a0[1]: https://elders.invalid"]))
    rows[i] = {**rows[i], column: draw(plain_text(max_size=10)) + " " + text}
    return Case("markdown", _csv(rows, draw(st.sampled_from([";", ","]))), rows=rows)


def k_implausible_year(draw, target):
    year = draw(st.sampled_from([1, 1000, 1899, 1900, 1999]))
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    rows[i] = {**rows[i], "period_start": f"{year:04d}-01-01", "period_end": f"{year:04d}-12-31"}
    return Case("implausible_year", _csv(rows), refuse={"implausible_period"}, row=i + 2, column="period_start")


def k_blank_lines_above(draw, target):
    """Blank lines above the header: a problem points at the line of the file (issue #21: it was off by them)."""
    rows = _rows(draw, target)
    i = draw(st.integers(0, len(rows) - 1))
    rows[i] = {**rows[i], "value_low": str(-draw(st.integers(1, 1000)))}
    blank = draw(st.lists(st.sampled_from(["", ";;;", " "]), min_size=1, max_size=5))
    data = "".join(line + "\r\n" for line in blank).encode() + _csv(rows)
    return Case("blank_lines_above", data, refuse={"negative"}, row=i + 2 + len(blank), column="value_low")


def k_too_long(draw, target):
    from programs.upload import TEXT_LIMITS

    column = draw(st.sampled_from(sorted(TEXT_LIMITS)))
    value = "x" * draw(st.integers(TEXT_LIMITS[column] + 1, 20_000))
    return _bad_cell(draw, target, column, value, {"too_long"}, "too_long")


KINDS: dict[str, Callable[..., Case]] = {
    "valid": k_valid, "duplicate_rows": k_duplicate_rows, "other_number": k_other_number,
    "html_in_text": k_html_in_text,
    "broken_quote": k_broken_quote, "wrong_delimiter": k_wrong_delimiter, "wrong_encoding": k_wrong_encoding,
    "huge_number": k_huge_number, "negative": k_negative, "future_date": k_future_date, "bad_date": k_bad_date,
    "wrong_order": k_wrong_order, "unknown_area": k_unknown_area, "unknown_program": k_unknown_program,
    "formula": k_formula, "control_char": k_control_char, "empty_file": k_empty, "too_large": k_too_large,
    "columns": k_columns, "example_row": k_example_row, "file_type": k_file_type,
    "shifted_columns": k_shifted_columns, "budget_bomb": k_budget_bomb, "cr_formula": k_cr_formula,
    "markdown": k_markdown, "implausible_year": k_implausible_year, "blank_lines_above": k_blank_lines_above,
    "too_long": k_too_long,
}


# --- the checks ---------------------------------------------------------------------------------------------------

PER_KIND = 25
EXAMPLES = PER_KIND * len(KINDS)  # 700


def check_problem_shape(parsed: ParsedUpload) -> None:
    """Every problem says where: a row (0 = the file), a column for a cell, a code and a message."""
    for p in parsed.problems:
        assert isinstance(p.row, int) and p.row >= 0, p
        assert p.code and isinstance(p.message, str) and p.message.strip(), p
        own_words = re.sub(r"‘[^’]*’", "", p.message)  # without the file's own values, quoted ‘…’ (may hold "{x}")
        assert not re.search(r"\{[a-z_]*\}", own_words), f"an unfilled placeholder: {p}"
        if p.code in FILE_CODES:
            continue
        if p.code in ROW_CODES:
            assert p.row >= 2 and p.column == "", p
        elif p.code in HEADER_CODES:
            assert p.row == 1 and p.column, p
        else:  # a cell: its row and its column as the file names it
            assert p.row >= 2 and p.column and (p.column in parsed.columns or p.column in COLUMNS), p


def check_case(target: Target, case: Case, tally: Counter) -> None:
    before = snapshot(target.sessions)
    known = target.known()
    parsed = parse_upload(case.data, case.filename, known, "nl", size=case.size)
    check_problem_shape(parsed)
    tally["generated"] += 1
    tally[f"kind:{case.kind}"] += 1
    if case.refuse:
        assert not parsed.ok, f"{case.kind} was accepted: {case.data[:300]!r}"
        matching = [p for p in parsed.problems if p.code in case.refuse]
        assert matching, f"{case.kind}: expected {case.refuse}, got {parsed.problems[:5]}"
        if case.row is not None:
            assert any(p.row == case.row for p in matching), (case.row, matching[:5])
        if case.column:
            assert any(p.row == (case.row or p.row) and p.column == case.column for p in matching), \
                (case.column, matching[:5])
    else:
        assert parsed.ok, f"{case.kind} must be accepted, was refused: {parsed.problems[:5]}"
    if not parsed.ok:
        with pytest.raises(UploadNotValid):
            import_upload(target.sessions, parsed, "hypothesis")
        assert snapshot(target.sessions) == before, "a refused upload changed the store"
        tally["refused"] += 1
        return
    expected = new_rows(case.rows, known.existing)
    done = import_upload(target.sessions, parsed, "hypothesis", skip_duplicates=True, areas=known.areas)
    after = snapshot(target.sessions)
    assert (after[0], after[1]) == (before[0] + len(expected), before[1] + len(expected))
    assert len(done.ids) == len(expected) and done.skipped + done.left_out == len(case.rows) - len(expected)
    with target.sessions() as session:
        stored = {c.id: c for c in session.scalars(select(Count).where(Count.id.in_(done.ids)))}
    for count_id, typed in zip(done.ids, expected):
        assert as_stored(stored[count_id]) == as_typed(typed), "stored exactly as the case typed it"
    tally["accepted"] += 1


def _key_of(row: dict[str, Any]) -> tuple:
    low = float(row["value_low"])
    return store.count_key(row["program"], row["area"], dt.date.fromisoformat(row["period_start"]),
                           dt.date.fromisoformat(row["period_end"]), low, float(row.get("value_high") or low))


def new_rows(rows: list[dict[str, Any]], existing: Any) -> list[dict[str, Any]]:
    """The rows a case wrote that go in: neither stored already nor repeated from an earlier row, nor another
    number for the program, area and period of a stored count or of the first row for that period."""
    stored = {key[:4] for key in existing}
    first: dict[tuple, tuple] = {}  # program, area, period -> the key of the first row for it
    seen: set[tuple] = set()
    out = []
    for row in rows:
        key = _key_of(row)
        if key in existing or key in seen or key[:4] in stored or first.setdefault(key[:4], key) != key:
            continue
        seen.add(key)
        out.append(row)
    return out


def as_typed(row: dict[str, Any]) -> tuple:
    """What a typed row must be in the store: its own text (blank: none), its dates and numbers."""
    def text(column: str) -> str | None:
        return str(row.get(column) or "").strip() or None

    low = float(row["value_low"])
    return (row["program"], row["area"], row["period_start"], row["period_end"], low,
            float(row.get("value_high") or low), row.get("qualifier") or "exact", text("source"), text("quote"),
            text("note_nl"), text("note_en"))


def as_stored(count: Count) -> tuple:
    return (count.program_id, count.area, count.period_start.isoformat(), count.period_end.isoformat(),
            count.value_low, count.value_high, count.qualifier, count.source, count.quote, count.note_nl,
            count.note_en)


TALLY: Counter = Counter()


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=PER_KIND, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=st.data())
def test_malformed_uploads_are_refused_where_they_are_wrong(target, kind, data):
    """25 generated uploads of each kind: 700 in all."""
    case = data.draw(st.composite(lambda draw: KINDS[kind](draw, target))(), label=kind)
    check_case(target, case, TALLY)


def test_the_figures_of_the_generated_uploads():
    """Runs after the property tests (file order): every kind 25 times."""
    assert TALLY["generated"] >= EXAMPLES, TALLY
    kinds = {k.removeprefix("kind:"): n for k, n in TALLY.items() if k.startswith("kind:")}
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= PER_KIND, kinds
    record(uploads_generated=TALLY["generated"], uploads_refused=TALLY["refused"],
           uploads_accepted=TALLY["accepted"], notes={"uploads_by_kind": dict(sorted(kinds.items()))})


def test_a_real_200_mb_upload_is_refused_without_touching_the_store(target):
    before = snapshot(target.sessions)
    data = b"program;area\n" + b"x" * (200 * MB)
    parsed = parse_upload(data, "groot.csv", target.known(), "en")
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(0, "", "too_large")]
    assert parsed.problems[0].message == "The file is 200.0 MB; the maximum is 10 MB."
    del data
    with pytest.raises(UploadNotValid):
        import_upload(target.sessions, parsed, "hypothesis")
    assert snapshot(target.sessions) == before
    record(uploads_generated=1, uploads_refused=1)


ACCEPTED_ON_POSTGRES = [
    {"source": "<script>alert('x')</script> Jaarverslag", "note_nl": "[klik](https://elders.invalid)"},
    {"source": "Ünïcödé – “quotes” ‘single’ 😀 العربية 中文", "quote": "a;b,c\"d"},
    {"source": "x" * TEXT_LIMITS["source"]},  # the longest source a cell may hold
    {"source": "'; DROP TABLE counts; --", "value_low": "1000000000"},
]


def test_what_passes_the_check_also_imports_into_postgresql(mirror, tmp_path):
    url = postgres_url()
    reset_postgres(url)
    pg = _target(url)
    try:
        for n, cells in enumerate(ACCEPTED_ON_POSTGRES):
            row = {"program": "gli", "area": "WK051836", "period_start": f"20{10 + n}-01-01",
                   "period_end": f"20{10 + n}-12-31", "value_low": str(n), "source": "bron", **cells}
            case = Case("postgres", _csv([row]), rows=[row])
            tally: Counter = Counter()
            check_case(pg, case, tally)
            assert tally["accepted"] == 1
        for bad in ("a\x00b", "\u202egnp.exe"):  # refused before PostgreSQL could choke on it
            row = {"program": "gli", "area": "WK051836", "period_start": "2020-01-01", "period_end": "2020-12-31",
                   "value_low": "1", "source": bad}
            tally = Counter()
            check_case(pg, Case("postgres", _csv([row]), refuse={"control_char"}, row=2, column="source"), tally)
            assert tally["refused"] == 1
    finally:
        pg.engine.dispose()
    record(uploads_generated=len(ACCEPTED_ON_POSTGRES) + 2, uploads_accepted=len(ACCEPTED_ON_POSTGRES),
           uploads_refused=2)
