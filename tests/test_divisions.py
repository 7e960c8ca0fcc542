"""A gemeente that redrew its wijken (indicators.divisions), on the real data: Rijswijk (GM0603) had 9 wijken in CBS's
key figures of 2015 and 11 in those of 2024 and in the health monitor of 2012–2020, and kept codes for other areas
(WK060303: 5,945 inhabitants in 2015, 370 in 2024). /trends' lines break between two divisions and say why;
/vergelijk's table says so in the rows that put figures of two divisions side by side, and its gradient leaves such
pairs out. Den Haag and the gemeenten that kept their division see nothing of it."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from charts.trend import redrawn_note, small_multiples, trend_figure, trend_frame
from indicators.catalogue import catalogue
from indicators.compare import (comparison_frame, comparison_table, correlation, gradient, gradient_note,
                                redrawn_line, with_values)
from indicators.describe import other_division_text
from indicators.divisions import division_sizes, divisions_of, other_divisions, redrawn_steps
from indicators.select import OTHER_DIVISION, area_values, figures_present, slice_obs, years_with_values
from texts.i18n import t

AND = {"nl": "en", "en": "and"}  # the last two years of a list: "2020 en 2024"
RIJSWIJK, DEN_HAAG = "GM0603", "GM0518"
WIJK_03, MOERWIJK = "WK060303", "WK051836"
KEPT = ["GM0518", "GM0629", "GM0637", "GM1842", "GM0503"]  # Den Haag, Wassenaar, Zoetermeer, Midden-Delfland,
# Delft (its 91 buurten of 2015, of which the health monitor lacks one): one division
CITY = {RIJSWIJK: "Rijswijk", DEN_HAAG: "Den Haag"}
COMPARED = {RIJSWIJK: [WIJK_03, "WK060301"], DEN_HAAG: [MOERWIJK, "WK051838"]}
# a health monitor figure (2020: Rijswijk's later division) beside a key figure only CBS's 2015 has (its first one)
MIXED = ["ervaren_gezondheid_goed_zeer_goed", "p_65_eo_jr"]


@pytest.fixture(scope="module")
def tidy(mirror):
    from indicators.observations import build_observations
    return {gm: build_observations(gm) for gm in {RIJSWIJK, "GM0503", *KEPT}}


def segments(trace) -> list[tuple[int, int]]:
    """The (year, year) of each line segment a trace draws: two consecutive points that both have a value."""
    points = list(zip(trace.x, trace.y))
    return [(int(x0), int(x1)) for (x0, y0), (x1, y1) in zip(points, points[1:])
            if not (y0 is None or math.isnan(y0) or y1 is None or math.isnan(y1))]


# --- the rule --------------------------------------------------------------------------------------------------------

def test_rijswijks_wijken_of_2015_are_another_division_than_of_2016_to_2024(tidy):
    divs = divisions_of(tidy[RIJSWIJK])
    assert division_sizes(divs, WIJK_03, (2015, 2024)) == (9, 11)
    assert division_sizes(divs, WIJK_03, (2015, 2020)) == (9, 11)
    # the health monitor publishes 2012–2020 on one later division, the one of the key figures of 2024
    assert [division_sizes(divs, WIJK_03, pair) for pair in ((2012, 2016), (2016, 2020), (2020, 2024))] == [None] * 3
    assert division_sizes(divs, "BU06030111", (2015, 2020)) == (32, 32)  # the buurten too: as many, other codes
    assert division_sizes(divs, RIJSWIJK, (2015, 2024)) is None  # the gemeente is one area in every year
    assert division_sizes(divs, WIJK_03, (2019, 2024)) is None  # no rows of 2019 here: nothing to say
    assert redrawn_steps(divs, WIJK_03, [2024, 2012, 2015, 2020, 2016]) == [(2012, 2015), (2015, 2016)]


@pytest.mark.parametrize("gemeente", KEPT)
def test_a_gemeente_that_kept_its_division_has_no_redrawn_years(tidy, gemeente):
    frame = tidy[gemeente]
    divs = divisions_of(frame)
    years = sorted(frame["year"].unique())
    for code in frame.loc[frame["level"].isin(["wijk", "buurt"]), "area_code"].str[:6].unique():
        assert redrawn_steps(divs, f"{code}01", years) == [], code


# --- /trends ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("indicator", ["aant_inw", "bev_dichth"])
def test_a_rijswijk_wijks_line_breaks_between_its_2015_and_its_2024_area(tidy, indicator):
    """The key figures of 2015 and 2024 are the only figures of one indicator in two of Rijswijk's divisions (the
    health monitor's are all on one; its buurten have no key figures after 2015). Rijswijk has no key figures of 2019
    in the mirror, so a missing year lies between the two points; the line breaks also without it."""
    ind = catalogue().indicator(indicator)
    frame = trend_frame(tidy[RIJSWIJK], ind, [WIJK_03], "18plus", RIJSWIJK, {WIJK_03: "Wijk 03"})
    wijk = frame[frame["area_code"] == WIJK_03].set_index("year")
    assert wijk["value"].notna().tolist() == [True, False, True]  # 2015, 2019, 2024: each a fact of its year
    assert wijk["redrawn_after"].tolist()[2] == 2015 and wijk["redrawn_after"].isna().tolist()[:2] == [True, True]
    for shown in (frame, frame[frame["year"] != 2019]):  # with the missing year between, and without
        trace = next(tr for tr in trend_figure(shown, ind, "nl").data if tr.name == "Wijk 03")
        assert (2015, 2024) not in segments(trace)
        assert sorted({int(x) for x in trace.x}) == sorted(shown["year"].unique())
        assert [round(y) for y in trace.y if not math.isnan(y)] == [round(wijk.at[2015, "value"]),
                                                                     round(wijk.at[2024, "value"])]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_note_names_the_gemeente_and_the_years(tidy, lang):
    cat = catalogue()
    frames = {i: trend_frame(tidy[RIJSWIJK], cat.indicator(i), [WIJK_03], "18plus", RIJSWIJK, {})
              for i in ("aant_inw", "roker", "bev_dichth")}
    expected = t("trend_redrawn_wijk", lang, city="Rijswijk", early=2015, late=2024)
    assert redrawn_note([frames["aant_inw"]], "Rijswijk", lang) == expected
    assert redrawn_note(frames.values(), "Rijswijk", lang) == expected  # the small multiples: once
    assert redrawn_note([frames["roker"]], "Rijswijk", lang) == ""  # the health monitor: one division
    assert "Rijswijk" in expected and "2015" in expected and "2024" in expected


def test_the_small_multiples_break_the_line_too(tidy):
    cat = catalogue()
    frames = {i: trend_frame(tidy[RIJSWIJK], cat.indicator(i), [WIJK_03], "18plus", RIJSWIJK, {})
              for i in ("aant_inw", "bev_dichth")}
    frames = {i: frame[frame["year"] != 2019] for i, frame in frames.items()}  # no missing year between
    wijk = [tr for tr in small_multiples(frames, cat, "nl").data if tr.name == WIJK_03]
    assert len(wijk) == 2 and all((2015, 2024) not in segments(tr) for tr in wijk)


@pytest.mark.parametrize("gemeente, code", [(DEN_HAAG, MOERWIJK), ("GM0629", "WK062901")])
def test_a_gemeente_that_kept_its_wijken_keeps_its_lines_whole(tidy, gemeente, code):
    cat = catalogue()
    for indicator in ("aant_inw", "roker"):
        ind = cat.indicator(indicator)
        frame = trend_frame(tidy[gemeente], ind, [code], "18plus", gemeente, {code: "Wijk"})
        assert frame["redrawn_after"].isna().all() and redrawn_note([frame], "X", "nl") == ""
        trace = next(tr for tr in trend_figure(frame, ind, "nl").data if tr.name == "Wijk")
        assert list(trace.x) == list(frame.loc[frame["area_code"] == code, "year"])  # no point added
    moerwijk = trend_figure(trend_frame(tidy[DEN_HAAG], cat.indicator("aant_inw"), [MOERWIJK], "18plus", DEN_HAAG,
                                        {MOERWIJK: "Moerwijk"}), cat.indicator("aant_inw"), "nl").data[0]
    assert segments(moerwijk) == [(2015, 2019), (2019, 2024)]


# --- /vergelijk ------------------------------------------------------------------------------------------------------

def _comparison(tidy, gemeente: str, lang: str, year: int = 2020, indicators=MIXED) -> pd.DataFrame:
    from geo.boundaries import read_areas

    lookup = pd.concat([read_areas(gemeente, lv)[["code", "name", "level"]] for lv in ("wijk", "buurt")])
    return comparison_frame(tidy[gemeente], catalogue(), indicators, COMPARED[gemeente], lookup, year=year,
                            age="18plus", lang=lang, gemeente=gemeente, city_name=CITY[gemeente])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_comparison_shows_no_figure_of_another_division_than_the_boundaries(tidy, lang):
    """Rijswijk's Wijk 03 beside Wijk 01: the health monitor's figures of 2020 (of the later wijken under these
    codes) showed as theirs, beside inhabitants of 2024 (370: the later Wijk 03), without a note. Now the health
    figures have none (status other_division; the city's and NL's stay), and inhabitants are read in 2015, the
    boundaries' year, rather than in the nearer 2024."""
    comp = _comparison(tidy, RIJSWIJK, lang, indicators=[MIXED[0], "aant_inw", "p_65_eo_jr"])
    areas = comp[comp["kind"] == "area"].set_index(["indicator", "area_code"])
    health = areas.loc[MIXED[0]]
    assert health["value"].isna().all() and set(health["status"]) == {OTHER_DIVISION} and set(health["year"]) == {2020}
    assert comp.loc[(comp["indicator"] == MIXED[0]) & (comp["kind"] != "area"), "value"].notna().sum() == 2
    inhabitants = areas.loc["aant_inw"]
    assert set(inhabitants["year"]) == {2015} and inhabitants.at[WIJK_03, "value"] == 5945
    assert areas.loc["p_65_eo_jr", "value"].notna().all() and redrawn_line(comp) == ""
    table = comparison_table(comp, catalogue(), lang, {i: i for i in comp["indicator"].unique()})
    assert table[MIXED[0]].tolist()[:2] == [t("cmp_status_other_division", lang)] * 2  # Wijk 03, Wijk 01


