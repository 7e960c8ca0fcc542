"""pydeck map layers: polygons with trimmed coordinates, built once per level; colours per view."""
from __future__ import annotations

import json
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

COORD_DECIMALS = 5  # ~1 m: more is invisible on a city map and only costs bytes
AREA_LAYER_ID = "areas"
FOCUS_LAYER_ID = "focus"
OUTLINE_RGB = [255, 255, 255]
# pydeck turns string props into accessors, so `line_width_units="pixels"` breaks the layer: widths are in metres
# with a minimum and a maximum in pixels instead, so a line keeps its width on screen at every zoom.
LINE_M = 1
FOCUS_PX, SELECTED_PX, CASING_PX = 3, 3.5, 8
FOCUS_RGB = [20, 20, 20]  # focus areas: a dark outline
# The selected area: magenta on a white casing, a colour in none of the map's scales (geo.classify), drawn above the
# focus outlines. The map component (ui.components.areamap) draws it with the same colours.
SELECTED_RGB = [212, 0, 122]
CASING_RGB = [255, 255, 255]
SELECTED_LAYER_ID = "selected"


def _rings(polygon: shapely.Polygon) -> list[list[list[float]]]:
    rings = [polygon.exterior, *polygon.interiors]
    return [np.round(np.asarray(r.coords)[:, :2], COORD_DECIMALS).tolist() for r in rings]


def polygon_records(frame: gpd.GeoDataFrame) -> list[dict]:
    """One record per polygon part: {code, name, polygon}. MultiPolygons become several records."""
    records = []
    for code, name, geom in zip(frame["code"], frame["name"], frame.geometry):
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            if isinstance(part, shapely.Polygon) and not part.is_empty:
                records.append({"code": code, "name": name, "polygon": _rings(part)})
    return records


def view_state(frame: gpd.GeoDataFrame, width_px: int = 520, height_px: int = 540) -> pdk.ViewState:
    """Centre on the areas and zoom so they fill a map of about this size (deck.gl: 512·2^z px per 360°)."""
    minx, miny, maxx, maxy = frame.total_bounds
    lat = (miny + maxy) / 2
    span_x = max(maxx - minx, 1e-6)
    span_y = max((maxy - miny) / np.cos(np.radians(lat)), 1e-6)
    zoom = min(np.log2(width_px * 360 / (512 * span_x)), np.log2(height_px * 360 / (512 * span_y))) + 0.2
    return pdk.ViewState(longitude=(minx + maxx) / 2, latitude=lat, zoom=float(np.clip(zoom, 3, 15)), pitch=0,
                         bearing=0)


def choropleth_layer(records: Sequence[dict], colours: dict[str, Sequence[int]], tooltips: dict[str, str]
                     ) -> pdk.Layer:
    data = [{**r, "fill": [*colours[r["code"]], 215], "tt": tooltips[r["code"]]} for r in records]
    return pdk.Layer(
        "PolygonLayer", id=AREA_LAYER_ID, data=data, get_polygon="polygon", get_fill_color="fill",
        get_line_color=OUTLINE_RGB, get_line_width=LINE_M, line_width_min_pixels=1, line_width_max_pixels=1,
        stroked=True, filled=True, pickable=True, auto_highlight=True, highlight_color=[0, 0, 0, 60],
    )


def _lines(layer_id: str, records: Sequence[dict], rgb: Sequence[int], px: float) -> pdk.Layer:
    return pdk.Layer(
        "PolygonLayer", id=layer_id, data=[{"polygon": r["polygon"]} for r in records], get_polygon="polygon",
        filled=False, stroked=True, get_line_color=list(rgb), get_line_width=LINE_M, line_width_min_pixels=px,
        line_width_max_pixels=px, pickable=False,
    )


def outline_layer(records: Sequence[dict]) -> pdk.Layer:
    """Bold outlines (focus areas): a second signal besides colour."""
    return _lines(FOCUS_LAYER_ID, records, FOCUS_RGB, FOCUS_PX)


def selected_layers(records: Sequence[dict], code: str | None) -> list[pdk.Layer]:
    """The selected area's mark: a white casing and a magenta line, to go above the focus outlines."""
    parts = [r for r in records if r["code"] == code]
    if not parts:
        return []
    return [_lines(f"{SELECTED_LAYER_ID}_casing", parts, CASING_RGB, CASING_PX),
            _lines(SELECTED_LAYER_ID, parts, SELECTED_RGB, SELECTED_PX)]


def deck(layers: list[pdk.Layer], state: pdk.ViewState, basemap: bool = False) -> "CompactDeck":
    """No basemap by default: the map must work offline on a projector."""
    style = {"map_provider": "carto", "map_style": "light"} if basemap else {"map_provider": None}
    return CompactDeck(
        layers=layers, initial_view_state=state, **style,
        tooltip={"text": "{name}\n{tt}", "style": {"whiteSpace": "pre-line", "fontSize": "13px"}},
    )


class CompactDeck(pdk.Deck):
    """pydeck pretty-prints its JSON (indent=2); Streamlit sends `to_json()` as is, so send it compact."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
