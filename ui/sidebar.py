"""The shared sidebar of every page: language, gemeente, level and age group, and how fresh the data is."""
from __future__ import annotations

import streamlit as st
from babel.dates import format_date, get_timezone

from indicators.freshness import as_of, data_as_of
from indicators.sources import search_dirs
from ui.context import bound_widget, view
from texts.i18n import LANGUAGES, LOCALES, t
from indicators.view import AGES, LEVELS

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
TIMEZONE = "Europe/Amsterdam"


@st.cache_data(show_spinner=False, ttl=60)
def data_as_of_text(gemeente: str, lang: str, dirs: tuple[str, ...]) -> str:
    """'Gegevens van 27 mrt 2025 (lokale kopie van eerdere downloads)': the newest date of the files the loaders
    read (issue #11: without the network the app runs from the files it has and says how old they are)."""
    used = [f for files in data_as_of(gemeente).values() for f in files if f.preferred and as_of(f) is not None]
    if not used:
        return t("rel_data_as_of_unknown", lang)
    newest = max(used, key=as_of)
    date = format_date(as_of(newest).astimezone(get_timezone(TIMEZONE)), "d MMM y", locale=LOCALES.get(lang, "nl_NL"))
    return t("rel_data_as_of", lang, date=date, where=t(f"rel_where_{newest.folder}", lang))


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
        st.markdown(data_as_of_text(view().gemeente, lang, tuple(str(d) for d in search_dirs())))