@pytest.mark.parametrize("year", [2016, 2020])
def test_den_haags_comparison_of_two_years_has_no_note(tidy, year):
    comp = _comparison(tidy, DEN_HAAG, "nl", year, [*MIXED, "aant_inw"])
    assert len(set(comp["year"])) >= 2 and (comp["note"] == "").all() and redrawn_line(comp) == ""


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_gradient_leaves_out_pairs_of_two_divisions(tidy, lang):
    """The gradient reads x and y each in its year nearest the view's: inhabitants of 2015 against smokers of 2016
    paired Rijswijk's 2015 areas with its later ones. No pair is drawn or correlated; the figures stay in the frame
    (the download) where they are of the boundaries' areas (2015's). Den Haag's pairs of 2015 and 2016 are of one
    area each: all kept."""
    from geo.boundaries import read_areas

    cat = catalogue()
    x, y = cat.indicator("aant_inw"), cat.indicator("roker")
    g = gradient(tidy[RIJSWIJK], read_areas(RIJSWIJK, "wijk"), x, y, year=2016, age="18plus")
    assert (g.x_year, g.y_year, g.redrawn) == (2015, 2016, (9, 11))
    # the boundaries are of 2015: its figures stay in the frame (the download), those of 2016 are of other areas
    assert g.frame["x"].notna().all() and g.frame["y"].isna().all() and set(g.frame["y_status"]) == {OTHER_DIVISION}
    assert g.pairs[["x", "y"]].isna().all().all()
    assert correlation(g.pairs["x"], g.pairs["y"]).n == 0
    assert gradient_note(g, "wijk", "Rijswijk", 2015, lang) == t("cmp_gradient_redrawn_wijk", lang, city="Rijswijk",
                                                           x_year=2015, y_year=2016)
    kept = gradient(tidy[DEN_HAAG], read_areas(DEN_HAAG, "wijk"), x, y, year=2016, age="18plus")
    assert kept.redrawn is None and kept.pairs is kept.frame and correlation(kept.frame["x"], kept.frame["y"]).n > 40
    assert gradient_note(kept, "wijk", "Den Haag", 2015, lang) == t("cmp_years_differ", lang, x_year=2015, y_year=2016)


