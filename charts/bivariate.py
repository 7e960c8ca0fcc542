"""Bivariate 3×3 classes, colours and the square legend, and what the map component needs to draw them (pure).

Classes: tertiles of each indicator over the areas that have both values, oriented so that class 3 is the
*worse* third (for "higher is better" the lowest values; neutral indicators: the highest values). The dark
corner 3-3 is then "worse on both" — the double disadvantage the social–health gradient is about.
Areas missing either value get no class: grey, "geen gegevens".

Colours: biscale's "PurpleOr" 3×3 palette (Prener & Fox, R package biscale ≥ 1.0, `bi_pal("PurpleOr", dim = 3)`,
https://chris-prener.github.io/biscale/articles/bivariate_palettes.html). Chosen over the Stevens palettes
("DkBlue", "GrPink", "DkCyan", "Brown"): simulated with Machado et al. (2009) protanopia, deuteranopia and
tritanopia, DkBlue's nine colours come as close as ΔE*ab ≈ 4.5 (protan) and DkCyan/Brown ≈ 6-7 (tritan),
while every pair of PurpleOr colours stays ≥ 20 apart under all three (tests/test_compare.py checks ≥ 15).
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.classify import MISSING_RGB

K = 3
# biscale "PurpleOr", dim = 3: key "x-y", 1 = first (better) third, 3 = worst third.
PALETTE_HEX: dict[str, str] = {
    "1-1": "#d3d3d3", "2-1": "#d39c75", "3-1": "#d25601",
    "1-2": "#9283ac", "2-2": "#926160", "3-2": "#923601",
    "1-3": "#563787", "2-3": "#56284b", "3-3": "#551601",
}
MISSING_HEX = "#%02x%02x%02x" % MISSING_RGB


# The map component's palette (ui/components/areamap): the nine classes in PALETTE_HEX's order, then grey.
MAP_PALETTE: tuple[str, ...] = (*PALETTE_HEX.values(), MISSING_HEX)


@dataclass(frozen=True)
class Axis:
    """One indicator's tertile classes: (low, high) value range per class 1..3 (class 1 = better third)."""

    ranges: tuple[tuple[float, float], ...]
    reversed: bool  # True for "higher is better": class 1 holds the highest values


def worse_up(values: pd.Series, direction: str) -> pd.Series:
    """Values oriented so that higher = worse (neutral: higher = higher)."""
    return -values if direction == "higher_is_better" else values


