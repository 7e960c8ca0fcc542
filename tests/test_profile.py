"""Pure functions of the area profile (indicators.profile, charts.spine): spine data for Moerwijk from the real
mirror, and the "worse and getting worse" rule on hand-made numbers that only pass when direction is respected."""
from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd
import pytest

from charts.spine import column_cells, legend_html, positions, spine_figure, spine_positions, spine_table
from charts.spine_html import spine_block, spine_html, x_percent
from indicators.catalogue import Indicator, catalogue
from texts.i18n import t
from indicators.gaps import SIMILAR_PP, SIMILAR_RELATIVE
from indicators.codes import area_level
from indicators.profile import (SPINE_YEARS, age_years, key_figures, key_table, size_rank, spine_data,
                                spine_row, spine_rows, spread, spread_level, summary_counts, trend,
                                worse_and_worsening)
from indicators.select import small_count

MOERWIJK = "WK051836"
MOERWIJK_OOST = "BU05183620"
GM = "GM0518"


# --- the real mirror -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tidy(mirror):
    from indicators.observations import build_observations
    return build_observations(GM)


@pytest.fixture(scope="module")
def wijk_codes(mirror):
    from geo.boundaries import read_areas
    return list(read_areas(GM, "wijk")["code"])


@pytest.fixture(scope="module")
def buurt_codes(mirror):
    from geo.boundaries import read_areas
    return list(read_areas(GM, "buurt")["code"])


@pytest.fixture(scope="module")
def moerwijk(tidy, wijk_codes):
    return spine_data(tidy, catalogue(), MOERWIJK, wijk_codes, "18plus", GM).set_index("indicator")


def _wijk_values(tidy, wijk_codes, indicator, year, age):
    rows = tidy[(tidy["indicator"] == indicator) & (tidy["year"] == year) & (tidy["age"] == age)
                & tidy["area_code"].isin(wijk_codes)]
    return rows["value"].dropna().to_numpy()


def test_every_available_indicator_once_grouped_by_theme(moerwijk):
    cat = catalogue()
    assert sorted(moerwijk.index) == sorted(cat.available_ids)
    order = {g.id: i for i, g in enumerate(cat.groups)}
    assert list(moerwijk["group"].map(order)) == sorted(moerwijk["group"].map(order))


@pytest.mark.parametrize("indicator", ["overgewicht", "eenzaam", "roker", "ervaren_gezondheid_goed_zeer_goed",
                                       "moeite_met_rondkomen", "beperking_in_bewegen"])
def test_moerwijk_values_and_percentiles_match_the_mirror(moerwijk, tidy, wijk_codes, indicator):
    row = moerwijk.loc[indicator]
    assert row["year"] == 2020 and row["age"] == "18plus" and row["spread_level"] == "wijk"
    own = tidy[(tidy["indicator"] == indicator) & (tidy["year"] == 2020) & (tidy["age"] == "18plus")]
    assert row["value"] == own.loc[own["area_code"] == MOERWIJK, "value"].item()
    assert row["city"] == own.loc[own["area_code"] == GM, "value"].item()
    assert row["nl"] == own.loc[own["level"] == "nl", "value"].item()
    values = _wijk_values(tidy, wijk_codes, indicator, 2020, "18plus")
    assert row["n"] == len(values)
    for column, q in (("min", 0), ("p25", 25), ("median", 50), ("p75", 75), ("max", 100)):
        assert row[column] == pytest.approx(np.percentile(values, q)), column


def test_moerwijk_known_numbers(moerwijk):
    """Spot checks against the mirror (RIVM 50090NED 2020, 18+): overweight is worse than the city and rose."""
    ow = moerwijk.loc["overgewicht"]
    assert (ow["value"], ow["city"], ow["nl"]) == (55.9, 49.0, 50.8)
    assert (ow["min"], ow["p25"], ow["p75"], ow["max"]) == pytest.approx((37.6, 41.2, 51.55, 63.1))
    assert ow["comparison"] == "worse"
    assert ow["trend_first_year"] == 2012 and ow["trend_change"] == pytest.approx(55.9 - 52.8)
    assert ow["trend"] == "worse" and ow["trend_arrow"] == "up" and ow["worse_and_worsening"]
    lonely = moerwijk.loc["eenzaam"]
    assert lonely["value"] == 67.3 and lonely["rank"] == 43 and lonely["n_ranked"] == 43  # the loneliest wijk
    assert lonely["worse_and_worsening"]