@pytest.mark.parametrize("gemeente, area, years", [(RIJSWIJK, WIJK_03, (2015, 2015)), (DEN_HAAG, MOERWIJK, (2015, 2024))])
def test_the_profiles_trend_stays_within_one_division(tidy, gemeente, area, years):
    """/profiel's spine gave Rijswijk's wijk 03 a trend in inhabitants from 2015 (5,945, the wijk of the boundaries)
    to 2024 (370, the wijk with its code in the later division): there is none now (2024's figure is not of this
    wijk: test_the_profile_leaves_out_figures_of_another_division_than_its_boundaries). Den Haag's Moerwijk keeps
    its trend from 2015."""
    from geo.boundaries import read_areas
    from indicators.profile import spine_data

    spread = list(read_areas(gemeente, "wijk")["code"])
    spine = spine_data(tidy[gemeente], catalogue(), area, spread, "18plus", gemeente, ["aant_inw", "roker"])
    row = spine.set_index("indicator").loc["aant_inw"]
    assert (row["trend_first_year"], row["trend_last_year"]) == years
    assert math.isnan(row["trend_change"]) == (gemeente == RIJSWIJK)
    if gemeente == DEN_HAAG:  # the health monitor's years: all in one division (Rijswijk's: not the boundaries')
        health = spine.set_index("indicator").loc["roker"]
        assert (health["trend_first_year"], health["trend_last_year"]) == (2012, 2020)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_gradient_of_two_years_of_another_division_than_the_boundaries_says_why_it_is_empty(tidy, lang):
    """Inhabitants of 2024 against smokers of 2020: one division (Rijswijk's later one), but not the boundaries'
    (2015's). Their pairs put the figures of other areas on the 2015 areas; now there are none, and the note says
    why instead of nothing."""
    from geo.boundaries import read_areas

    cat = catalogue()
    g = gradient(tidy[RIJSWIJK], read_areas(RIJSWIJK, "wijk"), cat.indicator("aant_inw"), cat.indicator("roker"),
                 year=2024, age="18plus")
    assert (g.x_year, g.y_year, g.redrawn) == (2024, 2020, None)
    assert correlation(g.pairs["x"], g.pairs["y"]).n == 0
    assert set(g.frame["x_status"]) == set(g.frame["y_status"]) == {OTHER_DIVISION}
    note = gradient_note(g, "wijk", "Rijswijk", 2015, lang)
    assert note == other_division_text("cmp_gradient_other_division", lang, city="Rijswijk", years=[2024, 2020],
                                       level="wijk", boundary_year=2015)
    assert "Rijswijk" in note and f"2020 {AND[lang]} 2024" in note and t("cmp_gradient_other_division", lang) in note

