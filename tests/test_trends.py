"""Trend frames and figures (charts.trend): real series from the mirror, and gaps that stay gaps (never zero)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from charts.trend import (empty_series, multiples_table, no_figures_line, one_year_note, small_multiples, trend_figure,
                          trend_frame, trend_table, years_with_data)
from indicators.catalogue import catalogue
from indicators.describe import shown_sources
from texts.i18n import t

GM = "GM0518"
NAMES = {GM: "Den Haag", "WK051836": "Moerwijk", "WK051838": "Laakkwartier en Spoorwijk",
         "BU05183620": "Moerwijk-Oost", "NL01": "Nederland"}


@pytest.fixture(scope="module")
def tidy(mirror):
    from indicators.observations import build_observations
    return build_observations(GM)


def test_one_indicator_for_areas_city_and_nl(tidy):
    ind = catalogue().indicator("ervaren_gezondheid_goed_zeer_goed")
    frame = trend_frame(tidy, ind, ["WK051836", "WK051838"], "18plus", GM, NAMES)
    assert list(dict.fromkeys(frame["area_code"])) == ["WK051836", "WK051838", GM, "NL01"]
    assert list(dict.fromkeys(frame["kind"])) == ["area", "gemeente", "nl"]
    assert sorted(frame["year"].unique()) == [2012, 2016, 2020]
    moerwijk = frame[frame["area_code"] == "WK051836"].set_index("year")["value"]
    assert moerwijk.to_dict() == {2012: 60.5, 2016: 58.6, 2020: 67.0}
    city = frame[frame["area_code"] == GM].set_index("year")["value"]
    assert city.to_dict() == {2012: 71.4, 2016: 70.5, 2020: 75.3}
    fig = trend_figure(frame, ind, "nl", [2012, 2016, 2020])
    assert [tr.name for tr in fig.data] == ["Moerwijk", "Laakkwartier en Spoorwijk", "Den Haag", "Nederland"]
    assert all(tr.connectgaps is False for tr in fig.data)
    assert list(fig.layout.xaxis.tickvals) == [2012, 2016, 2020]
    # a value axis groups thousands as the table does (7.240, not 7240); the years' axis does not (2019, not 2.019)
    assert fig.layout.yaxis.separatethousands is True and not fig.layout.xaxis.separatethousands


def test_city_only_when_no_areas_are_chosen(tidy):
    frame = trend_frame(tidy, catalogue().indicator("roker"), [], "18plus", GM, NAMES)
    assert set(frame["kind"]) == {"gemeente", "nl"}
    frame = trend_frame(tidy, catalogue().indicator("roker"), [GM], "18plus", GM, NAMES)  # GM0518 is the city line
    assert list(frame["area_code"]).count(GM) == 3


def test_65plus_has_only_2020(tidy):
    frame = trend_frame(tidy, catalogue().indicator("eenzaam"), ["WK051836"], "65plus", GM, NAMES)
    assert set(frame["year"]) == {2020} and set(frame["age"]) == {"65plus"}
    assert years_with_data(frame) == [2020]


def test_an_age_group_without_rows_is_missing_everywhere_not_an_error(tidy):
    """RIVM figures have no 'all ages' year: no points, and the frame keeps its columns (a selection by an empty
    list of rows once selected no columns instead, and the function failed on them)."""
    frame = trend_frame(tidy, catalogue().indicator("overgewicht"), ["WK051836"], "all", GM, NAMES)
    assert frame.empty and "value" in frame.columns and years_with_data(frame) == []


def test_kwb_years_and_a_missing_buurt_year_is_a_gap(tidy):
    ind = catalogue().indicator("aant_inw")
    frame = trend_frame(tidy, ind, ["BU05183620"], "18plus", GM, NAMES)
    buurt = frame[frame["area_code"] == "BU05183620"].set_index("year")
    assert list(buurt.index) == [2015, 2019, 2024] and set(buurt["age"]) == {"all"}
    assert not math.isnan(buurt.loc[2019, "value"]) and math.isnan(buurt.loc[2024, "value"])
    assert buurt.loc[2024, "status"] == "no_row"
    # the missing year names the table that lacks it (the download's source column was empty there)
    assert list(buurt["source"]) == ["83220NED", "84583NED", "85984NED"]
    table = trend_table(frame, ind, "nl")
    assert table.loc[table["Code"] == "BU05183620", "2024"].item() == "geen gegevens"


def _made_up(values: dict[int, float | None], status_2016: str = "suppressed") -> pd.DataFrame:
    """Made-up numbers: one wijk, the city and NL; the wijk's 2016 value is missing."""
    rows = []
    for year, value in values.items():
        for code, level, v in (("WK000001", "wijk", value), ("GM0000", "gemeente", 30.0), ("NL01", "nl", 25.0)):
            missing = v is None
            rows.append({"area_code": code, "level": level, "indicator": "roker", "year": year, "age": "18plus",
                         "value": math.nan if missing else v, "status": status_2016 if missing else "ok",
                         "source": "50090NED"})
    return pd.DataFrame(rows)


