"""Presses counted in the browser: keys and clicks on buttons that each move something by a step, handed to the
server in order, however fast they come (the presenter's remote on /presentatie: presentation.keys).

A Streamlit button sends a trigger, and two clicks of one button that wait for the same run are merged into one
(four PageDowns on a remote moved two or three slides). The pager keeps in the browser the steps the server has not
taken yet and sends all of them with each press, as a state value: a newer value holds every older one, so a merge
loses nothing. The server takes the steps after those it took before (`fresh_steps`) and tells the browser how many
it has taken, which drops them from its list. Draws nothing; its box can be hidden with CSS (`.st-key-<key>`).
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
Seen = tuple[str, int]  # (the browser tab's id, how many of its steps the server has taken)


@functools.cache
def _component():
    import streamlit as st

    return st.components.v2.component("wijk_pager", js=(HERE / "pager.js").read_text(encoding="utf-8"),
                                      isolate_styles=False)


def fresh_steps(sent: object, seen: Seen | None) -> tuple[list[Any], Seen | None]:
    """The steps in the browser's `sent` ({"tab", "from": the number of its first step, "steps"}) that come after
    the `seen` ones, and what is seen then. A value of another shape (a browser can send anything) has none."""
    if not isinstance(sent, Mapping):
        return [], seen
    tab, start, steps = sent.get("tab"), sent.get("from"), sent.get("steps")
    if not (isinstance(tab, str) and isinstance(start, int) and start >= 0 and isinstance(steps, list)):
        return [], seen
    done = seen[1] if seen is not None and seen[0] == tab else 0
    return steps[max(done - start, 0):], (tab, max(done, start + len(steps)))


def pager(key: str, keys: Mapping[str, Any], buttons: Mapping[str, Any],
          on_steps: Callable[[list[Any]], None]) -> None:
    """Listen for `keys` (KeyboardEvent.key → step, "Shift+<key>" with Shift held; not while typing in a field, nor
    Space in a field it sets, such as a select box or a box to tick: a focused button gives Space up) and for clicks
    on the buttons with these widget keys (→ step) while this page is shown; `on_steps(steps)` gets the new steps,
    in order, before the rerun they cause."""
    import streamlit as st

    seen_key = f"{key}_seen"

    def take() -> None:
        steps, st.session_state[seen_key] = fresh_steps(st.session_state[key].get("sent"),
                                                        st.session_state.get(seen_key))
        on_steps(steps)

    data = {"keys": dict(keys), "buttons": {f".st-key-{name} button": step for name, step in buttons.items()},
            "seen": st.session_state.get(seen_key)}
    _component()(key=key, data=data, on_sent_change=take)