# --- the map's boundaries (2015's) against a year's figures: indicators.select.area_values ----------------------------

HEALTH = "ervaren_gezondheid_goed_zeer_goed"  # the health monitor: 2012, 2016 and 2020 on Rijswijk's later division


def _age(ind) -> str:
    return "all" if ind.ages == ["all"] else "18plus"


def _values(tidy, gemeente: str, indicator: str = HEALTH, year: int = 2020, level: str = "wijk") -> pd.DataFrame:
    from geo.boundaries import read_areas
    ind = catalogue().indicator(indicator)
    return area_values(tidy[gemeente], read_areas(gemeente, level), ind, year, _age(ind))


def test_a_year_divided_otherwise_than_the_boundaries_differs_from_them():
    kept = ["WK060301", "WK060302"]
    codes = [*kept, "WK060303", "GM0603"]
    divs = divisions_of(pd.DataFrame({"area_code": codes, "year": 2020, "source": "50090NED"}))
    assert other_divisions(divs, 2020, [*kept, "GM0603"]) == {"WK0603": (3, 2)}
    assert other_divisions(divs, 2020, [*kept, "WK060303"]) == {}
    assert other_divisions(divs, 2019, kept) == {}  # no rows of 2019: nothing to say
    # a year of the health monitor that lacks one of the boundaries' areas did not publish it: the same division
    # (Delft's BU05032701)
    assert other_divisions(divs, 2020, [*kept, "WK060303", "WK060304"]) == {}
    # key figures list every area: lacking one of the boundaries' is another division (Rijswijk's 9 wijken of 2015
    # against 11 of newer boundaries), which the rule before this one let through
    listed = divisions_of(pd.DataFrame({"area_code": codes, "year": 2015, "source": "83220NED"}))
    assert other_divisions(listed, 2015, [*kept, "WK060303", "WK060304"]) == {"WK0603": (3, 4)}
    assert other_divisions(listed, 2015, [*kept, "WK060303"]) == {}


