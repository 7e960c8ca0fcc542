"""AppTest of the map page: levels, modes, indicators, bad URL parameters."""
from __future__ import annotations

import re

import pytest

from tests.conftest import app_test


# Each link parameter must change what the page shows: the heading (indicator label · age · year), the level's word in
# the titles of the lists beside the map, the legend's unit (a gap is in percentage points) and the worst area (direction, age,
# year). An ignored level=, mode=, age= or indicator= fails its case (scripts/mutation_check.py).
CASES = [  # params, heading, areas word, gap legend, worst area
    ({}, "Ervaren gezondheid goed of zeer goed · 18 jaar en ouder · 2020", "wijken", False, "Zuiderpark"),
    ({"level": "buurt"}, "Ervaren gezondheid goed of zeer goed · 18 jaar en ouder · 2020", "buurten", False, "Zuiderpark"),
    ({"mode": "gap_city"}, "Ervaren gezondheid goed of zeer goed · 18 jaar en ouder · 2020", "wijken", True, "Zuiderpark"),
    ({"mode": "gap_nl", "level": "buurt"}, "Ervaren gezondheid goed of zeer goed · 18 jaar en ouder · 2020", "buurten", True,
     "Zuiderpark"),
    ({"indicator": "overgewicht", "year": "2012"}, "Overgewicht · 18 jaar en ouder · 2012", "wijken", False, "Schildersbuurt"),
    ({"indicator": "aant_inw"}, "Aantal inwoners · 2024", "wijken", False, "Forepark"),  # Oostduinen: '<5'
    ({"indicator": "eenzaam", "age": "65plus"}, "Eenzaam · 65 jaar en ouder · 2020", "wijken", False, "Transvaalkwartier"),
    ({"lang": "en", "indicator": "moeite_met_rondkomen", "mode": "gap_city"}, "Difficulty making ends meet · 18 years and over · 2020",
     "districts", True, "Transvaalkwartier"),
    ({"indicator": "huishoudens_met_een_laag_inkomen", "level": "buurt"}, "Huishoudens met laag inkomen · 2019",
     "buurten", False, "Moerwijk-West"),
]
GAP_UNIT = {"nl": "%-punt", "en": "percentage points"}


ROW = re.compile(r'<tr><td[^>]*>(.*?)<span class="place"[^>]*>(.*?)</span></td><td[^>]*>(.*?)</td></tr>')


def _ranked(at) -> list[list[list[str]]]:
    """The two ranked lists beside the map (best, worst), each as rows of (area, value, rank): the rank is shown
    on a line under the area's name, in the same cell."""
    tables = [m.proto.body for m in at.html if 'class="wijk-table ranked"' in m.proto.body]
    return [[[name, value, place] for name, place, value in ROW.findall(table)] for table in tables]


@pytest.mark.parametrize("params, heading, word, gap, worst", CASES, ids=[
    "-".join(f"{k}={v}" for k, v in c[0].items()) or "default" for c in CASES])
def test_every_link_parameter_is_applied(mirror, params, heading, word, gap, worst):
    at = app_test(params)
    at.run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value == heading
    ranked = _ranked(at)
    assert len(ranked) == 2 and all(len(rows) == 5 for rows in ranked)
    titles = re.findall(r"<caption[^>]*>(.*?)</caption>", " ".join(m.proto.body for m in at.html))
    assert len(titles) == 2 and all(word in title.lower() for title in titles), "each list's title names the level"
    assert all(re.fullmatch(r"\d+(e|st|nd|rd|th) (van|of) \d+", cells[2]) for rows in ranked for cells in rows)
    assert ranked[1][0][0] == worst
    options = at.selectbox(key="w_area").options
    assert len(options) - 1 == (44 if word in ("wijken", "districts") else 114), "the area picker lists the level"
    legend = next(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)
    assert (GAP_UNIT[params.get("lang", "nl")] in legend) == gap, legend[:300]


