"""indicators.stories: which stories belong to a wijk, a buurt (via its wijk), a group or the gemeente."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators.areas import groups
from indicators.stories import AreaStory, load_stories, localise, parent_wijk, stories_for, story_markdown

MOERWIJK, LAAK, SCHILDERSBUURT, OOSTDUINEN = "WK051836", "WK051838", "WK051829", "WK051801"

# Made-up stories and groups: the resolution rules without depending on the real stories.yaml.
FAKE_GROUPS = {
    "zuid": {"members": ["WK999901", "WK999902"]},
    "noord": {"members": ["WK999903"]},
    "zuid_en_noord": {"members": ["WK999902", "WK999903"]},
    "regio": {"members": ["GM9999", "GM8888"]},
}


def _fake(story_id: str, areas: list[str]) -> dict:
    return {"id": story_id, "areas": areas, "theme": "wijkpreventie",
            "title": {"nl": f"Titel {story_id}", "en": f"Title {story_id}"},
            "summary": {"nl": "Samenvatting.", "en": "Summary."}, "source": "verzonnen", "source_excerpt": "x"}


FAKE_STORIES = [
    _fake("in_zuid", ["zuid"]),
    _fake("in_wijk_1", ["WK999901"]),
    _fake("in_wijk_3", ["WK999903"]),
    _fake("regional", ["regio"]),
    _fake("city", ["GM9999"]),
    _fake("other_city", ["WK888801"]),
    _fake("in_buurt", ["BU99990105"]),
    _fake("national", ["NL01"]),  # the Netherlands holds the gemeente; it is not a part of it
]


def ids(found: list[AreaStory]) -> list[str]:
    return [s.id for s in found]


def fake(code: str, lang: str = "nl") -> list[AreaStory]:
    return stories_for(code, lang, FAKE_STORIES, FAKE_GROUPS)


# --- rules, on made-up data ---------------------------------------------------------------------------------------

def test_wijk_gets_its_own_and_its_groups_stories_closest_first():
    found = fake("WK999901")
    assert ids(found) == ["in_wijk_1", "in_zuid"]
    assert [(s.match, s.via) for s in found] == [("area", "WK999901"), ("group", "zuid")]


def test_buurt_gets_its_wijks_stories():
    assert ids(fake("BU99990105")) == ["in_buurt", "in_wijk_1", "in_zuid"]
    assert [s.match for s in fake("BU99990105")] == ["area", "wijk", "group"]
    assert ids(fake("BU99990199")) == ["in_wijk_1", "in_zuid"]


def test_group_gets_its_members_and_overlapping_groups():
    assert ids(fake("zuid")) == ["in_zuid", "in_wijk_1"]
    assert set(ids(fake("zuid_en_noord"))) == {"in_zuid", "in_wijk_3"}  # shares WK999902 with zuid


def test_gemeente_gets_everything_inside_it_and_groups_holding_it():
    found = fake("GM9999")
    assert set(ids(found)) == {"city", "regional", "in_zuid", "in_wijk_1", "in_wijk_3", "in_buurt"}
    assert ids(found)[:2] == ["city", "regional"]
    assert "other_city" not in ids(found)


@pytest.mark.parametrize("code", ["", "   ", "WK000000", "BU0000", "nonsense", "GM0000"])
def test_unknown_or_malformed_codes_give_no_stories(code):
    assert fake(code) == []


def test_languages_and_unknown_language_falls_back_to_dutch():
    assert fake("WK999901", "en")[0].title == "Title in_wijk_1"
    assert fake("WK999901", "nl")[0].title == "Titel in_wijk_1"
    assert fake("WK999901", "fr")[0].title == "Titel in_wijk_1"


def test_parent_wijk():
    assert parent_wijk("BU05183601") == MOERWIJK
    assert parent_wijk(MOERWIJK) is None
    assert parent_wijk("BU0518") is None


def test_markdown_card_has_title_quote_and_source():
    raw = {**_fake("q", ["WK999901"]), "quote": {"nl": "“Samen sterk.”", "en": "Stronger together."},
           "quote_by": "Een bewoner"}
    text = story_markdown(localise(raw, "en"), "Source: ")
    assert text.startswith("**Title q**")
    assert "> “Stronger together.”" in text and "— Een bewoner" in text
    assert text.rstrip().endswith("*Source: verzonnen*")
    assert "““" not in story_markdown(localise(raw, "nl"))


# --- the real stories.yaml and areas.yaml -------------------------------------------------------------------------

def test_moerwijk_has_its_stories_and_zuidwest_ones():
    found = stories_for(MOERWIJK, "nl")
    assert "moerwijk_moeders" in ids(found)
    assert {"wijkpreventieaanpak", "brugfunctionarissen_zuidwest"} <= set(ids(found))  # via the group zuidwest
    assert found[0].match == "area"
    assert all(s.match in ("area", "group") for s in found)


def test_buurt_in_moerwijk_has_moerwijks_stories():
    assert ids(stories_for("BU05183601", "en")) == ids(stories_for(MOERWIJK, "en"))


def test_zuidwest_includes_its_wijken():
    found = ids(stories_for("zuidwest", "nl"))
    assert found[0] in {"wijkpreventieaanpak", "brugfunctionarissen_zuidwest", "peuterconsulenten"}
    assert "moerwijk_moeders" in found  # Moerwijk is in Zuidwest
    assert "beweegroute_bouwlust_vrederust" in found  # so is Bouwlust en Vrederust


def test_laak_and_the_city():
    assert "krachtige_basiszorg_laak" in ids(stories_for(LAAK, "nl"))
    assert len(stories_for("GM0518", "nl")) == len(load_stories())  # every story is somewhere in Den Haag
    assert stories_for(OOSTDUINEN, "nl") == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_story_is_found_for_its_areas_in_both_languages(lang):
    for raw in load_stories():
        for area in raw["areas"]:
            found = {s.id: s for s in stories_for(area, lang)}
            assert raw["id"] in found, (raw["id"], area)
            story = found[raw["id"]]
            assert story.title == raw["title"][lang] and story.summary == raw["summary"][lang]
            if "quote" in raw:
                assert story.quote == raw["quote"][lang]


def test_en_differs_from_nl():
    nl, en = stories_for(MOERWIJK, "nl"), stories_for(MOERWIJK, "en")
    assert ids(nl) == ids(en)
    assert all(a.title != b.title and a.summary != b.summary for a, b in zip(nl, en))


def test_groups_of_stories_exist_in_areas_yaml():
    for raw in load_stories():
        for area in raw["areas"]:
            if not area.startswith(("WK", "GM", "BU")):
                assert area in groups(), f"{raw['id']}: group {area!r} is not in data/areas.yaml"


def test_buurt_codes_embed_their_wijk(mirror):
    """parent_wijk relies on CBS coding (BU + gemeente + wijk + 2 digits): true for every buurt of the mirror."""
    frame = pd.read_csv(mirror / "kwb_2019_84583NED_denhaag.csv", usecols=["code", "niveau", "wijk_code"], dtype=str)
    buurten = frame[frame["niveau"] == "buurt"]
    assert len(buurten) == 114
    assert (buurten["code"].map(parent_wijk) == buurten["wijk_code"]).all()
