"""Map legends, counts and modes: labels a reader can trust, counts never judged, no mode that draws grey."""
from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from geo.boundaries import read_areas
from geo.choropleth import available_modes, map_model, unavailable_modes
from geo.classify import class_index, gap_classes, legend_entries, value_classes
from indicators.catalogue import catalogue
from indicators.observations import build_observations
from indicators.select import figures_present, year_with_values, years_with_values
from texts.i18n import t
from views.kaart_panels import (display_frame, legend_html, no_values_line, ranked, ranked_table, ranked_titles,
                               small_names, why_not_offered)

cat = catalogue()


def labels(classes, unit="percent", lang="nl", gap_mode=False) -> list[str]:
    return [label for _, label in legend_entries(classes, unit, lang, gap_mode=gap_mode)][:-1]  # without "no data"


# --- fixed thresholds -------------------------------------------------------------------------------------------
def test_fixed_thresholds_read_below_between_and_from():
    """moeite_met_rondkomen's thresholds: the first class is '< 10%', the last '≥ 40%', never '40,0% – 40,0%'."""
    classes = value_classes(pd.Series([4.9, 12.0, 33.0, 38.0]), "fixed", "higher_is_worse", [10.0, 20.0, 30.0, 40.0])
    assert labels(classes) == ["< 10%", "10% – 20%", "20% – 30%", "30% – 40%", "≥ 40%"]
    assert labels(classes, lang="en") == ["< 10%", "10% – 20%", "20% – 30%", "30% – 40%", "≥ 40%"]


def test_fixed_labels_do_not_depend_on_the_data():
    low = value_classes(pd.Series([11.0, 12.0]), "fixed", "higher_is_worse", [10.0, 20.0])
    wide = value_classes(pd.Series([1.0, 55.0]), "fixed", "higher_is_worse", [10.0, 20.0])
    assert labels(low) == labels(wide) == ["< 10%", "10% – 20%", "≥ 20%"]


def test_a_threshold_starts_its_class():
    """A value on a threshold belongs to the class the label starts with it ('10% – 20%'), not to '< 10%'."""
    classes = value_classes(pd.Series([9.9, 10.0, 19.9, 20.0, 45.0]), "fixed", "higher_is_worse", [10.0, 20.0])
    assert class_index(pd.Series([9.9, 10.0, 19.9, 20.0, 45.0]), classes).tolist() == [0, 1, 1, 2, 2]


def test_fractional_thresholds_keep_their_decimals():
    classes = value_classes(pd.Series([2.0, 3.0]), "fixed", "neutral", [1.8, 2.1, 2.4])
    assert labels(classes) == ["< 1,8%", "1,8% – 2,1%", "2,1% – 2,4%", "≥ 2,4%"]


def test_gap_classes_read_as_thresholds_with_the_unit_once():
    classes = gap_classes("percent", 50.0, "higher_is_worse", pd.Series([-8.0, 9.0]))
    assert labels(classes, gap_mode=True) == ["< −6 %-punt", "−6 – −3 %-punt", "−3 – −1 %-punt",
                                              "−1 – +1 %-punt", "+1 – +3 %-punt", "+3 – +6 %-punt", "≥ +6 %-punt"]


# --- quantiles ----------------------------------------------------------------------------------------------------
def test_quantile_classes_never_read_the_same():
    """Values that differ only below the shown precision: bounds as the legend shows them, so equal ones merge."""
    values = pd.Series([10.01, 10.02, 10.03, 10.04, 12.0])
    classes = value_classes(values, "quantiles", "higher_is_worse", decimals=1)
    shown = labels(classes)
    assert len(shown) == len(set(shown)) == len(classes.colours)
    assert not any(re.fullmatch(r"(.+) – \1", label) for label in shown), shown


def test_quantile_ranges_start_at_the_data():
    classes = value_classes(pd.Series([4.94, 8.0, 12.0, 30.0, 44.0]), "quantiles", "higher_is_worse", decimals=1)
    assert labels(classes)[0].startswith("4,9% – ")


