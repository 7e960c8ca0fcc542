"""A 10,000-row import killed (SIGKILL) in the middle: the store holds all of it or none of it, and opens cleanly.

The import runs in a child process (`python -m tests.test_entry_kill URL FILE`), the way the page runs it
(parse_upload, then import_upload in one transaction). programs.upload writes a marker file after each chunk of
rows it has stored but not yet committed (WIJKDASHBOARD_TEST_IMPORT_MARKER, tests only) and pauses there
(WIJKDASHBOARD_TEST_IMPORT_PAUSE), so the kill lands while the transaction is open. Then the same import at full
speed (no pause), killed at the first sign of parsing or of the first chunk written. On SQLite and PostgreSQL.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from programs import store
from programs.db import make_sessions, open_store
from programs.models import Count, CountRevision
from programs.upload import ENV_MARKER, ENV_PAUSE, Known, import_upload, parse_upload, rows_to_csv
from tests.conftest import ROOT
from tests.conftest_pg import db_url  # noqa: F401  (fixture)

ROWS = 10_000
SEEDED = 39
PARSING = "parsing"  # the child's first line: its modules are loaded and it reads the file now


def _csv(path: Path) -> Path:
    rows = [{"program": "gli", "area": "GM0518", "period_start": f"{2000 + i % 24}-01-01",
             "period_end": f"{2000 + i % 24}-12-31", "value_low": i, "source": f"bulk {i}"} for i in range(ROWS)]
    path.write_bytes(rows_to_csv(rows))
    return path


def run_import(url: str, file: str) -> int:
    """The child: check the file against the store, then import it all in one transaction."""
    engine = open_store(url)
    sessions = make_sessions(engine)
    with sessions() as s:
        programs = store.list_programs(s)
        known = Known.build({p.id: [p.name_nl] for p in programs.itertuples()}, {"GM0518": "Den Haag"},
                            store.count_keys(s))
    print(PARSING, flush=True)
    parsed = parse_upload(Path(file).read_bytes(), Path(file).name, known, "nl", max_bytes=100 * 1024 * 1024)
    assert parsed.ok, parsed.problems[:5]
    result = import_upload(sessions, parsed, "bulk import", add_same_period=True)  # 24 periods: all rows go in
    print(len(result.ids), flush=True)
    return 0


def _totals(url: str) -> tuple[int, int]:
    engine = open_store(url)  # opens as the app does: migrations and seed are no-ops on a healthy store
    with make_sessions(engine)() as s:
        counts = s.scalar(select(func.count()).select_from(Count))
        revisions = s.scalar(select(func.count()).select_from(CountRevision))
        if engine.dialect.name == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        # and it still takes new counts
        store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": "2024-01-01",
                            "period_end": "2024-12-31", "value_low": 1, "source": "after"}, "check")
        s.rollback()
    engine.dispose()
    return counts, revisions


def _child(url: str, file: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.test_entry_kill", url, str(file)], cwd=ROOT,
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_killed_in_the_middle_of_a_10000_row_import_leaves_none_of_it(db_url, tmp_path):
    open_store(db_url).dispose()
    marker = tmp_path / "marker"
    child = _child(db_url, _csv(tmp_path / "bulk.csv"), {ENV_MARKER: str(marker), ENV_PAUSE: "60"})
    deadline = time.time() + 180
    while not marker.exists():
        assert child.poll() is None, child.communicate()[1][-2000:]
        assert time.time() < deadline, "the import never started writing"
        time.sleep(0.02)
    written = marker.read_text().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert written == f"1000/{ROWS}", "killed with rows written but not committed"
    assert _totals(db_url) == (SEEDED, SEEDED), "none of it"


@pytest.mark.slow
def test_the_same_import_not_killed_stores_all_of_it(db_url, tmp_path):
    open_store(db_url).dispose()
    marker = tmp_path / "marker"
    child = _child(db_url, _csv(tmp_path / "bulk.csv"), {ENV_MARKER: str(marker)})
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err[-2000:]
    assert out.split() == [PARSING, str(ROWS)] and marker.read_text().strip() == f"{ROWS}/{ROWS}"
    assert _totals(db_url) == (SEEDED + ROWS, SEEDED + ROWS), "all of it"


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["parsing", "writing"])
def test_killed_at_an_unplanned_moment_leaves_none_of_it(db_url, tmp_path, moment):
    """No pause this time: the child runs at full speed and is killed as soon as it says it is parsing the file
    (nothing written yet) or as soon as the first chunk is in the open transaction (the rest still to come).
    Either way the store holds none of it; an import that commits as it goes leaves rows behind."""
    open_store(db_url).dispose()
    marker = tmp_path / "marker"
    child = _child(db_url, _csv(tmp_path / "bulk.csv"), {ENV_MARKER: str(marker)})
    deadline = time.time() + 180
    if moment == "parsing":
        assert child.stdout.readline().strip() == PARSING, child.communicate()[1][-2000:]
    else:
        while not marker.exists():
            assert child.poll() is None, child.communicate()[1][-2000:]
            assert time.time() < deadline, "the import never started writing"
            time.sleep(0.002)
    os.kill(child.pid, signal.SIGKILL)
    written = marker.read_text().strip() if marker.exists() else ""
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "killed before it finished"
    if moment == "parsing":
        assert not written, "killed before anything was written"
    else:
        assert written and written != f"{ROWS}/{ROWS}", f"killed in the middle ({written})"
    assert _totals(db_url) == (SEEDED, SEEDED), f"none of it (killed at {written or 'parsing'})"


if __name__ == "__main__":
    sys.exit(run_import(sys.argv[1], sys.argv[2]))
