"""The program layer of the map (issue #18): where a program runs, its latest count there, and reach against need.

Pure functions of a `store.list_counts` frame and tidy observations (no I/O, no Streamlit).

- Only a count for an area of the map's level is that area's own count. A count for a group of those areas
  (Zuidwest = three wijken) marks its members but stays the group's figure; a count for the city, a region or an
  area of another level (a wijk on the buurten's map) is never spread: the map says in one line that only counts
  for other areas exist, and names them.
- Reach per 1,000 residents with the need = 1000 × count / (residents of the age group × % with the need / 100).
  The need indicator and age group are the program's (catalogue: data/programs.yaml, store columns of migration
  0004). Residents 18+ are not a CBS KWB figure; they are estimated from KWB 2019's age bands as inhabitants minus
  children 0-14 minus 3/10 of those aged 15-24 (ages 15, 16 and 17, taken as evenly spread over the band).
  Residents 65+: KWB 2019's count. The need is the RIVM survey year nearest to the year the count ends.
- A count that shows as '<5' (residents below city level) gets no reach: the reach would reveal it.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.areas import groups
from indicators.observations import in_gemeente
from programs.table import is_suppressed, kinds

# Residents of an age group: count indicators times a weight, summed, each in the same year. 18+: the 15-17 year
# olds are 3 of the 10 ages of the 15-24 band.
POPULATION: dict[str, tuple[tuple[str, float], ...]] = {
    "18plus": (("aant_inw", 1.0), ("k_0_tot_15_jaar", -1.0), ("k_15_tot_25_jaar", -0.3)),
    "65plus": (("k_65_jaar_of_ouder", 1.0),)}
AREA_COLUMNS = ["area", "count_low", "count_high", "qualifier", "period_start", "period_end", "source", "kind",
                "suppressed", "need_pct", "need_year", "population", "population_year", "need_people",
                "per_1000_low", "per_1000_high"]
OTHER_COLUMNS = ["area", "members", "count_low", "count_high", "qualifier", "period_start", "period_end", "source",
                 "kind", "suppressed"]


@dataclass(frozen=True)
class Need:
    """The need a program answers: an indicator id of data/indicators.yaml and its age group."""

    indicator: str
    age: str = "18plus"


@dataclass(frozen=True)
class ProgramLayer:
    """`areas`: one row per map area with its own latest count (AREA_COLUMNS, reach NaN where unknown);
    `groups`: latest counts of groups of map areas (Zuidwest), `members` the map areas they cover;
    `wider`: latest counts of areas the map does not show one by one (the city, a region, other areas)."""

    areas: pd.DataFrame
    groups: pd.DataFrame
    wider: pd.DataFrame
    need: Need | None

    @property
    def coverage(self) -> str:
        """areas | groups | wider | none: the finest kind of count the map has for this program."""
        for name in ("areas", "groups", "wider"):
            if len(getattr(self, name)):
                return name
        return "none"

    def marked(self) -> list[str]:
        """Map areas where the program runs: their own count or a group count that covers them."""
        codes = list(self.areas["area"])
        for members in self.groups["members"]:
            codes += [m for m in members if m not in codes]
        return codes


def latest_per_area(counts: pd.DataFrame, program: str) -> pd.DataFrame:
    """The program's current (not retracted) counts, the latest period per area (ties: the latest start)."""
    return latest_counts(counts[counts["program"] == program])


def latest_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """The current (not retracted) counts, the latest period per program and area (ties: the latest start), with
    the kind of count; programs in the order they come in `counts` (the store's: the catalogue's), areas sorted."""
    rows = counts[~counts["retracted"].astype(bool)]
    if rows.empty:
        return rows.assign(kind=pd.Series(dtype="str"))
    position = {program: n for n, program in enumerate(dict.fromkeys(rows["program"]))}
    rows = rows.assign(kind=kinds(rows), _position=rows["program"].map(position))
    order = [c for c in ("period_end", "period_start", "count_id") if c in rows.columns]
    latest = rows.sort_values(order).groupby(["program", "area"], sort=False).tail(1)
    return latest.sort_values(["_position", "area"], ignore_index=True).drop(columns="_position")


def _base(row, members: tuple[str, ...] | None = None) -> dict:
    out = {"area": row.area, "count_low": float(row.value_low), "count_high": float(row.value_high),
           "qualifier": row.qualifier, "period_start": row.period_start, "period_end": row.period_end,
           "source": row.source, "kind": row.kind, "suppressed": is_suppressed(row.value_low, row.kind, row.area)}
    return out if members is None else {**out, "members": members}


Lookup = dict[tuple[str, str, str], dict[int, float]]  # (indicator, age, area) -> {year: value}


def observation_lookup(obs: pd.DataFrame) -> Lookup:
    """Tidy observations as plain dicts: per area a few lookups instead of a filter over the frame each time
    (Arrow-backed frames cost ~20 ms per area that way). Missing values are left out, never 0."""
    rows = obs[obs["value"].notna()]
    out: Lookup = {}
    for key in zip(rows["indicator"].tolist(), rows["age"].tolist(), rows["area_code"].tolist(),
                   rows["year"].tolist(), rows["value"].tolist()):
        out.setdefault(key[:3], {})[int(key[3])] = float(key[4])
    return out


def nearest(year: int, years: Collection[int]) -> int | None:
    """The year closest to `year`; on a tie the earlier one (data that existed at the time)."""
    return min(years, key=lambda y: (abs(y - year), y)) if years else None


