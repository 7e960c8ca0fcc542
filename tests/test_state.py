"""The URL contract: valid values are kept, malformed ones fall back with a notice, nothing raises."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from indicators.catalogue import catalogue
from indicators.view import View, drop_unknown_areas, fit_year_age, parse_view, view_to_params

cat = catalogue()


def test_defaults_without_parameters():
    view, notices = parse_view({}, cat)
    assert view == View() and notices == []


def test_valid_parameters_are_kept():
    params = {"indicator": "overgewicht", "level": "buurt", "year": "2016", "age": "18plus", "mode": "gap_nl",
              "lang": "en", "area": "WK051836", "areas": "WK051836,WK051838"}
    view, notices = parse_view(params, cat)
    assert notices == []
    assert (view.indicator, view.level, view.year, view.mode, view.lang, view.area) == (
        "overgewicht", "buurt", 2016, "gap_nl", "en", "WK051836")
    assert view.areas == ("WK051836", "WK051838")


def test_malformed_values_fall_back_with_notices():
    view, notices = parse_view({"indicator": "nonsense", "level": "stad", "year": "20x0", "mode": "<script>",
                                "area": "Moerwijk"}, cat)
    assert view.indicator == View().indicator and view.level == "wijk" and view.year == 2020
    assert view.mode == "value" and view.area is None
    assert {n.param for n in notices} == {"indicator", "level", "year", "mode", "area"}


def test_year_not_available_for_the_indicator_moves_to_latest():
    view, notices = parse_view({"indicator": "aant_inw", "year": "2020"}, cat)
    assert view.year == 2024 and [n.param for n in notices] == ["year"]


def test_65plus_only_exists_in_2020():
    view, notices = parse_view({"indicator": "overgewicht", "year": "2012", "age": "65plus"}, cat)
    assert view.age == "18plus" and [n.param for n in notices] == ["age"]


def test_an_age_the_reader_chose_takes_the_nearest_year_with_its_figures():
    """The sidebar's 65+ from 2016 moves the year to 2020 instead of leaving the page to draw 18+ figures under a
    sidebar that says 65+; a year chosen takes the age back to 18+; CBS's key figures have no age groups."""
    picked = View(indicator="overgewicht", year=2016, age="65plus")
    assert fit_year_age(picked, cat, keep_age=True)[0] == replace(picked, year=2020)
    assert fit_year_age(picked, cat)[0] == replace(picked, age="18plus")
    for kept in (View(indicator="overgewicht", year=2012), View(indicator="aant_inw", year=2019, age="65plus"),
                 View(indicator="eenzaam", year=2020, age="65plus")):
        assert fit_year_age(kept, cat, keep_age=True)[0] == kept


def test_unknown_area_codes_are_dropped_with_notice():
    view, _ = parse_view({"area": "WK051899", "areas": "WK051836,WK051899"}, cat)
    view, notices = drop_unknown_areas(view, {"WK051836"})
    assert view.area is None and view.areas == ("WK051836",)
    assert {n.param for n in notices} == {"area", "areas"}


def test_params_round_trip():
    view = View(indicator="eenzaam", level="buurt", year=2016, area="BU05183620", areas=("WK051836", "WK051838"))
    parsed, notices = parse_view(view_to_params(view), cat)
    assert parsed == view and notices == []
    assert view_to_params(View()) == {}


@given(st.dictionaries(st.sampled_from(["indicator", "level", "year", "age", "area", "areas", "mode", "lang", "themes",
                                       "programs", "places", "period", "series"]),
                       st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3))))
def test_any_parameters_parse_without_error(params):
    view, notices = parse_view(params, cat)
    assert view.indicator in cat.available_ids and view.level in ("wijk", "buurt")
    assert view.year in cat.indicator(view.indicator).years
    assert view.period is None or view.period[0] <= view.period[1]
    assert parse_view(view_to_params(view), cat) == (view, [])  # what is kept is written back as it was read
