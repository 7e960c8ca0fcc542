"""/vergelijk's pure functions: ranking, groups, bivariate classes, correlation, exports (formula-safe).

The frames here are made up (clearly fake values) except where a test reads the workspace mirror.
"""
from __future__ import annotations

import io
import itertools
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

from charts.bivariate import (MAP_PALETTE, MISSING_HEX, PALETTE_HEX, bivariate_classes, class_numbers, class_ranges,
                              class_tooltips, legend_html, missing_notes, tertiles)
from charts.compare import grouped_bars, placed_labels, ranking_chart, split_by_unit
from charts.markup import line_count, wrap
from texts.tables import to_csv_bytes, to_excel_bytes
from indicators.catalogue import catalogue
from indicators.describe import value_text
from texts.i18n import t
from indicators.compare import (EXPORT_COLUMNS, AreaGroup, age_for, comparison_frame, comparison_table, correlation,
                                every_cell, export_frame, gradient, group_mean, groups_left_out, indicator_labels, nearest_year,
                                opening_areas, ranking_frame, weight_year, with_values,
                                years_with_figures)
from indicators.select import figures_present

cat = catalogue()
AREAS = pd.DataFrame({"code": ["WK000001", "WK000002", "WK000003", "WK000004"],
                      "name": ["Aap", "Noot", "Mies", "Wim"], "level": "wijk",
                      "parent_code": ["GM0000"] * 4})


