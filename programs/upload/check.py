"""Uploads of many program counts (CSV or Excel): read, check every row, say what is wrong where, import.

Pure and testable without Streamlit: `parse_upload(bytes or file, filename, known, lang)` returns a
`ParsedUpload` with the rows, the problems as `Problem(row, column, code, message)` (row as a spreadsheet shows
it: the header is row 1; row 0 is the file as a whole) and the duplicates of counts already stored. Only an
upload without problems can be imported (`import_upload`), and then all its rows go in in ONE transaction or
none do.

What is refused, each with its own code (texts `entry_err_<code>`, else `prog_err_<code>` of validation.py):
- a file over the limit (`too_large`; the size is checked before anything is read, from `size` or the file's
  size metadata), an empty file, a type we do not read (`.xls`, anything but .csv/.txt/.xlsx/.xlsm);
- an encoding that is not UTF-8 (`encoding`: UTF-16/UTF-32 by their BOM, UTF-16 without BOM by its NUL bytes,
  Windows-1252, or unknown), said by name: the file is never guessed into text;
- `;`/`,` confusion: the delimiter is the one that splits the header into the most columns; a row with more or
  fewer fields than the header (`field_count`) is refused, as is a header of one column (`no_delimiter`);
- missing, unknown and repeated columns; numbers that are not numbers or ambiguous ('1.234': thousands or
  decimals?); dates not as yyyy-mm-dd or d-m-yyyy; every rule of `programs.validation.CountIn` (negative,
  low above high, end before start, a period in the future, an unknown program or area, an empty source);
- formula cells: text starting with = + - @ (or a tab / carriage return) is kept as text and flagged
  (`formula`), never evaluated; in a number column "-5" is a negative number, "=5" a formula;
- the example row of the template left in (`example_row`).
Rows equal to a stored count (same program, area, period and values) or to an earlier row of the file are
`duplicates`: not an error; the editor chooses to skip them (the default) or to add them anyway.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import time
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

import pandas as pd
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from texts.tables import safe_frame, to_csv_bytes, to_excel_bytes
from indicators.areas import groups
from programs import store
from programs.store import CountKey, count_key
from programs.validation import QUALIFIERS, CountIn, field_errors
from texts.i18n import LANGUAGES, fmt_number, messages, t

COLUMNS = ("program", "area", "period_start", "period_end", "value_low", "value_high", "qualifier", "source",
           "quote", "note_nl", "note_en")
REQUIRED = ("program", "area", "period_start", "period_end", "value_low", "source")
NUMBER_COLUMNS = frozenset({"value_low", "value_high"})
DATE_COLUMNS = frozenset({"period_start", "period_end"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: these can start a formula
DELIMITERS = (";", ",", "\t")
CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
MAX_ROWS = 50_000
MAX_COLUMNS = 64
MB = 1024 * 1024
DEFAULT_MAX_MB = 10
CONFIG_TOML = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
# Tests only: a file the import writes after each chunk it stored (before commit), and seconds to pause there,
# so a test can kill the process in the middle of an import (tests/test_entry_kill.py).
ENV_MARKER = "WIJKDASHBOARD_TEST_IMPORT_MARKER"
ENV_PAUSE = "WIJKDASHBOARD_TEST_IMPORT_PAUSE"

NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
AMBIGUOUS_NUMBER = re.compile(r"^-?\d{1,3}[.,]\d{3}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

EXAMPLE_ROW = {"program": "gli", "area": "GM0518", "period_start": "2024-01-01", "period_end": "2024-12-31",
               "value_low": 1234, "value_high": "", "qualifier": "exact",
               "source": "Jaarverslag Hadoks 2024, p. 3 (voorbeeld)", "quote": "",
               "note_nl": "Voorbeeldrij: vervang of verwijder deze rij.",
               "note_en": "Example row: replace or delete this row."}


def max_upload_bytes(config: Path = CONFIG_TOML) -> int:
    """The app's upload limit: `[server] maxUploadSize` (MB) of .streamlit/config.toml, else 10 MB."""
    try:
        with config.open("rb") as fh:
            mb = tomllib.load(fh).get("server", {}).get("maxUploadSize", DEFAULT_MAX_MB)
    except (OSError, tomllib.TOMLDecodeError):
        mb = DEFAULT_MAX_MB
    return int(mb) * MB


