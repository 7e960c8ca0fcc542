"""AppTest of /vergelijk: 2 and 8 areas in nl and en, groups, bad links, widgets that write the URL."""
from __future__ import annotations

import json
import math

import pytest

from charts.bivariate import PALETTE_HEX

from indicators.observations import build_observations
from tests.conftest import app_test, chart_figures, trace_numbers
from tests.html_tables import sent_tables

WIJKEN_8 = ["WK051836", "WK051838", "WK051833", "WK051834", "WK051829", "WK051830", "WK051804", "WK051813"]




def open_compare(params: dict[str, str]):
    """The app opened at /vergelijk with the given link parameters."""
    at = app_test(params)
    at.switch_page("views/vergelijk.py")
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith(("Vergelijken", "Compare")), "the router did not open /vergelijk"
    assert at.radio(key="w_lang").value == params.get("lang", "nl")  # the shared sidebar ran
    return at


def bivariate_map_args(at) -> dict:
    """The arguments of the bivariate map (the map component, ui/components/areamap) in the last run."""
    maps = [e.proto for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]
    assert len(maps) == 1, "the page draws one map: the bivariate map"
    return json.loads(maps[0].json_args)


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


def compared_codes(at) -> list[str]:
    table = sent_tables(at)[0]
    return list(table[table.columns[1]])


@pytest.mark.parametrize("lang, title", [("nl", "Vergelijken"), ("en", "Compare")])
def test_two_areas(mirror, lang, title):
    at = open_compare({"areas": "WK051836,WK051804", "lang": lang})
    assert at.title[0].value.startswith(title)
    assert not at.warning, texts(at.warning)
    assert compared_codes(at)[:2] == ["WK051836", "WK051804"]
    assert compared_codes(at)[2:] == ["GM0518", "NL01"]
    assert len(chart_figures(at)) == 1  # the bars (one unit): the other tabs are not drawn
    assert len(at.get("download_button")) == 2  # CSV + Excel of the comparison


TAB_CONTENTS = {  # each tab: what only it draws (a widget key), its charts, its downloads, and whether it has the map
    "areas": ("w_areas", 1, 2, False),
    "ranking": ("w_indicator", 1, 2, False),
    "gradient": ("w_y", 1, 2, True),
}


AREAS_OF = {"GM0518": "WK051836,WK051838", "GM0503": "WK050311,WK050312"}  # two wijken of each gemeente


@pytest.mark.parametrize("gemeente", list(AREAS_OF))
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("section", list(TAB_CONTENTS))
def test_each_tab_draws_only_its_own_view(mirror, section, lang, gemeente):
    """Only the open tab (the link's `section`) is run and sent: its widgets, charts, downloads and map, and none
    of the other tabs'. All three tabs are labelled in the page's language."""
    from texts.i18n import t

    at = open_compare({"section": section, "lang": lang, "gemeente": gemeente, "areas": AREAS_OF[gemeente]})
    assert not at.warning, texts(at.warning)
    key, charts, downloads, has_map = TAB_CONTENTS[section]
    assert [tab.label for tab in at.tabs] == [
        t("cmp_compare_header", lang), t("cmp_rank_header", lang, areas=t("level_plural_wijk", lang)),
        t("cmp_gradient_header", lang)]
    keys = {w.key for w in at.main if getattr(w, "key", None)}
    assert key in keys and not {k for other, (k, *_) in TAB_CONTENTS.items() if other != section} & keys
    assert len(chart_figures(at)) == charts
    assert len(at.get("download_button")) == downloads
    assert bool([e for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]) is has_map
    assert at.query_params.get("section") in ((None, [], "") if section == "areas" else (section, [section]))
    if has_map:
        bivariate = bivariate_map_args(at)
        assert bivariate["palette"][:9] == list(PALETTE_HEX.values()) and bivariate["clickable"] is False
    assert not at.get("deck_gl_json_chart")


def open_tab(at) -> str:
    """The label of the tab the browser is told to show open."""
    container = next(node for node in at._tree if getattr(node, "type", "") == "tab_container")
    return at.tabs[container.proto.tab_container.default_tab_index].label


