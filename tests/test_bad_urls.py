"""Malformed URL parameters on every page (issue #11): a notice that names the parameter, the default view, no
traceback, and a URL that no longer carries the bad value. The value itself is shown literally (a code span), so
a link cannot put markdown (a link, an image) or HTML on the dashboard."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, app_test, link_notices
from ui.safe_text import code_span, escape_markdown
from indicators.view import DEFAULT_INDICATOR, View, view_to_params

PAGES = re.findall(r'st\.Page\("(views/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
LONG = "x" * 20_000
NASTY: dict[str, dict[str, str]] = {
    "script": {"indicator": "<script>alert(1)</script>", "mode": "<img src=x onerror=alert(1)>"},
    "huge_year": {"year": "99999999999", "slide": "99999999999999999999"},
    "many_areas": {"areas": ",".join(f"WK0518{i:02d}" for i in range(100))},
    "lang": {"lang": "xx", "level": "../../etc/passwd"},
    "sql": {"area": "'; DROP TABLE counts; --", "gemeente": "GM0518' OR '1'='1"},
    "unicode": {"area": "Mörwijk 😀 \u202egnp.exe", "indicator": "ééé\u0000", "age": "６５plus"},
    "long": {"indicator": LONG, "areas": LONG, "story": LONG, "groups": LONG},
    "markdown": {"indicator": "[klik](https://elders.invalid)", "story": "![](https://elders.invalid/p.png)",
                 "indicators": "**vet**,`code`,:red[rood]", "slide": "-1"},
    "programs_page": {"themes": "<script>alert(1)</script>", "programs": "'; DROP TABLE counts; --",
                      "places": "![](https://elders.invalid/p.png)", "period": "99999-1",
                      "series": "[klik](https://elders.invalid)"},
}
DEFAULT = View()


def test_every_page_of_the_router_is_covered():
    assert len(PAGES) == 9 and "views/kaart.py" in PAGES and "views/invoer.py" in PAGES


@pytest.mark.parametrize("name", sorted(NASTY))
@pytest.mark.parametrize("path", PAGES, ids=[Path(p).stem for p in PAGES])
def test_nasty_parameters_give_a_notice_and_the_default_view(mirror, path, name):
    params = NASTY[name]
    at = app_test(params, timeout=120)
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    warnings = link_notices(at)
    notices = [w for w in warnings if "in de link is niet geldig" in w]
    view = at.session_state["view"]
    for param, value in params.items():
        if param in ("indicators", "groups") and path != "views/vergelijk.py":
            continue
        assert any(f"‘{param}’" in w for w in notices), (param, warnings)
        # the default (or, for lists, only the valid part): never the bad value, compared as the link writes it
        assert view_to_params(view).get(param, "") != value, (param, getattr(view, param))
    for field in ("indicator", "lang", "year", "mode", "level", "age", "gemeente", "area", "story"):
        if field in params:
            assert getattr(view, field) == getattr(DEFAULT, field) or field == "year", (field, getattr(view, field))
    for notice in notices:
        assert len(notice) < 600, "a very long value is cut in its notice"
        assert "\n" not in notice
    if path == "views/invoer.py":
        return  # refused to a viewer: the page stops before the router writes the URL (nothing else is shown)
    written = at.query_params
    for param, value in params.items():
        assert value not in (written.get(param) or ""), f"the bad {param} stays out of the URL"


def test_the_notice_shows_the_value_literally(mirror):
    at = app_test({"indicator": "[klik](https://elders.invalid)"})
    at.run()
    (notice,) = [w.value for w in at.warning]
    assert "‘`[klik](https://elders.invalid)`’" in notice, "a code span: no link on the dashboard"
    assert at.session_state["view"].indicator == DEFAULT_INDICATOR


@pytest.mark.parametrize("value", ["plain", "a`b", "`start", "end`", "``x``", " spaced ", "", "x" * 500])
def test_code_span(value):
    span = code_span(value, 120)
    if not value:
        assert span == ""
        return
    fence = re.match(r"`+", span).group()
    assert span.endswith(fence) and fence not in span[len(fence):-len(fence)].replace(fence + "`", "")
    assert len(span) < 140


def test_escape_markdown_leaves_nothing_to_render():
    text = "[a](http://x) ![b](y) <b>c</b> *d* _e_ `f` # g | h ~i~ $j$ :red[k] \\ l\nm"
    escaped = escape_markdown(text)
    assert re.fullmatch(r"(?:[^\\`*_{}\[\]()#+\-.!|<>~$:&=\"'@/%^;?,]|\\[\\`*_{}\[\]()#+\-.!|<>~$:&=\"'@/%^;?,])*",
                        escaped)
    assert "\n" not in escaped


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PAGES, ids=[Path(p).stem for p in PAGES])
def test_a_dropped_area_names_the_city_shown_instead(mirror, path, lang):
    """Malformed (`nonsense`) or not an area of the gemeente (a Den Haag wijk in a Delft link): the notice says the
    whole city is shown, by name; other dropped values say they were ignored, never "showing —"."""
    at = app_test({"gemeente": "GM0503", "lang": lang, "area": "nonsense", "areas": "WK051836", "story": "[x](y)"},
                  timeout=120)
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    notices = {w.split("‘")[2].split("’")[0]: w for w in link_notices(at) if "‘" in w}
    assert set(notices) == {"area", "areas", "story"}, notices
    assert notices["area"].endswith("we tonen Delft." if lang == "nl" else "showing Delft instead.")
    ignored = "we hebben hem genegeerd." if lang == "nl" else "it was ignored."
    assert notices["areas"].endswith(ignored) and notices["story"].endswith(ignored)
    assert not any("—" in w for w in link_notices(at))
    assert at.session_state["view"].area is None


def test_notice_texts():
    from indicators.view import NOTHING, Notice
    from ui.context import notice_text

    assert notice_text(Notice("area", "WK051899", NOTHING), "en", "Delft").endswith("showing Delft instead.")
    assert notice_text(Notice("year", "1900", "2020"), "nl", "Delft").endswith("we tonen 2020.")
    dropped = notice_text(Notice("programs", "x", NOTHING), "nl", "Delft")
    assert "‘programs’" in dropped and dropped.endswith("genegeerd.") and "Delft" not in dropped
    unknown = notice_text(Notice("foo", "bar", NOTHING, unknown=True), "en", "Delft")
    assert "‘`foo`=`bar`’" in unknown and "ignored" in unknown


@pytest.mark.parametrize("notice, nl, en", [
    (("indicator", "x", DEFAULT_INDICATOR), "Ervaren gezondheid goed of zeer goed", "Self-rated health good or very good"),
    (("y", "x", "eenzaam"), "Eenzaam", "Lonely"),
    (("indicators", "foo,eenzaam", "eenzaam"), "Eenzaam", "Lonely"),  # the list kept, each by its label
    (("indicators", "eenzaam,foo,overgewicht", "eenzaam,overgewicht"), "Eenzaam, Overgewicht", "Lonely, Overweight"),
    (("level", "x", "wijk"), "wijken", "districts"),
    (("age", "x", "65plus"), "65 jaar en ouder", "65 years and over"),
    (("mode", "x", "gap_city"), "Verschil met Delft", "Difference from Delft"),
    (("gemeente", "GM9999", "GM0518"), "Delft", "Delft"),  # the city the page now shows, by name
    (("year", "1900", "2020"), "2020", "2020"),
    (("lang", "de", "nl"), "Nederlands", "Dutch"),  # not the code `nl`
    (("section", "ranking", "areas"), "het eerste tabblad", "the first tab"),
])
def test_a_notice_names_what_is_shown_instead_in_words(notice, nl, en):
    """Not the id of the default (`ervaren_gezondheid_goed_zeer_goed`, `65plus`) but its label."""
    from indicators.view import Notice
    from ui.context import notice_text

    assert notice_text(Notice(*notice), "nl", "Delft").endswith(f"we tonen {nl}.")
    assert notice_text(Notice(*notice), "en", "Delft").endswith(f"showing {en} instead.")


@pytest.mark.parametrize("lang, shown", [("nl", "we tonen Eenzaam."), ("en", "showing Lonely instead.")])
def test_the_indicators_a_link_kept_are_named_on_the_page(mirror, lang, shown):
    """/vergelijk?indicators=foo,eenzaam said 'showing eenzaam instead': the id, not the indicator's label."""
    at = app_test({"indicators": "foo,eenzaam", "lang": lang}, timeout=120)
    at.switch_page("views/vergelijk.py")
    at.run()
    assert not at.exception, at.exception
    (notice,) = [w for w in link_notices(at) if "‘indicators’" in w]
    assert notice.endswith(shown), notice