class Problem(NamedTuple):
    """One problem: the row (spreadsheet numbering; 0 = the whole file), the column as the file names it
    ("" for the whole row or file), a code, and the message in the editor's language."""

    row: int
    column: str
    code: str
    message: str


@dataclass(frozen=True)
class Duplicate:
    row: int
    count_id: int | None  # the stored count it equals
    of_row: int | None  # or the earlier row of the same file


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # the cells as read, by column
    count: CountIn | None  # None when the row has a problem


@dataclass
class ParsedUpload:
    filename: str
    kind: str | None = None  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    columns: list[str] = field(default_factory=list)  # headers as in the file
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every row is valid (and there is at least one): the editor may confirm."""
        return not self.problems and bool(self.rows)

    def counts(self, skip_duplicates: bool = True) -> list[CountIn]:
        skip = {d.row for d in self.duplicates} if skip_duplicates else set()
        return [r.count for r in self.rows if r.count is not None and r.row not in skip]

    def problem_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.problems, columns=list(Problem._fields))


@dataclass(frozen=True)
class Known:
    """What rows are checked against: the programs, the areas of the gemeente, the stored counts, today."""

    programs: frozenset[str]  # program ids
    program_lookup: Mapping[str, str]  # casefolded id or name -> id
    areas: frozenset[str]  # CBS codes of the gemeente (itself, its wijken and buurten)
    area_lookup: Mapping[str, tuple[str, ...]]  # casefolded code or name -> codes (groups included)
    existing: Mapping[CountKey, int] = field(default_factory=dict)
    today: dt.date | None = None

    @classmethod
    def build(cls, programs: Mapping[str, Sequence[str]], areas: Mapping[str, str],
              existing: Mapping[CountKey, int] | None = None, today: dt.date | None = None) -> Known:
        """`programs`: id -> its names; `areas`: code -> name (gemeente, wijken, buurten). Groups of
        data/areas.yaml are added by id and by their nl/en names."""
        program_lookup: dict[str, str] = {}
        for pid, names in programs.items():
            for name in [pid, *names]:
                program_lookup.setdefault(_key(name), pid)
        area_lookup: dict[str, set[str]] = {}
        for code, name in areas.items():
            for label in (code, name, *area_labels(code, name)):
                area_lookup.setdefault(_key(label), set()).add(code)
        for gid, group in groups().items():
            for label in (gid, *group["name"].values(), *(area_label(gid, group["name"][lang], "group", lang)
                                                          for lang in LANGUAGES)):
                area_lookup.setdefault(_key(label), set()).add(gid)
        return cls(frozenset(programs), program_lookup, frozenset(areas),
                   {k: tuple(sorted(v)) for k, v in area_lookup.items()}, dict(existing or {}), today)


def area_label(code: str, name: str, kind: str | None, lang: str) -> str:
    """'Moerwijk (wijk)', 'Den Haag Zuidwest (groep)': what the form shows, and an upload may use to tell a wijk
    from a buurt of the same name. `kind`: gemeente | wijk | buurt | group (None: from the code)."""
    kind = kind or {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}.get(code[:2], "group")
    return t(f"entry_area_{kind}", lang, name=name)


def area_labels(code: str, name: str) -> list[str]:
    return [area_label(code, name, None, lang) for lang in LANGUAGES]


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# --- messages --------------------------------------------------------------------------------------------

def _fmt(value: Any, lang: str) -> Any:
    if isinstance(value, float):
        return fmt_number(value, lang, 0 if value.is_integer() else 2)
    return value


def error_text(code: str, values: Mapping[str, Any], lang: str) -> str:
    """The message of a code: `entry_err_<code>` (data entry's own), else `prog_err_<code>` (validation.py)."""
    texts = messages(lang if lang in LANGUAGES else "nl")
    key = next((k for k in (f"entry_err_{code}", f"prog_err_{code}") if k in texts), "entry_err_unknown")
    try:
        return t(key, lang, code=code, **{k: _fmt(v, lang) for k, v in values.items() if k != "code"})
    except (KeyError, IndexError):  # a text with a placeholder we have no value for
        return t("entry_err_unknown", lang, code=code)


def field_label(column: str, lang: str) -> str:
    """The name of a field on the form ('Aantal (laag)'); an unknown column keeps its own name."""
    key = f"entry_field_{column}"
    return t(key, lang) if key in messages(lang) else column


def form_message(problem: Problem, lang: str) -> str:
    """A problem as the form shows it, naming the field: 'Aantal (laag): Een aantal kan niet negatief zijn …'."""
    if not problem.column:
        return problem.message
    return t("entry_field_problem", lang, field=field_label(problem.column, lang), message=problem.message)


# --- cells -----------------------------------------------------------------------------------------------

class _CellError(Exception):
    def __init__(self, code: str, **values: Any):
        self.code, self.values = code, values
        super().__init__(code)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and pd.isna(value))


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START[:4])