def test_the_open_tab_survives_a_language_and_a_level_switch(mirror):
    """The tabs' labels change with the language and the level (the ranking names its areas): the view keeps the
    ranking open, and the browser is told to show that tab, not the first."""
    at = open_compare({"section": "ranking"})
    assert open_tab(at) == "Rangorde van alle wijken"
    for key, value, label in (("w_lang", "en", "Ranking of all districts"),
                              ("w_level", "buurt", "Ranking of all neighbourhoods")):
        at.radio(key=key).set_value(value).run()
        assert not at.exception, at.exception
        assert open_tab(at) == label and at.selectbox(key="w_indicator").value
        assert at.query_params.get("section") in ("ranking", ["ranking"])


def test_a_broken_section_opens_the_first_tab_with_a_notice(mirror):
    at = open_compare({"section": "kaart"})
    assert "kaart" in texts(at.warning)
    assert compared_codes(at)[:4] == ["WK051836", "WK051838", "WK051833", "WK051834"]  # the first tab's default
    assert at.query_params.get("section") in (None, [], "")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_eight_areas(mirror, lang):
    at = open_compare({"areas": ",".join(WIJKEN_8), "lang": lang,
                       "indicators": "ervaren_gezondheid_goed_zeer_goed,gemiddeld_inkomen_per_inwoner"})
    assert not at.warning, texts(at.warning)
    assert compared_codes(at)[:8] == WIJKEN_8
    assert at.multiselect(key="w_areas").value == WIJKEN_8
    assert at.multiselect(key="w_indicators").value == ["ervaren_gezondheid_goed_zeer_goed",
                                                        "gemiddeld_inkomen_per_inwoner"]
    assert len(chart_figures(at)) == 2  # percent and euro bars apart


def test_more_than_eight_areas_gives_a_notice(mirror):
    at = open_compare({"areas": ",".join(WIJKEN_8 + ["WK051801"])})
    assert "WK051801" in texts(at.warning)
    assert compared_codes(at)[:8] == WIJKEN_8 and "WK051801" not in compared_codes(at)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("n_areas, shown_groups", [(6, ["zuidwest", "laak"]), (7, ["zuidwest"]), (8, [])])
def test_the_group_picker_shows_the_groups_the_chart_draws(mirror, n_areas, shown_groups, lang):
    """Areas and groups together are at most eight: with seven areas and two groups the picker kept both groups while
    the chart and table left the second out (a warning said so). The picker shows what is drawn, allows no more than
    there is room for (none: it is off), and the warning says the rest were left out."""
    from texts.i18n import t

    at = open_compare({"areas": ",".join(WIJKEN_8[:n_areas]), "groups": "zuidwest,laak", "lang": lang})
    picker = at.multiselect(key="w_groups")
    assert picker.value == shown_groups
    assert picker.proto.max_selections == (8 - n_areas or 0) and picker.disabled is (n_areas == 8)
    assert compared_codes(at) == [*WIJKEN_8[:n_areas], *shown_groups, "GM0518", "NL01"]
    left_out = t("cmp_too_many", lang, max=8)
    assert (left_out in texts(at.warning)) is (len(shown_groups) < 2), texts(at.warning)


@pytest.mark.parametrize("areas, bad", [("WK051836,WK051899", "WK051899"), ("WK051836,Moerwijk", "Moerwijk")])
def test_unknown_or_malformed_code_gives_a_notice(mirror, areas, bad):
    at = open_compare({"areas": areas})
    assert bad in texts(at.warning)
    assert not sent_tables(at)  # nothing compared
    assert any("2" in i.value for i in at.info)  # one area left: "choose at least 2"


def test_unknown_indicator_gives_a_notice(mirror):
    at = open_compare({"areas": "WK051836,WK051838", "indicators": "eenzaam,geluk"})
    assert "geluk" in texts(at.warning)
    assert at.multiselect(key="w_indicators").value == ["eenzaam"]


def test_group_is_a_population_weighted_mean_and_says_so(mirror):
    at = open_compare({"areas": "WK051836,WK051838", "groups": "zuidwest",
                       "indicators": "ervaren_gezondheid_goed_zeer_goed,gemiddeld_inkomen_per_inwoner"})
    assert not at.warning, texts(at.warning)
    assert "bevolkingsgewogen" in texts(at.info)
    assert "Gemiddeld inkomen per inwoner" in texts(at.caption)  # left out for groups: not a percentage
    table = sent_tables(at)[0]
    group = table[table[table.columns[1]] == "zuidwest"].iloc[0]
    assert group[table.columns[2]].endswith("%")
    assert group[table.columns[3]].startswith("n.v.t.")  # euros: no group value, said in words
    assert "bevolkingsgewogen" in group[table.columns[-1]]


