"""AppTest of /trends' opening areas: a visitor who arrives from the sidebar, or by a link without `areas`, sees the
area chosen elsewhere or the wijken /vergelijk opens with beside the city and NL, never an empty picker; a link's
areas are kept; the URL holds what the view holds, so a copied link draws the same lines. Den Haag and Delft, nl and
en, reached through the sidebar's widgets and by URL."""
from __future__ import annotations

import pytest

from indicators.view import trend_opening
from tests.conftest import app_test, chart_figures
from texts.i18n import t

# What /vergelijk opens with too: Den Haag's focus wijken; in Delft the four of worst self-rated health (2020)
OPENING = {"GM0518": {"WK051836": "Moerwijk", "WK051838": "Laakkwartier en Spoorwijk",
                      "WK051833": "Bouwlust en Vrederust", "WK051834": "Morgenstond"},
           "GM0503": {"WK050325": "Buitenhof", "WK050324": "Voorhof", "WK050323": "Tanthof-Oost",
                      "WK050312": "Vrijenban"}}
CITY = {("GM0518", "nl"): "Den Haag", ("GM0518", "en"): "The Hague", ("GM0503", "nl"): "Delft",
        ("GM0503", "en"): "Delft", ("GM0629", "nl"): "Wassenaar", ("GM0629", "en"): "Wassenaar"}
AREA = {"GM0518": ("WK051802", "Belgisch Park"), "GM0503": ("WK050311", "Binnenstad")}  # chosen elsewhere
GEMEENTEN = ["GM0518", "GM0503"]
LANGS = ["nl", "en"]


def url(at) -> dict[str, str]:
    return {k: v if isinstance(v, str) else ",".join(v) for k, v in at.query_params.items()}


def drawn(at, gemeente: str, lang: str, areas: dict[str, str]) -> None:
    """The picker shows `areas` (codes, in order), the chart draws their lines, then the city's and NL's, and the
    page asks for no choice."""
    assert not at.exception, at.exception
    assert at.multiselect(key="w_trend_areas").value == list(areas)
    charts = chart_figures(at)
    assert len(charts) == 1
    assert [tr["name"] for tr in charts[0]["data"]] == [*areas.values(), CITY[gemeente, lang], t("nederland", lang)]
    assert not any(i.value == t("trend_no_areas", lang, city=CITY[gemeente, lang]) for i in at.info)


def reopened(params: dict[str, str]):
    """The page opened again by its URL, as a copied link opens it."""
    at = app_test(params)
    at.switch_page("views/trends.py")
    at.run()
    return at


def test_the_opening_is_the_area_chosen_elsewhere_else_the_comparisons_opening():
    assert trend_opening("WK000002", ["WK000001", "WK000002"], ("WK000001",)) == ("WK000002",)
    assert trend_opening(None, ["WK000001", "WK000002"], ("WK000002", "WK000001")) == ("WK000002", "WK000001")
    assert trend_opening("WK999999", ["WK000001"], ("WK000001",)) == ("WK000001",)  # not an area of the picker
    assert trend_opening(None, ["WK000001"], ()) == ()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_from_the_sidebar_without_url_parameters(mirror, gemeente, lang):
    """The app opened bare (the map), the language and gemeente chosen in the sidebar, then /trends from its menu."""
    at = app_test({})
    at.run()
    if lang != "nl":
        at.radio(key="w_lang").set_value(lang).run()
    if gemeente != "GM0518":
        at.selectbox(key="w_gemeente").set_value(gemeente).run()
    at.switch_page("views/trends.py")
    at.run()
    drawn(at, gemeente, lang, OPENING[gemeente])
    assert "areas" not in url(at)  # the view holds none: the link leaves them out and draws the same again
    drawn(reopened(url(at)), gemeente, lang, OPENING[gemeente])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente", GEMEENTEN)
