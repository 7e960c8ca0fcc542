"""Cached loaders for the pages: read once per process, shared read-only by every session.

`st.cache_resource` (not `cache_data`) because the frames are large and never mutated: no copy per rerun; the
profile's small spine frame and the compare page's frames are `cache_data` (a copy per caller). The search
directories are part of the key, so a changed WIJKDASHBOARD_DATA_DIR is picked up. The map views are also computed ahead: at server start (`preload`,
from serve.py) and in the background after a level's first map (`warm_map_views`).
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import streamlit as st

from charts.spine_html import spine_block
from geo.boundaries import gemeente_names, read_areas
from geo.choropleth import MapModel, map_model
from geo.layers import polygon_records
from indicators.catalogue import Catalogue, catalogue
from indicators.compare import (OPENING_LEAD, OPENING_WIJKEN, AreaGroup, Gradient, comparison_frame, gradient,
                                opening_areas, ranking_frame, reference_rows, with_values)
from indicators.divisions import divisions_of, years_divided_otherwise
from indicators.observations import build_observations, published_shares_of_few, source_files as files_read
from indicators.profile import (KeyTable, SpineContext, area_spine_rows, key_table, spine_context, spine_frame,
                                spread_level)
from indicators.sources import DataError, search_dirs
from indicators.select import figures_present, fit_to_figures
from indicators.areas import focus_area_codes
from ui.components.areamap import MapGeometry, colour_payload, publish_geometry
from ui.components.static_files import PROJECT_ROOT
from texts.i18n import t
from indicators.view import View, fit_year_age


def _dirs_key() -> tuple[str, ...]:
    return tuple(str(d) for d in search_dirs())


@st.cache_resource(show_spinner=False)
def _areas(gemeente: str, level: str, dirs: tuple[str, ...]) -> gpd.GeoDataFrame:
    return read_areas(gemeente, level)


@st.cache_resource(show_spinner=False)
def _records(gemeente: str, level: str, dirs: tuple[str, ...]) -> list[dict]:
    return polygon_records(_areas(gemeente, level, dirs))


@st.cache_resource(show_spinner=False)
def _observations(gemeente: str, dirs: tuple[str, ...]) -> pd.DataFrame:
    return build_observations(gemeente)


def areas(gemeente: str, level: str) -> gpd.GeoDataFrame:
    return _areas(gemeente, level, _dirs_key())


def boundary_year(gemeente: str, level: str) -> int | None:
    """The year of the boundaries the level's areas are named and drawn by (their division)."""
    return areas(gemeente, level).attrs.get("year")


def polygon_records_for(gemeente: str, level: str) -> list[dict]:
    return _records(gemeente, level, _dirs_key())


def observations(gemeente: str) -> pd.DataFrame:
    return _observations(gemeente, _dirs_key())


@st.cache_resource(show_spinner=False)
def _source_files(gemeente: str, dirs: tuple[str, ...]) -> dict[str, list[Path]]:
    return files_read(gemeente)


def source_files(gemeente: str) -> dict[str, list[Path]]:
    """Per table the files the gemeente's figures are read from (indicators.observations.source_files), once per
    process and search folders, as the observations are."""
    return _source_files(gemeente, _dirs_key())


@st.cache_resource(show_spinner=False)
def _shares_of_few(gemeente: str, dirs: tuple[str, ...]) -> pd.DataFrame:
    return published_shares_of_few(gemeente)


def shares_of_few(gemeente: str) -> pd.DataFrame:
    """indicators.observations.published_shares_of_few, once per process and search folders."""
    return _shares_of_few(gemeente, _dirs_key())


@st.cache_resource(show_spinner=False)
def _figures(gemeente: str, dirs: tuple[str, ...]) -> frozenset[tuple[str, str, int, str]]:
    boundaries: list[str] = []
    for level in ("wijk", "buurt"):
        try:
            boundaries += _areas(gemeente, level, dirs)["code"].tolist()
        except DataError:  # that level's pages say so; its figures are counted without its division
            pass
    return figures_present(_observations(gemeente, dirs), boundaries)


def figures(gemeente: str) -> frozenset[tuple[str, str, int, str]]:
    """indicators.select.figures_present of the gemeente's observations on its boundaries, once per process."""
    return _figures(gemeente, _dirs_key())


