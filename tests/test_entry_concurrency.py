"""Many editors at once lose nothing, and none is refused: 20 threads × 50 counts (SQLite, and PostgreSQL), 2 app
processes × 10 threads × 50 counts (PostgreSQL, and SQLite), every save through programs.db.write (the app's: a
locked SQLite database is tried again within the save's budget, #21): afterwards exactly 1,000 new counts and 1,000
revisions, 50 from each writer, and no writer saw an error. A save waits out a lock held longer than one busy
timeout, and gives up (storing nothing) when the lock outlasts its budget. Editors correcting one count at the same time: one wins, the others get VersionConflict, and
corrections that reload and retry all land (no lost update).

Run as a script it is one "app process": `python -m tests.test_entry_concurrency URL TAG THREADS PER_THREAD`.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from programs import store
from programs.db import BUSY_TIMEOUT_MS, make_engine, make_sessions, open_store, write
from programs.models import Count, CountRevision
from tests.conftest import ROOT
from tests.conftest_pg import db_url  # noqa: F401  (fixture)

SEEDED = 39


def write_counts(url: str, tag: str, threads: int, per_thread: int) -> list[BaseException]:
    """`threads` editors, each saving `per_thread` counts, one transaction per count, all at the same time."""
    engine = make_engine(url)
    sessions = make_sessions(engine)
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def editor(n: int) -> None:
        name = f"{tag}-editor-{n:02d}"
        try:
            start.wait()
            for i in range(per_thread):
                values = {"program": "gli", "area": "GM0518", "period_start": dt.date(2000 + i % 24, 1, 1),
                          "period_end": dt.date(2000 + i % 24, 12, 31), "value_low": i, "source": f"{name} #{i}"}
                write(sessions, lambda session, v=values: store.add_count(session, v, name, "concurrency test"))
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            errors.append(exc)

    workers = [threading.Thread(target=editor, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    engine.dispose()
    return errors


def _totals(url: str) -> tuple[int, int, Counter]:
    engine = make_engine(url)
    with make_sessions(engine)() as s:
        counts = s.scalar(select(func.count()).select_from(Count))
        revisions = s.scalar(select(func.count()).select_from(CountRevision))
        per_editor = Counter(s.scalars(select(Count.entered_by).where(Count.entered_by.like("%-editor-%"))))
    engine.dispose()
    return counts, revisions, per_editor


def test_20_threads_write_50_counts_each(db_url):
    open_store(db_url).dispose()
    errors = write_counts(db_url, "thread", threads=20, per_thread=50)
    assert not errors, errors[:3]
    counts, revisions, per_editor = _totals(db_url)
    assert (counts, revisions) == (SEEDED + 1000, SEEDED + 1000)
    assert len(per_editor) == 20 and set(per_editor.values()) == {50}


def test_2_app_processes_with_10_threads_write_50_counts_each(db_url):
    open_store(db_url).dispose()
    procs = [subprocess.Popen([sys.executable, "-m", "tests.test_entry_concurrency", db_url, f"proc{p}", "10", "50"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    counts, revisions, per_editor = _totals(db_url)
    assert (counts, revisions) == (SEEDED + 1000, SEEDED + 1000)
    assert len(per_editor) == 20 and set(per_editor.values()) == {50}
    assert {name.split("-")[0] for name in per_editor} == {"proc0", "proc1"}


GLI_2024 = {"program": "gli", "area": "GM0518", "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2024, 12, 31), "value_low": 12, "source": "after the lock"}


def _hold_sqlite_lock(path: str, seconds: float, held: threading.Event) -> None:
    """Another writer (another process, a backup) holding SQLite's write lock for `seconds`."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    held.set()
    time.sleep(seconds)
    conn.execute("ROLLBACK")
    conn.close()


def test_a_save_waits_out_a_lock_longer_than_one_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'programs.sqlite'}"
    engine = open_store(url)
    held = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock,
                              args=(str(tmp_path / "programs.sqlite"), 2.5 * BUSY_TIMEOUT_MS / 1000, held))
    holder.start()
    held.wait(5)
    started = time.monotonic()
    saved = write(make_sessions(engine), lambda s: store.add_count(s, GLI_2024, "Anna").id)
    waited = time.monotonic() - started
    holder.join()
    assert saved == SEEDED + 1 and waited > BUSY_TIMEOUT_MS / 1000, "saved after the lock, not before"
    engine.dispose()


def test_a_save_gives_up_after_its_budget_and_stores_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'programs.sqlite'}"
    engine = open_store(url)
    held = threading.Event()
    holder = threading.Thread(target=_hold_sqlite_lock, args=(str(tmp_path / "programs.sqlite"), 4.0, held))
    holder.start()
    held.wait(5)
    with pytest.raises(OperationalError, match="database is locked"):
        write(make_sessions(engine), lambda s: store.add_count(s, GLI_2024, "Anna"), budget_s=0.5)
    holder.join()
    assert _totals(url)[:2] == (SEEDED, SEEDED)
    engine.dispose()


def test_two_editors_saving_one_count_at_once(db_url):
    """Both loaded version 1 and save together: exactly one wins; the other is told, and nothing is lost."""
    engine = open_store(db_url)
    sessions = make_sessions(engine)
    results: dict[str, object] = {}
    start = threading.Barrier(8)

    def editor(name: str, value: int) -> None:
        start.wait()
        try:
            write(sessions, lambda session: store.correct_count(session, 1, {"value_low": value}, name,
                                                                expected_version=1, reason="at once"))
            results[name] = "saved"
        except store.VersionConflict as exc:
            results[name] = exc

    threads = [threading.Thread(target=editor, args=(f"editor{n}", 10_000 + n)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    winners = [name for name, r in results.items() if r == "saved"]
    assert len(winners) == 1 and len(results) == 8
    assert all(isinstance(r, store.VersionConflict) for name, r in results.items() if name not in winners)
    with sessions() as s:
        count = store.get_count(s, 1)
        hist = store.history(s, 1)
    assert count.version == 2 and count.changed_by == winners[0]
    assert count.value_low == 10_000 + int(winners[0].removeprefix("editor"))
    assert len(hist) == 2
    engine.dispose()


def test_retrying_editors_lose_no_update(db_url):
    """10 editors each add 1 to a count 20 times, reloading after a conflict: the count ends 200 higher, with
    one revision per successful save."""
    engine = open_store(db_url)
    sessions = make_sessions(engine)
    with sessions() as s:
        first = store.get_count(s, 1).value_low
    conflicts = Counter()
    errors: list[BaseException] = []

    def editor(name: str) -> None:
        try:
            for _ in range(20):
                while True:
                    with sessions() as s:
                        seen = store.get_count(s, 1)
                        version, value = seen.version, seen.value_low
                    try:
                        write(sessions, lambda s, v=value, ver=version: store.correct_count(
                            s, 1, {"value_low": v + 1}, name, expected_version=ver))
                        break
                    except store.VersionConflict:
                        conflicts[name] += 1
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=editor, args=(f"editor{n}",)) for n in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    with sessions() as s:
        count = store.get_count(s, 1)
        assert (count.value_low, count.version) == (first + 200, 201)
        assert len(store.history(s, 1)) == 201
    engine.dispose()


if __name__ == "__main__":
    url, tag, threads, per_thread = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    failures = write_counts(url, tag, threads, per_thread)
    for failure in failures:
        print(repr(failure), file=sys.stderr)
    sys.exit(1 if failures else 0)