def need_share(lookup: Lookup, area: str, need: Need, year: int) -> tuple[float, int | None]:
    """% of the age group with the need in `area`, from the survey year nearest to `year`; (NaN, None) if none."""
    values = lookup.get((need.indicator, need.age, area), {})
    found = nearest(year, set(values))
    return (values[found], found) if found is not None else (np.nan, None)


def population(lookup: Lookup, area: str, age: str, year: int) -> tuple[float, int | None]:
    """Residents of the age group in `area` in the year nearest to `year` that has every part; (NaN, None)."""
    parts = POPULATION.get(age)
    if not parts:
        return np.nan, None
    by_part = [lookup.get((indicator, "all", area), {}) for indicator, _weight in parts]
    found = nearest(year, set.intersection(*(set(p) for p in by_part)))
    if found is None:
        return np.nan, None
    return float(sum(weight * p[found] for (_i, weight), p in zip(parts, by_part))), found


def _reach(row: dict, lookup: Lookup, need: Need | None) -> dict:
    empty = {"need_pct": np.nan, "need_year": None, "population": np.nan, "population_year": None,
             "need_people": np.nan, "per_1000_low": np.nan, "per_1000_high": np.nan}
    if need is None:
        return {**row, **empty}
    year = row["period_end"].year
    pct, need_year = need_share(lookup, row["area"], need, year)
    pop, pop_year = population(lookup, row["area"], need.age, year)
    people = pop * pct / 100 if need_year is not None and pop_year is not None else np.nan
    out = {**row, **empty, "need_pct": pct, "need_year": need_year, "population": pop, "population_year": pop_year,
           "need_people": people}
    if not row["suppressed"] and people > 0:
        out.update(per_1000_low=1000 * row["count_low"] / people, per_1000_high=1000 * row["count_high"] / people)
    return out


def program_layer(counts: pd.DataFrame, program: str, map_areas: Sequence[str], obs: pd.DataFrame,
                  need: Need | None, gemeente: str) -> ProgramLayer:
    """Sort the program's latest counts by what the map of `gemeente` can show of them (see the module's rules).
    A count of another place (Den Haag's, a region without this gemeente) is not this map's: Delft's map said
    'only city or region counts: GLI region Haaglanden 4,638' of a region Delft is not in."""
    on_map = set(map_areas)
    lookup: Lookup = {}
    if need is not None:  # only the rows the reach reads
        wanted = {need.indicator, *(i for i, _weight in POPULATION.get(need.age, ()))}
        lookup = observation_lookup(obs[obs["indicator"].isin(wanted) & obs["area_code"].isin(on_map)])
    area_rows, group_rows, wider_rows = [], [], []
    for row in latest_per_area(counts, program).itertuples():
        members = tuple(groups().get(row.area, {}).get("members", ()))
        if row.area in on_map:
            area_rows.append(_reach(_base(row), lookup, need))
        elif members and set(members) <= on_map:
            group_rows.append(_base(row, members))
        elif in_gemeente(pd.Series([row.area, *members], dtype=str), gemeente).any():
            wider_rows.append(_base(row, members))
    return ProgramLayer(areas=pd.DataFrame(area_rows, columns=AREA_COLUMNS),
                        groups=pd.DataFrame(group_rows, columns=OTHER_COLUMNS),
                        wider=pd.DataFrame(wider_rows, columns=OTHER_COLUMNS), need=need)


def program_need(counts: pd.DataFrame, program: str, catalogue_need: Need | None) -> Need | None:
    """The need of a program: the store's columns (migration 0004) when they hold one, else the catalogue's."""
    if "need_indicator" in counts.columns:
        rows = counts[(counts["program"] == program) & counts["need_indicator"].notna()]
        if len(rows):
            age = rows["need_age"].iloc[0] if "need_age" in rows.columns else None
            return Need(str(rows["need_indicator"].iloc[0]), str(age) if isinstance(age, str) and age else "18plus")
    return catalogue_need


def _places(area: str, parent: str | None) -> set[str]:
    """The area, its wijk (`parent` of a buurt) and the groups of areas that hold either."""
    inside = {area, *([parent] if parent else [])}
    return inside | {g for g, spec in groups().items() if inside & set(spec.get("members", ()))}


def programs_in_area(counts: pd.DataFrame, area: str, parent: str | None = None) -> pd.DataFrame:
    """The latest count of every program that runs in `area`: counts for the area itself, for its wijk (`parent`
    of a buurt) and for groups of areas that hold it, each as the figure of the area it was counted for (a group's
    or wijk's count is never divided). Columns: those of `list_counts`, plus `kind` and `own` (counted for `area`)."""
    return area_programs(latest_counts(counts[counts["area"].isin(_places(area, parent))]), area, parent)


def area_programs(latest: pd.DataFrame, area: str, parent: str | None = None) -> pd.DataFrame:
    """programs_in_area of `latest_counts(counts)`, reduced once for all areas (ui.store keeps it until the store
    changes): the latest count is per program and area, so for the store's counts, which come grouped by program,
    filtering after the reduction gives the same rows in the same order as filtering before (tested)."""
    out = latest[latest["area"].isin(_places(area, parent))].reset_index(drop=True)
    return out.assign(own=pd.Series(out["area"] == area, dtype=bool))
