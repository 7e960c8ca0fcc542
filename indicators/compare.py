"""Compare, rank and correlate areas: the pure functions behind /vergelijk (no Streamlit here).

- `opening_areas`: the areas of the view's level a comparison opens with.
- `comparison_frame`: chosen areas (and groups of areas) on chosen indicators, with Den Haag and NL;
  `indicator_labels`: each indicator's name in it with the year and age group of its figures.
- `group_mean`: a group's value, only where a population-weighted mean is honest (percentages), else NaN.
- `ranking_frame`: all areas of a level on one indicator, best to worst by the indicator's direction.
- `gradient_frame` + `correlation`: a social against a health indicator per area, with a fitted line;
  `with_values`: the indicators an axis can offer at a level.
- `export_frame`: exactly the rows a chart shows, with unit, source table and licence (CSV/Excel).

Figures of different years side by side under one code (the table's columns, each in its own nearest year; the
gradient's x and y) describe one area only where the gemeente's division is the same in both years
(indicators.divisions): Rijswijk's wijken of KWB 2015 are not those of RIVM 2020. The table says so in the row of
each such area (`redrawn_note`, and `redrawn_line` under it); the gradient leaves such pairs out (`Gradient.pairs`).
"""
from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.areas import distinct_names
from indicators.catalogue import Catalogue, Indicator
from indicators.describe import other_division_text, shown_decimals, value_text, year_and_age
from indicators.divisions import (Divisions, division_key, division_sizes, divisions_of, other_divisions,
                                  redrawn_steps)
from indicators.codes import area_level
from indicators.select import OTHER_DIVISION, area_values, shown_rows, small_counts
from texts.i18n import t

OPENING_WIJKEN = ("WK051836", "WK051838", "WK051833", "WK051834")  # Moerwijk, Laak, Bouwlust-Vrederust, Morgenstond
OPENING_LEAD = "ervaren_gezondheid_goed_zeer_goed"  # elsewhere: the wijken that score worst on it open
GROUP_LEVEL = "groep"
WEIGHT_INDICATOR = "aant_inw"  # inhabitants (KWB): the weight of a group's population-weighted mean
NL_CODE = "NL01"
COMPARE_COLUMNS = ["indicator", "area_code", "name", "level", "kind", "year", "age", "value", "status", "source",
                   "note"]
EXPORT_COLUMNS = ["indicator", "indicator_label", "area_code", "area_name", "level", "year", "age", "value", "unit",
                  "status", "source_table", "source_attribution", "licence", "note"]


@dataclass(frozen=True)
class AreaGroup:
    """A group of areas from data/areas.yaml (e.g. `zuidwest` = three wijken)."""

    id: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Correlation:
    """Pearson r over the n areas with both values, and the least-squares line y = slope * x + intercept."""

    r: float
    n: int
    slope: float
    intercept: float


def nearest_year(years: Iterable[int], target: int) -> int | None:
    """The year closest to `target`; on a tie the earlier one (older data is published, newer may not be)."""
    years = list(years)
    return min(years, key=lambda y: (abs(y - target), y)) if years else None


def age_for(ind: Indicator, year: int, age: str) -> str:
    """The age group of the rows to read: the view's age if the indicator has it that year, `all` for KWB,
    else the first age group the indicator has that year (e.g. 18+ when 65+ was only estimated in 2020)."""
    ages = ind.ages_in(year)
    if age in ages:
        return age
    if "all" in ages or not ages:
        return "all"
    return ages[0]


def years_with_figures(tidy: pd.DataFrame, ind: Indicator, codes: Collection[str]) -> dict[int, int]:
    """Per year, how many of `codes` have a value of `ind`; when none has any, the years with a value anywhere
    (each 0).

    A comparison of buurten read in a year only wijken have (KWB 2024) showed a whole column of "no data" beside
    the buurten's own 2019 figures, and so did one of buurten and a wijk (Delft's, where the wijk has 2024): a year
    with figures for more of the compared areas goes first (most_covered). The fallback keeps a comparison of areas
    without figures on a year the city and NL have."""
    rows = tidy[(tidy["indicator"] == ind.id) & tidy["value"].notna()]
    own = rows[rows["area_code"].isin(list(codes))].groupby("year")["area_code"].nunique()
    if not len(own):
        return {int(y): 0 for y in sorted(rows["year"].unique())}
    return {int(y): int(n) for y, n in own.sort_index().items()}