@pytest.mark.parametrize(("early", "late", "differ"), [
    (("83220NED", ["BU01", "BU02"]), ("50090NED", ["BU01"]), False),  # the monitor left BU02 out (Delft)
    (("50090NED", ["BU01"]), ("83220NED", ["BU01", "BU02"]), False),
    (("83220NED", ["BU01"]), ("50090NED", ["BU01", "BU02"]), True),  # the key figures lack BU02: drawn later
    (("83220NED", ["BU01", "BU02"]), ("85984NED", ["BU01"]), True),  # key figures both: BU02 is gone
    (("50090NED", ["BU01", "BU02"]), ("50090NED", ["BU01", "BU03"]), True),  # each lacks one of the other's
    (("50090NED", ["BU01", "BU02"]), ("50090NED", ["BU01"]), False),
    (("83220NED", ["BU01", "BU02"]), ("85984NED", ["BU01", "BU02"]), False),
])
def test_two_years_are_two_divisions_when_a_listing_of_every_area_lacks_one(early, late, differ):
    """division_sizes reads an area missing from the health monitor as left out, and one missing from the key figures
    (which list every area) or from both sides as redrawn: before, any difference was a redrawing, and Delft's 91
    buurten of 2015 against the monitor's 90 broke its lines and noted a redrawing in /vergelijk's rows."""
    rows = [(f"BU0503{code[2:]}01", year, source) for year, (source, codes) in ((2015, early), (2020, late))
            for code in codes]
    divs = divisions_of(pd.DataFrame(rows, columns=["area_code", "year", "source"]))
    expected = (len(early[1]), len(late[1])) if differ else None
    assert division_sizes(divs, "BU05030101", (2015, 2020)) == expected
    assert division_sizes(divs, "BU05030101", (2020, 2015)) == (expected[::-1] if expected else None)


def test_delfts_buurten_keep_their_figures_where_the_health_monitor_lacks_one(tidy):
    """RIVM publishes no figure for one of Delft's 91 buurten of 2015 (BU05032701) and no buurt the boundaries lack:
    not another division, so the other 90 keep their figures and that one is missing as before (`no_row`)."""
    frame = _values(tidy, "GM0503", level="buurt").set_index("code")
    assert OTHER_DIVISION not in set(frame["status"])
    assert frame.at["BU05032701", "status"] == "no_row" and frame["value"].notna().sum() >= 80


@pytest.mark.parametrize("level, n", [("wijk", 9), ("buurt", 32)])
def test_rijswijks_2015_areas_get_no_figure_of_its_later_division(tidy, level, n):
    """Rijswijk's WK060303 was another area in 2020 than on the boundaries of 2015: every area of the map has no
    value, and says why, instead of the figure of the area that has its code now."""
    frame = _values(tidy, RIJSWIJK, level=level)
    assert len(frame) == n and frame["value"].isna().all() and set(frame["status"]) == {OTHER_DIVISION}
    assert frame["rank"].isna().all() and (frame["n_ranked"] == 0).all() and frame["quintile"].isna().all()
    assert frame["city"].notna().all()  # the gemeente is one area in every year: its figure stays
    same = _values(tidy, RIJSWIJK, "aant_inw", 2015, level)  # the key figures of 2015: the boundaries' division
    assert same["value"].notna().all() and set(same["status"]) == {"ok"}