# --- counts: suppressed in the legend, never judged ------------------------------------------------------------
def test_small_counts_share_one_class_below_five():
    """No legend bound shows a count below 5 of residents below city level (the table shows '<5')."""
    values = pd.Series([0.0, 1.0, 3.0, 7.0, 12.0, 40.0, 200.0, 300.0])
    classes = value_classes(values, "quantiles", "neutral", small=5, decimals=0)
    shown = labels(classes, unit="count")
    assert shown[0] == "< 5"
    numbers = [int(n) for label in shown[1:] for n in re.findall(r"\d+", label.replace(".", ""))]
    assert min(numbers) >= 5, shown
    assert class_index(pd.Series([0.0, 4.0, 5.0]), classes).tolist()[:2] == [0, 0]
    assert class_index(pd.Series([5.0]), classes).iloc[0] == 1


def test_count_ranges_are_whole_numbers_that_do_not_overlap():
    classes = value_classes(pd.Series([10.0, 20.0, 35.0, 60.0, 90.0]), "quantiles", "neutral", k=3, decimals=0)
    lows_highs = [tuple(int(n) for n in re.findall(r"\d+", label)) for label in labels(classes, unit="count")]
    for (_, high), (low, _) in zip(lows_highs, lows_highs[1:]):
        assert low == high + 1, lows_highs


@pytest.fixture(scope="module")
def obs(mirror):
    return build_observations("GM0518")


@pytest.fixture(scope="module")
def buurten(mirror):
    return read_areas("GM0518", "buurt")


def model(obs, areas, indicator, level="buurt", mode="value", lang="nl"):
    ind = cat.indicator(indicator)
    return map_model(obs, areas, [], cat, ind, level=level, year=max(ind.years), age="18plus", mode=mode,
                     method="quantiles", lang=lang, city_name="Den Haag")


def test_bijstand_counts_are_never_best_or_worst(obs, buurten):
    """wwb_uittot (persons with bijstand, 'higher is worse'): lists of most and fewest, never best/worst."""
    ind = cat.indicator("wwb_uittot")
    assert ind.unit == "count" and ind.direction == "higher_is_worse"
    titles = ranked_titles(ind, "buurt", "nl") + ranked_titles(ind, "buurt", "en")
    assert not any(re.search(r"best|slecht|worst", title, re.I) for title in titles), titles
    frame = model(obs, buurten, "wwb_uittot").frame
    top = ranked(frame, first=True)
    assert top["value"].iloc[0] == frame["value"].max()  # rank 1 is the largest count, not the "best"
    assert frame["gap_city"].isna().all() and frame["gap_nl"].isna().all()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_ranked_lists_place_leaves_the_level_to_its_title(obs, buurten, lang):
    """'111th of 111 neighbourhoods' broke mid-word ('neighbou/rhoods') in the ~220 px column beside the map on a
    beamer. A list's place reads '12th of 110': its title names the areas; the value column is the table's."""
    m = model(obs, buurten, "wwb_uittot", lang=lang)
    ind = cat.indicator("wwb_uittot")
    for first in (True, False):
        rows = ranked(m.frame, first)
        table = ranked_table(rows, ind, "buurt", max(ind.years), lang)
        assert list(table.columns) == [t("col_area", lang), t("col_value", lang), t("col_rank", lang)]
        assert list(table[t("col_area", lang)]) == list(rows["name"])
        full = display_frame(rows, ind, "buurt", max(ind.years), lang)
        assert list(table[t("col_value", lang)]) == list(full[t("col_value", lang)])
        for place, rank, n in zip(table[t("col_rank", lang)], rows["rank"], rows["n_ranked"]):
            assert re.fullmatch(rf"{int(rank)}(e|st|nd|rd|th) (van|of) {int(n)}", place), place
    assert any(t("level_plural_buurt", lang) in title.lower() for title in ranked_titles(ind, "buurt", lang))


def test_the_areas_written_below_5_are_named_by_name(obs, buurten):
    """The line under the lists names the areas whose count is '<5' (no rank, in no list), sorted by name."""
    frame = model(obs, buurten, "wwb_uittot").frame
    names = small_names(frame, cat.indicator("wwb_uittot"), "buurt")
    expected = sorted(frame.loc[frame["value"] < 5, "name"])
    assert len(expected) >= 2 and names == expected
    assert frame.loc[frame["name"].isin(names), "rank"].isna().all()
    assert small_names(frame, cat.indicator("aant_inw"), "gemeente") == []


def test_rates_keep_best_and_worst():
    titles = ranked_titles(cat.indicator("overgewicht"), "wijk", "nl")
    assert titles == ("Best scorende wijken", "Slechtst scorende wijken")