def most_covered(counts: Mapping[int, int]) -> list[int]:
    """The years of `counts` (years_with_figures) with figures for the most areas."""
    return [y for y, n in counts.items() if n == max(counts.values())]


def indicator_rows(tidy: pd.DataFrame, ind: Indicator, year: int, age: str) -> pd.DataFrame:
    """The tidy rows of one indicator, year and age group (all levels)."""
    return tidy[(tidy["indicator"] == ind.id) & (tidy["year"] == year) & (tidy["age"] == age)]


def opening_areas(tidy: pd.DataFrame, lead: Indicator, year: int, age: str, preferred: Sequence[str],
                  areas: Collection[str], n: int = 4) -> tuple[str, ...]:
    """The areas a comparison opens with, among `areas` (the codes of the view's level a picker offers):
    `preferred` (Den Haag's focus wijken) where `areas` holds them all; else the `n` that score worst on `lead` in
    the year nearest `year`, so that Delft's comparison opens on its widest gaps instead of empty, and a view of
    buurten on buurten (it opened on wijken, marked '(district)' in a picker of buurten). Codes the picker lacks
    (Rijswijk's buurten of 2020, renumbered since the map's 2015) are never chosen: a picker drops them; nor are
    figures of a year that divided the level otherwise (Rijswijk's wijken: four opened, each '(no data)')."""
    if set(preferred) <= set(areas):
        return tuple(preferred)
    rows = shown_rows(tidy[tidy["indicator"] == lead.id], areas)
    rows = rows[rows["area_code"].isin(list(areas))]
    chosen_year = nearest_year(rows["year"].unique(), year)
    if chosen_year is None:
        return ()
    rows = rows[(rows["year"] == chosen_year) & (rows["age"] == age_for(lead, chosen_year, age))]
    worst_first = rows.sort_values(["value", "area_code"], ascending=[lead.direction == "higher_is_better", True])
    return tuple(worst_first["area_code"].head(n))


def group_mean(values: pd.Series, weights: pd.Series) -> float:
    """The weighted mean of the members' values; NaN when any member misses a value or a weight.

    A partial mean would silently describe a smaller area, so a group is all members or nothing.
    """
    if len(values) == 0:
        return math.nan
    weights = weights.reindex(values.index)
    if values.isna().any() or weights.isna().any() or float(weights.sum()) <= 0:
        return math.nan
    return float((values * weights).sum() / weights.sum())


def group_applies(ind: Indicator) -> bool:
    """Population-weighted means are honest for shares of people (percentages), not for counts, euros or km."""
    return ind.unit == "percent"


def weight_year(cat: Catalogue, year: int) -> int | None:
    """The KWB year of `aant_inw` nearest to the indicator's year (2020 -> 2019, 2016 -> 2015)."""
    return nearest_year(cat.indicator(WEIGHT_INDICATOR).years, year)


def weights_for(tidy: pd.DataFrame, cat: Catalogue, year: int) -> tuple[pd.Series, int | None]:
    """Inhabitants per area code of the KWB year nearest to `year`."""
    wyear = weight_year(cat, year)
    rows = tidy[(tidy["indicator"] == WEIGHT_INDICATOR) & (tidy["year"] == wyear)]
    return rows.drop_duplicates("area_code").set_index("area_code")["value"], wyear