@pytest.mark.parametrize("indicator,comparison,trend_judgement,flag", [
    ("overgewicht", "worse", "worse", True),                    # higher is worse, went up
    ("normaal_gewicht", "worse", "worse", True),                # higher is better, went down
    ("voldoet_aan_beweegrichtlijn", "worse", "worse", True),    # since 2016 (first year with data)
    ("roker", "worse", "better", False),                        # worse than the city, but fewer smokers
    ("moeite_met_rondkomen", "worse", "better", False),
    ("ervaren_gezondheid_goed_zeer_goed", "worse", "better", False),
    ("hoog_risico_op_angst_of_depressie", "worse", "better", False),  # fell 1.4 pp: improved
    ("voldoet_aan_alcohol_richtlijn", "better", "better", False),
    ("heel_veel_stress_in_afgelopen_4_weken", "worse", "no_data", False),  # 2020 only
    ("mantelzorger", "not_applicable", "not_applicable", False),          # neutral
    ("wwb_uittot", "not_applicable", "not_applicable", False),            # a count, not a rate
])
def test_moerwijk_flags(moerwijk, indicator, comparison, trend_judgement, flag):
    row = moerwijk.loc[indicator]
    assert (row["comparison"], row["trend"], bool(row["worse_and_worsening"])) == (comparison, trend_judgement, flag)


def test_moerwijk_summary(moerwijk):
    counts = summary_counts(moerwijk.reset_index())
    assert counts["flagged"] == 12
    assert counts["worse"] > counts["better"] + counts["similar"]


def test_kwb_rows_use_their_latest_year_and_age_all(moerwijk):
    assert moerwijk.loc["aant_inw", "year"] == 2024 and moerwijk.loc["aant_inw", "age"] == "all"
    assert moerwijk.loc["aant_inw", "value"] == 21555
    assert moerwijk.loc["p_65_eo_jr", "year"] == 2015
    assert moerwijk.loc["aant_inw", "trend_first_year"] == 2015


def test_65plus_has_one_year_and_no_trend(tidy, wijk_codes):
    spine = spine_data(tidy, catalogue(), MOERWIJK, wijk_codes, "65plus", GM).set_index("indicator")
    row = spine.loc["eenzaam"]
    assert row["year"] == 2020 and row["age"] == "65plus" and row["trend"] == "no_data"
    assert not spine.loc[[i for i in spine.index if spine.loc[i, "age"] == "65plus"], "worse_and_worsening"].any()
    assert spine.loc["aant_inw", "age"] == "all"  # KWB rows stay in the 65+ profile


def test_buurt_profile_uses_the_spread_of_buurten(tidy, buurt_codes):
    spine = spine_data(tidy, catalogue(), MOERWIJK_OOST, buurt_codes, "18plus", GM).set_index("indicator")
    row = spine.loc["overgewicht"]
    assert row["level"] == row["spread_level"] == "buurt"
    assert 50 < row["n"] <= len(buurt_codes)
    assert row["n"] == len(_wijk_values(tidy, buurt_codes, "overgewicht", 2020, "18plus"))
    assert spine.loc["aant_inw", "year"] == 2019  # no KWB 2024 for buurten in the mirror


def test_city_profile_is_compared_with_the_netherlands(tidy, wijk_codes):
    spine = spine_data(tidy, catalogue(), GM, wijk_codes, "18plus", GM).set_index("indicator")
    row = spine.loc["eenzaam"]
    assert row["level"] == "gemeente" and row["spread_level"] == "wijk"
    assert row["value"] == row["city"] == 56.8 and row["reference"] == row["nl"] == 47.0
    assert row["comparison"] == "worse" and math.isnan(row["rank"])
    income = spine.loc["gemiddeld_inkomen_per_inwoner"]  # KWB: no NL value, so nothing to judge the city by
    assert income["comparison"] == "no_data" and income["value"] == 27.1
    fig = spine_figure(spine.reset_index(), catalogue(), "nl", "Den Haag", "Den Haag")
    drawn = sum(len(tr.x) for tr in fig.data if tr.type == "scatter" and tr.name.startswith("Den Haag:"))
    counts = spine["unit"] == "count"
    assert drawn == int((spine["value"].notna() & ~counts).sum())  # every rate drawn; city totals are off-scale


def test_key_figures_and_place(tidy, wijk_codes):
    table = key_table(tidy)
    figures = key_figures(table, MOERWIJK)
    assert (figures["inhabitants_early"].year, figures["inhabitants_early"].value) == (2015, 20060)
    assert (figures["inhabitants_late"].year, figures["inhabitants_late"].value) == (2024, 21555)
    assert (figures["share_65plus"].year, figures["share_65plus"].value) == (2015, 12.0)
    assert size_rank(table, MOERWIJK, wijk_codes, 2024) == (7.0, 44, 0)
    buurt = key_figures(table, MOERWIJK_OOST)
    assert buurt["inhabitants_late"].year == 2019 and not math.isnan(buurt["inhabitants_late"].value)
    only_early = tidy[~((tidy["area_code"] == MOERWIJK_OOST) & (tidy["year"] > 2015))]
    late = key_figures(key_table(only_early), MOERWIJK_OOST)["inhabitants_late"]
    assert late.year == 2024 and math.isnan(late.value)  # missing, not 2015's figure again


OOSTDUINEN = "WK051801"  # 0 inhabitants in every key year: the only wijk of Den Haag under 5
EMPTY_BUURTEN = ("BU05180170", "BU05184107", "BU05184209")  # 0 inhabitants in 2019, the buurten's latest year