def _text(value: Any) -> str:
    if isinstance(value, str):
        if _is_formula(value):
            raise _CellError("formula", value=value.strip())
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise _CellError("not_a_number", value=str(value))
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise _CellError("not_a_number", value=str(value))
    text = value.strip()
    if NUMBER.match(text):
        if AMBIGUOUS_NUMBER.match(text):
            raise _CellError("ambiguous_number", value=text)
        return float(text.replace(",", "."))
    if _is_formula(value):
        raise _CellError("formula", value=text)
    raise _CellError("not_a_number", value=text)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = value.strip() if isinstance(value, str) else str(value)
    if isinstance(value, str) and _is_formula(value):
        raise _CellError("formula", value=text)
    try:
        if match := ISO_DATE.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := DUTCH_DATE.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise _CellError("not_a_date", value=text)


def _qualifier(text: str) -> str:
    key = _key(text)
    for code in QUALIFIERS:
        labels = {code, *(_key(messages(lang)[f"prog_qualifier_{code}"]) for lang in LANGUAGES)}
        if key in labels:
            return code
    return text


def _convert(column: str, value: Any, known: Known) -> Any:
    """A cell as CountIn wants it; raises _CellError with the reason."""
    if column in NUMBER_COLUMNS:
        return _number(value)
    if column in DATE_COLUMNS:
        return _date(value)
    text = _text(value)
    if column == "program":
        return known.program_lookup.get(_key(text), text)
    if column == "area":
        codes = known.area_lookup.get(_key(text), ())
        if len(codes) > 1:
            raise _CellError("ambiguous_area", area=text, codes=", ".join(codes))
        return codes[0] if codes else text
    if column == "qualifier":
        return _qualifier(text)
    return text


def check_values(values: Mapping[str, Any], known: Known, lang: str, row: int = 0,
                 headers: Mapping[str, str] | None = None) -> tuple[CountIn | None, list[Problem]]:
    """One count's cells (by column; blank = not given) checked by every rule: the CountIn, or the problems.

    Shared by the upload (a row) and the form (row 0). `headers`: column -> the name the file gives it."""
    headers = headers or {}
    problems: list[Problem] = []
    data: dict[str, Any] = {}
    failed: set[str] = set()
    for column in COLUMNS:
        value = values.get(column)
        if _blank(value):
            if column == "source" and column in values:
                data[column] = ""  # CountIn says why: a source is required (empty_source)
            continue
        try:
            data[column] = _convert(column, value, known)
        except _CellError as exc:
            failed.add(column)
            problems.append(Problem(row, headers.get(column, column), exc.code, error_text(exc.code, exc.values, lang)))
    count: CountIn | None = None
    try:
        count = CountIn.model_validate(data, context={"programs": known.programs, "areas": known.areas,
                                                      "today": known.today})
    except ValidationError as exc:
        for error in field_errors(exc):
            if error.field in failed:
                continue  # already said what is wrong with this cell
            problems.append(Problem(row, headers.get(error.field, error.field), error.code,
                                    error_text(error.code, error.values, lang)))
    if not problems:
        return count, []
    order = {headers.get(c, c): i for i, c in enumerate(COLUMNS)}
    return None, sorted(problems, key=lambda p: order.get(p.column, len(order)))


