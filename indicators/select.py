"""Pick the numbers a view needs out of the tidy observations (pure functions)."""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

import pandas as pd

from indicators.catalogue import Catalogue, Indicator
from indicators.divisions import division_key, divisions_of, other_divisions, year_other_divisions
from indicators.gaps import gap, quintile, rank
from indicators.view import View, fit_year_age
from texts.i18n import SMALL_COUNT

AREA_COLUMNS = ["code", "name", "value", "status", "city", "nl", "gap_city", "gap_nl", "rank", "n_ranked", "quintile"]
NOT_COMPARABLE_UNITS = ("count",)
CITY_LEVELS = ("nl", "gemeente")  # the levels whose counts are shown whatever their size
# An area whose gemeente divided its level otherwise in the figures' year than in the boundaries (indicators.divisions):
# the year's figure under its code is of another area, so it has none.
OTHER_DIVISION = "other_division"


def other_division_years(frames: Iterable[pd.DataFrame]) -> list[int]:
    """The years (ascending) of the rows of `frames` (with status and year: a trend's, the profile's spine) left
    without a figure because the year divided the gemeente into other areas than the boundaries."""
    return sorted({int(y) for frame in frames for y in frame.loc[frame["status"] == OTHER_DIVISION, "year"].dropna()})


def is_comparable(ind: Indicator) -> bool:
    """Rates and averages can be set against the city and NL; totals (counts of people or homes) cannot."""
    return ind.unit not in NOT_COMPARABLE_UNITS


def judged_direction(ind: Indicator) -> str:
    """The direction areas are ranked by: counts are never better or worse (a large wijk simply has more), so
    they rank by size (1 = highest), as neutral indicators do."""
    return ind.direction if is_comparable(ind) else "neutral"


def small_people_count(value: float, level: str) -> bool:
    """Whether a count known to be of people (inhabitants) is written '<5': below 5 below city level (DESIGN.md).
    Such an area gets no exact place either: '44th of 44', or the '112th of 114' that three empty buurten share,
    tells what '<5' leaves out, how it compares with the other small areas."""
    return level not in CITY_LEVELS and value < SMALL_COUNT


def small_count(ind: Indicator, value: float, level: str) -> bool:
    """Whether one figure of `ind` is a count of people written '<5' (a column's: small_counts)."""
    return ind.counts_people and small_people_count(value, level)


def small_counts(ind: Indicator, values: pd.Series, levels: pd.Series | str) -> pd.Series:
    """Which values are counts of people below 5 below city level (DESIGN.md; one value's: small_count): written
    '<5', never drawn at their value, since a bar's length, a point's height or place gives the number away as well
    as its text, and never given a place among the other areas (area_values)."""
    if not ind.counts_people:
        return pd.Series(False, index=values.index)
    below_city = (pd.Series(levels not in CITY_LEVELS, index=values.index) if isinstance(levels, str)
                  else ~levels.isin(CITY_LEVELS))
    return values.lt(SMALL_COUNT) & below_city