def tidy(indicator: str, values: dict[str, float], year: int = 2020, age: str = "18plus",
         source: str = "50090NED") -> pd.DataFrame:
    """A made-up tidy frame: one row per code (NaN = suppressed)."""
    levels = {"NL": "nl", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
    return pd.DataFrame([{
        "area_code": code, "level": levels[code[:2]], "indicator": indicator, "year": year, "age": age,
        "value": value, "status": "ok" if not math.isnan(value) else "suppressed", "source": source,
    } for code, value in values.items()])


# --- opening areas --------------------------------------------------------------------------------------------------

WIJKEN = ("WK000001", "WK000002", "WK000003", "WK000004", "WK000005")  # a picker's wijken


@pytest.mark.parametrize(("indicator", "worst"), [("ervaren_gezondheid_goed_zeer_goed", ["WK000002", "WK000003"]),
                                                  ("overgewicht", ["WK000001", "WK000004"])])
def test_a_comparison_opens_on_the_wijken_that_score_worst(indicator, worst):
    obs = pd.concat([tidy(indicator, {"WK000001": 70.0, "WK000002": 50.0, "WK000003": 55.0, "WK000004": 60.0,
                                      "WK000005": math.nan, "BU00000101": 10.0, "GM0000": 40.0}),
                     tidy(indicator, {"WK000004": 1.0}, year=2012)])  # another year: not read
    assert opening_areas(obs, cat.indicator(indicator), 2020, "18plus", ("WK999999",), WIJKEN, n=2) == tuple(worst)


def test_a_comparison_opens_on_the_chosen_wijken_where_the_gemeente_has_them_all():
    ind = cat.indicator("overgewicht")
    obs = tidy(ind.id, {"WK000001": 70.0, "WK000002": 50.0, "WK000003": 55.0})
    assert opening_areas(obs, ind, 2020, "18plus", ("WK000003", "WK000002"), WIJKEN) == ("WK000003", "WK000002")
    assert opening_areas(obs, ind, 2020, "18plus", ("WK000003", "WK999999"), WIJKEN, n=1) == ("WK000001",)
    assert opening_areas(tidy(ind.id, {"WK000001": math.nan}), ind, 2020, "18plus", ("WK999999",), WIJKEN) == ()


def test_a_comparison_of_buurten_opens_on_the_buurten_of_the_picker_that_score_worst():
    """At buurt level the focus wijken are not among the areas: the worst buurten open, never a wijk. A year with a
    buurt the picker lacks (Rijswijk's 2020 codes that the map of 2015 does not have) divided the wijk otherwise
    (indicators.divisions): none of its figures opens a comparison, as none colours the map; four opened, each
    '(no data)'."""
    ind = cat.indicator("ervaren_gezondheid_goed_zeer_goed")
    values = {"WK000001": 40.0, "BU00000101": 70.0, "BU00000102": 50.0, "BU00000103": 60.0, "GM0000": 45.0}
    buurten = ("BU00000101", "BU00000102", "BU00000103")
    assert opening_areas(tidy(ind.id, values), ind, 2020, "18plus", ("WK000001",), buurten, n=2) == (
        "BU00000102", "BU00000103")
    redrawn = tidy(ind.id, {**values, "BU00000199": 30.0})
    assert opening_areas(redrawn, ind, 2020, "18plus", ("WK000001",), buurten, n=2) == ()


def test_ranking_higher_is_worse_puts_the_lowest_value_first():
    obs = tidy("overgewicht", {"WK000001": 60.0, "WK000002": 40.0, "WK000003": 50.0, "WK000004": math.nan})
    frame = ranking_frame(obs, AREAS, cat.indicator("overgewicht"), year=2020, age="18plus", level="wijk")
    assert list(frame["code"]) == ["WK000002", "WK000003", "WK000001", "WK000004"]
    assert list(frame["rank"][:3]) == [1, 2, 3] and math.isnan(frame["rank"].iloc[3])


def test_ranking_higher_is_better_puts_the_highest_value_first():
    ind = cat.indicator("ervaren_gezondheid_goed_zeer_goed")
    obs = tidy(ind.id, {"WK000001": 60.0, "WK000002": 80.0, "WK000003": 70.0, "WK000004": 65.0})
    frame = ranking_frame(obs, AREAS, ind, year=2020, age="18plus", level="wijk", focus_codes=["WK000003"])
    assert list(frame["code"]) == ["WK000002", "WK000003", "WK000004", "WK000001"]
    assert frame.set_index("code").at["WK000003", "is_focus"]
    assert not frame.set_index("code").at["WK000001", "is_focus"]


def test_ranking_neutral_runs_from_high_to_low_and_buurten_of_focus_wijken_are_focus():
    ind = cat.indicator("ondergewicht")
    buurten = pd.DataFrame({"code": ["BU00000101", "BU00000102", "BU00000201"], "name": ["A", "B", "C"],
                            "level": "buurt", "parent_code": ["WK000001", "WK000001", "WK000002"]})
    obs = tidy(ind.id, {"BU00000101": 2.0, "BU00000102": 3.0, "BU00000201": 1.0})
    frame = ranking_frame(obs, buurten, ind, year=2020, age="18plus", level="buurt", focus_codes=["WK000001"])
    assert list(frame["code"]) == ["BU00000102", "BU00000101", "BU00000201"]
    assert list(frame["is_focus"]) == [True, True, False]


def test_ties_share_a_rank():
    obs = tidy("overgewicht", {"WK000001": 50.0, "WK000002": 50.0, "WK000003": 40.0, "WK000004": 60.0})
    frame = ranking_frame(obs, AREAS, cat.indicator("overgewicht"), year=2020, age="18plus", level="wijk")
    assert list(frame["rank"]) == [1, 2, 2, 4]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_count_written_below_5_gets_no_place_in_the_ranking_its_chart_or_its_file(lang):
    """Inhabitants: Noot (3) and Wim (0) are written '<5'; '3rd of 4' and '4th of 4' told how they compare with
    each other and where they stand. They get no rank (nor in the file), come after the ranked areas by name (not by
    their hidden numbers), are not drawn; the others keep their places among all 4."""
    from charts.compare import ranking_chart
    from exports.indicator_tables import indicator_export
    from indicators.select import drawable

    ind = cat.indicator("aant_inw")
    obs = tidy(ind.id, {"WK000001": 300.0, "WK000002": 3.0, "WK000003": 30.0, "WK000004": 0.0, "GM0000": 333.0},
               year=2019, age="all", source="84583NED")
    frame = ranking_frame(obs, AREAS, ind, year=2019, age="all", level="wijk")
    assert list(frame["code"]) == ["WK000001", "WK000003", "WK000002", "WK000004"]  # Noot before Wim: names
    assert frame["rank"].tolist()[:2] == [1, 2] and frame["rank"].iloc[2:].isna().all()
    assert set(frame["n_ranked"]) == {4} and frame["quintile"].iloc[2:].isna().all()
    fig = ranking_chart(drawable(frame, cat), title="", x_title="", fmt=str, city=math.nan, nl=math.nan,
                        city_label="", nl_label="", focus_label="", other_label="")
    assert list(fig.layout.yaxis.tickvals) == ["WK000003", "WK000001"]
    export = indicator_export(frame, cat, lang, extra=("rank",)).set_index(t("exp_col_area_code", lang))
    assert export[t("exp_col_rank", lang)].tolist() == [1, 2, pd.NA, pd.NA]
    assert export.loc[["WK000002", "WK000004"], t("exp_col_value", lang)].isna().all()


# --- years, ages, groups ------------------------------------------------------------------------------------------

def test_nearest_year_prefers_the_earlier_on_a_tie():
    assert nearest_year([2015, 2019, 2024], 2020) == 2019
    assert nearest_year([2015, 2019], 2017) == 2015
    assert nearest_year([2012, 2016, 2020], 2019) == 2020
    assert nearest_year([], 2020) is None
    assert weight_year(cat, 2020) == 2019 and weight_year(cat, 2016) == 2015 and weight_year(cat, 2012) == 2015


def test_age_for_kwb_and_65plus_outside_2020():
    assert age_for(cat.indicator("aant_inw"), 2019, "65plus") == "all"
    assert age_for(cat.indicator("overgewicht"), 2016, "65plus") == "18plus"
    assert age_for(cat.indicator("overgewicht"), 2020, "65plus") == "65plus"


def test_group_mean_is_population_weighted_and_all_or_nothing():
    values = pd.Series({"A": 10.0, "B": 30.0})
    assert group_mean(values, pd.Series({"A": 1000.0, "B": 3000.0})) == pytest.approx(25.0)
    assert math.isnan(group_mean(pd.Series({"A": 10.0, "B": math.nan}), pd.Series({"A": 1.0, "B": 1.0})))
    assert math.isnan(group_mean(values, pd.Series({"A": 1000.0})))  # a member without inhabitants
    assert math.isnan(group_mean(pd.Series(dtype=float), pd.Series(dtype=float)))


def _comparison_tidy() -> pd.DataFrame:
    health = tidy("ervaren_gezondheid_goed_zeer_goed",
                  {"WK000001": 60.0, "WK000002": 80.0, "WK000003": 70.0, "GM0000": 75.0, "NL01": 78.0})
    income = tidy("gemiddeld_inkomen_per_inwoner", {"WK000001": 20.0, "WK000002": 40.0, "GM0000": 30.0},
                  year=2019, age="all", source="84583NED")
    people = tidy("aant_inw", {"WK000001": 1000.0, "WK000002": 3000.0, "WK000003": 500.0}, year=2019, age="all",
                  source="84583NED")
    return pd.concat([health, income, people], ignore_index=True)


def test_comparison_frame_groups_only_for_percentages_with_inhabitants_2019():
    group = AreaGroup("fake", "Nepgroep", ("WK000001", "WK000002"))
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed",
                                                      "gemiddeld_inkomen_per_inwoner"],
                            ["WK000001", "WK000003"], AREAS, year=2020, age="18plus", groups=[group],
                            gemeente="GM0000", city_name="Nepstad")
    health = comp[comp["indicator"] == "ervaren_gezondheid_goed_zeer_goed"].set_index("area_code")
    assert list(health.index) == ["WK000001", "WK000003", "fake", "GM0000", "NL01"]
    assert health.at["fake", "value"] == pytest.approx((60 * 1000 + 80 * 3000) / 4000)
    assert "2019" in health.at["fake", "note"] and "WK000001, WK000002" in health.at["fake", "note"]
    income = comp[comp["indicator"] == "gemiddeld_inkomen_per_inwoner"].set_index("area_code")
    assert "fake" not in income.index  # euros: no population-weighted group mean
    assert "NL01" not in income.index  # the source has no NL row: no line, no row
    assert income.at["WK000003", "status"] == "no_row" and math.isnan(income.at["WK000003", "value"])
    assert set(income["year"]) == {2019} and set(health["year"]) == {2020}
    assert groups_left_out(cat, ["ervaren_gezondheid_goed_zeer_goed", "gemiddeld_inkomen_per_inwoner"]) == [
        "gemiddeld_inkomen_per_inwoner"]


