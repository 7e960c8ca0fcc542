"""Links from one page to another carry the view as the app writes its own URL (indicators.view.view_link,
url_params): opened in a new tab, bookmarked or shared, they show what a plain click shows. The map's profile link
carried only `area` and `lang`: a buurt of Wassenaar opened as The Hague with a notice; its link to /bronnen opened
The Hague's wijken."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from indicators.catalogue import catalogue
from indicators.view import MAP_PAGE, View, parse_view, url_params, view_link
from tests.conftest import app_test, link_notices, open_page
from texts.i18n import t

AREAS = {  # gemeente, level → an area of that level: the default gemeente, Wassenaar (the tester's), Delft
    ("GM0518", "wijk"): ("WK051836", "Moerwijk"), ("GM0518", "buurt"): ("BU05183620", "Moerwijk-Oost"),
    ("GM0629", "wijk"): ("WK062901", "Noordoostelijk deel der gemeente"),
    ("GM0629", "buurt"): ("BU06290101", "Dorp Wassenaar"),
    ("GM0503", "wijk"): ("WK050312", "Vrijenban"), ("GM0503", "buurt"): ("BU05031204", "Koepoort"),
}
SOURCES_LINK = re.compile(r"\]\((/bronnen[^)#]*)#ind-[a-z0-9_]+\)")


def parsed(query: str) -> View:
    """A link's query as a new session reads it (one value per parameter), with no notice."""
    view, notices = parse_view(one_value_each(query), catalogue(), {"GM0518", "GM0629", "GM0503"})
    assert notices == [], notices
    return view


def map_links(gemeente: str, level: str, lang: str, area: str) -> tuple[str, str]:
    """The query of the map's profile link and the URL of its link to the indicator on /bronnen."""
    at = app_test({"level": level, "area": area, "gemeente": gemeente, "lang": lang})
    at.run()
    assert not at.exception, at.exception
    assert not link_notices(at), link_notices(at)
    (profile,) = [link.proto for link in at.get("page_link") if link.proto.page == "profiel"]
    (sources,) = [m for e in at.markdown if (m := SOURCES_LINK.search(e.value))]
    return profile.query_string, sources[1]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, level", AREAS)
def test_the_maps_links_carry_gemeente_level_and_language(mirror, gemeente, level, lang):
    """Both links from the map keep the gemeente, level, language and area it shows; the profile opened from its
    link alone (a new tab: a new session) shows that area, with no notice."""
    area, name = AREAS[gemeente, level]
    profile_query, sources_url = map_links(gemeente, level, lang, area)
    for query in (profile_query, urlsplit(sources_url).query):
        view = parsed(query)
        assert (view.gemeente, view.level, view.lang, view.area) == (gemeente, level, lang, area), query
    assert urlsplit(sources_url).path == "/bronnen"

    profile = open_page("profiel", one_value_each(profile_query))
    assert not profile.exception, profile.exception
    assert not link_notices(profile), link_notices(profile)
    assert profile.title[0].value == t("prof_title", lang, name=name)
    sources = open_page("bronnen", one_value_each(urlsplit(sources_url).query))
    assert not sources.exception and not link_notices(sources), (sources.exception, link_notices(sources))
    assert (sources.session_state["view"].gemeente, sources.session_state["view"].level) == (gemeente, level)


def one_value_each(query: str) -> dict[str, str]:
    return {name: values[-1] for name, values in parse_qs(query, keep_blank_values=True).items()}


def test_view_link_writes_what_the_url_holds():
    """One writer for every link: the defaults left out, a difference map without a classification, an anchor."""
    shown = View(gemeente="GM0629", level="buurt", area="BU06290101", lang="en", mode="gap_city",
                 method="fisher_jenks")
    assert url_params(shown, "profiel") == {"level": "buurt", "area": "BU06290101", "mode": "gap_city", "lang": "en",
                                 "gemeente": "GM0629"}
    assert view_link("profiel", shown) == (
        "/profiel?level=buurt&area=BU06290101&mode=gap_city&lang=en&gemeente=GM0629")
    assert view_link("bronnen", View(), anchor="ind-eenzaam") == "/bronnen#ind-eenzaam"
    assert view_link("", View(lang="en"), base="https://wijk.example") == "https://wijk.example/?lang=en"


SHARED = {"indicator": "eenzaam", "level": "buurt", "lang": "en", "gemeente": "GM0629", "areas": "WK062901"}
EVERY_PAGE_ONLY = {"method": "fisher_jenks", "focus": "0", "program": "gli", "x": "eenzaam", "groups": "zuidwest",
                   "slide": "3", "story": "wijk", "themes": "sport", "series": "gli"}


@pytest.mark.parametrize("page, section, own", [
    (MAP_PAGE, "ranking", {"method", "focus", "program"}),
    ("vergelijk", "ranking", {"x", "groups", "section"}),
    ("vergelijk", "indicators", {"x", "groups"}),  # /trends' tab: not one of /vergelijk's
    ("trends", "indicators", {"section"}),
    ("trends", "ranking", set()),
    ("profiel", "indicators", set()),
    ("presentatie", "ranking", {"slide", "story"}),
    ("programmas", "ranking", {"themes", "series"}),
    ("bronnen", "gradient", set()),
])
def test_a_pages_url_holds_the_shared_parameters_and_its_own(page, section, own):
    """A parameter only one page reads (its tab, the map's classification, the slide) is written into that page's
    URL and links alone: written everywhere, Back from /vergelijk's ranking tab went to /trends?section=ranking and
    from /trends' second tab to /profiel?area=…&section=indicators."""
    view = parsed(urlencode({**SHARED, **EVERY_PAGE_ONLY, "section": section}))
    written = url_params(view, page)
    assert {name: value for name, value in written.items() if name in SHARED} == SHARED
    assert set(written) - set(SHARED) == own
    assert view_link(page, view) == f"/{page}?{urlencode(written)}"
