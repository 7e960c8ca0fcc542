"""Tables as CSV and Excel downloads, safe against formula injection (CWE-1236).

A cell whose text starts with = + - @ (or a tab or carriage return) could run as a formula when the file is
opened in a spreadsheet: such text gets a leading single quote in both formats, and xlsxwriter writes strings as
strings (`strings_to_formulas` and `strings_to_urls` off). Numbers stay numbers.
"""
from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: a leading tab or CR too (issue #11)


def _safe_text(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) that starts with = + - @ prefixed by a single quote."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe_text)
    out.columns = [_safe_text(str(c)) for c in out.columns]
    return out


# Dutch Excel splits a CSV on ';' and reads ',' as the decimal sign; English Excel uses ',' and '.' (issue #18).
CSV_FORMATS = {"nl": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}


def to_csv_bytes(frame: pd.DataFrame, lang: str = "en") -> bytes:
    """UTF-8 CSV (with BOM, so Excel reads the accents), formula-safe text; separator and decimal sign of the
    page's language (`CSV_FORMATS`), so Excel in that language opens it in columns."""
    return safe_frame(frame).to_csv(index=False, **CSV_FORMATS.get(lang, CSV_FORMATS["en"])).encode("utf-8-sig")


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str) -> bytes:
    """An .xlsx workbook with one sheet; text is never written as a formula or a link."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        name = re.sub(r"[\[\]:*?/\\]", "_", sheet_name)[:31] or "data"  # Excel forbids these in sheet names
        safe_frame(frame).to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()
