"""Checking an upload: the header, the width of every row, every cell by the rules of programs.validation, the
template's example row, duplicates of stored counts or of earlier rows, and rows with another number for the period of
a stored count or of an earlier row.

`parse_upload` reads the file (`read`) and checks it here; `check_values` is also the form's check (row 0).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
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
    Sheet,
    blank,
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
from programs.seed import seed_programs
from programs.validation import QUALIFIERS, CountIn, field_errors, whole_programs
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
MIN_HEADER_COLUMNS = 2  # a sheet whose first row names this many of COLUMNS holds counts: one could be chance
CODE = re.compile(r"^(GM|WK|BU)\d+$", re.IGNORECASE)
SUGGESTIONS = 3
AREA_KINDS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}  # by the code's prefix

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
    area_names: Mapping[str, str] = field(default_factory=dict)  # code -> name, for suggestions
    # code or name without case, spaces or punctuation -> codes: 'Zuid-West' is the group zuidwest, where no name
    # or code is 'zuid-west' but for case (area_lookup first: its names stay as they were)
    area_folded: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    whole: frozenset[str] = frozenset()  # ids of the programs whose counts must be whole numbers

    @classmethod
    def build(cls, programs: Mapping[str, Sequence[str]], areas: Mapping[str, str],
              existing: Mapping[CountKey, int] | None = None, today: dt.date | None = None,
              whole: Collection[str] | None = None) -> Known:
        """`programs`: id -> its names; `areas`: code -> name (gemeente, wijken, buurten). Groups of
        data/areas.yaml are added by id and by their nl/en names. `whole`: the programs whose counts must be whole
        numbers (validation.whole_programs of the store's programs); None: those of the catalogue
        (`catalogue_whole`)."""
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
        area_folded: dict[str, set[str]] = {}
        for key, codes in area_lookup.items():
            area_folded.setdefault(_folded(key), set()).update(codes)
        area_folded.pop("", None)  # a name of punctuation alone matches nothing
        return cls(frozenset(programs), program_lookup, frozenset(areas),
                   {k: tuple(sorted(v)) for k, v in area_lookup.items()}, dict(existing or {}), today, dict(areas),
                   {k: tuple(sorted(v)) for k, v in area_folded.items()},
                   catalogue_whole() if whole is None else frozenset(whole))


@lru_cache(maxsize=1)
def catalogue_whole() -> frozenset[str]:
    """The programs of data/programs.yaml whose counts must be whole numbers (validation.counts_whole: referrals,
    participants, sessions, ...; not 'participants per group')."""
    return whole_programs(seed_programs())


def area_label(code: str, name: str, kind: str | None, lang: str) -> str:
    """'Moerwijk (wijk)', 'Den Haag Zuidwest (groep)': what the form shows, and an upload may use to tell a wijk
    from a buurt of the same name. `kind`: gemeente | wijk | buurt | group (None: from the code)."""
    kind = kind or AREA_KINDS.get(code[:2], "group")
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
        codes = known.area_lookup.get(_key(text)) or known.area_folded.get(_folded(text), ())
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
        if blank(value):
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
                                                      "today": known.today, "whole": known.whole})
    except ValidationError as exc:
        for error in field_errors(exc):
            if error.field in failed:
                continue  # already said what is wrong with this cell
            said = {**error.values, **area_hint(error.values, known, lang)} if error.code == "unknown_area" \
                else error.values
            problems.append(Problem(row, headers.get(error.field, error.field), error.code,
                                    error_text(error.code, said, lang)))
    if not problems:
        return count, []
    order = {headers.get(c, c): i for i, c in enumerate(COLUMNS)}
    return None, sorted(problems, key=lambda p: order.get(p.column, len(order)))


def _folded(text: str) -> str:
    """`text` without case, spaces, hyphens, underscores or other punctuation: 'Zuid-West' -> 'zuidwest'."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def _holds_words(name: str, typed: str) -> bool:
    """`name` holds the words of `typed` as whole words in a row ('Moerwijk en Laak' holds 'Laak')."""
    words, wanted = _words(name), _words(typed)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))


def _picker_place(code: str) -> int:
    """The form's area picker order (views.invoer_panels.area_options): the gemeente, the groups, wijken, buurten."""
    return ("GM", "group", "WK", "BU").index(code[:2] if code[:2] in AREA_KINDS else "group")