def test_the_areas_a_link_kept_are_named_not_coded():
    from indicators.view import Notice
    from ui.context import notice_text

    names = {"WK051836": "Moerwijk", "WK051838": "Laakkwartier en Spoorwijk"}
    kept = Notice("areas", "WK051836,nonsense,WK051838", "WK051836,WK051838")
    assert notice_text(kept, "nl", "Den Haag", names).endswith("we tonen Moerwijk, Laakkwartier en Spoorwijk.")
    assert notice_text(kept, "en", "Den Haag", names).endswith("showing Moerwijk, Laakkwartier en Spoorwijk instead.")
    assert notice_text(kept, "en", "Den Haag").endswith("showing WK051836, WK051838 instead.")  # no names: codes


# The list parameters of /vergelijk and /programmas: the ids a link keeps, and their labels on the page in nl and en.
# The program and place names are read by the app (the store, the boundaries); the rest come with the code.
KEPT_LABELS = {
    "groups": ("zuidwest,laak", {"nl": "Den Haag Zuidwest, Laak (Laakkwartier en Spoorwijk)",
                                 "en": "The Hague Southwest, Laak (Laakkwartier and Spoorwijk)"}),
    "themes": ("gezond_opgroeien,leefstijl_als_medicijn", {"nl": "Gezond opgroeien, Leefstijl als medicijn",
                                                           "en": "Growing up healthy, Lifestyle as medicine"}),
    "programs": ("gli,welzijn_op_recept", {
        "nl": "Gecombineerde leefstijlinterventie (GLI), Welzijn op Recept – doorverwijzingen",
        "en": "Combined lifestyle intervention (GLI), Social prescribing (Welzijn op Recept) – referrals"}),
    "places": ("zuidwest,WK051836,GM0629", {"nl": "Den Haag Zuidwest, Moerwijk, Wassenaar",
                                            "en": "The Hague Southwest, Moerwijk, Wassenaar"}),
}
PROGRAM_NAMES = {"nl": {"gli": "Gecombineerde leefstijlinterventie (GLI)",
                        "welzijn_op_recept": "Welzijn op Recept – doorverwijzingen"},
                 "en": {"gli": "Combined lifestyle intervention (GLI)",
                        "welzijn_op_recept": "Social prescribing (Welzijn op Recept) – referrals"}}