# --- reading files ---------------------------------------------------------------------------------------

def _size_of(data: bytes | IO[bytes], size: int | None) -> int | None:
    if size is not None:
        return size
    if isinstance(data, (bytes, bytearray, memoryview)):
        return len(data)
    known = getattr(data, "size", None)  # Streamlit's UploadedFile
    if isinstance(known, int):
        return known
    try:
        here = data.tell()
        end = data.seek(0, os.SEEK_END)
        data.seek(here)
        return end - here
    except (AttributeError, OSError):
        return None


def _read(data: bytes | IO[bytes]) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    getvalue = getattr(data, "getvalue", None)
    return getvalue() if callable(getvalue) else data.read()


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode(raw: bytes) -> tuple[str | None, str, dict[str, Any]]:
    """(text, encoding, {}) for UTF-8 (with or without BOM); (None, what was found, values) otherwise."""
    boms = ((b"\x00\x00\xfe\xff", "utf32"), (b"\xff\xfe\x00\x00", "utf32"), (b"\xff\xfe", "utf16_le"),
            (b"\xfe\xff", "utf16_be"))
    for bom, found in boms:
        if raw.startswith(bom):
            return None, found, {}
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "utf-8-sig", {}
        except UnicodeDecodeError as exc:
            return None, "unknown", {"line": _line_of(raw, exc.start + 3)}
    try:
        return raw.decode("utf-8"), "utf-8", {}
    except UnicodeDecodeError as exc:
        bad = exc.start
    if raw.count(b"\x00") > len(raw) // 10:
        return None, "utf16_nobom", {}
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return None, "unknown", {"line": _line_of(raw, bad)}
    return None, "cp1252", {"line": _line_of(raw, bad), "char": raw[bad:bad + 1].decode("cp1252")}


def sniff_delimiter(header_line: str) -> tuple[str, int]:
    """The delimiter that splits the header into the most fields (ties: ; before , before tab), and that count."""
    best, most = DELIMITERS[0], 0
    for delimiter in DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
        if len(fields) > most:
            best, most = delimiter, len(fields)
    return best, most


def _csv_records(text: str, parsed: ParsedUpload, lang: str) -> list[list[Any]] | None:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter, width = sniff_delimiter(first)
    parsed.delimiter = delimiter
    if width < 2:
        parsed.problems.append(Problem(1, "", "no_delimiter", error_text("no_delimiter", {}, lang)))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return [list(r) for r in reader]
    except csv.Error as exc:
        parsed.problems.append(Problem(reader.line_num, "", "bad_csv",
                                       error_text("bad_csv", {"error": str(exc), "line": reader.line_num}, lang)))
        return None


def _excel_records(raw: bytes, parsed: ParsedUpload, lang: str) -> list[list[Any]] | None:
    from openpyxl import load_workbook  # only when an Excel file comes in

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)  # formulas stay text
    except Exception as exc:  # noqa: BLE001 - openpyxl/zipfile raise many kinds for a broken file
        parsed.problems.append(Problem(0, "", "bad_excel", error_text("bad_excel", {"error": type(exc).__name__},
                                                                     lang)))
        return None
    try:
        sheet = workbook.worksheets[0]
        records = []
        for cells in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):  # a zip bomb stays bounded
            records.append(list(cells))
            if len(records) > MAX_ROWS + 1:
                break
        return records
    finally:
        workbook.close()


def _header_map(header: list[Any], parsed: ParsedUpload, lang: str) -> dict[str, int] | None:
    """Canonical column -> position. Headers may be the column names or the form's labels in nl or en."""
    aliases = {c: c for c in COLUMNS}
    for code in LANGUAGES:
        for column in COLUMNS:
            aliases.setdefault(_key(messages(code)[f"entry_field_{column}"]), column)
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = "" if cell is None else str(cell).strip().lstrip("\ufeff")
        if not name:
            continue
        column = aliases.get(_key(name))
        if column is None:
            parsed.problems.append(Problem(1, name, "unknown_column",
                                           error_text("unknown_column", {"column": name}, lang)))
        elif column in positions:
            parsed.problems.append(Problem(1, name, "repeated_column",
                                           error_text("repeated_column", {"column": name}, lang)))
        else:
            positions[column] = i
    missing = [c for c in REQUIRED if c not in positions]
    for column in missing:
        parsed.problems.append(Problem(1, column, "missing_column", error_text("missing_column",
                                                                               {"column": column}, lang)))
    return None if missing else positions