def ranked_suggestions(text: str, names: Sequence[tuple[str, str]], aliases: Sequence[tuple[str, str]] = (),
                       limit: int = SUGGESTIONS) -> list[str]:
    """The codes of `names` and `aliases` ((code or group id, name)) to offer for the unknown area `text`, best first,
    each once, at most `limit`: a name equal but for case, spaces and hyphens ('Zuid-West': zuidwest); then one holding
    `text` as whole words or starting with it ('Laak'), those starting with it first, then in the area picker's order;
    then difflib's close names ('Moerwjik'), not aliases (a short id like 'zuidwest' is as close to 'Zuidas')."""
    folded = _folded(text)
    if not folded:
        return []
    close = difflib.get_close_matches(_key(text), list(dict.fromkeys(_key(name) for _, name in names)), n=len(names))
    closeness = {name: i for i, name in enumerate(close)}
    best: dict[str, tuple[Any, ...]] = {}
    for code, name in [*names, *aliases]:
        if _folded(name) == folded:
            rank: tuple[Any, ...] = (0,)
        elif _folded(name).startswith(folded) or _holds_words(name, text):
            rank = (1, not _folded(name).startswith(folded), _picker_place(code), _key(name))
        elif _key(name) in closeness:
            rank = (2, closeness[_key(name)])
        else:
            continue
        best[code] = min(rank, best.get(code, rank))
    return sorted(best, key=lambda code: (best[code], code))[:limit]


def close_areas(text: str, known: Known) -> list[str]:
    """The codes of the gemeente's areas and the ids of the groups (by their nl and en names, and their ids as
    aliases) to suggest for an unknown area `text` (ranked_suggestions: a name from a report, 'Schilderswijk' for
    CBS's Schildersbuurt, 'Zuid-Wes' for the group zuidwest). A code gets none: codes of one gemeente differ in a
    digit or two, so every code is about as close as any other."""
    if CODE.match(text.strip()):
        return []
    names = [*known.area_names.items(),
             *((gid, name) for gid, group in groups().items() for name in group["name"].values())]
    return ranked_suggestions(text, names, [(gid, gid) for gid in groups()])


def _suggestion(code: str, known: Known, lang: str) -> str:
    """‘Schildersbuurt’ (wijk, WK051829), ‘Den Haag Zuidwest’ (groep, zuidwest)."""
    group = groups().get(code)
    if group is not None:
        return t("entry_area_suggestion", lang, name=group["name"][lang], code=code, kind=t("entry_kind_group", lang))
    return t("entry_area_suggestion", lang, name=known.area_names[code], code=code,
             kind=t(f"entry_kind_{AREA_KINDS.get(code[:2], 'buurt')}", lang))


def area_hint(values: Mapping[str, Any], known: Known, lang: str) -> dict[str, str]:
    """The end of the unknown-area message: the closest areas and groups ("bedoelt u ‘Schildersbuurt’ (wijk,
    WK051829)?"), else how to name an area."""
    codes = close_areas(str(values.get("area", "")), known)
    if not codes:
        return {"hint": t("entry_area_how", lang)}
    options = [_suggestion(c, known, lang) for c in codes]
    return {"hint": t("entry_area_did_you_mean", lang, options=t("entry_or", lang).join(options))}


# --- the file ----------------------------------------------------------------------------------------------

def _aliases() -> dict[str, str]:
    """What a header cell may say for each column (casefolded): its name, or the form's label in nl or en."""
    aliases = {c: c for c in COLUMNS}
    for code in LANGUAGES:
        for column in COLUMNS:
            aliases.setdefault(_key(messages(code)[f"entry_field_{column}"]), column)
    return aliases


