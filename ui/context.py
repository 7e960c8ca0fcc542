"""The session's view: read once from the URL, kept in session state, bound to widgets, written back to the URL."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import streamlit as st

from indicators.catalogue import catalogue
from texts.i18n import t
from ui.safe_text import code_span
from indicators.view import Notice, View, drop_unknown_areas, fit_year_age, parse_view, view_to_params

VIEW_KEY = "view"
NOTICES_KEY = "url_notices"
NOTICE_LIMIT = 120  # characters of a bad value shown in its notice


def init_view(gemeenten: set[str] | None, known_areas: Callable[[str], set[str]] | None) -> View:
    """Parse the URL once per session; later reruns keep the view in session state. Without `known_areas`
    (no readable boundaries) the link's areas are kept as they are."""
    if VIEW_KEY not in st.session_state:
        parsed, notices = parse_view(st.query_params.to_dict(), catalogue(), gemeenten)
        area_notices: list[Notice] = []
        if known_areas is not None:
            parsed, area_notices = drop_unknown_areas(parsed, known_areas(parsed.gemeente))
        st.session_state[VIEW_KEY] = parsed
        st.session_state[NOTICES_KEY] = notices + area_notices
    return st.session_state[VIEW_KEY]


def view() -> View:
    return st.session_state.get(VIEW_KEY, View())


def update_view(**changes: Any) -> View:
    new = replace(view(), **changes)
    if "indicator" in changes or "year" in changes:
        new, _ = fit_year_age(new, catalogue())
    st.session_state[VIEW_KEY] = new
    return new


def write_url() -> None:
    """Mirror the view into the query parameters so a copied link reproduces it."""
    wanted = view_to_params(view())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def show_notices(lang: str) -> None:
    for notice in st.session_state.get(NOTICES_KEY, []):
        notice: Notice
        # The value comes from the link: shown literally (a code span), never as markdown (issue #11).
        st.warning(t("notice_bad_param", lang, param=notice.param, value=code_span(notice.value, NOTICE_LIMIT),
                     default=notice.default), icon="⚠️")


def sync_widget(name: str, options: Sequence[Any], none_option: Any = None) -> Any:
    """Reconcile the view's field `name` with its widget's state (key `w_<name>`) without drawing the widget.

    The view wins when it changed elsewhere since the widget was last drawn (a map click, a link); the widget
    wins when the user changed it. `none_option` stands for "nothing chosen" (the view's None): Streamlit shows
    a selectbox value of None as an empty placeholder, so a visible option such as "" is used instead.
    An out-of-range value falls back to the first option. Returns the reconciled field. A page may sync first and
    draw the widget later in the run (the map page computes its map before drawing the pickers above it).
    """
    key, synced_key = f"w_{name}", f"_synced_{name}"
    current = getattr(view(), name)
    shown = none_option if current is None else current
    stale = st.session_state.get(synced_key, shown) != shown
    if key not in st.session_state or stale or st.session_state[key] not in options:
        st.session_state[key] = shown if shown in options else options[0]
    value = st.session_state[key]
    chosen = None if value == none_option else value
    if chosen != current:
        update_view(**{name: chosen})
    st.session_state[synced_key] = value
    return chosen


def bound_widget(name: str, options: Sequence[Any], widget: Callable[..., Any], label: str,
                 format_func: Callable[[Any], str] = str, none_option: Any = None, **kwargs: Any) -> Any:
    """A widget whose value is the view's field `name` (see sync_widget)."""
    chosen = sync_widget(name, options, none_option)
    widget(label, options=list(options), format_func=format_func, key=f"w_{name}", **kwargs)
    return chosen