def tertiles(values: pd.Series, direction: str, k: int = K) -> pd.Series:
    """Class 1..k per value (k = worst), equal-count by rank; ties share a class; missing stays NaN."""
    oriented = worse_up(values.astype(float), direction)
    ranks = oriented.rank(method="average", na_option="keep")  # ties: one class, by their mean rank
    n = int(oriented.notna().sum())
    if n == 0:
        return pd.Series(np.nan, index=values.index)
    return ((ranks - 1) * k // n + 1).astype(float)


def _axis(values: pd.Series, classes: pd.Series, direction: str) -> Axis:
    ranges = []
    for c in range(1, K + 1):
        inside = values[classes == c]
        ranges.append((float(inside.min()), float(inside.max())) if len(inside) else (math.nan, math.nan))
    return Axis(tuple(ranges), direction == "higher_is_better")


@dataclass(frozen=True)
class Bivariate:
    """`frame` has x_class, y_class (1..3 or NaN) and `cls` ('x-y' or None) per input row."""

    frame: pd.DataFrame
    x_axis: Axis
    y_axis: Axis


def bivariate_classes(x: pd.Series, y: pd.Series, x_direction: str, y_direction: str) -> Bivariate:
    """3×3 classes over the rows that have both values; the others get no class (grey, "geen gegevens")."""
    both = x.notna() & y.notna()
    xc = pd.Series(np.nan, index=x.index)
    yc = pd.Series(np.nan, index=x.index)
    xc[both] = tertiles(x[both], x_direction)
    yc[both] = tertiles(y[both], y_direction)
    cls = [f"{int(a)}-{int(b)}" if ok else None for a, b, ok in zip(xc, yc, both)]
    frame = pd.DataFrame({"x_class": xc, "y_class": yc, "cls": cls}, index=x.index)
    return Bivariate(frame, _axis(x[both], xc[both], x_direction), _axis(y[both], yc[both], y_direction))


def class_numbers(codes: list[str], classes: list[str | None]) -> dict[str, int]:
    """Each area's class as a position in MAP_PALETTE; -1 (grey, "geen gegevens") for an area without a class."""
    keys = list(PALETTE_HEX)
    return {code: keys.index(c) if isinstance(c, str) else -1 for code, c in zip(codes, classes)}


def legend_html(counts: dict[str, int], x_title: str, y_title: str, x_hint: str, y_hint: str, no_data: str,
                n_missing: int) -> str:
    """The square 3×3 legend as an HTML grid: worse on x to the right, worse on y upwards; counts per cell.

    Text next to the colours (axis titles, 'worse' arrows, counts) so colour is never the only signal.
    """
    cells = []
    for yk in (3, 2, 1):
        for xk in (1, 2, 3):
            key = f"{xk}-{yk}"
            light = key in ("1-1", "2-1", "1-2")
            cells.append(
                f'<div title="{key}" style="background:{PALETTE_HEX[key]};color:{"#222" if light else "#fff"};'
                f'display:flex;align-items:center;justify-content:center;font-size:12px;aspect-ratio:1">'
                f'{counts.get(key, 0)}</div>')
    grid = "".join(cells)
    esc = html.escape
    # The column beside the map is ~155 px on a beamer (1024 px, sidebar open): cells of a fixed 2.6em with the
    # vertical title beside them stood 5-20 px past it. The grid shrinks to the room the vertical title leaves
    # (square cells, at most 2.6em); the x title and the 'no data' line take the column's width under both, where
    # 'inkomensontvanger' fits (under the grid alone it broke mid-word).
    return (
        f'<div class="bivariate-legend" role="img" aria-label="{esc(x_title)} × {esc(y_title)}" '
        f'style="font-size:13px;line-height:1.25;max-width:100%;overflow-wrap:break-word">'
        f'<div style="display:flex;gap:.5em;align-items:stretch">'
        f'<div style="writing-mode:vertical-rl;transform:rotate(180deg);text-align:center;max-height:9em">'
        f'<strong>{esc(y_title)}</strong><br>{esc(y_hint)} →</div>'
        f'<div style="flex:1 1 auto;min-width:0;display:grid;grid-template-columns:repeat(3,minmax(0,2.6em));'
        f'align-content:start;gap:2px">{grid}</div></div>'
        f'<div style="margin-top:.3em;max-width:14em"><strong>{esc(x_title)}</strong><br>{esc(x_hint)} →</div>'
        f'<div style="margin-top:.4em;display:flex;align-items:center"><span style="flex:none;'
        f'width:1.1em;height:1.1em;background:{MISSING_HEX};border:1px solid #555;margin-right:.35em"></span>'
        f'<span style="min-width:0">{esc(no_data)} ({n_missing})</span></div></div>'
    )


def class_tooltips(frame: pd.DataFrame, x_axis: tuple[str, Callable[[float], str]],
                   y_axis: tuple[str, Callable[[float], str]], class_text: Callable[[str], str],
                   no_data: str) -> dict[str, str]:
    """Each area's tooltip (by code): both values under their axis titles, then its class (or `no_data`).
    `frame` has code, x, y and cls; an axis is (title, value formatter)."""
    (x_title, fmt_x), (y_title, fmt_y) = x_axis, y_axis
    return {row.code: "\n".join([f"{x_title}: {fmt_x(row.x)}", f"{y_title}: {fmt_y(row.y)}",
                                  class_text(row.cls) if isinstance(row.cls, str) else no_data])
            for row in frame.itertuples()}


def missing_notes(areas_frame, codes: list[str], classes: list[str | None], text: str) -> list[tuple[float, float, str]]:
    """(longitude, latitude, text) inside every area without a class: grey alone would not say "geen gegevens".
    None when no area has a class: the legend says so once, a note in every area would only cover the map."""
    if not any(isinstance(k, str) for k in classes):
        return []
    missing = {c for c, k in zip(codes, classes) if not isinstance(k, str)}
    points = areas_frame[areas_frame["code"].isin(missing)].geometry.representative_point()
    return [(round(p.x, 5), round(p.y, 5), text) for p in points]


def class_ranges(bi: Bivariate, x_fmt, y_fmt) -> list[tuple[int, str, str]]:
    """(class, x range, y range) per class 1..3 as text, for the table under the legend."""
    def text(rng: tuple[float, float], fmt) -> str:
        lo, hi = rng
        return "—" if math.isnan(lo) else f"{fmt(lo)} – {fmt(hi)}"

    return [(k, text(bi.x_axis.ranges[k - 1], x_fmt), text(bi.y_axis.ranges[k - 1], y_fmt)) for k in range(1, K + 1)]
