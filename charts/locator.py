"""A small locator map as inline SVG: where an area lies in its city (the profile page).

The browser draws it with the page's HTML: no map library to load and no WebGL context to create (deck.gl took
the profile's first chart past a second in headless Chromium). An equirectangular projection scaled by the cosine
of the latitude is exact enough at a city's scale. Input: `geo.layers.polygon_records` (one record per polygon part,
rings of [lon, lat]).
"""
from __future__ import annotations

import base64
import html
import math
from collections.abc import Iterable, Sequence

RGB = Sequence[int]


def _bounds(records: Sequence[dict]) -> tuple[float, float, float, float]:
    points = [p for r in records for ring in r["polygon"] for p in ring]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _path(rings: Iterable[Sequence[Sequence[float]]], project) -> str:
    return " ".join("M" + "L".join("{:.1f},{:.1f}".format(*project(p)) for p in ring) + "Z" for ring in rings)


def locator_svg(records: Sequence[dict], highlight: set[str], outlined: Sequence[dict], fill: RGB, other: RGB,
                line: RGB, outline: RGB, height: int = 300, outline_px: float = 3.0) -> str:
    """The areas, `highlight` filled with `fill` and the rest with `other` (thin `line` borders), and the polygon
    records `outlined` (e.g. the wijk a buurt lies in) drawn on top with a bold `outline`."""
    if not records:
        return ""
    minx, miny, maxx, maxy = _bounds(records)
    k = math.cos(math.radians((miny + maxy) / 2))
    scale = height / max(maxy - miny, 1e-9)
    width = max((maxx - minx) * k * scale, 1.0)

    def project(p: Sequence[float]) -> tuple[float, float]:
        return (p[0] - minx) * k * scale, (maxy - p[1]) * scale

    def rgb(colour: RGB) -> str:
        return "rgb({},{},{})".format(*colour[:3])

    shapes = [f'<path d="{_path(r["polygon"], project)}" fill="{rgb(fill if r["code"] in highlight else other)}"/>'
              for r in records]
    bold = [f'<path d="{_path(r["polygon"], project)}"/>' for r in outlined]
    pad = outline_px
    return (f'<svg xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="{-pad:.0f} {-pad:.0f} {width + 2 * pad:.0f} {height + 2 * pad:.0f}" '
            f'width="{width + 2 * pad:.0f}" height="{height + 2 * pad:.0f}">'
            f'<g fill-rule="evenodd" stroke="{rgb(line)}" stroke-width="0.8">{"".join(shapes)}</g>'
            f'<g fill="none" stroke="{rgb(outline)}" stroke-width="{outline_px}" stroke-linejoin="round">'
            f'{"".join(bold)}</g></svg>')


def as_img(svg: str, alt: str, height: int = 300) -> str:
    """The SVG as an <img> with a data URI and `alt` text: st.html's sanitiser keeps HTML only (no inline <svg>)."""
    data = base64.b64encode(svg.encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt)}" '
            f'style="display:block;width:100%;height:auto;max-height:{height}px;object-fit:contain">')