def comparison_frame(tidy: pd.DataFrame, cat: Catalogue, indicator_ids: Sequence[str], codes: Sequence[str],
                     lookup: pd.DataFrame, *, year: int, age: str, groups: Sequence[AreaGroup] = (),
                     lang: str = "nl", gemeente: str = "GM0518", city_name: str = "Den Haag") -> pd.DataFrame:
    """One row per indicator and area (chosen areas, then groups, then the city and NL).

    `lookup` holds `code, name, level` of every area that can be chosen. Each indicator is read in the year
    nearest to `year` of those with figures for the most of the areas compared (years_with_figures: KWB 2019 next
    to RIVM 2020 in Den Haag; Delft has no KWB 2019 here, so its 2024; buurten have no KWB 2024, so their 2019 or
    2015, also beside a wijk that has 2024). Groups get a row only for percentages, their mean to the decimals its figures are shown with; the city and NL rows only
    where the source has them (KWB has no NL figure in the mirror).

    A year that divided the compared areas' gemeente into areas `lookup` (the boundaries) lacks is read only when no
    other year has figures, and then its areas' figures are NaN with status `other_division`, as on the map: Rijswijk's
    Wijk 03 of 2015 showed the later Wijk 03's 370 inhabitants of 2024 and its health figures, without a note.
    """
    names = dict(zip(lookup["code"], lookup["name"]))
    names.update(distinct_names(codes, names, lang))  # a wijk and a buurt of one name: each with its level
    levels = dict(zip(lookup["code"], lookup["level"]))
    compared = [*codes, *(m for grp in groups for m in grp.members)]
    divs = divisions_of(tidy[tidy["indicator"].isin(list(indicator_ids))])
    boundaries, compared_keys = lookup["code"].tolist(), {division_key(code) for code in compared}

    def divided_otherwise(y: int) -> set[str]:
        """The compared areas' division keys that `y` divided otherwise than the boundaries."""
        return set(other_divisions(divs, y, boundaries)) & compared_keys

    rows: list[dict] = []
    for iid in indicator_ids:
        ind = cat.indicator(iid)
        found = years_with_figures(tidy, ind, compared)
        usable = {y: n for y, n in found.items() if not divided_otherwise(y)} or found
        iyear = nearest_year(most_covered(usable) if usable else ind.years, year)
        if iyear is None:
            continue
        iage = age_for(ind, iyear, age)
        obs = indicator_rows(tidy, ind, iyear, iage).drop_duplicates("area_code").set_index("area_code")
        other = obs.index.map(division_key).isin(list(divided_otherwise(iyear)))
        if other.any():
            obs = obs.assign(value=obs["value"].where(~other), status=obs["status"].where(~other, OTHER_DIVISION))
        source = _source(tidy, ind, iyear, iage)
        base = {"indicator": iid, "year": iyear, "age": iage, "source": source, "note": ""}

        def row(code: str, name: str, level: str, kind: str) -> dict:
            hit = code in obs.index
            return {**base, "area_code": code, "name": name, "level": level, "kind": kind,
                    "value": float(obs.at[code, "value"]) if hit else math.nan,
                    "status": str(obs.at[code, "status"]) if hit else "no_row"}

        for code in codes:
            rows.append(row(code, names.get(code, code), levels.get(code, ""), "area"))
        if groups and group_applies(ind):
            weights, wyear = weights_for(tidy, cat, iyear)
            for grp in groups:
                members = list(grp.members)
                values = obs["value"].reindex(members)
                # to the decimals the members' figures are published and shown with (67.1; KWB 2015's 25): the
                # mean's further digits (67.12489…) are our arithmetic, not a measurement, and the downloads gave
                # them beside the members' one decimal
                value = round(group_mean(values, weights), shown_decimals(ind, iyear))
                note = t("cmp_group_note", lang, members=", ".join(members), year=wyear)
                rows.append({**base, "area_code": grp.id, "name": grp.name, "level": GROUP_LEVEL, "kind": "group",
                             "value": value, "status": "ok" if not math.isnan(value) else "incomplete",
                             "note": note})
        for code, name, level, kind in ((gemeente, city_name, "gemeente", "city"),
                                        (NL_CODE, t("nederland", lang), "nl", "nl")):
            if code in obs.index:
                rows.append(row(code, name, level, kind))
    return with_redrawn_notes(pd.DataFrame(rows, columns=COMPARE_COLUMNS), divs, city_name, lang)


def with_redrawn_notes(comp: pd.DataFrame, divs: Divisions, city_name: str, lang: str) -> pd.DataFrame:
    """A comparison whose chosen areas' rows say, where an area's figures come from years in which its gemeente was
    divided otherwise, that they are of different areas under one code (in the note: the table's and the file's)."""
    areas = comp[(comp["kind"] == "area") & comp["value"].notna()]
    notes = {code: redrawn_note(redrawn_steps(divs, str(code), part["year"]), area_level(str(code)), city_name, lang)
             for code, part in areas.groupby("area_code", sort=False)}
    notes = {code: note for code, note in notes.items() if note}
    if not notes:
        return comp
    return comp.assign(note=[notes.get(code, note) if kind == "area" else note
                             for code, kind, note in zip(comp["area_code"], comp["kind"], comp["note"])])