def test_an_area_under_5_inhabitants_gets_no_place(tidy, wijk_codes, buurt_codes):
    """Written '<5', Oostduinen still read '44e van 44' (the smallest wijk) and three empty buurten '112e van 114'
    (tied, so as small as each other): its place among the areas is withheld, as a size rank and in the spine."""
    table = key_table(tidy)
    place, n, small = size_rank(table, OOSTDUINEN, wijk_codes, 2024)
    assert math.isnan(place) and (n, small) == (44, 1)
    for code in EMPTY_BUURTEN:
        place, n, small = size_rank(table, code, buurt_codes, 2019)
        assert math.isnan(place) and small == 3 and n > 100
    assert size_rank(table, "BU05184110", buurt_codes, 2019).place < 112  # 0 in 2015, 95 in 2019: ranked
    cat = catalogue()
    spine = spine_data(tidy, cat, OOSTDUINEN, wijk_codes, "18plus", GM).set_index("indicator")
    assert spine.loc["aant_inw", "value"] == 0 and math.isnan(spine.loc["aant_inw", "rank"])
    small = [i for i in spine.index if cat.indicator(i).counts_people and spine.loc[i, "value"] < 5]
    assert small and spine.loc[small, "rank"].isna().all()
    houses = cat.indicator("woningvoorraad")  # 0 dwellings is no count of people: it keeps its place
    assert not houses.counts_people and spine.loc[houses.id, "value"] == 0 and spine.loc[houses.id, "rank"] >= 1


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("area", "level"), [(OOSTDUINEN, "wijk"), (EMPTY_BUURTEN[0], "buurt")])
def test_a_count_written_below_5_gets_no_marker_in_the_spine(tidy, wijk_codes, buurt_codes, lang, area, level):
    """Oostduinen (0 inhabitants) read '<5' for its inhabitants, households and age groups, yet its marker sat at the
    left end of the spread bar: the lowest of all wijken, what '<5' leaves out. The row keeps its '<5' and the spread,
    without the area's marker, in the page's table and the slides' figure; a count of 5 or more keeps its marker."""
    cat = catalogue()
    codes = wijk_codes if level == "wijk" else buurt_codes
    spine = spine_data(tidy, cat, area, codes, "18plus", GM)
    small = [i for i, v in zip(spine["indicator"], spine["value"]) if cat.indicator(i).counts_people and v < 5]
    assert "aant_inw" in small
    page = spine_html(spine, cat, lang, "Gebied", "Den Haag")
    for ind, html_row in zip(spine["indicator"], _rows(page)):
        assert html.escape(cat.indicator(ind).label.get(lang)) in html_row  # the rows in the data's order
        if ind in small:
            assert "sp-m" not in html_row and "sp-range" in html_row and _cells(html_row)[0] == "&lt;5", ind
    data = spine_positions(spine, cat).set_index("indicator")
    assert data.loc[small, "pos_value"].isna().all() and data.loc[small, "pos_min"].notna().all()
    houses = data.loc["woningvoorraad"]  # dwellings are no count of people: drawn, Oostduinen's 0 too
    assert houses["value"] < 5 and not math.isnan(houses["pos_value"])
    fig = spine_figure(spine, cat, lang, "Gebied", "Den Haag")
    drawn = sorted(round(x, 9) for tr in fig.data if tr.type == "scatter" and tr.name.startswith("Gebied")
                   for x in tr.x)
    assert drawn == sorted(round(x, 9) for x in data["pos_value"].dropna())
    assert len(re.findall(r"class='sp-m ", page)) == len(drawn) == int(data["pos_value"].notna().sum())


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("area", "first", "last"), [(OOSTDUINEN, "<5", "<5"), ("BU05184110", "<5", "95")])
def test_a_trend_from_or_to_a_count_written_below_5_has_no_direction(tidy, wijk_codes, buurt_codes, lang, area,
                                                                      first, last):
    """Oostduinen's inhabitants, 0 in 2015 and 0 in 2024, read '↓ <5 → <5': an arrow between two hidden counts tells
    how they moved. From or to a count written '<5' the trend has no arrow, no change and no judgement, in the
    spine's trend column, its hover and the page's table (a buurt that grew from 0 to 95 likewise)."""
    from charts.spine import TREND_ARROWS, trend_text

    cat = catalogue()
    codes = wijk_codes if area_level(area) == "wijk" else buurt_codes
    spine = spine_data(tidy, cat, area, codes, "18plus", GM).set_index("indicator")
    row = spine.loc["aant_inw"]
    assert (row["trend_arrow"], row["trend"]) == ("none", "not_applicable") and math.isnan(row["trend_change"])
    text = trend_text({**row.to_dict(), "indicator": "aant_inw"}, cat, lang)
    assert text == t("prof_trend_text", lang, arrow=TREND_ARROWS["none"], change=f"{first} → {last}", year="2015",
                     words=t("prof_trend_not_applicable", lang))
    one = spine.loc[["aant_inw"]].reset_index()
    arrow = column_cells(one.iloc[0], cat, lang)[2]  # the spine's trend column
    assert f"<b>{TREND_ARROWS['none']}</b>" in arrow and not re.search("[↑↓→]", arrow)
    assert text in spine_table(one, cat, lang, "Gebied", "Den Haag").iloc[0].tolist()