@st.cache_resource(show_spinner=False)
def _gemeenten(dirs: tuple[str, ...]) -> dict[str, str]:
    return gemeente_names()


def gemeenten() -> dict[str, str]:
    return _gemeenten(_dirs_key())


def forget_gemeenten() -> None:
    """After a download into a search folder: the next run looks for the gemeenten again."""
    _gemeenten.clear()


def area_codes(gemeente: str) -> set[str]:
    """The gemeente and all its wijk and buurt codes."""
    return {gemeente} | {c for level in ("wijk", "buurt") for c in areas(gemeente, level)["code"]}


@st.cache_resource(show_spinner=False)
def _focus_records(gemeente: str, dirs: tuple[str, ...]) -> list[dict]:
    wijken = _areas(gemeente, "wijk", dirs)
    return polygon_records(wijken[wijken["code"].isin(focus_area_codes())])


def focus_records(gemeente: str) -> list[dict]:
    return _focus_records(gemeente, _dirs_key())


def city_name(gemeente: str, lang: str) -> str:
    return gemeente_label(gemeente, gemeenten().get(gemeente, gemeente), lang)


def gemeente_label(code: str, cbs_name: str, lang: str) -> str:
    """'Den Haag' / 'The Hague' for GM0518 (CBS calls it 's-Gravenhage), else the CBS name."""
    return t("den_haag", lang) if code == "GM0518" else cbs_name


@st.cache_resource(show_spinner=False)
def _area_names(gemeente: str, lang: str, dirs: tuple[str, ...]) -> dict[str, str]:
    names = {gemeente: city_name(gemeente, lang)}
    for level in ("wijk", "buurt"):
        frame = _areas(gemeente, level, dirs)
        names.update(zip(frame["code"].tolist(), frame["name"].tolist()))
    return names


def area_names(gemeente: str, lang: str) -> dict[str, str]:
    """Code → name of the gemeente (as the city is called in `lang`), its wijken and its buurten (a copy)."""
    return dict(_area_names(gemeente, lang, _dirs_key()))


@st.cache_resource(show_spinner=False)
def _area_choices(gemeente: str, lang: str, dirs: tuple[str, ...]) -> tuple[str, ...]:
    names = _area_names(gemeente, lang, dirs)
    return tuple(code for level in ("wijk", "buurt")
                 for code in sorted(_areas(gemeente, level, dirs)["code"].tolist(), key=names.get))


def area_choices(gemeente: str, lang: str) -> list[str]:
    """The codes of an area picker: the wijken by name, then the buurten by name (names in `lang`)."""
    return list(_area_choices(gemeente, lang, _dirs_key()))


# --- the profile page: the spine of an area, computed once per process (~60 indicators in one pass: 60-90 ms) ---
@st.cache_resource(show_spinner=False, max_entries=16)
def _spine_context(gemeente: str, s_level: str, age: str, dirs: tuple[str, ...]) -> SpineContext:
    cat = catalogue()
    return spine_context(_observations(gemeente, dirs), [cat.indicator(i) for i in cat.available_ids],
                         list(_areas(gemeente, s_level, dirs)["code"]), s_level, age, gemeente)


@st.cache_data(show_spinner=False, max_entries=512)
def _spine(gemeente: str, area: str, age: str, dirs: tuple[str, ...]) -> pd.DataFrame:
    # The context (the rows, spread and references shared by all areas of a level) once per level and age: a new
    # area then costs ~5 ms instead of ~40 (issue #19: the profile's area switch).
    return spine_frame(area_spine_rows(_spine_context(gemeente, spread_level(area), age, dirs), area), catalogue())


def spine(gemeente: str, area: str, age: str) -> pd.DataFrame:
    """indicators.profile.spine_data of an area against the areas of its level (a copy: callers may change it)."""
    return _spine(gemeente, area, age, _dirs_key())


@st.cache_data(show_spinner=False, max_entries=256)
def _spine_chart(gemeente: str, area: str, age: str, lang: str, dirs: tuple[str, ...]) -> str:
    names = area_names(gemeente, lang)
    return spine_block(_spine(gemeente, area, age, dirs), catalogue(), lang, names[area], names[gemeente])


def spine_chart(gemeente: str, area: str, age: str, lang: str) -> str:
    """The profile's spine chart with its legend and sources as HTML (charts.spine_html.spine_block), built once per
    process and view (~60 rows with their hover texts)."""
    return _spine_chart(gemeente, area, age, lang, _dirs_key())