def test_comparison_frame_reads_the_nearest_year_with_figures_here_and_names_its_source():
    """Delft has no KWB 2019 in the mirror: its inhabitants come from 2024 (85984NED), not an empty 2019 row
    labelled with 2015's table."""
    others = {"WK000002": 10.0, "WK000003": 20.0, "WK000004": 30.0}  # the key figures list every wijk
    people = pd.concat([tidy("aant_inw", {"WK000001": 1000.0, **others, "GM0000": 9000.0}, year=2015, age="all",
                             source="83220NED"),
                        tidy("aant_inw", {"WK000001": 1100.0, **others, "GM0000": 9900.0}, year=2024, age="all",
                             source="85984NED")], ignore_index=True)
    comp = comparison_frame(people, cat, ["aant_inw"], ["WK000001"], AREAS, year=2020, age="18plus",
                            gemeente="GM0000").set_index("area_code")
    assert comp.at["WK000001", "value"] == 1100.0 and comp.at["WK000001", "status"] == "ok"
    assert set(comp["year"]) == {2024} and set(comp["source"]) == {"85984NED"}
    nothing = comparison_frame(people.iloc[:0], cat, ["aant_inw"], ["WK000001"], AREAS, year=2020, age="18plus",
                               gemeente="GM0000")
    assert list(nothing["year"]) == [2019] and list(nothing["source"]) == ["84583NED"]  # the catalogue's year


def test_comparison_frame_reads_the_nearest_year_with_figures_for_the_areas_compared():
    """KWB 2024 has wijken, not buurten: buurten (chosen or a group's members) are read in their own nearest year;
    areas without any figure fall back to the years with figures anywhere."""
    buurten = pd.DataFrame({"code": ["BU00000101", "BU00000102"], "name": ["Een", "Twee"], "level": "buurt"})
    people = pd.concat([tidy("aant_inw", {"BU00000101": 100.0, "BU00000102": 200.0, "WK000001": 300.0}, year=2019,
                             age="all", source="84583NED"),
                        tidy("aant_inw", {"WK000001": 310.0, "GM0000": 900.0}, year=2024, age="all",
                             source="85984NED")], ignore_index=True)
    assert years_with_figures(people, cat.indicator("aant_inw"), ["BU00000101"]) == {2019: 1}
    assert years_with_figures(people, cat.indicator("aant_inw"), ["BU99999999"]) == {2019: 0, 2024: 0}
    assert years_with_figures(people, cat.indicator("aant_inw"), ["BU00000101", "WK000001"]) == {2019: 2, 2024: 1}
    chosen = comparison_frame(people, cat, ["aant_inw"], ["BU00000101", "BU00000102"], buurten, year=2024, age="all",
                              gemeente="GM0000")
    assert set(chosen["year"]) == {2019} and set(chosen["source"]) == {"84583NED"}
    assert list(chosen["value"]) == [100.0, 200.0]  # the city has no 2019 row here: no line, no row
    both = pd.concat([buurten, pd.DataFrame({"code": ["WK000001"], "name": ["Wijk"], "level": "wijk"})])
    mixed = comparison_frame(people, cat, ["aant_inw"], ["BU00000101", "BU00000102", "WK000001"], both, year=2024,
                             age="all", gemeente="GM0000")  # Delft's buurten beside a wijk: not 2024, the wijk's
    assert set(mixed["year"]) == {2019} and list(mixed["value"])[:3] == [100.0, 200.0, 300.0]
    health = pd.concat([tidy("ervaren_gezondheid_goed_zeer_goed", {"BU00000101": 70.0, "BU00000102": 60.0}, year=2016),
                        tidy("ervaren_gezondheid_goed_zeer_goed", {"WK000001": 65.0, "GM0000": 66.0})])
    pair = AreaGroup("pair", "Paar", ("BU00000101", "BU00000102"))  # a group's members count as compared
    grouped = comparison_frame(health, cat, ["ervaren_gezondheid_goed_zeer_goed"], [], buurten, year=2020,
                               age="18plus", groups=[pair], gemeente="GM0000")
    assert list(grouped["area_code"]) == ["pair"] and set(grouped["year"]) == {2016}
    lone = comparison_frame(people, cat, ["aant_inw"], ["BU99999999"], buurten, year=2024, age="all",
                            gemeente="GM0000")
    assert set(lone["year"]) == {2024}  # none of them has a figure: the nearest year with figures anywhere


