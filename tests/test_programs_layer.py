"""The program layer of the map (programs.layer): own counts per area with reach against need, group counts that
mark their members without being spread, city and region counts that stay where they are. Made-up numbers."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from programs.layer import (Need, latest_per_area, need_share, observation_lookup, population, program_layer,
                            program_need)

WIJKEN = ["WK051833", "WK051834", "WK051836", "WK051838"]  # Bouwlust, Morgenstond, Moerwijk, Laak


def _count(program: str, area: str, low: float, high: float | None = None, year: int = 2024, **extra) -> dict:
    return {"count_id": extra.pop("count_id", 1), "program": program, "area": area, "value_low": float(low),
            "value_high": float(low if high is None else high), "qualifier": "exact",
            "period_start": dt.date(extra.pop("start", year), 1, 1), "period_end": dt.date(year, 12, 31),
            "source": "Jaarcijfers", "retracted": extra.pop("retracted", False), **extra}


def _counts(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def _obs(rows: list[tuple[str, str, int, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"area_code": a, "indicator": i, "year": y, "age": g, "value": v} for a, i, y, g, v in rows])


OBS = _obs([
    ("WK051836", "aant_inw", 2019, "all", 21000), ("WK051836", "k_0_tot_15_jaar", 2019, "all", 5000),
    ("WK051836", "k_15_tot_25_jaar", 2019, "all", 2000),
    ("WK051836", "aant_inw", 2024, "all", 22000),  # no children count for 2024: the population year is 2019
    ("WK051836", "overgewicht", 2016, "18plus", 50.0), ("WK051836", "overgewicht", 2020, "18plus", 60.0),
    ("WK051836", "k_65_jaar_of_ouder", 2019, "all", 2000), ("WK051836", "overgewicht", 2020, "65plus", 70.0),
    ("WK051838", "aant_inw", 2019, "all", 10000), ("WK051838", "k_0_tot_15_jaar", 2019, "all", 2000),
    ("WK051838", "k_15_tot_25_jaar", 2019, "all", 1000),
])


def test_reach_per_1000_residents_with_the_need():
    counts = _counts(_count("gli", "WK051836", 462, year=2023))
    layer = program_layer(counts, "gli", WIJKEN, OBS, Need("overgewicht", "18plus"), "GM0518")
    (row,) = layer.areas.to_dict("records")
    # 18+ = 21000 - 5000 (0-14) - 3/10 × 2000 (15-24) = 15400 (2019); 60% with overgewicht (2020, nearest to
    # 2023) = 9240 people; 462 / 9240 × 1000 = 50
    assert (row["population"], row["population_year"], row["need_pct"], row["need_year"]) == (15400, 2019, 60.0, 2020)
    assert row["need_people"] == pytest.approx(9240)
    assert row["per_1000_low"] == pytest.approx(50.0) and row["per_1000_high"] == pytest.approx(50.0)
    assert layer.coverage == "areas" and layer.marked() == ["WK051836"]


def test_a_range_stays_a_range_and_65plus_uses_its_own_population():
    counts = _counts(_count("p", "WK051836", 14, 28, year=2020))
    (row,) = program_layer(counts, "p", WIJKEN, OBS, Need("overgewicht", "65plus"), "GM0518").areas.to_dict("records")
    assert row["need_people"] == pytest.approx(1400)  # 2000 residents 65+ × 70%
    assert (row["per_1000_low"], row["per_1000_high"]) == (pytest.approx(10.0), pytest.approx(20.0))


def test_missing_need_or_population_is_nan_never_zero():
    counts = _counts(_count("gli", "WK051838", 50), _count("gli", "WK051833", 50, count_id=2))
    layer = program_layer(counts, "gli", WIJKEN, OBS, Need("overgewicht", "18plus"), "GM0518")
    assert len(layer.areas) == 2
    assert layer.areas["per_1000_low"].isna().all() and not (layer.areas["need_people"] == 0).any()
    laak = layer.areas.set_index("area").loc["WK051838"]
    assert laak["population"] == 7700 and math.isnan(laak["need_pct"]) and laak["need_year"] is None


def test_a_small_count_of_residents_gets_no_reach_staff_do():
    counts = _counts(_count("gli", "WK051836", 3), _count("peuterconsulenten", "WK051836", 3, count_id=2))
    need = Need("overgewicht", "18plus")
    (residents,) = program_layer(counts, "gli", WIJKEN, OBS, need, "GM0518").areas.to_dict("records")
    assert residents["suppressed"] and math.isnan(residents["per_1000_low"]), "a reach would reveal the '<5' count"
    (staff,) = program_layer(counts, "peuterconsulenten", WIJKEN, OBS, need, "GM0518").areas.to_dict("records")
    assert not staff["suppressed"] and staff["kind"] == "staff" and staff["per_1000_low"] > 0


def test_city_and_region_counts_are_never_spread_over_wijken():
    counts = _counts(_count("gli", "haaglanden_gli", 4638, year=2023), _count("gli", "GM0518", 900, count_id=2))
    layer = program_layer(counts, "gli", WIJKEN, OBS, Need("overgewicht"), "GM0518")
    assert layer.coverage == "wider" and layer.areas.empty and layer.marked() == []
    assert sorted(layer.wider["area"]) == ["GM0518", "haaglanden_gli"]


@pytest.mark.parametrize("gemeente, map_areas, wider", [
    ("GM0518", ["BU05183620", "BU05183621"], ["GM0518", "haaglanden_gli", "zuidwest"]),  # Den Haag's buurten
    ("GM0603", ["WK060301", "WK060302"], ["haaglanden_gli"]),  # Rijswijk: in the GLI region
    ("GM0503", ["WK050311", "WK050312"], []),  # Delft: none of them is Delft's
])
def test_a_map_lists_only_the_wider_counts_of_its_own_gemeente(gemeente, map_areas, wider):
    """Delft's map said 'only city or region counts: GLI region Haaglanden 4,638' of a region Delft is not in."""
    counts = _counts(_count("gli", "haaglanden_gli", 4638, year=2023), _count("gli", "GM0518", 900, count_id=2),
                     _count("gli", "zuidwest", 40, count_id=3), _count("gli", "WK062901", 7, count_id=4))
    layer = program_layer(counts, "gli", map_areas, OBS, Need("overgewicht"), gemeente)
    assert sorted(layer.wider["area"]) == wider and layer.areas.empty and layer.groups.empty
    assert layer.coverage == ("wider" if wider else "none")