@pytest.mark.parametrize("gemeente", KEPT)
@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_a_gemeente_that_kept_its_division_keeps_every_figure(tidy, gemeente, level):
    """Den Haag and the gemeenten that kept their division: each area has the figure of its code, as before."""
    key_figures = 2024 if level == "wijk" else 2015  # the buurten have no key figures after 2015 in the mirror
    for indicator, year in ((HEALTH, 2020), (HEALTH, 2012), ("aant_inw", key_figures)):
        frame = _values(tidy, gemeente, indicator, year, level).set_index("code")
        assert OTHER_DIVISION not in set(frame["status"]), (indicator, year)
        ind = catalogue().indicator(indicator)
        source = slice_obs(tidy[gemeente], ind, year, _age(ind)).set_index("area_code").reindex(frame.index)
        pd.testing.assert_series_equal(frame["value"], source["value"], check_names=False)
        assert frame["value"].notna().sum() > 0


def test_a_year_without_rows_for_the_gemeente_is_missing_as_before(tidy):
    """Rijswijk has no key figures of 2019 in the mirror: no rows say nothing of its division (`no_row`)."""
    frame = _values(tidy, RIJSWIJK, "huishoudens_met_een_laag_inkomen", 2019)
    assert frame["value"].isna().all() and set(frame["status"]) == {"no_row"}


def test_the_ranking_and_the_map_of_rijswijk_say_why(tidy):
    from geo.boundaries import read_areas
    from geo.choropleth import map_model
    from indicators.compare import ranking_frame

    cat, areas = catalogue(), read_areas(RIJSWIJK, "wijk")
    ind = cat.indicator(HEALTH)
    ranked = ranking_frame(tidy[RIJSWIJK], areas, ind, year=2020, age="18plus", level="wijk")
    assert ranked["value"].isna().all() and set(ranked["status"]) == {OTHER_DIVISION}
    for lang in ("nl", "en"):
        model = map_model(tidy[RIJSWIJK], areas, [], cat, ind, level="wijk", year=2020, age="18plus", mode="value",
                          method="quantiles", lang=lang, city_name="Rijswijk")
        assert model.redrawn == (11, 9)
        assert all(tip.startswith(f"{ind.label.get(lang)}: {t('status_other_division', lang)}")
                   for tip in model.frame["tooltip"])
    kept = map_model(tidy[DEN_HAAG], read_areas(DEN_HAAG, "wijk"), [], cat, ind, level="wijk", year=2020,
                     age="18plus", mode="value", method="quantiles", lang="nl", city_name="Den Haag")
    assert kept.redrawn is None and kept.frame["value"].notna().sum() > 40


def _present(tidy, gemeente: str):
    from geo.boundaries import read_areas
    return figures_present(tidy[gemeente], [c for level in ("wijk", "buurt") for c in read_areas(gemeente, level)["code"]])