def test_comparison_table_says_why_a_cell_is_empty():
    """A group has no mean of an amount ('not a percentage'); the city or NL without a figure in the source has
    no data; neither reads 'not a percentage' for the other."""
    group = AreaGroup("fake", "Nepgroep", ("WK000001", "WK000002"))
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed",
                                                      "gemiddeld_inkomen_per_inwoner"],
                            ["WK000001"], AREAS, year=2020, age="18plus", groups=[group], gemeente="GM0000",
                            city_name="Nepstad")
    headers = {"ervaren_gezondheid_goed_zeer_goed": "Gezond", "gemiddeld_inkomen_per_inwoner": "Inkomen"}
    table = comparison_table(comp, cat, "en", headers).set_index("Code")
    assert table.at["fake", "Inkomen"] == t("cmp_status_not_applicable", "en")
    assert table.at["NL01", "Inkomen"] == t("cmp_status_no_row", "en")
    income = cat.indicator("gemiddeld_inkomen_per_inwoner")
    assert table.at["GM0000", "Inkomen"] == value_text(30.0, income, "gemeente", "en", 2019)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_download_lists_every_cell_the_table_shows(lang):
    """The table says 'no data' for the Netherlands' income and 'n/a' for a group's; the download left both rows
    out, so a researcher's file had fewer rows than the screen and no word why. Every (area, indicator) cell of the
    table is a row of the file, with no value (never 0), a status of the tidy-data contract and its reason as a note."""
    from exports.indicator_tables import indicator_export

    group = AreaGroup("fake", "Nepgroep", ("WK000001", "WK000002"))
    ids = ["ervaren_gezondheid_goed_zeer_goed", "gemiddeld_inkomen_per_inwoner"]
    comp = comparison_frame(_comparison_tidy(), cat, ids, ["WK000001", "WK000003"], AREAS, year=2020, age="18plus",
                            groups=[group], gemeente="GM0000", city_name="Nepstad")
    table = comparison_table(comp, cat, lang, {i: i for i in ids}).set_index(t("col_code", lang))
    export = indicator_export(every_cell(comp), cat, lang)
    col = {c: t(f"exp_col_{c}", lang) for c in ("area_code", "indicator", "value", "status", "note")}
    assert len(export) == table.shape[0] * len(ids)
    written = export.set_index([col["area_code"], col["indicator"]])
    for code in table.index:
        for iid in ids:
            if written.at[(code, iid), col["status"]] != "ok":
                assert table.at[code, iid] != "" and pd.isna(written.at[(code, iid), col["value"]])
    assert tuple(written.loc[("NL01", "gemiddeld_inkomen_per_inwoner"), [col["status"], col["note"]]]) == (
        "not_collected", t("exp_note_no_row", lang))
    assert tuple(written.loc[("fake", "gemiddeld_inkomen_per_inwoner"), [col["status"], col["note"]]]) == (
        "not_collected", t("cmp_status_not_applicable", lang))
    assert list(dict.fromkeys(export[col["area_code"]])) == list(table.index), "the table's order"


def test_group_with_a_member_without_value_gets_no_value():
    group = AreaGroup("fake", "Nepgroep", ("WK000001", "WK000004"))
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed"], ["WK000001"], AREAS,
                            year=2020, age="18plus", groups=[group], gemeente="GM0000")
    row = comp.set_index("area_code").loc["fake"]
    assert math.isnan(row["value"]) and row["status"] == "incomplete"


def test_comparison_table_has_a_row_per_area_and_words_for_missing():
    comp = comparison_frame(_comparison_tidy(), cat, ["gemiddeld_inkomen_per_inwoner"], ["WK000001", "WK000003"],
                            AREAS, year=2020, age="18plus", gemeente="GM0000", city_name="Nepstad")
    table = comparison_table(comp, cat, "nl", {"gemiddeld_inkomen_per_inwoner": "Inkomen (2019)"})
    assert list(table["Gebied"]) == ["Aap", "Mies", "Nepstad"]
    assert table["Inkomen (2019)"].iloc[1] == "geen gegevens"


# --- correlation ---------------------------------------------------------------------------------------------------

def test_correlation_of_a_straight_line():
    x = pd.Series([1.0, 2.0, 3.0, 4.0, math.nan])
    y = pd.Series([3.0, 5.0, 7.0, 9.0, 1.0])
    corr = correlation(x, y)
    assert corr.n == 4 and corr.r == pytest.approx(1.0)
    assert corr.slope == pytest.approx(2.0) and corr.intercept == pytest.approx(1.0)
    assert correlation(-x, y).r == pytest.approx(-1.0)


def test_correlation_needs_three_pairs_and_spread():
    assert math.isnan(correlation(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0])).r)
    assert math.isnan(correlation(pd.Series([1.0, 1.0, 1.0]), pd.Series([1.0, 2.0, 3.0])).r)


def test_low_income_and_self_rated_health_2020_wijken_correlate_negatively(mirror):
    from geo.boundaries import read_areas
    from indicators.observations import build_observations

    obs = build_observations("GM0518")
    wijken = read_areas("GM0518", "wijk")
    g = gradient(obs, wijken, cat.indicator("huishoudens_met_een_laag_inkomen"),
                 cat.indicator("ervaren_gezondheid_goed_zeer_goed"), year=2020, age="18plus")
    assert (g.x_year, g.y_year) == (2019, 2020) and g.years_differ
    corr = correlation(g.frame["x"], g.frame["y"])
    assert corr.n >= 40
    assert corr.r < -0.3 and corr.slope < 0


KWB_2019 = "84583NED"  # CBS's key figures 2019: in Den Haag's data, not in Delft's


@pytest.mark.parametrize(("gemeente", "cited"), [("GM0503", ["50090NED, 2020", "85984NED, 2024"]),
                                                 ("GM0518", ["50090NED, 2020", f"{KWB_2019}, 2019"])])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_comparisons_sources_line_cites_only_the_sources_of_figures_it_shows(mirror, gemeente, cited, lang):
    """Delft's data lack KWB 2019, so its income per inhabitant reads 'no data' in every cell of the 2019 column: the
    line cited KWB 2019 anyway. Den Haag, with those figures (and its inhabitants of 2019), keeps citing it."""
    from geo.boundaries import read_areas
    from indicators.describe import shown_sources
    from indicators.observations import build_observations

    obs = build_observations(gemeente)
    wijken = read_areas(gemeente, "wijk")
    codes = list(wijken["code"][:4])
    comp = comparison_frame(obs, cat, ["eenzaam", "gemiddeld_inkomen_per_inwoner", "aant_inw"], codes,
                            wijken.assign(level="wijk"), year=2020, age="18plus", lang=lang, gemeente=gemeente)
    income = comp[comp["indicator"] == "gemiddeld_inkomen_per_inwoner"]
    assert set(income["source"]) == {KWB_2019} and set(income["year"]) == {2019}  # the column is KWB 2019's
    line = shown_sources(cat, comp, lang)
    assert all(f"{table_year} (CC BY 4.0)" in line for table_year in cited), line
    assert line.count(" · ") + 1 == len(cited)
    if gemeente == "GM0503":
        assert income["value"].isna().all() and KWB_2019 not in line and "2019" not in line