def _header_name(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lstrip("\ufeff")


def _header_map(line: int, header: list[Any], parsed: ParsedUpload, lang: str) -> dict[str, int] | None:
    """Canonical column -> position. Headers may be the column names or the form's labels in nl or en."""
    aliases = _aliases()
    positions: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = _header_name(cell)
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
    while named and blank(header[named - 1]):
        named -= 1
    if kind == "xlsx":
        end = len(cells)
        while end > named and blank(cells[end - 1]):
            end -= 1
        return [*cells[:end], *[None] * (named - end)] if end <= named else None
    if len(cells) not in (named, width) or not all(blank(c) for c in cells[named:]):
        return None
    return cells[:named]


def check_records(records: list[Record], parsed: ParsedUpload, known: Known, lang: str) -> None:
    """Check the header and every row of `records`, adding rows, problems and duplicates to `parsed`."""
    records = [r for r in records if not all(blank(c) for c in r[1])]  # blank lines (numbers kept)
    if not records:
        parsed.add(0, "", "empty_file", lang)
        return
    header_line, header = records[0]
    named = list(header)
    while named and blank(named[-1]):
        named.pop()
    parsed.columns = [_header_name(c) for c in named]
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
            if parsed.kind == "xlsx":  # a sheet has no delimiter: a value in a column without a heading
                parsed.add(number, "", "cells_past_header", lang, expected=len(named))
            else:
                parsed.add(number, "", "field_count", lang, found=len(cells), expected=len(named),
                           delimiter=parsed.delimiter or "", other="," if parsed.delimiter == ";" else ";")
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
    running = running_rows(parsed.rows, known.today or dt.date.today())
    if running:
        parsed.notices.append(t("entry_period_running", lang, rows=", ".join(map(str, running)),
                                today=(known.today or dt.date.today()).isoformat()))
    if not parsed.rows and not parsed.problems:
        parsed.add(0, "", "no_rows", lang)


def running_rows(rows: Sequence[ParsedRow], today: dt.date) -> list[int]:
    """The valid rows whose period ends after `today`: a count so far, which the full period's count will later
    meet as another number for the same period. Said, not refused (a running year's count can be worth showing),
    so the editor can say so in the note and correct it when the period is over."""
    return [r.row for r in rows if r.count is not None and r.count.period_end > today]


def has_count_header(head: Sequence[Any]) -> bool:
    """A sheet's first filled row names at least MIN_HEADER_COLUMNS of the columns: the sheet holds counts (even
    when its header has a fault of its own, which the check then names)."""
    aliases = _aliases()
    return len({aliases[k] for c in head if (k := _key(_header_name(c))) in aliases}) >= MIN_HEADER_COLUMNS


def is_template_choices(name: str) -> bool:
    """The template's own sheet of valid programs and areas (by its name in nl or en): skipped without a word."""
    return _key(name) in {_key(messages(code)["entry_template_choices_sheet"]) for code in LANGUAGES}


def _sheet_names(names: Sequence[str]) -> str:
    return ", ".join(f"‘{name}’" for name in names)


def choose_sheet(sheets: Sequence[Sheet], parsed: ParsedUpload, lang: str) -> int | None:
    """The position of the sheet whose counts are read; the filled sheets left unread go in `parsed.skipped_sheets`
    and a notice names them.

    The sheet with the count header is read. When several have it the file is refused (`several_sheets`) rather
    than read as one: a row is named by its number alone, in the problems, the preview, the duplicates ('rij 3 van
    dit bestand') and the import, so two sheets would give two rows 3. When none has it, the first filled sheet
    is read (its header problems then say what is missing). The template's own sheet of valid values is no
    count sheet and is skipped without a notice."""
    filled = [i for i, s in enumerate(sheets) if s.head]
    with_header = [i for i in filled if has_count_header(sheets[i].head)]
    if len(with_header) > 1:
        parsed.add(0, "", "several_sheets", lang, sheets=_sheet_names([sheets[i].name for i in with_header]))
        return None
    own = [i for i in filled if not is_template_choices(sheets[i].name)]
    chosen = next(iter(with_header or own or filled or range(len(sheets))), None)
    if chosen is None:
        parsed.add(0, "", "empty_file", lang)
        return None
    parsed.sheet = sheets[chosen].name
    parsed.skipped_sheets = [sheets[i].name for i in own if i != chosen]
    if parsed.skipped_sheets:
        key = "entry_sheet_read" if with_header else "entry_sheet_no_header"
        parsed.notices.append(t(key, lang, sheet=parsed.sheet, skipped=_sheet_names(parsed.skipped_sheets)))
    return chosen


def name_the_sheet(parsed: ParsedUpload, lang: str) -> None:
    """When other sheets were skipped, every problem names the sheet read: 'Blad ‘tellingen’: …'."""
    if parsed.skipped_sheets:
        parsed.problems = [p._replace(message=t("entry_sheet_problem", lang, sheet=parsed.sheet, message=p.message))
                           for p in parsed.problems]


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
        records = excel_records(raw, parsed, lang, MAX_ROWS, lambda sheets: choose_sheet(sheets, parsed, lang))
        if records is not None:
            check_records(records, parsed, known, lang)
            name_the_sheet(parsed, lang)
        return parsed
    if suffix not in CSV_SUFFIXES:
        code = "old_excel" if suffix == ".xls" else "file_type"
        parsed.add(0, "", code, lang, suffix=suffix or "?")
        return parsed
    parsed.kind = "csv"
    text, parsed.encoding, values = decode(raw)
    if text is None:
        parsed.add(0, "", "encoding", lang, found=t(f"entry_enc_{parsed.encoding}", lang, **values))
        return parsed
    records = csv_records(text, parsed, lang)
    if records is not None:
        check_records(records, parsed, known, lang)
    return parsed
