"""One view that every widget reads and writes (issue #16): the choices that change what is shown are in the URL,
an unknown parameter gets a notice, and a picker shows the view's value after navigation and language switches."""
from __future__ import annotations

from dataclasses import replace

import pytest

from indicators.catalogue import catalogue
from indicators.view import FIELDS, View, for_gemeente, parse_view, view_to_params
from programs.validation import THEMES
from tests.conftest import app_test, open_page

cat = catalogue()
NOT_DEFAULT = View(indicator="eenzaam", level="buurt", year=2016, mode="gap_city", lang="en", method="fisher_jenks",
                   focus=False, basemap=True, x="moeite_met_rondkomen", y="overgewicht",
                   areas=("WK051836", "WK051838"), indicators=("eenzaam", "overgewicht"))


def notices_by_param(params: dict[str, str]) -> dict[str, object]:
    return {n.param: n for n in parse_view(params, cat)[1]}


def test_every_choice_of_the_view_survives_the_link():
    params = view_to_params(NOT_DEFAULT)
    assert {"method", "focus", "basemap", "x", "y"} <= set(params)
    assert params["focus"] == "0" and params["basemap"] == "1"
    view, notices = parse_view(params, cat)
    assert notices == []
    assert view == NOT_DEFAULT


def test_every_field_of_the_view_survives_the_link():
    """A view that differs from the default in every field: each is written into the link and read back."""
    every = View(indicator="overgewicht", level="buurt", year=2016, age="18plus", area="BU05183620",
                 areas=("WK051836",), mode="gap_nl", lang="en", gemeente="GM0503", indicators=("eenzaam",),
                 groups=("zuidwest",), slide=3, story="breed-overleg-2026", method="fixed", focus=False, basemap=True,
                 x="moeite_met_rondkomen", y="eenzaam", program="gli", reach=True, themes=("gezond_opgroeien",),
                 programs=("gli", "brugfunctionarissen"), places=("zuidwest", "WK051836"), period=(2019, 2023),
                 series="brugfunctionarissen", section="gradient")
    changed = {name for name in FIELDS if getattr(every, name) != getattr(View(), name)}
    assert changed == set(FIELDS) - {"age"}  # 18plus is the default; 65plus exists in 2020 only
    params = view_to_params(every)
    assert set(params) == changed and params["period"] == "2019-2023"
    view, notices = parse_view(params, cat, {"GM0518", "GM0503"}, {"gli", "brugfunctionarissen"}, THEMES)
    assert notices == [] and view == every


def test_a_default_view_writes_no_parameters():
    assert view_to_params(View()) == {}


@pytest.mark.parametrize("param", ["classes", "indikator", "Level"])
def test_an_unknown_parameter_gets_a_notice_and_changes_nothing(param):
    view, notices = parse_view({param: "5", "indicator": "eenzaam"}, cat)
    assert view == View(indicator="eenzaam")
    assert [(n.param, n.value, n.unknown) for n in notices] == [(param, "5", True)]


@pytest.mark.parametrize(("param", "value"), [("method", "jenks"), ("focus", "yes"), ("basemap", "2"),
                                              ("x", "nonsense"), ("y", ""), ("themes", "sport"),
                                              ("programs", "GLI"), ("places", "Moerwijk"), ("period", "2024-2018"),
                                              ("period", "2020"), ("series", "gli;drop"),
                                              ("section", "kaart")])
def test_a_bad_value_of_the_new_choices_falls_back_with_a_notice(param, value):
    view, notices = parse_view({param: value}, cat, None, {"gli"}, THEMES)
    assert getattr(view, param) == getattr(View(), param)
    assert [(n.param, n.unknown) for n in notices] == [(param, False)]


def test_streamlit_own_parameters_are_not_judged():
    assert notices_by_param({"embed": "true", "embed_options": "light_theme"}) == {}


def test_map_choices_from_the_link_are_shown_and_written_back(mirror):
    at = open_page("kaart", {"method": "fisher_jenks", "focus": "0"})
    assert not at.exception
    assert at.selectbox(key="w_method").value == "fisher_jenks"
    assert at.toggle(key="w_focus").value is False
    at.selectbox(key="w_method").set_value("quantiles").run()
    at.toggle(key="w_focus").set_value(True).run()
    assert not at.exception
    assert "method" not in at.query_params and "focus" not in at.query_params  # back to the defaults
    at.toggle(key="w_focus").set_value(False).run()
    assert at.query_params.get("focus") in ("0", ["0"])


def test_unknown_parameter_notice_is_shown_on_the_page(mirror):
    at = open_page("kaart", {"classes": "7"})
    assert not at.exception
    assert any("classes" in w.value for w in at.warning)