PLACE_NAMES = {"WK051836": "Moerwijk", "GM0629": "Wassenaar"}


def assert_names_kept(notice: str, param: str, lang: str) -> None:
    """The notice for `param` ends with the labels of the ids it kept, and names none of them by its bare id (the
    link's own value, shown literally before, may)."""
    kept, labels = KEPT_LABELS[param]
    assert notice.endswith(f"we tonen {labels[lang]}." if lang == "nl" else f"showing {labels[lang]} instead."), notice
    said = notice.rsplit("’", 1)[1]  # after the link's value and the parameter's name: what is shown instead
    assert not [i for i in kept.split(",") if re.search(rf"\b{i}\b", said)], notice


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("param", sorted(KEPT_LABELS))
def test_the_ids_a_list_parameter_kept_are_named_by_their_labels(param, lang):
    """`?programs=gli,wor,x` said 'showing gli,wor': the ids, not the program names a reader knows."""
    from indicators.view import Notice
    from ui.context import notice_text

    kept = KEPT_LABELS[param][0]
    names = {**PROGRAM_NAMES[lang], **PLACE_NAMES}  # as ui.context.notice_names reads them
    assert_names_kept(notice_text(Notice(param, f"{kept},nonsense", kept), lang, "Den Haag", names), param, lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("param", sorted(KEPT_LABELS))
def test_a_list_parameter_with_a_bad_id_names_what_its_page_shows(mirror, param, lang):
    """On the page that reads the parameter: the names come from the app's own sources (the program store, the
    boundaries of each place's gemeente, data/areas.yaml, the texts)."""
    from indicators.view import PAGE_PARAMS

    (page,) = [page for page, names in PAGE_PARAMS.items() if param in names]
    at = app_test({param: f"{KEPT_LABELS[param][0]},nonsense", "lang": lang}, timeout=120)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    (notice,) = [w for w in link_notices(at) if f"‘{param}’" in w]
    assert_names_kept(notice, param, lang)


def test_an_id_without_a_label_is_named_as_it_is():
    from ui.context import id_label

    assert id_label("programs", "weg", "nl", {}) == "weg"  # the store could not be read, or lacks it
    assert id_label("places", "WK051836", "en") == "WK051836"  # no names read
    assert id_label("themes", "geen_thema", "en") == "geen_thema"
    assert id_label("groups", "zuidwest", "en") == "The Hague Southwest"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, areas, shown", [
    ("GM0518", "WK051836,WK05183,BU05183620", "Moerwijk, Moerwijk-Oost"),
    # a malformed code, then a Den Haag wijk in a Delft link: one notice, naming what is left
    ("GM0503", "WK050311,WK05,WK051836", "Binnenstad"),
])
def test_a_trends_link_with_bad_areas_names_the_areas_it_shows_in_one_notice(mirror, lang, gemeente, areas, shown):
    """A researcher's link with a typo in one of its areas: the notice names the areas the chart shows."""
    at = app_test({"lang": lang, "gemeente": gemeente, "areas": areas}, timeout=120)
    at.switch_page("views/trends.py")
    at.run()
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "‘areas’" in w.value]
    assert len(notices) == 1, notices
    assert f"‘`{areas}`’" in notices[0], notices  # the link's own value
    assert notices[0].endswith(f"we tonen {shown}." if lang == "nl" else f"showing {shown} instead."), notices
    assert ", ".join(cache_names(gemeente, lang)[c] for c in at.session_state["view"].areas) == shown


