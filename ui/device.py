"""What the server can tell about the reader's screen: only whether the browser says it is a phone's.

A layout for a phone that CSS alone cannot give (a chart's legend below it instead of beside it) needs the figure
built for it; the user agent is all a script run knows of the screen. A narrow desktop window is no phone: it keeps
the layout for large screens (the presentation's charts then scroll sideways)."""
from __future__ import annotations

import streamlit as st


def is_phone(user_agent: str) -> bool:
    """'Mobi' in the user agent: a phone's browser (MDN's advice; tablets leave it out and get the large layout)."""
    return "Mobi" in user_agent


def on_phone() -> bool:
    return is_phone(st.context.headers.get("User-Agent") or "")
