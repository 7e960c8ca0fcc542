"""Boundaries of a gemeente's wijken and buurten: read, name, simplify (shared borders stay shared)."""
from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Iterable
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely
from pyogrio.errors import DataSourceError

from indicators.sources import DataError, DataFileError, DataMissingError, downloaded_files, find_files, missing_message

Level = Literal["wijk", "buurt"]
LEVELS: tuple[Level, ...] = ("wijk", "buurt")
DEFAULT_GEMEENTE = "GM0518"
BOUNDARY_YEAR_2015 = 2015
# ~5 m at Den Haag's latitude: invisible on a city map, removes most vertices of the 5 % mapshaper output.
SIMPLIFY_TOLERANCE_DEG = 0.00005
GEMEENTE_CODE = re.compile(r"GM\d{4}")

_COLUMNS = {  # level -> (code column, name column, parent column)
    "gemeente": ("GM_CODE", "GM_NAAM", None),
    "wijk": ("WK_CODE", "WK_NAAM", "GM_CODE"),
    "buurt": ("BU_CODE", "BU_NAAM", "WK_CODE"),
}


class UnknownGemeenteError(DataMissingError):
    pass


def clean_name(name: str) -> str:
    """CBS wijk names carry a number prefix ("Wijk 36 Moerwijk"): strip it."""
    return re.sub(r"^Wijk\s+\d+\s+", "", str(name)).strip()


def read_boundary_file(path: Path, level: str, gemeente: str) -> gpd.GeoDataFrame:
    """One boundary file, filtered to the gemeente: `code, name, level, parent_code, geometry` (EPSG:4326)."""
    code_col, name_col, parent_col = _COLUMNS[level]
    try:
        raw = gpd.read_file(path, engine="pyogrio")
    except (DataSourceError, ValueError, OSError) as exc:
        raise DataFileError(path, f"cannot be read as GeoJSON (truncated or corrupt?): {exc}") from exc
    needed = [c for c in (code_col, name_col, parent_col, "GM_CODE") if c]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise DataFileError(path, f"missing column(s) {', '.join(missing)} for {level} boundaries")
    raw = raw[raw["GM_CODE"] == gemeente]
    empty = raw.geometry.isna() | raw.geometry.is_empty
    if empty.any():
        codes = ", ".join(raw.loc[empty, code_col].astype(str).head(5))
        raise DataFileError(path, f"{int(empty.sum())} {level} area(s) without a geometry (null or empty): {codes}")
    year = int(raw["JAAR"].iloc[0]) if "JAAR" in raw.columns and len(raw) else BOUNDARY_YEAR_2015
    frame = gpd.GeoDataFrame(
        {
            "code": raw[code_col].astype(str).str.strip(),
            "name": raw[name_col].map(clean_name),
            "level": level,
            "parent_code": raw[parent_col].astype(str).str.strip() if parent_col else None,
        },
        geometry=raw.geometry.values,
        crs=raw.crs or "EPSG:4326",
    ).to_crs("EPSG:4326")
    frame.attrs["year"] = year
    frame.attrs["path"] = str(path)
    return frame.sort_values("code").reset_index(drop=True)


def simplify_coverage(frame: gpd.GeoDataFrame, tolerance: float = SIMPLIFY_TOLERANCE_DEG) -> gpd.GeoDataFrame:
    """Simplify all polygons together so neighbours keep one shared border (no slivers or gaps)."""
    out = frame.copy()
    out.geometry = shapely.coverage_simplify(shapely.make_valid(frame.geometry.values), tolerance)
    out.attrs = dict(frame.attrs)
    return out


def known_gemeenten(level: str = "wijk") -> list[str]:
    codes: set[str] = set()
    for path in find_files(f"boundaries_{level}", DEFAULT_GEMEENTE):
        try:
            codes |= set(gpd.read_file(path, engine="pyogrio", columns=["GM_CODE"])["GM_CODE"].astype(str))
        except (DataSourceError, ValueError, OSError, KeyError):
            continue
    return sorted(codes)


def read_areas(gemeente: str = DEFAULT_GEMEENTE, level: str = "wijk") -> gpd.GeoDataFrame:
    """The first boundary file in the search order that holds the gemeente, simplified."""
    if not GEMEENTE_CODE.fullmatch(gemeente):
        raise UnknownGemeenteError(f"{gemeente!r} is not a gemeente code: expected GM and four digits, e.g. GM0518.")
    paths = find_files(f"boundaries_{level}", gemeente)
    if not paths:
        raise DataMissingError(missing_message(f"boundaries_{level}", gemeente))
    for path in paths:
        frame = read_boundary_file(path, level, gemeente)
        if len(frame):
            try:
                return simplify_coverage(frame)
            except (shapely.errors.GEOSException, ValueError, TypeError) as exc:  # a broken polygon
                raise DataFileError(path, f"its {level} polygons cannot be simplified together ({exc})") from exc
    raise UnknownGemeenteError(
        f"Gemeente {gemeente} is not in the boundary files ({', '.join(str(p) for p in paths)}). "
        f"Available: {', '.join(known_gemeenten(level)) or 'none'}. "
        f"Download it with `python -m indicators.refresh --gemeente {gemeente}`."
    )


def area_names(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["code"], frame["name"]))


def wijk_buurt_names(gemeenten: Iterable[str]) -> dict[str, str]:
    """Code -> name of these gemeenten's wijken and buurten; a gemeente without readable boundaries adds none."""
    names: dict[str, str] = {}
    for gemeente in gemeenten:
        for level in ("wijk", "buurt"):
            try:
                names.update(area_names(read_areas(gemeente, level)))
            except DataError:
                pass
    return names


def gemeente_names() -> dict[str, str]:
    """Gemeenten that have boundaries here (and every downloaded one), code -> CBS name (first file wins)."""
    names: dict[str, str] = {}
    paths = [*find_files("boundaries_gemeente", DEFAULT_GEMEENTE), *downloaded_files("boundaries_gemeente")]
    for path in dict.fromkeys(paths):
        try:
            frame = gpd.read_file(path, engine="pyogrio", columns=["GM_CODE", "GM_NAAM"], ignore_geometry=True)
        except (DataSourceError, ValueError, OSError, KeyError):
            continue
        for code, name in zip(frame["GM_CODE"], frame["GM_NAAM"]):
            names.setdefault(str(code), str(name))
    return names