def test_a_year_without_data_is_a_gap_not_zero():
    ind = catalogue().indicator("roker")
    tidy = _made_up({2012: 40.0, 2016: None, 2020: 35.0})
    frame = trend_frame(tidy, ind, ["WK000001"], "18plus", "GM0000", {"WK000001": "Wijk"})
    wijk = frame[frame["area_code"] == "WK000001"].set_index("year")
    assert math.isnan(wijk.loc[2016, "value"]) and wijk.loc[2016, "status"] == "suppressed"
    trace = trend_figure(frame, ind, "en").data[0]
    ys = list(trace.y)
    assert ys[0] == 40.0 and ys[2] == 35.0 and math.isnan(ys[1])  # NaN, not 0: plotly breaks the line
    assert trace.connectgaps is False and 0 not in ys
    table = trend_table(frame, ind, "en")
    assert table.loc[0, "2016"].startswith("no data") and table.loc[0, "2012"] == "40.0%"


def test_an_area_without_rows_has_nan_everywhere():
    ind = catalogue().indicator("roker")
    frame = trend_frame(_made_up({2012: 40.0, 2016: 41.0, 2020: 35.0}), ind, ["WK000009"], "18plus", "GM0000", {})
    missing = frame[frame["area_code"] == "WK000009"]
    assert missing["value"].isna().all() and set(missing["status"]) == {"no_row"}
    assert missing["name"].iloc[0] == "WK000009"
    assert set(missing["source"]) == {"50090NED"}, "each missing year names its table"


def test_small_multiples_share_one_legend(tidy):
    cat = catalogue()
    ids = ["overgewicht", "roker", "eenzaam", "moeite_met_rondkomen"]
    frames = {i: trend_frame(tidy, cat.indicator(i), ["WK051836"], "18plus", GM, NAMES) for i in ids}
    fig = small_multiples(frames, cat, "nl")
    assert len(fig.data) == 3 * len(ids)  # Moerwijk, Den Haag, NL per panel
    assert sum(bool(tr.showlegend) for tr in fig.data) == 3
    axes = fig.layout.to_plotly_json()
    assert all(axes[a].get("separatethousands") is True for a in axes if a.startswith("yaxis"))
    assert not any(axes[a].get("separatethousands") for a in axes if a.startswith("xaxis"))
    assert [a.text for a in fig.layout.annotations] == [cat.indicator(i).label.get("nl") for i in ids]
    table = multiples_table(frames, cat, "nl")
    assert len(table) == 3 * len(ids) and "Indicator" in table.columns


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_multiples_numbers_say_which_years_an_indicator_has_no_figure(tidy, lang):
    """The health monitor's overweight (2012, 2016, 2020) beside the CBS key figures' low incomes (2019) in one
    table: each says "no figure for this year" in the other's years, never a blank or a zero."""
    cat = catalogue()
    ids = ["overgewicht", "huishoudens_met_een_laag_inkomen"]
    frames = {i: trend_frame(tidy, cat.indicator(i), ["WK051836"], "18plus", GM, NAMES) for i in ids}
    table = multiples_table(frames, cat, lang)
    assert not table.isna().any().any() and not (table == "").any().any()
    rows = {i: table[table[t("indicator", lang)] == cat.indicator(i).label.get(lang)] for i in ids}
    gap = t("trend_no_figure_year", lang)
    assert (rows["overgewicht"]["2019"] == gap).all()
    assert (rows["huishoudens_met_een_laag_inkomen"]["2020"] == gap).all()
    assert not (rows["overgewicht"]["2020"] == gap).any()  # the years it has keep their figures


def test_source_lines_group_years_per_table_and_cite_only_figures_shown():
    rows = [("50090NED", 2012, 1.0), ("50090NED", 2020, 2.0), ("50090NED", 2012, 3.0), ("85984NED", 2024, 4.0),
            ("", 2019, 5.0), ("50090NED", 2016, math.nan), ("84583NED", 2019, math.nan)]
    text = shown_sources(catalogue(), pd.DataFrame(rows, columns=["source", "year", "value"]), "nl")
    assert "50090NED, 2012, 2020 (CC BY 4.0)" in text and "85984NED, 2024" in text and text.count("Bron") == 2
    assert "2016" not in text and "84583NED" not in text  # years and tables of 'no data' alone are not cited


