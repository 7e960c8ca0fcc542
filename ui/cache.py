"""Cached loaders for the pages: read once per process, shared read-only by every session.

`st.cache_resource` (not `cache_data`) because the frames are large and never mutated: no copy per rerun.
The search directories are part of the key, so a changed WIJKDASHBOARD_DATA_DIR is picked up.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.boundaries import gemeente_names, read_areas
from geo.layers import polygon_records
from indicators.observations import build_observations
from indicators.sources import search_dirs
from geo.areas import focus_area_codes
from ui.i18n import t


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


def polygon_records_for(gemeente: str, level: str) -> list[dict]:
    return _records(gemeente, level, _dirs_key())


def observations(gemeente: str) -> pd.DataFrame:
    return _observations(gemeente, _dirs_key())


@st.cache_resource(show_spinner=False)
def _gemeenten(dirs: tuple[str, ...]) -> dict[str, str]:
    return gemeente_names()


def gemeenten() -> dict[str, str]:
    return _gemeenten(_dirs_key())


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
    """'Den Haag' / 'The Hague' for GM0518 (CBS calls it 's-Gravenhage), else the CBS name."""
    return t("den_haag", lang) if gemeente == "GM0518" else gemeenten().get(gemeente, gemeente)
