"""/presentatie (issues #9, #17): the story model, the default story, saved stories in the store, slide contents
(links without a public address, document sources, a focus area's buurten, program periods), the URL's `slide` and
`story`, keyboard targets, and the page itself (AppTest): counter, next/previous, the builder (a custom title stays
on its slide), saving and deleting only as an editor, a delete that asks and can be undone."""
from __future__ import annotations

import dataclasses
import html
import math

import pytest
import yaml

from indicators.catalogue import catalogue
from indicators.stories import load_stories, localise
from indicators.profile import spine_data, spread_level
from presentation import keys
from charts.markup import line_count
from presentation.content import SOURCE_LINE_PX, document_source, story_card, story_url
from presentation.slides import build_slide, build_story, highlight_codes, load_data, slide_url
from programs import stories as story_store
from programs.db import make_sessions, open_store
from programs.users import Account, add_user, find_user
from presentation.story import (
    DEFAULT_STORY_ID,
    CompareSlide,
    MapSlide,
    ProfileSlide,
    ProgramSlide,
    Story,
    StoryError,
    StoryNotFound,
    VerhaalSlide,
    default_story,
    delete_story,
    list_stories,
    load_story,
    move,
    parse_story,
    restore_story,
    save_story,
    slide_from_view,
    slide_view,
    story_id_for,
)
from tests.conftest import ROOT, link_notices, open_page
from texts.i18n import fmt_value, t
from indicators.view import View, parse_view, view_to_params
from tests.signin_helpers import app_cookie, sign_in_app  # noqa: F401  (fixture)
from ui.components.pager import fresh_steps
from ui.device import is_phone
from views.presentatie_panels import (BEAMER_MAP_PX, CONTROLS_KEY, LEGEND_ITEM_PX, PHONE_LEGEND_SHARE, _unbroken_parts,
                                      chart_box, screen_figure)

cat = catalogue()


@pytest.fixture(scope="module")
def data(mirror, tmp_path_factory):
    return load_data(store_url=f"sqlite:///{tmp_path_factory.mktemp('pres-store') / 'programs.sqlite'}")


