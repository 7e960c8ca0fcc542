"""Download the CBS/Kadaster Wijk- en Buurtkaart for one gemeente from PDOK's WFS, as GeoJSON.

Properties are renamed to the short names `geo.boundaries` reads (`GM_CODE`, `WK_NAAM`, `BU_CODE`, ...) plus
`JAAR`, the map year. Water features (`water` = "JA") are dropped by default, like the mirrored 2015 map.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import requests

from indicators.odata import Download, DownloadError, OnPage, get_json, make_session, record_freshness
from indicators.sources import DATASETS, cache_dir

WFS_URL = "https://service.pdok.nl/cbs/wijkenbuurten/{year}/wfs/v1_0"
DEFAULT_YEAR = 2023
PAGE_SIZE = 1000
MAX_PAGES = 100
# layer -> DATASETS key of the file it is written to
LAYERS: dict[str, str] = {"wijken": "boundaries_wijk", "buurten": "boundaries_buurt",
                          "gemeenten": "boundaries_gemeente"}
RENAME: dict[str, str] = {
    "gemeentecode": "GM_CODE", "gemeentenaam": "GM_NAAM", "wijkcode": "WK_CODE", "wijknaam": "WK_NAAM",
    "buurtcode": "BU_CODE", "buurtnaam": "BU_NAAM", "water": "WATER",
}
FIRST = ("GM_CODE", "GM_NAAM", "WK_CODE", "WK_NAAM", "BU_CODE", "BU_NAAM", "JAAR")


def gemeente_filter(gemeente: str) -> str:
    """FES 2.0 filter on `gemeentecode` (this WFS ignores CQL_FILTER)."""
    return ('<fes:Filter xmlns:fes="http://www.opengis.net/fes/2.0"><fes:PropertyIsEqualTo>'
            f"<fes:ValueReference>gemeentecode</fes:ValueReference><fes:Literal>{gemeente}</fes:Literal>"
            "</fes:PropertyIsEqualTo></fes:Filter>")


def fetch_features(layer: str, gemeente: str, session: requests.Session, year: int = DEFAULT_YEAR,
                   page_size: int = PAGE_SIZE, on_page: OnPage | None = None) -> list[dict[str, Any]]:
    """All features of a layer (`wijken`, `buurten`, `gemeenten`) in the gemeente, paged by count/startIndex."""
    url = WFS_URL.format(year=year)
    features: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        params = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
                  "typeName": f"wijkenbuurten:{layer}", "outputFormat": "application/json",
                  "srsName": "EPSG:4326", "filter": gemeente_filter(gemeente),
                  "count": page_size, "startIndex": len(features)}
        body = get_json(session, url, params)
        page = body.get("features") if isinstance(body, dict) else None
        if not isinstance(page, list):
            raise DownloadError(url, f"unexpected response for {layer}: no 'features' list")
        if on_page:
            on_page(f"pdok {layer}")
        features.extend(page)
        matched = body.get("numberMatched")
        if len(page) < page_size or (isinstance(matched, int) and len(features) >= matched):
            return features
    raise DownloadError(url, f"more than {MAX_PAGES} pages for {layer}")


def _swap(coords: Any) -> Any:
    if coords and isinstance(coords[0], (int, float)):
        return [coords[1], coords[0], *coords[2:]]
    return [_swap(c) for c in coords]


def _first_position(coords: Any) -> list[float] | None:
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    return coords if isinstance(coords, list) and len(coords) >= 2 else None


def lon_lat(feature: dict[str, Any]) -> dict[str, Any]:
    """Guard against lat/lon axis order (EPSG:4326 in WFS 2.0): for the Netherlands lon < 8 < 50 < lat."""
    geometry = feature.get("geometry") or {}
    first = _first_position(geometry.get("coordinates"))
    if first and first[0] > 45 and first[1] < 10:
        geometry = {**geometry, "coordinates": _swap(geometry["coordinates"])}
    return {**feature, "geometry": geometry}


def normalise_feature(feature: dict[str, Any], year: int) -> dict[str, Any]:
    """Rename PDOK properties to the map's short names, strip codes, add `JAAR`; other properties stay."""
    props = {RENAME.get(k, k): (v.strip() if isinstance(v, str) else v)
             for k, v in (feature.get("properties") or {}).items()}
    props["JAAR"] = year
    ordered = {k: props.pop(k) for k in FIRST if k in props}
    return {"type": "Feature", "properties": {**ordered, **props}, "geometry": lon_lat(feature)["geometry"]}


def write_geojson(features: list[dict[str, Any]], path: Path, name: str) -> None:
    """Write a FeatureCollection (EPSG:4326) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps({"type": "FeatureCollection", "name": name, "features": features},
                              ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def download_boundaries(gemeente: str, dest: Path | None = None, session: requests.Session | None = None,
                        year: int = DEFAULT_YEAR, layers: tuple[str, ...] = ("wijken", "buurten", "gemeenten"),
                        keep_water: bool = False, on_page: OnPage | None = None) -> dict[str, Download]:
    """Download the layers for a gemeente to `dest` (default `cache_dir()`) under their DATASETS names."""
    dest = dest or cache_dir()
    session = session or make_session()
    written: dict[str, Download] = {}
    wijk_names: dict[str, str] = {}
    for layer in layers:
        raw = fetch_features(layer, gemeente, session, year, on_page=on_page)
        features = [normalise_feature(f, year) for f in raw]
        if not keep_water:
            features = [f for f in features if str(f["properties"].get("WATER", "NEE")).upper() != "JA"]
        if not features:
            raise DownloadError(WFS_URL.format(year=year), f"no {layer} found for {gemeente}")
        if layer == "wijken":
            wijk_names = {f["properties"].get("WK_CODE", ""): f["properties"].get("WK_NAAM", "") for f in features}
        elif layer == "buurten" and wijk_names:  # buurten carry only the wijk code
            for f in features:
                f["properties"].setdefault("WK_NAAM", wijk_names.get(f["properties"].get("WK_CODE", ""), ""))
        name = DATASETS[LAYERS[layer]].candidates[0].format(gemeente=gemeente)
        write_geojson(features, dest / name, f"{layer}_{gemeente}_{year}")
        record_freshness(dest, name, {"table": f"PDOK wijkenbuurten {year} {layer}", "modified": None,
                                      "year": year, "rows": len(features)})
        written[layer] = Download(dest / name, len(features), None)
    return written