# --- charts and slides: built once per process and key -----------------------------------------------------------
Built = TypeVar("Built")


@st.cache_resource(show_spinner=False, max_entries=512)
def _built(key: tuple, dirs: tuple[str, ...], _build: Callable[[], Any]) -> Any:
    return _build()


def built(key: tuple, build: Callable[[], Built]) -> Built:
    """`build()`, or what it built before under `key` in this process: plotly spends 30-60 ms building and checking
    a figure of a few dozen bars, a slide up to 200 ms, on every rerun (issue #19). `key` must name everything the
    result is drawn from (the chart, the view's parts it reads, the language; `fingerprint` of data read fresh);
    the data folders are added here. The result is shared read-only: st.plotly_chart serialises a figure without
    changing it."""
    return _built(key, _dirs_key(), build)


def fingerprint(rows: pd.DataFrame) -> int:
    """A number that changes when any value in `rows` does: for a key of data read fresh from the store on every run,
    so a count saved a moment ago is in the next chart. A digest of the frame's pickle (0.4 ms for the counts' 30
    columns; pandas' row hashes took 4.7 ms, three times per run of /programmas); equal frames read the same way
    pickle the same, and a frame that differs only in its layout costs one rebuild, never a wrong chart."""
    return int.from_bytes(hashlib.blake2b(pickle.dumps(rows, protocol=5), digest_size=8).digest(), "big")


# --- the compare page: each section's numbers once per view (sections rerun on their own: fragments) ---------------
COMPARE_VIEWS_CACHED = 256  # per section: views of the compare page kept


def _lookup(gemeente: str, dirs: tuple[str, ...]) -> pd.DataFrame:
    return pd.concat([_areas(gemeente, level, dirs)[["code", "name", "level"]] for level in ("wijk", "buurt")],
                     ignore_index=True)


@st.cache_data(show_spinner=False, max_entries=COMPARE_VIEWS_CACHED)
def _comparison(gemeente: str, indicators: tuple[str, ...], codes: tuple[str, ...], groups: tuple[AreaGroup, ...],
                year: int, age: str, lang: str, city: str, dirs: tuple[str, ...]) -> pd.DataFrame:
    return comparison_frame(_observations(gemeente, dirs), catalogue(), indicators, codes, _lookup(gemeente, dirs),
                            year=year, age=age, groups=groups, lang=lang, gemeente=gemeente, city_name=city)


def comparison(gemeente: str, indicators: tuple[str, ...], codes: tuple[str, ...], groups: tuple[AreaGroup, ...],
               year: int, age: str, lang: str, city: str) -> pd.DataFrame:
    """indicators.compare.comparison_frame of the chosen areas, groups and indicators (a copy per caller)."""
    return _comparison(gemeente, tuple(indicators), tuple(codes), tuple(groups), year, age, lang, city, _dirs_key())


