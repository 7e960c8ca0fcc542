"""AppTest of /trends and /vergelijk for a gemeente that redrew its wijken (Rijswijk: 9 wijken in CBS's key figures of
2015, 11 in 2024 and in the health monitor; codes kept for other areas) and for Den Haag, which did not: Rijswijk's
pages say why a line breaks and why a row's figures are of two areas, in nl and en; Den Haag's say nothing of it."""
from __future__ import annotations

import math

import pytest

from tests.conftest import chart_figures, open_page, trace_numbers
from tests.html_tables import sent_tables
from indicators.describe import other_division_text
from texts.i18n import t

LANGS = ["nl", "en"]
AND = {"nl": "en", "en": "and"}  # the last two years of a list: "2020 en 2024"
RIJSWIJK = {"gemeente": "GM0603", "level": "wijk"}
DEN_HAAG = {"gemeente": "GM0518", "level": "wijk"}
REDRAWN_WORDS = {"nl": "anders ingedeeld", "en": "redrew"}
OTHER_WORDS = {"nl": "onder dezelfde code lag toen soms een ander gebied", "en": "the same code was then sometimes another"}
CMP_WORDS = {"nl": "andere wijkindeling", "en": "divided into other districts"}


def captions(at) -> list[str]:
    return [str(c.value) for c in at.caption]


def opened(page: str, params: dict[str, str]):
    at = open_page(page, params)
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]  # the link is whole: no notice about it
    return at


def trend_note(lang: str, years: list[int]) -> str:
    """/trends' note on Rijswijk's figures of `years` (of other areas than its 2015 boundaries)."""
    note = other_division_text("other_division_not_shown", lang, city="Rijswijk", years=years, level="wijk",
                               boundary_year=2015)  # Wijk 03's figures: the wijken's division
    assert all(str(y) in note for y in years) and t("level_plural_wijk", lang) in note and "2015" in note
    return note


def area_points(at, name: str) -> list[tuple[float, float | None]]:
    """A trace's points (a gap's y is None), from plotly's JSON: lists, or typed arrays of a pandas Series."""
    trace = next(tr for fig in chart_figures(at) for tr in fig["data"] if tr["name"] == name)
    xs, ys = (trace_numbers(trace[axis]) for axis in ("x", "y"))
    return [(int(x), None if math.isnan(y) else y) for x, y in zip(xs, ys)]


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_trend_shows_no_figure_of_another_wijk_and_says_why(mirror, lang):
    """Wijk 03 of the 2015 boundaries had 5,945 inhabitants; the 370 of 2024 are of the wijk with its code in the later
    division: its line drew both (as one area, later broken with a note). As on the map and the profile, the later
    figure is not shown for it, and a note says why."""
    at = opened("trends", {**RIJSWIJK, "indicator": "aant_inw", "year": "2024", "areas": "WK060303", "lang": lang})
    assert trend_note(lang, [2024]) in captions(at)
    assert area_points(at, "Wijk 03") == [(2015, 5945), (2019, None), (2024, None)]


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_small_multiples_say_why_too(mirror, lang):
    at = opened("trends", {**RIJSWIJK, "section": "indicators", "area": "WK060303", "indicators": "aant_inw,roker",
                           "lang": lang})
    assert trend_note(lang, [2012, 2016, 2020, 2024]) in captions(at)


@pytest.mark.parametrize("section, params", [("areas", {"areas": "WK051836"}),
                                             ("indicators", {"area": "WK051836", "indicators": "aant_inw,roker"})])