def cache_names(gemeente: str, lang: str) -> dict[str, str]:
    from ui.cache import area_names

    return area_names(gemeente, lang)


def test_a_later_check_of_a_corrected_value_updates_its_notice():
    from indicators.view import NOTHING, Notice, merged_notices

    parsed = [Notice("areas", "WK050311,WK05,WK051836", "WK050311,WK051836"), Notice("year", "19", "2020")]
    later = [Notice("areas", "WK050311,WK051836", "WK050311"), Notice("area", "WK051836", NOTHING)]
    assert merged_notices(parsed, later) == [Notice("areas", "WK050311,WK05,WK051836", "WK050311"),
                                             Notice("year", "19", "2020"), Notice("area", "WK051836", NOTHING)]
    assert merged_notices([], later) == later and merged_notices(parsed, []) == parsed


# --- a parameter given more than once ---------------------------------------------------------------------------

def test_a_repeated_parameter_keeps_its_last_value_with_a_notice():
    from indicators.view import Notice, single_values

    params, notices = single_values({"gemeente": ["GM0637", "GM1783"], "lang": ["en"], "year": ["2016", "2020"],
                                     "embed_options": ["show_toolbar", "light_theme"]})
    assert params == {"gemeente": "GM1783", "lang": "en", "year": "2020", "embed_options": "light_theme"}
    assert notices == [Notice("gemeente", "GM0637, GM1783", "GM1783", repeated=True),
                       Notice("year", "2016, 2020", "2020", repeated=True)]  # Streamlit's own are not ours to judge
    assert single_values({"level": ["buurt"]}) == ({"level": "buurt"}, [])