def _is_example(values: Mapping[str, Any]) -> bool:
    """The template's example row, left in (compared on program, source and Dutch note)."""
    return all(isinstance(values.get(c), str) and _key(values[c]) == _key(str(EXAMPLE_ROW[c]))
               for c in ("program", "source", "note_nl"))


def _too_large(size: int, limit: int, lang: str) -> Problem:
    values = {"size": fmt_number(size / MB, lang, 1), "max": fmt_number(limit / MB, lang, 0)}
    return Problem(0, "", "too_large", error_text("too_large", values, lang))


def parse_upload(data: bytes | IO[bytes], filename: str, known: Known, lang: str = "nl", *,
                 size: int | None = None, max_bytes: int | None = None) -> ParsedUpload:
    """Read and check an uploaded CSV or Excel file; nothing is stored. See the module's docstring."""
    parsed = ParsedUpload(filename=filename)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    total = _size_of(data, size)
    if total is not None and total > limit:
        parsed.problems.append(_too_large(total, limit, lang))
        return parsed
    raw = _read(data)
    if len(raw) > limit:  # the metadata lied
        parsed.problems.append(_too_large(len(raw), limit, lang))
        return parsed
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():  # Excel saves an empty sheet as a UTF-8 BOM alone
        parsed.problems.append(Problem(0, "", "empty_file", error_text("empty_file", {}, lang)))
        return parsed
    suffix = Path(filename or "").suffix.lower()
    if raw.startswith(b"PK\x03\x04") or suffix in EXCEL_SUFFIXES:
        parsed.kind = "xlsx"
        records = _excel_records(raw, parsed, lang)
    elif suffix in CSV_SUFFIXES:
        parsed.kind = "csv"
        text, parsed.encoding, values = decode(raw)
        if text is None:
            found = t(f"entry_enc_{parsed.encoding}", lang, **values)
            parsed.problems.append(Problem(0, "", "encoding", error_text("encoding", {"found": found}, lang)))
            return parsed
        records = _csv_records(text, parsed, lang)
    else:
        code = "old_excel" if suffix == ".xls" else "file_type"
        parsed.problems.append(Problem(0, "", code, error_text(code, {"suffix": suffix or "?"}, lang)))
        return parsed
    if records is None:
        return parsed
    _check_records(records, parsed, known, lang)
    return parsed


def _check_records(records: list[list[Any]], parsed: ParsedUpload, known: Known, lang: str) -> None:
    while records and all(_blank(c) for c in records[0]):
        records = records[1:]  # blank lines above the header
    if not records:
        parsed.problems.append(Problem(0, "", "empty_file", error_text("empty_file", {}, lang)))
        return
    header = records[0]
    while header and _blank(header[-1]):
        header = header[:-1]
    parsed.columns = ["" if c is None else str(c).strip().lstrip("\ufeff") for c in header]
    positions = _header_map(header, parsed, lang)
    if positions is None:
        return
    headers = {column: parsed.columns[i] for column, i in positions.items()}
    data_rows = records[1:]
    if len(data_rows) > MAX_ROWS:
        parsed.problems.append(Problem(0, "", "too_many_rows", error_text("too_many_rows", {"max": MAX_ROWS}, lang)))
        return
    seen: dict[CountKey, int] = {}
    for number, cells in enumerate(data_rows, start=2):
        if all(_blank(c) for c in cells):
            continue
        width = len(cells)
        while width > len(header) and _blank(cells[width - 1]):  # empty cells right of the header do not count
            width -= 1
        if parsed.kind == "xlsx" and width < len(header):  # Excel leaves out empty cells at the end of a row
            cells, width = [*cells, *[None] * (len(header) - width)], len(header)
        if width != len(header):
            other = "," if parsed.delimiter == ";" else ";"
            parsed.problems.append(Problem(number, "", "field_count", error_text(
                "field_count", {"found": width, "expected": len(header), "delimiter": parsed.delimiter or "",
                                "other": other}, lang)))
            parsed.rows.append(ParsedRow(number, {}, None))
            continue
        values = {column: cells[i] for column, i in positions.items()}
        if _is_example(values):
            parsed.problems.append(Problem(number, "", "example_row", error_text("example_row", {}, lang)))
            parsed.rows.append(ParsedRow(number, values, None))
            continue
        count, problems = check_values(values, known, lang, number, headers)
        parsed.problems.extend(problems)
        parsed.rows.append(ParsedRow(number, values, count))
        if count is not None:
            key = count_key(count.program, count.area, count.period_start, count.period_end, count.value_low,
                            count.value_high)
            if key in known.existing:
                parsed.duplicates.append(Duplicate(number, known.existing[key], None))
            elif key in seen:
                parsed.duplicates.append(Duplicate(number, None, seen[key]))
            else:
                seen[key] = number
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(Problem(0, "", "no_rows", error_text("no_rows", {}, lang)))


