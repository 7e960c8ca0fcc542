"""The choropleth maps (the map page's, /vergelijk's bivariate map) as a small Streamlit component; the geometry
reaches the browser once.

`st.pydeck_chart` sends the whole deck (geometry, colours, tooltips) on every rerun. Here:
- `publish_geometry` writes the trimmed polygons once per process into Streamlit's static folder (`static/geo/`,
  git-ignored: the file derives from the mirrored boundaries), under a content-hashed name, so the browser fetches
  and caches it once per URL;
- `colour_payload` turns a map model into what a rerun sends: per-area class numbers in the geometry's area order,
  the class palette, and the tooltips as a table of unique lines plus the line numbers of each area;
- `area_map` draws it and returns `{"code", "t"}` of the last clicked area.

The frontend (`frontend/index.html`, `frontend/areamap.js`) is plain JavaScript without dependencies or a build
step: it speaks Streamlit's component protocol itself and draws on a 2D canvas (pan, zoom, tooltip, click).
The mouse wheel scrolls the page; the map zooms with ctrl/⌘+wheel, a pinch or its +/−/reset buttons. Lines keep
their width on screen at every zoom; the selected area's mark (magenta on a white casing, a colour in none of
the map's scales) is drawn above the focus outlines, and the legend names both (views/kaart_panels.legend_html).
WebGL (deck.gl) was tried first: on machines without a GPU (headless test browsers, projector laptops) the
browser reads the WebGL canvas back on every frame, ~90 ms per indicator change on 2 cores; the 2D canvas draws
Den Haag's buurten in a few milliseconds (/vergelijk's bivariate map on deck.gl was a 2-3 s task in a fresh
tab). The profile's locator map and the basemap option stay on pydeck.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from geo.classify import MISSING_RGB, SMALL_RGB, class_index
from geo.layers import CASING_RGB, FOCUS_RGB, SELECTED_RGB
from texts.i18n import t
from ui.components.static_files import publish, static_serving

GEO_SUBDIR = "geo"
Note = tuple[float, float, str]  # a text written on the map at (longitude, latitude)
FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
SCALE = 100_000  # 1e-5 degree (~1 m), the precision geo.layers.COORD_DECIMALS already rounds to


@dataclass(frozen=True)
class MapGeometry:
    """A published geometry file: its URL on the static route and the area order the payloads follow."""

    url: str  # relative to the server root, e.g. "app/static/geo/GM0518_buurt-1a2b3c4d5e6f.json"
    path: Path
    data: str = field(repr=False)  # the file's JSON, sent inline only when static serving is off
    codes: tuple[str, ...] = ()
    n_parts: int = 0
    n_bytes: int = 0


def _delta_ring(ring: Sequence[Sequence[float]]) -> list[int]:
    flat: list[int] = []
    px = py = 0
    for x, y in ring:
        ix, iy = round(x * SCALE), round(y * SCALE)
        flat += (ix - px, iy - py)
        px, py = ix, iy
    return flat


def geometry_json(records: Sequence[dict], focus_records: Sequence[dict] = ()) -> tuple[bytes, tuple[str, ...]]:
    """Compact JSON of polygon records ({code, name, polygon}): areas once, parts point at their area.

    Rings are integer deltas of 1e-5 degree: about half the bytes of decimal coordinates.
    """
    codes: list[str] = []
    names: list[str] = []
    index: dict[str, int] = {}
    owner: list[int] = []
    parts: list[list[list[int]]] = []
    for record in records:
        code = record["code"]
        if code not in index:
            index[code] = len(codes)
            codes.append(code)
            names.append(record["name"])
        owner.append(index[code])
        parts.append([_delta_ring(ring) for ring in record["polygon"]])
    focus = [[_delta_ring(ring) for ring in r["polygon"]] for r in focus_records]
    body = {"codes": codes, "names": names, "owner": owner, "parts": parts, "focus": focus}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(), tuple(codes)


def publish_geometry(name: str, records: Sequence[dict], focus_records: Sequence[dict] = (),
                     static_dir: Path | None = None) -> MapGeometry:
    """Write the geometry file (atomically, content-hashed) unless it is there already."""
    data, codes = geometry_json(records, focus_records)
    url, path = publish(GEO_SUBDIR, name, ".json", data, static_dir)
    return MapGeometry(url, path, data.decode(), codes, len(records), len(data))


def _hex(rgb: Sequence[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in rgb[:3]))


# The lines over the areas, as geo.layers draws them on the basemap option's pydeck map.
FOCUS_COLOUR, SELECTED_COLOUR, SELECTED_CASING = _hex(FOCUS_RGB), _hex(SELECTED_RGB), _hex(CASING_RGB)
STYLE = {"focus": FOCUS_COLOUR, "selected": SELECTED_COLOUR, "casing": SELECTED_CASING}


def colour_payload(frame: pd.DataFrame, classes, codes: Sequence[str], small: Collection[str] = ()
                   ) -> dict[str, Any]:
    """What a rerun sends for a map model (frame with code, shown, tooltip; classes): in `codes` order. `small`:
    areas whose figure is withheld as '<5', in a class of their own (SMALL_RGB, after the scale), never grey."""
    colours = list(classes.colours if classes is not None else ())
    idx = class_index(frame["shown"], classes)
    numbers = {code: len(colours) if code in small else -1 if math.isnan(i) else int(i)
               for code, i in zip(frame["code"], idx)}
    palette = [_hex(c) for c in colours] + ([_hex(SMALL_RGB)] if small else []) + [_hex(MISSING_RGB)]
    return class_payload(numbers, dict(zip(frame["code"], frame["tooltip"])), palette, codes)


def class_payload(classes: Mapping[str, int], tooltips: Mapping[str, str], palette: Sequence[str],
                  codes: Sequence[str]) -> dict[str, Any]:
    """A class number per area (-1 or missing: no data, grey) and its tooltip, as a rerun sends them: in `codes` order.

    `palette`: the class colours as hex, then grey. `lines`: the unique tooltip lines, `tips`: per area the numbers
    of its lines, `colour_key`: a hash of all of it (the frontend stamps it when drawn).
    """
    lines: dict[str, int] = {}
    out_classes: list[int] = []
    tips: list[list[int]] = []
    for code in codes:
        out_classes.append(classes.get(code, -1))
        tip = tooltips.get(code, "")
        tips.append([lines.setdefault(line, len(lines)) for line in tip.split("\n")] if tip else [])
    payload = {"palette": list(palette), "classes": out_classes, "lines": list(lines), "tips": tips}
    payload["colour_key"] = hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()[:12]
    return payload


def map_args(geometry: MapGeometry, colours: dict[str, Any], *, selected: str | None, focus: bool, height: int,
             alt: str, lang: str, labels: dict[str, str] | None = None, notes: Sequence[Note] = (),
             clickable: bool = True, inline: bool = False) -> dict[str, Any]:
    """Everything the component gets on a rerun (the benchmarks measure its size).

    `labels`: the texts of the zoom buttons and the wheel hint (zoom_in, zoom_out, zoom_reset, zoom_hint).
    `notes`: texts written on the map at (longitude, latitude), e.g. "geen gegevens" inside grey areas.
    `clickable`: False for a map whose clicks mean nothing (no pointer cursor, no value sent).
    `inline`: the geometry itself rides along on every rerun, for a server without static serving (a config
    without `server.enableStaticServing`); the URL then only identifies it.
    """
    args = {"geometry": geometry.url, "selected": selected, "focus": focus, "height": height, "alt": alt,
            "lang": lang, "labels": labels or {}, "style": STYLE, "notes": [list(n) for n in notes],
            "clickable": clickable, **colours}
    if inline:
        args["geometry_inline"] = geometry.data
    return args


def area_map(geometry: MapGeometry, colours: dict[str, Any], *, selected: str | None, focus: bool, height: int,
             alt: str, lang: str, key: str, notes: Sequence[Note] = (), clickable: bool = True) -> dict | None:
    """Draw the map; returns {"code": ..., "t": ...} of the last click (t differs per click), or None."""
    import streamlit.components.v1 as components

    inline = not static_serving()
    if inline:
        _warn_inline()
    # Declared on every run: a component is registered only with the runtime of a running script, and a test
    # process starts several runtimes (AppTest) that import this module once.
    component = components.declare_component("areamap", path=str(FRONTEND_DIR))
    return component(key=key, default=None, **map_args(geometry, colours, selected=selected, focus=focus,
                                                       height=height, alt=alt, lang=lang, labels=zoom_labels(lang),
                                                       notes=notes, clickable=clickable, inline=inline))


def zoom_labels(lang: str) -> dict[str, str]:
    """The zoom buttons' names and the wheel hint, in the page's language."""
    return {key: t(key, lang) for key in ("zoom_in", "zoom_out", "zoom_reset", "zoom_hint")}


@functools.cache
def _warn_inline() -> None:
    logging.getLogger(__name__).warning(
        "server.enableStaticServing is off (.streamlit/config.toml not read? run from the project folder): the "
        "map sends its geometry on every rerun instead of once.")