@pytest.mark.parametrize("age", ["18plus", "65plus"])
def test_the_pages_rows_of_one_indicator_give_the_same_frame_as_the_whole_table(tidy, age):
    """views/trends reads `cache.observations_of` (one indicator's rows, kept per process) instead of the
    gemeente's whole table: for every indicator the frame is the same, Moerwijk's and a buurt's series included."""
    from ui.cache import observations_of

    cat = catalogue()
    codes = ["WK051836", "BU05183620"]
    for ind_id in cat.available_ids:
        ind = cat.indicator(ind_id)
        rows = observations_of(GM, [ind_id])
        assert set(rows["indicator"]) <= {ind_id}
        expected = trend_frame(tidy, ind, codes, age, GM, NAMES)
        pd.testing.assert_frame_equal(trend_frame(rows, ind, codes, age, GM, NAMES), expected, obj=ind_id)
    assert observations_of(GM, ["no_such_indicator"]).empty


def test_a_series_without_any_figure_is_named_with_why():
    """A chart draws no line for a series without a value in any year: the page names it, grouped by why."""
    ind = catalogue().indicator("roker")
    silent = _made_up({2012: None, 2016: None, 2020: None})
    tidy = pd.concat([_made_up({2012: 40.0, 2016: 41.0, 2020: 35.0}),
                      silent[silent["area_code"] == "WK000001"].assign(area_code="WK000002")])
    frame = trend_frame(tidy, ind, ["WK000001", "WK000002", "WK000009"], "18plus", "GM0000",
                        {"WK000002": "Stil", "WK000009": "Nergens"})
    assert empty_series(frame, ind) == [("Stil", "suppressed"), ("Nergens", "no_row")]
    assert empty_series(frame[frame["area_code"] == "WK000001"], ind) == []
    for lang in ("nl", "en"):
        assert no_figures_line(empty_series(frame, ind), lang) == (f"Stil — {t('status_suppressed', lang)}; "
                                                             f"Nergens — {t('status_no_row', lang)}")
    assert no_figures_line([("A", "suppressed"), ("B", "no_row"), ("C", "suppressed")], "en").startswith("A, C — ")


def test_a_small_count_of_people_is_written_but_never_drawn(tidy):
    """Tedingerbuurt's inhabitants (0 in 2015 and 2019) read '<5' in the hover and the table; the line is not drawn
    at 0 (its height would give the number away), and the page names it as not drawn. The city's count is drawn on
    its own; beside areas its total is left out (charts.trend.hides_totals) and the table keeps it."""
    ind = catalogue().indicator("aant_inw")
    frame = trend_frame(tidy, ind, ["BU05184209", "WK051836"], "18plus", GM,
                        {**NAMES, "BU05184209": "Tedingerbuurt"})
    small = frame[frame["area_code"] == "BU05184209"]
    assert (small["value"].dropna() < 5).all() and small["value"].notna().sum() >= 2  # the source has the numbers
    traces = {tr.name: tr for tr in trend_figure(frame, ind, "nl", ind.years).data}
    assert all(math.isnan(y) for y in traces["Tedingerbuurt"].y)
    assert [x for x in traces["Tedingerbuurt"].text if x != t("no_data", "nl")] == ["<5", "<5"]
    assert sum(not math.isnan(y) for y in traces["Moerwijk"].y) >= 2 and "Den Haag" not in traces
    city = trend_figure(trend_frame(tidy, ind, [], "18plus", GM, NAMES), ind, "nl", ind.years).data
    assert not math.isnan({tr.name: tr for tr in city}["Den Haag"].y[0])
    assert empty_series(frame, ind) == [("Tedingerbuurt", "small"), ("Nederland", "no_row")]  # KWB: no NL figure
    assert "<5" in trend_table(frame, ind, "nl").to_string()
    multiples = small_multiples({"aant_inw": frame[frame["area_code"] != "WK051836"]}, catalogue(), "nl")
    assert all(math.isnan(y) for tr in multiples.data if tr.name == "Tedingerbuurt" for y in tr.y)


# --- a count over few years: its message, its axis, its legend (Midden-Delfland's people on social assistance) ---