@pytest.mark.parametrize("lang", LANGS)
def test_den_haags_trends_say_nothing_of_a_redrawing(mirror, lang, section, params):
    at = opened("trends", {**DEN_HAAG, "indicator": "aant_inw", "year": "2024", "section": section, **params,
                           "lang": lang})
    assert not any(REDRAWN_WORDS[lang] in c or OTHER_WORDS[lang] in c for c in captions(at))
    if section == "areas":  # Moerwijk's line runs through its three years
        assert [x for x, y in area_points(at, "Moerwijk") if y is not None] == [2015, 2019, 2024]


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_comparison_shows_no_figure_of_another_wijk_and_says_why(mirror, lang):
    """Rijswijk's Wijk 03 and Wijk 01 showed the health monitor's figures of 2020, which are of the later wijken under
    their codes, and 370 inhabitants of 2024 for Wijk 03 (5,945 in 2015): as on the map, no figure of another
    division now, inhabitants of 2015, and a line that says why."""
    at = opened("vergelijk", {**RIJSWIJK, "areas": "WK060303,WK060301", "lang": lang,
                              "indicators": "ervaren_gezondheid_goed_zeer_goed,aant_inw"})
    why = other_division_text("cmp_table_other_division", lang, city="Rijswijk", years=[2020], level="wijk",
                              boundary_year=2015)
    assert why in captions(at) and "2020" in why and t("level_plural_wijk", lang) in why
    table = sent_tables(at)[0]
    assert list(table.iloc[:2, 2]) == [t("cmp_status_other_division", lang)] * 2  # the health column
    assert list(table.iloc[:2, 3]) == (["5.945", "4.605"] if lang == "nl" else ["5,945", "4,605"])
    assert not any(REDRAWN_WORDS[lang] in c for c in captions(at))


@pytest.mark.parametrize("lang", LANGS)
def test_den_haags_comparison_of_2015_and_2020_figures_has_no_such_note(mirror, lang):
    at = opened("vergelijk", {**DEN_HAAG, "areas": "WK051836,WK051838", "lang": lang,
                              "indicators": "ervaren_gezondheid_goed_zeer_goed,p_65_eo_jr"})
    assert not any(CMP_WORDS[lang] in c for c in captions(at))
    table = sent_tables(at)[0]
    assert not any(CMP_WORDS[lang] in str(n) for n in table[t("cmp_col_note", lang)])


@pytest.mark.parametrize("lang", LANGS)
def test_delfts_buurten_of_2015_and_2020_are_one_division_in_the_comparison(mirror, lang):
    """Delft's key figures of 2015 list 91 buurten, the health monitor of 2020 90 (it left BU05032701 out). Before,
    each row said Delft was divided into other buurten in 2015 than in 2020, and the line under the table too."""
    at = opened("vergelijk", {"gemeente": "GM0503", "level": "buurt", "areas": "BU05031101,BU05031102", "lang": lang,
                              "indicators": "ervaren_gezondheid_goed_zeer_goed,p_65_eo_jr"})
    table = sent_tables(at)[0]
    assert table.iloc[:2, 2].str.match(r"^\d").all() and table.iloc[:2, 3].str.match(r"^\d").all(), table
    redrawn = t("cmp_redrawn_buurt", lang, city="Delft", early=2015, late=2020)
    assert not any(redrawn in str(n) for n in table[t("cmp_col_note", lang)])
    assert redrawn not in " ".join(captions(at))


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_profile_shows_no_figure_of_another_wijk_and_says_why(mirror, lang):
    """The profile of Rijswijk's wijk 03 (of the 2015 boundaries) showed the health figures of 2012-2020, which are
    of the wijk that has its code in the later division (as the map now does not); now they are missing and a note
    says why. The key figures of 2015, on the boundaries' division, stay."""
    at = opened("profiel", {**RIJSWIJK, "area": "WK060303", "lang": lang})
    note = other_division_text("other_division_not_shown", lang, city="Rijswijk", years=[2024, 2020], level="wijk",
                               boundary_year=2015)  # the latest year of each indicator
    assert note in [str(i.value) for i in at.info] and f"2020 {AND[lang]} 2024" in note and t("level_plural_wijk", lang) in note