def test_key_table_gives_what_filtering_the_frame_gives_for_every_area(tidy, wijk_codes, buurt_codes):
    """The lookups against the frame itself (pandas' filters and rank, the code they replaced), for every wijk and
    buurt of Den Haag, every year of inhabitants and both key indicators."""
    from indicators.profile import KEY_INDICATOR_65PLUS, KEY_INDICATOR_INHABITANTS, key_value
    table = key_table(tidy)
    inhabitants = tidy[tidy["indicator"] == KEY_INDICATOR_INHABITANTS]
    years = sorted(inhabitants["year"].unique())
    assert len(years) >= 3
    for codes in (wijk_codes, buurt_codes):
        for year in years:
            values = inhabitants[inhabitants["year"] == year].set_index("area_code")["value"].reindex(codes)
            ranks = values.rank(ascending=False, method="min", na_option="keep").mask(values.lt(5))  # '<5': none
            for code in codes:
                expected = (float(ranks[code]), int(values.notna().sum()))
                got = size_rank(table, code, codes, int(year))
                assert got[1] == expected[1] and got.small == (int(values.lt(5).sum()) if values[code] < 5 else 0)
                assert got[0] == expected[0] or math.isnan(got[0]) and math.isnan(expected[0])
    key_rows = tidy[tidy["indicator"].isin([KEY_INDICATOR_INHABITANTS, KEY_INDICATOR_65PLUS])]
    first = key_rows.drop_duplicates(["indicator", "area_code", "year"]).set_index(["indicator", "area_code", "year"])
    for code in [*wijk_codes, *buurt_codes]:
        for indicator in (KEY_INDICATOR_INHABITANTS, KEY_INDICATOR_65PLUS):
            for year in years:
                got = key_value(table, indicator, code, int(year))
                if (indicator, code, year) not in first.index:
                    assert got.status == "no_row" and math.isnan(got.value)
                    continue
                row = first.loc[(indicator, code, year)]
                assert (got.status, got.source) == (str(row["status"]), str(row["source"]))
                assert got.value == row["value"] or math.isnan(got.value) and math.isnan(row["value"])
    assert math.isnan(size_rank(table, "WK999999", wijk_codes, 2024)[0])  # not among the ranked


def test_spine_figure_and_table(moerwijk):
    cat = catalogue()
    spine = moerwijk.reset_index()
    fig = spine_figure(spine, cat, "nl", "Moerwijk", "Den Haag")
    ticks = fig.layout.yaxis.ticktext
    assert len(ticks) == len(spine) + spine["group"].nunique()  # indicators + one theme row per group
    assert any("Overgewicht" in tick for tick in ticks)
    markers = [tr for tr in fig.data if tr.type == "scatter" and tr.name.startswith("Moerwijk")]
    assert sum(len(tr.x) for tr in markers) == spine["value"].notna().sum()
    table = spine_table(spine, cat, "en", "Moerwijk", "The Hague")
    assert len(table) == len(spine)
    assert {"Moerwijk", "The Hague", "Netherlands", "Lowest", "Highest", "Trend"} <= set(table.columns)
    assert "The Hague" in legend_html("wijk", "wijk", "Moerwijk", "The Hague", "en")


@pytest.mark.parametrize("area", [MOERWIJK, MOERWIJK_OOST, GM])
def test_the_pages_cached_spine_chart_is_the_views_own_in_each_language(mirror, area):
    """ui.cache.spine_chart (built once per process) is the table of this area, age and language: a key without
    one of them would hand another view's chart to the page."""
    from ui import cache
    for age in ("18plus", "65plus"):
        charts = {}
        for lang in ("nl", "en"):
            names = cache.area_names(GM, lang)
            charts[lang] = cache.spine_chart(GM, area, age, lang)
            own = spine_block(cache.spine(GM, area, age), catalogue(), lang, names[area], names[GM])
            assert _rows(charts[lang]) == _rows(own), (area, age, lang)
            assert f"<caption>{t('prof_chart_alt', lang, name=names[area], n=len(cache.spine(GM, area, age)), ref=t('nederland_ref', lang) if area == GM else names[GM], areas=t('level_plural_' + spread_level(area), lang))}</caption>" in charts[lang]
        assert charts["nl"] != charts["en"]
    assert cache.spine_chart(GM, area, "18plus", "nl") != cache.spine_chart(GM, area, "65plus", "nl")


def _rows(page: str) -> list[str]:
    """The indicator rows of a spine table, as HTML."""
    return re.findall(r"<tr class='sp-row'.*?</tr>", page)


