"""Accessibility helpers shared by pages (WCAG 2.2 AA)."""
from __future__ import annotations

import json

import streamlit as st

from texts.i18n import DEFAULT_LANG, LANGUAGES


def set_document_language(lang: str) -> None:
    """Declare the page's language on <html lang> (WCAG 3.1.1): Streamlit's index.html always says "en".

    Screen readers pick their voice from it, so Dutch pages read with an English voice without this.
    Call once per run (the router, or a page); it renders no visible element.
    """
    code = lang if lang in LANGUAGES else DEFAULT_LANG
    st.html(f"<script>document.documentElement.lang = {json.dumps(code)};</script>", width="content",
            unsafe_allow_javascript=True)