@st.cache_data(show_spinner=False, max_entries=COMPARE_VIEWS_CACHED)
def _ranking(gemeente: str, level: str, indicator: str, year: int, age: str, lang: str, city: str,
             dirs: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    tidy, ind = _rows_of(gemeente, (indicator,), dirs), catalogue().indicator(indicator)
    return (ranking_frame(tidy, _areas(gemeente, level, dirs), ind, year=year, age=age, level=level,
                          focus_codes=focus_area_codes()),
            reference_rows(tidy, ind, year=year, age=age, gemeente=gemeente, city_name=city, lang=lang))


def ranking(gemeente: str, level: str, indicator: str, year: int, age: str, lang: str,
            city: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """indicators.compare.ranking_frame of the level's areas and the city and NL rows (reference_rows)."""
    return _ranking(gemeente, level, indicator, year, age, lang, city, _dirs_key())


@st.cache_data(show_spinner=False, max_entries=COMPARE_VIEWS_CACHED)
def _gradient(gemeente: str, level: str, x: str, y: str, year: int, age: str, dirs: tuple[str, ...]) -> Gradient:
    cat = catalogue()
    return gradient(_rows_of(gemeente, (x, y), dirs), _areas(gemeente, level, dirs), cat.indicator(x), cat.indicator(y),
                    year=year, age=age, focus_codes=focus_area_codes())


def social_health_gradient(gemeente: str, level: str, x: str, y: str, year: int, age: str) -> Gradient:
    """indicators.compare.gradient of a social (x) and a health (y) indicator over the level's areas."""
    return _gradient(gemeente, level, x, y, year, age, _dirs_key())


@st.cache_data(show_spinner=False)
def _with_values(gemeente: str, level: str, ids: tuple[str, ...], dirs: tuple[str, ...]) -> list[str]:
    return with_values(_figures(gemeente, dirs), ids, level)


def indicators_with_values(gemeente: str, level: str, ids: Sequence[str]) -> list[str]:
    """indicators.compare.with_values: the ids with at least one figure the level's areas can show (figures)."""
    return _with_values(gemeente, level, tuple(ids), _dirs_key())


@st.cache_data(show_spinner=False)
def _divided_otherwise(gemeente: str, level: str, dirs: tuple[str, ...]) -> list[int]:
    return years_divided_otherwise(divisions_of(_observations(gemeente, dirs)), _areas(gemeente, level, dirs)["code"])


def divided_otherwise(gemeente: str, level: str) -> list[int]:
    """indicators.divisions.years_divided_otherwise of the level's boundaries: why a level has no figures to offer."""
    return _divided_otherwise(gemeente, level, _dirs_key())


# --- the map page: geometry once per process, classes/colours/tooltips once per view ---------------------------------
MAP_VIEWS_CACHED = 256  # map models kept (indicator × year × age × mode × method × language × level × gemeente)
WARM_ENV = "WIJKDASHBOARD_WARM_MAPS"  # "0": no background warm-up (the benchmarks that time first views)
WARM_MAX_AREAS = 1_000  # warm up maps of at most this many areas (any gemeente; not the national scale test)
WARM_PAUSE_S = 0.005  # between two views: sessions' reruns get the interpreter lock first


@st.cache_resource(show_spinner=False)
def _map_geometry(gemeente: str, level: str, dirs: tuple[str, ...]) -> MapGeometry:
    return publish_geometry(f"{gemeente}_{level}", _records(gemeente, level, dirs), _focus_records(gemeente, dirs))


def map_geometry(gemeente: str, level: str) -> MapGeometry:
    """The level's polygons (and the focus outlines) as a file on the static route, written once per process."""
    geometry = _map_geometry(gemeente, level, _dirs_key())
    if not geometry.path.is_file():  # the static folder was cleaned while the server ran: write it again
        _map_geometry.clear()
        geometry = _map_geometry(gemeente, level, _dirs_key())
    return geometry


@st.cache_resource(show_spinner=False)
def _observations_by_indicator(gemeente: str, dirs: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The tidy observations split per indicator once: a map view then filters a few hundred rows, not all."""
    return {ind: rows for ind, rows in _observations(gemeente, dirs).groupby("indicator", sort=False)}


def _rows_of(gemeente: str, indicators: tuple[str, ...], dirs: tuple[str, ...]) -> pd.DataFrame:
    """The tidy observations of a few indicators (each in its rows' order): what a view of them filters is a few
    hundred rows, not the gemeente's 28,000 (~15 ms less per ranking, gradient or map view)."""
    by_indicator = _observations_by_indicator(gemeente, dirs)
    parts = [by_indicator[i] for i in dict.fromkeys(indicators) if i in by_indicator]
    if not parts:
        return _observations(gemeente, dirs).iloc[:0]
    return parts[0] if len(parts) == 1 else pd.concat(parts)


def observations_of(gemeente: str, indicators: Sequence[str]) -> pd.DataFrame:
    """The tidy observations of a few indicators, kept per process: a page that filters one indicator's rows reads a
    few hundred rows instead of the gemeente's 28,000 (the trends page's seven series: ~145 ms less per run).
    Shared: do not change it."""
    return _rows_of(gemeente, tuple(indicators), _dirs_key())


def opening_areas_of(gemeente: str, level: str, year: int, age: str) -> tuple[str, ...]:
    """The areas /vergelijk and /trends draw while the view holds no areas (indicators.compare.opening_areas): at
    wijk level Den Haag's four focus wijken, elsewhere and at buurt level the four of the level that score worst on
    self-rated health in the year nearest `year`."""
    lead = catalogue().indicator(OPENING_LEAD)
    return opening_areas(observations_of(gemeente, [lead.id]), lead, year, age, OPENING_WIJKEN,
                         areas(gemeente, level)["code"].tolist())


@st.cache_resource(show_spinner=False, max_entries=64)
def _key_table(gemeente: str, indicators: tuple[str, ...], dirs: tuple[str, ...]) -> KeyTable:
    return key_table(_rows_of(gemeente, indicators, dirs))


def key_table_of(gemeente: str, indicators: tuple[str, ...]) -> KeyTable:
    """The rows of a few indicators as lookups (indicators.profile.KeyTable: the profile's key figures), kept per
    process. Shared: do not change it."""
    return _key_table(gemeente, indicators, _dirs_key())


@st.cache_resource(show_spinner=False, max_entries=MAP_VIEWS_CACHED)
def _map_view(gemeente: str, level: str, indicator: str, year: int, age: str, mode: str, method: str, lang: str,
              city: str, dirs: tuple[str, ...]) -> tuple[MapModel, dict]:
    cat = catalogue()
    tidy = _rows_of(gemeente, (indicator,), dirs)
    model = map_model(tidy, _areas(gemeente, level, dirs), [], cat, cat.indicator(indicator),
                      level=level, year=year, age=age, mode=mode, method=method, lang=lang, city_name=city)
    return model, colour_payload(model.frame, model.classes, _map_geometry(gemeente, level, dirs).codes)


def map_view(gemeente: str, level: str, indicator: str, year: int, age: str, mode: str, method: str, lang: str,
             city: str) -> tuple[MapModel, dict]:
    """The map model of a view and what the map component needs of it (shared read-only by all sessions)."""
    return _map_view(gemeente, level, indicator, year, age, mode, method, lang, city, _dirs_key())


_warmed: set[tuple] = set()
_warm_lock = threading.Lock()
_warm_stop = threading.Event()  # set at interpreter exit: warm-ups end after their current view
_warm_threads: list[threading.Thread] = []


@atexit.register
def _stop_warming() -> None:
    """A daemon thread still inside pandas/numpy when the interpreter goes down can abort the process; let each
    warm-up finish the view it is computing (atexit runs before daemon threads are frozen)."""
    _warm_stop.set()
    for thread in _warm_threads:
        thread.join(timeout=2)


def indicator_views(v: View, cat: Catalogue) -> list[tuple[str, int, str]]:
    """(indicator, year, age) of the map after switching to each other indicator (year and age fitted as the
    page fits them), nearest to the current one in the picker first."""
    ids = cat.picker_ids
    here = ids.index(v.indicator) if v.indicator in ids else 0
    steps = {i: min((n - here) % len(ids), (here - n) % len(ids)) for n, i in enumerate(ids)}  # up or down
    present = figures(v.gemeente)
    fitted = (fit_to_figures(fit_year_age(replace(v, indicator=i), cat)[0], cat, present)
              for i in sorted(ids, key=steps.get) if i != v.indicator)
    return [(f.indicator, f.year, f.age) for f in fitted]


SCRIPT_THREAD = "ScriptRunner.scriptThread"  # Streamlit's thread of a session's script run; it ends with the run


def visitor_waiting() -> bool:
    """Whether a session's script (or fragment) is running: a visitor waits for it, so nothing is warmed now."""
    return any(thread.name == SCRIPT_THREAD for thread in threading.enumerate())


def warm_map_views(v: View, method: str, city: str) -> threading.Thread | None:
    """Compute the other indicators' views of this map in a background thread, once per map and process.

    A first view costs the server 15-30 ms (values, classes, tooltips), a cached one well under 1 ms: after the
    first map of a level, switching the indicator (the commonest change) takes its view from the cache. Each view
    waits until no session's script runs (`visitor_waiting`): the warm-up never competes with a visitor's rerun
    (it starts when the run that asked for it has ended). Maps of
    more than WARM_MAX_AREAS areas are not warmed (memory), nor anything when WIJKDASHBOARD_WARM_MAPS=0.
    """
    dirs = _dirs_key()
    key = (v.gemeente, v.level, v.year, v.age, v.mode, method, v.lang, city, dirs)
    if os.environ.get(WARM_ENV, "1") == "0" or len(_areas(v.gemeente, v.level, dirs)) > WARM_MAX_AREAS:
        return None
    with _warm_lock:
        if key in _warmed:
            return None
        _warmed.add(key)
    jobs = indicator_views(v, catalogue())

    def work() -> None:
        for indicator, year, age in jobs:
            time.sleep(WARM_PAUSE_S)
            while visitor_waiting() and not _warm_stop.is_set():
                time.sleep(WARM_PAUSE_S)
            if _warm_stop.is_set():
                return
            try:
                _map_view(v.gemeente, v.level, indicator, year, age, v.mode, method, v.lang, city, dirs)
            except Exception:  # noqa: BLE001 - best effort: the page computes (and reports) it when asked for
                logging.getLogger(__name__).warning("map warm-up: %s failed", indicator, exc_info=True)

    thread = threading.Thread(target=work, name=f"warm-{v.gemeente}-{v.level}", daemon=True)
    thread.start()
    with _warm_lock:
        _warm_threads[:] = [w for w in _warm_threads if w.is_alive()] + [thread]
    return thread


def _top_level_imports(script: str) -> list[str]:
    """The modules a script (a path from the project root) imports at its top, read from the file: a page cannot
    be imported here, importing it would run it. Kept in sync by itself as the pages change."""
    import ast
    from pathlib import Path

    try:
        tree = ast.parse((Path(__file__).resolve().parent.parent / script).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError) as exc:
        logging.getLogger(__name__).warning("preload: cannot read %s: %s", script, exc)
        return []
    names = [alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names]
    return names + [node.module for node in tree.body
                    if isinstance(node, ast.ImportFrom) and not node.level and node.module]


def preload(gemeente: str = View().gemeente) -> None:
    """What the first visitor of the default page needs, loaded at server start (serve.py): the modules the router
    (app.py) and every page (views/*.py) import, plotly's template, the catalogue, the gemeente's observations and
    areas, the map geometry and the default map views of both levels, the years with figures and the files read
    (every page's first run asks for both), the program store's engine (the sidebar reads it) and the need data of
    /programmas' reach panel (ui.store.preload), and Streamlit's once-per-process check before its first element.

    Without the imports and the store the first session's script run took ~1 s longer than later ones on 2 cores
    (sqlalchemy and alembic through ui.auth, requests through ui.download, the store opened and seeded).

    Nothing here may keep the server from starting: missing or broken data is reported by the pages when they
    are opened, so a failure is only logged.
    """
    import importlib

    log = logging.getLogger(__name__)
    # PIL: Streamlit reads the page icon (app.py's set_page_config) with it
    views = sorted(str(path.relative_to(PROJECT_ROOT)) for path in (PROJECT_ROOT / "views").glob("*.py"))
    for name in dict.fromkeys(["PIL.Image", *_top_level_imports("app.py"),
                               *(name for view_script in views for name in _top_level_imports(view_script))]):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the page imports it again and reports the error there
            log.exception("preload: import %s failed", name)
    try:  # plotly builds a named template on its first use (~0.1 s): every figure takes plotly_white (charts/)
        import plotly.io

        plotly.io.templates["plotly_white"]
    except Exception:  # noqa: BLE001
        log.warning("preload: plotly's template could not be built", exc_info=True)
    v = View(gemeente=gemeente)
    try:
        gemeenten()
        city = city_name(gemeente, v.lang)
        for level in ("wijk", "buurt"):
            map_geometry(gemeente, level)
            map_view(gemeente, level, v.indicator, v.year, v.age, v.mode, "quantiles", v.lang, city)
        figures(gemeente)  # every page fits its view to the years with figures (ui.context): 25-110 ms
        source_files(gemeente)  # the sidebar's "data as of" on every page: ~50 ms
    except DataError as exc:
        log.warning("preload: %s", exc)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("preload failed; the pages load the data when asked")
    try:
        from ui import store

        store.preload()  # the program store opened once per process, and /programmas' need data
    except Exception:  # noqa: BLE001 - the pages that read the store say when it cannot be reached
        log.warning("preload: the program store or the need data could not be read", exc_info=True)
    try:  # Streamlit checks once per process, before the first element, whether it runs in a REPL (inspect.stack():
        # ~0.3 s with this app's modules loaded); done here, not in the first visitor's run. Private API: skipped if gone.
        from streamlit import delta_generator, runtime

        if runtime.exists():
            getattr(delta_generator, "_maybe_print_use_warning", lambda: None)()
    except Exception:  # noqa: BLE001
        log.warning("preload: Streamlit's first-element check failed", exc_info=True)