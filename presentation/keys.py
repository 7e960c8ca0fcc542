"""Navigation on /presentatie: arrow keys, Page Up / Page Down (what presenter remotes send), Space and Shift+Space
(PowerPoint's habit), Home, End, and the previous / next buttons.

Every press is a step (+1, -1, "first", "last") taken from the slide current when the server takes it, never a
slide fixed in the run that drew the button: presses that come before that run has finished each move a slide.
The keys and the clicks reach the server through ui.components.pager, which counts them in the browser (Streamlit
merges two clicks of one button that wait for the same run into one). The view's `slide` is written to the URL
(`slide=`), so a reload or a copied link reopens the same slide.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

Step = int | str  # +1 / -1, or "first" / "last"
STEPS: tuple[Step, ...] = (-1, +1, "first", "last")
SPACE = " "  # KeyboardEvent.key of the space bar: next, as in PowerPoint and on many presenter remotes
# KeyboardEvent.key → step; "Shift+<key>" while Shift is held (ui.components.pager)
KEYS: dict[str, Step] = {"ArrowLeft": -1, "PageUp": -1, "ArrowRight": +1, "PageDown": +1, SPACE: +1,
                         f"Shift+{SPACE}": -1, "Home": "first", "End": "last"}
VISIBLE: tuple[tuple[str, Step], ...] = (("pres_prev", -1), ("pres_next", +1))  # (button key, step)


def target(current: int, total: int, step: Step) -> int:
    """The slide a step leads to (1-based), clamped to the story."""
    if total < 1:
        return 1
    if step == "first":
        return 1
    if step == "last":
        return total
    return max(1, min(total, current + int(step)))


def moved(current: int, total: int, steps: Iterable[object]) -> int:
    """The slide after `steps` in order from `current`; anything that is not a step (a browser can send anything)
    is passed over."""
    for step in steps:
        if step in STEPS and not isinstance(step, bool):  # True == 1
            current = target(current, total, step)
    return current


def nav_buttons(current: int, total: int, go: Callable[[Step], None], labels: dict[str, str],
                middle: Callable[[], None] | None = None) -> None:
    """Previous / next buttons; `middle()` draws what sits between the two (one row, so the slide keeps the
    screen's height). `go(step)` moves from the slide current when the click is taken."""
    left, centre, right = st.columns([1, 4, 1], vertical_alignment="top")
    (prev_key, prev_step), (next_key, next_step) = VISIBLE
    left.button(labels["prev"], key=prev_key, on_click=go, args=(prev_step,), disabled=current <= 1,
                icon=":material/arrow_back:", width="stretch")
    right.button(labels["next"], key=next_key, on_click=go, args=(next_step,), disabled=current >= total,
                 icon=":material/arrow_forward:", icon_position="right", width="stretch")
    if middle is not None:
        with centre:
            middle()
