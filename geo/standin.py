"""Stand-in geometry for the national scale benchmark (bench/scale.py) — NOT real boundaries.

There are no national wijk/buurt boundaries in the mirror, so the benchmark draws the real national codes
(RIVM 50090NED: 13,808 buurten, 3,177 wijken) on Voronoi cells around generated points: as many polygons as
areas, with about as many vertices per polygon as Den Haag's simplified buurten, at the same area density as the
Netherlands. Every frame made here says so in `attrs["standin"]`; nothing in the app imports this module.
"""
from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely

STANDIN_LABEL = "stand-in geometry (Voronoi cells around generated points, not real boundaries)"
NL_BOUNDS = (3.36, 50.75, 7.23, 53.55)  # lon/lat box of the Netherlands
NL_AREAS = 13_808  # buurten of 50090NED: the density the cells are drawn at
VERTICES_PER_AREA = 12  # Den Haag's 114 buurten after geo.boundaries.simplify_coverage: ~11.6 coordinates each


def standin_areas(codes: Sequence[str], names: Sequence[str] | None = None, level: str = "buurt",
                  seed: int = 12, vertices: int = VERTICES_PER_AREA) -> gpd.GeoDataFrame:
    """One Voronoi cell per code (`code, name, level, parent_code, geometry`, EPSG:4326), sorted by code.

    The cells fill a box around the centre of the Netherlands whose size grows with the number of areas, so a
    cell is as large as an average Dutch buurt whatever the count (and coordinates have the same precision).
    """
    n = len(codes)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = NL_BOUNDS
    share = min(1.0, n / NL_AREAS) ** 0.5
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    half_w, half_h = (maxx - minx) / 2 * share, (maxy - miny) / 2 * share
    box = shapely.box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)
    points = np.column_stack([rng.uniform(cx - half_w, cx + half_w, n), rng.uniform(cy - half_h, cy + half_h, n)])
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=box)
    cells = shapely.intersection(np.asarray(shapely.get_parts(cells)), box)
    # Voronoi output is not in point order: give each point its cell.
    tree = shapely.STRtree(cells)
    point_geoms = shapely.points(points)
    idx = tree.query(point_geoms, predicate="within")
    order = np.full(n, -1)
    order[idx[0]] = idx[1]
    missing = order < 0
    if missing.any():  # a point on a cell border: take the nearest cell
        order[missing] = tree.nearest(point_geoms[missing])
    cells = cells[order]
    # Densify to about `vertices` coordinates per ring, like real (simplified) buurt boundaries: a cell has ~6
    # corners and the closing point; cutting the perimeter into (vertices - 4) pieces lands at ~`vertices`.
    perimeter = shapely.length(cells)
    cells = shapely.segmentize(cells, np.maximum(perimeter / max(vertices - 4, 1), 1e-6))
    frame = gpd.GeoDataFrame(
        {"code": list(codes), "name": list(names) if names is not None else [f"stand-in {c}" for c in codes],
         "level": level, "parent_code": None},
        geometry=cells, crs="EPSG:4326",
    ).sort_values("code").reset_index(drop=True)
    frame.attrs.update({"standin": STANDIN_LABEL, "year": None})
    return frame


def vertex_count(frame: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.values).sum())