def drawable(rows: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """`rows` (indicator, level, value [, kind]) as a chart may draw them: small counts of people left out (NaN, as
    a missing value is; the tables keep the value and write it '<5'), and so are the city's and NL's totals (kind
    city/nl of a count): 537,833 inhabitants as a line over bars of a few thousand left the bars flat."""
    hidden = pd.Series(False, index=rows.index)
    for iid, part in rows.groupby("indicator", sort=False):
        ind = cat.indicator(str(iid))
        hidden[part.index] = small_counts(ind, part["value"], part["level"])
        if "kind" in rows and not is_comparable(ind):
            hidden[part.index] |= part["kind"].isin(["city", "nl"])
    return rows.assign(value=rows["value"].where(~hidden)) if hidden.any() else rows


def observation_age(ind: Indicator, year: int, age: str) -> str:
    """KWB indicators have no age groups: their rows carry age `all` whatever the view's age."""
    return age if age in ind.ages_in(year) else "all"


def slice_obs(tidy: pd.DataFrame, ind: Indicator, year: int, age: str) -> pd.DataFrame:
    age = observation_age(ind, year, age)
    return tidy[(tidy["indicator"] == ind.id) & (tidy["year"] == year) & (tidy["age"] == age)]


def figures_present(tidy: pd.DataFrame, boundaries: Collection[str]) -> frozenset[tuple[str, str, int, str]]:
    """(indicator, level, year, age) of every row of shown_rows: what years_with_values looks up (once per gemeente:
    filtering the tidy rows per look-up cost ~10 ms)."""
    # distinct first: the national observations (2.4 million rows) as Python tuples took ~400 MB at their peak
    found = shown_rows(tidy, boundaries)[["indicator", "level", "year", "age"]].drop_duplicates()
    return frozenset(zip(found["indicator"].tolist(), found["level"].tolist(), map(int, found["year"].tolist()),
                         found["age"].tolist()))


def shown_rows(tidy: pd.DataFrame, boundaries: Collection[str]) -> pd.DataFrame:
    """The rows with a value that the boundaries' areas (`boundaries`: their codes) can show. A year that divided a
    level otherwise than the boundaries (indicators.divisions.other_divisions: Rijswijk's health monitor) has no
    figures for its areas, as on the map (area_values): a picker offering it led to a grey map."""
    rows = tidy[tidy["value"].notna()]
    divs = divisions_of(tidy)  # a withheld figure's row too: the area was there
    other = {(key, year) for year in rows["year"].unique().tolist()
             for key in other_divisions(divs, int(year), boundaries)}
    if other:
        pairs = rows[["area_code", "year"]].drop_duplicates()
        gone = [(code, year) for code, year in zip(pairs["area_code"].tolist(), pairs["year"].tolist())
                if (division_key(code), int(year)) in other]
        rows = rows[~pd.MultiIndex.from_frame(rows[["area_code", "year"]]).isin(gone)]
    return rows


def years_with_values(present: Collection[tuple[str, str, int, str]], ind: Indicator, level: str, age: str
                      ) -> list[int]:
    """The years in which some area of this level has a value for this age group (KWB's rows: every age), from
    `present` (figures_present): where a grey map can point the reader instead, and the years a changed view may
    take."""
    return [y for y in ind.years if (ind.id, level, y, observation_age(ind, y, age)) in present]


def year_with_values(year: int, years: Sequence[int]) -> int:
    """`year` if it has figures (`years`, from years_with_values), else the latest that has; with none, `year`."""
    return year if year in years or not years else max(years)


def fit_to_figures(view: View, cat: Catalogue, present: Collection[tuple[str, str, int, str]]) -> View:
    """The view in a year with figures for its gemeente's areas (`present`: figures_present of its observations) of
    its level and age group: its own year if that has some, else the latest that has (KWB's buurten have no 2024
    figures on the 2015 map: 2019, not a grey map); the age then fitted to that year."""
    year = year_with_values(view.year, years_with_values(present, cat.indicator(view.indicator), view.level, view.age))
    return view if year == view.year else fit_year_age(replace(view, year=year), cat, keep_age=True)[0]


def reference_value(rows: pd.DataFrame, level: str) -> float:
    """The NL or gemeente value in a slice (NaN when that level has no row)."""
    ref = rows.loc[rows["level"] == level, "value"]
    return float(ref.iloc[0]) if len(ref) else math.nan


def source_of(rows: pd.DataFrame) -> str:
    sources = rows["source"].dropna().unique()
    return str(sources[0]) if len(sources) else ""


def area_values(tidy: pd.DataFrame, areas: pd.DataFrame, ind: Indicator, year: int, age: str) -> pd.DataFrame:
    """One row per area of `areas` (code, name, level): value, status, city and NL values, gaps, rank, quintile.

    Areas without an observation get status `no_row` and NaN: missing is never 0. Where the year divided the
    areas' gemeente and level into other areas than `areas` (a code kept for another area: Rijswijk's WK060303 had
    5,945 inhabitants in 2015, 370 in 2024), its areas get `other_division` and NaN, never another area's figure.
    An area whose count of people is written '<5' (small_counts) gets no rank or quintile; it is counted in
    `n_ranked`, as in the profile's size rank, so the others read '43rd of 44' beside it.
    """
    rows = slice_obs(tidy, ind, year, age)
    city = reference_value(rows, "gemeente")
    nl = reference_value(rows, "nl")
    merged = areas[["code", "name"]].merge(
        rows[["area_code", "level", "value", "status"]], left_on="code", right_on="area_code", how="left"
    ).drop(columns="area_code")
    merged["status"] = merged["status"].fillna("no_row")
    redrawn = merged["code"].map(division_key).isin(list(year_other_divisions(tidy, year, merged["code"])))
    merged.loc[redrawn, "value"] = math.nan
    merged.loc[redrawn, "status"] = OTHER_DIVISION
    merged["city"] = city
    merged["nl"] = nl
    merged["gap_city"] = gap(merged["value"], city)
    merged["gap_nl"] = gap(merged["value"], nl)
    placed = ~small_counts(ind, merged["value"], merged["level"])  # '<5': no place, the others keep theirs
    merged["rank"] = rank(merged["value"], judged_direction(ind)).where(placed)
    merged["n_ranked"] = int(merged["value"].notna().sum())
    merged["quintile"] = quintile(merged["value"], judged_direction(ind)).where(placed)
    return merged[AREA_COLUMNS]
