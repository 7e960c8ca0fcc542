"""The map's pure functions: classes and colours, legend, tooltip, payload."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from geo.boundaries import read_areas
from geo.choropleth import map_model
from geo.classify import MISSING_RGB, class_index, colours_for, gap_classes, legend_entries, value_classes
from geo.layers import polygon_records
from indicators.catalogue import catalogue
from indicators.observations import build_observations

cat = catalogue()


@pytest.fixture(scope="module")
def obs(mirror):
    return build_observations("GM0518")


@pytest.fixture(scope="module", params=["wijk", "buurt"])
def level_areas(request, mirror):
    return request.param, read_areas("GM0518", request.param)


def model(obs, areas, level, lang="nl", indicator="ervaren_gezondheid_goed_zeer_goed", mode="value",
          method="quantiles", year=2020):
    return map_model(obs, areas, polygon_records(areas), cat, cat.indicator(indicator), level=level, year=year,
                     age="18plus", mode=mode, method=method, lang=lang, city_name="Den Haag")


def test_missing_values_are_grey_and_never_classed():
    values = pd.Series([60.0, math.nan, 80.0])
    classes = value_classes(values, "quantiles", "higher_is_worse", k=2)
    assert math.isnan(class_index(values, classes)[1])
    assert colours_for(values, classes)[1] == MISSING_RGB
    assert MISSING_RGB not in classes.colours


@pytest.mark.parametrize("k", [2, 3, 5])
def test_quantile_bounds_are_mapclassifys(obs, k):
    """The default path computes quantiles with numpy (no scipy import at cold start): same bins as mapclassify."""
    import mapclassify

    values = obs.loc[(obs["indicator"] == "overgewicht") & (obs["year"] == 2020), "value"].dropna()
    assert len(values) > 20
    expected = sorted(dict.fromkeys(float(b) for b in mapclassify.Quantiles(values.to_numpy(), k=k).bins))
    assert list(value_classes(values, "quantiles", "higher_is_worse", k=k).bounds) == pytest.approx(expected)


def test_direction_decides_which_end_is_dark():
    values = pd.Series([50.0, 60.0, 70.0, 80.0, 90.0])
    worse_high = colours_for(values, value_classes(values, "quantiles", "higher_is_worse"))
    better_high = colours_for(values, value_classes(values, "quantiles", "higher_is_better"))
    darkness = lambda rgb: -sum(rgb)  # noqa: E731
    assert darkness(worse_high[-1]) > darkness(worse_high[0])  # overgewicht: highest value darkest
    assert darkness(better_high[0]) > darkness(better_high[-1])  # ervaren gezondheid: lowest value darkest


def test_fixed_thresholds_hold_across_years(obs, level_areas):
    level, areas = level_areas
    bounds = {year: model(obs, areas, level, method="fixed", year=year).classes.bounds[:4] for year in (2012, 2020)}
    assert bounds[2012] == bounds[2020] == tuple(cat.indicator("ervaren_gezondheid_goed_zeer_goed").thresholds)


def test_gap_scale_is_diverging_and_direction_aware():
    gaps = pd.Series([-8.0, -2.0, 0.0, 2.0, 8.0])
    worse = colours_for(gaps, gap_classes("percent", 50, "higher_is_worse", gaps))
    better = colours_for(gaps, gap_classes("percent", 50, "higher_is_better", gaps))
    reddish = lambda rgb: rgb[0] > rgb[2]  # noqa: E731
    assert reddish(worse[-1]) and not reddish(worse[0])  # above the city is worse: red
    assert reddish(better[0]) and not reddish(better[-1])  # below the city is worse: red
    assert worse[2] == better[2]  # 0 sits in the neutral middle class


def test_legend_labels_follow_the_language():
    classes = value_classes(pd.Series([60.26, 70.0, 80.5]), "fixed", "higher_is_better", thresholds=[70.5, 75.0])
    nl = [label for _, label in legend_entries(classes, "percent", "nl")]
    en = [label for _, label in legend_entries(classes, "percent", "en")]
    assert nl[1] == "70,5% – 75%" and en[1] == "70.5% – 75%"
    assert nl[-1] == "geen gegevens" and en[-1] == "no data"


def test_tooltip_for_moerwijk(obs, mirror):
    wijken = read_areas("GM0518", "wijk")
    for lang, expected in (("nl", ["Ervaren gezondheid goed of zeer goed: 67,0%", "Den Haag: 75,3%",
                                   "Nederland: 78,4%", "−8,3 %-punt", "van 44 wijken", "2020 · 50090NED"]),
                           ("en", ["Self-rated health good or very good: 67.0%", "Netherlands: 78.4%",
                                   "−8.3 percentage points", "of 44 districts"])):
        frame = model(obs, wijken, "wijk", lang=lang).frame
        tip = frame.set_index("code").loc["WK051836", "tooltip"]
        for part in expected:
            assert part.replace("44", str(frame["rank"].notna().sum())) in tip, (lang, part, tip)


def test_suppressed_area_says_so(obs, mirror):
    wijken = read_areas("GM0518", "wijk")
    frame = model(obs, wijken, "wijk").frame.set_index("code")
    assert frame.loc["WK051801", "status"] == "suppressed"
    assert "geen gegevens" in frame.loc["WK051801", "tooltip"]
    assert math.isnan(frame.loc["WK051801", "value"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_area_written_below_5_has_no_place_on_the_map(obs, mirror, lang):
    """Oostduinen had 0 inhabitants in 2024: its tooltip, its row of the table and its row of the map's file read
    '<5' and no place ('44e van 44 wijken' told what '<5' hides); the other wijken keep '… of 44'."""
    from exports.indicator_tables import map_export
    from texts.i18n import t
    from views.kaart_panels import display_frame

    ind = cat.indicator("aant_inw")
    frame = model(obs, read_areas("GM0518", "wijk"), "wijk", lang=lang, indicator=ind.id, year=2024).frame
    tip = frame.set_index("code").loc["WK051801", "tooltip"]
    assert f"{ind.label.get(lang)}: <5" in tip and t("rank_small", lang) in tip
    assert t("rank_of", lang, rank="", n=44, areas="").strip() not in tip, tip
    table = display_frame(frame, ind, "wijk", 2024, lang).set_index(t("col_code", lang))
    assert table.loc["WK051801", t("col_rank", lang)] == t("rank_small", lang)
    assert table[t("col_rank", lang)].str.contains(t("level_plural_wijk", lang)).sum() == 43
    places = frame.set_index("code")["rank"]
    assert math.isnan(places["WK051801"]) and places.drop("WK051801").max() == 43  # the others: as before
    export = map_export(frame, ind, cat, "wijk", 2024, "18plus", lang).set_index(t("exp_col_area_code", lang))
    assert pd.isna(export.loc["WK051801", t("exp_col_rank", lang)])
    assert pd.isna(export.loc["WK051801", t("exp_col_value", lang)])


def test_payload_is_compact(obs, level_areas):
    level, areas = level_areas
    payload = len(model(obs, areas, level).deck.to_json().encode())
    assert payload <= 120_000, payload
    spec = json.loads(model(obs, areas, level).deck.to_json())
    assert "mapStyle" not in spec or spec["mapStyle"] in (None, "__MAP_STYLE__")  # no basemap by default
