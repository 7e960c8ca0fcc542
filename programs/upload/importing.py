"""Importing a checked upload: all its rows in ONE transaction, or none."""
from __future__ import annotations

import os
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from programs import store
from programs.upload.check import clashes
from programs.upload.report import ParsedUpload, kept
from programs.validation import CountIn

# Tests only: a file the import writes after each chunk it stored (before commit), and seconds to pause there,
# so a test can kill the process in the middle of an import (tests/test_entry_kill.py).
ENV_MARKER = "WIJKDASHBOARD_TEST_IMPORT_MARKER"
ENV_PAUSE = "WIJKDASHBOARD_TEST_IMPORT_PAUSE"


@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    skipped: int  # duplicates left out
    left_out: int  # rows with another number for a period that has one, left out


class UploadNotValid(ValueError):
    pass


def _test_marker(done: int, total: int) -> None:
    """Tests only (ENV_MARKER): say that rows are written but not committed, and optionally wait there."""
    marker = os.environ.get(ENV_MARKER)
    if not marker:
        return
    # written beside it and renamed, so a watcher never sees the file before its text
    staged = Path(f"{marker}.part")
    staged.write_text(f"{done}/{total}\n", encoding="utf-8")
    os.replace(staged, marker)
    pause = float(os.environ.get(ENV_PAUSE, "0") or 0)
    if pause > 0 and done < total:
        time.sleep(pause)


def import_counts(session: Session, counts: Sequence[CountIn], user: str, reason: str,
                  areas: Collection[str] | None = None) -> list[int]:
    """Store checked counts in the caller's transaction (bulk; see store.add_counts)."""
    return store.add_counts(session, counts, user, reason, areas=areas, progress=_test_marker)


def import_upload(sessions: sessionmaker[Session], parsed: ParsedUpload, user: str, skip_duplicates: bool = True,
                  areas: Collection[str] | None = None, add_same_period: bool = False) -> ImportResult:
    """All rows of a valid upload in ONE transaction, or none. Duplicates and rows with another number for a period
    are looked up again inside the transaction (someone may have stored counts since the preview): duplicates are
    skipped unless `skip_duplicates` is off, the others left out unless `add_same_period`. A row that is both
    counts as a duplicate when duplicates are skipped."""
    if not parsed.ok:
        raise UploadNotValid(f"{len(parsed.problems)} problems: fix them before importing")
    with sessions.begin() as session:
        counts, skipped, left_out = kept(parsed.rows, *clashes(parsed.rows, store.count_keys(session)),
                                         skip_duplicates, add_same_period)
        ids = import_counts(session, counts, user, f"upload: {parsed.filename}", areas)
    return ImportResult(ids, len(skipped), len(left_out))
