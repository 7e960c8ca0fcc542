"""The program layer on the map page with AppTest (issue #18): the line for programs counted only for the city or
a region, the line for group counts, the reach's source line, the notice for an unknown program in a link, and reach in the URL."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from programs.layer import AREA_COLUMNS, OTHER_COLUMNS, Need, ProgramLayer
from geo.classify import SMALL_RGB
from tests.conftest import app_test, save_count
from ui import cache
from texts.i18n import t
from views.kaart_program import reach_source


@pytest.fixture
def seeded_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    return tmp_path


def _run(params: dict[str, str]):
    at = app_test(params, timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def _map_args(at) -> dict:
    (element,) = [e for e in at.get("component_instance") if "areamap" in e.proto.component_name]
    return json.loads(element.proto.json_args)


def _legend(at) -> str:
    return next(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)


def _captions(at) -> str:
    return " ".join(c.value.replace("\\", "") for c in at.caption)


def test_a_region_program_says_its_counts_are_not_spread(mirror, seeded_store):
    at = _run({"program": "gli"})
    assert "Alleen tellingen voor andere gebieden dan de wijken op de kaart: GLI-regio Haaglanden 4.638 deelnemers (2023)" in _captions(at)
    assert "w_reach" not in {w.key for w in at.toggle}, "no reach mode without counts per wijk"
    assert _map_args(at)["marked"] == [], "no wijk gets a share of the region's count"


@pytest.mark.parametrize("gemeente, lang, line", [
    ("GM0603", "nl", "Alleen tellingen voor andere gebieden dan de wijken op de kaart: GLI-regio Haaglanden 4.638 deelnemers (2023)"),
    ("GM0503", "nl", "Voor Gecombineerde leefstijlinterventie (GLI) zijn geen tellingen in Delft."),
    ("GM0503", "en", "Combined lifestyle intervention (GLI) has no counts in Delft."),
])
def test_another_gemeente_gets_only_the_counts_that_cover_it(mirror, seeded_store, gemeente, lang, line):
    """Rijswijk is in the GLI region; Delft is not, and its map said it had the region's count."""
    at = _run({"program": "gli", "gemeente": gemeente, "lang": lang})
    assert line in _captions(at), _captions(at)
    assert _map_args(at)["marked"] == []


def test_a_group_count_marks_its_wijken_without_dividing(mirror, seeded_store):
    at = _run({"program": "brugfunctionarissen", "lang": "en"})
    text = _captions(at)
    assert "Only counts for groups of districts: The Hague Southwest 12 bridge workers (2024)" in text
    args = _map_args(at)
    marked = {args["tips"][i] and args["lines"][args["tips"][i][-1]] for i in args["marked"]}
    assert len(args["marked"]) == 3
    assert marked == {"School–family bridge workers (brugfunctionarissen): 12 bridge workers for The Hague Southwest "
                      "together (2024) · Source: Vijfjarenrapportage Gezond en Gelukkig Den Haag, §THEMA 2: Gezond "
                      "opgroeien – Samenwerking basisscholen, 'Een voorbeeld: brugfunctionaris, peuterconsulten en "
                      "hulp in kleuterklas'"}


def test_reach_colours_the_wijk_with_its_own_count(mirror, seeded_store):
    at = _run({"program": "welzijn_op_recept", "reach": "1"})
    args = _map_args(at)
    coloured = [i for i, c in enumerate(args["classes"]) if c >= 0]
    assert len(coloured) == 1 and coloured == args["marked"]  # Loosduinen only
    lines = [args["lines"][n] for n in args["tips"][coloured[0]]]
    assert lines[0] == "Welzijn op Recept – doorverwijzingen: 250 doorverwijzingen (2022–2024)"
    assert lines[1].startswith("Bereik: ") and "per 1.000 inwoners met behoefte (eenzaam, 18+)" in lines[1]
    assert at.toggle(key="w_reach").value is True


def test_an_unknown_program_in_a_link_gets_a_notice(mirror, seeded_store):
    at = _run({"program": "bestaat_niet"})
    assert any("bestaat_niet" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="w_program").value == ""


