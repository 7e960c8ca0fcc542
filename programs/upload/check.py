"""Checking an upload: the header, the width of every row, every cell by the rules of programs.validation, the
template's example row, duplicates of stored counts or of earlier rows, and rows with another number for the period of
a stored count or of an earlier row.

`parse_upload` reads the file (`read`) and checks it here; `check_values` is also the form's check (row 0).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from indicators.areas import groups
from programs import store
from programs.store import CountKey, PeriodKey
from programs.upload.read import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    Record,
    csv_records,
    decode,
    excel_records,
    max_upload_bytes,
    read_bytes,
    size_of,
    too_large,
)
from programs.upload.report import (
    Duplicate,
    ParsedRow,
    ParsedUpload,
    Problem,
    SamePeriod,
    error_text,
    typed_text,
)
from programs.validation import QUALIFIERS, CountIn, field_errors
from texts.i18n import LANGUAGES, messages, t

COLUMNS = ("program", "area", "period_start", "period_end", "value_low", "value_high", "qualifier", "source",
           "quote", "note_nl", "note_en")
REQUIRED = ("program", "area", "period_start", "period_end", "value_low", "source")
NUMBER_COLUMNS = frozenset({"value_low", "value_high"})
DATE_COLUMNS = frozenset({"period_start", "period_end"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: these can start a formula
# The longest text a cell may hold (the form's own limits; a program or area name is short).
TEXT_LIMITS = {"source": 500, "quote": 2000, "note_nl": 2000, "note_en": 2000}
NAME_LIMIT = 200
MAX_ROWS = 50_000

NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
AMBIGUOUS_NUMBER = re.compile(r"^-?\d{1,3}[.,]\d{3}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?$")
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

EXAMPLE_ROW = {"program": "gli", "area": "GM0518", "period_start": "2024-01-01", "period_end": "2024-12-31",
               "value_low": 1234, "value_high": "", "qualifier": "exact",
               "source": "Jaarverslag Hadoks 2024, p. 3 (voorbeeld)", "quote": "",
               "note_nl": "Voorbeeldrij: vervang of verwijder deze rij.",
               "note_en": "Example row: replace or delete this row."}


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


# --- cells -----------------------------------------------------------------------------------------------

class _CellError(Exception):
    def __init__(self, code: str, **values: Any):
        self.code, self.values = code, values
        super().__init__(code)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value)


def _is_formula(text: str) -> bool:
    return text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START[:4])


def _text(value: Any, limit: int, single_line: bool) -> str:
    """A text cell, stripped. Refused: a formula start, a line break inside an uploaded cell (a CR or LF there
    could start a row or a formula in whoever opens an export of it), more than `limit` characters."""
    if isinstance(value, str):
        if _is_formula(value):
            raise _CellError("formula", value=value.strip())
        text = value.strip()
        if single_line and ("\r" in text or "\n" in text):
            raise _CellError("line_break", value=text.replace("\r", "↵").replace("\n", "↵")[:60])
    else:
        text = typed_text(value)
    if len(text) > limit:
        raise _CellError("too_long", length=len(text), max=limit)
    return text


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
    raise _CellError("not_a_number", value=text[:NAME_LIMIT])


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
    raise _CellError("not_a_date", value=text[:NAME_LIMIT])


def _qualifier(text: str, lang: str) -> str:
    """The precision's code, from the code or its name in nl or en; else `unknown_qualifier`, naming the allowed
    names in `lang` and the codes."""
    key = _key(text)
    for code in QUALIFIERS:
        labels = {code, *(_key(messages(code_lang)[f"prog_qualifier_{code}"]) for code_lang in LANGUAGES)}
        if key in labels:
            return code
    names = ", ".join(f"‘{t(f'prog_qualifier_{code}', lang)}’" for code in QUALIFIERS)
    raise _CellError("unknown_qualifier", value=text, allowed=names, codes=", ".join(QUALIFIERS),
                     exact=t("prog_qualifier_exact", lang))


def _convert(column: str, value: Any, known: Known, single_line: bool, lang: str) -> Any:
    """A cell as CountIn wants it; raises _CellError with the reason (in `lang` where it lists choices)."""
    if column in NUMBER_COLUMNS:
        return _number(value)
    if column in DATE_COLUMNS:
        return _date(value)
    text = _text(value, TEXT_LIMITS.get(column, NAME_LIMIT), single_line)
    if column == "program":
        return known.program_lookup.get(_key(text), text)
    if column == "area":
        codes = known.area_lookup.get(_key(text), ())
        if len(codes) > 1:
            raise _CellError("ambiguous_area", area=text, codes=", ".join(codes))
        return codes[0] if codes else text
    if column == "qualifier":
        return _qualifier(text, lang)
    return text


def check_values(values: Mapping[str, Any], known: Known, lang: str, row: int = 0,
                 headers: Mapping[str, str] | None = None, single_line: bool = False
                 ) -> tuple[CountIn | None, list[Problem]]:
    """One count's cells (by column; blank = not given) checked by every rule: the CountIn, or the problems.

    Shared by the upload (a row, `single_line`: no line breaks in a cell) and the form (row 0, where a note may
    have lines). `headers`: column -> the name the file gives it."""
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
            data[column] = _convert(column, value, known, single_line, lang)
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


# --- the file ----------------------------------------------------------------------------------------------

def _header_map(line: int, header: list[Any], parsed: ParsedUpload, lang: str) -> dict[str, int] | None:
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
            parsed.add(line, name[:NAME_LIMIT], "unknown_column", lang, column=name[:NAME_LIMIT])
        elif column in positions:
            parsed.add(line, name, "repeated_column", lang, column=name)
        else:
            positions[column] = i
    missing = [c for c in REQUIRED if c not in positions]
    for column in missing:
        parsed.add(line, column, "missing_column", lang, column=column)
    return None if missing else positions


def _is_example(values: Mapping[str, Any]) -> bool:
    """The template's example row, left in (compared on program, source and Dutch note)."""
    return all(isinstance(values.get(c), str) and _key(values[c]) == _key(str(EXAMPLE_ROW[c]))
               for c in ("program", "source", "note_nl"))


