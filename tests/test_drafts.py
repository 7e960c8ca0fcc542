"""Drafts of the entry form in the store (issue #18), on SQLite and PostgreSQL (same code): one per account (names
compare as sign-in compares them), replaced by the next save, removed by a clear, never a count or a revision,
and only plain JSON values of a bounded size."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from programs import drafts
from programs.models import Count, CountRevision, EntryDraft
from programs.store import EditorRequired
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)

VALUES = {"program": "gli", "area": "WK051836", "period_start": "2024-01-01", "value_low": 150.0,
          "source": "Jaarcijfers Hadoks 2024 – p. 3 ‘citaat’", "duplicate_ok": False, "value_high": None}


def _totals(s) -> tuple[int, int]:
    return (s.scalar(select(func.count()).select_from(Count)),
            s.scalar(select(func.count()).select_from(CountRevision)))


def test_save_load_replace_and_clear(sessions):
    with sessions() as s:
        before = _totals(s)
        assert drafts.load_draft(s, "Anna") is None
    with sessions.begin() as s:
        first = drafts.save_draft(s, "Anna", VALUES)
    with sessions() as s:
        found = drafts.load_draft(s, " anna ")  # the same account, as sign-in compares names
        assert found.values == VALUES and found.updated_at.tzinfo is not None
        assert abs(found.updated_at - first.updated_at) < dt.timedelta(seconds=1)
    with sessions.begin() as s:
        drafts.save_draft(s, "ANNA", {**VALUES, "value_low": 151.0})
    with sessions() as s:
        assert drafts.load_draft(s, "Anna").values["value_low"] == 151.0
        assert s.scalar(select(func.count()).select_from(EntryDraft)) == 1, "one draft per account"
        assert _totals(s) == before, "a draft is not a count and leaves no revision"
    with sessions.begin() as s:
        assert drafts.clear_draft(s, "Anna") is True
    with sessions.begin() as s:
        assert drafts.load_draft(s, "Anna") is None and drafts.clear_draft(s, "Anna") is False


def test_each_account_has_its_own(sessions):
    with sessions.begin() as s:
        drafts.save_draft(s, "Anna", VALUES)
        drafts.save_draft(s, "Bram", {"source": "van Bram"})
    with sessions.begin() as s:
        assert drafts.load_draft(s, "Bram").values == {"source": "van Bram"}
        drafts.clear_draft(s, "Bram")
    with sessions() as s:
        assert drafts.load_draft(s, "Anna").values == VALUES and drafts.load_draft(s, "Bram") is None


def test_a_second_writer_replaces_not_fails(sessions):
    """Two tabs (or replicas) of one editor, each with the draft it loaded: the later save wins, neither is
    refused (an upsert, not an insert that the second would break on)."""
    with sessions() as a, sessions() as b:
        assert drafts.load_draft(a, "Anna") is None and drafts.load_draft(b, "Anna") is None
        drafts.save_draft(a, "Anna", {"source": "tab a"})
        a.commit()
        drafts.save_draft(b, "Anna", {"source": "tab b"})
        b.commit()
    with sessions() as s:
        assert drafts.load_draft(s, "Anna").values == {"source": "tab b"}


def test_refusals(sessions):
    with pytest.raises(EditorRequired), sessions.begin() as s:
        drafts.save_draft(s, "  ", VALUES)
    with pytest.raises(drafts.DraftNotValid), sessions.begin() as s:
        drafts.save_draft(s, "Anna", {"period_start": dt.date(2024, 1, 1)})  # the page sends ISO text
    with pytest.raises(drafts.DraftNotValid), sessions.begin() as s:
        drafts.save_draft(s, "Anna", {"note": "x" * drafts.MAX_DRAFT_CHARS})
    with pytest.raises(drafts.DraftNotValid), sessions.begin() as s:
        drafts.save_draft(s, "Anna", {"value_low": float("nan")})
    with sessions() as s:
        assert drafts.load_draft(s, "Anna") is None