def _cells(row: str) -> list[str]:
    return re.findall(r"<td class='num'>(.*?)</td>", row)


def test_spine_table_on_the_page_draws_every_indicator_where_the_figure_does(moerwijk):
    """The page's HTML spine: a row per indicator under a row per theme; each marker at the position of the plotly
    figure (better to the right of Den Haag's tick, worse to the left), with the figure's value and reference."""
    cat = catalogue()
    spine = moerwijk.reset_index()
    page = spine_html(spine, cat, "nl", "Moerwijk", "Den Haag")
    rows = _rows(page)
    assert len(rows) == len(spine) and page.count("class='sp-group'") == spine["group"].nunique()
    data = spine_positions(spine, cat)
    fig = spine_figure(spine, cat, "nl", "Moerwijk", "Den Haag")
    drawn = [x for tr in fig.data if tr.type == "scatter" and tr.name.startswith("Moerwijk") for x in tr.x]
    markers = re.findall(r"class='sp-m (\w+)' style='left:([\d.]+)%'", page)
    assert sorted(float(left) for _, left in markers) == sorted(x_percent(x) for x in drawn)
    for (_, row), html_row in zip(data.iterrows(), rows):
        assert cat.indicator(row["indicator"]).label.get("nl").replace("<", "&lt;") in html_row
        assert _cells(html_row) == list(column_cells(row, cat, "nl"))[:2]
        marker = re.search(r"class='sp-m (\w+)' style='left:([\d.]+)%'", html_row)
        if row["comparison"] in ("better", "worse"):
            assert marker.group(1) == row["comparison"]
            assert (float(marker.group(2)) > 50) == (row["comparison"] == "better")
        city = re.search(r"class='sp-city' style='left:([\d.]+)%'", html_row)
        if row["unit"] != "count":
            assert float(city.group(1)) == 50.0  # Den Haag is the centre of every comparable row
    overweight = next(r for r in rows if ">Overgewicht <" in r)
    assert "sp-m worse" in overweight and "Slechter dan Den Haag" in overweight  # the hover text of the row
    assert "<th scope='col' class='num'>Den Haag</th>" in page


def test_spine_table_of_the_city_is_against_the_netherlands(tidy, wijk_codes):
    spine = spine_data(tidy, catalogue(), GM, wijk_codes, "18plus", GM)
    page = spine_html(spine, catalogue(), "en", "The Hague", "The Hague")
    assert "<th scope='col' class='num'>Netherlands</th>" in page and "class='sp-city'" not in page
    row = next(r for r in _rows(page) if ">Lonely <" in r or ">Lonely<" in r)
    assert _cells(row)[1] == "47.0%" and "sp-m worse" in row


# --- hand-made numbers (clearly made up) -------------------------------------------------------------------------

def test_trend_rule_uses_direction():
    up = {2012: 20.0, 2016: 21.0, 2020: 23.0}
    assert trend(up, "higher_is_worse", "percent").judgement == "worse"
    assert trend(up, "higher_is_better", "percent").judgement == "better"
    assert trend(up, "neutral", "percent").judgement == "not_applicable"
    assert trend(up, "higher_is_worse", "percent").arrow == "up"


def test_trend_margin_is_at_least_similar_pp():
    assert trend({2012: 30.0, 2020: 30.0 + SIMILAR_PP * 0.99}, "higher_is_worse", "percent").judgement == "similar"
    assert trend({2012: 30.0, 2020: 30.0 + SIMILAR_PP}, "higher_is_worse", "percent").judgement == "worse"
    # other units: a share of the first value
    assert trend({2015: 100.0, 2019: 100.0 + 100 * SIMILAR_RELATIVE * 0.9}, "higher_is_better", "eur_1000").arrow == "flat"
    assert trend({2015: 100.0, 2019: 100.0 - 100 * SIMILAR_RELATIVE}, "higher_is_better", "eur_1000").judgement == "worse"


def test_trend_skips_missing_years_and_needs_two():
    tr = trend({2012: 40.0, 2016: math.nan, 2020: 38.0}, "higher_is_worse", "percent")
    assert (tr.first_year, tr.last_year, tr.change) == (2012, 2020, -2.0) and tr.judgement == "better"
    assert trend({2020: 38.0}, "higher_is_worse", "percent").judgement == "no_data"
    assert trend({}, "higher_is_worse", "percent").arrow == "none"
    assert trend({2015: 10.0, 2019: 500.0}, "higher_is_worse", "count").judgement == "not_applicable"