def _fitted(cells: list[Any], header: list[Any], kind: str | None) -> list[Any] | None:
    """The row's cells, one per header column, or None when they do not fit the header.

    A CSV row must have exactly as many fields as the header line: as many as its named columns, or as many as
    the whole line when the header ends in empty fields (Excel writes every line that wide), and nothing in the
    fields past the named columns. A row one field too long is a shifted row (an unquoted ; inside a value), even
    when its last field is empty: dropping that field would store every value after the split one column off.
    A sheet's row may leave out empty cells at its end, and may have empty cells past the header."""
    width = len(header)
    named = len(header)
    while named and _blank(header[named - 1]):
        named -= 1
    if kind == "xlsx":
        end = len(cells)
        while end > named and _blank(cells[end - 1]):
            end -= 1
        return [*cells[:end], *[None] * (named - end)] if end <= named else None
    if len(cells) not in (named, width) or not all(_blank(c) for c in cells[named:]):
        return None
    return cells[:named]


def check_records(records: list[Record], parsed: ParsedUpload, known: Known, lang: str) -> None:
    """Check the header and every row of `records`, adding rows, problems and duplicates to `parsed`."""
    records = [r for r in records if not all(_blank(c) for c in r[1])]  # blank lines (numbers kept)
    if not records:
        parsed.add(0, "", "empty_file", lang)
        return
    header_line, header = records[0]
    named = list(header)
    while named and _blank(named[-1]):
        named.pop()
    parsed.columns = ["" if c is None else str(c).strip().lstrip("\ufeff") for c in named]
    positions = _header_map(header_line, named, parsed, lang)
    if positions is None:
        return
    headers = {column: parsed.columns[i] for column, i in positions.items()}
    data_rows = records[1:]
    if len(data_rows) > MAX_ROWS:
        parsed.add(0, "", "too_many_rows", lang, max=MAX_ROWS)
        return
    for number, cells in data_rows:
        fitted = _fitted(cells, header, parsed.kind)
        if fitted is None:
            other = "," if parsed.delimiter == ";" else ";"
            parsed.add(number, "", "field_count", lang, found=len(cells), expected=len(named),
                       delimiter=parsed.delimiter or "", other=other)
            parsed.rows.append(ParsedRow(number, {}, None))
            continue
        values = {column: fitted[i] for column, i in positions.items()}
        if _is_example(values):
            parsed.add(number, "", "example_row", lang)
            parsed.rows.append(ParsedRow(number, values, None))
            continue
        count, problems = check_values(values, known, lang, number, headers, single_line=True)
        parsed.problems.extend(problems)
        parsed.rows.append(ParsedRow(number, values, count))
    parsed.duplicates, parsed.same_period = clashes(parsed.rows, known.existing)
    if not parsed.rows and not parsed.problems:
        parsed.add(0, "", "no_rows", lang)