def test_a_group_count_marks_its_members_but_stays_the_groups():
    counts = _counts(_count("brugfunctionarissen", "zuidwest", 12), _count("brugfunctionarissen", "GM0518", 79, 92,
                                                                          count_id=2))
    layer = program_layer(counts, "brugfunctionarissen", WIJKEN, OBS, Need("moeite_met_rondkomen"), "GM0518")
    assert layer.coverage == "groups" and layer.areas.empty
    assert layer.marked() == ["WK051833", "WK051834", "WK051836"]
    assert layer.groups.iloc[0]["count_low"] == 12 and list(layer.wider["area"]) == ["GM0518"]


def test_latest_count_per_area_skips_retracted_ones():
    counts = _counts(_count("gli", "WK051836", 10, year=2022), _count("gli", "WK051836", 20, year=2023, count_id=2),
                     _count("gli", "WK051836", 99, year=2024, count_id=3, retracted=True),
                     _count("other", "WK051836", 5, year=2024, count_id=4))
    (row,) = latest_per_area(counts, "gli").to_dict("records")
    assert (row["value_low"], row["period_end"].year) == (20, 2023)


def test_nearest_years_and_ties():
    lookup = observation_lookup(OBS)
    assert need_share(lookup, "WK051836", Need("overgewicht"), 2018) == (50.0, 2016)  # tie 2016/2020: the earlier
    assert population(lookup, "WK051836", "18plus", 2024) == (15400, 2019)  # 2024 lacks the age bands: 2019
    assert population(lookup, "WK051836", "all_ages", 2024)[1] is None


def test_the_stores_need_wins_over_the_catalogue():
    counts = _counts(_count("gli", "WK051836", 10, need_indicator="eenzaam", need_age="65plus"))
    assert program_need(counts, "gli", Need("overgewicht")) == Need("eenzaam", "65plus")
    no_column = _counts(_count("gli", "WK051836", 10))
    assert program_need(no_column, "gli", Need("overgewicht")) == Need("overgewicht")


def test_the_programs_of_an_area_with_their_own_and_their_groups_counts():
    from programs.layer import programs_in_area

    counts = _counts(_count("gli", "WK051836", 150), _count("gli", "WK051836", 90, year=2022, count_id=2),
                     _count("brugfunctionarissen", "zuidwest", 12, count_id=3),
                     _count("gli", "haaglanden_gli", 4638, year=2023, count_id=4),
                     _count("moerwijk_moeders", "WK051838", 40, count_id=5))
    rows = programs_in_area(counts, "WK051836")
    got = {(r.program, r.area): (r.value_low, r.own) for r in rows.itertuples()}
    assert got == {("gli", "WK051836"): (150, True), ("brugfunctionarissen", "zuidwest"): (12, False)}
    # a buurt of Moerwijk: the wijk's and the group's counts, as their figures, none counted for the buurt itself
    buurt = programs_in_area(counts, "BU05183601", parent="WK051836")
    assert set(buurt["area"]) == {"WK051836", "zuidwest"} and not buurt["own"].any()
    assert programs_in_area(counts, "WK051801").empty


def test_the_program_is_in_the_url_and_an_unknown_one_gets_a_notice():
    from indicators.catalogue import catalogue
    from indicators.view import parse_view, view_to_params

    cat = catalogue()
    view, notices = parse_view({"program": "gli", "reach": "1"}, cat, programs={"gli", "welzijn_op_recept"})
    assert (view.program, view.reach, notices) == ("gli", True, [])
    assert view_to_params(view) == {"program": "gli", "reach": "1"}
    view, notices = parse_view({"program": "bestaat_niet"}, cat, programs={"gli"})
    assert view.program is None and [(n.param, n.value) for n in notices] == [("program", "bestaat_niet")]
    view, notices = parse_view({"program": "<script>"}, cat)  # store unreadable: the form is still checked
    assert view.program is None and notices[0].param == "program"