def test_the_repeated_notice_names_the_parameter_and_the_value_used():
    from indicators.view import Notice
    from ui.context import notice_text

    notice = Notice("level", "buurt, wijk", "wijk", repeated=True)
    assert notice_text(notice, "nl", "Delft") == (
        "De link geeft ‘`level`’ meer dan één waarde (‘`buurt, wijk`’); we gebruiken de laatste, ‘`wijk`’.")
    assert notice_text(notice, "en", "Delft") == (
        "The link gives ‘`level`’ more than one value (‘`buurt, wijk`’); using the last, ‘`wijk`’.")


REPEATED = {"gemeente": ["GM0637", "GM1783"], "level": ["wijk", "buurt"], "year": ["2016", "2012"]}


@pytest.mark.parametrize("path", ["views/kaart.py", "views/profiel.py"])
def test_a_link_with_a_repeated_parameter_says_so_and_is_written_back_with_one_value(mirror, path):
    """`?gemeente=GM0637&gemeente=GM1783` showed Westland without a word and the URL kept both."""
    at = app_test({**REPEATED, "lang": "en"})
    at.switch_page(path)
    at.run()
    assert not at.exception, at.exception
    view = at.session_state["view"]
    assert (view.gemeente, view.level, view.year) == ("GM1783", "buurt", 2012)
    notices = link_notices(at)
    for param, values in REPEATED.items():
        assert any(f"‘`{param}`’" in n and f"‘`{', '.join(values)}`’" in n and n.endswith(f"‘`{values[-1]}`’.")
                   for n in notices), (param, notices)
    assert len(notices) == len(REPEATED), notices
    # what Streamlit made of the URL (the last values) is the view: the URL must still be written, with one value each
    assert at.query_params == {"gemeente": "GM1783", "level": "buurt", "year": "2012", "lang": "en"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page, section", [("trends", "ranking"), ("trends", "gradient"), ("trends", "nonsense"),
                                           ("vergelijk", "indicators"), ("vergelijk", "nonsense")])
def test_a_tab_the_page_lacks_gets_a_notice(mirror, page, section, lang):
    """`/trends?section=ranking` opened the first tab without a word, unlike every other value a page cannot use: a
    tab of another page, or none at all, gets the notice and the page's first tab, on either page with tabs."""
    at = app_test({"section": section, "lang": lang}, timeout=120)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    notices = [w for w in link_notices(at) if "‘section’" in w]
    assert len(notices) == 1 and f"‘`{section}`’" in notices[0], link_notices(at)
    assert notices[0].endswith("we tonen het eerste tabblad." if lang == "nl" else "showing the first tab instead.")
    assert at.session_state["view"].section == "areas"
    assert "section" not in at.query_params


@pytest.mark.parametrize("page, section", [("trends", "indicators"), ("vergelijk", "gradient"),
                                           ("profiel", "ranking")])
def test_a_tab_the_page_has_or_does_not_read_gets_no_notice(mirror, page, section):
    at = app_test({"section": section}, timeout=120)
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    assert not link_notices(at), link_notices(at)
    assert at.session_state["view"].section == section  # the view keeps it: /profiel's link to /vergelijk opens it


@pytest.mark.parametrize("lang, said", [
    ("nl", "Deze indicator heeft geen cijfers voor ‘65 jaar en ouder’ in 2016; we tonen 18 jaar en ouder."),
    ("en", "This indicator has no figures for ‘65 years and over’ in 2016; showing 18 years and over instead."),
])
@pytest.mark.parametrize("path", ["/", "/profiel", "/vergelijk"])
def test_a_valid_age_without_figures_that_year_is_not_called_invalid(mirror, path, lang, said):
    """65+ exists only in the health monitor of 2020: a link asking for 65+ in 2016 was told '65plus is not valid'."""
    at = app_test({"age": "65plus", "indicator": "eenzaam", "year": "2016", "lang": lang})
    if path != "/":
        at.switch_page(f"views/{path.strip('/')}.py")
    at.run()
    assert not at.exception, at.exception
    notices = link_notices(at)
    assert said in notices, notices
    assert not [n for n in notices if "65plus" in n]


