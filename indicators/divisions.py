"""How a gemeente was divided into wijken and buurten in each year, and whether two years' divisions differ.

A gemeente may redraw its wijken or buurten and keep codes for other areas. Rijswijk (GM0603) had 9 wijken in CBS's
key figures of 2015 and 11 in those of 2024 and in the health monitor of 2012, 2016 and 2020 (published on a later
division): WK060303 had 5,945 inhabitants in 2015 and 370 in 2024. A figure of 2015 and one of 2020 under the same
code then describe two areas, and a change, a line or a pair between them joins two areas as if one.

The rule, one for every page (the map, /profiel's key figures, /trends' lines, /vergelijk's table and gradient): the
division of a gemeente's level in a year is the set of its area codes of that level (the code's first six characters:
WK0603 = Rijswijk's wijken) that the year's rows hold, a withheld figure's row included (the area was there). CBS's key
figures (KWB) list every area of their year; the health monitor leaves out areas it has no figure for (Delft's
BU05032701). Two listings of a level are two divisions when one holds an area the other lacks and that other lists
every area (the boundaries do too), or when each holds an area the other lacks. A listing that only lacks areas of a
complete one left them out: Delft's 90 buurten of the health monitor and its 91 of the key figures of 2015 are one
division. A year without rows (Rijswijk has no key figures of 2019 in the mirror) says nothing. A redrawing that
kept every code would go unseen; the data hold none (Den Haag's 44 wijken and 114 buurten have the same codes in
every year).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from indicators.observations import KWB_TABLES

DIVIDED_LEVELS = ("WK", "BU")  # wijken and buurten; a gemeente and the country are one area in every year


@dataclass(frozen=True)
class Divisions:
    """The area codes per division key (a code's first six characters: gemeente and level) and year, and which of
    those listings hold every area (a source table in KWB_TABLES)."""

    codes: dict[tuple[str, int], frozenset[str]]
    complete: frozenset[tuple[str, int]]


def differ(a: frozenset[str], a_complete: bool, b: frozenset[str], b_complete: bool) -> bool:
    """Whether two non-empty listings of one gemeente's level are two divisions (the rule above)."""
    only_a, only_b = a - b, b - a
    return bool(a and b and ((only_a and only_b) or (only_a and b_complete) or (only_b and a_complete)))


def division_key(area_code: str) -> str:
    """WK060303 → WK0603: the gemeente's areas of the code's level."""
    return area_code[:6].upper()


def divisions(rows: Iterable[tuple[str, int, str]]) -> Divisions:
    """The divisions held by rows given as (area code, year, source table) (values or not)."""
    codes: dict[tuple[str, int], set[str]] = {}
    complete: set[tuple[str, int]] = set()
    for code, year, source in rows:
        if code[:2].upper() in DIVIDED_LEVELS:
            key = (division_key(code), int(year))
            codes.setdefault(key, set()).add(code)
            if source in KWB_TABLES:
                complete.add(key)
    return Divisions({key: frozenset(found) for key, found in codes.items()}, frozenset(complete))


def divisions_of(tidy: pd.DataFrame) -> Divisions:
    """The divisions held by tidy observations (DESIGN.md)."""
    rows = tidy[["area_code", "year", "source"]].drop_duplicates()  # Den Haag: 28,100 rows, 843 kept (14 → 4 ms)
    return divisions(zip(rows["area_code"].tolist(), rows["year"].tolist(), rows["source"].tolist()))


def division_sizes(divs: Divisions, area_code: str, years: tuple[int, int]) -> tuple[int, int] | None:
    """How many areas of the area's gemeente and level each of two years holds, when the two years' divisions
    differ (the rule above), else None (also for a gemeente or the country, one area in every year)."""
    key = division_key(area_code)
    (early, early_complete), (late, late_complete) = (
        (divs.codes.get((key, int(year)), frozenset()), (key, int(year)) in divs.complete) for year in years)
    return (len(early), len(late)) if differ(early, early_complete, late, late_complete) else None


def redrawn_steps(divs: Divisions, area_code: str, years: Iterable[int]) -> list[tuple[int, int]]:
    """Of `years` (any order, repeats allowed: an area's years with a figure), each pair of consecutive ones whose
    divisions differ: where a line through them must break, where figures beside each other describe two areas."""
    ordered = sorted({int(y) for y in years})
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if division_sizes(divs, area_code, (a, b))]


def other_divisions(divs: Divisions, year: int, codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """Per division key of `codes` (a map's areas: the boundaries' division, which lists every area) whose division
    in `year` differs from theirs (the rule above): how many areas the year holds and how many codes there are. A code
    the boundaries lack is an area drawn later (Rijswijk's WK060310 and WK060311), and codes kept from before may be
    other areas; a year of the health monitor that only lacks some of the boundaries' areas did not publish them (RIVM
    has no figure for Delft's BU05032701) and is not another division, but key figures that lack one are of another
    (Rijswijk's 9 wijken of 2015 against boundaries of 2024 with 11). Keys the year has no rows of are not there
    (nothing to say); nor is a gemeente or the country."""
    given: dict[str, set[str]] = {}
    for code in codes:
        if code[:2].upper() in DIVIDED_LEVELS:
            given.setdefault(division_key(code), set()).add(code)
    found = ((key, divs.codes.get((key, int(year)), frozenset()), frozenset(own), (key, int(year)) in divs.complete)
             for key, own in given.items())
    return {key: (len(held), len(own)) for key, held, own, complete in found if differ(held, complete, own, True)}


def years_divided_otherwise(divs: Divisions, codes: Iterable[str]) -> list[int]:
    """The years (ascending) of `divs` whose division of `codes`' gemeente and level differs from theirs
    (other_divisions): the years whose figures the boundaries' areas cannot show."""
    codes = list(codes)
    return [year for year in sorted({year for _, year in divs.codes}) if other_divisions(divs, year, codes)]


def year_other_divisions(tidy: pd.DataFrame, year: int, codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """other_divisions of `codes` in `year`, the year's division read from its rows of `tidy` (any indicators)."""
    in_year = (tidy["year"] == int(year)).to_numpy()
    held, sources = tidy["area_code"][in_year], tidy["source"][in_year]
    per_source = ((source, held[sources == source].unique()) for source in sources.unique())  # a map's rerun: ~1.5 ms
    listed = divisions((code, year, source) for source, found in per_source for code in found)
    return other_divisions(listed, year, codes)
