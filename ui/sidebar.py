"""The shared sidebar of every page: language, gemeente, level and age group."""
from __future__ import annotations

import streamlit as st

from ui.context import bound_widget, view
from ui.i18n import LANGUAGES, t
from ui.state import AGES, LEVELS

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def shared_sidebar(gemeenten: dict[str, str]) -> None:
    lang = view().lang
    with st.sidebar:
        bound_widget("lang", LANGUAGES, st.radio, t("language", lang), LANGUAGE_NAMES.get, horizontal=True)
        lang = view().lang
        if len(gemeenten) > 1:
            bound_widget("gemeente", sorted(gemeenten, key=gemeenten.get), st.selectbox, t("gemeente", lang),
                         gemeenten.get)
        bound_widget("level", LEVELS, st.radio, t("level", lang), lambda v: t(f"level_{v}", lang), horizontal=True)
        bound_widget("age", AGES, st.radio, t("age", lang), lambda v: t(f"age_{v}", lang))