def test_the_gradient_axes_come_from_the_link_and_go_back_into_it(mirror):
    at = open_page("vergelijk", {"x": "moeite_met_rondkomen", "y": "overgewicht", "section": "gradient"})
    assert not at.exception
    assert (at.selectbox(key="w_x").value, at.selectbox(key="w_y").value) == ("moeite_met_rondkomen", "overgewicht")
    at.selectbox(key="w_y").set_value("eenzaam").run()
    assert at.query_params.get("y") in ("eenzaam", ["eenzaam"])
    assert at.query_params.get("x") in ("moeite_met_rondkomen", ["moeite_met_rondkomen"])


def test_switching_language_twice_keeps_the_comparison(mirror):
    at = open_page("vergelijk", {"areas": "WK051829,WK051830,WK051836", "indicators": "eenzaam,overgewicht"})
    for lang in ("en", "nl"):
        at.radio(key="w_lang").set_value(lang).run()
        assert not at.exception
        assert at.radio(key="w_lang").value == lang
        assert at.multiselect(key="w_areas").value == ["WK051829", "WK051830", "WK051836"]
        assert at.multiselect(key="w_indicators").value == ["eenzaam", "overgewicht"]
    assert at.query_params.get("areas") in ("WK051829,WK051830,WK051836", ["WK051829,WK051830,WK051836"])


def test_pickers_show_the_view_after_the_page_is_switched(mirror):
    """The bug of issue #16: /?indicator=eenzaam&year=2016, then Vergelijken: the ranking's pickers showed another
    indicator and year than its chart, and the next change silently took those. (The ranking is the page's second
    tab: the link opens it.)"""
    at = app_test({"indicator": "eenzaam", "year": "2016", "section": "ranking"})
    at.run()
    at.switch_page("views/vergelijk.py").run()
    assert not at.exception
    assert (at.selectbox(key="w_indicator").value, at.selectbox(key="w_year").value) == ("eenzaam", 2016)
    at.selectbox(key="w_year").set_value(2020).run()
    assert (at.selectbox(key="w_indicator").value, at.selectbox(key="w_year").value) == ("eenzaam", 2020)
    assert at.query_params.get("indicator") in ("eenzaam", ["eenzaam"])


@pytest.mark.parametrize("gemeente", ["GM0503", "GM0603", "GM0637", "GM1916", "GM0629", "GM1783", "GM1842", "GM1926"])
def test_the_profile_opens_in_every_gemeente(mirror, gemeente):
    """Issue #16: /profiel?gemeente=GM0503 raised KeyError 'area_code' where an indicator had no rows."""
    at = open_page("profiel", {"gemeente": gemeente}, timeout=180)  # 2 cores shared with browser tests in CI
    assert not at.exception, at.exception
    assert at.selectbox(key="w_gemeente").value == gemeente
    assert at.title[0].value  # the profile's heading names the gemeente


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_area_of_another_level_is_kept_and_the_map_says_so(mirror, lang):
    """A link (or another page) holds Moerwijk, a wijk, while the map shows buurten: the map cannot mark it and says
    so, naming the area and the level; the view keeps it (and the link) for the pages that show either level."""
    from texts.i18n import t

    at = open_page("kaart", {"level": "buurt", "area": "WK051836", "lang": lang}, timeout=180)
    assert not at.exception
    said = t("select_area_other_level", lang, name="Moerwijk", level=t("level_plural_buurt", lang))
    assert said in [c.value for c in at.caption]
    assert at.selectbox(key="w_area").value == ""
    assert at.session_state["view"].area == "WK051836"
    assert at.query_params.get("area") in ("WK051836", ["WK051836"])
    at = open_page("kaart", {"level": "buurt", "area": "BU05183637", "lang": lang}, timeout=180)  # on this map
    assert at.selectbox(key="w_area").value == "BU05183637"
    assert not any("Moerwijk-West" in c.value for c in at.caption)


@pytest.mark.parametrize("page, shown", [("profiel", lambda at: at.selectbox(key="w_prof_area").value),
                                         ("trends", lambda at: at.multiselect(key="w_trend_areas").value[0]),
                                         ("vergelijk", lambda at: at.multiselect(key="w_areas").value[0])],
                         ids=["profiel", "trends", "vergelijk"])
