"""The sidebar's 'programma's t/m 2024' follows the store at once: a saved 2025 count, an upload, an undo or a
retraction changes it on the next run, not when its minute in the cache is over (ui.sidebar.data_as_of_text is keyed
on ui.store.newest_count_year)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from programs import store
from programs.db import make_sessions, open_store, write
from programs.upload.importing import import_counts
from programs.validation import CountIn
from tests.conftest import open_page
from ui import store as ui_store

COUNT_2025 = {"program": "welzijn_op_recept", "area": "WK051836", "period_start": dt.date(2025, 1, 1),
              "period_end": dt.date(2025, 12, 31), "value_low": 12.0, "qualifier": "exact",
              "source": "Jaarverslag 2025, p. 3"}


@pytest.fixture
def store_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """A new SQLite store with the report's figures (up to 2024), where the pages look for it."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'programs.sqlite'}"
    open_store(url).dispose()
    return url


def _sessions(url: str):
    return make_sessions(open_store(url, seed=False))


def _sidebar_periods(at) -> str:
    return next(m.value for m in at.sidebar.markdown if "t/m" in m.value)


def test_newest_year_leaves_out_retracted_counts():
    counts = pd.DataFrame({"period_end": [dt.date(2024, 12, 31), dt.date(2025, 12, 31)], "retracted": [False, True]})
    assert ui_store.newest_year(counts) == 2024
    assert ui_store.newest_year(counts.iloc[:0]) is None


def test_every_kind_of_write_changes_the_newest_year_at_once(store_url):
    sessions = _sessions(store_url)
    assert ui_store.newest_count_year() == 2024
    count_id = write(sessions, lambda s: store.add_count(s, COUNT_2025, "anna", "form").id)  # the form's save
    assert ui_store.newest_count_year() == 2025
    write(sessions, lambda s: store.retract_count(s, count_id, "anna", 1, "typo"))
    assert ui_store.newest_count_year() == 2024
    with sessions.begin() as session:  # an upload confirmed
        import_counts(session, [CountIn(**COUNT_2025)], "anna", "upload: t.csv")
    assert ui_store.newest_count_year() == 2025
    with sessions() as session:
        upload_id = int(store.list_uploads(session)["upload_id"].iloc[0])
    write(sessions, lambda s: store.undo_upload(s, upload_id, "anna"))  # and undone
    assert ui_store.newest_count_year() == 2024


def test_the_sidebar_shows_a_saved_2025_count_on_the_next_run(store_url):
    at = open_page("programmas")
    assert not at.exception, at.exception
    assert "t/m 2024" in _sidebar_periods(at)
    sessions = _sessions(store_url)
    count_id = write(sessions, lambda s: store.add_count(s, COUNT_2025, "anna", "form").id)
    at.run()
    assert "t/m 2025" in _sidebar_periods(at), "the sidebar still says 2024 after a 2025 count was saved"
    write(sessions, lambda s: store.retract_count(s, count_id, "anna", 1, "typo"))
    at.run()
    assert "t/m 2024" in _sidebar_periods(at)
