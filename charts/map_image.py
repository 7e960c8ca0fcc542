"""The choropleth as a plotly figure: one builder for the map on /presentatie and in every export (PNG, PPTX, PDF).

No basemap and no web tiles (a projector at a venue may have no internet): every area is a filled polygon
(`go.Scatter(fill="toself")`) in lon/lat with an equal-distance aspect ratio. The legend (the classes of
`geo.classify.legend_entries`, grey hatched "geen gegevens"), the focus-area outline and the source line are part
of the figure, so a PNG of it stands on its own.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import geopandas as gpd
import plotly.graph_objects as go
import shapely

from charts.markup import line_count
from geo.classify import MISSING_RGB

RGB = tuple[int, int, int]
WIDTH, HEIGHT = 1280, 720  # logical size; exports render it at scale 1.5 (1920 × 1080)
FONT = "Source Sans Pro, DejaVu Sans, Arial, sans-serif"
OUTLINE = "#ffffff"
FOCUS_COLOUR = "#141414"
MAP_SHARE = 0.66  # share of the width for the map; the legend takes the rest


def _rgb(colour: RGB) -> str:
    return f"rgb({colour[0]},{colour[1]},{colour[2]})"


def _rings(geom: shapely.Geometry) -> list[tuple[list[float], list[float]]]:
    """The exterior ring of every polygon part (holes are filled by the areas drawn inside them)."""
    parts = getattr(geom, "geoms", [geom])
    rings = []
    for part in parts:
        if isinstance(part, shapely.Polygon) and not part.is_empty:
            xs, ys = part.exterior.coords.xy
            rings.append((list(xs), list(ys)))
    return rings


def _joined(rings: Sequence[tuple[list[float], list[float]]]) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for rx, ry in rings:
        xs += [round(x, 5) for x in rx] + [None]
        ys += [round(y, 5) for y in ry] + [None]
    return xs, ys


def map_figure(areas: gpd.GeoDataFrame, colours: Mapping[str, RGB], legend: Sequence[tuple[RGB, str]], *,
               source: str, legend_title: str = "", title: str = "", subtitle: str = "",
               focus: Iterable[str] = (), focus_label: str = "", labels: Mapping[str, str] | None = None,
               hover: Mapping[str, str] | None = None,
               width: int = WIDTH, height: int = HEIGHT, font_size: int = 17) -> go.Figure:
    """A choropleth of `areas` (code, name, geometry in EPSG:4326) coloured by `colours` (code -> RGB).

    - `legend`: (colour, label) per class, lowest first, as `geo.classify.legend_entries` gives them;
    - `focus`: codes drawn with a bold dark outline (a second signal besides colour), named `focus_label`;
    - `labels`: code -> text written on the area (e.g. the focus areas' names);
    - `hover`: code -> tooltip text (plain text; newlines become line breaks);
    - areas without a colour, or with the "missing" grey, are grey and hatched.
    """
    fig = go.Figure()
    frame = areas.assign(_size=shapely.area(areas.geometry.values)).sort_values("_size", ascending=False)  # enclaves on top
    for code, name, geom in zip(frame["code"], frame["name"], frame.geometry):
        colour = tuple(colours.get(code, MISSING_RGB))
        missing = colour == tuple(MISSING_RGB)
        xs, ys = _joined(_rings(geom))
        if not xs:
            continue
        text = (hover or {}).get(code, name).replace("\n", "<br>")
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=_rgb(colour),  # type: ignore[arg-type]
            fillpattern={"shape": "/", "fgcolor": "#ffffff", "bgcolor": _rgb(colour), "size": 8} if missing else None,
            line={"color": OUTLINE, "width": 0.8}, hoveron="fills", hoverinfo="text", text=text, name=name,
            showlegend=False,
        ))
    focus = [c for c in focus if c in set(frame["code"])]
    if focus:
        rings = [r for geom in frame.loc[frame["code"].isin(focus)].geometry for r in _rings(geom)]
        xs, ys = _joined(rings)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": FOCUS_COLOUR, "width": 3.2},
                                 hoverinfo="skip", name=focus_label or "focus", showlegend=bool(focus_label),
                                 legendrank=2000))
    for n, (colour, label) in enumerate(legend):
        missing = tuple(colour) == tuple(MISSING_RGB)
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=label, legendrank=1000 + n, hoverinfo="skip",
            marker={"symbol": "square-x" if missing else "square", "size": font_size + 6, "color": _rgb(colour),
                    "line": {"color": "#ffffff" if missing else "#555555", "width": 1.5 if missing else 0.8}},
        ))
    label_notes = []
    if labels:  # names on a white box: readable on the darkest class too
        for code, geom in zip(frame["code"], frame.geometry):
            if code in labels:
                point = geom.representative_point()
                label_notes.append({"text": f"<b>{labels[code]}</b>", "x": point.x, "y": point.y, "xref": "x",
                                    "yref": "y", "showarrow": False, "bgcolor": "rgba(255,255,255,0.85)",
                                    "borderpad": 2, "font": {"size": font_size - 3, "color": "#111111"}})
    minx, miny, maxx, maxy = frame.total_bounds if len(frame) else (4.2, 52.0, 4.4, 52.1)
    ratio = 1 / max(math.cos(math.radians((miny + maxy) / 2)), 0.1)  # a degree of latitude is longer
    pad_x, pad_y = (maxx - minx) * 0.02, (maxy - miny) * 0.02
    top = 70 if title else 20
    if subtitle:
        top += 26
    source_lines = line_count(source)
    fig.update_layout(
        width=width, height=height, plot_bgcolor="#ffffff", paper_bgcolor="#ffffff",
        font={"family": FONT, "size": font_size, "color": "#222222"},
        margin={"l": 10, "r": 10, "t": top, "b": 24 + 22 * source_lines},
        legend={"title": {"text": f"<b>{legend_title}</b>" if legend_title else ""}, "x": MAP_SHARE + 0.02,
                "xanchor": "left", "y": 0.5, "yanchor": "middle", "font": {"size": font_size},
                "itemsizing": "constant", "traceorder": "normal", "bgcolor": "rgba(255,255,255,0)"},
        hoverlabel={"font": {"size": font_size - 2}}, dragmode=False,
        xaxis={"domain": [0, MAP_SHARE], "visible": False, "range": [minx - pad_x, maxx + pad_x],
               "fixedrange": True},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": ratio, "range": [miny - pad_y, maxy + pad_y],
               "fixedrange": True, "constrain": "domain"},
        annotations=[{"text": source, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -12,
                      "xanchor": "left", "yanchor": "top", "showarrow": False, "align": "left",
                      "font": {"size": font_size - 4, "color": "#444444"}}, *label_notes],
    )
    if title:
        head: dict = {"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
                      "yref": "container", "font": {"size": font_size + 9}}
        if subtitle:
            head["subtitle"] = {"text": subtitle, "font": {"size": font_size, "color": "#555555"}}
        fig.update_layout(title=head)
    return fig