def test_a_trend_of_people_counted_below_5_below_city_level_has_no_direction():
    """A count of people written '<5' at either end (`small`, as the profile asks it: small_count at the area's
    level) gives no arrow and no change; the city's counts are written in full, so keep theirs. 0 → 0 of anything
    is flat, not '↓'."""
    people, dwellings = catalogue().indicator("aant_inw"), catalogue().indicator("woningvoorraad")

    def small_at(level: str):
        return lambda v: small_count(people, v, level)

    for series in ({2015: 0.0, 2024: 0.0}, {2015: 4.0, 2019: 1200.0}, {2015: 300.0, 2019: 2.0}):
        tr = trend(series, "neutral", "count", small_at("wijk"))
        assert (tr.arrow, tr.judgement) == ("none", "not_applicable") and math.isnan(tr.change), series
        assert (tr.first_value, tr.last_value) == tuple(series.values())  # both ends, which the page writes '<5'
    assert trend({2015: 4.0, 2019: 1200.0}, "neutral", "count", small_at("gemeente")).arrow == "up"
    assert trend({2015: 5.0, 2019: 1200.0}, "neutral", "count", small_at("buurt")).arrow == "up"
    # a count of things, not of people, is written in full: 2 dwellings → 1,200 has a direction
    assert not dwellings.counts_people and trend({2015: 2.0, 2019: 1200.0}, "neutral", "count",
                                                 lambda v: small_count(dwellings, v, "buurt")).arrow == "up"
    assert trend({2015: 0.0, 2024: 0.0}, "neutral", "count").arrow == "flat"  # 0 dwellings twice: no direction


def test_worse_and_worsening_truth_table():
    assert worse_and_worsening("worse", "worse")
    for comparison, tr in [("worse", "better"), ("worse", "similar"), ("similar", "worse"), ("better", "worse"),
                           ("not_applicable", "not_applicable"), ("worse", "no_data")]:
        assert not worse_and_worsening(comparison, tr)


def _indicator(ind_id: str, direction: str) -> Indicator:
    return Indicator.model_validate({
        "id": ind_id, "label": {"nl": ind_id, "en": ind_id}, "definition": {"nl": "x", "en": "x"},
        "unit": "percent", "direction": direction, "group": "leefstijl",
        "sources": [{"table": "50090NED", "column": "X_1", "years": [2012, 2016, 2020], "ages": ["18plus"]}],
    })


def _made_up_tidy(ind_id: str) -> pd.DataFrame:
    """An area whose value FELL from 65 to 60 while the city stayed at 70 (made-up numbers)."""
    rows = []
    for year, area in ((2012, 65.0), (2016, 63.0), (2020, 60.0)):
        for code, level, value in (("WK000001", "wijk", area), ("WK000002", "wijk", 75.0),
                                   ("WK000003", "wijk", 55.0), ("GM0000", "gemeente", 70.0), ("NL01", "nl", 72.0)):
            rows.append({"area_code": code, "level": level, "indicator": ind_id, "year": year, "age": "18plus",
                         "value": value, "status": "ok", "source": "50090NED"})
    return pd.DataFrame(rows)


def test_worse_and_worsening_depends_on_direction():
    """The same numbers: for 'higher is better' the area is worse AND getting worse (flag); for 'higher is worse'
    it is better and improving (no flag). A rule that ignored direction would flag both or neither."""
    codes = ["WK000001", "WK000002", "WK000003"]
    good = spine_row(_made_up_tidy("good_thing"), _indicator("good_thing", "higher_is_better"), "WK000001", codes,
                     "18plus", "GM0000")
    bad = spine_row(_made_up_tidy("bad_thing"), _indicator("bad_thing", "higher_is_worse"), "WK000001", codes,
                    "18plus", "GM0000")
    assert (good["comparison"], good["trend"], good["worse_and_worsening"]) == ("worse", "worse", True)
    assert (bad["comparison"], bad["trend"], bad["worse_and_worsening"]) == ("better", "better", False)
    assert good["trend_change"] == bad["trend_change"] == -5.0
    assert (good["min"], good["max"], good["n"]) == (55.0, 75.0, 3)


def test_positions_put_better_on_the_right():
    base = {"unit": "percent", "reference": 50.0, "median": 50.0, "min": 40.0, "max": 70.0, "p25": 45.0,
            "p75": 60.0, "value": 60.0, "city": 50.0, "nl": 55.0, "level": "wijk", "spread_level": "wijk"}
    worse_up = positions({**base, "direction": "higher_is_worse"})
    better_up = positions({**base, "direction": "higher_is_better"})
    assert worse_up["pos_value"] < 0 < better_up["pos_value"]
    assert worse_up["pos_city"] == 0 and worse_up["half"] == 20.0
    assert worse_up["pos_min"] < worse_up["pos_p25"] < worse_up["pos_p75"] < worse_up["pos_max"]
    count = positions({**base, "unit": "count", "reference": math.nan, "direction": "higher_is_worse"})
    assert count["centre"] == 50.0 and math.isnan(count["pos_city"]) and math.isnan(count["pos_nl"])


def test_spread_ignores_missing_values():
    stats = spread(pd.Series([1.0, math.nan, 3.0, 2.0, 4.0]))
    assert (stats["min"], stats["p25"], stats["median"], stats["p75"], stats["max"], stats["n"]) == (1, 1.75, 2.5, 3.25, 4, 4)
    assert spread(pd.Series([math.nan]))["n"] == 0


