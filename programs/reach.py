"""Reach against need: a program count set against the people who could need it, in one area and year.

The worked case (issue #7): GLI participants in the GLI region (Den Haag, Wassenaar, Leidschendam-Voorburg,
Rijswijk) per 1,000 adults with overgewicht. Need per gemeente = inhabitants (CBS KWB `aant_inw`, all ages) ×
% overgewicht among adults 18+ (RIVM/CBS 50090NED), summed over the region's gemeenten. The number of adults is
not in the tables we have, so all inhabitants are used: that overstates the need and makes the reach a lower
bound. The page writes these assumptions next to the figures (i18n `prog_reach_assume_*`).

`reach_table` is pure; `load_need` reads the indicator files (the only I/O here).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from indicators.catalogue import catalogue
from indicators.observations import read_rivm_file, read_table, to_tidy
from indicators.sources import DataError, find_files
from texts.i18n import t

REACH_COLUMNS = ["year", "count_low", "count_high", "need_year", "need_table", "population_year", "population_table",
                 "population", "need_pct", "need_people", "per_1000_low", "per_1000_high", "same_year", "missing"]
NEED_INDICATOR = "overgewicht"
POPULATION_INDICATOR = "aant_inw"


@dataclass(frozen=True)
class NeedData:
    """Per gemeente and year: % of adults with the need (`need`) and inhabitants (`population`).

    Both frames have columns area_code, year, value, source (tidy rows, NaN never stands for 0)."""

    need: pd.DataFrame
    population: pd.DataFrame


def _calendar_year(start: dt.date, end: dt.date) -> int | None:
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return start.year
    return None


def _complete_years(frame: pd.DataFrame, members: Sequence[str]) -> list[int]:
    """Years in which every member has a value."""
    ok = frame[frame["area_code"].isin(members) & frame["value"].notna()]
    per_year = ok.groupby("year")["area_code"].nunique()
    return sorted(int(y) for y, n in per_year.items() if n == len(set(members)))


def nearest_year(year: int, candidates: Sequence[int]) -> int | None:
    """The candidate closest to `year`; on a tie the earlier one (data that existed at the time)."""
    return min(candidates, key=lambda c: (abs(c - year), c)) if candidates else None


def _missing(frame: pd.DataFrame, members: Sequence[str]) -> list[str]:
    have = set(frame.loc[frame["value"].notna(), "area_code"])
    return [m for m in members if m not in have]


def reach_table(counts: pd.DataFrame, members: Sequence[str], data: NeedData) -> pd.DataFrame:
    """One row per count that covers one calendar year: the count, the need it is set against, per 1,000.

    `counts`: rows with period_start, period_end, value_low, value_high (one program, one area).
    A range stays a range (per_1000_low/high). Without data for every member the result is NaN, never 0;
    `missing` lists the members without data.
    """
    need_years = _complete_years(data.need, members)
    pop_years = _complete_years(data.population, members)
    rows = []
    for c in counts.itertuples():
        year = _calendar_year(c.period_start, c.period_end)
        if year is None:
            continue
        ny, py = nearest_year(year, need_years), nearest_year(year, pop_years)
        missing = sorted(set(_missing(data.need, members)) | set(_missing(data.population, members)))
        row = {"year": year, "count_low": c.value_low, "count_high": c.value_high, "need_year": ny,
               "need_table": _tables(data.need, ny), "population_year": py,
               "population_table": _tables(data.population, py), "population": np.nan, "need_pct": np.nan, "need_people": np.nan,
               "per_1000_low": np.nan, "per_1000_high": np.nan, "same_year": ny == year,
               "missing": ", ".join(missing)}
        if ny is not None and py is not None:
            need = data.need[data.need["year"] == ny].set_index("area_code")["value"].reindex(members)
            pop = data.population[data.population["year"] == py].set_index("area_code")["value"].reindex(members)
            people = float((pop * need / 100).sum())
            row.update(population=float(pop.sum()), need_pct=100 * people / float(pop.sum()), need_people=people,
                       per_1000_low=1000 * c.value_low / people, per_1000_high=1000 * c.value_high / people,
                       missing="")
        rows.append(row)
    return pd.DataFrame(rows, columns=REACH_COLUMNS).sort_values("year", ignore_index=True)


def _tables(frame: pd.DataFrame, year: int | None) -> str:
    """The source tables of a year's rows (one, unless the gemeenten's figures come from several)."""
    return ", ".join(sorted(set(frame.loc[frame["year"] == year, "source"].dropna()))) if year is not None else ""


def need_source(need_table: str, need_year: Any, population_table: str, population_year: Any, lang: str,
                by_age: bool) -> str:
    """Where a reach's need and inhabitants come from: each table with its year ('–' where there is none).
    `by_age`: the inhabitants of an age group (the map's estimate from the age bands), else all inhabitants."""
    def cited(table: str, year: Any) -> str:
        return f"{table} {int(year)}" if table and pd.notna(year) else "–"

    return t("pl_need_source", lang, need=cited(need_table, need_year),
             population=cited(population_table, population_year),
             inhabitants=t("pl_inhabitants_by_age" if by_age else "pl_inhabitants_all", lang))


def need_years_for(count_years: Sequence[int]) -> list[int]:
    """The survey years of the need indicator (18+) nearest to each count year: the only ones worth reading."""
    ind = catalogue().indicator(NEED_INDICATOR)
    survey = sorted({y for s in ind.sources if "18plus" in s.ages for y in s.years})
    return sorted({y for y in (nearest_year(c, survey) for c in count_years) if y is not None})


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=["area_code", "indicator", "year", "age", "value", "source"])


