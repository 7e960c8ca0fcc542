"""The sign-in cookie into the browser (ui.auth decides its value; programs.signin signs it).

Streamlit reads a request's cookies (`st.context.cookies`) but has no way to set one from a script run, so a tiny
script in the page writes it with `document.cookie` and loads the page again: the next request carries it. A
cookie written by script cannot be HttpOnly (SECURITY.md says what guards it instead). Its own module: the pages
that show what people typed make no HTML at all (tests/test_locked_doors.py).
"""
from __future__ import annotations

import json

import streamlit as st

from programs import signin


def send_cookie(value: str | None, max_age: int, to_entry: bool = False) -> None:
    """Set (or, with None, delete) the sign-in cookie in the browser, then load the page again so that its next
    request carries it; `to_entry`: from /inloggen on to /invoer (an editor who just signed in)."""
    cookie = f"{signin.COOKIE_NAME}={value or ''}; Path=/; Max-Age={max_age}; SameSite=Strict"
    st.html(f"""<script>(() => {{
  document.cookie = {json.dumps(cookie)} + (window.location.protocol === "https:" ? "; Secure" : "");
  const path = window.location.pathname;
  const next = {json.dumps(to_entry)} ? path.replace(/inloggen\\/?$/, "invoer") : path;
  window.location.replace(next + window.location.search);
}})();
</script>""", width="content", unsafe_allow_javascript=True)