@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_a_view_of_an_indicators_own_rows_is_the_view_of_all_rows(mirror, level):
    """ui.cache hands ranking, gradient and map views only the rows of their indicators (a few hundred rows to
    filter, not 28,000): for every indicator of Den Haag, in each of its years, the ranking is the same, and so is
    the gradient of it against self-rated health."""
    from geo.boundaries import read_areas
    from indicators.compare import reference_rows
    from indicators.observations import build_observations

    obs = build_observations("GM0518")
    areas = read_areas("GM0518", level)
    by_indicator = dict(iter(obs.groupby("indicator", sort=False)))
    health = cat.indicator("ervaren_gezondheid_goed_zeer_goed")
    compared = 0
    for ind_id in cat.available_ids:
        ind = cat.indicator(ind_id)
        own = by_indicator.get(ind_id, obs.iloc[:0])
        for year in ind.years:
            whole = ranking_frame(obs, areas, ind, year=year, age="18plus", level=level)
            pd.testing.assert_frame_equal(ranking_frame(own, areas, ind, year=year, age="18plus", level=level), whole)
            references = {"year": year, "age": "18plus", "gemeente": "GM0518", "city_name": "Den Haag", "lang": "nl"}
            pd.testing.assert_frame_equal(reference_rows(own, ind, **references), reference_rows(obs, ind, **references))
            compared += int(whole["value"].notna().sum())
        pair = pd.concat([own, by_indicator[health.id]]) if ind_id != health.id else own
        g_own, g_all = (gradient(rows, areas, ind, health, year=2020, age="18plus") for rows in (pair, obs))
        pd.testing.assert_frame_equal(g_own.frame, g_all.frame)
        assert (g_own.x_source, g_own.y_source) == (g_all.x_source, g_all.y_source)
    assert compared > 1000  # values were compared, not empty frames


# --- bivariate classes --------------------------------------------------------------------------------------------

def test_tertiles_are_equal_count_and_direction_aware():
    values = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8, 9])
    assert list(tertiles(values, "higher_is_worse")) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert list(tertiles(values, "neutral")) == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert list(tertiles(values, "higher_is_better")) == [3, 3, 3, 2, 2, 2, 1, 1, 1]
    assert list(tertiles(pd.Series([5.0, 5, 5, 1, 9, 9]), "higher_is_worse")) == [2, 2, 2, 1, 3, 3]


def test_bivariate_classes_of_a_hand_made_frame():
    # x: low-income share (higher is worse); y: self-rated health (higher is better). Made-up values.
    frame = pd.DataFrame({
        "x": [5.0, 6.0, 7.0, 15.0, 16.0, 17.0, 25.0, 26.0, 27.0, math.nan, 30.0],
        "y": [85.0, 75.0, 65.0, 84.0, 74.0, 64.0, 83.0, 73.0, 63.0, 70.0, math.nan],
    }, index=list("abcdefghijk"))
    bi = bivariate_classes(frame["x"], frame["y"], "higher_is_worse", "higher_is_better")
    classes = [c if isinstance(c, str) else None for c in bi.frame["cls"]]  # pandas 3 stores None as NaN
    assert classes == ["1-1", "1-2", "1-3", "2-1", "2-2", "2-3", "3-1", "3-2", "3-3", None, None]
    # the ranges per class: x upwards, y reversed (class 1 = healthiest third)
    assert bi.x_axis.ranges == ((5.0, 7.0), (15.0, 17.0), (25.0, 27.0))
    assert bi.y_axis.ranges == ((83.0, 85.0), (73.0, 75.0), (63.0, 65.0))
    numbers = class_numbers(list(frame.index), list(bi.frame["cls"]))
    assert MAP_PALETTE[numbers["i"]] == "#551601" and numbers["j"] == numbers["k"] == -1  # 3-3; no class: grey
    assert [MAP_PALETTE[numbers[c]] for c in "abc"] == [PALETTE_HEX["1-1"], PALETTE_HEX["1-2"], PALETTE_HEX["1-3"]]
    assert MAP_PALETTE[-1] == MISSING_HEX
    rows = class_ranges(bi, lambda v: f"{v:.0f}", lambda v: f"{v:.0f}")
    assert rows[0] == (1, "5 – 7", "83 – 85")


def test_tooltips_name_both_values_and_the_class_or_no_data():
    frame = pd.DataFrame({"code": ["WK1", "WK2"], "x": [12.0, math.nan], "y": [80.5, 70.0], "cls": ["3-1", None]})
    tips = class_tooltips(frame, ("Laag inkomen (2019)", lambda v: f"{v:.0f}%"),
                          ("Gezond (2020)", lambda v: "–" if math.isnan(v) else f"{v:.1f}%"),
                          lambda cls: f"Klasse {cls[0]}-{cls[2]}", "geen gegevens")
    assert tips == {"WK1": "Laag inkomen (2019): 12%\nGezond (2020): 80.5%\nKlasse 3-1",
                    "WK2": "Laag inkomen (2019): nan%\nGezond (2020): 70.0%\ngeen gegevens"}


