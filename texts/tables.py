"""Tables as CSV and Excel downloads, safe against formula injection (CWE-1236).

A cell whose text starts with = + - @ (or a tab, carriage return or line feed) could run as a formula when the
file is opened in a spreadsheet: such text gets a leading single quote in both formats, and so does every line of
a text that starts that way after a line break (`Jaarverslag\\r=cmd|…` must not become a row or a cell starting
with `=cmd` in a tool that splits on the break). The CSV ends its lines in CR LF, so the csv writer quotes every
cell holding a CR or an LF: a line break inside a cell stays inside its cell. xlsxwriter writes strings as strings
(`strings_to_formulas` and `strings_to_urls` off). Numbers stay numbers.

Excel shows a number cell without a number format as General: a one-decimal percentage that happens to be whole
(67.0) read '67' beside '66.4'. A frame can carry each figure's format (with_number_formats, from the decimals its
page shows it with), and the workbook gives each such cell its own: '0.0' shows 67.0 as 67,0 or 67.0 in the
reader's locale, and the cell stays a number.
"""
from __future__ import annotations

import io
import math
import numbers
import re
from collections.abc import Mapping, Sequence

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # OWASP CSV injection: a leading tab or CR too (issue #11)
LINE_FORMULA = re.compile(r"(\r\n|\r|\n)(?=[=+\-@\t])")  # a line inside the text that starts like a formula
NUMBER_FORMATS = "number_formats"  # a frame's attrs: {column: {row label: Excel number format}} (with_number_formats)


def _safe_text(value: object) -> object:
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START):
        value = "'" + value
    return LINE_FORMULA.sub(r"\1'", value)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) that starts with = + - @, or has a line that does, guarded
    by a single quote at the start of that line."""
    out = frame.copy()
    for column in out.columns:
        cells = out[column]
        if cells.dtype == object or pd.api.types.is_string_dtype(cells):
            # in the column's own dtype: Series.map made a column of 21300 and 75.3 (file_numbers) all floats
            out[column] = pd.Series([_safe_text(v) for v in cells], index=out.index, dtype=cells.dtype)
    out.columns = [_safe_text(str(c)) for c in out.columns]
    return out


def file_numbers(values: Sequence[float], decimals: Sequence[int | None] | None = None) -> pd.Series:
    """Numbers for a file, each to its own decimals (`decimals`, one per value; None: as it is): one of 0 decimals,
    or a whole one without any, as an integer ('10890', not '10890.0'), the rest with their decimals ('25.3');
    empty stays empty, never 0. A column of one kind is Int64 or float; one of counts beside percentages (a
    comparison of several indicators) holds each as it is, which the CSV and Excel writers keep."""
    decimals = [None] * len(values) if decimals is None else decimals
    numbers: list[int | float | None] = []
    for value, places in zip(values, decimals):
        if value is None or pd.isna(value):
            numbers.append(None)
            continue
        rounded = float(value) if places is None else round(float(value), places)
        numbers.append(int(rounded) if places == 0 or (places is None and rounded.is_integer()) else rounded)
    kinds = {type(n) for n in numbers if n is not None}
    if kinds <= {int}:
        return pd.Series(numbers, dtype="Int64")
    return pd.Series(numbers, dtype=float if kinds == {float} else object)


def number_format(decimals: int | None) -> str | None:
    """Excel's number format of a figure with `decimals` decimals: '0', '0.0', '0.00'; None (as it is): none."""
    if decimals is None:
        return None
    return "0." + "0" * decimals if decimals > 0 else "0"


def with_number_formats(frame: pd.DataFrame, decimals: Mapping[str, Sequence[int | None]]) -> pd.DataFrame:
    """A copy of `frame` whose workbook (to_excel_sheets) shows each figure of the `decimals` columns to its own
    decimals (one per row, in order; None: General), also where a column holds figures of several indicators. The
    formats are kept by row label, so they follow a row that is sorted or filtered."""
    if not frame.index.is_unique:
        raise ValueError("number formats are kept by row label: the frame's index must be unique")
    out = frame.copy()
    out.attrs[NUMBER_FORMATS] = {
        column: {label: number_format(places) for label, places in zip(frame.index, places_of_rows)
                 if places is not None}
        for column, places_of_rows in decimals.items()}
    return out


# Dutch Excel splits a CSV on ';' and reads ',' as the decimal sign; English Excel uses ',' and '.' (issue #18).
CSV_FORMATS = {"nl": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}


def _csv_cell(value: object, decimal: str) -> object:
    """A float in a column of several kinds (file_numbers) with the language's decimal sign: pandas gives only
    float columns that sign, and Dutch Excel read '25.3' beside '10890' as 253."""
    return repr(value).replace(".", decimal) if isinstance(value, float) and math.isfinite(value) else value


def to_csv_bytes(frame: pd.DataFrame, lang: str = "en") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads the accents), formula-safe text, lines ending in CR LF; separator and
    decimal sign of the page's language (`CSV_FORMATS`), so Excel in that language opens it in columns."""
    csv_format = CSV_FORMATS.get(lang, CSV_FORMATS["en"])
    out = safe_frame(frame)
    for column in out.columns[(out.dtypes == object).to_numpy()]:
        out[column] = out[column].map(lambda value: _csv_cell(value, csv_format["decimal"]))
    return out.to_csv(index=False, lineterminator="\r\n", **csv_format).encode("utf-8-sig")


def to_excel_sheets(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with a sheet per frame, in order; text is never written as a formula or a link."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        styles: dict[str, object] = {}  # one cell format per number format, shared by the sheets
        for sheet_name, frame in sheets.items():
            name = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "data"  # Excel forbids these in sheet names
            safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
            for row, column, value, shown in _formatted_cells(frame):
                if shown not in styles:
                    styles[shown] = writer.book.add_format({"num_format": shown})
                writer.sheets[name].write_number(row, column, value, styles[shown])  # the same number, formatted
    return buffer.getvalue()


def _formatted_cells(frame: pd.DataFrame) -> list[tuple[int, int, float, str]]:
    """(sheet row, column, number, number format) of each figure of `frame` with a format (with_number_formats),
    as to_excel writes the frame: its header in row 0, no index."""
    cells = []
    for column, formats in frame.attrs.get(NUMBER_FORMATS, {}).items():
        position = frame.columns.get_loc(column)
        for row, (label, value) in enumerate(zip(frame.index, frame[column]), start=1):
            if label in formats and isinstance(value, numbers.Real) and math.isfinite(value):
                cells.append((row, position, value, formats[label]))
    return cells


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet."""
    return to_excel_sheets({sheet_name: frame})