@pytest.mark.parametrize("lang", LANGS)
def test_den_haags_profile_says_nothing_of_another_division(mirror, lang):
    at = opened("profiel", {**DEN_HAAG, "area": "WK051836", "lang": lang})
    assert not any(OTHER_WORDS[lang] in str(i.value) for i in at.info)


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_year_picker_says_which_years_its_map_can_show(mirror, lang):
    """Rijswijk's map offered 2012, 2016 and 2020 of the health monitor as years with figures and drew each grey (its
    figures are of later wijken than the 2015 boundaries). The picker now says "no figures" for each, and a link to
    its inhabitants that leaves the year open opens on 2015 (not 2024), the year the boundaries can show; Den Haag's
    years are plain."""
    empty = t("year_without_figures", lang)
    at = opened("kaart", {**RIJSWIJK, "indicator": "ervaren_gezondheid_goed_zeer_goed", "lang": lang})
    assert at.selectbox(key="w_year").options == [f"{y} · {empty}" for y in (2012, 2016, 2020)]
    at = opened("kaart", {**RIJSWIJK, "indicator": "aant_inw", "lang": lang})
    assert at.selectbox(key="w_year").value == 2015
    assert at.selectbox(key="w_year").options == ["2015", f"2019 · {empty}", f"2024 · {empty}"]
    at = opened("kaart", {**DEN_HAAG, "indicator": "ervaren_gezondheid_goed_zeer_goed", "lang": lang})
    assert at.selectbox(key="w_year").options == ["2012", "2016", "2020"]


@pytest.mark.parametrize("lang", LANGS)
def test_rijswijks_gradient_offers_no_health_axis_and_says_why(mirror, lang):
    """The gradient's health axis offered the health monitor's indicators, whose figures are of other wijken than
    Rijswijk's boundaries: an empty scatter. Now no axis is offered, and the notice names the years of the other
    division; Den Haag's gradient is drawn."""
    why = t("cmp_axis_other_division", lang, areas=t("level_plural_wijk", lang))
    at = opened("vergelijk", {**RIJSWIJK, "section": "gradient", "lang": lang})
    infos = [str(i.value) for i in at.info]
    assert any(why in i and f"2016, 2020{',' if lang == 'en' else ''} {AND[lang]} 2024" in i for i in infos), infos
    assert not [s for s in at.selectbox if s.key in ("w_x", "w_y")]
    at = opened("vergelijk", {**DEN_HAAG, "section": "gradient", "lang": lang})
    assert not any(why in str(i.value) for i in at.info) and at.selectbox(key="w_y").options


@pytest.mark.parametrize(("gemeente", "level"), [("GM0603", "wijk"), ("GM0603", "buurt"), ("GM1783", "buurt")])
@pytest.mark.parametrize("lang", LANGS)
def test_a_grey_map_of_another_division_offers_an_indicator_with_figures(mirror, lang, gemeente, level):
    """Rijswijk's map (and Westland's buurten) opened on the health monitor, all grey with the notice and no way on
    but the picker. A button under the notice now names an indicator whose figures the boundaries can show (the
    inhabitants of 2015: the only figures of these areas on their division) and opens it: figures on the map, the
    year in the URL, and no notice."""
    at = opened("kaart", {"gemeente": gemeente, "level": level, "lang": lang})
    assert any(OTHER_WORDS[lang] in str(i.value) for i in at.info)
    from indicators.catalogue import catalogue
    from ui.widgets import indicator_label

    button = at.button(key="map_to_figures")
    assert button.label == t("map_to_figures", lang, indicator=indicator_label(catalogue(), "aant_inw", lang))
    button.click().run()
    assert not at.exception, at.exception
    assert at.query_params.get("indicator") in ("aant_inw", ["aant_inw"])
    assert at.query_params.get("year") in ("2015", ["2015"])
    assert not any(OTHER_WORDS[lang] in str(i.value) for i in at.info)
    assert at.selectbox(key="w_year").value == 2015
    assert not [b for b in at.button if b.key == "map_to_figures"]  # the map has figures: no button


@pytest.mark.parametrize("lang", LANGS)
def test_den_haags_map_offers_no_other_indicator(mirror, lang):
    at = opened("kaart", {**DEN_HAAG, "lang": lang})
    assert not [b for b in at.button if b.key == "map_to_figures"]