@pytest.mark.parametrize("lang, line", [
    ("nl", "Alleen tellingen voor andere gebieden dan de buurten op de kaart: Loosduinen 250 doorverwijzingen"),
    ("en", "Only counts for other areas than the neighbourhoods on the map: Loosduinen 250 referrals"),
])
def test_a_wijk_count_on_the_buurt_map_is_not_called_a_city_or_region_count(mirror, seeded_store, lang, line):
    """Welzijn op Recept's count for the wijk Loosduinen, on the map of buurten: the line said 'only city or region
    counts: Loosduinen 250 …'."""
    at = _run({"program": "welzijn_op_recept", "level": "buurt", "lang": lang})
    assert line in _captions(at), _captions(at)
    assert _map_args(at)["marked"] == [], "no buurt of Loosduinen gets a share of its count"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_maps_reach_source_names_each_years_table(lang):
    """The line said 'inhabitants: CBS 84583NED 2015, 2024' (the 2019 table's id beside other years)."""
    areas = pd.DataFrame([{**dict.fromkeys(AREA_COLUMNS), "area": code, "source": "Rapport", "need_year": need,
                           "population_year": people} for code, need, people in
                          (("WK051836", 2016, 2015), ("WK051837", 2020, 2024))], columns=AREA_COLUMNS)
    empty = pd.DataFrame(columns=OTHER_COLUMNS)
    line = reach_source(ProgramLayer(areas, empty, empty, Need("overgewicht")), lang)
    assert line == t("pl_map_source", lang, sources="Rapport", need="50090NED 2016, 50090NED 2020",
                     population="83220NED 2015, 85984NED 2024")


@pytest.mark.parametrize("lang, heading", [
    ("nl", "Bereik van Welzijn op Recept – doorverwijzingen per 1.000 inwoners met behoefte (eenzaam, 18+) · 2022–2024"),
    ("en", "Reach of Social prescribing (Welzijn op Recept) – referrals per 1,000 residents with the need (lonely, 18+)"
           " · 2022–2024"),
])
def test_in_reach_mode_the_heading_names_the_reach(mirror, seeded_store, lang, heading):
    """The heading read 'Ervaren gezondheid goed of zeer goed · 18 jaar en ouder · 2020' over a map coloured by the
    program's reach; without reach the indicator's heading stands."""
    at = _run({"program": "welzijn_op_recept", "level": "wijk", "reach": "1", "lang": lang})
    assert at.title[0].value == heading
    plain = _run({"program": "welzijn_op_recept", "level": "wijk", "lang": lang})
    assert plain.title[0].value.endswith(" · 2020") and "1.000" not in plain.title[0].value


@pytest.mark.parametrize("lang, legend, tip", [
    ("nl", "telling &lt;5: te weinig om te tonen", "Bereik: niet getoond, de telling is <5 (te weinig om te tonen)"),
    ("en", "count &lt;5: too few to show", "Reach: not shown, the count is <5 (too few to show)"),
])
def test_a_small_count_on_the_reach_map_is_shown_as_small_not_as_no_data(mirror, seeded_store, lang, legend, tip):
    """Morgenstond's '<5' count was grey under 'geen gegevens': a withheld figure is no missing one. It gets a class of
    its own (after the reach classes, before grey) with its legend entry, and its tooltip says '<5'."""
    params = {"program": "welzijn_op_recept", "level": "wijk", "reach": "1", "lang": lang}
    _run(params)  # the store is made (and seeded) on the first run
    save_count("welzijn_op_recept", "WK051834", 3, year=2024, source="Testbron")  # Morgenstond
    at = _run(params)
    args = _map_args(at)
    morgenstond = cache.map_geometry("GM0518", "wijk").codes.index("WK051834")
    small = args["classes"][morgenstond]
    assert 0 <= small < len(args["palette"]) - 1, "not the last colour: grey, no data"
    assert args["palette"][small] == "#{:02x}{:02x}{:02x}".format(*SMALL_RGB)
    lines = [args["lines"][n] for n in args["tips"][morgenstond]]
    assert any("<5" in line for line in lines) and tip in lines, lines
    body = _legend(at)
    assert legend in body and body.index(legend) < body.index(t("no_data", lang)), body


@pytest.mark.parametrize("lang, line", [
    ("nl", "Loosduinen 250 doorverwijzingen (2022–2024) (bron: Vijfjarenrapportage Gezond en Gelukkig Den Haag, §THEMA 3"),
    ("en", "Loosduinen 250 referrals (2022–2024) (source: Vijfjarenrapportage Gezond en Gelukkig Den Haag, §THEMA 3"),
])
def test_the_counts_listed_beside_the_buurt_map_name_their_source(mirror, seeded_store, lang, line):
    """On the buurt map the line 'Loosduinen 250 …' named no source (the wijk map's tooltip does): every figure on
    screen names its source and year."""
    at = _run({"program": "welzijn_op_recept", "level": "buurt", "lang": lang})
    assert line in _captions(at), _captions(at)
