"""Indicator tables as a researcher downloads them (issue #18): one row per area, indicator and year; the value as
a number to the decimals the screen shows it with (a count whole, '10890'; a percentage with its source's decimals;
empty where the screen shows '<5', the status and note say so), its unit, year and age, area code and name,
source table, attribution and licence; headers in the page's language. The status is one of the tidy-data
contract's codes (DESIGN.md: ok, suppressed, not_collected), the same in both languages; the note says why a
figure is missing in the file's language. Built on indicators.compare.export_frame
(the comparison page's rows), so every page's files have the same columns."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from indicators.catalogue import Catalogue, Indicator
from indicators.compare import EXPORT_COLUMNS, export_frame
from indicators.describe import shown_decimals
from indicators.select import OTHER_DIVISION
from texts.i18n import t
from texts.tables import file_numbers, with_number_formats

SMALL_STATUS = "small"  # a count below 5, shown as '<5'
# The app's statuses as the contract's (a missing figure is an empty value, never 0): a count below 5 and a group
# mean left out because a member lacks its figure are withheld; a figure the source has no row for and a group's
# count or amount (no honest mean) were never there, nor was a figure of the year's other division of the gemeente
# (indicators.select.OTHER_DIVISION: the boundaries' area had none). `no_row` in the files was no code of the contract.
CONTRACT_STATUS = {"ok": "ok", "suppressed": "suppressed", "not_collected": "not_collected",
                   SMALL_STATUS: "suppressed", "incomplete": "suppressed",
                   "no_row": "not_collected", "not_applicable": "not_collected", OTHER_DIVISION: "not_collected"}
STATUS_NOTES = {"suppressed": "cmp_status_suppressed", "not_collected": "cmp_status_not_collected",
                SMALL_STATUS: "exp_note_small", "incomplete": "cmp_status_incomplete",
                "no_row": "exp_note_no_row", "not_applicable": "cmp_status_not_applicable",
                OTHER_DIVISION: "exp_note_other_division"}
FIGURE_COLUMNS = ("value", "city", "nl", "gap_city", "gap_nl")  # a row's figures and gaps, of its indicator and year


def indicator_export(rows: pd.DataFrame, cat: Catalogue, lang: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """`rows`: indicator, area_code, name, level, year, age, value, status, source (table id), and the `extra`
    columns (gap_city, rank, ...): figures (FIGURE_COLUMNS) to the decimals of their row's indicator and year
    (Indicator.decimals, as every page shows them), the others as they are; in the workbook each figure has its
    decimals' number format (texts.tables.with_number_formats). Headers: `exp_col_<column>` in `lang`."""
    frame = export_frame(rows, cat, lang, {c: c for c in extra})
    small = frame["value"].map(lambda value: isinstance(value, str))
    frame["value"] = pd.to_numeric(frame["value"].where(~small), errors="coerce")
    frame.loc[small, "status"] = SMALL_STATUS
    frame["note"] = [status_note(status, note, lang) for status, note in zip(frame["status"], frame["note"])]
    frame["status"] = [CONTRACT_STATUS[status] for status in frame["status"]]
    decimals = [shown_decimals(cat.indicator(i), year) for i, year in zip(frame["indicator"], frame["year"])]
    for column in (c for c in FIGURE_COLUMNS if c in frame):  # as the screen writes them: 10890, 25.3, +6.2
        frame[column] = file_numbers(list(frame[column]), decimals)
    frame["unit"] = [t(f"exp_unit_{unit}", lang) for unit in frame["unit"]]
    if "rank" in frame:  # a place in a ranking is a whole number: 1, not 1.0 (missing where there is none)
        frame["rank"] = pd.to_numeric(frame["rank"], errors="coerce").round().astype("Int64")
    headers = {c: t(f"exp_col_{c}", lang) for c in [*EXPORT_COLUMNS, *extra]}
    return with_number_formats(frame.rename(columns=headers),
                               {headers[c]: decimals for c in FIGURE_COLUMNS if c in frame})  # Excel: 67.0, not 67


def status_note(status: str, note: str, lang: str) -> str:
    """A row's note with, first, why its figure is missing (STATUS_NOTES), in `lang`."""
    reason = t(STATUS_NOTES[status], lang) if status in STATUS_NOTES else ""
    return "; ".join(text for text in (reason, note) if text)


def map_export(frame: pd.DataFrame, ind: Indicator, cat: Catalogue, level: str, year: int, age: str,
               lang: str) -> pd.DataFrame:
    """The map's areas (a map model's frame: code, name, value, status, gaps, rank) as a file. A gap is written as
    the map's tooltip gives it (+6.2 pp), not with the subtraction's float noise (6.200000000000003)."""
    used_age = age if any(age in s.ages for s in ind.sources) else "all"
    rows = frame.assign(indicator=ind.id, area_code=frame["code"], level=level, year=year, age=used_age,
                        source=ind.source_table(year, used_age))
    return indicator_export(rows, cat, lang, extra=("gap_city", "gap_nl", "rank"))


def with_indicator(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Several indicators' rows (trend frames by indicator id) as one frame with an `indicator` column."""
    parts = [f.assign(indicator=iid) for iid, f in frames.items() if len(f)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["indicator"])
