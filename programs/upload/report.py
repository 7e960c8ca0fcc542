"""What an upload check reports: the problems by row and column with their message in the editor's language, the
rows as read, the duplicates, the rows with another number for a period, and the preview of what the editor typed.

Rows are numbered as the file shows them: the line of a CSV file (blank lines above the header counted) or the row
of the sheet; row 0 is the file as a whole.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd
from babel.dates import format_date

from programs.validation import CountIn
from texts.i18n import LANGUAGES, LOCALES, fmt_count, messages, t


class Problem(NamedTuple):
    """One problem: the row (0 = the whole file), the column as the file names it ("" for the whole row or
    file), a code, and the message in the editor's language."""

    row: int
    column: str
    code: str
    message: str


@dataclass(frozen=True)
class Clash:
    row: int
    count_id: int | None  # the stored count it meets
    of_row: int | None  # or the earlier row of the same file


class Duplicate(Clash):
    """A row with the program, area, period and numbers of a stored count or of an earlier row."""


class SamePeriod(Clash):
    """A row with other numbers for the program, area and period of a stored count or of an earlier row: a second
    number for one period (the map and the profile show one of them), or meant as a correction of the stored one."""


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # the cells as read (as typed), by column
    count: CountIn | None  # None when the row has a problem


def kept(rows: Sequence[ParsedRow], duplicates: Sequence[Clash], same_period: Sequence[Clash],
         skip_duplicates: bool = True, add_same_period: bool = False) -> tuple[list[CountIn], set[int], set[int]]:
    """The valid rows' counts an import stores, the rows it skips as duplicates (unless `skip_duplicates` is off)
    and the rows it leaves out for another number for a period (unless `add_same_period`; a row that is both counts
    as a duplicate when duplicates are skipped)."""
    skipped = {d.row for d in duplicates} if skip_duplicates else set()
    left_out = set() if add_same_period else {c.row for c in same_period} - skipped
    return [r.count for r in rows if r.count is not None and r.row not in skipped | left_out], skipped, left_out


@dataclass
class ParsedUpload:
    filename: str
    kind: str | None = None  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None  # the sheet of a workbook that was read
    skipped_sheets: list[str] = field(default_factory=list)  # its other sheets with something on them (not read)
    columns: list[str] = field(default_factory=list)  # headers as in the file
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    same_period: list[SamePeriod] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # said, not refused: e.g. the sheets that were not read

    @property
    def ok(self) -> bool:
        """Every row is valid (and there is at least one): the editor may confirm."""
        return not self.problems and bool(self.rows)

    def problem_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.problems, columns=list(Problem._fields))

    def add(self, row: int, column: str, code: str, lang: str, /, **values: Any) -> None:
        """Add the problem `code` at (row, column), its message filled with `values`."""
        self.problems.append(Problem(row, column, code, error_text(code, values, lang)))


def _fmt(value: Any, lang: str) -> Any:
    """A number in a message as it was entered: '12,5', not '12,50'."""
    if isinstance(value, float):
        return fmt_count(value, lang)
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


def typed_text(value: Any) -> str:
    """A cell as the editor typed it: text as is, a sheet's date as yyyy-mm-dd, a whole number without '.0'."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


DATES = ("period_start", "period_end")


def date_as_read(typed: str, day: dt.date, lang: str) -> str:
    """A typed date and, unless it was typed as yyyy-mm-dd, the day it was read as: '01-02-2023 (1 februari 2023)'
    (d-m-yyyy: an editor who meant 2 January sees that it was not)."""
    if typed == day.isoformat():
        return typed
    return f"{typed} ({format_date(day, 'd MMMM y', locale=LOCALES.get(lang, LOCALES['nl']))})"


def preview_frame(parsed: ParsedUpload, columns: tuple[str, ...], lang: str, limit: int) -> pd.DataFrame:
    """The valid rows as the editor typed them (program name, area text, period as in the file, not the ids they
    were read as; a date with the day it was read as, date_as_read), headed by the form's field names, with the row
    number of the file."""
    def shown(row: ParsedRow, column: str) -> str:
        typed = typed_text(row.values.get(column))
        return date_as_read(typed, getattr(row.count, column), lang) if column in DATES else typed

    rows = [{t("entry_upload_problem_row", lang): r.row, **{field_label(c, lang): shown(r, c) for c in columns}}
            for r in parsed.rows[:limit] if r.count is not None]
    return pd.DataFrame(rows)
