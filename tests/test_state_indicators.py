"""The URL parameters of /vergelijk: `indicators` (catalogue ids) and `groups` (data/areas.yaml), comma-separated."""
from __future__ import annotations

from indicators.catalogue import catalogue
from indicators.view import MAX_INDICATORS, View, parse_view, view_to_params

cat = catalogue()


def test_known_indicators_are_kept_in_order_without_duplicates():
    view, notices = parse_view({"indicators": "eenzaam, overgewicht,eenzaam,huishoudens_met_een_laag_inkomen"}, cat)
    assert view.indicators == ("eenzaam", "overgewicht", "huishoudens_met_een_laag_inkomen")
    assert notices == []


def test_unknown_indicator_ids_are_dropped_with_a_notice():
    view, notices = parse_view({"indicators": "eenzaam,geluk,<script>"}, cat)
    assert view.indicators == ("eenzaam",)
    assert [(n.param, n.value, n.default) for n in notices] == [("indicators", "eenzaam,geluk,<script>", "eenzaam")]


def test_indicators_without_data_are_unknown_here():
    view, notices = parse_view({"indicators": "lopen_naar_school_of_werk"}, cat)
    assert view.indicators == () and notices[0].param == "indicators" and notices[0].default == "—"


def test_more_than_the_maximum_is_cut_with_a_notice():
    ids = cat.available_ids[:MAX_INDICATORS + 2]
    view, notices = parse_view({"indicators": ",".join(ids)}, cat)
    assert view.indicators == tuple(ids[:MAX_INDICATORS])
    assert [n.param for n in notices] == ["indicators"]


def test_empty_or_missing_parameter_means_no_choice():
    assert parse_view({}, cat)[0].indicators == ()
    view, notices = parse_view({"indicators": " , "}, cat)
    assert view.indicators == () and notices == []


def test_a_list_value_uses_its_first_entry():
    view, _ = parse_view({"indicators": ["overgewicht,eenzaam", "roker"]}, cat)
    assert view.indicators == ("overgewicht", "eenzaam")


def test_indicators_do_not_change_the_single_indicator_or_its_year():
    view, notices = parse_view({"indicator": "aant_inw", "year": "2024", "indicators": "eenzaam"}, cat)
    assert (view.indicator, view.year, view.indicators) == ("aant_inw", 2024, ("eenzaam",)) and notices == []


def test_groups_from_areas_yaml():
    view, notices = parse_view({"groups": "zuidwest,laak,nergens"}, cat)
    assert view.groups == ("zuidwest", "laak")
    assert [(n.param, n.default) for n in notices] == [("groups", "zuidwest,laak")]


def test_round_trip_through_the_url():
    view = View(indicators=("eenzaam", "overgewicht"), groups=("zuidwest",), areas=("WK051836", "WK051838"))
    params = view_to_params(view)
    assert params == {"areas": "WK051836,WK051838", "indicators": "eenzaam,overgewicht", "groups": "zuidwest"}
    assert parse_view(params, cat) == (view, [])
    assert "indicators" not in view_to_params(View())