def test_cbs_codes_typed_in_lower_case_are_read():
    from indicators.catalogue import catalogue
    from indicators.view import parse_view

    view, notices = parse_view({"gemeente": "gm0503", "area": "wk050325", "areas": "wk050325,Wk050324"}, catalogue(),
                               gemeenten={"GM0503", "GM0518"})
    assert notices == [] and (view.gemeente, view.area, view.areas) == ("GM0503", "WK050325", ("WK050325", "WK050324"))


def test_a_link_of_another_gemeentes_areas_without_its_gemeente_opens_that_gemeente():
    """`/profiel?area=WK050325` (Delft's Buitenhof, the link without `gemeente`) said 'not valid; showing Den Haag'."""
    from indicators.catalogue import catalogue
    from indicators.view import parse_view

    known = {"GM0503", "GM0518"}
    assert parse_view({"area": "WK050325"}, catalogue(), gemeenten=known) == (View(gemeente="GM0503", area="WK050325"), [])
    assert parse_view({"areas": "WK050325,BU05032501"}, catalogue(), gemeenten=known)[0].gemeente == "GM0503"
    assert parse_view({"areas": "WK050325,WK051836"}, catalogue(), gemeenten=known)[0].gemeente == "GM0518"  # two
    assert parse_view({"area": "WK060305"}, catalogue(), gemeenten=known)[0].gemeente == "GM0518"  # not offered
    assert parse_view({"area": "WK050325", "gemeente": "GM0518"}, catalogue(), gemeenten=known)[0].gemeente == "GM0518"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_delfts_area_opens_its_profile_by_a_link_without_gemeente(mirror, lang):
    at = app_test({"area": "WK050325", "lang": lang})
    at.switch_page("views/profiel.py")
    at.run()
    assert not at.exception, at.exception
    assert not link_notices(at), link_notices(at)
    assert "Buitenhof" in at.title[0].value and at.query_params.get("gemeente") in ("GM0503", ["GM0503"])


def test_a_language_the_app_lacks_is_named_by_the_one_shown(mirror):
    at = app_test({"lang": "de"})
    at.run()
    assert not at.exception, at.exception
    assert [w for w in link_notices(at) if "‘lang’" in w] == [
        "De waarde ‘`de`’ voor ‘lang’ in de link is niet geldig; we tonen Nederlands."]


@pytest.mark.parametrize("value, shown", [("ééé\x00", "ééé\\x00"), ("a\x07b\x7f", "a\\x07b\\x7f"),
                                          ("Mörwijk \u202egnp.exe", "Mörwijk \\u202egnp.exe")],
                         ids=["nul", "bell_delete", "right_to_left_override"])
def test_a_control_character_in_a_link_is_shown_by_its_code(value, shown):
    """`%00` in a link was echoed into its notice, where the browser drew "�"; a bidirectional override would turn
    the text after it around. The notice shows each by its code, and never the character itself."""
    from indicators.view import Notice
    from ui.context import notice_text

    for notice in (Notice("indicator", value, DEFAULT_INDICATOR), Notice(value, "x", "—", unknown=True)):
        text = notice_text(notice, "nl", "Delft")
        assert f"`{shown}`" in text and not re.search(r"[\x00-\x1f\x7f\u202e]", text), text
    assert not re.search(r"[\x00-\x1f\x7f\u202e]", escape_markdown(value))  # the other way values are shown


def test_a_control_character_in_a_link_shows_on_the_page_by_its_code(mirror):
    at = app_test({"indicator": "eenzaam\x00"})
    at.run()
    assert not at.exception, at.exception
    assert any("`eenzaam\\x00`" in w for w in link_notices(at)), link_notices(at)
