"""Tables as CSV and Excel downloads, safe against formula injection (CWE-1236).

A cell whose text starts with = + - @ (or a tab, carriage return or line feed) could run as a formula when the
file is opened in a spreadsheet: such text gets a leading single quote in both formats, and so does every line of
a text that starts that way after a line break (`Jaarverslag\\r=cmd|…` must not become a row or a cell starting
with `=cmd` in a tool that splits on the break). The CSV ends its lines in CR LF, so the csv writer quotes every
cell holding a CR or an LF: a line break inside a cell stays inside its cell. xlsxwriter writes strings as strings
(`strings_to_formulas` and `strings_to_urls` off). Numbers stay numbers.
"""
from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # OWASP CSV injection: a leading tab or CR too (issue #11)
LINE_FORMULA = re.compile(r"(\r\n|\r|\n)(?=[=+\-@\t])")  # a line inside the text that starts like a formula


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
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe_text)
    out.columns = [_safe_text(str(c)) for c in out.columns]
    return out


# Dutch Excel splits a CSV on ';' and reads ',' as the decimal sign; English Excel uses ',' and '.' (issue #18).
CSV_FORMATS = {"nl": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}


def to_csv_bytes(frame: pd.DataFrame, lang: str = "en") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads the accents), formula-safe text, lines ending in CR LF; separator and
    decimal sign of the page's language (`CSV_FORMATS`), so Excel in that language opens it in columns."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n", **CSV_FORMATS.get(lang, CSV_FORMATS["en"])
                                    ).encode("utf-8-sig")


def to_excel_sheets(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with a sheet per frame, in order; text is never written as a formula or a link."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        for sheet_name, frame in sheets.items():
            name = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "data"  # Excel forbids these in sheet names
            safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet."""
    return to_excel_sheets({sheet_name: frame})