# --- importing -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    skipped: int  # duplicates left out


class UploadNotValid(ValueError):
    pass


def _test_marker(done: int, total: int) -> None:
    """Tests only (ENV_MARKER): say that rows are written but not committed, and optionally wait there."""
    marker = os.environ.get(ENV_MARKER)
    if not marker:
        return
    Path(marker).write_text(f"{done}/{total}\n", encoding="utf-8")
    pause = float(os.environ.get(ENV_PAUSE, "0") or 0)
    if pause > 0 and done < total:
        time.sleep(pause)


def import_counts(session: Session, counts: Sequence[CountIn], user: str, reason: str,
                  areas: Collection[str] | None = None) -> list[int]:
    """Store checked counts in the caller's transaction (bulk; see store.add_counts)."""
    return store.add_counts(session, counts, user, reason, areas=areas, progress=_test_marker)


def import_upload(sessions: sessionmaker[Session], parsed: ParsedUpload, user: str, skip_duplicates: bool = True,
                  areas: Collection[str] | None = None) -> ImportResult:
    """All rows of a valid upload in ONE transaction, or none. Duplicates are looked up again inside the
    transaction (someone may have stored the same rows since the preview)."""
    if not parsed.ok:
        raise UploadNotValid(f"{len(parsed.problems)} problems: fix them before importing")
    with sessions.begin() as session:
        counts = parsed.counts(skip_duplicates=False)
        skipped = 0
        if skip_duplicates:
            existing, seen, keep = store.count_keys(session), set(), []
            for count in counts:
                key = count_key(count.program, count.area, count.period_start, count.period_end, count.value_low,
                                count.value_high)
                if key in existing or key in seen:
                    skipped += 1
                    continue
                seen.add(key)
                keep.append(count)
            counts = keep
        ids = import_counts(session, counts, user, f"upload: {parsed.filename}", areas)
    return ImportResult(ids, skipped)


# --- the template ----------------------------------------------------------------------------------------

def template_frame() -> pd.DataFrame:
    """The columns of an upload with one example row (which is refused if left in)."""
    return pd.DataFrame([EXAMPLE_ROW], columns=list(COLUMNS))


def template_csv(lang: str) -> bytes:
    """UTF-8 CSV with BOM; `;` in Dutch (what Dutch Excel writes and opens), `,` in English."""
    if lang != "nl":
        return to_csv_bytes(template_frame())
    return safe_frame(template_frame()).to_csv(index=False, sep=";").encode("utf-8-sig")


def template_xlsx() -> bytes:
    return to_excel_bytes(template_frame(), "tellingen")


def rows_to_csv(rows: Iterable[Mapping[str, Any]], delimiter: str = ";") -> bytes:
    """Rows (by column) as an upload file: for tests, the benchmark and the fault-injection issue."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter, lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in COLUMNS})
    return buffer.getvalue().encode("utf-8")
