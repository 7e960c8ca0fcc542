"""A figure is shown with the decimals its source publishes, no more (indicators.catalogue.Indicator.decimals):
CBS's key figures of 2015 give whole percentages, which the pages showed as '12,0%'; RIVM's 2020 percentages keep
their decimal. One rule, on the map (tooltip and legend), /profiel, /vergelijk, /trends and in the downloads."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from charts.spine import spine_table
from charts.trend import trend_figure, trend_frame, trend_table
from geo.boundaries import read_areas
from geo.choropleth import map_model
from indicators.catalogue import catalogue
from indicators.compare import comparison_frame, comparison_table
from indicators.describe import value_text
from indicators.observations import build_observations
from indicators.profile import spine_data

cat = catalogue()
MOERWIJK = "WK051836"
KWB_2015 = "p_65_eo_jr"  # 65-plussers (%), 83220NED: Moerwijk 12, Den Haag 14
RIVM_2020 = "ervaren_gezondheid_goed_zeer_goed"  # 50090NED: Moerwijk 67.0, Den Haag 75.3
DECIMAL = {"nl": ",", "en": "."}


@pytest.fixture(scope="module")
def tidy(mirror) -> pd.DataFrame:
    return build_observations("GM0518")


@pytest.fixture(scope="module")
def wijken(mirror):
    return read_areas("GM0518", "wijk")


def test_the_declared_decimals_are_the_datas(tidy):
    """The catalogue's `decimals: 0` where, and only where, a source's figures of a year are whole in every area
    (KWB 2015's percentages, KWB 2019's net labour participation, WOZ value and Wmo clients per 1,000; counts)."""
    figures = tidy[tidy["value"].notna()]
    wrong = []
    for (iid, table, year), values in figures.groupby(["indicator", "source", "year"])["value"]:
        whole = bool((values == values.round()).all())
        if whole != (cat.indicator(iid).decimals(int(year)) == 0):
            wrong.append(f"{iid} {table} {year}: whole {whole}, shown with {cat.indicator(iid).decimals(int(year))}")
    assert not wrong, wrong


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_2015_key_figure_percentage_reads_whole_and_a_2020_health_one_keeps_its_decimal(lang):
    assert value_text(25.0, cat.indicator(KWB_2015), "wijk", lang, 2015) == "25%"
    assert value_text(25.0, cat.indicator(RIVM_2020), "wijk", lang, 2020) == f"25{DECIMAL[lang]}0%"
    assert value_text(25.0, cat.indicator(RIVM_2020), "wijk", lang, pd.NA) == f"25{DECIMAL[lang]}0%"  # no year


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_maps_tooltip_and_legend(tidy, wijken, lang):
    for iid, year, moerwijk in ((KWB_2015, 2015, "12%"), (RIVM_2020, 2020, f"67{DECIMAL[lang]}0%")):
        ind = cat.indicator(iid)
        model = map_model(tidy, wijken, [], cat, ind, level="wijk", year=year, age="18plus", mode="value",
                          method="quantiles", lang=lang, city_name="Den Haag")
        tip = model.frame.set_index("code").at[MOERWIJK, "tooltip"]
        assert tip.split("\n")[0].endswith(f": {moerwijk}"), tip
        labels = " ".join(label for _, label in model.legend)
        assert bool(re.search(r"\d[.,]\d%", labels)) == (year == 2020), labels
    gap = map_model(tidy, wijken, [], cat, cat.indicator(KWB_2015), level="wijk", year=2015, age="18plus",
                    mode="gap_city", method="quantiles", lang=lang, city_name="Den Haag")
    tip = gap.frame.set_index("code").at[MOERWIJK, "tooltip"]
    assert f"−2{DECIMAL[lang]}0" not in tip and "−2" in tip, tip  # 12 against 14: two points, not 2.0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_profile_comparison_and_trend_tables(tidy, wijken, lang):
    spine = spine_data(tidy, cat, MOERWIJK, list(wijken["code"]), "18plus", "GM0518", [KWB_2015, RIVM_2020])
    table = spine_table(spine, cat, lang, "Moerwijk", "Den Haag").set_index(spine_table(
        spine, cat, lang, "Moerwijk", "Den Haag").columns[1])
    assert list(table.loc[cat.indicator(KWB_2015).label.get(lang), ["Moerwijk", "Den Haag"]]) == ["12%", "14%"]
    assert table.at[cat.indicator(RIVM_2020).label.get(lang), "Moerwijk"] == f"67{DECIMAL[lang]}0%"

    lookup = pd.DataFrame(wijken[["code", "name"]]).assign(level="wijk")
    comp = comparison_frame(tidy, cat, [KWB_2015, RIVM_2020], [MOERWIJK], lookup, year=2020, age="18plus",
                            lang=lang)
    shown = comparison_table(comp, cat, lang, {KWB_2015: "kwb", RIVM_2020: "rivm"}).iloc[0]
    assert (shown["kwb"], shown["rivm"]) == ("12%", f"67{DECIMAL[lang]}0%")

    trend = trend_table(trend_frame(tidy, cat.indicator(KWB_2015), [MOERWIJK], "18plus", "GM0518", {}),
                        cat.indicator(KWB_2015), lang)
    assert trend.set_index(trend.columns[1]).at[MOERWIJK, "2015"] == "12%"


def test_the_trend_axis_of_whole_figures_has_whole_ticks(tidy):
    """Moerwijk's 12% beside the city's 14% (KWB 2015) had ticks at 12.5 and 13.5; RIVM's keep plotly's own."""
    for iid, whole in ((KWB_2015, True), (RIVM_2020, False)):
        ind = cat.indicator(iid)
        axis = trend_figure(trend_frame(tidy, ind, [MOERWIJK], "18plus", "GM0518", {}), ind, "nl").layout.yaxis
        assert (axis.tickformat == ",d" and axis.dtick == 1) == whole, iid