def test_grey_areas_get_a_note_unless_every_area_is_grey():
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame({"code": ["A", "B", "C"]}, geometry=[box(0, 0, 1, 1), box(2, 0, 3, 1), box(4, 0, 5, 1)],
                             crs="EPSG:4326")
    notes = missing_notes(areas, ["A", "B", "C"], ["1-1", None, None], "geen gegevens")
    assert sorted(notes) == [(2.5, 0.5, "geen gegevens"), (4.5, 0.5, "geen gegevens")]  # inside B and C
    assert missing_notes(areas, ["A", "B", "C"], [None, None, None], "geen gegevens") == []


def test_with_values_keeps_the_indicators_that_have_a_value_at_the_level_in_their_order():
    tidy = pd.DataFrame({"indicator": ["a", "a", "b", "c", "d"], "level": ["wijk", "buurt", "buurt", "wijk", "wijk"],
                         "value": [1.0, 2.0, 3.0, math.nan, 0.0], "year": 2020, "age": "all",
                         "area_code": ["WK000101", "BU00010101", "BU00010101", "WK000101", "WK000101"],
                         "source": "50090NED"})
    tidy = figures_present(tidy, ["WK000101", "BU00010101"])
    assert with_values(tidy, ["d", "c", "b", "a", "e"], "wijk") == ["d", "a"]  # 0 is a value; NaN is not
    assert with_values(tidy, ["a", "b"], "buurt") == ["a", "b"]
    assert with_values(tidy, ["c"], "wijk") == []


def test_legend_counts_each_cell_and_names_both_axes_and_missing():
    text = legend_html({"3-3": 9, "1-1": 4}, "Laag <inkomen>", "Gezondheid", "slechter", "slechter",
                       "geen gegevens", 2)
    assert "Laag &lt;inkomen&gt;" in text and "geen gegevens (2)" in text
    assert text.count("grid-template-columns") == 1 and ">9<" in text and ">4<" in text and ">0<" in text


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
CVD = {
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _lab(hex_colour: str, matrix) -> np.ndarray:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.asarray(matrix) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("deficiency", ["normal", *CVD])
def test_bivariate_palette_stays_distinguishable_with_colour_vision_deficiencies(deficiency):
    matrix = np.eye(3) if deficiency == "normal" else CVD[deficiency]
    labs = [_lab(c, matrix) for c in [*PALETTE_HEX.values(), MISSING_HEX]]
    nearest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs[:9], 2))
    assert nearest >= 15, f"two classes differ by only ΔE {nearest:.1f} ({deficiency})"
    # "no data" grey differs from every class at least noticeably
    assert min(np.linalg.norm(labs[9] - lab) for lab in labs[:9]) >= 8


# --- charts ---------------------------------------------------------------------------------------------------------

def test_grouped_bars_have_a_bar_per_area_and_city_and_nl_lines():
    group = AreaGroup("fake", "Nepgroep", ("WK000001", "WK000002"))
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed"],
                            ["WK000001", "WK000002"], AREAS, year=2020, age="18plus", groups=[group],
                            gemeente="GM0000", city_name="Nepstad")
    fig = grouped_bars(comp, {"ervaren_gezondheid_goed_zeer_goed": "Gezond"}, title="t", y_title="%",
                       fmt={"ervaren_gezondheid_goed_zeer_goed": lambda v: f"{v:.1f}"}, city_label="Nepstad", nl_label="NL", no_data="geen gegevens")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    lines = [tr for tr in fig.data if tr.type == "scatter"]
    assert [b.name for b in bars] == ["Aap", "Noot", "Nepgroep"]
    assert bars[2].marker.pattern.shape == "/"  # the group's bar is hatched
    assert [ln.name for ln in lines] == ["Nepstad", "NL"] and lines[0].y[0] == 75.0
    assert fig.layout.yaxis.separatethousands is True  # 7.240 as in the table, not 7240


def test_an_area_without_any_bar_is_named_with_why_in_the_legend():
    """Rijswijk's wijken have no figures of 2020 on its 2015 boundaries: the legend listed them beside no bar."""
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed"], ["WK000001", "WK000002"],
                            AREAS, year=2020, age="18plus", gemeente="GM0000", city_name="Nepstad")
    noot = comp["area_code"] == "WK000002"
    comp.loc[noot, ["value", "status"]] = [np.nan, "suppressed"]
    fig = grouped_bars(comp, {"ervaren_gezondheid_goed_zeer_goed": "Gezond"}, title="t", y_title="%",
                       fmt={"ervaren_gezondheid_goed_zeer_goed": str}, city_label="Nepstad", nl_label="NL",
                       no_data="geen gegevens")
    assert [b.name for b in fig.data if b.type == "bar"] == ["Aap", "Noot (geen gegevens)"]
    comp.loc[noot, "status"] = "ok"  # a figure not drawn (a count below 5): no bar, but not "no data"
    fig = grouped_bars(comp, {"ervaren_gezondheid_goed_zeer_goed": "Gezond"}, title="t", y_title="%",
                       fmt={"ervaren_gezondheid_goed_zeer_goed": str}, city_label="Nepstad", nl_label="NL",
                       no_data="geen gegevens")
    assert [b.name for b in fig.data if b.type == "bar"] == ["Aap", "Noot"]


def test_split_by_unit_keeps_units_apart():
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed",
                                                      "gemiddeld_inkomen_per_inwoner"], ["WK000001"], AREAS,
                            year=2020, age="18plus", gemeente="GM0000")
    parts = split_by_unit(comp, {"ervaren_gezondheid_goed_zeer_goed": "percent",
                                 "gemiddeld_inkomen_per_inwoner": "eur_1000"})
    assert list(parts) == ["percent", "eur_1000"]
    assert set(parts["eur_1000"]["indicator"]) == {"gemiddeld_inkomen_per_inwoner"}