def test_buurten_and_65plus(mirror):
    at = open_compare({"areas": "BU05183620,BU05183637,WK051836", "level": "buurt", "age": "65plus", "lang": "en"})
    assert not at.warning, texts(at.warning)
    assert compared_codes(at)[:3] == ["BU05183620", "BU05183637", "WK051836"]
    assert "neighbourhoods" in at.tabs[1].label  # the ranking's tab: of all buurten


@pytest.mark.parametrize("age, short, words", [("18plus", "18+", "18 years and over"),
                                               ("65plus", "65+", "65 years and over")])
def test_the_charts_and_tables_name_the_age_group_of_their_figures(mirror, age, short, words):
    """The sidebar's age is out of sight on a phone and in a screenshot; CBS's key figures have no age group."""
    at = open_compare({"age": age, "lang": "en", "indicators": "eenzaam,aant_inw"})
    headers = list(sent_tables(at)[0].columns)
    assert f"Lonely (2020, {short})" in headers and "Number of inhabitants (2019)" in headers, headers
    at = open_compare({"age": age, "lang": "en", "section": "ranking", "indicator": "eenzaam"})
    titles = [fig["layout"]["title"]["text"] for fig in chart_figures(at)]
    assert len(titles) == 1 and f"Lonely · {words} · 2020" in titles[0], titles


def test_an_indicator_without_figures_here_gets_no_empty_chart_but_its_column(mirror):
    """Delft has no KWB 2019 (income per inhabitant): its bars would be an empty chart; the table says why."""
    at = open_compare({"gemeente": "GM0503", "lang": "en",
                       "indicators": "eenzaam,gemiddeld_inkomen_per_inwoner,aant_inw"})
    assert len(chart_figures(at)) == 2  # percentages and counts; no empty chart of euros
    table = sent_tables(at)[0]
    income = next(c for c in table.columns if c.startswith("Average income per inhabitant"))
    assert set(table[income]) == {"no data"}
    inhabitants = next(c for c in table.columns if c.startswith("Number of inhabitants"))
    assert inhabitants == "Number of inhabitants (2024)" and "no data" not in set(table[inhabitants][:4])


BUURTEN_OF = {"GM0518": ("BU05183620,BU05183637,BU05183638", "2019"),  # KWB 2015 and 2019 for buurten, 2024 not
              "GM0629": ("BU06290000,BU06290008,BU06290107,BU06290101", "2015")}  # KWB 2015 only


# the view's year: the map's indicator's (self-rated health: 2020), or inhabitants 2024 chosen on the map
@pytest.mark.parametrize("view_year", [{}, {"indicator": "aant_inw", "year": "2024"}])
@pytest.mark.parametrize("gemeente", list(BUURTEN_OF))
def test_buurten_are_compared_in_the_nearest_year_with_their_own_figures(mirror, gemeente, view_year):
    """The wijken's KWB 2024 is no buurt's: the column of inhabitants read '(2024)' and 'no data' in every buurt's
    cell beside the buurten's own 2019 (Den Haag) or 2015 (Wassenaar) figures."""
    areas, year = BUURTEN_OF[gemeente]
    at = open_compare({"gemeente": gemeente, "lang": "en", "level": "buurt", "areas": areas, **view_year,
                       "indicators": "ervaren_gezondheid_goed_zeer_goed,wwb_uittot,aant_inw,p_65_eo_jr"})
    table = sent_tables(at)[0]
    compared = table.iloc[:len(areas.split(","))]
    column = next(c for c in table.columns if c.startswith("Number of inhabitants"))
    assert column == f"Number of inhabitants ({year})", list(table.columns)
    assert not compared[column].str.startswith("no data").any(), compared[column].tolist()


@pytest.mark.parametrize(("gemeente", "kwb_2019_shown"), [("GM0503", False), ("GM0518", True)])
@pytest.mark.parametrize("section", ["areas", "ranking"])
def test_the_sources_line_cites_kwb_2019_only_where_its_figures_are_shown(mirror, gemeente, kwb_2019_shown, section):
    """Delft's income per inhabitant (KWB 2019) reads 'no data' in every cell and ranks no wijk: the sources line cited
    'KWB 2019' all the same. Den Haag's figures are shown, so its line keeps that source beside the others."""
    at = open_compare({"gemeente": gemeente, "lang": "en", "section": section, "indicator":
                       "gemiddeld_inkomen_per_inwoner", "indicators": "eenzaam,gemiddeld_inkomen_per_inwoner"})
    sources = " / ".join(str(c.value) for c in at.caption if "(CC BY 4.0)" in str(c.value))
    assert ("table 84583NED, 2019" in sources) == kwb_2019_shown, sources
    assert ("table 50090NED, 2020" in sources) == (section == "areas"), sources  # the ranking: income alone
    assert sources.count("Source:") == kwb_2019_shown + (section == "areas")  # Delft's ranking: nothing to cite


