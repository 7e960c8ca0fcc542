"""Counts as people read them: the table on screen, the export, the chart's points and the source line.

Pure functions of `store.list_counts` frames. Small counts of residents below city level become "<5" in every
one of them (screen, export, tooltip); staff, groups, activities and places show as the source publishes them
(the kind of count: `programs.seed.count_kind`, issue #18). A range stays low–high; missing is never 0. A count
is followed by its program's unit for exactly one ('1 speeltuin') or for any other number ('2 speeltuinen'):
`count_unit`; a table's unit column, which names the unit of many counts, keeps the plural.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any, NamedTuple

import pandas as pd
from babel.dates import format_date

from indicators.areas import groups
from indicators.codes import gemeente_of
from programs.seed import count_kind
from programs.validation import area_level
from texts.i18n import LOCALES, SMALL_COUNT, fmt_count, fmt_count_safe, t
from texts.tables import file_numbers

SUPPRESSED = "<5"
CHART_COLUMNS = ["program", "area", "area_name", "period_start", "period_end", "low", "high", "suppressed",
                 "value_text", "period_text", "unit_label"]


def is_suppressed(value: float, kind: str, area: str) -> bool:
    """A count of residents below 5 in an area smaller than the city (not staff, groups, activities, places)."""
    return kind == "residents" and area_level(area) not in ("nl", "gemeente") and value < SMALL_COUNT


class UnitLabels(NamedTuple):
    """A program's unit in one language: after a count of exactly one, and after any other count."""

    one: str
    many: str


def unit_labels(row: Mapping[str, Any] | pd.Series, lang: str) -> UnitLabels:
    """The unit labels of a program or count row (store.list_programs, store.list_counts) in `lang`."""
    return UnitLabels(row[f"unit_label_one_{lang}"], row[f"unit_label_{lang}"])