def test_ranking_chart_draws_best_on_top_and_marks_focus():
    ind = cat.indicator("ervaren_gezondheid_goed_zeer_goed")
    obs = tidy(ind.id, {"WK000001": 60.0, "WK000002": 80.0, "WK000003": 70.0, "WK000004": math.nan})
    frame = ranking_frame(obs, AREAS, ind, year=2020, age="18plus", level="wijk", focus_codes=["WK000001"])
    fig = ranking_chart(frame, title="t", x_title="%", fmt=str, city=75.0, nl=float("nan"), city_label="Stad",
                        nl_label="NL", focus_label="Focus", other_label="Overig")
    assert list(fig.layout.yaxis.categoryarray) == ["WK000001", "WK000003", "WK000002"]  # bottom to top
    assert any("<b>Aap</b>" in tick for tick in fig.layout.yaxis.ticktext)
    assert [tr.name for tr in fig.data if tr.type == "scatter"] == ["Stad: 75.0"]  # no NL line without a value
    assert fig.layout.xaxis.separatethousands is True  # the values' axis


def test_placed_labels_move_labels_of_neighbours_apart():
    placed = placed_labels([1.0, 1.0, 5.0], [1.0, 1.01, 5.0], ["Moerwijk", "Morgenstond", "Laak"])
    assert len(placed) == 3 and placed[0][0] != placed[1][0]
    assert placed_labels([], [], []) == []


def test_wrap_breaks_long_labels():
    wrapped = wrap("Ervaren gezondheid goed of zeer goed (2020)", 20)
    assert wrapped == "Ervaren gezondheid<br>goed of zeer goed<br>(2020)"
    assert line_count(wrapped) == 3
    assert line_count(wrap("Roker", 20)) == 1  # a text without <br> is one line
    assert wrap("Langdurigaandoeningen en", 10) == "Langdurigaandoeningen<br>en"  # a long word keeps its line


# --- exports ---------------------------------------------------------------------------------------------------------

def _export() -> pd.DataFrame:
    areas = AREAS.assign(name=["=HYPERLINK(\"http://x\",\"klik\")", "Noot", "+31 Mies", "@Wim"])
    comp = comparison_frame(_comparison_tidy(), cat, ["ervaren_gezondheid_goed_zeer_goed"],
                            ["WK000001", "WK000002", "WK000003", "WK000004"], areas, year=2020, age="18plus",
                            gemeente="GM0000", city_name="Nepstad")
    comp.loc[comp["area_code"] == "WK000002", "note"] = "=1+1"
    return export_frame(comp, cat, "nl")


def test_export_frame_has_unit_source_and_licence_on_every_row():
    frame = _export()
    assert list(frame.columns) == EXPORT_COLUMNS
    assert set(frame["unit"]) == {"percent"} and set(frame["source_table"]) == {"50090NED"}
    assert set(frame["licence"]) == {"CC BY 4.0"}
    assert list(frame["area_code"]) == ["WK000001", "WK000002", "WK000003", "WK000004", "GM0000", "NL01"]
    assert frame["year"].tolist() == [2020] * 6 and set(frame["age"]) == {"18plus"}


def test_export_hides_small_counts_below_city_level():
    obs = tidy("aant_inw", {"WK000001": 3.0, "WK000002": 300.0, "WK000003": 30.0, "WK000004": 40.0, "GM0000": 4.0},
               year=2019, age="all", source="84583NED")  # the key figures list every wijk
    comp = comparison_frame(obs, cat, ["aant_inw"], ["WK000001", "WK000002"], AREAS, year=2019, age="all",
                            gemeente="GM0000")
    frame = export_frame(comp, cat, "en")
    assert list(frame["value"]) == ["<5", 300.0, 4.0]


def test_a_groups_mean_is_written_with_the_decimals_of_the_members_and_the_screen():
    """67.12489… in the files beside the members' one decimal and the screen's 67.1: the mean's further digits are our
    arithmetic. (60.1 × 1000 + 80.3 × 2000) / 3000 = 73.566…: the frame, the files and the table give 73.6."""
    from exports.indicator_tables import indicator_export

    obs = pd.concat([tidy("eenzaam", {"WK000001": 60.1, "WK000002": 80.3, "GM0000": 70.0}),
                     tidy("aant_inw", {"WK000001": 1000.0, "WK000002": 2000.0}, year=2019, age="all",
                          source="84583NED")], ignore_index=True)
    comp = comparison_frame(obs, cat, ["eenzaam"], ["WK000001"], AREAS, year=2020, age="18plus",
                            groups=[AreaGroup("fake", "Nepgroep", ("WK000001", "WK000002"))], gemeente="GM0000")
    assert comp.loc[comp["kind"] == "group", "value"].tolist() == [73.6]
    export = indicator_export(comp, cat, "nl")
    assert export[t("exp_col_value", "nl")].tolist() == [60.1, 73.6, 70.0]
    assert "73,6;" in to_csv_bytes(export, "nl").decode("utf-8-sig") and b"73.566" not in to_csv_bytes(export, "en")
    table = comparison_table(comp, cat, "nl", {"eenzaam": "Eenzaam"})
    assert table.loc[table[t("col_code", "nl")] == "fake", "Eenzaam"].tolist() == ["73,6%"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_den_haags_group_of_wijken_is_downloaded_as_the_screen_shows_it(mirror, lang):
    """Zuidwest (three wijken) on every percentage of the health monitor in 2020: each group mean in the CSV reads as
    in the table on screen, with the one decimal of the wijken' own figures beside it."""
    from exports.indicator_tables import indicator_export
    from geo.boundaries import read_areas
    from indicators.areas import groups as area_groups
    from indicators.observations import build_observations

    obs = build_observations("GM0518")
    wijken = read_areas("GM0518", "wijk").assign(level="wijk")
    members = tuple(area_groups()["zuidwest"]["members"])
    ids = [i for i in cat.available_ids if cat.indicator(i).unit == "percent" and 2020 in cat.indicator(i).years]
    comp = comparison_frame(obs, cat, ids, list(members), wijken, year=2020, age="18plus", lang=lang,
                            groups=[AreaGroup("zuidwest", "Zuidwest", members)])
    group = comp[comp["kind"] == "group"]
    assert group["value"].notna().sum() > 20
    assert (group["value"].dropna() * 10).map(lambda x: abs(x - round(x)) < 1e-9).all()  # one decimal, like the wijken
    export = indicator_export(comp, cat, lang)
    written = pd.read_csv(io.BytesIO(to_csv_bytes(export, lang)), dtype=str, encoding="utf-8-sig",
                          sep=";" if lang == "nl" else ",")
    table = comparison_table(comp, cat, lang, {i: i for i in ids})
    shown = table[table[t("col_code", lang)] == "zuidwest"].iloc[0]
    in_file = written[written[t("exp_col_area_code", lang)] == "zuidwest"]
    checked = 0
    for iid, text in zip(in_file[t("exp_col_indicator", lang)], in_file[t("exp_col_value", lang)]):
        if isinstance(text, str):
            assert f"{text}%" == shown[iid], (iid, text, shown[iid])
            checked += 1
    assert checked == group["value"].notna().sum()


def test_excel_export_writes_formula_like_text_as_text():
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(_export(), "vergelijking")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    name_col = header.index("area_name") + 1
    note_col = header.index("note") + 1
    value_col = header.index("value") + 1
    name = sheet.cell(row=2, column=name_col)
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    note = sheet.cell(row=3, column=note_col)
    assert note.data_type == "s" and note.value == "'=1+1"
    assert sheet.cell(row=4, column=name_col).value == "'+31 Mies"
    assert sheet.cell(row=5, column=name_col).value == "'@Wim"
    assert sheet.cell(row=2, column=value_col).data_type == "n"  # numbers stay numbers
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in sheet.iter_rows() for c in row)