def test_reducing_the_stores_counts_once_gives_every_areas_programs(mirror, tmp_path, monkeypatch):
    """ui.store reduces the store's counts to the latest per program and area once and filters that per area
    (area_programs); for every wijk and buurt of Den Haag it gives what programs_in_area gives, rows and order.
    With a second, later count for one area, so that the reduction has something to drop."""
    from geo.boundaries import read_areas
    from programs import store
    from programs.db import database_url, make_sessions, open_store
    from programs.layer import area_programs, latest_counts, programs_in_area

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    sessions = make_sessions(open_store(database_url()))
    with sessions.begin() as s:
        store.add_count(s, {"program": "gli", "area": "WK051836", "period_start": "2026-01-01",
                            "period_end": "2026-12-31", "value_low": 7, "source": "later"}, "Piet")
    with sessions() as s:
        counts = store.list_counts(s)
    latest = latest_counts(counts)
    assert len(latest) < len(counts)
    buurten = read_areas("GM0518", "buurt")
    places = [(code, None) for code in read_areas("GM0518", "wijk")["code"]]
    places += list(zip(buurten["code"], buurten["parent_code"]))
    shown = 0
    for area, parent in places:
        expected = programs_in_area(counts, area, parent)
        pd.testing.assert_frame_equal(area_programs(latest, area, parent), expected)
        shown += len(expected)
    assert shown > 100  # most areas have programs: the comparison compared rows, not empty frames
    assert "later" in set(programs_in_area(counts, "WK051836")["source"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_group_counts_tooltip_names_its_source_and_period(lang):
    """Den Haag Zuidwest's count on the map of its wijken: the tooltip gave the program, the count and its period,
    but not where the count comes from, where an area's own count names its source. Each member's line names the
    count's source document and period."""
    from programs.table import UnitLabels
    from texts.i18n import t
    from views.kaart_program import area_tooltips

    counts = _counts(_count("brugfunctionarissen", "zuidwest", 12, year=2023, source="Jaarverslag Brugfunctie 2023"))
    layer = program_layer(counts, "brugfunctionarissen", WIJKEN, OBS, Need("moeite_met_rondkomen"), "GM0518")
    tips = area_tooltips(layer, "Brugfunctionarissen", UnitLabels("persoon", "personen"), lang, {})
    assert sorted(tips) == ["WK051833", "WK051834", "WK051836"]
    for lines in tips.values():
        (line,) = lines
        assert "12 personen" in line and "(2023)" in line
        assert line.endswith(" · " + t("pl_tip_source", lang, source="Jaarverslag Brugfunctie 2023")), line


@pytest.mark.parametrize("lang, one, two", [("nl", "1 speeltuin (2024)", "2 speeltuinen (2024)"),
                                            ("en", "1 playground (2024)", "2 playgrounds (2024)")])
def test_a_tooltip_says_one_playground_and_two_playgrounds(lang, one, two):
    """Every count was followed by the plural unit: '1 speeltuinen'. A count of exactly one takes the program's
    singular (data/programs.yaml), any other the plural; so does a group's count."""
    from programs.seed import seed_programs
    from programs.table import unit_labels
    from views.kaart_program import area_tooltips

    program = next(p for p in seed_programs() if p.id == "speeltuintour_speeltuinen")
    counts = _counts(_count(program.id, "WK051836", 1), _count(program.id, "WK051838", 2, count_id=2),
                     _count(program.id, "zuidwest", 1, count_id=3))
    layer = program_layer(counts, program.id, WIJKEN, OBS, None, "GM0518")
    tips = area_tooltips(layer, "Speeltuintour", unit_labels(program.model_dump(), lang), lang, {})
    assert tips["WK051836"][0] == f"Speeltuintour: {one}"
    assert tips["WK051838"][0] == f"Speeltuintour: {two}"
    group = tips["WK051833"][0]  # Bouwlust: only Zuidwest's count of 1 playground
    assert group.startswith(f"Speeltuintour: {one.split(' (')[0]} "), group


@pytest.mark.parametrize("lang, shown", [("nl", "<5 deelnemers"), ("en", "<5 participants")])
def test_a_suppressed_count_of_one_takes_the_plural(lang, shown):
    """One resident below city level shows as '<5': its unit is the plural ('<5 deelnemer' is wrong)."""
    from programs.seed import seed_programs
    from programs.table import unit_labels
    from views.kaart_program import area_tooltips

    program = next(p for p in seed_programs() if p.id == "gli")
    layer = program_layer(_counts(_count("gli", "WK051836", 1)), "gli", WIJKEN, OBS, None, "GM0518")
    tips = area_tooltips(layer, "GLI", unit_labels(program.model_dump(), lang), lang, {})
    assert tips["WK051836"][0] == f"GLI: {shown} (2024)"