def test_count_legend_and_tooltips_show_no_small_numbers(obs, buurten):
    """Suppression holds on the map too: no legend bound and no tooltip line gives away a count below 5."""
    m = model(obs, buurten, "wwb_uittot")
    values = m.frame["value"].dropna()
    assert (values < 5).any(), "the test needs buurten with fewer than 5 persons"
    assert m.legend[0][1] == "< 5"
    for _, label in m.legend[1:-1]:
        assert min(int(n) for n in re.findall(r"\d+", label.replace(".", ""))) >= 5, label
    small = m.frame[m.frame["value"] < 5]
    for tip in small["tooltip"]:
        first = tip.split("\n")[0]
        assert first.endswith("<5"), first
        assert "Verschil" not in tip  # a gap with the city would give the count away by subtraction
    table = display_frame(small, cat.indicator("wwb_uittot"), "buurt", 2019, "nl")
    assert set(table["Waarde"]) == {"<5"} and "Verschil met de stad" not in table.columns


def test_a_count_has_no_national_line_in_its_tooltip_a_rate_keeps_it(obs, buurten):
    """'Nederland: geen gegevens' under a buurt's inhabitants read as a figure missing; a national total is no
    reference for an area's count. A rate names NL, with 'no data' where it has none."""
    count = model(obs, buurten, "aant_inw").frame["tooltip"]
    assert not any("Nederland" in tip for tip in count) and all("Den Haag" in tip.split("\n")[1] for tip in count)
    rate = model(obs, buurten, "overgewicht").frame["tooltip"]
    assert all("Nederland: " in tip.split("\n")[1] for tip in rate)


# --- modes ------------------------------------------------------------------------------------------------------------
def test_modes_need_a_reference_and_a_rate():
    rate, count = cat.indicator("overgewicht"), cat.indicator("aant_inw")
    assert unavailable_modes(rate, 50.0, 48.0) == {}
    assert unavailable_modes(rate, 50.0, math.nan) == {"gap_nl": "mode_unavailable_nl"}
    assert set(unavailable_modes(rate, math.nan, math.nan)) == {"gap_city", "gap_nl"}
    assert set(unavailable_modes(count, 500.0, 17_000_000.0)) == {"gap_city", "gap_nl"}


def test_kwb_indicators_offer_no_gap_with_the_netherlands(obs):
    """The CBS key figures have no NL row: 'Verschil met Nederland' would draw a grey map."""
    ind = cat.indicator("gemiddeld_inkomen_per_inwoner")
    modes = available_modes(obs, ind, max(ind.years), "18plus")
    assert "gap_nl" not in modes and "value" in modes
    health = cat.indicator("overgewicht")
    assert available_modes(obs, health, 2020, "18plus") == ("value", "gap_city", "gap_nl")


def test_the_picker_says_why_a_mode_is_missing(obs, buurten):
    m = model(obs, buurten, "gemiddeld_inkomen_per_inwoner")
    assert "gap_nl" in m.unavailable
    line = why_not_offered(m.unavailable, "nl", "Den Haag")
    assert "Nederland" in line and "landelijk" in line


def test_legend_names_the_selected_mark_and_the_focus_outline():
    out = legend_html([((1, 2, 3), "< 10%")], "Legenda", "Focusgebied", "Gekozen gebied (Moerwijk)")
    assert "Focusgebied" in out and "Gekozen gebied (Moerwijk)" in out
    focus, selected = re.findall(r"border-top:3px solid (#[0-9a-f]{6})", out)
    assert focus != selected


def test_a_grey_map_names_the_years_with_figures():
    ind = cat.indicator("gemiddeld_inkomen_per_inwoner")
    line = no_values_line([2015, 2024], ind, 2019, "wijk", "Delft", "nl")
    assert "2019" in line and "Delft" in line and "wijken" in line and "2015, 2024" in line
    assert "in geen enkel jaar" in no_values_line([], ind, 2019, "wijk", "Delft", "nl")


