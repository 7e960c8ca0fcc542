"""A figure's layout on a phone: the changes a chart box narrower than NARROW_PX applies when it draws.

The server does not know the reader's screen, so a figure carries both: its layout, and in `layout.meta["narrow"]`
a patch over it (nested dicts merge, anything else is replaced) that ui/components/plotchart/plotchart.js applies
when the box it draws in is narrower than NARROW_PX. On a 390 px phone the small multiples' three columns and the
ranking's legend beside its title overlapped each other's text."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

NARROW_PX = 600  # plotchart.js holds the same number
AXES = ("xaxis", "yaxis")


def _with_meta(fig: go.Figure, key: str, value: Any) -> go.Figure:
    """`fig` with `value` under `key` in layout.meta, the rest of its meta kept."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, Mapping) else {}
    fig.layout.meta = {**meta, key: value}
    return fig


def with_narrow(fig: go.Figure, patch: Mapping[str, Any]) -> go.Figure:
    """`fig` carrying `patch` as its layout on a narrow screen."""
    return _with_meta(fig, "narrow", dict(patch))


def with_narrow_traces(fig: go.Figure, patches: Sequence[Mapping[str, Any] | None]) -> go.Figure:
    """`fig` carrying a patch (or None) per trace, in order, for a narrow screen (layout.meta.narrow_traces)."""
    return _with_meta(fig, "narrow_traces", [dict(p) if p is not None else None for p in patches])


def narrow_patch(fig: go.Figure) -> dict[str, Any]:
    """The patch `fig` carries for a narrow screen ({} without one)."""
    meta = fig.layout.meta
    return dict(meta.get("narrow", {})) if isinstance(meta, Mapping) else {}


def stacked_patch(grid: go.Figure, stacked: go.Figure) -> dict[str, Any]:
    """The patch that lays `grid`'s subplots out as `stacked`'s: the same subplots numbered the same way (row by
    row) in another grid, e.g. one column. Each axis takes its domain from `stacked`, an axis `stacked` lacks (an
    empty cell of the grid) is hidden, and the height, margins, legend and subplot titles are `stacked`'s."""
    grid_layout, stacked_layout = grid.layout.to_plotly_json(), stacked.layout.to_plotly_json()
    patch: dict[str, Any] = {key: stacked_layout[key] for key in ("height", "margin", "legend", "annotations")
                             if key in stacked_layout}
    for name in grid_layout:
        if name.startswith(AXES):
            patch[name] = ({"domain": stacked_layout[name]["domain"]} if name in stacked_layout
                           else {"visible": False})
    return patch
