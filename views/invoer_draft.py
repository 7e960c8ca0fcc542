"""The draft behind /invoer's 'add one count' form (issue #18): what an editor typed survives a reload, a typed URL
and a visit to another page, on every replica.

The form's widgets keep no value of their own (as ui.context.bound_widget): each run draws them from the session's
draft, and each change goes into the draft and the store (programs.drafts) in the widget's on_change callback.
A new session (a reload, a typed URL, another replica) loads the account's draft from the store once. If the
store cannot take a change, the session's copy keeps what is on screen and the form says, in one warning, that
it is not kept beyond this session; the next change tries again.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from programs import drafts
from programs.auth import normalise_name
from programs.db import write
from programs.store import StoreError
from programs.validation import QUALIFIERS
from ui.context import relabelled
from ui.store import sessions

STATE_KEY = "entry_draft"
# draft field -> widget key (the keys the page had as an st.form: tests and links to them stay the same)
WIDGETS = {"program": "entry_add_program", "area": "entry_add_area", "period_start": "entry_add_start",
           "period_end": "entry_add_end", "value_low": "entry_add_low", "value_high": "entry_add_high",
           "qualifier": "entry_add_qualifier", "source": "entry_add_source", "note": "entry_add_note",
           "duplicate_ok": "entry_add_duplicate_ok"}
DATES = ("period_start", "period_end")
# The range of the forms' date pickers: wide, so that any date typed reaches the server and saving says what is wrong
# with it (`implausible_period`, `future_period`), naming the field in the page's language. A date typed outside a
# picker's range never leaves the browser: Streamlit marks it in English and keeps the field's last date, and with
# the pickers set to what saving accepts, a typed 2031-12-31 showed on screen while 2025-12-31 was saved.
PICKER_RANGE = {"min_value": dt.date(1900, 1, 1), "max_value": dt.date(2100, 12, 31)}
NUMBERS = ("value_low", "value_high")
STORE_FAILURES = (SQLAlchemyError, StoreError)


def defaults(today: dt.date) -> dict[str, Any]:
    """An empty form: last year's calendar year, one exact number."""
    last = today.year - 1
    return {"program": None, "area": None, "period_start": dt.date(last, 1, 1), "period_end": dt.date(last, 12, 31),
            "value_low": None, "value_high": None, "qualifier": QUALIFIERS[0], "source": "", "note": "",
            "duplicate_ok": False}


def to_json(values: Mapping[str, Any]) -> dict[str, drafts.Scalar]:
    """The widgets' values as the store keeps them (dates as ISO text)."""
    return {name: value.isoformat() if name in DATES and value is not None else value
            for name, value in values.items() if name in WIDGETS}


def from_json(stored: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """A stored draft as widget values; a field that is missing or not of its kind (an older or tampered draft, a
    date the form no longer offers) takes its empty value, so a bad draft can never break the form."""
    values = defaults(today)
    for name, value in stored.items():
        if name not in values:
            continue
        try:
            if name in DATES:
                date = dt.date.fromisoformat(value)  # the pickers refuse a date outside their range
                values[name] = date if PICKER_RANGE["min_value"] <= date <= PICKER_RANGE["max_value"] else values[name]
            elif name in NUMBERS:
                values[name] = None if value is None else float(value)
            elif name == "duplicate_ok":
                values[name] = bool(value) if isinstance(value, bool) else values[name]
            elif name == "qualifier":
                values[name] = value if value in QUALIFIERS else values[name]
            elif name in ("program", "area"):
                values[name] = value if isinstance(value, str) else None
            elif isinstance(value, str):  # source, note
                values[name] = value
        except (TypeError, ValueError):
            continue
    return values


@dataclass
class FormDraft:
    """The session's copy of the account's draft."""

    user_key: str
    values: dict[str, Any]
    restored_at: dt.datetime | None = None  # when the draft this session loaded was saved (None: nothing loaded)
    stored: bool = True  # False while the store lacks what is on screen (a change it could not take)
    loaded: bool = False  # the store was read (a failed read is tried again until the editor types)
    edited: bool = False  # the editor changed something in this session


def current(user: str, today: dt.date) -> FormDraft:
    """The session's draft for `user`; read from the store the first time (per session and account)."""
    draft: FormDraft | None = st.session_state.get(STATE_KEY)
    if draft is None or draft.user_key != normalise_name(user):
        draft = FormDraft(normalise_name(user), defaults(today))
        st.session_state[STATE_KEY] = draft
    if not draft.loaded and not draft.edited:
        try:
            with sessions()() as session:
                found = drafts.load_draft(session, user)
        except STORE_FAILURES:
            draft.stored = False
            return draft
        draft.loaded, draft.stored = True, True
        if found is not None:
            draft.values, draft.restored_at = from_json(found.values, today), found.updated_at
    return draft


def bind(name: str, options: list[Any] | None = None) -> str:
    """Put the draft's value into widget `name`'s state before it is drawn, so the widget shows the draft (a value
    the options no longer offer, such as an area of another gemeente, is dropped); its key."""
    draft: FormDraft = st.session_state[STATE_KEY]
    value = draft.values[name]
    if options is not None and value not in options:
        value = draft.values[name] = None
    key = WIDGETS[name] if options is None else relabelled(WIDGETS[name])  # options: shown in the page's language
    # Only a value the widget does not hold is sent: a value set through session state is pushed to the browser
    # on every run and would overwrite what the editor is typing in another field while this run is underway.
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value
    return key


def typed() -> dict[str, Any]:
    """What the form shows now (the widgets' state where drawn, else the draft)."""
    draft: FormDraft = st.session_state[STATE_KEY]
    return {name: st.session_state.get(key, draft.values[name]) for name, key in WIDGETS.items()}


def _store(work: Callable[[Session], Any]) -> None:
    draft: FormDraft = st.session_state[STATE_KEY]
    try:
        write(sessions(), work)
    except STORE_FAILURES:
        draft.stored = False
        return
    draft.stored = True


def changed(user: str) -> None:
    """on_change of every field: the form's values into the draft and the store."""
    draft: FormDraft = st.session_state[STATE_KEY]
    draft.values, draft.edited = typed(), True
    values = to_json(draft.values)
    _store(lambda session: drafts.save_draft(session, user, values))


def _reset(today: dt.date) -> FormDraft:
    draft: FormDraft = st.session_state[STATE_KEY]
    draft.values, draft.restored_at, draft.edited, draft.stored = defaults(today), None, True, True
    return draft


def clear(user: str, today: dt.date) -> None:
    """on_click of 'clear': empty the form and remove the draft from the store."""
    _reset(today)
    _store(lambda session: drafts.clear_draft(session, user))


def clear_saved(today: dt.date) -> None:
    """Empty the form after a save (which removed the stored draft in its own transaction)."""
    _reset(today)