def test_csv_export_prefixes_formula_like_text():
    text = to_csv_bytes(_export()).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), dtype=str)
    assert frame["area_name"].iloc[0].startswith("'=HYPERLINK")
    assert "source_table" in frame.columns and "licence" in frame.columns


def test_ranking_margin_fits_the_longest_label_without_a_second_layout():
    """The ranking's left margin is set from its labels (plotly's automargin draws the chart twice): room for the
    longest label, a bold one too, at the chart's font size."""
    from charts.compare import FONT, label_width, ranking_chart

    frame = pd.DataFrame({"code": ["A", "B"], "name": ["Kort", "Van Stolkpark en Scheveningse Bosjes"],
                          "value": [10.0, 20.0], "rank": [2, 1], "is_focus": [False, True]})
    fig = ranking_chart(frame, title="t", x_title="x", fmt=str, city=15.0, nl=float("nan"), city_label="c",
                        nl_label="n", focus_label="f", other_label="o")
    assert fig.layout.yaxis.automargin is False and fig.layout.xaxis.automargin is False
    longest = "1. <b>Van Stolkpark en Scheveningse Bosjes</b>"
    assert fig.layout.margin.l >= label_width([longest], FONT["size"]) >= 0.5 * FONT["size"] * 39
    assert label_width(["a<br>bcd"], 10) == 15  # the longest line, tags left out


def test_indicator_labels_name_each_indicators_year_and_age_group_in_order():
    comp = pd.DataFrame({"indicator": ["eenzaam", "eenzaam", "aant_inw", "aant_inw"], "year": [2020, 2020, 2019, 2019],
                         "age": ["65plus", "65plus", "all", "all"]})
    assert indicator_labels(comp, cat, "en") == {"eenzaam": "Lonely (2020, 65+)",
                                                 "aant_inw": "Number of inhabitants (2019)"}


def test_the_gradients_axes_take_a_social_share_or_amount_and_a_health_indicator():
    """x: an indicator of money and work that is a share or an amount (a count grows with an area's size); y: a
    health indicator; each in the order given (the page's theme order)."""
    from indicators.compare import axis_left_out_reason, gradient_candidates

    cat = catalogue()
    ordered = list(reversed(cat.available_ids))
    axes = gradient_candidates(cat, ordered)
    assert "moeite_met_rondkomen" in axes["x"] and "gemiddeld_inkomen_per_inwoner" in axes["x"]
    assert "p_n_w_al" not in axes["x"] and "aant_inw" not in axes["x"]  # a population share, a count
    assert "roker" in axes["y"] and "eenzaam" in axes["y"] and "moeite_met_rondkomen" not in axes["y"]
    assert not set(axes["x"]) & set(axes["y"])
    for axis in ("x", "y"):
        assert axes[axis] == [i for i in ordered if i in axes[axis]]
    assert axis_left_out_reason("x", "moeite_met_rondkomen", axes) == "cmp_axis_no_values"
    assert axis_left_out_reason("x", "p_n_w_al", axes) == "cmp_axis_not_x"
    assert axis_left_out_reason("y", "moeite_met_rondkomen", axes) == "cmp_axis_not_y"


def test_view_first_puts_the_views_own_choice_first_keeping_the_number():
    from indicators.compare import view_first

    opening, offered = ("A", "B", "C"), {"A", "B", "C", "D"}
    assert view_first("D", opening, offered) == ("D", "A", "B")
    assert view_first("B", opening, offered) == opening  # already there: its place kept
    assert view_first("E", opening, offered) == opening  # not offered (another level's area)
    assert view_first(None, opening, offered) == opening


def test_an_empty_opening_says_whether_the_figures_are_missing_or_of_other_areas():
    from indicators.compare import no_opening_notice
    from texts.i18n import t

    missing = no_opening_notice("Delft", "buurt", "Goed ervaren gezondheid", [], 2015, "nl")
    assert missing == t("cmp_no_opening", "nl", gemeente="Delft", areas=t("level_plural_buurt", "nl"),
                        indicator="Goed ervaren gezondheid")
    other = no_opening_notice("Rijswijk", "wijk", "Goed ervaren gezondheid", [2016, 2020], 2015, "en")
    assert "2016 and 2020" in other and other.endswith(t("cmp_opening_other_division", "en"))
