"""Keyboard navigation on /presentatie: arrow keys, Page Up / Page Down (what presenter remotes send), Home, End.

Streamlit 1.67 gives buttons a `shortcut` (a document-wide key binding), so no custom JavaScript is needed: the
visible "previous" / "next" buttons take ← and →, and hidden buttons (found by their `.st-key-<key>` class and
hidden with CSS) take Page Up, Page Down, Home and End. Every button moves the view's `slide`, which the router
writes to the URL (`slide=`), so a reload or a copied link reopens the same slide.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

# (button key, shortcut, step): step is +1/-1, or "first"/"last"
VISIBLE = (("pres_prev", "Left", -1), ("pres_next", "Right", +1))
HIDDEN = (("pres_key_pgup", "PageUp", -1), ("pres_key_pgdn", "PageDown", +1), ("pres_key_home", "Home", "first"),
          ("pres_key_end", "End", "last"))


def target(current: int, total: int, step: int | str) -> int:
    """The slide a key leads to (1-based), clamped to the story."""
    if total < 1:
        return 1
    if step == "first":
        return 1
    if step == "last":
        return total
    return max(1, min(total, current + int(step)))


def hidden_css() -> str:
    """CSS that hides the key-only buttons (they stay in the page, so their shortcuts keep working)."""
    return ", ".join(f".st-key-{key}" for key, _, _ in HIDDEN) + " {display: none !important;}"


def nav_buttons(current: int, total: int, go: Callable[[int], None], labels: dict[str, str],
                middle: Callable[[], None] | None = None) -> None:
    """Previous / next buttons (visible) and the hidden key-only ones; `middle()` draws what sits between the two
    (one row, so the slide keeps the screen's height). `go(n)` shows slide n."""
    left, centre, right = st.columns([1, 4, 1], vertical_alignment="top")
    prev_key, prev_shortcut, prev_step = VISIBLE[0]
    next_key, next_shortcut, next_step = VISIBLE[1]
    left.button(labels["prev"], key=prev_key, shortcut=prev_shortcut, on_click=go,
                args=(target(current, total, prev_step),), disabled=current <= 1, icon=":material/arrow_back:",
                width="stretch")
    right.button(labels["next"], key=next_key, shortcut=next_shortcut, on_click=go,
                 args=(target(current, total, next_step),), disabled=current >= total,
                 icon=":material/arrow_forward:", icon_position="right", width="stretch")
    if middle is not None:
        with centre:
            middle()
    for key, shortcut, step in HIDDEN:
        st.button(key, key=key, shortcut=shortcut, on_click=go, args=(target(current, total, step),))
