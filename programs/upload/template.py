"""The upload template (CSV and Excel, with the valid programs and areas on a second sheet) and `rows_to_csv`."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from programs.upload.check import COLUMNS, EXAMPLE_ROW
from texts.i18n import t
from texts.tables import to_csv_bytes, to_excel_sheets


def template_frame() -> pd.DataFrame:
    """The columns of an upload with one example row (which is refused if left in)."""
    return pd.DataFrame([EXAMPLE_ROW], columns=list(COLUMNS))


def template_csv(lang: str) -> bytes:
    """UTF-8 CSV with BOM; `;` in Dutch (what Dutch Excel writes and opens), `,` in English (texts.tables)."""
    return to_csv_bytes(template_frame(), lang)


def choices_frame(programs: Mapping[str, str], areas: Mapping[str, str], lang: str) -> pd.DataFrame:
    """What the columns program and area accept: each program id and each area code with its name."""
    kinds = ([t("entry_template_kind_program", lang)] * len(programs)
             + [t("entry_template_kind_area", lang)] * len(areas))
    return pd.DataFrame({t("entry_template_kind", lang): kinds,
                         t("entry_template_code", lang): [*programs, *areas],
                         t("entry_template_name", lang): [*programs.values(), *areas.values()]})


def template_xlsx(lang: str = "nl", programs: Mapping[str, str] | None = None,
                  areas: Mapping[str, str] | None = None) -> bytes:
    """The template as a workbook: the counts sheet first, then the valid programs (id -> name) and areas
    (code -> name) to copy from. An upload reads the sheet with the count header and skips this second sheet
    without a notice (check.is_template_choices knows it by its name in nl or en)."""
    return to_excel_sheets({"tellingen": template_frame(),
                            t("entry_template_choices_sheet", lang): choices_frame(programs or {}, areas or {}, lang)})


def rows_to_csv(rows: Iterable[Mapping[str, Any]], delimiter: str = ";", line_end: str = "\n") -> bytes:
    """Rows (by column) as an upload file: for tests, the benchmark and the fault-injection issue. With lines
    ending in LF alone a lone CR inside a value is written unquoted (and read as a line break); with CR LF (as
    Excel writes) every cell holding a CR or LF is quoted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), delimiter=delimiter, lineterminator=line_end,
                            extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in COLUMNS})
    return buffer.getvalue().encode("utf-8")
