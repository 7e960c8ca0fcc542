"""The profile lists the programs that run in an area with their latest counts (issue #18): its own counts, and
the counts of the groups it belongs to as those groups' figures. AppTest on a fresh seeded store."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_page


@pytest.fixture
def seeded_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    return tmp_path


def _programs(at):
    (frame,) = [d.value for d in at.dataframe if "Geteld voor" in d.value.columns]
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
