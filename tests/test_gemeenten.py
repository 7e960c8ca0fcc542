"""Other Haaglanden gemeenten from the mirror: the map page runs for Rijswijk and Leidschendam-Voorburg (#12).

Their health figures come from the national RIVM 50090NED files (only those hold other gemeenten), their
boundaries from the Haaglanden 2015 map.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import app_test


def map_args(at) -> dict:
    """The arguments the map page gave its map component (ui/components/areamap) in the last run."""
    maps = [e.proto for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]
    assert len(maps) == 1, "the map page draws one areamap component"
    return json.loads(maps[0].json_args)


@pytest.mark.slow
@pytest.mark.parametrize("gemeente", ["GM0603", "GM1916"])
@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_map_page_runs_for_other_gemeenten(mirror, gemeente, level):
    """Rijswijk and Leidschendam-Voorburg redrew their areas after 2015: the health monitor (all its years) has
    areas the 2015 boundaries lack, so its map is grey and says why (indicators.divisions), never another area's
    figure under a kept code; CBS's key figures of 2015, the boundaries' own division, colour the map."""
    from ui.components.static_files import PROJECT_ROOT

    at = app_test({"gemeente": gemeente, "level": level}, timeout=180)
    at.run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert at.query_params.get("gemeente") in (gemeente, [gemeente])
    assert any(f"{gemeente} (" in str(i.value) and "2015" in str(i.value) for i in at.info)  # map_other_division
    assert all(c < 0 for c in map_args(at)["classes"])  # every area 'geen gegevens'
    at = app_test({"gemeente": gemeente, "level": level, "indicator": "p_65_eo_jr", "year": "2015"}, timeout=180)
    at.run()
    assert not at.exception, at.exception
    legend = " ".join(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)
    assert "%" in legend  # classes with values, not only "geen gegevens"
    args = map_args(at)
    assert args["geometry"].startswith(f"app/static/geo/{gemeente}_{level}-")
    geometry = json.loads((PROJECT_ROOT / "static" / args["geometry"].removeprefix("app/static/")).read_text())
    prefix = ("WK" if level == "wijk" else "BU") + gemeente[2:]
    assert geometry["codes"] and all(c.startswith(prefix) for c in geometry["codes"])
    assert len(args["classes"]) == len(geometry["codes"]) == len(args["tips"])
    assert any(c >= 0 for c in args["classes"])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, has_focus", [("GM0518", True), ("GM0503", False), ("GM0603", False)])
def test_the_map_names_focus_areas_only_where_the_gemeente_has_them(mirror, gemeente, has_focus, lang):
    """The focus areas are Den Haag's: elsewhere the legend did promise 'thick black line: focus area of Gezond en
    Gelukkig Den Haag' and the settings offered to outline them, with none on the map."""
    from texts.i18n import t

    # CBS's key figures of 2015: the boundaries' division, so Rijswijk's map has figures (its health monitor's not)
    at = app_test({"gemeente": gemeente, "lang": lang, "indicator": "p_65_eo_jr", "year": "2015"}, timeout=180)
    at.run()
    assert not at.exception, at.exception
    legend = " ".join(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)
    assert "%" in legend
    assert (t("focus_legend", lang) in legend) is has_focus
    assert ("w_focus" in [toggle.key for toggle in at.toggle]) is has_focus
    assert "w_basemap" in [toggle.key for toggle in at.toggle]  # the other settings stay


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("gemeente, has_focus", [("GM0518", True), ("GM1783", False)])
def test_the_bivariate_map_names_focus_areas_only_where_the_gemeente_has_them(mirror, gemeente, has_focus, lang):
    """/vergelijk's gradient map said 'thick black line: focus area' in Westland, which has none."""
    from texts.i18n import t

    at = app_test({"gemeente": gemeente, "lang": lang, "section": "gradient"}, timeout=180)
    at.switch_page("views/vergelijk.py")
    at.run()
    assert not at.exception, at.exception
    maps = [e.proto for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]
    assert len(maps) == 1 and json.loads(maps[0].json_args)["focus"] is has_focus
    captions = " ".join(c.value for c in at.caption)
    assert t("cmp_no_basemap", lang) in captions
    assert (t("cmp_focus_outline", lang) in captions) is has_focus
