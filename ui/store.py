"""The program-count store as the pages use it (/programmas, /invoer, /presentatie, the map, sign-in).
(Its tables' downloads: ui.widgets.table_with_download, the one download helper.)

The store is opened once per process (`st.cache_resource`, keyed by the database URL): migrated, and seeded
with the report's figures when new. Counts are read fresh on every rerun, so staff entries show at once.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from indicators.areas import groups
from indicators.sources import DataError, search_dirs
from programs import store
from programs.layer import area_programs, latest_counts, programs_in_area
from programs.db import database_url, make_sessions, open_store
from programs.reach import NeedData, load_need, need_years_for
from programs.table import count_gemeenten
from ui import cache
from texts.i18n import t

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REACH_PROGRAM, REACH_AREA = "gli", "haaglanden_gli"  # /programmas' reach: GLI participants in the GLI region


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    return open_store(url)


def sessions() -> sessionmaker[Session]:
    return make_sessions(_engine(database_url()))


def counts(lang: str, filters: store.CountFilter | None = None) -> pd.DataFrame:
    """The current counts; if the store cannot be reached the page says so and stops (no empty table)."""
    try:
        with sessions()() as session:
            return store.list_counts(session, filters)
    except SQLAlchemyError as exc:
        st.error(t("prog_store_error", lang, error=type(exc).__name__))
        st.stop()


@st.cache_resource(show_spinner=False)
def _kept_counts() -> dict[str, tuple]:
    """One slot: (database URL and store.counts_state, the counts, {"latest": their latest_counts, (area, parent):
    that area's rows of them, each once asked})."""
    return {}


def _slot() -> tuple:
    """The slot for the store as it is now. Every call asks the store whether anything changed (store.counts_state:
    two aggregate queries); only then are the counts read again (issue #19), so a staff entry still shows at once,
    whichever page or replica wrote it. Raises SQLAlchemyError when the store cannot be read."""
    with sessions()() as session:
        state = (database_url(), *store.counts_state(session))
        kept = _kept_counts().get("slot")
        if kept is None or kept[0] != state:
            counts = store.list_counts(session)
            if (database_url(), *store.counts_state(session)) != state:  # changed while read: not kept
                return None, counts, {}
            kept = (state, counts, {})
            _kept_counts()["slot"] = kept
        return kept


def _current_counts(lang: str) -> tuple | None:
    """`_slot`, or None, with a caption, when the store cannot be read."""
    try:
        return _slot()
    except SQLAlchemyError as exc:
        st.caption(t("prog_store_error", lang, error=type(exc).__name__))
        return None


def newest_year(counts: pd.DataFrame) -> int | None:
    """The year the newest current (not retracted) count runs to; None without one."""
    ends = counts.loc[~counts["retracted"].astype(bool), "period_end"]
    return max(ends).year if len(ends) else None


def newest_count_year() -> int | None:
    """`newest_year` of the store as it is now (the sidebar's 'programma's t/m 2025'): new after every write that
    changes the counts (a save, an upload, an undo: store.counts_state), not a minute later. None when the store
    cannot be read (the sidebar then leaves it out, without a word)."""
    try:
        kept = _slot()
    except (SQLAlchemyError, OSError):
        return None
    derived = kept[2]
    if "newest_year" not in derived:
        derived["newest_year"] = newest_year(kept[1])
    return derived["newest_year"]


def counts_or_empty(lang: str) -> pd.DataFrame:
    """For a page that shows more than counts (the presentation, the map, the profile): without the store it says
    so in a caption and goes on with no counts (their slides say they cannot be shown) instead of stopping the page
    (issue #11)."""
    kept = _current_counts(lang)
    return pd.DataFrame(columns=store.COUNT_COLUMNS) if kept is None else kept[1].copy(deep=False)


def counts_in_area(area: str, parent: str | None, lang: str) -> pd.DataFrame:
    """programs.layer.programs_in_area of the current counts (the profile's programs, issue #18): the counts are
    reduced to the latest per program and area once until the store changes, and so is each area's share of them
    (filtering arrow-backed rows cost an area switch ~5 ms, issue #19). The rows are shared: read them only."""
    kept = _current_counts(lang)
    if kept is None:
        return programs_in_area(pd.DataFrame(columns=store.COUNT_COLUMNS), area, parent)
    derived = kept[2]
    if "latest" not in derived:
        derived["latest"] = latest_counts(kept[1])
    if (area, parent) not in derived:
        derived[(area, parent)] = area_programs(derived["latest"], area, parent)
    return derived[(area, parent)]


class ReachRegion(NamedTuple):
    code: str
    name: str
    members: tuple[str, ...]


def reach_region(lang: str = "nl") -> ReachRegion:
    """The GLI region (data/areas.yaml): its code, its name in `lang` and its gemeenten, whose need the reach panel
    divides the counts by."""
    spec = groups()[REACH_AREA]
    return ReachRegion(REACH_AREA, spec["name"][lang], tuple(spec["members"]))


def reach_counts(everything: pd.DataFrame) -> pd.DataFrame:
    """The counts /programmas' reach panel divides by the need: GLI participants counted for the GLI region."""
    return everything[(everything["program"] == REACH_PROGRAM) & (everything["area"] == REACH_AREA)]


@st.cache_resource(show_spinner=False)
def _need(members: tuple[str, ...], years: tuple[int, ...], dirs: tuple[str, ...]) -> NeedData:
    return load_need(members, years)


def reach_need(rows: pd.DataFrame) -> NeedData:
    """The need and population of the GLI region's gemeenten in the survey years nearest to the counts' years,
    kept per data directory (reading them took ~0.4-0.7 s on a process's first visit of /programmas)."""
    years = tuple(need_years_for([d.year for d in rows["period_start"]]))
    return _need(reach_region().members, years, tuple(str(d) for d in search_dirs()))


def preload() -> None:
    """At server start (ui.cache.preload): open the store (migrated, seeded when new) and read the reach panel's
    need data for the counts it holds."""
    with sessions()() as session:
        reach_need(reach_counts(store.list_counts(session)))


def program_names(lang: str) -> dict[str, str]:
    """Program id -> name in `lang`, in the catalogue's order; empty when the store cannot be read (a picker then
    offers nothing, the page goes on). Lighter than the counts: the map reads it on every rerun."""
    try:
        with sessions()() as session:
            programs = store.list_programs(session)
    except SQLAlchemyError:
        return {}
    return dict(zip(programs["id"], programs[f"name_{lang}"]))


def program_ids() -> set[str] | None:
    """The store's program ids, to judge a link's `program=`; None when the store cannot be read."""
    try:
        with sessions()() as session:
            return set(store.list_programs(session)["id"])
    except SQLAlchemyError:
        return None


def count_area_names(codes: Iterable[str], lang: str) -> dict[str, str]:
    """CBS code -> name for program counts' areas: the gemeenten we know (as the dashboard names them: 'Den Haag' /
    'The Hague', not CBS's 's-Gravenhage), and the wijken and buurten of each gemeente the codes lie in
    (programs.table.count_gemeenten): Den Haag's counts keep their names when another gemeente is shown. Groups come
    from data/areas.yaml. Without a gemeente's readable boundaries its codes show as they are: the program pages
    need no map (issue #21.5)."""
    names: dict[str, str] = {}
    try:
        names.update((code, cache.gemeente_label(code, name, lang)) for code, name in cache.gemeenten().items())
    except DataError:
        pass
    for gemeente in count_gemeenten(codes):
        try:
            names.update((code, name) for code, name in cache.area_names(gemeente, lang).items() if code != gemeente)
        except DataError:
            pass
    return names
