"""The shared sidebar of every page: language, gemeente, level and age group, and how fresh the data is."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import streamlit as st
from babel.dates import format_date, get_timezone

from indicators.catalogue import catalogue
from indicators.freshness import SourcePeriod, data_as_of, last_download, mark_read, source_periods, table_years
from indicators.sources import DataError, search_dirs
from ui import cache
from ui.context import bound_widget, view
from ui.store import newest_count_year
from texts.i18n import LANGUAGES, LOCALES, t
from indicators.view import AGES, LEVELS

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
TIMEZONE = "Europe/Amsterdam"


def _date(moment: datetime, lang: str) -> str:
    return format_date(moment.astimezone(get_timezone(TIMEZONE)), "d MMM y", locale=LOCALES.get(lang, "nl_NL"))


def periods_text(periods: Sequence[SourcePeriod], lang: str) -> list[str]:
    """Per publisher the years of each table read, with its release when a download recorded it: 'RIVM 2012, 2016,
    2020 (uitgave 27 mrt 2025)', 'CBS 2015, 2019, 2024'."""
    years: dict[str, list[str]] = {}
    for p in periods:
        named = ", ".join(map(str, p.years))
        years.setdefault(p.publisher, []).append(
            t("pl_period_release", lang, years=named, date=_date(p.release, lang)) if p.release else named)
    return [f"{publisher} {', '.join(texts)}" for publisher, texts in years.items()]


def _read_from(gemeente: str) -> dict[str, list[Path]]:
    """Per table the files the gemeente's figures are read from, as /bronnen says; none while a file cannot be read
    (the page names it)."""
    try:
        return cache.source_files(gemeente)
    except DataError:
        return {}


def source_years(gemeente: str, lang: str) -> list[str]:
    """periods_text of the tables the gemeente's figures are read from: Delft's 'CBS 2015, 2024' (the mirror's KWB
    2019 holds Den Haag only)."""
    return _source_years(gemeente, lang, tuple(str(d) for d in search_dirs()))


@st.cache_data(show_spinner=False, ttl=60)
def _source_years(gemeente: str, lang: str, dirs: tuple[str, ...]) -> list[str]:
    return periods_text(source_periods(mark_read(data_as_of(gemeente), _read_from(gemeente)),
                                       table_years(catalogue())), lang)


@st.cache_data(show_spinner=False, ttl=60)
def data_as_of_text(gemeente: str, lang: str, dirs: tuple[str, ...], program_year: int | None) -> str:
    """'Gegevens van RIVM 2012, 2016, 2020 · CBS 2015, 2019, 2024 · programma's t/m 2024': the tables the
    gemeente's figures are read from (not every file found: the mirror's KWB 2019 holds Den Haag only), each with
    its years (and release, when a download recorded it), not the date the files were copied (issue #18). A file
    date only where a download of a file read happened, labelled as such: '· gedownload op 20 mrt 2025 (lokale
    kopie van eerdere downloads)'. `program_year`: the newest count's (ui.store.newest_count_year, None: left out),
    a key of the cache, so a saved 2025 count shows at once rather than when the minute is over."""
    files = mark_read(data_as_of(gemeente), _read_from(gemeente))
    parts = source_years(gemeente, lang)
    if program_year is not None:
        parts.append(t("pl_period_programs", lang, year=program_year))
    if not parts:
        return t("rel_data_as_of_unknown", lang)
    text = t("pl_data_periods", lang, periods=" · ".join(parts))
    download = last_download(files)
    if download is not None:
        text += " · " + t("pl_downloaded", lang, date=_date(download.downloaded, lang),
                          where=t(f"rel_where_{download.folder}", lang))
    return text


def shared_sidebar(gemeenten: dict[str, str]) -> None:
    lang = view().lang
    with st.sidebar:
        bound_widget("lang", LANGUAGES, st.radio, t("language", lang), LANGUAGE_NAMES.get, horizontal=True)
        lang = view().lang
        if len(gemeenten) > 1:
            names = {code: cache.gemeente_label(code, name, lang) for code, name in gemeenten.items()}
            bound_widget("gemeente", sorted(names, key=names.get), st.selectbox, t("gemeente", lang), names.get)
        bound_widget("level", LEVELS, st.radio, t("level", lang), lambda v: t(f"level_{v}", lang), horizontal=True)
        bound_widget("age", AGES, st.radio, t("age", lang), lambda v: t(f"age_{v}", lang))
        st.markdown(data_as_of_text(view().gemeente, lang, tuple(str(d) for d in search_dirs()), newest_count_year()))
