"""Backups of the program-count store and a TESTED restore (README "Operations"): an SQLite store with the
report's figures, corrections, a retraction and an account is backed up (API and CLI, also while editors keep
saving), restored into a new file and compared row for row; a PostgreSQL store goes through pg_dump/pg_restore."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select, text

from programs import backup, store
from programs.db import current_revision, make_sessions, open_store
from programs.models import Count, CountRevision
from programs.users import add_user, list_users
from tests.conftest import ROOT
from tests.conftest_pg import postgres_url, reset_postgres


def _seeded_sqlite(folder: Path) -> Path:
    """The report's figures plus what editors do: new counts, a correction, a retraction, an account."""
    path = folder / "programs.sqlite"
    engine = open_store(f"sqlite:///{path}")
    sessions = make_sessions(engine)
    with sessions.begin() as s:
        add_user(s, "Anna", "editor", "wachtwoord van anna", rounds=4)
        new = store.add_count(s, {"program": "gli", "area": "GM0518", "period_start": dt.date(2024, 1, 1),
                                  "period_end": dt.date(2024, 12, 31), "value_low": 1234,
                                  "source": "Jaarcijfers Hadoks 2024", "note_nl": "=HYPERLINK(\"x\")"}, "Anna")
        new_id = new.id
    with sessions.begin() as s:
        store.correct_count(s, new_id, {"value_low": 1240}, "Anna", expected_version=1, reason="typo")
    with sessions.begin() as s:
        store.retract_count(s, 2, "Anna", expected_version=1, reason="double")
    engine.dispose()
    return path


def _totals(path: Path) -> tuple[int, int]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        result = (conn.scalar(select(func.count()).select_from(Count)),
                  conn.scalar(select(func.count()).select_from(CountRevision)))
    engine.dispose()
    return result


def test_sqlite_backup_and_restore_into_a_new_file(tmp_path):
    original = _seeded_sqlite(tmp_path / "live")
    before = backup.summary(original)
    assert before["tables"]["counts"] == 40 and before["tables"]["count_revisions"] == 42
    assert before["tables"]["users"] == 1

    saved = backup.backup(tmp_path / "backups" / "store-2025-06-30.sqlite", f"sqlite:///{original}")
    restored = backup.restore_sqlite(saved, tmp_path / "restored" / "programs.sqlite")

    assert backup.summary(restored) == before, "the restored store holds exactly what the original held"
    assert not Path(f"{saved}-wal").exists(), "a backup is one self-contained file"
    # the restored store is a working store: at the newest migration, not seeded again, accounts intact
    engine = open_store(f"sqlite:///{restored}")
    assert current_revision(engine) is not None
    with make_sessions(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Count)) == 40
        assert list(list_users(s)["name"]) == ["Anna"]
        hist = store.history(s, 40)
        assert list(hist["value_low"]) == [1234, 1240] and hist["note_nl"].iloc[0] == "=HYPERLINK(\"x\")"
        assert store.get_count(s, 2).retracted
    engine.dispose()
    assert backup.summary(restored) == before, "opening the restored store changed nothing"


def test_a_restore_never_overwrites_by_accident(tmp_path):
    original = _seeded_sqlite(tmp_path)
    saved = backup.backup_sqlite(original, tmp_path / "backup.sqlite")
    with pytest.raises(backup.BackupError, match="exists"):
        backup.restore_sqlite(saved, original)
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(saved.read_bytes()[:3000])
    with pytest.raises(backup.BackupError):
        backup.restore_sqlite(damaged, tmp_path / "new.sqlite")
    assert not (tmp_path / "new.sqlite").exists()
    # --force replaces a store whole (its stale -wal is removed, not replayed)
    Path(f"{original}-wal").write_bytes(b"stale")
    backup.restore_sqlite(saved, original, force=True)
    assert not Path(f"{original}-wal").exists()
    assert backup.summary(original) == backup.summary(saved)


def test_the_backup_file_name_says_its_kind(tmp_path):
    original = _seeded_sqlite(tmp_path)
    with pytest.raises(backup.BackupError, match="must end in .sqlite"):
        backup.backup(tmp_path / "store.dump", f"sqlite:///{original}")
    with pytest.raises(backup.BackupError, match="must not end in .sqlite"):
        backup.backup(tmp_path / "store.sqlite", "postgresql+psycopg://nobody@127.0.0.1:9/none")


def test_backup_while_editors_keep_saving_is_consistent(tmp_path):
    """The backup API copies one consistent state: every count in it has its revision, nothing half-written."""
    original = _seeded_sqlite(tmp_path)
    engine = open_store(f"sqlite:///{original}", seed=False)
    sessions = make_sessions(engine)
    stop = threading.Event()
    saved_ids: list[int] = []

    def editor() -> None:
        i = 0
        while not stop.is_set():
            with sessions.begin() as s:
                saved_ids.append(store.add_count(s, {"program": "gli", "area": "GM0518",
                                                     "period_start": dt.date(2020, 1, 1),
                                                     "period_end": dt.date(2020, 12, 31), "value_low": i,
                                                     "source": f"during backup #{i}"}, "Anna").id)
            i += 1

    worker = threading.Thread(target=editor)
    worker.start()
    try:
        copies = [backup.backup_sqlite(original, tmp_path / f"during-{n}.sqlite") for n in range(5)]
    finally:
        stop.set()
        worker.join()
    engine.dispose()
    assert saved_ids, "the editor saved while the backups ran"
    for copy in copies:
        counts, revisions = _totals(copy)
        assert counts - 40 == revisions - 42, "each new count with its first revision, or neither"
    assert _totals(original) == (40 + len(saved_ids), 42 + len(saved_ids))


def test_the_cli_backs_up_verifies_and_restores(tmp_path):
    original = _seeded_sqlite(tmp_path)
    url = f"sqlite:///{original}"

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "programs.backup", *args], cwd=ROOT, capture_output=True,
                              text=True, check=False)

    out = tmp_path / "cli-backup.sqlite"
    done = cli("backup", str(out), "--db", url)
    assert done.returncode == 0, done.stderr
    done = cli("verify", str(out), "--db", url)
    assert done.returncode == 0 and '"same": true' in done.stdout, done.stdout + done.stderr
    target = tmp_path / "cli-restored.sqlite"
    done = cli("restore", str(out), "--to", str(target))
    assert done.returncode == 0, done.stderr
    assert backup.summary(target) == backup.summary(original)
    done = cli("restore", str(out), "--to", str(target))
    assert done.returncode == 1 and "exists" in done.stderr


def test_postgres_dump_and_restore(tmp_path):
    url = postgres_url()
    reset_postgres(url)
    engine = open_store(url)
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", "wachtwoord van anna", rounds=4)
        store.correct_count(s, 1, {"value_low": 700}, "Anna", expected_version=1, reason="pg backup test")
    engine.dispose()
    before = backup.summary(url)
    dump = backup.backup(tmp_path / "store.dump", url)
    assert dump.stat().st_size > 0

    scratch = make_url(url).set(database="wijkdashboard_restore_test")
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS wijkdashboard_restore_test"))
        conn.execute(text("CREATE DATABASE wijkdashboard_restore_test"))
    try:
        target = scratch.render_as_string(hide_password=False)
        backup.restore(dump, target)
        assert backup.summary(target) == before
        restored = open_store(target)  # a working store: migrated, not seeded again
        with make_sessions(restored)() as s:
            assert store.get_count(s, 1).value_low == 700
            assert len(store.history(s, 1)) == 2
        restored.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS wijkdashboard_restore_test WITH (FORCE)"))
        admin.dispose()
