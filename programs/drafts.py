"""Drafts of the entry form (issue #18): what an editor typed in 'add one count' and has not saved yet.

One draft per account (keyed by the normalised name, as sign-in compares names), in the store every replica
shares, so a reload, a typed URL or another replica finds it back. A draft is not a count: nothing here touches
`counts` or the revisions, so it never shows in the history or the audit trail until the editor saves it.

The values are a flat JSON object of JSON scalars (the page turns dates into ISO text). Callers own the
transaction (`with sessions.begin() as session`); functions flush, never commit.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from programs.auth import normalise_name
from programs.models import EntryDraft, utcnow
from programs.store import EditorRequired, StoreError

MAX_DRAFT_CHARS = 20_000  # the form's own limits (500 + 2,000 characters of text) fit many times over
Scalar = str | int | float | bool | None


class DraftNotValid(StoreError, ValueError):
    pass


@dataclass(frozen=True)
class Draft:
    values: dict[str, Scalar]
    updated_at: dt.datetime


def _key(user: str) -> str:
    key = normalise_name(user)
    if not key:
        raise EditorRequired("a draft belongs to a signed-in account")
    return key


def _text(values: Mapping[str, Any]) -> str:
    if not all(isinstance(k, str) and (v is None or isinstance(v, (str, int, float, bool))) for k, v in values.items()):
        raise DraftNotValid("a draft holds only text, numbers, true/false and empty values")
    try:
        text = json.dumps(dict(values), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError as exc:  # NaN or infinity
        raise DraftNotValid(str(exc)) from exc
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftNotValid(f"a draft is at most {MAX_DRAFT_CHARS} characters as JSON")
    return text


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times: they were stored as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def load_draft(session: Session, user: str) -> Draft | None:
    """The account's draft, or None."""
    row = session.get(EntryDraft, _key(user), populate_existing=True)  # as stored now (another replica may write)
    return None if row is None else Draft(json.loads(row.values), _aware(row.updated_at))


def save_draft(session: Session, user: str, values: Mapping[str, Any]) -> Draft:
    """Store `values` as the account's draft, replacing the one before in one statement (an upsert: two tabs or
    replicas saving at once cannot both insert)."""
    key, text, now = _key(user), _text(values), utcnow()
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[session.get_bind().dialect.name]
    statement = dialect.insert(EntryDraft).values(user_key=key, values=text, updated_at=now)
    session.execute(statement.on_conflict_do_update(index_elements=[EntryDraft.user_key],
                                                    set_={"values": text, "updated_at": now}))
    session.flush()
    return Draft(json.loads(text), now)


def clear_draft(session: Session, user: str) -> bool:
    """Remove the account's draft; whether there was one."""
    result = session.execute(delete(EntryDraft).where(EntryDraft.user_key == _key(user)))
    return bool(result.rowcount)