def test_the_year_picker_and_the_gradients_axes_offer_only_figures_the_boundaries_can_show(tidy):
    """Rijswijk's map opened on 2020, a year offered as having figures, and drew it grey: its health monitor is of
    other wijken and buurten than the 2015 boundaries. Those years now have no figures for its areas (the picker says
    "no figures", a changed view takes a year that has some), and the gradient offers no health axis; its key figures
    of 2015 stay. Den Haag, Delft (whose health monitor lacks one buurt) and the others keep every year."""
    cat = catalogue()
    health, inhabitants = cat.indicator(HEALTH), cat.indicator("aant_inw")
    present = _present(tidy, RIJSWIJK)
    for level in ("wijk", "buurt"):
        assert years_with_values(present, health, level, "18plus") == []
        assert years_with_values(present, inhabitants, level, "all") == [2015]
        assert with_values(present, [HEALTH, "aant_inw"], level) == ["aant_inw"]
        assert years_with_values(present, health, "gemeente", "18plus") == [2012, 2016, 2020]  # the city's own
    for gemeente in KEPT:
        kept = _present(tidy, gemeente)
        rows = tidy[gemeente][tidy[gemeente]["value"].notna()]
        assert kept == frozenset(zip(rows["indicator"], rows["level"], rows["year"].astype(int), rows["age"]))
        assert years_with_values(kept, health, "wijk", "18plus") == [2012, 2016, 2020]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_maps_download_writes_another_divisions_figure_as_not_collected_with_why(tidy, lang):
    from exports.indicator_tables import map_export
    from geo.boundaries import read_areas

    cat = catalogue()
    ind = cat.indicator(HEALTH)
    frame = area_values(tidy[RIJSWIJK], read_areas(RIJSWIJK, "wijk"), ind, 2020, "18plus")
    export = map_export(frame, ind, cat, "wijk", 2020, "18plus", lang)
    assert export[t("exp_col_value", lang)].isna().all()
    assert set(export[t("exp_col_status", lang)]) == {"not_collected"}
    assert set(export[t("exp_col_note", lang)]) == {t("exp_note_other_division", lang)}


def test_the_profile_leaves_out_figures_of_another_division_than_its_boundaries(tidy):
    """/profiel of Rijswijk's wijk 03 (2015 boundaries): the health monitor's figure is of the wijk with that code
    in the later division, so it is missing with its reason (as on the map), and there is no trend; the key figure of
    2015 stays; the city's own figure stays. Den Haag's Moerwijk keeps every figure."""
    from geo.boundaries import read_areas
    from indicators.profile import spine_data
    from indicators.select import other_division_years

    ids = ["roker", "aant_inw"]
    spine = spine_data(tidy[RIJSWIJK], catalogue(), WIJK_03, list(read_areas(RIJSWIJK, "wijk")["code"]), "18plus",
                       RIJSWIJK, ids).set_index("indicator")
    assert spine.at["roker", "status"] == OTHER_DIVISION and math.isnan(spine.at["roker", "value"])
    assert spine.at["roker", "trend"] == "no_data"
    assert (spine.at["aant_inw", "year"], spine.at["aant_inw", "value"]) == (2015, 5945)
    assert other_division_years([spine.reset_index()]) == [2020]
    city = spine_data(tidy[RIJSWIJK], catalogue(), RIJSWIJK, list(read_areas(RIJSWIJK, "wijk")["code"]), "18plus",
                      RIJSWIJK, ids).set_index("indicator")
    assert city.at["roker", "status"] == "ok"
    kept = spine_data(tidy[DEN_HAAG], catalogue(), MOERWIJK, list(read_areas(DEN_HAAG, "wijk")["code"]), "18plus",
                      DEN_HAAG, ids)
    assert set(kept["status"]) == {"ok"} and not other_division_years([kept])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_note_names_the_years_and_the_level_of_the_rows_without_a_figure_of_another_division(lang):
    """indicators.describe.other_division_note, which the profile, /trends and /vergelijk's table share: the years
    of the rows with status other_division, their level when they share one (wijken and buurten when not), "" when
    no row has that status."""
    from indicators.describe import other_division_note

    frame = pd.DataFrame({"year": [2015, 2020, 2024, 2020], "level": ["wijk", "wijk", "wijk", "gemeente"],
                          "status": ["ok", OTHER_DIVISION, OTHER_DIVISION, "ok"]})
    note = other_division_note([frame], "other_division_not_shown", lang, city="Rijswijk", boundary_year=2015)
    assert note == other_division_text("other_division_not_shown", lang, city="Rijswijk", years=[2020, 2024],
                                       level="wijk", boundary_year=2015)
    mixed = frame.assign(level=["wijk", "wijk", "buurt", "gemeente"])
    assert t("level_plural_areas", lang) in other_division_note([mixed], "other_division_not_shown", lang,
                                                                city="Rijswijk", boundary_year=2015)
    assert other_division_note([frame.assign(status="ok")], "other_division_not_shown", lang, city="Rijswijk",
                               boundary_year=2015) == ""
