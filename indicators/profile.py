"""The area profile (issue #5): spine-chart data, trends and flags per indicator, key figures, stories.

Pure functions over the tidy observations (DESIGN.md) and the catalogue; nothing here needs Streamlit.

How an area is compared (the page's help text says the same in words):
- **Spread**: all areas of the same level in the gemeente (wijken with wijken, buurten with buurten; the city profile
  uses the spread of its wijken). Minimum, 25th percentile, median, 75th percentile and maximum of the areas that
  have a value (pandas' linear interpolation between order statistics).
- **Year**: per indicator the latest year in which areas of that level have a value, for the view's age group
  (RIVM: 18plus or 65plus; KWB: `all`, see `indicators.select.observation_age`).
- **Better / similar / worse**: `indicators.gaps.compare` against Den Haag (for the city profile: against NL), i.e.
  a difference below `gaps.SIMILAR_PP` percentage points (other units: `gaps.SIMILAR_RELATIVE` of the reference)
  is "similar"; otherwise better or worse by the indicator's direction. Neutral indicators are not judged.
- **Counts** (unit `count`, e.g. inhabitants, benefit recipients) are totals, not rates: the city and NL totals
  are not on an area's scale, so counts are never judged against them and never flagged (`not_applicable`).
- **Small counts**: a count of people below 5 below city level is written '<5' (DESIGN.md), and the area gets no
  place among the others for it (`small_count`): neither in the spine nor as its size rank.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from indicators.catalogue import Catalogue, Indicator
from indicators.codes import area_level
from indicators.divisions import Divisions, divisions, divisions_of, other_divisions
from indicators.gaps import Comparison, compare, direction_sign, similarity_margin
from indicators.select import (NOT_COMPARABLE_UNITS, OTHER_DIVISION, is_comparable, observation_age, small_count,
                               small_people_count, years_with_values)
from indicators.view import AGES

KEY_INDICATOR_INHABITANTS = "aant_inw"
KEY_INDICATOR_65PLUS = "p_65_eo_jr"
KEY_YEARS_INHABITANTS = (2015, 2024)
KEY_YEAR_65PLUS = 2015

SPINE_COLUMNS = [
    "indicator", "group", "unit", "direction", "year", "age", "source", "area_code", "level", "spread_level",
    "value", "status", "min", "p25", "median", "p75", "max", "n", "city", "nl", "reference", "comparison",
    "rank", "n_ranked", "trend_first_year", "trend_first_value", "trend_last_year", "trend_last_value",
    "trend_change", "trend_arrow", "trend", "worse_and_worsening",
]
SPINE_FIGURES = ("value", "min", "city", "nl")  # a row's figures drawn: its value, its spread's bar, the references
# Whole years, missing where an indicator has no figure for the area's level (Wassenaar's KWB 2019): a plain column
# would turn every year into a float once one is missing, and the hover read '2020.0', 'since 2012.0' and 'nan'.
SPINE_YEARS = {"year": "Int64", "trend_first_year": "Int64", "trend_last_year": "Int64"}


def spread_level(code: str) -> str:
    """The level whose areas make the spread: the same level, or the wijken for the city profile."""
    level = area_level(code)
    return "wijk" if level == "gemeente" else level


def age_years(ind: Indicator, age: str) -> list[int]:
    """The years in which the indicator exists for this age group (KWB: every year, as age `all`)."""
    years = []
    for year in ind.years:
        if observation_age(ind, year, age) in ind.ages_in(year):
            years.append(year)
    return years


def trend_indicators(cat: Catalogue, age: str) -> tuple[list[str], list[str]]:
    """The indicators measured in at least two years for this age group (a trend can be drawn), and those left out
    that have two such years for another age group (the health monitor's 65+ figures: 2020 only)."""
    def trend(ind: Indicator, a: str) -> bool:
        return len(age_years(ind, a)) >= 2

    inds = [cat.indicator(i) for i in cat.available_ids]
    shown = [ind.id for ind in inds if trend(ind, age)]
    other_age = [ind.id for ind in inds if ind.id not in shown and any(trend(ind, a) for a in AGES if a != age)]
    return shown, other_age


def opening_multiples(options: Sequence[str], preferred: Sequence[str], cat: Catalogue,
                      present: Collection[tuple[str, str, int, str]], level: str, age: str, n: int = 6) -> list[str]:
    """What /trends' small multiples open on: the `preferred` of `options`, else the first `n`, among those with
    figures in two or more years for `level` and `age` (`present`: figures_present), so that each draws a line, not
    a point (Delft at 65+: four of the six had one year); where none has two, among all `options`."""
    lines = [i for i in options if len(years_with_values(present, cat.indicator(i), level, age)) >= 2]
    for pool in (lines, list(options)):
        if chosen := [i for i in preferred if i in pool] or pool[:n]:
            return chosen
    return []


def spread(values: pd.Series) -> dict[str, float]:
    """min, 25th percentile, median, 75th percentile, max and n of the values that are not missing."""
    data = values.dropna().astype(float)
    if data.empty:
        return {"min": math.nan, "p25": math.nan, "median": math.nan, "p75": math.nan, "max": math.nan, "n": 0}
    return {
        "min": float(data.min()), "p25": float(data.quantile(0.25)), "median": float(data.quantile(0.5)),
        "p75": float(data.quantile(0.75)), "max": float(data.max()), "n": int(len(data)),
    }


@dataclass(frozen=True)
class Trend:
    first_year: int | None
    first_value: float
    last_year: int | None
    last_value: float
    change: float
    arrow: str  # "up" | "down" | "flat" | "none"
    judgement: Comparison  # better | similar | worse | not_applicable | no_data


def trend(series: dict[int, float], direction: str, unit: str, small: Callable[[float], bool] | None = None) -> Trend:
    """The trend rule: how an area's value moved between its earliest and its latest year with a value.

    - The series holds one area's values per year for ONE age group (18plus with 18plus, 65plus with 65plus, KWB
      `all`); years without a value (NaN) are skipped, so "since 2012" means since the first year with data.
    - change = latest value − earliest value. Fewer than two years with a value: no trend (`no_data`).
    - |change| below the similarity margin of `indicators.gaps` (`SIMILAR_PP` = 1 percentage point for
      percentages; `SIMILAR_RELATIVE` = 5 % of the earliest value for other units) → `similar`, arrow "flat".
    - Otherwise the arrow follows the value (up/down), and the change is judged by the direction: a rise is
      `worse` when higher is worse and `better` when higher is better (a fall the other way round). So "getting
      worse" means a change in the bad direction of at least the margin. Neutral indicators and counts (totals)
      get an arrow but no judgement (`not_applicable`).
    - An area is flagged "worse and getting worse" when its latest value is worse than the reference
      (`gaps.compare`) AND its trend is `worse` (see `worse_and_worsening`).
    - `small`: which of the series' values are written '<5' (a count of people below city level: small_count). One
      at either end gives no direction and no change (arrow "none", `not_applicable`): Oostduinen's 0 → 0 read '↓',
      which told how a hidden count moved.
    """
    points = sorted((int(y), float(v)) for y, v in series.items() if v is not None and not math.isnan(v))
    if len(points) < 2:
        year, value = points[0] if points else (None, math.nan)
        return Trend(year, value, year, value, math.nan, "none", "no_data")
    (first_year, first), (last_year, last) = points[0], points[-1]
    if small is not None and (small(first) or small(last)):
        return Trend(first_year, first, last_year, last, math.nan, "none", "not_applicable")
    change = last - first
    if change == 0 or abs(change) < similarity_margin(first, unit):  # 0 → 0: margin 0, yet no change
        arrow, judgement = "flat", "similar"
    else:
        arrow = "up" if change > 0 else "down"
        sign = direction_sign(direction)
        if sign == 0 or unit in NOT_COMPARABLE_UNITS:
            judgement = "not_applicable"
        else:
            judgement = "better" if change * sign > 0 else "worse"
    if judgement == "similar" and (direction_sign(direction) == 0 or unit in NOT_COMPARABLE_UNITS):
        judgement = "not_applicable"
    return Trend(first_year, first, last_year, last, change, arrow, judgement)


def worse_and_worsening(comparison: str, trend_judgement: str) -> bool:
    """The red flag: worse than the reference now, and moved in the bad direction since the first year."""
    return comparison == "worse" and trend_judgement == "worse"


def _wanted(inds: Sequence[Indicator], age: str) -> pd.DataFrame:
    """(indicator, year, age) of every row the profile may use: per year the age that year carries."""
    keys = [(ind.id, y, observation_age(ind, y, age)) for ind in inds for y in age_years(ind, age)]
    return pd.DataFrame(keys, columns=["indicator", "year", "age"]).astype({"year": "int64"})


NO_VALUES = np.empty(0)


def _spread_sorted(data: np.ndarray) -> dict[str, float]:
    """`spread` of values already sorted and without NaN (numpy's linear quantiles are pandas')."""
    if not data.size:
        return {"min": math.nan, "p25": math.nan, "median": math.nan, "p75": math.nan, "max": math.nan, "n": 0}
    p25, median, p75 = (float(q) for q in np.quantile(data, [0.25, 0.5, 0.75]))
    return {"min": float(data[0]), "p25": p25, "median": median, "p75": p75, "max": float(data[-1]),
            "n": int(data.size)}


NO_SPREAD = _spread_sorted(NO_VALUES)


def _rank_min(data: np.ndarray, value: float, direction: str) -> float:
    """`indicators.gaps.rank` of one value among sorted values (method "min": ties share the best place)."""
    if direction == "higher_is_worse":
        return float(np.searchsorted(data, value, side="left") + 1)
    return float(data.size - np.searchsorted(data, value, side="right") + 1)


@dataclass(frozen=True)
class SpineContext:
    """What every area compared with one spread shares: the rows the profile may use (of the spread's areas, the
    gemeente and NL, per indicator its years for the view's age), and per indicator the spread's year and its
    sorted values. Built once per gemeente, spread and age (ui.cache keeps it); an area's rows then cost a lookup
    instead of ~35 ms of filtering and merging the gemeente's 28,000 rows."""

    inds: tuple[Indicator, ...]
    spread_codes: frozenset[str]
    covered: frozenset[str]  # the areas whose profile this context can give: the spread, the gemeente and `also`
    spread_level: str
    age: str
    gemeente: str
    by_area: dict[str, list[tuple]]  # area code → its rows as (indicator, year, level, value, status), in row order
    spread_years: dict[str, int]  # indicator → the latest year in which an area of the spread has a value
    spread_of: dict[str, np.ndarray]  # indicator → the spread's values in that year, sorted
    spread_stats: dict[str, dict[str, float]]  # indicator → _spread_sorted of spread_of (the same for every area)
    references: dict[tuple[str, str, int], float]  # (gemeente or nl, indicator, year) → the first row's value
    sources: dict[tuple[str, int], str]  # (indicator, year) → the first row's source table


def spine_context(tidy: pd.DataFrame, inds: Sequence[Indicator], spread_codes: Sequence[str], s_level: str,
                  age: str, gemeente: str, also: Sequence[str] = ()) -> SpineContext:
    """The shared part of the profiles of the spread's areas (and of `also`: areas outside the spread)."""
    spread_set = frozenset(spread_codes)
    divs = divisions_of(tidy)  # of all the gemeente's rows: the spread's areas lack a later division's new codes
    tidy = tidy[tidy["area_code"].isin({*spread_set, gemeente, *also}) | (tidy["level"] == "nl")]
    # Plain Python strings from here: on Arrow-backed strings every later filter pays a pyarrow `take` per column.
    tidy = tidy.astype({c: object for c in ("area_code", "level", "indicator", "age", "status", "source")})
    rows = without_other_divisions(tidy.merge(_wanted(inds, age), on=["indicator", "year", "age"]), divs,
                                   spread_codes, s_level)
    in_spread = rows["area_code"].isin(spread_set) & (rows["level"] == s_level) & rows["value"].notna()
    spread_years = rows[in_spread].groupby("indicator")["year"].max().to_dict()
    spread_at = rows[in_spread & (rows["year"] == rows["indicator"].map(spread_years))]
    spread_values = spread_at["value"].to_numpy(dtype=float)
    spread_of = {i: np.sort(spread_values[pos]) for i, pos in spread_at.groupby("indicator").indices.items()}
    columns = [rows[c].tolist() for c in ("area_code", "indicator", "year", "level", "value", "status", "source")]
    by_area: dict[str, list[tuple]] = {}
    references: dict[tuple[str, str, int], float] = {}
    sources: dict[tuple[str, int], str] = {}
    for code, ind, year, level, value, status, source in zip(*columns):
        by_area.setdefault(code, []).append((ind, int(year), level, float(value), status))
        if level in ("gemeente", "nl"):
            references.setdefault((level, ind, int(year)), float(value))
        if isinstance(source, str):
            sources.setdefault((ind, int(year)), source)
    return SpineContext(tuple(inds), spread_set, spread_set | {gemeente, *also}, s_level, age, gemeente, by_area,
                        {i: int(y) for i, y in spread_years.items()}, spread_of,
                        {i: _spread_sorted(data) for i, data in spread_of.items()}, references, sources)


def without_other_divisions(rows: pd.DataFrame, divs: Divisions, spread_codes: Sequence[str], s_level: str
                            ) -> pd.DataFrame:
    """`rows` with no figure for the spread's level in a year that divided the gemeente into areas the spread (the
    boundaries' areas) lacks (indicators.divisions.other_divisions, as the map): their status says so. Rijswijk's
    health monitor figures are of its 11 wijken of later years; the profile of its wijk 03 of 2015 showed the
    figures of the wijk that has that code now."""
    other_years = {year for year in rows["year"].unique() if other_divisions(divs, int(year), spread_codes)}
    if not other_years:
        return rows
    other = (rows["level"] == s_level) & rows["year"].isin(other_years)
    return rows.assign(value=rows["value"].mask(other), status=rows["status"].mask(other, OTHER_DIVISION))


def spine_rows(tidy: pd.DataFrame, inds: Sequence[Indicator], area_code: str, spread_codes: Sequence[str], age: str,
               gemeente: str) -> list[dict]:
    """Per indicator (in the given order) the area's value in the latest year, the spread, references, trend and
    flag (see area_spine_rows). An indicator without rows gets a row of missing values, never an error."""
    context = spine_context(tidy, inds, spread_codes, spread_level(area_code), age, gemeente, also=(area_code,))
    return area_spine_rows(context, area_code)


def area_spine_rows(context: SpineContext, area_code: str) -> list[dict]:
    """spine_rows of one area from the shared context: the year is the latest in which an area of the spread has a
    value, else the area's own latest year with one."""
    if area_code not in context.covered:  # its rows were left out of the context: it would show as all missing
        raise ValueError(f"{area_code} is not in this spine context (its spread, gemeente or `also`)")
    level = area_level(area_code)
    s_level = context.spread_level
    mine = context.by_area.get(area_code, [])
    own: dict[str, int] = {}
    other: dict[str, int] = {}  # the latest year of another division (without_other_divisions): why none is shown
    for ind, year, row_level, value, status in mine:
        if row_level == level and not math.isnan(value):
            own[ind] = max(year, own.get(ind, year))
        if status == OTHER_DIVISION:
            other[ind] = max(year, other.get(ind, year))
    years = {i.id: context.spread_years.get(i.id, own.get(i.id, other.get(i.id))) for i in context.inds}
    values: dict[str, float] = {}
    statuses: dict[str, str] = {}
    series: dict[str, dict[int, float]] = {}  # indicator → {year: value}
    for ind, year, _, value, status in mine:
        if year == years.get(ind) and ind not in values:
            values[ind], statuses[ind] = value, status
        series.setdefault(ind, {})[year] = value
    out = []
    for ind in context.inds:
        year = years[ind.id]
        value = float(values.get(ind.id, math.nan))
        status = str(statuses[ind.id]) if ind.id in statuses else "no_row"
        in_spread_year = year == context.spread_years.get(ind.id)
        data = context.spread_of.get(ind.id, NO_VALUES) if in_spread_year else NO_VALUES
        spread_stats = context.spread_stats.get(ind.id, NO_SPREAD) if in_spread_year else NO_SPREAD
        ref_city = context.references.get(("gemeente", ind.id, year), math.nan)
        ref_nl = context.references.get(("nl", ind.id, year), math.nan)
        comparable = is_comparable(ind)
        reference = (ref_nl if level == "gemeente" else ref_city) if comparable else math.nan
        comparison = compare(value, reference, ind.direction, ind.unit) if comparable else "not_applicable"
        if comparable and comparison == "no_data" and not math.isnan(value) and ind.direction == "neutral":
            comparison = "not_applicable"
        if not comparable and math.isnan(value):
            comparison = "no_data"
        area_rank = math.nan
        if (level == s_level and not math.isnan(value) and area_code in context.spread_codes
                and not small_count(ind, value, level)):
            area_rank = _rank_min(data, value, ind.direction)
        tr = trend(series.get(ind.id, {}), ind.direction, ind.unit, lambda v: small_count(ind, v, level))
        source = ""
        if year is not None:
            key = (ind.id, year)
            source = context.sources[key] if key in context.sources else next(
                (s.table for s in ind.sources if year in s.years), "")
        out.append({
            "indicator": ind.id, "group": ind.group, "unit": ind.unit, "direction": ind.direction,
            "year": None if year is None else int(year),
            "age": observation_age(ind, year, context.age) if year else context.age, "source": source,
            "area_code": area_code, "level": level, "spread_level": s_level, "value": value, "status": status,
            **spread_stats, "city": ref_city, "nl": ref_nl, "reference": reference, "comparison": comparison,
            "rank": area_rank, "n_ranked": spread_stats["n"], "trend_first_year": tr.first_year,
            "trend_first_value": tr.first_value, "trend_last_year": tr.last_year, "trend_last_value": tr.last_value,
            "trend_change": tr.change, "trend_arrow": tr.arrow, "trend": tr.judgement,
            "worse_and_worsening": worse_and_worsening(comparison, tr.judgement),
        })
    return out


def spine_row(tidy: pd.DataFrame, ind: Indicator, area_code: str, spread_codes: Sequence[str], age: str,
              gemeente: str) -> dict:
    """One indicator of the profile (see spine_rows)."""
    return spine_rows(tidy, [ind], area_code, spread_codes, age, gemeente)[0]


def spine_data(tidy: pd.DataFrame, cat: Catalogue, area_code: str, spread_codes: Sequence[str], age: str,
               gemeente: str, indicator_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The whole profile: one row per available indicator (see spine_frame)."""
    ids = list(indicator_ids) if indicator_ids is not None else cat.available_ids
    return spine_frame(spine_rows(tidy, [cat.indicator(i) for i in ids], area_code, spread_codes, age, gemeente), cat)


def spine_frame(rows: list[dict], cat: Catalogue) -> pd.DataFrame:
    """Spine rows as a frame ordered by theme (catalogue group order), then by the catalogue's order within the
    theme. Columns: SPINE_COLUMNS; the years as SPINE_YEARS (whole, <NA> where missing)."""
    group_order = {g.id: i for i, g in enumerate(cat.groups)}
    frame = pd.DataFrame(rows, columns=SPINE_COLUMNS).astype(SPINE_YEARS)
    order = {i: n for n, i in enumerate(cat.ids)}
    frame["_g"] = frame["group"].map(group_order)
    frame["_i"] = frame["indicator"].map(order)
    return frame.sort_values(["_g", "_i"]).drop(columns=["_g", "_i"]).reset_index(drop=True)


def summary_counts(spine: pd.DataFrame) -> dict[str, int]:
    """How many indicators are better / similar / worse than the reference, and how many are flagged."""
    counts = spine["comparison"].value_counts()
    return {
        "better": int(counts.get("better", 0)), "similar": int(counts.get("similar", 0)),
        "worse": int(counts.get("worse", 0)), "flagged": int(spine["worse_and_worsening"].sum()),
    }


def furthest_worse(spine: pd.DataFrame) -> pd.DataFrame:
    """The spine's rows worse than their reference, furthest from it first.

    The distance is counted in the spread's interquartile ranges (|value − reference| / (p75 − p25)), so a
    percentage, a ratio and a count compare: a list of the few worst gaps must not depend on the theme order. Rows
    whose spread has no range come last, in the spine's order."""
    worse = spine[spine["comparison"] == "worse"]
    width = (worse["p75"] - worse["p25"]).where(lambda w: w > 0)
    distance = ((worse["value"] - worse["reference"]).abs() / width).astype(float)
    return worse.assign(_d=distance).sort_values("_d", ascending=False, kind="stable",
                                                  na_position="last").drop(columns="_d")


def none_judged_reason(spine: pd.DataFrame) -> str:
    """Why no indicator of the spine could be judged, as the i18n key that says so: figures of another division
    (Rijswijk's wijken of 2015 beside the health monitor's later ones), figures withheld for too few residents
    (Oostduinen), or none in the sources at all."""
    statuses = set(spine["status"])
    if OTHER_DIVISION in statuses:
        return "prof_summary_none_division"
    return "prof_summary_none" if "suppressed" in statuses else "prof_summary_none_missing"


@dataclass(frozen=True)
class KeyFigure:
    indicator: str
    year: int
    value: float
    status: str
    source: str


@dataclass(frozen=True)
class KeyTable:
    """The key figures' rows as lookups, built once per gemeente (ui.cache keeps it): a profile then costs a few
    dict reads instead of a dozen filters of a frame (~10 ms per area switch)."""

    rows: dict[tuple[str, str, int], tuple[float, str, str]]  # (indicator, area, year) → (value, status, source)
    years: dict[tuple[str, str], tuple[int, ...]]  # (indicator, area) → the years with a value, ascending
    divisions: Divisions  # the wijken and buurten per year (indicators.divisions: Rijswijk redrew its wijken)


def key_table(tidy: pd.DataFrame) -> KeyTable:
    """The rows of `tidy` by indicator, area and year (the first row of a key wins, as a filter's first hit)."""
    rows: dict[tuple[str, str, int], tuple[float, str, str]] = {}
    columns = [tidy[c].tolist() for c in ("indicator", "area_code", "year", "value", "status", "source")]
    for indicator, area, year, value, status, source in zip(*columns):
        rows.setdefault((indicator, area, int(year)), (float(value), str(status), str(source)))
    years: dict[tuple[str, str], list[int]] = {}
    for (indicator, area, year), (value, _, _) in rows.items():
        if not math.isnan(value):
            years.setdefault((indicator, area), []).append(year)
    return KeyTable(rows, {key: tuple(sorted(found)) for key, found in years.items()},
                    divisions((area, year, source) for (_, area, year), (_, _, source) in rows.items()))


def key_value(table: KeyTable, indicator: str, area_code: str, year: int) -> KeyFigure:
    """One KWB key figure (age `all`) of an area in a year; missing stays NaN, never 0."""
    row = table.rows.get((indicator, area_code, year))
    if row is None:
        return KeyFigure(indicator, year, math.nan, "no_row", "")
    return KeyFigure(indicator, year, *row)


def latest_key_value(table: KeyTable, indicator: str, area_code: str, wanted_year: int,
                     after: int | None = None) -> KeyFigure:
    """The wanted year, or the latest earlier year with a value (buurten have no KWB 2024 in the mirror), but no
    year up to `after`: a 'later' figure that is the earlier one again would show a change of 0 that nobody
    measured; it stays missing (NaN in the wanted year) instead."""
    first = key_value(table, indicator, area_code, wanted_year)
    if not math.isnan(first.value):
        return first
    floor = after if after is not None else -1
    earlier = [y for y in table.years.get((indicator, area_code), ()) if floor < y <= wanted_year]
    return key_value(table, indicator, area_code, earlier[-1]) if earlier else first


def key_figures(table: KeyTable, area_code: str) -> dict[str, KeyFigure]:
    """Inhabitants in 2015 and 2024 (or the latest year before), and the share of inhabitants aged 65+ in 2015."""
    early, late = KEY_YEARS_INHABITANTS
    return {
        "inhabitants_early": key_value(table, KEY_INDICATOR_INHABITANTS, area_code, early),
        "inhabitants_late": latest_key_value(table, KEY_INDICATOR_INHABITANTS, area_code, late, after=early),
        "share_65plus": key_value(table, KEY_INDICATOR_65PLUS, area_code, KEY_YEAR_65PLUS),
    }


class SizeRank(NamedTuple):
    """An area's place by inhabitants among the areas of its level (size_rank)."""

    place: float  # 1 = most inhabitants; NaN: no figure, not among the areas ranked, or `small`
    n: int  # how many areas were ranked
    small: int = 0  # when the area has fewer than 5 inhabitants: how many of the `n` have (it is one of them)


def size_rank(table: KeyTable, area_code: str, codes: Sequence[str], year: int) -> SizeRank:
    """The area's place by inhabitants among `codes` in `year` (ties share the best place) and how many were
    ranked. An area written '<5' gets no place (`small_count`), only how many areas are that small."""
    values = [key_value(table, KEY_INDICATOR_INHABITANTS, code, year).value for code in codes]
    ranked = [v for v in values if not math.isnan(v)]
    mine = key_value(table, KEY_INDICATOR_INHABITANTS, area_code, year).value
    if area_code not in codes or math.isnan(mine):
        return SizeRank(math.nan, len(ranked))
    level = area_level(area_code)
    if small_people_count(mine, level):
        return SizeRank(math.nan, len(ranked), sum(small_people_count(v, level) for v in ranked))
    return SizeRank(float(1 + sum(v > mine for v in ranked)), len(ranked))