def test_choosing_areas_and_indicators_writes_the_url(mirror):
    at = open_compare({})
    at.multiselect(key="w_areas").set_value(["WK051829", "WK051830"]).run()
    at.multiselect(key="w_indicators").set_value(["eenzaam"]).run()
    assert not at.exception
    assert at.query_params.get("areas") in ("WK051829,WK051830", ["WK051829,WK051830"])
    assert at.query_params.get("indicators") in ("eenzaam", ["eenzaam"])
    assert compared_codes(at)[:2] == ["WK051829", "WK051830"]


def test_one_area_asks_for_two(mirror):
    at = open_compare({"areas": "WK051836"})
    assert not at.warning
    assert any("2" in i.value for i in at.info)
    assert not at.get("download_button") and not chart_figures(at)  # nothing compared: nothing to download



@pytest.mark.parametrize("level, lang", [("wijk", "nl"), ("buurt", "en")])
def test_bivariate_map_colours_each_area_as_the_legend_counts_it(mirror, level, lang):
    """The map component gets a class per area of its geometry file, in that file's order: the areas drawn in each
    class's colour are as many as the legend's square counts, and every grey area carries a "no data" note."""
    import re

    from ui.components.static_files import PROJECT_ROOT

    at = open_compare({"level": level, "lang": lang, "section": "gradient"})
    args = bivariate_map_args(at)
    geometry = json.loads((PROJECT_ROOT / "static" / args["geometry"].removeprefix("app/static/")).read_text())
    assert len(args["classes"]) == len(geometry["codes"]) == len(args["tips"])
    legend = next(m.proto.body for m in at.html if "bivariate-legend" in m.proto.body)
    counts = {key: int(n) for key, n in re.findall(r'title="(\d-\d)"[^>]*>(\d+)<', legend)}
    assert len(counts) == 9 and sum(counts.values()) > 0
    drawn = [args["palette"][c] if c >= 0 else None for c in args["classes"]]
    assert {key: drawn.count(PALETTE_HEX[key]) for key in counts} == counts
    grey = drawn.count(None)
    assert f"({grey})" in legend  # "geen gegevens (n)"
    no_data = "no data" if lang == "en" else "geen gegevens"
    assert len(args["notes"]) == grey and all(note[2] == no_data for note in args["notes"])
    # each area's tooltip names its class; a grey one says there is no data
    lines = args["lines"]
    for cls, tip in zip(drawn, args["tips"]):
        text = " ".join(lines[n] for n in tip)
        assert (no_data in text.lower()) if cls is None else ("Class" in text or "Klasse" in text)


@pytest.mark.slow
@pytest.mark.parametrize("gemeente, default_has_figures", [("GM0518", True), ("GM0503", False)])
@pytest.mark.parametrize("level, lang", [("wijk", "nl"), ("buurt", "en")])
def test_the_gradient_takes_a_social_axis_with_figures_in_every_gemeente(mirror, gemeente, default_has_figures,
                                                                          level, lang):
    """Outside Den Haag the default social axis (low-income households, KWB 2019) has no figures: the page takes
    the first social indicator that has them and says so once. Both maps colour areas, with notes in the grey ones."""
    from indicators.catalogue import catalogue
    from indicators.observations import build_observations
    from indicators.view import View

    tidy = build_observations(gemeente)
    has_figures = lambda i: bool(tidy[(tidy["indicator"] == i) & (tidy["level"] == level)]["value"].notna().any())  # noqa: E731
    default = View().x
    assert has_figures(default) is default_has_figures  # the data this test is about
    at = open_compare({"gemeente": gemeente, "level": level, "lang": lang, "section": "gradient"})
    assert not at.exception, at.exception
    x = at.session_state["w_x"]
    assert has_figures(x) and has_figures(at.session_state["w_y"])
    said = [c.value for c in at.caption if catalogue().indicator(default).label.get(lang) in c.value]
    if default_has_figures:
        assert x == default and not said
    else:
        assert x != default and at.query_params.get("x") in (x, [x])
        assert len(said) == 1 and ("geen cijfers" if lang == "nl" else "no figures") in said[0]
    args = bivariate_map_args(at)
    grey = sum(c < 0 for c in args["classes"])
    assert grey < len(args["classes"]) and len(args["notes"]) == grey  # coloured areas; notes in the grey ones


