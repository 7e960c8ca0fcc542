"""Numbers in words: rank phrases, tooltips and source lines, in nl and en."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from indicators.catalogue import Catalogue, Indicator
from indicators.select import OTHER_DIVISION, is_comparable, other_division_years, small_count, small_counts
from texts.i18n import counted, fmt_count_safe, fmt_list, fmt_value, is_missing, t


# The statuses whose own text says why a figure is missing (`status_<status>`); any other reads 'no data'.
EXPLAINED_STATUSES = ("suppressed", "not_collected", OTHER_DIVISION)


def status_text(status: str, lang: str) -> str:
    """Why an area has no figure, in `lang`."""
    return t(f"status_{status}", lang) if status in EXPLAINED_STATUSES else t("no_data", lang)


def other_division_text(follows: str, lang: str, *, city: str, years: Iterable[int], level: str | None,
                        boundary_year: int | None, **values: object) -> str:
    """That `years` divided the gemeente into other areas than the boundaries the dashboard draws (status
    other_division: indicators.divisions), then what follows for the page (`follows`, a text key given `city`,
    `years`, `areas` and `values`). `level` None: wijken and buurten both (a trend of either)."""
    common = {"city": city, "years": fmt_list(sorted({int(y) for y in years}), lang),
              "areas": t(f"level_plural_{level or 'areas'}", lang)}
    return " ".join([t("other_division", lang, boundary_year=boundary_year or "?", **common),
                     t(follows, lang, **common, **values)])


def other_division_note(frames: Iterable[pd.DataFrame], follows: str, lang: str, *, city: str,
                        boundary_year: int | None) -> str:
    """other_division_text for the rows of `frames` (year, level, status: a trend's, the profile's spine, a
    comparison) that have no figure because their year divided the gemeente otherwise (other_division_years): their
    years, and their level when they share one; "" for none."""
    frames = list(frames)
    years = other_division_years(frames)
    if not years:
        return ""
    levels = {level for frame in frames for level in frame.loc[frame["status"] == OTHER_DIVISION, "level"]}
    return other_division_text(follows, lang, city=city, years=years, level=levels.pop() if len(levels) == 1 else None,
                               boundary_year=boundary_year)


def ordinal(n: int, lang: str) -> str:
    if lang == "en":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return f"{n}e"


def rank_text(rank: float, n: int, level: str, lang: str, small: bool = False, short: bool = False) -> str:
    """'12e van 44 wijken' / '12th of 44 districts'; no rank for missing values, no exact place for a count written
    '<5' (`small`: indicators.select.small_count(s); area_values gave it no rank). `short`: without the areas' word
    ('12e van 44'), where a title names them."""
    if small:
        return t("rank_small", lang)
    if rank is None or math.isnan(rank):
        return t("no_rank", lang)
    if short:
        return t("rank_of_short", lang, rank=ordinal(int(rank), lang), n=int(n))
    return t("rank_of", lang, rank=ordinal(int(rank), lang), n=n, areas=t(f"level_plural_{level}", lang))


def rank_texts(frame: pd.DataFrame, ind: Indicator, level: str, lang: str, short: bool = False) -> list[str]:
    """rank_text of every row of an area_values frame (value, rank, n_ranked): the map's table, a slide's."""
    small = small_counts(ind, frame["value"], level)
    return [rank_text(r, n, level, lang, s, short) for r, n, s in zip(frame["rank"], frame["n_ranked"], small)]


AGE_SHORT = {"18plus": "18+", "65plus": "65+"}


def figure_title(ind: Indicator, year: int, age: str, lang: str) -> str:
    """'Eenzaam · 65 jaar en ouder · 2020': a chart's title names the age group of its figures where they have one
    (the sidebar's choice is out of sight on a phone and in a screenshot); CBS's key figures (`all`) have none."""
    return " · ".join([ind.label.get(lang), *([t(f"age_{age}", lang)] if age in AGE_SHORT else []), str(year)])


def all_ages_note(ind: Indicator, year: int, age: str, lang: str) -> str | None:
    """The caption under a figure of all ages while the sidebar chose an age group (65+ over 'Number of inhabitants
    · 2024' read as the inhabitants of 65 and over); None where the figure is of that age group, or has none of
    all ages that year (a view parse_view would not let through)."""
    ages = ind.ages_in(year)
    if age in ages or "all" not in ages:
        return None
    return t("map_all_ages", lang, age=t(f"age_{age}", lang))


def year_and_age(year: int, age: str) -> str:
    """'2020, 65+' for figures of an age group, '2019' for CBS's key figures: short, for a bar's or column's name."""
    return f"{year}, {AGE_SHORT[age]}" if age in AGE_SHORT else str(year)


def shown_decimals(ind: Indicator, *years: int | None) -> int:
    """The decimals a figure of `ind` of a year (or a difference of its figures of `years`) is written with: the
    fewest of their sources' (Indicator.decimals); a missing year (None or pandas' NA: a profile row without a
    figure) the unit's."""
    return min(ind.decimals(None if pd.isna(year) else int(year)) for year in years)


def value_text(value: float, ind: Indicator, level: str, lang: str, year: int | None) -> str:
    """A figure of `year` as every page writes it: '<5' for a small count, else to its source's decimals."""
    if ind.counts_people:
        return fmt_count_safe(value, level, lang)
    return fmt_value(value, ind.unit, lang, decimals=shown_decimals(ind, year))


def value_formatter(ind: Indicator, level: str, lang: str, year: int | None) -> Callable[[float], str]:
    """value_text of the indicator's figures of `year` at `level`, as a chart's formatter."""
    return lambda value: value_text(value, ind, level, lang, year)


def year_formatters(frame: pd.DataFrame, cat: Catalogue, level: str, lang: str) -> dict[str, Callable[[float], str]]:
    """A value_formatter per indicator of a frame whose every indicator has one year (a comparison's rows)."""
    return {str(i): value_formatter(cat.indicator(str(i)), level, lang, year)
            for i, year in zip(frame["indicator"], frame["year"])}


def gap_unit(ind: Indicator) -> str:
    """The unit of a difference between two of the indicator's figures: percentage points for a percentage."""
    return "pp" if ind.unit == "percent" else ind.unit


def gap_text(gap: float, ind: Indicator, lang: str, *years: int | None) -> str:
    """A difference between figures of `years` (one year for an area against the city)."""
    return fmt_value(gap, gap_unit(ind), lang, signed=True, decimals=shown_decimals(ind, *years))


def shown_sources(cat: Catalogue, frame: pd.DataFrame, lang: str, values: Sequence[str] = ("value",),
                  boundary_year: int | None = None) -> str:
    """The sources line of the figures a frame's rows show (its `source` and `year` columns), one line per table
    with its years in the order the tables come: '…, tabel 50090NED, 2012, 2016, 2020 (CC BY 4.0) · …'.

    Only rows with a figure in one of the `values` columns count, so a source none of whose figures is shown is not
    cited (Delft's KWB 2019, which its data lack: every cell 'no data'). The map adds the year of its boundaries.
    """
    years: dict[str, set[int]] = {}
    if len(frame):
        shown = frame[frame[list(values)].notna().any(axis=1)]
        for table, year in zip(shown["source"], shown["year"]):
            if isinstance(table, str) and table and not pd.isna(year):
                years.setdefault(table, set()).add(int(year))
    lines = [t("source_line", lang, attribution=cat.table(table).attribution.get(lang), table=table,
               year=", ".join(map(str, sorted(ys))), licence=cat.table(table).licence) for table, ys in years.items()]
    if boundary_year:
        lines.append(t("boundaries_line", lang, year=boundary_year))
    return " · ".join(lines)


def tooltip_text(row: dict, ind: Indicator, level: str, year: int, lang: str, source: str, city_name: str) -> str:
    """The lines of the map tooltip for one area (plain text; the map escapes nothing, so no HTML here)."""
    status = row.get("status", "ok")
    value = value_text(row["value"], ind, level, lang, year) if status == "ok" else status_text(status, lang)
    refs = f"{city_name}: {value_text(row['city'], ind, 'gemeente', lang, year)}"
    if is_comparable(ind) or not is_missing(row["nl"]):  # a count has no NL total here: not a figure missing
        refs += f" · {t('nederland', lang)}: {value_text(row['nl'], ind, 'nl', lang, year)}"
    lines = [f"{ind.label.get(lang)}: {value}", refs]
    if status == "ok" and not math.isnan(row["gap_city"]):  # no gap for counts (it would give a small count away)
        lines.append(f"{t('gap_with_city', lang)}: {gap_text(row['gap_city'], ind, lang, year)}")
    lines.append(rank_text(row["rank"], row["n_ranked"], level, lang, small_count(ind, row["value"], level)))
    lines.append(f"{year} · {source}")
    return "\n".join(lines)


def summary_text(counts: Mapping[str, int], ref: str, lang: str) -> str:
    """'Compared with Zoetermeer: 1 indicator worse, …' from indicators.profile.summary_counts."""
    return t("prof_summary", lang, ref=ref, similar=counts["similar"], better=counts["better"],
             worse=counted("prof_summary_worse", counts["worse"], lang),
             flagged=counted("prof_summary_flagged", counts["flagged"], lang))