def clashes(rows: Sequence[ParsedRow], existing: Mapping[CountKey, int]
            ) -> tuple[list[Duplicate], list[SamePeriod]]:
    """The valid rows that meet a stored count (`existing`: key -> id) or an earlier row, in the order of the rows.

    A duplicate has the program, area, period and numbers of a stored count or of an earlier row. A row has
    another number for a period (SamePeriod) when a stored count is for its program, area and period with other
    numbers (the lowest such id is named), or, when none is stored, the first row of the file for that period has
    other numbers. A row can be both: a copy of an earlier row that itself has another number than a stored count."""
    stored = store.period_index(existing)
    first: dict[CountKey, int] = {}  # the key of the first row of each period not stored -> its row
    first_periods: dict[PeriodKey, int] = {}
    seen: dict[CountKey, int] = {}
    duplicates: list[Duplicate] = []
    same_period: list[SamePeriod] = []
    for row in rows:
        if row.count is None:
            continue
        key = store.key_of(row.count)
        if key in existing:
            duplicates.append(Duplicate(row.row, existing[key], None))
        elif key in seen:
            duplicates.append(Duplicate(row.row, None, seen[key]))
        seen.setdefault(key, row.row)
        if key[:4] in stored:
            if (count_id := store.other_number(key, existing, stored)) is not None:
                same_period.append(SamePeriod(row.row, count_id, None))
        elif (of_row := store.other_number(key, first, first_periods)) is not None:
            same_period.append(SamePeriod(row.row, None, of_row))
        elif key[:4] not in first_periods:
            first[key], first_periods[key[:4]] = row.row, row.row
    return duplicates, same_period


def parse_upload(data: bytes | IO[bytes], filename: str, known: Known, lang: str = "nl", *,
                 size: int | None = None, max_bytes: int | None = None) -> ParsedUpload:
    """Read and check an uploaded CSV or Excel file; nothing is stored. See programs.upload."""
    parsed = ParsedUpload(filename=filename)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    total = size_of(data, size)
    if total is not None and total > limit:
        too_large(parsed, total, limit, lang)
        return parsed
    raw = read_bytes(data)
    if len(raw) > limit:  # the metadata lied
        too_large(parsed, len(raw), limit, lang)
        return parsed
    if not raw.removeprefix(b"\xef\xbb\xbf").strip():  # Excel saves an empty sheet as a UTF-8 BOM alone
        parsed.add(0, "", "empty_file", lang)
        return parsed
    suffix = Path(filename or "").suffix.lower()
    if raw.startswith(b"PK\x03\x04") or suffix in EXCEL_SUFFIXES:
        parsed.kind = "xlsx"
        records = excel_records(raw, parsed, lang, MAX_ROWS)
    elif suffix in CSV_SUFFIXES:
        parsed.kind = "csv"
        text, parsed.encoding, values = decode(raw)
        if text is None:
            parsed.add(0, "", "encoding", lang, found=t(f"entry_enc_{parsed.encoding}", lang, **values))
            return parsed
        records = csv_records(text, parsed, lang)
    else:
        code = "old_excel" if suffix == ".xls" else "file_type"
        parsed.add(0, "", code, lang, suffix=suffix or "?")
        return parsed
    if records is not None:
        check_records(records, parsed, known, lang)
    return parsed