def test_an_area_chosen_on_the_map_survives_a_switch_of_level(mirror, page, shown):
    """Moerwijk chosen on the map, the sidebar switched to buurten, another page through the sidebar: the map's
    picker let Moerwijk go (a line said so once), and /profiel, /vergelijk and /trends opened without it and without
    a word, though each shows a wijk at either level. Back at wijken the map marks it again."""
    at = open_page("kaart", {}, timeout=180)
    at.selectbox(key="w_area").set_value("WK051836").run()
    at.radio(key="w_level").set_value("buurt").run()
    at.selectbox(key="w_indicator").set_value("eenzaam").run()  # another run of the map at buurt level
    assert not at.exception, at.exception
    assert any("Moerwijk" in c.value for c in at.caption)
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    assert at.session_state["view"].area == "WK051836"
    assert shown(at) == "WK051836"  # the area the page draws
    at.switch_page("views/kaart.py").run()
    at.radio(key="w_level").set_value("wijk").run()
    assert at.selectbox(key="w_area").value == "WK051836"


def test_a_switch_to_another_gemeente_keeps_only_its_own_areas_and_groups():
    before = View(gemeente="GM0503", area="BU05183620", areas=("WK051836", "WK050311"), groups=("zuidwest", "delft",
                  "gone"), indicator="eenzaam", level="buurt", lang="en")
    groups = {"zuidwest": ["WK051833", "WK051834", "WK051836"], "delft": ["WK050311", "WK050312"]}
    after = for_gemeente(before, {"GM0503", "WK050311", "WK050312", "BU05031101"}, groups)
    assert after == replace(before, area=None, areas=("WK050311",), groups=("delft",))
    assert for_gemeente(after, {"GM0503", "WK050311", "WK050312", "BU05031101"}, groups) == after


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_emptied_picker_stays_empty_until_something_is_chosen(mirror, lang):
    """/vergelijk's areas cleared with the picker's ✕ to choose others: the four opening wijken came back at once,
    and the first area chosen became the fifth. An emptied picker stays empty (through a rerun, a language switch
    and /trends, which shares the view's areas), the page asks for a choice, and a gemeente of its own opens on its
    own areas again."""
    from texts.i18n import t

    at = open_page("vergelijk", {"lang": lang})
    assert len(at.multiselect(key="w_areas").value) == 4  # the opening
    at.multiselect(key="w_areas").set_value([]).run()
    assert at.multiselect(key="w_areas").value == []
    other = "en" if lang == "nl" else "nl"
    at.radio(key="w_lang").set_value(other).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="w_areas").value == []
    assert t("cmp_pick_two", other, max=8) in [i.value for i in at.info]
    at.multiselect(key="w_areas").set_value(["WK051804"]).run()
    assert at.multiselect(key="w_areas").value == ["WK051804"]  # the one chosen, alone
    at.multiselect(key="w_areas").set_value([]).run()
    at.switch_page("views/trends.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="w_trend_areas").value == []
    at.selectbox(key="w_gemeente").set_value("GM0503").run()
    assert not at.exception, at.exception
    assert len(at.multiselect(key="w_trend_areas").value) >= 1  # Delft's own opening


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_choice_that_changes_the_year_or_age_with_it_says_so(mirror, lang):
    """65+ chosen in the sidebar at 2016 took the map to 2020, and 2016 chosen at 65+ took it back to 18+, without a
    word (a link with the same values got a notice). Each says once what it changed, as a toast."""
    from texts.i18n import t

    def toasts(at) -> list[str]:
        return [toast.value for toast in at.toast]

    at = open_page("kaart", {"indicator": "eenzaam", "level": "buurt", "year": "2016", "lang": lang})
    at.radio(key="w_age").set_value("65plus").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="w_year").value == 2020
    assert toasts(at) == [t("notice_age_not_in_year", lang, age=t("age_65plus", lang), year=2016, default="2020")]
    at.selectbox(key="w_year").set_value(2016).run()
    assert at.radio(key="w_age").value == "18plus"
    assert toasts(at) == [t("notice_age_not_in_year", lang, age=t("age_65plus", lang), year=2016,
                            default=t("age_18plus", lang))]
    at.selectbox(key="w_indicator").set_value("aant_inw").run()  # key figures: 2015, 2019, 2024 (buurten: no 2024)
    assert at.selectbox(key="w_year").value == 2019
    assert toasts(at) == [t("notice_year_not_offered", lang, year="2016", default="2019")]  # the year shown
    at.radio(key="w_level").set_value("wijk").run()  # a change that changes nothing else says nothing
    assert toasts(at) == [] and at.selectbox(key="w_year").value == 2019
    at.selectbox(key="w_year").set_value(2024).run()
    at.radio(key="w_level").set_value("buurt").run()  # buurten have no key figures of 2024 here
    assert at.selectbox(key="w_year").value == 2019
    assert toasts(at) == [t("notice_year_not_offered", lang, year="2024", default="2019")]