@pytest.mark.parametrize("areas_param", [None, ""])  # no `areas`, or an empty one: the same, the view holds none
def test_by_a_link_without_areas(mirror, gemeente, lang, areas_param):
    params = {"gemeente": gemeente, "lang": lang, **({} if areas_param is None else {"areas": areas_param})}
    at = reopened(params)
    drawn(at, gemeente, lang, OPENING[gemeente])
    assert "areas" not in url(at) and not at.warning


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_the_area_chosen_on_another_page_opens_the_trends(mirror, gemeente, lang):
    """An area clicked on the map (or opened on the profile) is the view's `area`: /trends opens on it alone."""
    code, name = AREA[gemeente]
    at = app_test({"gemeente": gemeente, "lang": lang, "area": code})
    at.run()  # the map, with the area selected
    at.switch_page("views/trends.py")
    at.run()
    drawn(at, gemeente, lang, {code: name})
    assert url(at)["area"] == code and "areas" not in url(at)
    drawn(reopened(url(at)), gemeente, lang, {code: name})


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente", GEMEENTEN)
def test_a_links_areas_are_kept_and_a_choice_goes_into_the_url(mirror, gemeente, lang):
    first, second = list(OPENING[gemeente])[2:]
    code, name = AREA[gemeente]
    at = reopened({"gemeente": gemeente, "lang": lang, "areas": f"{second},{first}", "area": code})
    drawn(at, gemeente, lang, {second: OPENING[gemeente][second], first: OPENING[gemeente][first]})
    assert url(at)["areas"] == f"{second},{first}"
    at.multiselect(key="w_trend_areas").unselect(second).run()  # one line less: the URL follows
    drawn(at, gemeente, lang, {first: OPENING[gemeente][first]})
    assert url(at)["areas"] == first
    drawn(reopened(url(at)), gemeente, lang, {first: OPENING[gemeente][first]})


BUURTEN = {"GM0629": {"BU06290102": "Oostdorp", "BU06290103": "Zijlwatering en haven", "BU06290006": "Kerkehout",
                      "BU06290110": "Weteringpark"}}  # Wassenaar's four of worst self-rated health (2020, 18+)


@pytest.mark.parametrize("lang", LANGS)
def test_a_view_of_buurten_opens_on_buurten(mirror, lang):
    """At buurt level the opening is /vergelijk's: the four buurten of worst self-rated health (it was four wijken,
    '(district)' among buurten); the URL stays without areas."""
    at = reopened({"gemeente": "GM0629", "lang": lang, "level": "buurt"})
    drawn(at, "GM0629", lang, BUURTEN["GM0629"])
    assert "areas" not in url(at) and not at.warning
    drawn(reopened(url(at)), "GM0629", lang, BUURTEN["GM0629"])


@pytest.mark.parametrize("lang", LANGS)
def test_buurten_whose_health_figures_are_all_of_other_areas_open_none(mirror, lang):
    """Rijswijk's buurten: the health monitor of 2012-2020 divided them otherwise than the 2015 map, so each line of
    the four it opened on was empty. It opens on none, and asks for a choice."""
    at = reopened({"gemeente": "GM0603", "lang": lang, "level": "buurt"})
    assert not at.exception, at.exception
    assert at.multiselect(key="w_trend_areas").value == []
    assert t("trend_no_areas", lang, city="Rijswijk") in [i.value for i in at.info]


@pytest.mark.parametrize("lang", LANGS)
def test_a_count_of_one_year_speaks_of_no_age_group_draws_whole_ticks_and_a_legend_of_drawn_lines(mirror, lang):
    """Midden-Delfland's people on social assistance: CBS counts them in 2015 only, for all ages. The page said
    'for this age group', its axis read 19, 19.5, 20, 20.5, 21, and its legend named buurten without a point."""
    at = reopened({"gemeente": "GM1842", "indicator": "wwb_uittot", "lang": lang,
                   "areas": "BU18420000,BU18420007,BU18420108"})  # 20 people; suppressed; 0 ('<5', not drawn)
    assert not at.exception, at.exception
    notes = [i.value for i in at.info]
    assert t("trend_one_year_all_ages", lang, years="2015") in notes and not any(
        n == t("trend_one_year", lang, years="2015") for n in notes)
    figure = chart_figures(at)[0]
    assert [tr["name"] for tr in figure["data"] if tr.get("showlegend", True)] == ["Schipluiden"]
    assert figure["layout"]["yaxis"]["tickformat"] == ",d" and figure["layout"]["yaxis"]["dtick"] == 1
    said = " ".join(c.value for c in at.caption)
    assert "Woudt" in said and "Verspreide huizen Dijkpolder" in said  # the areas without a figure are named