def test_the_area_in_the_link_is_selected(mirror):
    """A link with `area` reopens with that area chosen: the picker shows it and the profile link names it."""
    at = app_test({"area": "WK051836"})
    at.run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="w_area").value == "WK051836"
    links = [link.proto for link in at.get("page_link")]
    assert any(link.label == "Bekijk het profiel van Moerwijk" and "area=WK051836" in link.query_string
               for link in links), links


def test_bad_indicator_shows_a_notice_and_the_default(mirror):
    at = app_test({"indicator": "ervaren_gezondheid_extra", "level": "stad"})
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "ervaren_gezondheid_extra" in warnings and "stad" in warnings
    assert at.title[0].value.startswith("Ervaren gezondheid goed of zeer goed")


def test_choosing_an_area_puts_it_in_the_url(mirror):
    at = app_test()
    at.run()
    at.selectbox(key="w_area").select("WK051829").run()
    assert at.query_params.get("area") in ("WK051829", ["WK051829"])


def test_english_labels(mirror):
    at = app_test({"lang": "en"})
    at.run()
    assert at.title[0].value.startswith("Self-rated health")
    assert any("Source:" in c.value for c in at.caption)


def test_without_any_data_the_app_says_what_it_needs(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDASHBOARD_NO_MIRROR", "1")
    at = app_test()
    at.run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "python -m indicators.refresh --gemeente GM0518" in message
    assert "WIJKDASHBOARD_DATA_DIR" in message and str(tmp_path) in message


@pytest.mark.parametrize(("gemeente", "kwb_2019_shown"), [("GM0503", False), ("GM0518", True)])
def test_a_grey_map_cites_no_source_of_figures(mirror, gemeente, kwb_2019_shown):
    """Delft's data lack KWB 2019: its income map is grey, with no city or NL figure in a tooltip, and its source line
    cited KWB 2019 all the same. It keeps its boundaries' year; Den Haag's map, with figures, keeps its source."""
    at = app_test({"gemeente": gemeente, "lang": "en", "indicator": "gemiddeld_inkomen_per_inwoner", "year": "2019"})
    at.run()
    assert not at.exception, at.exception
    line = next(str(c.value) for c in at.caption if "boundaries 2015" in str(c.value))
    assert ("table 84583NED, 2019" in line) == kwb_2019_shown, line
    if not kwb_2019_shown:
        assert line == "boundaries 2015"


def test_ranked_lists_are_tables_with_the_worst_area_first(mirror):
    """Beside the map: the 5 best and 5 worst wijken as plain tables; Moerwijk is the loneliest wijk in 2020."""
    at = app_test({"indicator": "eenzaam", "year": "2020", "lang": "en"})
    at.run()
    assert not at.exception, at.exception
    tables = [m.proto.body for m in at.html if 'class="wijk-table ranked"' in m.proto.body]
    assert len(tables) == 2
    best, worst = _ranked(at)
    assert "Best scoring districts" in tables[0] and "Worst scoring districts" in tables[1]
    assert len(best) == len(worst) == 5
    assert worst[0][0] == "Moerwijk" and worst[0][1].startswith("67.3")
    assert "Moerwijk" not in [row[0] for row in best]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("level", "year", "small"), [
    ("wijk", "2024", ["Oostduinen"]), ("buurt", "2019", ["Oostduinen", "Tedingerbuurt", "Vliegeniersbuurt"])])