def test_small_counts_show_as_less_than_five():
    cat = catalogue()
    row = {"indicator": "wwb_uittot", "group": "zorg_en_uitkeringen", "unit": "count", "direction": "higher_is_worse",
           "year": 2019, "age": "all", "source": "84583NED", "area_code": "BU00000001", "level": "buurt",
           "spread_level": "buurt", "value": 3.0, "status": "ok", "min": 0.0, "p25": 2.0, "median": 10.0,
           "p75": 40.0, "max": 300.0, "n": 10, "city": 25280.0, "nl": math.nan, "reference": math.nan,
           "comparison": "not_applicable", "rank": 2.0, "n_ranked": 10, "trend_first_year": 2015,
           "trend_first_value": 4.0, "trend_last_year": 2019, "trend_last_value": 3.0, "trend_change": -1.0,
           "trend_arrow": "down", "trend": "not_applicable", "worse_and_worsening": False}
    table = spine_table(pd.DataFrame([row]), cat, "nl", "Buurt", "Den Haag")
    assert table.loc[0, "Buurt"] == "<5" and table.loc[0, "Laagste"] == "<5" and table.loc[0, "25e percentiel"] == "<5"
    assert table.loc[0, "Den Haag"] == "25.280"
    fig = spine_figure(pd.DataFrame([row]), cat, "nl", "Buurt", "Den Haag")
    assert not [tr for tr in fig.data if tr.type == "scatter" and tr.name.startswith("Buurt")]  # never drawn
    page = spine_html(pd.DataFrame([row]), cat, "nl", "Buurt", "Den Haag")
    assert _cells(_rows(page)[0])[0] == "&lt;5" and "3,0" not in page  # the cell and the row's hover text
    assert "Buurt: &lt;5" in page and "class='sp-m" not in page  # escaped, so the hover shows "<5"; no marker


def test_levels_and_ages():
    assert (spread_level("GM0518"), spread_level("BU05183620")) == ("wijk", "buurt")
    cat = catalogue()
    assert age_years(cat.indicator("eenzaam"), "18plus") == [2012, 2016, 2020]
    assert age_years(cat.indicator("eenzaam"), "65plus") == [2020]
    assert age_years(cat.indicator("aant_inw"), "65plus") == [2015, 2019, 2024]




def test_an_indicator_without_rows_in_the_gemeente_is_missing_not_an_error():
    """/profiel?gemeente=GM0503 raised KeyError 'area_code': an indicator with no rows for the gemeente (here only
    the NL row, or none at all) gets a row of missing values while the others are computed as usual."""
    codes = ["WK000001", "WK000002", "WK000003"]
    nl_only = pd.DataFrame([{"area_code": "NL01", "level": "nl", "indicator": "nl_only", "year": 2020,
                             "age": "18plus", "value": 50.0, "status": "ok", "source": "50090NED"}])
    tidy = pd.concat([_made_up_tidy("good_thing"), nl_only], ignore_index=True)
    inds = [_indicator("nl_only", "higher_is_worse"), _indicator("good_thing", "higher_is_better"),
            _indicator("no_rows", "higher_is_worse")]
    nl_only_row, good, no_rows = spine_rows(tidy, inds, "WK000001", codes, "18plus", "GM0000")
    for row in (nl_only_row, no_rows):
        assert row["year"] is None and math.isnan(row["value"]) and row["n"] == 0
        assert row["comparison"] == "no_data" and row["status"] == "no_row" and not row["worse_and_worsening"]
    assert (good["value"], good["n"], good["rank"], good["comparison"]) == (60.0, 3, 2.0, "worse")


@pytest.mark.parametrize("age", ["18plus", "65plus"])
def test_one_shared_context_gives_every_area_its_own_profile(tidy, wijk_codes, buurt_codes, age):
    """ui.cache builds the spine context once per level and age and reads every area's profile from it: each must
    equal the profile computed for that area alone (nothing of one area may leak into the next)."""
    from indicators.profile import area_spine_rows, spine_context, spine_frame

    cat = catalogue()
    inds = [cat.indicator(i) for i in cat.available_ids]
    for level, codes in (("wijk", wijk_codes), ("buurt", buurt_codes)):
        shared = spine_context(tidy, inds, codes, level, age, GM)
        areas = codes + [GM] if level == "wijk" else codes[::7]
        for area in areas:
            alone = spine_data(tidy, cat, area, codes, age, GM)
            pd.testing.assert_frame_equal(spine_frame(area_spine_rows(shared, area), cat), alone, obj=area)
    assert spine_frame(area_spine_rows(shared, MOERWIJK_OOST), cat).set_index("indicator")["rank"].notna().any()
    with pytest.raises(ValueError, match=MOERWIJK):  # a wijk is not in the buurten's context
        area_spine_rows(shared, MOERWIJK)