def redrawn_note(steps: Sequence[tuple[int, int]], level: str, city_name: str, lang: str) -> str:
    """'Rijswijk was divided into other districts in 2015 than in 2020: ...' for each pair of years; "" for none."""
    return " ".join(t(f"cmp_redrawn_{level}", lang, city=city_name, early=early, late=late) for early, late in steps)


def redrawn_line(comp: pd.DataFrame) -> str:
    """The chosen areas' notes of a redrawn division (with_redrawn_notes), each once: the line under the table."""
    return " ".join(dict.fromkeys(note for kind, note in zip(comp["kind"], comp["note"]) if kind == "area" and note))


def indicator_labels(comp: pd.DataFrame, cat: Catalogue, lang: str) -> dict[str, str]:
    """'Lonely (2020, 65+)' per indicator of a comparison_frame, in its order: each indicator's figures come from
    their own year (the nearest it has) and age group, which the bars, the table and the slide name."""
    first = comp.drop_duplicates("indicator")
    return {str(i): f"{cat.indicator(str(i)).label.get(lang)} ({year_and_age(int(y), str(a))})"
            for i, y, a in zip(first["indicator"], first["year"], first["age"])}


def groups_left_out(cat: Catalogue, indicator_ids: Sequence[str]) -> list[str]:
    """The chosen indicators for which groups get no value (not a percentage)."""
    return [i for i in indicator_ids if not group_applies(cat.indicator(i))]


def reference_rows(tidy: pd.DataFrame, ind: Indicator, *, year: int, age: str, gemeente: str, city_name: str,
                   lang: str) -> pd.DataFrame:
    """The city and NL rows of one indicator (only those the source has), in the comparison frame's columns."""
    iage = age_for(ind, year, age)
    obs = indicator_rows(tidy, ind, year, iage).drop_duplicates("area_code").set_index("area_code")
    rows = [{"indicator": ind.id, "area_code": code, "name": name, "level": level, "kind": kind, "year": year,
             "age": iage, "value": float(obs.at[code, "value"]), "status": str(obs.at[code, "status"]),
             "source": str(obs.at[code, "source"]), "note": ""}
            for code, name, level, kind in ((gemeente, city_name, "gemeente", "city"),
                                            (NL_CODE, t("nederland", lang), "nl", "nl"))
            if code in obs.index]
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)


def _is_focus(areas: pd.DataFrame, focus_codes: Iterable[str]) -> list[bool]:
    """An area counts as focus area when it or its parent wijk is one (the buurten of Moerwijk, ...)."""
    focus = set(focus_codes)
    parents = dict(zip(areas["code"], areas["parent_code"])) if "parent_code" in areas else {}
    return [c in focus or parents.get(c) in focus for c in areas["code"]]


def _source(tidy: pd.DataFrame, ind: Indicator, year: int, age: str) -> str:
    sources = indicator_rows(tidy, ind, year, age)["source"].dropna().unique()
    return str(sources[0]) if len(sources) else next((s.table for s in ind.sources if year in s.years),
                                                    ind.sources[0].table)