def test_the_years_with_figures_are_those_of_the_level_and_age_group():
    """A year counts for a level when an area of it has a value for the age group (KWB's rows: every age); a missing
    value is no figure. The view keeps a year with figures, else takes the latest."""
    rows = [("wijk", 2012, "18plus", 20.0), ("wijk", 2020, "18plus", 25.0), ("wijk", 2020, "65plus", 40.0),
            ("buurt", 2016, "18plus", 21.0), ("buurt", 2020, "18plus", math.nan), ("gemeente", 2016, "65plus", 1.0)]
    codes = {"wijk": "WK000101", "buurt": "BU00010101", "gemeente": "GM0001"}
    tidy = pd.DataFrame([{"indicator": "eenzaam", "level": lv, "year": y, "age": a, "value": v, "area_code": codes[lv],
                          "source": "50090NED"} for lv, y, a, v in rows])
    ind, present = cat.indicator("eenzaam"), figures_present(tidy, ["WK000101", "BU00010101"])
    assert years_with_values(present, ind, "wijk", "18plus") == [2012, 2020]
    assert years_with_values(present, ind, "wijk", "65plus") == [2020]
    assert years_with_values(present, ind, "buurt", "18plus") == [2016]
    kwb = pd.DataFrame([{"indicator": "aant_inw", "level": "buurt", "year": 2019, "age": "all", "value": 5.0,
                         "area_code": "BU00010101", "source": "84583NED"}])
    assert years_with_values(figures_present(kwb, ["BU00010101"]), cat.indicator("aant_inw"), "buurt", "65plus") == [2019]
    assert year_with_values(2024, [2015, 2019]) == 2019
    assert year_with_values(2015, [2015, 2019]) == 2015
    assert year_with_values(2024, []) == 2024


def test_basemap_deck_draws_the_selection_above_the_focus_outlines(obs):
    """The pydeck map (basemap option) marks the selection as the component does: its own colour, last."""
    from geo.layers import FOCUS_LAYER_ID, FOCUS_RGB, SELECTED_LAYER_ID, SELECTED_RGB, polygon_records

    wijken = read_areas("GM0518", "wijk")
    records = polygon_records(wijken)
    ind = cat.indicator("overgewicht")
    deck = map_model(obs, wijken, records, cat, ind, level="wijk", year=2020, age="18plus", mode="value",
                     method="quantiles", lang="nl", city_name="Den Haag",
                     focus_records=[r for r in records if r["code"] == "WK051836"], selected="WK051836",
                     basemap=True).deck
    ids = [layer.id for layer in deck.layers]
    assert ids.index(FOCUS_LAYER_ID) < ids.index(SELECTED_LAYER_ID) == len(ids) - 1, ids
    selected = deck.layers[-1]
    assert selected.get_line_color == SELECTED_RGB != FOCUS_RGB
    assert selected.line_width_min_pixels == selected.line_width_max_pixels  # the same width at every zoom


def test_counts_rank_by_size_wherever_areas_are_ranked(obs, buurten):
    """The rank itself (indicators.select.area_values), so /vergelijk's ranking is not best-to-worst either."""
    from indicators.compare import ranking_frame
    from indicators.select import judged_direction

    ind = cat.indicator("wwb_uittot")
    assert judged_direction(ind) == "neutral" and judged_direction(cat.indicator("overgewicht")) == "higher_is_worse"
    frame = ranking_frame(obs, buurten, ind, year=max(ind.years), age="18plus", level="buurt")
    values = frame["value"].dropna()
    assert values.iloc[0] == values.max() and frame["rank"].iloc[0] == 1


@pytest.mark.parametrize("n", [0, 1, 2, 3, 9, 10, 11, 44])
def test_no_area_is_both_best_and_worst(n):
    """Wassenaar has two wijken: each headed both the best and the worst list. The lists share out fewer than ten
    areas (the first gets the odd one), hold at most five each, and together list every ranked area up to ten."""
    frame = pd.DataFrame({"code": [f"WK{i:06d}" for i in range(n + 1)], "name": [f"Wijk {i}" for i in range(n + 1)],
                          "rank": [float(i + 1) for i in range(n)] + [math.nan]})  # one area without data
    best, worst = ranked(frame, first=True), ranked(frame, first=False)
    assert not set(best["code"]) & set(worst["code"])
    assert len(best) == min(5, (n + 1) // 2) and len(worst) == min(5, n // 2)
    assert list(best["rank"]) == sorted(best["rank"]) and list(worst["rank"]) == sorted(worst["rank"], reverse=True)
    if n:
        assert best["rank"].iloc[0] == 1 and (worst.empty or worst["rank"].iloc[0] == n)
