"""HTML this app built itself, set as a block's inner HTML without st.html's sanitizer (issue #19).

st.html runs every body through DOMPurify: parse, walk every node, serialise, parse again. For the profile's spine
(56 KB, ~60 rows) that was ~25 ms of each area switch in the browser, the largest single cost after React's own.
Only for markup whose every text is escaped by the code that builds it: tests/test_locked_doors.py reviews each
call site as it does st.html's. The block is in the page itself (no shadow root), so the markup's own <style> and
the app's CSS apply as they did.
"""
from __future__ import annotations

import functools
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPONENT = "wijk_trusted_html"


@functools.cache
def _component():
    import streamlit as st

    return st.components.v2.component(COMPONENT, js=(HERE / "trusted_html.js").read_text(encoding="utf-8"),
                                      isolate_styles=False)


def trusted_html(body: str, *, key: str) -> None:
    """Show `body` (escaped markup built by this app) full width."""
    _component()(key=key, data={"html": body})
