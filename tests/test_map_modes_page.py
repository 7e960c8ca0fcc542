"""AppTest of the map page: no mode or grey map without a word, counts listed by size, the selection in the legend."""
from __future__ import annotations

from tests.conftest import app_test


def run(params: dict[str, str]):
    at = app_test(params)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return " ".join([i.value for i in at.info] + [c.value for c in at.caption] + [m.value for m in at.markdown])


def test_a_cbs_indicator_does_not_offer_the_gap_with_the_netherlands(mirror):
    """KWB key figures have no NL value: the picker leaves gap_nl out and says why; the link's mode falls back."""
    at = run({"indicator": "gemiddeld_inkomen_per_inwoner", "mode": "gap_nl"})
    assert at.radio(key="w_mode").options == ["Waarde", "Verschil met Den Haag"]
    assert at.radio(key="w_mode").value == "value"
    shown = texts(at)
    assert "‘Verschil met Nederland’ kan voor deze indicator niet" in shown
    assert "geen landelijk cijfer" in shown
    assert at.query_params.get("mode") in (None, "value", ["value"])


def test_a_health_indicator_offers_every_mode(mirror):
    at = run({"indicator": "overgewicht", "mode": "gap_nl"})
    assert at.radio(key="w_mode").value == "gap_nl"
    assert len(at.radio(key="w_mode").options) == 3
    assert "kan hier niet" not in texts(at)


def test_counts_offer_no_gap_at_all(mirror):
    at = run({"indicator": "wwb_uittot", "level": "buurt", "lang": "en"})
    assert at.radio(key="w_mode").options == ["Value"]
    shown = texts(at)
    assert "for counts a difference says nothing" in shown
    captions = [m.proto.body for m in at.html if 'class="wijk-table ranked"' in m.proto.body]
    assert len(captions) == 2
    assert all("highest counts" in c or "lowest counts" in c for c in captions)
    assert not any("best" in c.lower() or "worst" in c.lower() for c in captions)


def test_a_grey_map_says_why_and_where_figures_are(mirror):
    """Delft has no KWB figures per wijk in the mirror: one line says so (and names the years that have some)."""
    at = run({"gemeente": "GM0503", "indicator": "gemiddeld_inkomen_per_inwoner", "year": "2019"})
    line = " ".join(i.value for i in at.info)
    assert "cijfers voor de wijken" in line and "Delft" in line and "de kaart blijft grijs" in line, line
    assert "Wel cijfers in:" in line or "in geen enkel jaar" in line


def test_the_legend_names_the_selected_area(mirror):
    at = run({"area": "WK051836"})
    legend = next(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)
    assert "gekozen gebied (Moerwijk)" in legend and "focusgebied" in legend
    at = run({})
    legend = next(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)
    assert "gekozen gebied" not in legend


def _legend(at) -> str:
    return next(m.proto.body for m in at.html if 'class="legend"' in m.proto.body)


def _method_picker(at) -> list:
    return [s for s in at.selectbox if s.key == "w_method"]


def test_a_difference_map_offers_no_classification_it_does_not_apply(mirror):
    """A difference map has fixed classes around 0 (geo.classify.gap_classes): the classes picker is not offered in
    difference mode, a line says why, and the link names no method; the values' map keeps the reader's choice."""
    at = run({"lang": "en", "mode": "gap_city", "method": "fisher_jenks"})
    assert not _method_picker(at)
    assert "A difference map always has fixed classes around 0" in texts(at)
    assert at.query_params.get("method") is None, at.query_params.get("method")
    assert "≥ +6 percentage points" in _legend(at)
    at.radio(key="w_mode").set_value("value").run()
    assert _method_picker(at)[0].value == "fisher_jenks"
    assert at.query_params.get("method") in ("fisher_jenks", ["fisher_jenks"])
    assert "fixed classes around 0" not in texts(at)
    at.radio(key="w_mode").set_value("gap_nl").run()
    assert not _method_picker(at) and at.query_params.get("method") is None