# --- the several-indicators tab: only indicators with a trend, and said what is left out ------------------------

def multiples(params: dict[str, str]):
    at = reopened({"section": "indicators", **params})
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", LANGS)
def test_65plus_says_how_many_indicators_it_leaves_out(mirror, lang):
    """65+: the health monitor's figures are of 2020 only, so the tab offers the key figures alone, and says how
    many indicators that leaves out (those with two years for 18+ but not for 65+, counted in the city's rows)."""
    rows = mirror_rows("GM0518")
    rows = rows[(rows["level"] == "gemeente") & rows["value"].notna()]

    def years(age: str) -> dict[str, int]:
        of_age = rows[rows["age"].isin([age, "all"])]
        return of_age.groupby("indicator")["year"].nunique().to_dict()

    left_out = sum(1 for ind, n in years("18plus").items() if n >= 2 and years("65plus").get(ind, 0) < 2)
    assert left_out > 10  # every health indicator
    at = multiples({"age": "65plus", "lang": lang})
    said = t("trend_multiples_other_age", lang, n=left_out, age=t("age_65plus", lang))
    assert said in [c.value for c in at.caption]
    assert len(at.multiselect(key="w_trend_multi").options) == len(years("65plus")) - sum(
        1 for n in years("65plus").values() if n < 2)
    at18 = multiples({"lang": lang})  # 18+: nothing left out, nothing said
    middle = t("trend_multiples_other_age", lang, n=0, age="|").split("|")[0][2:]  # the words between n and age
    assert middle in said and not [c.value for c in at18.caption if middle in c.value]


@pytest.mark.parametrize("lang", LANGS)
def test_indicators_chosen_for_18plus_give_way_to_the_defaults_at_65plus(mirror, lang):
    """Lonely, anxiety and making ends meet chosen at 18+, then 65+ in the sidebar: the picker was empty and the
    page said only 'choose at least one indicator', though 65+ has trends of CBS's key figures to show."""
    chosen = {"indicators": "eenzaam,matig_hoog_risico_op_angst_of_depressie", "area": "WK051836", "lang": lang}
    at = multiples({**chosen, "age": "65plus"})
    picker = at.multiselect(key="w_trend_multi")
    assert len(picker.value) >= 2
    assert picker.value == multiples({"age": "65plus", "area": "WK051836", "lang": lang}).multiselect(
        key="w_trend_multi").value  # the tab's own opening at 65+
    assert not at.warning and not [i for i in at.info if t("trend_multiples_none", lang) in i.value]
    assert multiples({**chosen, "age": "18plus"}).multiselect(key="w_trend_multi").value == [
        "eenzaam", "matig_hoog_risico_op_angst_of_depressie"]  # back at 18+, the choice is there again


def mirror_rows(gemeente: str):
    from ui import cache

    return cache.observations(gemeente)


@pytest.mark.parametrize("lang", LANGS)
def test_a_wijk_and_a_buurt_of_one_name_are_told_apart(mirror, lang):
    at = reopened({"areas": "WK051820,WK051836,BU05182055", "lang": lang})
    assert not at.exception, at.exception
    names = [tr["name"] for tr in chart_figures(at)[0]["data"]][:3]
    assert names == [t("prof_option", lang, name="Valkenboskwartier", level=t("prof_word_wijk", lang)), "Moerwijk",
                     t("prof_option", lang, name="Valkenboskwartier", level=t("prof_word_buurt", lang))]