def test_an_area_written_below_5_is_in_no_list_but_named_under_them(mirror, lang, level, year, small):
    """Inhabitants: Oostduinen (0) headed the list of the fewest as '44e van 44 wijken', and the buurten with 0 shared
    '112e van 114': a place tells what '<5' hides. The lists hold the areas with a place; a line under them names
    those written '<5', by name, without a place."""
    from indicators.describe import ordinal
    from texts.i18n import t

    at = app_test({"indicator": "aant_inw", "level": level, "year": year, "lang": lang})
    at.run()
    assert not at.exception, at.exception
    most, fewest = _ranked(at)
    listed = [cells[0] for rows in (most, fewest) for cells in rows]
    assert len(listed) == 10 and not set(small) & set(listed), listed
    assert "&lt;5" not in str(most + fewest)
    n = 44 if level == "wijk" else 114
    last = fewest[0][2]
    assert last == t("rank_of_short", lang, rank=ordinal(n - len(small), lang), n=n)
    line = t("ranked_small", lang, n=len(small), names=", ".join(small))
    assert line in [c.value for c in at.caption], [c.value for c in at.caption]


# The years with a KWB key figure per gemeente and level in the mirror: the 2015 map's buurten have none in 2024
# (CBS's buurten of 2024 are other areas), Delft has no KWB 2019 at all.
KWB_YEARS = {("GM0518", "wijk"): [2015, 2019, 2024], ("GM0518", "buurt"): [2015, 2019],
             ("GM0503", "wijk"): [2015, 2024], ("GM0503", "buurt"): [2015]}