def _is_one(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and not math.isnan(value) and value == 1


def unit_for(value_low: Any, value_high: Any, singular: str, plural: str) -> str:
    """The unit after a count: `singular` for exactly one (low = high = 1), `plural` for everything else: 0, 2, 1.5,
    a range 1–3, a text such as '<5', a missing value."""
    return singular if _is_one(value_low) and _is_one(value_high) else plural


def count_unit(low: float, high: float, kind: str, area: str, units: UnitLabels) -> str:
    """The unit after a count as shown: after '<5' (a suppressed count, `is_suppressed`) the plural, else
    `unit_for` its numbers."""
    return units.many if is_suppressed(low, kind, area) else unit_for(low, high, *units)


def kinds(frame: pd.DataFrame) -> list[str]:
    """The kind of count of each row: the store's column when it has one, else the catalogue's."""
    if "count_kind" in frame.columns:
        return [k if isinstance(k, str) and k else count_kind(p) for k, p in zip(frame["count_kind"], frame["program"])]
    return [count_kind(p) for p in frame["program"]]


def _number(value: float, kind: str, area: str, lang: str) -> str:
    """A count as shown: '<5' for few residents below city level, else with the decimals it has ('11,5')."""
    if kind == "residents":
        return fmt_count_safe(value, area_level(area), lang)
    return fmt_count(value, lang)


def value_text(low: float, high: float, qualifier: str, kind: str, area: str, lang: str) -> str:
    """'628', '79–92', 'ca. 80', '<5' (nl) — never a midpoint."""
    text = _number(low, kind, area, lang)
    if high != low:
        text = f"{text}–{_number(high, kind, area, lang)}"
    return t(f"prog_value_{qualifier}", lang, value=text)


def _whole_years(start: dt.date, end: dt.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


def period_text(start: dt.date, end: dt.date, lang: str) -> str:
    """'2019', '2018–2024', or '1 okt 2020 – 31 okt 2020' for periods that are not whole years."""
    if _whole_years(start, end):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    locale = LOCALES.get(lang, LOCALES["nl"])
    return f"{format_date(start, 'd MMM y', locale=locale)} – {format_date(end, 'd MMM y', locale=locale)}"


def count_gemeenten(codes: Iterable[str]) -> list[str]:
    """The gemeenten whose boundaries name these counts' areas, each once, sorted: a count is named by its own
    gemeente's wijken and buurten, whichever gemeente the page shows."""
    return sorted({g for g in map(gemeente_of, codes) if g})


def area_name(code: str, lang: str, names: Mapping[str, str]) -> str:
    """A group's name from data/areas.yaml, else the boundary name, else the code itself."""
    group = groups().get(code)
    return group["name"][lang] if group else names.get(code, code)


def _texts(frame: pd.DataFrame, lang: str, names: Mapping[str, str]) -> dict[str, list]:
    """The columns every view of the counts shares, as plain lists."""
    rows = list(frame.itertuples())
    row_kinds = kinds(frame)
    units = [UnitLabels(*pair) for pair in zip(frame[f"unit_label_one_{lang}"], frame[f"unit_label_{lang}"])]
    return {
        "program": [getattr(r, f"name_{lang}") for r in rows],
        "theme": [t(f"prog_theme_{r.theme}", lang) for r in rows],
        "area": [area_name(r.area, lang, names) for r in rows],
        "area_code": [r.area for r in rows],
        "period": [period_text(r.period_start, r.period_end, lang) for r in rows],
        "value": [value_text(r.value_low, r.value_high, r.qualifier, k, r.area, lang)
                  for r, k in zip(rows, row_kinds)],
        "unit": [u.many for u in units],  # a column's heading or cell: the unit of many counts
        "count_unit": [count_unit(r.value_low, r.value_high, k, r.area, u)  # after this count's value
                       for r, k, u in zip(rows, row_kinds, units)],
        "kind": [t(f"pl_kind_{k}", lang) for k in row_kinds],
        "source": [r.source for r in rows],
        "note": [getattr(r, f"note_{lang}") if isinstance(getattr(r, f"note_{lang}"), str) else "" for r in rows],
    }


def _headers(columns: dict[str, list], lang: str) -> pd.DataFrame:
    return pd.DataFrame({t(f"prog_col_{key}", lang): values for key, values in columns.items()})


# On screen the count comes early: on a 1024 px beamer with the sidebar open the grid showed program, theme and area,
# and the number only after scrolling sideways.
DISPLAY_ORDER = ("program", "area", "period", "value", "unit", "kind", "theme", "area_code", "source", "note")


def display_table(frame: pd.DataFrame, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """All text, formatted for the screen ('4.638', '79–92', '<5'), in DISPLAY_ORDER."""
    texts = _texts(frame, lang, names)
    return _headers({key: texts[key] for key in DISPLAY_ORDER}, lang)


def file_value(value: float, kind: str, area: str) -> float:
    """The number for a file: NaN where the screen shows '<5' (the file's text column says '<5'), never 0. Every
    export of counts (/programmas, the profile, the map's reach table) writes them with this."""
    return float("nan") if is_suppressed(value, kind, area) else float(value)


def _utc_text(column: pd.Series) -> list[str]:
    return [v.strftime("%Y-%m-%d %H:%M:%S") if pd.notna(v) else "" for v in column]


def export_table(frame: pd.DataFrame, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """For CSV/Excel: numbers as numbers (empty where the screen shows '<5'; the shown value says so), the kind of
    count and unit, ISO dates and year, source and licence, and who entered and changed each count."""
    texts = _texts(frame, lang, names)
    rows = list(frame.itertuples())
    row_kinds = kinds(frame)
    columns = {
        "program_id": list(frame["program"]), "program": texts["program"], "theme": texts["theme"],
        "area_code": texts["area_code"], "area": texts["area"],
        "year": pd.Series([r.period_end.year for r in rows], dtype="Int64"),
        "period_start": [r.period_start.isoformat() for r in rows],
        "period_end": [r.period_end.isoformat() for r in rows],
        "value_low": file_numbers([file_value(r.value_low, k, r.area) for r, k in zip(rows, row_kinds)]),
        "value_high": file_numbers([file_value(r.value_high, k, r.area) for r, k in zip(rows, row_kinds)]),
        "value": texts["value"], "qualifier": [t(f"prog_qualifier_{r.qualifier}", lang) for r in rows],
        "unit": texts["unit"], "kind": texts["kind"],
        "source": texts["source"], "licence": [t("pl_licence_report", lang)] * len(rows),
        "quote": [r.quote if isinstance(r.quote, str) else "" for r in rows],
        "note": texts["note"], "entered_by": list(frame["entered_by"]),
        "entered_at": _utc_text(frame["entered_at"]), "changed_by": list(frame["changed_by"]),
        "changed_at": _utc_text(frame["changed_at"]), "version": list(frame["version"]),
    }
    return _headers(columns, lang)


def chart_frame(frame: pd.DataFrame, lang: str, names: Mapping[str, str]) -> pd.DataFrame:
    """What charts.programs draws: a suppressed count becomes the band 0–5 labelled '<5', nothing more. Its
    `unit_label` is the unit after each count's value ('1 speeltuin', '2 speeltuinen')."""
    texts = _texts(frame, lang, names)
    rows = list(frame.itertuples())
    suppressed = [is_suppressed(r.value_low, k, r.area) for r, k in zip(rows, kinds(frame))]
    return pd.DataFrame({
        "program": list(frame["program"]), "area": texts["area_code"], "area_name": texts["area"],
        "period_start": [r.period_start for r in rows], "period_end": [r.period_end for r in rows],
        "low": [0.0 if s else float(r.value_low) for r, s in zip(rows, suppressed)],
        "high": [float(SMALL_COUNT) if s and r.value_high < SMALL_COUNT else float(r.value_high)
                 for r, s in zip(rows, suppressed)],
        "suppressed": suppressed, "value_text": texts["value"], "period_text": texts["period"],
        "unit_label": texts["count_unit"],
    }, columns=CHART_COLUMNS)


def source_line(frame: pd.DataFrame, lang: str) -> str:
    """'Bron: <each source once> · periode 2019–2023'."""
    if frame.empty:
        return ""
    sources = t("prog_source_sep", lang).join(dict.fromkeys(frame["source"]))
    period = period_text(min(frame["period_start"]), max(frame["period_end"]), lang)
    return t("prog_source_line", lang, sources=sources, period=period)