# --- the hover texts in every gemeente ----------------------------------------------------------------------------

NOT_SHOWN = re.compile(r"\b\d{4}\.\d+\b|\bnan\b|<NA>|\bNone\b", re.IGNORECASE)  # a float year, a missing one as code


def _hover_texts(spine: pd.DataFrame, lang: str, area: str, city: str) -> list[str]:
    """What the spine's hovers say: the plotly figure's marker texts (the slides) and the page's table tooltips."""
    cat = catalogue()
    fig = spine_figure(spine, cat, lang, area, city)
    drawn = [text for tr in fig.data if tr.type == "scatter" and tr.text is not None for text in tr.text]
    return drawn + re.findall(r"<div class='sp-tip' role='tooltip'>(.*?)</div>", spine_html(spine, cat, lang, area,
                                                                                             city))


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, area", [("GM0518", MOERWIJK_OOST), ("GM0629", "BU06290000"),
                                            ("GM1783", "BU17830101"), ("GM0503", "BU05031101")])
def test_the_hover_says_years_as_years_and_missing_in_words(mirror, gemeente, area, lang):
    """Outside Den Haag the KWB 2019 rows have no year (the mirror's file holds Den Haag only): the year column
    became floats and Wassenaar's hovers read 'Self-rated health · 2020.0', 'since 2012.0' and 'Average income ·
    nan'. Years are whole, a missing one reads 'no figures' in the page's language, and no Dutch label shows in
    English."""
    from ui import cache
    names = cache.area_names(gemeente, lang)
    spine = cache.spine(gemeente, area, "18plus")
    assert {column: str(spine[column].dtype) for column in SPINE_YEARS} == SPINE_YEARS  # whole, <NA> if missing
    texts = _hover_texts(spine, lang, names[area], names[gemeente])
    assert len(texts) >= len(spine)  # every row has its tooltip, every drawn marker its hover
    assert not [text for text in texts if NOT_SHOWN.search(text)], [NOT_SHOWN.search(x)[0] for x in texts
                                                                   if NOT_SHOWN.search(x)][:5]
    years = {int(y) for y in spine["year"].dropna()}
    assert all(any(f"· {y}<br>" in text for text in texts) for y in years)
    if spine["year"].isna().any():  # Wassenaar, Westland, Delft: no key figures of 2019
        assert any(f"· {t('year_without_figures', lang)}<br>" in text for text in texts)
    since = "since" if lang == "en" else "sinds"
    for first in spine.loc[spine["trend"] != "no_data", "trend_first_year"]:
        assert any(f" {since} {int(first)} (" in text for text in texts)
    table = spine_table(spine, catalogue(), lang, names[area], names[gemeente])  # 'Show the numbers'
    assert set(table[t("year", lang)]) <= {str(y) for y in years} | {t("year_without_figures", lang)}
    if lang == "en":
        dutch = [ind.label.nl for ind in catalogue().indicators if ind.label.nl != ind.label.en]
        assert not [label for label in dutch for text in texts if f"<b>{label}</b>" in text]


def test_year_text():
    from charts.spine import year_text
    assert year_text(2020, "en") == "2020" and year_text(2020.0, "nl") == "2020"
    assert year_text(np.int64(2012), "nl") == "2012"
    assert year_text(None, "en") == year_text(math.nan, "en") == year_text(pd.NA, "en") == "no figures"
    assert year_text(pd.NA, "nl") == "geen cijfers"


@pytest.mark.parametrize(("lang", "expected"), [
    ("nl", ("Vergeleken met Zoetermeer", "**1** indicator slechter", "**2** zijn slechter én verslechterd",
            "**0** vergelijkbaar", "**5** beter")),
    ("en", ("Compared with Zoetermeer", "**1** indicator worse", "**2** are worse and getting worse",
            "**0** similar", "**5** better")),
])
def test_the_summary_sentence_counts_each_kind_in_its_own_number(lang, expected):
    """indicators.describe.summary_text: the singular and the plural are chosen per count (one worse, two flagged),
    and a zero is said, not left out."""
    from indicators.describe import summary_text

    text = summary_text({"worse": 1, "flagged": 2, "similar": 0, "better": 5}, "Zoetermeer", lang)
    assert all(part in text for part in expected), text


def test_the_city_is_judged_against_the_netherlands_with_its_article_in_english(tidy, wijk_codes):
    """'Compared with Netherlands', 'better than Netherlands' (the city's own profile in English); a column's heading
    stays 'Netherlands'."""
    spine = spine_data(tidy, catalogue(), GM, wijk_codes, "18plus", GM)
    page = spine_html(spine, catalogue(), "en", "The Hague", "The Hague")
    assert "than the Netherlands" in page and "than Netherlands" not in page
    assert "<th scope='col' class='num'>Netherlands</th>" in page
    dutch = spine_html(spine, catalogue(), "nl", "Den Haag", "Den Haag")
    assert "dan Nederland" in dutch and "de Nederland" not in dutch