GREY_MAP = {"nl": "de kaart blijft grijs", "en": "the map stays grey"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, level", KWB_YEARS)
def test_choosing_an_indicator_or_level_takes_a_year_with_figures(mirror, lang, gemeente, level):
    """The year follows a chosen indicator, then a chosen level, to the latest year with figures for the gemeente's
    areas of that level (it jumped to the catalogue's 2024: every buurt grey); a year with figures is kept."""
    at = app_test({"lang": lang, "gemeente": gemeente})
    at.run()
    at.radio(key="w_level").set_value(level).run()
    at.selectbox(key="w_indicator").select("aant_inw").run()
    assert not at.exception, at.exception
    year = at.selectbox(key="w_year").value
    assert year == KWB_YEARS[gemeente, level][-1] and at.title[0].value.endswith(str(year))
    assert not any(GREY_MAP[lang] in i.value for i in at.info), [i.value for i in at.info]
    other = "wijk" if level == "buurt" else "buurt"
    at.radio(key="w_level").set_value(other).run()
    years = KWB_YEARS[gemeente, other]
    assert at.selectbox(key="w_year").value == (year if year in years else years[-1])
    assert not any(GREY_MAP[lang] in i.value for i in at.info), [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, level", KWB_YEARS)
def test_a_link_without_a_year_opens_on_a_year_with_figures(mirror, lang, gemeente, level):
    """A link that names no year opens on the latest year with figures for the level's areas (a buurt link of
    inhabitants opened on 2024, every buurt grey); a link that names a year keeps it, grey map and all."""
    at = app_test({"lang": lang, "gemeente": gemeente, "level": level, "indicator": "aant_inw"})
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="w_year").value == KWB_YEARS[gemeente, level][-1]
    assert at.query_params.get("year") == str(KWB_YEARS[gemeente, level][-1]), "the link names it"
    assert not any(GREY_MAP[lang] in i.value for i in at.info), [i.value for i in at.info]
    named = app_test({"lang": lang, "gemeente": gemeente, "level": level, "indicator": "aant_inw", "year": "2024"})
    named.run()
    assert named.selectbox(key="w_year").value == 2024
    assert any(GREY_MAP[lang] in i.value for i in named.info) == (2024 not in KWB_YEARS[gemeente, level])


EMPTY_YEAR = {"nl": "geen cijfers", "en": "no figures"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, level", KWB_YEARS)
def test_the_year_picker_marks_years_without_figures(mirror, lang, gemeente, level):
    """Each year the picker offers says whether the level's areas have figures in it: choosing 2024 at buurt level
    gave a grey map without warning."""
    at = app_test({"lang": lang, "gemeente": gemeente, "level": level, "indicator": "aant_inw"})
    at.run()
    mark = EMPTY_YEAR[lang]
    shown = at.selectbox(key="w_year").options
    assert len(shown) == 3
    for year, label in zip([2015, 2019, 2024], shown):
        assert label == (str(year) if year in KWB_YEARS[gemeente, level] else f"{year} · {mark}")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_map_of_another_division_than_its_boundaries_says_so(mirror, lang):
    """Rijswijk's wijken of 2020 (11) are another division than its boundaries' of 2015 (9): the map stays grey and
    a notice names the gemeente, the year, both counts and how to get newer boundaries; not the 'no figures' line.
    Den Haag kept its division: no notice."""
    from indicators.describe import other_division_text
    from texts.i18n import t

    at = app_test({"gemeente": "GM0603", "lang": lang, "year": "2020"})
    at.run()
    assert not at.exception, at.exception
    why = other_division_text("map_other_division", lang, city="Rijswijk", years=[2020], level="wijk",
                              boundary_year=2015, n_year=11, n_map=9)
    expected = f"{why} {t('map_newer_boundaries', lang, code='GM0603')}"
    assert [i.value for i in at.info] == [expected]  # the only notice: not also the 'no figures in 2020' line
    assert all(part in expected for part in ("Rijswijk", "2020", "11", "9", "2015", "GM0603", t("dl_other", lang)))
    assert _ranked(at) == [], "no area is ranked with another area's figure"
    den_haag = app_test({"lang": lang, "year": "2020"})
    den_haag.run()
    assert not den_haag.exception
    assert not any("GM0518" in i.value for i in den_haag.info)
    assert len(_ranked(den_haag)) == 2


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_year_of_as_many_areas_as_the_map_but_other_ones_says_so(mirror, lang):
    """Westland's buurten of 2020 are 73, as are its boundaries' of 2015, but one code differs (BU17830111): the
    notice read '73 buurten, de kaart heeft er 73', as if nothing differed. It says that they are as many, not all the
    same ones."""
    from indicators.describe import other_division_text
    from texts.i18n import t

    at = app_test({"gemeente": "GM1783", "level": "buurt", "lang": lang, "year": "2020"})
    at.run()
    assert not at.exception, at.exception
    why = other_division_text("map_other_division_as_many", lang, city="Westland", years=[2020], level="buurt",
                              boundary_year=2015, n_year=73, n_map=73)
    assert [i.value for i in at.info] == [f"{why} {t('map_newer_boundaries', lang, code='GM1783')}"]
    assert ("evenveel" if lang == "nl" else "as many") in why


@pytest.mark.parametrize("indicator, year, noted", [("aant_inw", 2024, True), ("p_65_eo_jr", 2015, True),
                                                     ("eenzaam", 2020, False), ("overgewicht", 2016, False)])
def test_only_a_figure_of_all_ages_gets_the_note(indicator, year, noted):
    from indicators.catalogue import catalogue
    from indicators.describe import all_ages_note
    from texts.i18n import t

    ind = catalogue().indicator(indicator)
    for age, lang in [("18plus", "nl"), ("65plus", "en")]:
        note = all_ages_note(ind, year, age, lang)
        assert note == (t("map_all_ages", lang, age=t(f"age_{age}", lang)) if noted else None)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("age", ["18plus", "65plus"])
def test_a_figure_without_age_groups_says_the_sidebars_age_is_not_its_own(mirror, lang, age):
    """65+ in the sidebar over 'Number of inhabitants · 2024' read as the inhabitants of 65 and over."""
    from texts.i18n import t

    said = t("map_all_ages", lang, age=t(f"age_{age}", lang))
    at = app_test({"indicator": "aant_inw", "age": age, "lang": lang})
    at.run()
    assert not at.exception, at.exception
    assert said in [c.value for c in at.caption]
    at = app_test({"indicator": "eenzaam", "age": age, "lang": lang})  # a health figure of that age group
    at.run()
    assert said not in [c.value for c in at.caption] and t(f"age_{age}", lang) in at.title[0].value