def ranking_frame(tidy: pd.DataFrame, areas: pd.DataFrame, ind: Indicator, *, year: int, age: str,
                  level: str, focus_codes: Iterable[str] = ()) -> pd.DataFrame:
    """All areas of `areas` (code, name [, parent_code]) ranked best to worst by the indicator's direction.

    Rank 1 is the best (for neutral indicators: the highest). Areas without a value come last, unranked.
    Columns: indicators.select.AREA_COLUMNS plus is_focus and the export columns (indicator, area_code, ...).
    """
    iage = age_for(ind, year, age)
    frame = area_values(tidy, areas, ind, year, iage)
    frame["is_focus"] = _is_focus(areas, focus_codes)
    frame = frame.assign(indicator=ind.id, area_code=frame["code"], level=level, kind="area", year=year, age=iage,
                         source=_source(tidy, ind, year, iage), note="")
    return frame.sort_values(["rank", "name"], na_position="last", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Gradient:
    """The social (x) and health (y) indicator per area, each in its own year (KWB 2019 next to RIVM 2020)."""

    frame: pd.DataFrame  # code, name, x, x_status, y, y_status, is_focus
    x: Indicator
    y: Indicator
    x_year: int
    y_year: int
    x_age: str
    y_age: str
    x_source: str
    y_source: str
    x_city: float
    y_city: float
    # the sizes of the level's divisions in x_year and y_year where they differ (indicators.divisions), else None:
    # then an area's x and y are of two areas under one code, and no pair is drawn or correlated (`pairs`)
    redrawn: tuple[int, int] | None = None

    @property
    def years_differ(self) -> bool:
        return self.x_year != self.y_year

    @property
    def pairs(self) -> pd.DataFrame:
        """The frame with the pairs that join one area: none where the divisions of the two years differ (the
        frame keeps the figures, each a fact for its year: the files give them)."""
        return self.frame.assign(x=math.nan, y=math.nan) if self.redrawn else self.frame


def gradient(tidy: pd.DataFrame, areas: pd.DataFrame, x_ind: Indicator, y_ind: Indicator, *, year: int, age: str,
             focus_codes: Iterable[str] = ()) -> Gradient:
    """Both indicators per area; each in the year nearest to `year` that it has."""
    x_year, y_year = nearest_year(x_ind.years, year), nearest_year(y_ind.years, year)
    x_age, y_age = age_for(x_ind, x_year, age), age_for(y_ind, y_year, age)
    x = area_values(tidy, areas, x_ind, x_year, x_age)
    y = area_values(tidy, areas, y_ind, y_year, y_age)
    frame = pd.DataFrame({
        "code": x["code"].to_numpy(), "name": x["name"].to_numpy(),
        "x": x["value"].to_numpy(), "x_status": x["status"].to_numpy(),
        "y": y["value"].to_numpy(), "y_status": y["status"].to_numpy(),
        "is_focus": _is_focus(areas, focus_codes),
    })
    city = lambda f: float(f["city"].iloc[0]) if len(f) else math.nan  # noqa: E731
    redrawn = division_sizes(divisions_of(tidy), str(areas["code"].iloc[0]), (x_year, y_year)) if len(areas) else None
    return Gradient(frame, x_ind, y_ind, x_year, y_year, x_age, y_age, _source(tidy, x_ind, x_year, x_age),
                    _source(tidy, y_ind, y_year, y_age), city(x), city(y), redrawn)


def gradient_note(g: Gradient, level: str, city_name: str, boundary_year: int | None, lang: str) -> str:
    """Under the gradient: why no pair is drawn where the divisions of its two years differ (`Gradient.pairs`) or
    where an axis's year divided the gemeente otherwise than the boundaries (status other_division), else that the
    years differ, if they do ("" when they are the same)."""
    if g.redrawn:
        return t(f"cmp_gradient_redrawn_{level}", lang, city=city_name, x_year=g.x_year, y_year=g.y_year)
    other = sorted({year for axis, year in (("x", g.x_year), ("y", g.y_year))
                    if (g.frame[f"{axis}_status"] == OTHER_DIVISION).any()})
    if other:
        return other_division_text("cmp_gradient_other_division", lang, city=city_name, years=other, level=level,
                                   boundary_year=boundary_year)
    return t("cmp_years_differ", lang, x_year=g.x_year, y_year=g.y_year) if g.years_differ else ""


SOCIAL_GROUPS = ("financien", "inkomen_en_werk")  # the gradient's x: money and work
HEALTH_GROUPS = ("ervaren_gezondheid", "leefstijl", "mentale_gezondheid", "eenzaamheid", "beperkingen")  # its y
SOCIAL_UNITS = ("percent", "eur_1000")  # a share or an amount per area: a count grows with the area's size


def gradient_candidates(cat: Catalogue, ordered: Sequence[str]) -> dict[str, list[str]]:
    """The indicators of `ordered` (in its order) each axis of the gradient accepts: x a social indicator that is a
    share or an amount, y a health indicator. Which of them have figures at a level: with_values."""
    return {"x": [i for i in ordered if cat.indicator(i).group in SOCIAL_GROUPS
                  and cat.indicator(i).unit in SOCIAL_UNITS],
            "y": [i for i in ordered if cat.indicator(i).group in HEALTH_GROUPS]}


def no_axis_notice(city_name: str, level: str, other_years: Sequence[int], boundary_year: int | None, lang: str) -> str:
    """Why the gradient has no axis at the level, and the years that divided it otherwise than the boundaries
    (`other_years`: Rijswijk's health monitor is of other wijken), if any."""
    notice = t("cmp_gradient_no_axis", lang, gemeente=city_name, areas=t(f"level_plural_{level}", lang))
    if not other_years:
        return notice
    return " ".join([notice, other_division_text("cmp_axis_other_division", lang, city=city_name, years=other_years,
                                                 level=level, boundary_year=boundary_year)])


def no_opening_notice(city_name: str, level: str, lead: str, other_years: Sequence[int], boundary_year: int | None,
                      lang: str) -> str:
    """Why the comparison opens without areas (opening_areas chose none): no area of the level has a figure of the
    lead indicator (`lead`: its label), or those of its years divided the level otherwise (`other_years`: Rijswijk's
    wijken, whose four opening areas each showed '(no data)')."""
    if other_years:
        return other_division_text("cmp_opening_other_division", lang, city=city_name, years=other_years, level=level,
                                   boundary_year=boundary_year)
    return t("cmp_no_opening", lang, gemeente=city_name, areas=t(f"level_plural_{level}", lang), indicator=lead)


def axis_left_out_reason(axis: str, indicator: str, candidates: Mapping[str, Sequence[str]]) -> str:
    """The text key of why the view's `axis` indicator is not offered: an indicator of the axis' kind without figures
    for the gemeente's areas, or one of another kind (a link's x=p_n_w_al, a population share, is not social)."""
    return "cmp_axis_no_values" if indicator in candidates[axis] else f"cmp_axis_not_{axis}"


def view_first(own: str | None, opening: Sequence[str], offered: Collection[str]) -> tuple[str, ...]:
    """What a picker opens on while the view holds no choice for it: `opening`, with the view's single choice (the
    map's area or indicator) first when it is offered and not among them, as many as `opening`. A visitor who chose
    Rokkeveen-Oost and underweight on the map, then opened /vergelijk, saw four other buurten and three other
    indicators."""
    if own is None or own not in offered or own in opening:
        return tuple(opening)
    return (own, *opening)[:len(opening)]


def with_values(present: Collection[tuple[str, str, int, str]], indicator_ids: Sequence[str], level: str) -> list[str]:
    """The ids (in their order) that have at least one figure at `level` in `present` (indicators.select.
    figures_present: those the boundaries' areas can show), in any year: an axis without any would draw an empty
    scatter and an all-grey map (outside Den Haag, the KWB 2019 income figures; Rijswijk's health monitor, of
    other wijken than its boundaries')."""
    found = {indicator for indicator, at, _, _ in present if at == level}
    return [i for i in indicator_ids if i in found]


def gradient_rows(g: Gradient, level: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The gradient in the long export shape: one row per area and indicator (x first, then y)."""
    parts = []
    for axis, ind, year, age, source in (("x", g.x, g.x_year, g.x_age, g.x_source),
                                         ("y", g.y, g.y_year, g.y_age, g.y_source)):
        part = pd.DataFrame({
            "indicator": ind.id, "area_code": g.frame["code"], "name": g.frame["name"], "level": level,
            "kind": "area", "year": year, "age": age, "value": g.frame[axis], "status": g.frame[f"{axis}_status"],
            "source": source, "note": "",
        })
        for column in extra:
            part[column] = g.frame[column]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def correlation(x: pd.Series, y: pd.Series) -> Correlation:
    """Pearson r and a least-squares line (numpy polyfit) over the pairs where both are present."""
    both = pd.DataFrame({"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float)}).dropna()
    n = len(both)
    if n < 3 or both["x"].nunique() < 2 or both["y"].nunique() < 2:
        return Correlation(math.nan, n, math.nan, math.nan)
    slope, intercept = np.polyfit(both["x"], both["y"], 1)
    r = float(np.corrcoef(both["x"], both["y"])[0, 1])
    return Correlation(r, n, float(slope), float(intercept))


def _small_counts(values: pd.Series, levels: pd.Series, ind: Indicator) -> pd.Series:
    """Counts of people below 5 below city level become '<5' (DESIGN.md: everywhere, also in exports)."""
    hide = small_counts(ind, values, levels)
    if not hide.any():
        return values
    return values.astype(object).where(~hide, "<5")


def export_frame(rows: pd.DataFrame, cat: Catalogue, lang: str,
                 extra: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The rows a chart shows, one per indicator and area, with unit, source table, attribution and licence.

    `rows` needs indicator, area_code, name, level, year, age, value, status, source (table id) and may have
    a note; `extra` maps further columns of `rows` (rank, class, ...) to their name in the export.
    """
    parts = []
    for iid, part in rows.groupby("indicator", sort=False):
        ind = cat.indicator(str(iid))
        tables = part["source"].map(lambda tid: cat.table(tid) if tid in {tb.id for tb in cat.tables} else None)
        out = pd.DataFrame({
            "indicator": iid,
            "indicator_label": ind.label.get(lang),
            "area_code": part["area_code"].to_numpy(),
            "area_name": part["name"].to_numpy(),
            "level": part["level"].to_numpy(),
            "year": part["year"].astype("Int64").array,  # whole; empty where a profile row has no year
            "age": part["age"].to_numpy(),
            "value": _small_counts(part["value"], part["level"], ind).to_numpy(),
            "unit": ind.unit,
            "status": part["status"].to_numpy(),
            "source_table": part["source"].to_numpy(),
            "source_attribution": [tb.attribution.get(lang) if tb else "" for tb in tables],
            "licence": [tb.licence if tb else "" for tb in tables],
            "note": part["note"].to_numpy() if "note" in part else "",
        })
        for column, name in (extra or {}).items():
            out[name] = part[column].to_numpy()
        parts.append(out)
    columns = EXPORT_COLUMNS + list((extra or {}).values())
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def every_cell(comp: pd.DataFrame) -> pd.DataFrame:
    """A comparison_frame with a row for every area and indicator, in its order: a pair without one gets no value
    and says why, `not_applicable` for a group's count or amount (no honest mean), else `no_row` (a figure the
    source lacks: Delft's, the Netherlands' of a key figure). The table and its download list the same cells."""
    areas = comp.drop_duplicates("area_code").set_index("area_code")
    indicators = comp.drop_duplicates("indicator").set_index("indicator")
    have = set(zip(comp["area_code"], comp["indicator"]))
    absent = [{**indicators.loc[iid, ["year", "age", "source"]].to_dict(),
               **areas.loc[code, ["name", "level", "kind"]].to_dict(), "indicator": iid, "area_code": code,
               "value": math.nan, "note": "",
               "status": "not_applicable" if areas.at[code, "kind"] == "group" else "no_row"}
              for code in areas.index for iid in indicators.index if (code, iid) not in have]
    if not absent:
        return comp
    order = {code: n for n, code in enumerate(areas.index)}
    full = pd.concat([comp, pd.DataFrame(absent, columns=comp.columns)], ignore_index=True)
    return full.sort_values("area_code", key=lambda codes: codes.map(order), kind="stable").reset_index(drop=True)


def comparison_table(comp: pd.DataFrame, cat: Catalogue, lang: str, headers: Mapping[str, str]) -> pd.DataFrame:
    """The numbers behind the bars as text: areas (groups, city, NL) as rows, indicators as columns.

    `headers`: indicator id -> column header (label and year). Missing values say why (never 0).
    """
    rows = []
    for code, part in every_cell(comp).groupby("area_code", sort=False):
        entry = {t("col_area", lang): part["name"].iloc[0], t("col_code", lang): code}
        for iid, value, status, level, year in zip(part["indicator"], part["value"], part["status"], part["level"],
                                                   part["year"]):
            ind = cat.indicator(iid)
            entry[headers[iid]] = (value_text(value, ind, level or "wijk", lang, year) if status == "ok"
                                   else t(f"cmp_status_{status}", lang))
        entry[t("cmp_col_note", lang)] = next((n for n in part["note"] if n), "")
        rows.append(entry)
    columns = [t("col_area", lang), t("col_code", lang), *(headers[i] for i in dict.fromkeys(comp["indicator"])),
               t("cmp_col_note", lang)]
    return pd.DataFrame(rows, columns=columns)