@pytest.mark.slow
@pytest.mark.parametrize("gemeente", ["GM0603", "GM1916"])
@pytest.mark.parametrize("level, lang", [("wijk", "nl"), ("buurt", "en")])
def test_a_gemeente_whose_health_figures_are_all_of_another_division_gets_no_gradient_and_why(mirror, gemeente,
                                                                                               level, lang):
    """Rijswijk's and Leidschendam-Voorburg's health figures are all of other areas than their 2015 boundaries: the
    gradient drew an all-grey map of them. No health axis is offered now; the notice names the years and why."""
    from texts.i18n import t

    at = open_compare({"gemeente": gemeente, "level": level, "lang": lang, "section": "gradient"})
    assert not at.exception, at.exception
    maps = [e for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]
    assert "w_y" not in at.session_state and not maps  # no axes, no bivariate map
    why = t("cmp_axis_other_division", lang, areas=t(f"level_plural_{level}", lang))
    assert any(why in str(i.value) and "2016" in str(i.value) for i in at.info), [i.value for i in at.info]


def test_the_gradient_section_follows_its_axes_language_and_level(mirror):
    """The gradient's figure, map classes, legend, class table and sources are built once per process and view
    (views.vergelijk_panels.gradient_parts, kept by ui.cache.built): each change of the view shows that view's,
    never the parts built before."""
    from indicators.catalogue import catalogue
    from texts.i18n import t

    cat = catalogue()
    at = open_compare({"section": "gradient"})

    def shown(lang: str) -> tuple[dict, str, list[str]]:
        assert not at.exception, at.exception
        legend = next(m.proto.body for m in at.html if "bivariate-legend" in m.proto.body)
        ranges = next(df for df in sent_tables(at) if df.columns[0] == t("cmp_col_class", lang))
        return bivariate_map_args(at), legend, list(ranges.columns)

    args, legend, columns = shown("nl")
    y_before = at.session_state["w_y"]
    y_after = "eenzaam" if y_before != "eenzaam" else "roker"
    at.selectbox(key="w_y").set_value(y_after).run()
    args2, legend2, columns2 = shown("nl")
    label = cat.indicator(y_after).label.get("nl")
    assert columns2[2].startswith(label) and label in legend2 and cat.indicator(y_before).label.get("nl") not in legend2
    assert args2["tips"] != args["tips"]

    at.radio(key="w_lang").set_value("en").run()
    args3, legend3, columns3 = shown("en")
    assert columns3[2].startswith(cat.indicator(y_after).label.get("en")) and "no data" in legend3.lower()
    assert args3["classes"] == args2["classes"]  # the same view: only its words changed

    at.radio(key="w_level").set_value("buurt").run()
    args4, _, _ = shown("en")
    coloured = lambda a: sum(c >= 0 for c in a["classes"])  # noqa: E731
    assert coloured(args4) > 2 * coloured(args3)  # Den Haag's buurten coloured, not its wijken


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_gemeente_switch_leaves_out_the_areas_and_groups_of_the_one_before(mirror, lang):
    """Switching to Delft with Den Haag's areas and a group chosen: they are drawn nowhere there, so they leave the
    view and the link (a copied Delft link carried them before, and its reader got notices about areas the sender
    never saw); Delft has no groups, so the picker says so and is disabled. Switching back does not bring them."""
    at = open_compare({"areas": "WK051829,WK051830,BU05183620", "groups": "zuidwest", "lang": lang})
    assert at.multiselect(key="w_groups").value == ["zuidwest"] and not at.multiselect(key="w_groups").disabled
    at.selectbox(key="w_gemeente").set_value("GM0503").run()
    assert not at.exception, at.exception
    assert "areas" not in at.query_params and "groups" not in at.query_params
    assert at.query_params["gemeente"] == "GM0503"
    assert not at.warning, texts(at.warning)  # no "group cannot be used" for a group nobody chose in Delft
    groups = at.multiselect(key="w_groups")
    assert groups.disabled and groups.value == [] and "Delft" in groups.placeholder
    at.multiselect(key="w_areas").set_value(["WK050311", "WK050312"]).run()
    assert compared_codes(at)[:2] == ["WK050311", "WK050312"]
    at.selectbox(key="w_gemeente").set_value("GM0518").run()
    assert not at.exception, at.exception
    assert "areas" not in at.query_params  # Delft's areas left out in turn: Den Haag's default comparison
    assert at.multiselect(key="w_areas").value == ["WK051836", "WK051838", "WK051833", "WK051834"]


