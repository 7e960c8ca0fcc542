"""AppTest of the map page: levels, modes, indicators, bad URL parameters."""
from __future__ import annotations

import pytest

from tests.conftest import app_test


@pytest.mark.parametrize("params", [
    {}, {"level": "buurt"}, {"mode": "gap_city"}, {"mode": "gap_nl", "level": "buurt"},
    {"indicator": "overgewicht", "year": "2012"}, {"indicator": "aant_inw"}, {"indicator": "eenzaam", "age": "65plus"},
    {"lang": "en", "indicator": "moeite_met_rondkomen", "mode": "gap_city"},
    {"indicator": "huishoudens_met_een_laag_inkomen", "level": "buurt"},
])
def test_page_runs(mirror, params):
    at = app_test(params)
    at.run()
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert at.subheader[0].value.endswith(params.get("year", at.subheader[0].value[-4:]))


def test_bad_indicator_shows_a_notice_and_the_default(mirror):
    at = app_test({"indicator": "ervaren_gezondheid_extra", "level": "stad"})
    at.run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "ervaren_gezondheid_extra" in warnings and "stad" in warnings
    assert at.subheader[0].value.startswith("Ervaren gezondheid goed of zeer goed")


def test_choosing_an_area_puts_it_in_the_url(mirror):
    at = app_test()
    at.run()
    at.selectbox(key="w_area").select("WK051829").run()
    assert at.query_params.get("area") in ("WK051829", ["WK051829"])


def test_english_labels(mirror):
    at = app_test({"lang": "en"})
    at.run()
    assert at.subheader[0].value.startswith("Self-rated health")
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


def test_ranked_lists_are_tables_with_the_worst_area_first(mirror):
    """Beside the map: the 5 best and 5 worst wijken as plain tables; Moerwijk is the loneliest wijk in 2020."""
    import re

    at = app_test({"indicator": "eenzaam", "year": "2020", "lang": "en"})
    at.run()
    assert not at.exception, at.exception
    tables = [m.value for m in at.markdown if 'class="ranked"' in m.value]
    assert len(tables) == 2
    best, worst = ([re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(<td.*?)</tr>", table)]
                   for table in tables)
    assert "Best scoring districts" in tables[0] and "Worst scoring districts" in tables[1]
    assert len(best) == len(worst) == 5
    assert worst[0][0] == "Moerwijk" and worst[0][1].startswith("67.3")
    assert "Moerwijk" not in [row[0] for row in best]
