"""The profile lists the programs that run in an area with their latest counts (issue #18): its own counts, and
the counts of the groups it belongs to as those groups' figures. AppTest on a fresh seeded store."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import open_page
from tests.html_tables import sent_tables


@pytest.fixture
def seeded_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    return tmp_path


def _programs(at) -> pd.DataFrame:
    """The programs' table as the page sends it (plain HTML, charts.html_table)."""
    (frame,) = [frame for frame in sent_tables(at) if "Geteld voor" in frame.columns]
    return frame


def test_moerwijk_lists_its_programs_and_its_groups_counts(mirror, seeded_store):
    at = open_page("profiel", {"area": "WK051836"}, timeout=120)
    assert not at.exception, at.exception
    assert "Programma's in dit gebied" in [s.value for s in at.subheader]
    frame = _programs(at)
    rows = {(p, f): v for p, f, v in zip(frame["Programma"], frame["Geteld voor"], frame["Aantal"])}
    assert rows[("Moerwijk Moeders – bereik", "dit gebied")] == "ca. 80 vrouwen"
    assert rows[("Brugfunctionarissen", "Den Haag Zuidwest")] == "12 brugfunctionarissen"  # the group's, undivided
    assert rows[("Peuterconsulenten", "Den Haag Zuidwest")] == "3 peuterconsulenten"  # staff: not '<5'
    assert not any(p.startswith("Welzijn op Recept") for p, _ in rows), "Loosduinen's referrals are not Moerwijk's"
    keys = {b.key for b in at.get("download_button")}
    assert {"download_profile_programs", "download_profile_programs_xlsx"} <= keys


def test_a_wijk_without_programs_says_so(mirror, seeded_store):
    at = open_page("profiel", {"area": "WK051801"}, timeout=120)
    assert not at.exception, at.exception
    assert any("geen tellingen van programma's" in c.value for c in at.caption)


def test_a_count_entered_meanwhile_shows_on_the_next_run(mirror, seeded_store):
    """The profile keeps the counts it read until the store changes (ui.store.counts_in_area): a count added,
    corrected or retracted by staff in another session shows on the next run, as it would without keeping them."""
    from programs import store
    from programs.db import database_url, make_sessions, open_store

    at = open_page("profiel", {"area": "WK051836"}, timeout=120)
    before = _programs(at)
    assert "Buurtsportcoach" not in " ".join(before["Bron"])
    sessions = make_sessions(open_store(database_url()))
    new = {"program": "gli", "area": "WK051836", "period_start": "2026-01-01", "period_end": "2026-12-31",
           "value_low": 41, "source": "Buurtsportcoach test 2026"}
    with sessions.begin() as s:
        count_id = store.add_count(s, new, "Piet").id
    at.run()
    rows = _programs(at)
    assert "Buurtsportcoach test 2026" in list(rows["Bron"])
    with sessions.begin() as s:
        store.correct_count(s, count_id, {"value_low": 42}, "Anna", expected_version=1)
    at.run()
    rows = _programs(at)
    assert any(v.startswith("42 ") for v in rows[rows["Bron"] == "Buurtsportcoach test 2026"]["Aantal"])
    with sessions.begin() as s:
        store.retract_count(s, count_id, "Anna", expected_version=2, reason="test")
    at.run()
    assert _programs(at)["Bron"].tolist() == before["Bron"].tolist()