def _own_rows(wide: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The gemeente's own rows: the reach panel uses no wijk or buurt (with `to_tidy(only=…)`: melting every row and
    indicator of the files cost ~1.7 s on the first visit of a process, issue #19)."""
    return wide[wide["code"] == gemeente] if "code" in wide.columns else wide


def _rivm_need(gemeente: str, years: Sequence[int] | None) -> pd.DataFrame:
    """% with the need (18+) for one gemeente: the city file if it holds the gemeente, else the national
    files of the wanted years only (reading every national file costs seconds per gemeente)."""
    cat = catalogue()
    paths = find_files("rivm_50090", gemeente)
    for path in (p for p in paths if p.suffix == ".csv"):
        wide = read_rivm_file(path, gemeente)
        if (wide["code"] == gemeente).any():
            return to_tidy(_own_rows(wide, gemeente), "50090NED", cat, only=[NEED_INDICATOR])
    wanted = [p for p in paths if p.suffix == ".xlsx" and "18plus" in p.name
              and (years is None or any(f"_{y}_" in p.name for y in years))]
    parts = [to_tidy(_own_rows(read_rivm_file(path, gemeente), gemeente), "50090NED", cat, only=[NEED_INDICATOR])
             for path in wanted]
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def _population(gemeente: str) -> pd.DataFrame:
    cat = catalogue()
    tables = dict.fromkeys(s.table for s in cat.indicator(POPULATION_INDICATOR).sources)
    parts = []
    for table in tables:
        wide = _own_rows(read_table(table, gemeente), gemeente)
        if len(wide):
            parts.append(to_tidy(wide, table, cat, only=[POPULATION_INDICATOR]))
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def load_need(members: Sequence[str], years: Sequence[int] | None = None) -> NeedData:
    """% overgewicht (18+) and inhabitants (all ages) for each gemeente of a region, from the indicator files.

    `years`: the need years wanted (`need_years_for`); national files of other years are not read.
    A file that is missing or unreadable leaves that gemeente without data (NaN in the result, never 0)."""
    need, population = [], []
    for gemeente in members:
        for frame, load, indicator in ((need, lambda g: _rivm_need(g, years), NEED_INDICATOR),
                                       (population, _population, POPULATION_INDICATOR)):
            try:
                tidy = load(gemeente)
            except DataError:
                tidy = _empty()
            rows = tidy[(tidy["area_code"] == gemeente) & (tidy["indicator"] == indicator)]
            frame.append(rows[rows["age"] == "18plus"] if indicator == NEED_INDICATOR else rows)
    columns = ["area_code", "year", "value", "source"]
    return NeedData(need=pd.concat(need, ignore_index=True)[columns].reset_index(drop=True),
                    population=pd.concat(population, ignore_index=True)[columns].reset_index(drop=True))


def reach_export(reach: pd.DataFrame, lang: str, area: str, area_label: str, source: str) -> pd.DataFrame:
    """`reach_table` for CSV/Excel: the page's headers, numbers as numbers rounded as shown (people whole, % and
    per 1,000 to one decimal), unit, area code and name, the sources and their licence (issue #18)."""
    def whole(column: str) -> pd.Series:
        return pd.to_numeric(reach[column]).round().astype("Int64")

    def tenth(column: str) -> pd.Series:
        return pd.to_numeric(reach[column]).round(1)

    columns = {
        "prog_reach_col_year": reach["year"].astype("Int64"),
        "pl_col_area_code": [area] * len(reach), "pl_col_area": [area_label] * len(reach),
        "pl_col_count_low": whole("count_low"), "pl_col_count_high": whole("count_high"),
        "prog_reach_col_need_year": reach["need_year"].astype("Int64"),
        "prog_reach_col_population_year": reach["population_year"].astype("Int64"),
        "prog_reach_col_population": whole("population"), "prog_reach_col_need_pct": tenth("need_pct"),
        "prog_reach_col_need_people": whole("need_people"),
        "pl_col_reach_low": tenth("per_1000_low"), "pl_col_reach_high": tenth("per_1000_high"),
        "prog_reach_col_same_year": [t("prog_reach_yes" if s else "prog_reach_no", lang) for s in reach["same_year"]],
        "pl_col_unit": [t("prog_reach_col_per_1000", lang)] * len(reach),
        "pl_col_source": [source] * len(reach),
        "pl_col_need_source": [need_source(r.need_table, r.need_year, r.population_table, r.population_year, lang,
                                           by_age=False) for r in reach.itertuples()],
        "pl_col_licence": [t("pl_licence_report", lang)] * len(reach),
    }
    return pd.DataFrame({t(key, lang): values for key, values in columns.items()})