@pytest.mark.parametrize("lang", LANGS)
def test_an_indicator_with_one_year_of_figures_for_the_area_is_named_as_a_point(mirror, lang):
    """Delft has no key figures of 2019 here: its housing stock and households stood as one dot each, unexplained, under
    "at least two survey years". Den Haag's Moerwijk has every year: nothing to say."""
    from indicators.catalogue import catalogue
    from ui.safe_text import escape_markdown

    label = catalogue().indicator("woningvoorraad").label.get(lang)
    delft = multiples({"gemeente": "GM0503", "area": "WK050325", "indicators": "woningvoorraad,roker",
                       "lang": lang})
    notes = [c.value for c in delft.caption if label in c.value]
    assert notes == [escape_markdown(t("trend_one_point_for", lang, name="Buitenhof", items=label))]
    den_haag = multiples({"area": "WK051836", "indicators": "woningvoorraad,roker", "lang": lang})
    assert not [c.value for c in den_haag.caption if label in c.value]


def years_of(gemeente: str, code: str, indicator: str, age: str) -> int:
    """In how many years `code` has a figure of `indicator` for `age` (key figures: every age), counted in the rows."""
    rows = mirror_rows(gemeente)
    rows = rows[(rows["area_code"] == code) & (rows["indicator"] == indicator) & rows["value"].notna()]
    return rows.loc[rows["age"].isin([age, "all"]), "year"].nunique()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("age", ["18plus", "65plus"])
@pytest.mark.parametrize("gemeente,area", [("GM0518", ""), ("GM0518", "WK051836"), ("GM0503", ""),
                                           ("GM0503", "WK050325")])
def test_the_multiples_open_on_indicators_that_draw_a_line(mirror, gemeente, area, age, lang):
    """Delft at 65+ opened on six key figures of which four had one year for the city: four dots under 'trends'.
    The tab opens on indicators with two or more years for the area shown (the network's six where they have)."""
    at = multiples({"gemeente": gemeente, "age": age, "lang": lang, **({"area": area} if area else {})})
    opened = at.multiselect(key="w_trend_multi").value
    assert opened and all(years_of(gemeente, area or gemeente, i, age) >= 2 for i in opened), opened
    assert not [c.value for c in at.caption if t("trend_one_point_for", lang, name="|", items="|").split("|")[0] in
                c.value]  # nothing to say about points
    if (gemeente, age) == ("GM0518", "18plus"):
        from views.trends import DEFAULT_MULTIPLES
        assert opened == DEFAULT_MULTIPLES


def test_where_no_indicator_has_two_years_the_opening_is_the_preferred_or_first():
    from indicators.catalogue import catalogue
    from indicators.profile import opening_multiples

    cat = catalogue()
    ids = ["roker", "overgewicht", "eenzaam"]
    two = {(i, "wijk", y, "18plus") for i in ("eenzaam",) for y in (2016, 2020)}
    one = {(i, "wijk", 2020, "18plus") for i in ids}
    assert opening_multiples(ids, ["roker", "eenzaam"], cat, one | two, "wijk", "18plus") == ["eenzaam"]
    assert opening_multiples(ids, ["roker"], cat, one | two, "wijk", "18plus") == ["eenzaam"]  # a line, not roker
    assert opening_multiples(ids, ["roker"], cat, one, "wijk", "18plus") == ["roker"]  # none draws a line
    assert opening_multiples(ids, [], cat, one, "wijk", "18plus", n=2) == ["roker", "overgewicht"]
    assert opening_multiples(ids, [], cat, one | two, "buurt", "18plus") == ids  # no buurt figures at all


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("gemeente, cbs", [("GM0518", "CBS 2015, 2019, 2024"), ("GM0503", "CBS 2015, 2024")])
def test_the_years_note_names_the_years_read_for_the_gemeente(mirror, gemeente, cbs, lang):
    """Delft's trends said 'CBS key figures 2015, 2019 and 2024' (a fixed text) where the sidebar and /bronnen said
    it has no 2019 here. The note names the years of the tables read for the gemeente, as the sidebar does."""
    at = reopened({"gemeente": gemeente, "lang": lang})
    head = t("trend_years_note", lang, years="|").split("|")[0]
    notes = [c.value for c in at.caption if c.value.startswith(head)]
    assert len(notes) == 1 and cbs in notes[0] and "RIVM 2012, 2016, 2020" in notes[0], notes
    assert cbs in " ".join(m.value for m in at.sidebar.markdown)  # the sidebar says the same