@pytest.mark.parametrize("gemeente", ["GM0503", "GM1783"])  # Delft, Westland: no focus wijken of their own
def test_another_gemeente_opens_on_its_four_wijken_of_worst_self_rated_health(mirror, gemeente):
    at = open_compare({"gemeente": gemeente, "lang": "en"})
    opening = at.multiselect(key="w_areas").value
    tidy = build_observations(gemeente)
    rated = tidy[(tidy.indicator == "ervaren_gezondheid_goed_zeer_goed") & (tidy.level == "wijk")
                 & (tidy.year == 2020) & (tidy.age == "18plus")].dropna(subset=["value"])
    assert set(opening) == set(rated.nsmallest(4, "value")["area_code"]) and len(opening) == 4
    assert compared_codes(at)[:4] == opening and len(chart_figures(at)) == 1
    assert "areas" not in at.query_params  # a link without areas opens the same comparison


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente", ["GM0603", "GM1916"])
def test_a_gemeente_whose_health_figures_are_of_other_wijken_opens_without_areas_and_says_why(mirror, gemeente, lang):
    """Rijswijk's and Leidschendam-Voorburg's health figures are all of other wijken than their 2015 boundaries: the
    comparison opened on four wijken chosen by those figures, each '(no data)' in the legend. It opens on none now,
    and says why, naming the years."""
    from texts.i18n import t

    at = open_compare({"gemeente": gemeente, "lang": lang})
    assert at.multiselect(key="w_areas").value == []
    why = t("cmp_opening_other_division", lang)
    assert any(why in c.value and "2016" in c.value for c in at.caption), [c.value for c in at.caption]
    assert t("cmp_pick_two", lang, max=8) in [i.value for i in at.info]
    delft = open_compare({"gemeente": "GM0503", "lang": lang})  # an opening of its own: nothing said
    assert len(delft.multiselect(key="w_areas").value) == 4 and not [c for c in delft.caption if why in c.value]


BUURTEN_OPENING = {"GM0629": ["BU06290102", "BU06290103", "BU06290006", "BU06290110"],  # worst self-rated health
                   "GM0518": ["BU05183536", "BU05182916", "BU05183637", "BU05183032"]}  # (2020, 18+)