@pytest.fixture
def sessions(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    yield make_sessions(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def app_store():
    """The store the app opens in these tests (WIJKDASHBOARD_DB_DIR of conftest), with an editor and a viewer."""
    engine = open_store()
    with make_sessions(engine).begin() as s:
        for name, role in (("Redacteur", "editor"), ("Kijker", "viewer")):
            if find_user(s, name) is None:
                add_user(s, name, role, "wachtwoord van " + name.lower(), rounds=4)
    yield make_sessions(engine)
    engine.dispose()


# --- the default story ------------------------------------------------------------------------------------------


def test_default_story_tells_the_health_gap_of_zuidwest_and_laak():
    story = default_story()
    assert story.id == DEFAULT_STORY_ID and len(story.slides) == 10
    kinds = [s.type for s in story.slides]
    assert set(kinds) == {"map", "profile", "compare", "program", "verhaal"}
    maps = [s for s in story.slides if isinstance(s, MapSlide)]
    assert {(m.indicator, m.mode) for m in maps} == {("ervaren_gezondheid_goed_zeer_goed", "gap_city"),
                                                    ("moeite_met_rondkomen", "gap_city")}
    (profile,) = [s for s in story.slides if isinstance(s, ProfileSlide)]
    assert profile.area == "WK051836"  # Moerwijk
    (compare,) = [s for s in story.slides if isinstance(s, CompareSlide)]
    assert compare.areas == ["WK051836", "WK051838", "WK051833"]
    assert [s.program for s in story.slides if isinstance(s, ProgramSlide)] == [
        "gli", "welzijn_op_recept", "brugfunctionarissen"]
    story_ids = {s["id"] for s in load_stories()}
    told = [s.story for s in story.slides if isinstance(s, VerhaalSlide) and s.story]
    assert 1 <= len(told) <= 2 and set(told) <= story_ids


def test_default_story_refers_only_to_what_exists():
    from programs.seed import PROGRAMS_YAML

    programs = {p["id"] for p in yaml.safe_load(PROGRAMS_YAML.read_text(encoding="utf-8"))["programs"]}
    for slide in default_story().slides:
        if isinstance(slide, MapSlide):
            assert slide.indicator in cat.available_ids and slide.year in cat.indicator(slide.indicator).years
        if isinstance(slide, (ProfileSlide, CompareSlide)):
            assert all(i in cat.available_ids for i in slide.indicators)
        if isinstance(slide, ProgramSlide):
            assert slide.program in programs


def test_inline_quote_of_the_opening_slide_is_literal_from_the_report():
    seed = ROOT.parent / "shared" / "seeds" / "003_1cf69fea2085eeed.txt"
    if not seed.exists():
        pytest.skip("seed documents are not beside the repo")
    text = " ".join(seed.read_text(encoding="utf-8").split())
    opening = default_story().slides[0]
    assert isinstance(opening, VerhaalSlide) and opening.quote
    assert opening.quote["nl"] in text


# --- the model ----------------------------------------------------------------------------------------------------


def test_slides_are_validated():
    with pytest.raises(StoryError):
        parse_story({"id": "x", "title": {"nl": "X"}, "slides": [{"type": "film"}]})
    with pytest.raises(StoryError):
        parse_story({"id": "x", "title": {"nl": "X"}, "slides": [{"type": "verhaal"}]})  # nothing to tell
    with pytest.raises(StoryError):
        parse_story({"id": "x", "title": {"nl": "X"}, "slides": [{"type": "profile", "area": "Moerwijk"}]})
    with pytest.raises(StoryError):
        parse_story({"id": "X Y", "title": {"nl": "X"}, "slides": []})
    story = parse_story({"id": "x", "title": {"nl": "X"}, "slides": [
        {"type": "map", "indicator": "eenzaam", "year": 2016},
        {"type": "compare", "areas": ["WK051836", "WK051836", "WK051838"], "indicators": ["eenzaam"]}]})
    assert story.slides[0].level == "wijk" and story.slides[0].mode == "value"
    assert story.slides[1].areas == ["WK051836", "WK051838"]


def test_story_ids_from_names():
    assert story_id_for("Breed Overleg maart 2025") == "breed-overleg-maart-2025"
    assert story_id_for("Één wijk: Moerwijk!") == "een-wijk-moerwijk"
    assert story_id_for("breed_overleg") != DEFAULT_STORY_ID
    assert story_id_for("Mijn verhaal", taken={"mijn-verhaal"}) == "mijn-verhaal-2"
    assert story_id_for("???") == "verhaal"


def test_save_list_load_delete_restore(sessions):
    story = Story(id="maart", title={"nl": "Maart", "en": "March"},
                  slides=[MapSlide(indicator="overgewicht", year=2016), VerhaalSlide(story="moerwijk_moeders")])
    saved = save_story(story, sessions, "Anna")
    assert saved.version == 1 and saved.title == "Maart"
    assert load_story("maart", sessions) == story
    listing = list_stories(sessions)
    assert next(iter(listing.stories)) == DEFAULT_STORY_ID and "maart" in listing.stories
    with sessions.begin() as s:  # a stored document that no longer fits the model is a problem, not a crash
        story_store.save(s, "kapot", "Kapot", {"id": "kapot", "title": {"nl": "x"}, "slides": [{"type": "?"}]}, "x")
    listing = list_stories(sessions)
    assert set(listing.problems) == {"kapot"} and "maart" in listing.stories
    delete_story("maart", sessions, "Bram")
    with pytest.raises(StoryNotFound):
        load_story("maart", sessions)
    assert list_stories(sessions).deleted == {"maart": "Maart"}
    restore_story("maart", sessions, "Bram")
    assert load_story("maart", sessions) == story
    with sessions() as s:
        assert [(h["revision"], h["deleted"], h["changed_by"]) for h in story_store.history(s, "maart")] == [
            (1, False, "Anna"), (2, True, "Bram"), (3, False, "Bram")]
    assert load_story("", sessions) == default_story() == load_story(DEFAULT_STORY_ID)


def test_saving_refuses_the_default_id_and_empty_stories(sessions):
    with pytest.raises(StoryError):
        save_story(default_story(), sessions, "Anna")
    with pytest.raises(StoryError):
        save_story(Story(id="leeg", title={"nl": "Leeg"}, slides=[]), sessions, "Anna")
    assert list(list_stories(sessions).stories) == [DEFAULT_STORY_ID]


def test_reorder():
    assert move(["a", "b", "c"], 0, +1) == ["b", "a", "c"]
    assert move(["a", "b", "c"], 2, +1) == ["a", "b", "c"]
    assert move(["a", "b", "c"], 2, -2) == ["c", "a", "b"]
    assert move(["a"], 5, 1) == ["a"]


def test_slides_from_the_current_view():
    v = View(indicator="eenzaam", year=2016, level="buurt", mode="gap_nl", area="WK051838",
             areas=("WK051836", "WK051829"), indicators=("roker",))
    assert slide_from_view(v, "map") == MapSlide(indicator="eenzaam", year=2016, level="buurt", mode="gap_nl")
    assert slide_from_view(v, "profile").area == "WK051838"
    assert slide_from_view(View(), "profile").area == "GM0518"
    compare = slide_from_view(v, "compare")
    assert compare.areas == ["WK051836", "WK051829"] and compare.indicators == ["roker"] and compare.year == 2016
    assert slide_from_view(v, "program", program="gli").program == "gli"
    with pytest.raises(StoryError):
        slide_from_view(v, "program")


def test_links_reopen_the_view():
    story = default_story()
    page, target = slide_view(story.slides[1], View(lang="en"))
    assert page == "" and view_to_params(target) == {"mode": "gap_city", "lang": "en"}  # the default indicator
    page, target = slide_view(story.slides[2], View())
    assert view_to_params(target) == {"indicator": "moeite_met_rondkomen", "mode": "gap_city"}
    assert slide_url(story.slides[3], 4, story, "nl", "http://x") == "http://x/profiel?area=WK051836"
    assert slide_url(story.slides[0], 1, story, "nl", "http://x") == "http://x/presentatie"
    assert slide_url(story.slides[5], 6, story, "en", "http://x") == "http://x/presentatie?lang=en&slide=6"
    programs = [(n, s) for n, s in enumerate(story.slides, 1) if isinstance(s, ProgramSlide)]
    links = {slide_url(s, n, story, "en", "http://x") for n, s in programs}
    assert "http://x/programmas?lang=en&places=haaglanden_gli&series=gli" in links
    assert "http://x/programmas?lang=en&series=welzijn_op_recept" in links
    assert len(links) == len(programs) == 3  # each program slide's link reopens that program, not the page's first
    for link in links:  # and the page reads it back as that view, without a notice
        query = dict(part.split("=") for part in link.split("?")[1].split("&"))
        view, notices = parse_view(query, cat)
        assert notices == [] and view.series == query["series"]


# --- the URL contract: slide and story ------------------------------------------------------------------------


def test_slide_and_story_in_the_url():
    view, notices = parse_view({"slide": "3", "story": "breed-overleg-maart"}, cat)
    assert (view.slide, view.story) == (3, "breed-overleg-maart") and notices == []
    assert view_to_params(view) == {"slide": "3", "story": "breed-overleg-maart"}
    assert parse_view(view_to_params(view), cat)[0] == view
    assert view_to_params(View()) == {}


@pytest.mark.parametrize("params", [{"slide": "0"}, {"slide": "x"}, {"slide": "-2"}, {"slide": "1000"},
                                    {"story": "../etc/passwd"}, {"story": "Mijn Verhaal"}])
def test_bad_slide_or_story_falls_back_with_a_notice(params):
    view, notices = parse_view(params, cat)
    assert (view.slide, view.story) == (1, "") and [n.param for n in notices] == list(params)


def test_keyboard_targets_are_clamped():
    assert keys.target(1, 10, -1) == 1 and keys.target(10, 10, +1) == 10 and keys.target(3, 10, +1) == 4
    assert keys.target(5, 10, "first") == 1 and keys.target(5, 10, "last") == 10 and keys.target(1, 0, +1) == 1
    assert {"ArrowLeft", "ArrowRight", "PageUp", "PageDown", " ", "Shift+ ", "Home", "End"} == set(keys.KEYS)


def test_space_moves_on_and_shift_space_back_as_in_powerpoint():
    """Most presenter remotes and PowerPoint habits use Space; the pager names it with Shift held 'Shift+ '."""
    assert keys.KEYS[keys.SPACE] == +1 and keys.KEYS[f"Shift+{keys.SPACE}"] == -1
    assert keys.moved(2, 10, [keys.KEYS[" "]] * 2) == 4 and keys.moved(4, 10, [keys.KEYS["Shift+ "]]) == 3


def test_steps_move_one_slide_each_from_where_they_are_taken():
    """Four steps forward are four slides, whatever slide they were pressed on; past an end they stay there; what is
    not a step (a browser can send anything) moves nothing."""
    assert keys.moved(1, 10, [1, 1, 1, 1]) == 5 and keys.moved(9, 10, [1, 1, 1]) == 10
    assert keys.moved(2, 10, [-1, -1, -1, 1]) == 2 and keys.moved(4, 10, ["last", -1, "first", 1]) == 2
    assert keys.moved(3, 10, [99, "1", True, None, [1], "end"]) == 3


def test_the_pager_hands_over_each_step_once():
    """The browser sends every step the server has not taken with each press; the server takes only those after
    the ones it took, also when a press's value was merged into the next one's (ui.components.pager)."""
    steps, seen = fresh_steps({"tab": "a", "from": 0, "steps": [1, 1]}, None)
    assert steps == [1, 1] and seen == ("a", 2)
    steps, seen = fresh_steps({"tab": "a", "from": 0, "steps": [1, 1, 1, -1]}, seen)  # not yet told: sent again
    assert steps == [1, -1] and seen == ("a", 4)
    steps, seen = fresh_steps({"tab": "a", "from": 4, "steps": ["last"]}, seen)  # told: the browser dropped four
    assert steps == ["last"] and seen == ("a", 5)
    assert fresh_steps({"tab": "b", "from": 0, "steps": [-1]}, seen) == ([-1], ("b", 1))  # another tab
    for junk in (None, [1], {"tab": "a", "from": "0", "steps": [1]}, {"tab": "a", "from": -3, "steps": [1]},
                 {"tab": 1, "from": 0, "steps": [1]}, {"tab": "a", "from": 0, "steps": "1"}):
        assert fresh_steps(junk, seen) == ([], seen)


# --- slide contents -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_default_slide_builds_with_title_source_and_notes(data, lang):
    contents = build_story(default_story(), data, lang, base="http://x")
    assert [c.number for c in contents] == list(range(1, 11))
    for content in contents:
        assert not content.problem, (content.number, content.problem)
        assert content.title and content.source and content.notes and content.url.startswith("http://x/")
        if content.kind in ("map", "profile", "compare", "program"):
            assert content.figure is not None and not content.table.empty
            assert content.figure.layout.separators == {"nl": ",.", "en": ".,"}[lang]  # an axis's 4.500 in Dutch
    assert contents[1].figure.layout.width == 1280 and contents[1].figure.layout.height == 720


PHONES = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"]
LARGE = ["Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1",
         "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36", ""]


def test_a_phone_is_told_by_its_user_agent():
    assert [is_phone(ua) for ua in PHONES + LARGE] == [True] * len(PHONES) + [False] * len(LARGE)


def test_a_map_slide_is_built_with_its_legend_below_the_map(data):
    story = default_story()
    content = build_slide(story.slides[1], 2, story, data, "nl")
    large, phone = screen_figure(content), screen_figure(content, phone=True)
    assert tuple(large.layout.xaxis.domain) == (0, 1) and large.layout.legend.orientation == "h"  # a beamer's too:
    assert large.layout.legend.y == 0 and large.layout.legend.yanchor == "top"  # in rows under the map
    # the Dutch "%-punt" labels: three columns of a 600 px chart, in pixels (a narrow window wraps them to fewer)
    assert large.layout.legend.entrywidthmode == "pixels"
    assert large.layout.legend.entrywidth + LEGEND_ITEM_PX == BEAMER_MAP_PX / 3
    assert tuple(phone.layout.xaxis.domain) == (0, 1)  # the whole width
    assert phone.layout.legend.y < phone.layout.yaxis.domain[0] == PHONE_LEGEND_SHARE  # below the map
    assert phone.layout.legend.yanchor == "top" and phone.layout.legend.x == 0
    assert [chart_box(content.kind, p) for p in (False, True)] == ["pres_chart_tall", "pres_chart_tall"]  # fits
    assert [chart_box("compare", p) for p in (False, True)] == ["pres_chart_wide", "pres_chart_tall"]
    assert [chart_box("program", p) for p in (False, True)] == ["pres_chart_wide", "pres_chart_fit"]
    assert [chart_box("profile", p) for p in (False, True)] == ["pres_chart_wide", "pres_chart_wide"]


def test_on_a_phone_the_bars_name_their_indicators_level_on_lines_as_wide_as_their_group(data):
    story = default_story()
    content = build_slide(story.slides[4], 5, story, data, "en")
    assert content.kind == "compare"
    large, phone = screen_figure(content), screen_figure(content, phone=True)
    names = [str(n).replace("<br>", " ") for n in large.layout.xaxis.ticktext]
    lines = [str(n).split("<br>") for n in phone.layout.xaxis.ticktext]
    assert [" ".join(parts) for parts in lines] == names and phone.layout.xaxis.tickangle == 0
    widest = max(len(line) for parts in lines for line in parts if " " in line)
    assert widest * 7 * len(names) <= 290  # a word alone may run longer; lines of words fit their group
    assert phone.layout.legend.font.size < large.layout.legend.font.size


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_on_a_phone_the_profile_slide_is_its_spine_as_a_table_of_the_same_figures(data, lang):
    """The beamer's spine figure left a phone its labels only: the slide carries the profile's table of the same
    indicators, with the area's and the city's values the handout's table gives."""
    story = default_story()
    number, slide = next((n, s) for n, s in enumerate(story.slides, 1) if isinstance(s, ProfileSlide))
    content = build_slide(slide, number, story, data, lang)
    rows = content.phone_html.split("<tr class='sp-row'")[1:]
    assert len(rows) == len(content.table) == len(slide.indicators)
    name = data.names(lang)[slide.area]
    for row, (_, shown) in zip(rows, content.table.iterrows()):
        assert html.escape(shown[t("indicator", lang)]) in row
        assert f"<td class='num'>{shown[name]}</td><td class='num'>{shown[data.city(lang)]}</td>" in row
    assert all(not c.phone_html for c in build_story(story, data, lang) if c.kind != "profile")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_profile_slide_lists_the_worse_indicators_furthest_first_and_says_how_many_it_leaves_out(data, lang):
    """The PPTX's box beside the profile listed the first 4 worse indicators in theme order and dropped the rest
    unsaid (Moerwijk: 4 of 8, without its two largest gaps). It lists those furthest from the reference, counted
    in the spread's interquartile ranges, and its title gives 'n of total' when it leaves some out."""
    story = default_story()
    number, slide = next((n, s) for n, s in enumerate(story.slides, 1) if isinstance(s, ProfileSlide))
    content = build_slide(slide, number, story, data, lang)
    judged = content.table.iloc[:, -1]
    worse_labels = list(content.table.loc[judged == t("prof_cmpword_worse", lang), t("indicator", lang)])
    assert len(worse_labels) > 4  # Moerwijk: else the story no longer tests the cut
    listed = [label.rsplit(" (", 1)[0] for label, _ in content.key_numbers]
    assert len(listed) == 4 and set(listed) <= set(worse_labels)
    assert content.key_title == t("pres_key_profile_furthest", lang, ref=data.city(lang), n=4,
                                  total=len(worse_labels))
    spine = spine_data(data.tidy, cat, slide.area, list(data.areas[spread_level(slide.area)]["code"]), slide.age,
                       data.gemeente, slide.indicators)
    worse = spine[spine["comparison"] == "worse"]
    distance = {cat.indicator(r["indicator"]).label.get(lang): abs(r["value"] - r["reference"]) / (r["p75"] - r["p25"])
                for _, r in worse.iterrows()}
    assert listed == sorted(distance, key=distance.get, reverse=True)[:4]


def test_furthest_worse_orders_by_the_spread_not_by_the_theme():
    import pandas as pd
    from indicators.profile import furthest_worse

    spine = pd.DataFrame({
        "indicator": ["a", "b", "c", "d", "e"],
        "comparison": ["worse", "worse", "better", "worse", "worse"],
        "value": [12.0, 30.0, 1.0, 0.9, 50.0],
        "reference": [10.0, 20.0, 9.0, 0.5, 40.0],
        "p25": [9.0, 15.0, 0.0, 0.4, 40.0],
        "p75": [11.0, 35.0, 20.0, 0.6, 40.0],  # e: no range at all
    })
    # distances: a 2/2 = 1, b 10/20 = 0.5, d 0.4/0.2 = 2; e unmeasured, last; c is better
    assert list(furthest_worse(spine)["indicator"]) == ["d", "a", "b", "e"]


def test_map_slide_numbers_match_the_mirror(data):
    from indicators.observations import build_observations

    tidy = build_observations("GM0518")
    hit = tidy[(tidy["area_code"] == "WK051836") & (tidy["indicator"] == "ervaren_gezondheid_goed_zeer_goed")
               & (tidy["year"] == 2020) & (tidy["age"] == "18plus")]
    expected = fmt_value(float(hit["value"].iloc[0]), "percent", "nl")
    story = default_story()
    content = build_slide(story.slides[1], 2, story, data, "nl")
    rows = dict(zip(content.table["Gebied"], content.table["Waarde"]))
    assert rows["Moerwijk"] == expected
    assert f"Moerwijk: {expected}" in content.notes
    assert "50090NED" in content.source and "2020" in content.source
    legend = [tr.name for tr in content.figure.data if tr.mode == "markers"]
    assert "geen gegevens" in legend and len(legend) >= 3
    assert any("50090NED" in a.text for a in content.figure.layout.annotations)
    assert set(highlight_codes(list(data.areas["wijk"]["code"]))) == {"WK051833", "WK051834", "WK051836",
                                                                       "WK051838"}


def test_a_buurt_map_of_the_focus_areas_lists_their_buurten(data):
    story = Story(id="b", title={"nl": "B"}, slides=[MapSlide(indicator="ervaren_gezondheid_goed_zeer_goed",
                                                              level="buurt", year=2020, mode="gap_city")])
    content = build_slide(story.slides[0], 1, story, data, "nl")
    names = dict(zip(data.areas["buurt"]["code"], data.areas["buurt"]["name"]))
    focus = {names[c] for c in highlight_codes(list(names))}
    listed = [n for n, _ in content.key_numbers[:-1]]  # the last is the city
    assert listed and set(listed) <= focus and "Schildersbuurt-West" not in listed
    assert content.key_title == "Zuidwest en Laak"


def test_program_slide_is_the_store_series(data):
    story = default_story()
    content = build_slide(story.slides[6], 7, story, data, "nl")
    gli = data.counts[(data.counts["program"] == "gli") & (data.counts["area"] == "haaglanden_gli")]
    expected = dict(zip([d.year for d in gli["period_start"]], gli["value_low"]))
    assert content.chart.kind == "bar"  # counts of periods are columns, each labelled with its period
    assert content.chart.categories == [f"{y} (1 jaar)" for y in sorted(expected)]
    assert "elke telling over 1 jaar" in content.subtitle
    ((_name, values),) = content.chart.series
    assert values == [expected[y] for y in sorted(expected)] and values[-1] == 4638
    assert "4.638" in content.notes and content.source.startswith("Bron: Vijfjarenrapportage")
    # five counts in the chart, the newest four beside it: the list says so (it silently left out 2019's 628)
    assert [label for label, _ in content.key_numbers] == [f"{y} (1 jaar)" for y in sorted(expected)[-4:]]
    assert content.key_title == f"GLI-regio Haaglanden · nieuwste 4 van {len(expected)}"
    one = build_slide(story.slides[7], 8, story, data, "en")  # Welzijn op Recept: one count, all of it listed
    assert len(one.key_numbers) == 1 and one.key_title == "Loosduinen"


def test_the_newest_counts_beside_a_program_chart_are_the_latest_periods_of_any_area(data):
    """Five GLI counts of the region (2019-2023) and one of Moerwijk for 2024: 'newest 4 of 6' listed the region's
    last four, because the list was the last rows sorted by area (WK051836 sorts before haaglanden_gli)."""
    import datetime as dt

    import pandas as pd

    gli = data.counts[(data.counts["program"] == "gli") & (data.counts["area"] == "haaglanden_gli")]
    moerwijk = gli.iloc[[0]].assign(area="WK051836", period_start=dt.date(2024, 1, 1),
                                    period_end=dt.date(2024, 6, 30), value_low=40, value_high=40)
    counts = pd.concat([data.counts[data.counts["program"] != "gli"], gli, moerwijk], ignore_index=True)
    content = build_slide(ProgramSlide(program="gli"), 1, default_story(), dataclasses.replace(data, counts=counts),
                          "nl")
    assert content.key_title.endswith(f"nieuwste 4 van {len(gli) + 1}")
    assert [label for label, _ in content.key_numbers] == [
        "Moerwijk · 1 jan 2024 – 30 jun 2024 (6 maanden)",
        *(f"GLI-regio Haaglanden · {year} (1 jaar)" for year in (2021, 2022, 2023))]


@pytest.mark.parametrize("lang, count, unit", [("nl", "Moerwijk, 2021–2024: 1 speeltuin", "speeltuinen"),
                                               ("en", "Moerwijk, 2021–2024: 1 playground", "playgrounds")])
def test_a_program_slides_notes_say_one_playground(data, lang, count, unit):
    """The speaker notes follow each count with its unit for that number ('1 speeltuinen' before); the subtitle and
    the table's unit column name the unit of all the slide's counts: the plural."""
    content = build_slide(ProgramSlide(program="speeltuintour_speeltuinen"), 1, default_story(), data, lang)
    assert count in content.notes.splitlines()
    assert content.subtitle.startswith(f"{unit} · ")
    assert content.table[t("prog_col_unit", lang)].tolist() == [unit]


def test_a_program_slide_names_den_haags_counts_in_another_gemeentes_story(mirror, tmp_path):
    """A story of Rijswijk shows Den Haag's counts by Den Haag's names (its wijk, 'The Hague'), not by their codes
    or CBS's 's-Gravenhage: a count is named by the gemeente its area lies in."""
    rijswijk = load_data("GM0603", store_url=f"sqlite:///{tmp_path / 'programs.sqlite'}")
    story = default_story()
    one = build_slide(story.slides[7], 8, story, rijswijk, "en")  # Welzijn op Recept, counted for Loosduinen
    assert one.key_title == "Loosduinen" and "WK0518" not in one.subtitle + one.notes
    ranged = build_slide(story.slides[8], 9, story, rijswijk, "en")  # Brugfunctionarissen, counted for GM0518
    assert "The Hague (low)" in dict(ranged.chart.series) and "Gravenhage" not in ranged.notes


def test_a_program_charts_bottom_margin_holds_every_line_of_its_source(data):
    """The PDF hand-out cut the bottom of a program source's third line (Brugfunctionarissen): the margin under
    the plot was 110 px whatever the source's length. Now it grows by a line's height with every line."""
    story = default_story()
    room = {}
    for extra in ("", " Jaarcijfers gemeente 2025" * 4, " Jaarcijfers gemeente 2025" * 8):
        counts = data.counts.assign(source=data.counts["source"] + extra)
        fig = build_slide(story.slides[8], 9, story, dataclasses.replace(data, counts=counts), "nl").figure
        (note,) = fig.layout.annotations
        lines = line_count(note.text)
        assert fig.layout.margin.b >= -note.yshift + SOURCE_LINE_PX * lines + 10, (lines, fig.layout.margin.b)
        room[lines] = fig.layout.margin.b
    assert len(room) == 3 and min(room) >= 3, room
    assert [room[n] for n in sorted(room)] == [room[min(room)] + SOURCE_LINE_PX * (n - min(room)) for n in sorted(room)]


def test_a_range_is_two_series_and_never_a_midpoint(data):
    story = default_story()
    content = build_slide(story.slides[8], 9, story, data, "en")
    series = dict(content.chart.series)
    assert series["The Hague (low)"] == [79] and series["The Hague (high)"] == [92]
    assert not any(v == 85.5 for values in series.values() for v in values)
    assert "79–92" in content.notes


def test_a_slide_whose_data_went_missing_says_so(data):
    story = Story(id="x", title={"nl": "X"}, slides=[MapSlide(indicator="bestaat_niet", year=2020),
                                                    ProgramSlide(program="bestaat_niet"),
                                                    VerhaalSlide(story="bestaat_niet")])
    contents = build_story(story, data, "nl")
    assert all(c.problem.startswith("Deze dia kan niet getoond worden") for c in contents)


def test_verhaal_slide_takes_the_story_and_its_quote(data):
    story = default_story()
    content = build_slide(story.slides[5], 6, story, data, "en")
    assert content.title.startswith("Moerwijk Mothers") and content.quote == "Women can do more than they think."
    assert content.quote_by == "Jamila Choukoud, figurehead of the Moerwijk Moeders"  # the role in English too
    assert content.source.startswith("Source: ") and content.figure is None and content.chart is None
    assert build_slide(story.slides[5], 6, story, data, "nl").quote_by.endswith("boegbeeld van de Moerwijk Moeders")


@pytest.mark.parametrize("lang, role", [("nl", "voorwoord"), ("en", "foreword")])
def test_who_said_a_quote_is_in_the_slides_language(data, lang, role):
    """English slides named their speakers' roles in Dutch ('Jet Bussemaker, voorwoord'); a story saved before
    quote_by had languages keeps its one text."""
    story = default_story()
    assert build_slide(story.slides[0], 1, story, data, lang).quote_by == f"Jet Bussemaker, {role}"
    old = VerhaalSlide.model_validate({"type": "verhaal", "quote": {"nl": "Q"}, "quote_by": "Iemand, wijkbewoner"})
    assert old.quote_by == {"nl": "Iemand, wijkbewoner"}
    assert build_slide(old, 1, story, data, lang).quote_by == "Iemand, wijkbewoner"


# --- the page (AppTest) -------------------------------------------------------------------------------------------


def _counter(at) -> str:
    texts = [h.proto.body for h in at.html]
    hit = next(t for t in texts if "pres-counter" in t)
    return hit.split("data-testid='pres-counter' aria-live='polite'>")[1].split("<")[0]


def test_page_opens_at_the_linked_slide_and_moves(mirror):
    at = open_page("presentatie", {"slide": "3"}, timeout=180)
    assert not at.exception, at.exception
    assert _counter(at) == "3 / 10"
    assert any("Moeite met rondkomen" in h.proto.body for h in at.html)
    at.button(key="pres_next").click().run()
    assert _counter(at) == "4 / 10" and at.query_params["slide"] == "4"
    for _ in range(3):
        at.button(key="pres_prev").click().run()
    assert _counter(at) == "1 / 10" and "slide" not in at.query_params
    assert at.button(key="pres_prev").disabled


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_den_haag_story_shows_den_haag_from_another_gemeente(mirror, lang):
    """A visitor looking at Rijswijk opens the presentation: the default story is about Den Haag, so every slide
    shows Den Haag (not 'unknown area WK051836'), and a caption says whose story it is."""
    problem = {"nl": "kan niet getoond worden", "en": "cannot be shown"}[lang]
    at = open_page("presentatie", {"gemeente": "GM0603", "lang": lang}, timeout=180)
    for number in range(1, 11):
        assert not at.exception, at.exception
        assert _counter(at) == f"{number} / 10"
        shown = " ".join([h.proto.body for h in at.html] + [m.value for m in at.markdown])
        assert problem not in shown, (number, shown[:300])
        assert any(("Den Haag" if lang == "nl" else "The Hague") in c.value for c in at.caption)
        if number < 10:
            at.button(key="pres_next").click().run()


def test_slide_past_the_end_and_unknown_story(mirror):
    """A slide past the end shows the last; a story that is gone opens the default one at its first slide, says so
    in a toast (a notice above the slide pushed it below a beamer's edge), and the link says slide 1 as the screen
    does (it showed slide 4 of the default story under a link that reopened slide 1)."""
    at = open_page("presentatie", {"slide": "99", "lang": "en"}, timeout=180)
    assert _counter(at) == "10 / 10"
    at = open_page("presentatie", {"slide": "4", "story": "bestaat-niet", "lang": "en"}, timeout=180)
    assert not at.exception, at.exception
    assert _counter(at) == "1 / 10" and "slide" not in at.query_params and "story" not in at.query_params
    assert any("bestaat-niet" in toast.value for toast in at.toast) and not at.warning


@pytest.mark.parametrize("lang, slide, shown", [("nl", "99", "we tonen 10."), ("en", "11", "showing 10 instead.")])
def test_a_slide_past_the_end_says_which_slide_is_shown(mirror, lang, slide, shown):
    """?slide=0 or ?slide=abc said 'we tonen 1', but ?slide=99 jumped silently to the last of 10 slides: it says
    so in the same words (a toast, as every notice here), once; moving on says nothing more."""
    at = open_page("presentatie", {"slide": slide, "lang": lang}, timeout=180)
    assert not at.exception, at.exception
    assert _counter(at) == "10 / 10" and at.query_params["slide"] == "10"
    (notice,) = [n for n in link_notices(at) if "‘slide’" in n]
    assert slide in notice and notice.endswith(shown), notice
    at.button(key="pres_prev").click().run()
    assert _counter(at) == "9 / 10" and not link_notices(at)


def _as(at, name: str | None, role: str = "editor"):
    """The page signed in as `name` (an account of `app_store`), or as an anonymous visitor."""
    if name:
        sign_in_app(Account(name, role))  # the signed cookie a real sign-in sets (ui.auth trusts nothing else)
    return at


def _page(params: dict, name: str | None = None, role: str = "editor"):
    from tests.conftest import app_test

    at = _as(app_test(params, timeout=180), name, role)
    at.session_state[CONTROLS_KEY] = True  # the controls unfolded: the builder is drawn only then
    at.switch_page("views/presentatie.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _keys(at) -> set[str]:
    return {b.key for b in at.button}


def test_builder_saves_a_story_from_the_current_view(mirror, app_store):
    at = _page({"indicator": "eenzaam", "year": "2016", "mode": "gap_city"}, "Redacteur")
    at.radio(key="pres_b_start").set_value("empty").run()
    at.button(key="pres_b_reset").click().run()
    at.toggle(key="pres_b_use_view").set_value(True).run()
    at.button(key="pres_b_add").click().run()
    at.selectbox(key="pres_b_type").set_value("verhaal").run()
    at.button(key="pres_b_add").click().run()
    at.text_input(key="pres_b_name").input("Breed Overleg maart").run()
    at.button(key="pres_b_save").click().run()
    assert not at.exception, at.exception
    saved = load_story("breed-overleg-maart", app_store)
    assert [s.type for s in saved.slides] == ["map", "verhaal"]
    assert saved.slides[0] == MapSlide(indicator="eenzaam", year=2016, mode="gap_city")
    assert at.query_params["story"] == "breed-overleg-maart" and _counter(at) == "1 / 2"
    with app_store() as s:
        assert story_store.history(s, "breed-overleg-maart")[0]["changed_by"] == "Redacteur"


def test_a_custom_title_belongs_to_its_slide_only(mirror, app_store):
    at = _page({}, None)  # any visitor builds
    at.radio(key="pres_b_start").set_value("empty").run()
    at.button(key="pres_b_reset").click().run()
    at.selectbox(key="pres_b_type").set_value("verhaal").run()
    at.text_input(key="pres_b_title").input("Mijn eigen titel").run()
    at.button(key="pres_b_add").click().run()
    assert at.text_input(key="pres_b_title").value == ""  # emptied for the next slide
    at.button(key="pres_b_add").click().run()
    slides = at.session_state["pres_draft"]["slides"]
    assert [s.title for s in slides] == [{"nl": "Mijn eigen titel"}, None]


@pytest.mark.parametrize("name,role", [(None, "viewer"), ("Kijker", "viewer")])
def test_viewers_build_and_present_but_cannot_save_or_delete(mirror, app_store, name, role):
    story = Story(id="van-de-redactie", title={"nl": "Van de redactie"}, slides=[VerhaalSlide(story="moerwijk_moeders")])
    save_story(story, app_store, "Redacteur")
    at = _page({"story": "van-de-redactie"}, name, role)
    assert _counter(at) == "1 / 1"
    assert not {"pres_b_save", "pres_b_delete", "pres_b_delete_yes", "pres_b_restore"} & _keys(at)
    at.radio(key="pres_b_start").set_value("current").run()
    at.button(key="pres_b_reset").click().run()
    at.selectbox(key="pres_b_type").set_value("verhaal").run()
    at.button(key="pres_b_add").click().run()
    at.button(key="pres_b_present").click().run()  # the draft, shown without saving
    assert at.query_params["story"] == "concept" and _counter(at) == "1 / 2"
    assert load_story("van-de-redactie", app_store) == story  # nothing saved or deleted
    delete_story("van-de-redactie", app_store, "Redacteur")


def test_an_editor_deletes_after_confirming_and_can_undo(mirror, app_store):
    story = Story(id="weg-ermee", title={"nl": "Weg ermee"}, slides=[VerhaalSlide(story="moerwijk_moeders")])
    save_story(story, app_store, "Redacteur")
    at = _page({"story": "weg-ermee"}, "Redacteur")
    at.button(key="pres_b_delete").click().run()
    assert load_story("weg-ermee", app_store) == story, "one click deletes nothing"
    assert any("Weg ermee" in w.value for w in at.warning) and "pres_b_delete_yes" in _keys(at)
    at.button(key="pres_b_delete_yes").click().run()
    with pytest.raises(StoryNotFound):
        load_story("weg-ermee", app_store)
    assert "story" not in at.query_params
    at.button(key="pres_b_undo").click().run()
    assert load_story("weg-ermee", app_store) == story and at.query_params["story"] == "weg-ermee"


# --- links and sources ------------------------------------------------------------------------------------------


def test_without_a_public_address_links_are_the_views_path(monkeypatch):
    story = default_story()
    monkeypatch.delenv("WIJKDASHBOARD_BASE_URL", raising=False)
    assert slide_url(story.slides[3], 4, story, "nl") == "/profiel?area=WK051836"
    assert story_url(story, "en") == "/presentatie?lang=en"
    monkeypatch.setenv("WIJKDASHBOARD_BASE_URL", "https://wijkdashboard.example.nl/")
    assert slide_url(story.slides[3], 4, story, "nl") == "https://wijkdashboard.example.nl/profiel?area=WK051836"


def test_story_sources_name_the_document_not_our_copy():
    raw = "5 jaar Gezond en Gelukkig Den Haag & Afronding Preventiecoalitie (seeds/003_1cf69fea2085eeed.txt), §Thema 2"
    assert document_source(raw, "nl") == ("5 jaar Gezond en Gelukkig Den Haag & Afronding Preventiecoalitie "
                                          "(rapport uit 2024), §Thema 2")
    for told in load_stories():
        assert "seeds/" not in document_source(told["source"], "en")


@pytest.mark.parametrize("lang, year", [("nl", "rapport uit 2024"), ("en", "report of 2024")])
def test_a_story_card_cites_the_report_and_its_year_in_the_pages_language(lang, year):
    """The profile's story cards (presentation.content.story_card): the source line names the report and its year,
    never our copy's file name."""
    told = next(s for s in load_stories() if "seeds/" in s["source"])
    card = story_card(localise(told, lang), lang)
    assert year in card and "seeds/" not in card and ".txt" not in card
    assert card.startswith(f"**{localise(told, lang).title}**")


def test_the_controls_are_built_only_while_unfolded(mirror):
    """Folded (as while presenting), the story picker, exports and builder are not built on each slide; unfolded
    they are, and next/previous still move the slide."""
    at = open_page("presentatie", {"slide": "2"}, timeout=180)
    assert not at.exception, at.exception
    folded = _keys(at)
    assert {"pres_prev", "pres_next"} <= folded
    assert not folded & {"pres_make_pptx", "pres_b_add", "pres_b_present"}
    assert not [s for s in at.selectbox if s.key == "pres_story_pick"]
    at.session_state[CONTROLS_KEY] = True
    at.button(key="pres_next").click().run()
    assert not at.exception, at.exception
    assert {"pres_make_pptx", "pres_b_add", "pres_b_present"} <= _keys(at)
    assert at.selectbox(key="pres_story_pick").value == DEFAULT_STORY_ID
    assert _counter(at).startswith("3")


def test_a_comparison_slide_draws_no_bar_for_a_small_count_of_people(data):
    """A story comparing inhabitants of Tedingerbuurt (0) and Moerwijk-Oost: the slide's table writes '<5', its
    chart has no bar for it, and the PPTX's native chart (whose workbook a reader can open) holds no number."""
    story = default_story()
    slide = CompareSlide(areas=["BU05184209", "BU05183620"], indicators=["aant_inw"], year=2019)
    content = build_slide(slide, 3, story, data, "nl")
    assert "<5" in content.table.to_string()
    bars = {trace.name: list(trace.y) for trace in content.figure.data if trace.type == "bar"}
    assert math.isnan(bars["Tedingerbuurt"][0]) and bars["Moerwijk-Oost"][0] > 5
    series = dict(content.chart.series)
    assert series["Tedingerbuurt"] == [None] and series["Moerwijk-Oost"][0] > 5


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_map_slide_gives_an_area_written_below_5_no_place(data, lang):
    """Inhabitants per wijk in 2024: Oostduinen (0) reads '<5' in its hover without '44e van 44 wijken', and the
    speaker notes' lowest values leave it out (their end would be its place), as the map page's lists do."""
    story = default_story()
    slide = MapSlide(indicator="aant_inw", level="wijk", year=2024, mode="value")
    content = build_slide(slide, 2, story, data, lang)
    hover = next(trace.text for trace in content.figure.data if trace.name == "Oostduinen")
    assert "<5" in hover and t("rank_small", lang) in hover
    assert t("rank_of", lang, rank="", n=44, areas="").strip() not in hover
    lowest = next(line for line in content.notes.splitlines()
                  if line.startswith(t("pres_notes_lowest", lang, areas=t("level_plural_wijk", lang))))
    assert "Oostduinen" not in lowest and "<5" not in lowest, lowest


def test_a_key_number_breaks_between_its_value_and_its_gap_only_and_is_escaped():
    assert _unbroken_parts("66.9% (−8.4 percentage points)") == (
        "<span>66.9%</span> <span>(−8.4 percentage points)</span>")
    assert _unbroken_parts("<5") == "<span>&lt;5</span>"
    assert "<b>" not in _unbroken_parts("<b>1</b> (<i>2</i>)")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_spine_legends_items_stand_apart(lang):
    """Three spaces between items showed as one in HTML: '▼ Netherlands bar: spread of districts' read as one item.
    Each item ends at a space the browser keeps (an em space), in the two-line and the fitted legend alike."""
    from presentation.data_slides import LEGEND_SEP, _spine_legend

    netherlands = f"▼</span> {t('nederland', lang)}"
    for legend in (_spine_legend("wijk", "Den Haag", "Moerwijk", lang),
                   _spine_legend("wijk", "Den Haag", "Moerwijk", lang, width=60)):
        assert "  " not in legend.replace("<b>Moerwijk</b>:  ", "")
        after = legend.split(netherlands)[1]
        assert after.startswith((LEGEND_SEP, "<br>")) and LEGEND_SEP.isspace() and LEGEND_SEP != " "


def test_the_english_slides_name_zuidwest_as_the_compare_page_does():
    """Slide 2 listed 'Zuidwest and Laak' in English, where /vergelijk's group is 'The Hague Southwest'."""
    from indicators.areas import groups

    southwest = groups()["zuidwest"]["name"]["en"].removeprefix("The Hague ")
    assert t("pres_key_map", "en").startswith(southwest)
    assert "Zuidwest" not in default_story().title["en"]