def _counts(values: dict[str, float]) -> pd.DataFrame:
    """Made-up KWB counts of 2015: one row per code (NaN = suppressed)."""
    return pd.DataFrame([{"area_code": code, "level": "buurt" if code.startswith("BU") else "gemeente",
                          "indicator": "wwb_uittot", "year": 2015, "age": "all", "value": value,
                          "status": "suppressed" if math.isnan(value) else "ok", "source": "83220NED"}
                         for code, value in values.items()])


@pytest.mark.parametrize("lang, phrase", [("en", "for this age group"), ("nl", "voor deze leeftijdsgroep")])
def test_one_year_of_a_figure_without_age_groups_names_no_age_group(lang, phrase):
    cat = catalogue()
    kwb, health = cat.indicator("wwb_uittot"), cat.indicator("eenzaam")
    assert phrase not in one_year_note(kwb, [2015], lang) and "2015" in one_year_note(kwb, [2015], lang)
    assert phrase in one_year_note(health, [2020], lang) and "2020" in one_year_note(health, [2020], lang)


def _ticks(axis) -> list[float]:
    """The tick values plotly draws on a linear axis with a fixed range and step."""
    low, high = axis.range
    first = math.ceil((low - (axis.tick0 or 0)) / axis.dtick) * axis.dtick + (axis.tick0 or 0)
    return [first + n * axis.dtick for n in range(int((high - first) // axis.dtick) + 1)]


def test_a_counts_axis_has_whole_ticks():
    """One count of 20 people: plotly's own axis read 19, 19.5, 20, 20.5, 21."""
    ind = catalogue().indicator("wwb_uittot")
    frame = trend_frame(_counts({"BU00000001": 20.0, "BU00000002": 3.0}), ind, ["BU00000001", "BU00000002"],
                        "18plus", "GM0000", {})
    axis = trend_figure(frame, ind, "en", [2015, 2019]).layout.yaxis
    assert axis.tickformat == ",d" and axis.dtick == 1 and list(axis.range) == [19, 21]
    assert all(float(v).is_integer() for v in _ticks(axis)) and 20 in _ticks(axis)
    wide = trend_frame(_counts({"BU00000001": 20.0, "BU00000002": 400.0}), ind, ["BU00000001", "BU00000002"],
                       "18plus", "GM0000", {})
    axis = trend_figure(wide, ind, "en", [2015, 2019]).layout.yaxis
    assert axis.tickformat == ",d" and axis.dtick is None and axis.range is None  # plotly's own whole steps
    share = catalogue().indicator("roker")
    axis = trend_figure(trend_frame(_made_up({2012: 40.0, 2016: 40.2}), share, ["WK000001"], "18plus", "GM0000", {}),
                        share, "en").layout.yaxis
    assert axis.tickformat is None and axis.dtick is None  # a percentage keeps its decimals
    multiples = small_multiples({"wwb_uittot": frame}, catalogue(), "en").layout.yaxis
    assert multiples.tickformat == ",d" and multiples.dtick == 1


def test_the_legend_lists_only_series_with_a_point():
    """A buurt without any figure ('<5' not drawn, or suppressed) drew no line but stood in the legend; the page
    names it below the chart (empty_series)."""
    ind = catalogue().indicator("wwb_uittot")
    frame = trend_frame(_counts({"BU00000001": 20.0, "BU00000002": 3.0, "BU00000003": math.nan}), ind,
                        ["BU00000001", "BU00000002", "BU00000003"], "18plus", "GM0000",
                        {"BU00000001": "Een", "BU00000002": "Twee", "BU00000003": "Drie"})
    legend = [tr.name for tr in trend_figure(frame, ind, "en").data if tr.showlegend]
    assert legend == ["Een"]
    assert empty_series(frame, ind)[:2] == [("Twee", "small"), ("Drie", "suppressed")]
    share = catalogue().indicator("roker")
    silent = _made_up({2012: None, 2016: None})
    frames = {"roker": trend_frame(silent, share, ["WK000001"], "18plus", "GM0000", {"WK000001": "Wijk"}),
              "overgewicht": trend_frame(_made_up({2012: 40.0, 2016: 41.0}).assign(indicator="overgewicht"),
                                         catalogue().indicator("overgewicht"), ["WK000001"], "18plus", "GM0000",
                                         {"WK000001": "Wijk"})}
    shown = {tr.name: tr for tr in small_multiples(frames, catalogue(), "en").data if tr.showlegend}
    assert sorted(shown) == ["GM0000", "NL01", "Wijk"]  # each series once in the legend,
    assert not all(math.isnan(y) for y in shown["Wijk"].y)  # the area's from the panel where it has points