@pytest.mark.parametrize("gemeente", list(BUURTEN_OPENING))
def test_a_view_of_buurten_opens_on_the_buurten_of_worst_self_rated_health(mirror, gemeente):
    """It opened on four wijken, '(district)' in a picker of buurten, whatever the view's level."""
    at = open_compare({"gemeente": gemeente, "lang": "en", "level": "buurt"})
    assert at.multiselect(key="w_areas").value == BUURTEN_OPENING[gemeente]
    assert compared_codes(at)[:4] == BUURTEN_OPENING[gemeente] and len(chart_figures(at)) == 1
    assert "areas" not in at.query_params  # nothing chosen: the link stays without areas


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, level, area", [("GM0637", "buurt", "BU06370501"), ("GM0518", "wijk", "WK051813")])
def test_the_area_and_indicator_chosen_on_the_map_open_the_comparison(mirror, lang, gemeente, level, area):
    """The map's link carries its area and indicator (Zoetermeer's Rokkeveen-Oost, underweight); /vergelijk opened
    on four other areas and its three default indicators. Now the chosen ones come first, as many as before, and
    the link still names no areas or indicators of its own."""
    at = open_compare({"gemeente": gemeente, "level": level, "area": area, "indicator": "ondergewicht",
                       "lang": lang})
    opening = at.multiselect(key="w_areas").value
    assert opening[0] == area and len(opening) == 4 and compared_codes(at)[:4] == opening
    assert at.multiselect(key="w_indicators").value == ["ondergewicht", "ervaren_gezondheid_goed_zeer_goed",
                                                          "moeite_met_rondkomen"]
    assert "areas" not in at.query_params and "indicators" not in at.query_params
    plain = open_compare({"gemeente": gemeente, "level": level, "lang": lang})  # no area, the default indicator
    assert area not in plain.multiselect(key="w_areas").value
    assert plain.multiselect(key="w_indicators").value == ["ervaren_gezondheid_goed_zeer_goed",
                                                           "moeite_met_rondkomen", "eenzaam"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_small_counts_of_people_are_written_but_never_drawn(mirror, lang):
    """Inhabitants per buurt: the ranking's bars and the comparison's bars leave out a buurt with fewer than 5
    (a bar's length gives the number away as well as a label); the tables write '<5' and a caption names the buurten
    left out of the ranking's chart. Tedingerbuurt (BU05184209) had 0 inhabitants in 2015 and 2019. The city's total
    is no line over the areas' bars (it flattened them)."""
    from texts.i18n import t

    at = open_compare({"section": "ranking", "indicator": "aant_inw", "year": "2019", "level": "buurt",
                       "lang": lang})
    (ranking,) = chart_figures(at)
    drawn = [code for trace in ranking["data"] if trace.get("type") == "bar" for code in trace["y"]]
    assert "BU05184209" not in drawn and "BU05183620" in drawn and len(drawn) > 50
    city = "Den Haag" if lang == "nl" else "The Hague"  # a total: no line at 537,833 over bars of a few thousand
    assert not ranking["layout"].get("shapes")
    assert not [trace for trace in ranking["data"] if trace.get("name", "").startswith(city)]
    rates = chart_figures(open_compare({"section": "ranking", "indicator": "eenzaam", "level": "buurt", "lang": lang}))
    assert rates[0]["layout"]["shapes"]  # a rate keeps its city line
    notes = [c.value for c in at.caption if c.value.startswith(t("cmp_rank_small", lang, n=0, names="").split("(")[0])]
    assert len(notes) == 1 and "Tedingerbuurt" in notes[0]
    at = open_compare({"areas": "BU05184209,BU05183620", "indicators": "aant_inw", "year": "2019", "lang": lang})
    bars = {trace["name"]: trace_numbers(trace["y"]) for trace in chart_figures(at)[0]["data"] if trace.get("type") == "bar"}
    assert math.isnan(bars["Tedingerbuurt"][0]) and bars["Moerwijk-Oost"][0] > 5
    assert city not in [trace.get("name") for trace in chart_figures(at)[0]["data"]]
    assert "<5" in sent_tables(at)[0].to_string()



@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("axis, indicator", [("x", "p_n_w_al"), ("y", "huishoudens_met_een_laag_inkomen")])
def test_an_axis_of_another_kind_is_told_so_not_that_it_has_no_figures(mirror, lang, axis, indicator):
    """`x=p_n_w_al` (a population share, with figures for 43 of Den Haag's wijken) was told 'has no figures for the
    wijken of Den Haag': the gradient's axes offer social and health indicators only, and the caption says that."""
    from indicators.catalogue import catalogue

    at = open_compare({"lang": lang, "section": "gradient", axis: indicator})
    assert not at.exception, at.exception
    assert at.session_state[f"w_{axis}"] != indicator
    label = catalogue().indicator(indicator).label.get(lang)
    said = [c.value for c in at.caption if label in c.value]
    assert len(said) == 1, said
    kind = {("x", "nl"): "geen sociale", ("x", "en"): "not a social", ("y", "nl"): "geen gezondheids",
            ("y", "en"): "not a health"}[axis, lang]
    assert kind in said[0] and "geen cijfers" not in said[0] and "no figures" not in said[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_ranking_of_another_division_than_the_boundaries_says_why(mirror, lang):
    """Rijswijk's health figures of 2020 are of other wijken than its 2015 boundaries: no bars (it ranked the 2015
    wijken by later areas' figures under their codes), and a caption says why. Den Haag's ranking has no such line."""
    from indicators.describe import other_division_text
    from texts.i18n import t

    at = open_compare({"gemeente": "GM0603", "lang": lang, "section": "ranking", "year": "2020"})
    why = other_division_text("cmp_rank_other_division", lang, city="Rijswijk", years=[2020], level="wijk",
                              boundary_year=2015)
    assert why in [c.value for c in at.caption] and "Rijswijk" in why and "2020" in why and "2015" in why
    assert not chart_figures(at)
    den_haag = open_compare({"lang": lang, "section": "ranking", "year": "2020"})
    consequence = t("cmp_rank_other_division", lang, areas=t("level_plural_wijk", lang))
    assert consequence in why and not any(consequence in c.value for c in den_haag.caption)
    assert chart_figures(den_haag)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_linked_group_outside_the_gemeente_is_dropped_with_one_notice_and_leaves_the_link(mirror, lang):
    """Zoetermeer with Den Haag's Zuidwest and an unknown group: the link's notice said "showing Zuidwest" (only
    `bogus` dropped), then the page said Zuidwest lay outside the gemeente and left it out, and the link kept
    groups=zuidwest, so that second warning came back on every reload. Now the link is fitted to the gemeente as
    it is read: one notice, that both were dropped, and the link loses them."""
    at = open_compare({"gemeente": "GM0637", "groups": "zuidwest,bogus", "lang": lang})
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1, warnings
    (notice,) = warnings
    assert "‘groups’" in notice
    assert notice.endswith("we hebben hem genegeerd." if lang == "nl" else "it was ignored."), notice
    assert "groups" not in at.query_params
    assert at.session_state["view"].groups == ()
    assert at.multiselect(key="w_groups").value == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_group_chosen_on_the_page_leaves_view_and_link_on_a_switch_to_a_gemeente_without_it(mirror, lang):
    """Zuidwest chosen in the picker, then Zoetermeer in the sidebar: the group lies outside it, so it leaves the
    view and the link at once (no warning about a group the reader did not choose there), and switching back to
    Den Haag does not bring it back."""
    at = open_compare({"lang": lang})
    at.multiselect(key="w_groups").set_value(["zuidwest"]).run()
    assert at.query_params["groups"] == "zuidwest"
    at.selectbox(key="w_gemeente").set_value("GM0637").run()
    assert not at.exception, at.exception
    assert at.query_params["gemeente"] == "GM0637" and "groups" not in at.query_params
    assert at.session_state["view"].groups == ()
    assert not at.warning, texts(at.warning)
    at.selectbox(key="w_gemeente").set_value("GM0518").run()
    assert "groups" not in at.query_params and at.multiselect(key="w_groups").value == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rijswijks_wijken_without_figures_are_named_so_in_the_legend(mirror, lang):
    """Rijswijk's health figures of 2020 are of other wijken than its 2015 boundaries: no bar for any of them, and
    the legend said only their names."""
    from texts.i18n import t

    at = open_compare({"gemeente": "GM0603", "areas": "WK060301,WK060304", "lang": lang})  # chosen: none opens
    bars = [trace["name"] for trace in chart_figures(at)[0]["data"] if trace.get("type") == "bar"]
    assert len(bars) == 2 and all(name.endswith(f"({t('no_data', lang)})") for name in bars), bars


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_wijk_and_a_buurt_of_one_name_are_told_apart(mirror, lang):
    """Den Haag has a wijk and a buurt of one name 17 times (Valkenboskwartier): a legend read "Oostduinen, Moerwijk,
    Oostduinen"."""
    from texts.i18n import t

    at = open_compare({"areas": "WK051820,WK051836,BU05182055", "lang": lang})
    bars = [trace["name"] for trace in chart_figures(at)[0]["data"] if trace.get("type") == "bar"]
    wijk, buurt = (t("prof_option", lang, name="Valkenboskwartier", level=t(f"prof_word_{lv}", lang)) for lv in ("wijk", "buurt"))
    assert bars == [wijk, "Moerwijk", buurt]
    assert wijk in sent_tables(at)[0].to_string() and buurt in sent_tables(at)[0].to_string()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("year", [2016, 2020])
def test_the_compare_and_gradient_tabs_say_whose_year_they_show(mirror, year, lang):
    """The year picked on the ranking tab also set the other two tabs' figures, which have no year picker, without
    a word. They name the year and where it is chosen; the comparison's columns are of that year."""
    from texts.i18n import t

    said = t("cmp_year_from_ranking", lang, year=year, tab=t("cmp_rank_header", lang, areas=t("level_plural_wijk",
                                                                                                  lang)))
    at = open_compare({"year": str(year), "lang": lang})
    assert said in [c.value for c in at.caption]
    headers = [h for h in sent_tables(at)[0].columns if "18+" in h]
    assert headers and all(f"({year}, 18+)" in h for h in headers), headers
    gradient = open_compare({"year": str(year), "lang": lang, "section": "gradient"})
    assert said in [c.value for c in gradient.caption]
    ranking = open_compare({"year": str(year), "lang": lang, "section": "ranking"})
    assert ranking.selectbox(key="w_year").value == year
    assert not [c.value for c in ranking.caption if c.value == said]  # there the picker says it
