"""Bytes the map sends to the browser, per level: once (geometry) and per rerun (classes, tooltips).

Usage: python -m bench.payload [--quick]

- component, once: the geometry file on the static route (`static/geo/…json`), raw and gzip-compressed (Streamlit
  gzips /app/static responses); the browser fetches it once per URL (the name carries a hash of the content);
- component, per rerun: the component's JSON arguments as Streamlit serialises them (json.dumps), for an
  indicator change: class numbers, palette, tooltip lines, selection;
- pydeck, per rerun: the deck JSON that `st.pydeck_chart` would send on every rerun (still used with the
  basemap option, and the renderer before #12), for comparison.
The whole page's bytes per change, as the browser receives them, are measured by bench/browser.py.
"""
from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from pathlib import Path

from bench.common import machine

INDICATOR = "ervaren_gezondheid_goed_zeer_goed"


def measure(level: str, gemeente: str = "GM0518", indicator: str = INDICATOR) -> dict[str, int]:
    from indicators.areas import focus_area_codes
    from geo.boundaries import read_areas
    from geo.choropleth import map_model
    from geo.layers import polygon_records
    from indicators.catalogue import catalogue
    from indicators.observations import build_observations
    from ui.components.areamap import colour_payload, map_args, publish_geometry

    cat = catalogue()
    areas = read_areas(gemeente, level)
    wijken = read_areas(gemeente, "wijk")
    records = polygon_records(areas)
    focus = polygon_records(wijken[wijken["code"].isin(focus_area_codes())])
    model = map_model(build_observations(gemeente), areas, records, cat, cat.indicator(indicator), level=level,
                      year=2020, age="18plus", mode="value", method="quantiles", lang="nl", city_name="Den Haag",
                      focus_records=focus)
    with tempfile.TemporaryDirectory() as tmp:
        geometry = publish_geometry(f"{gemeente}_{level}", records, focus, static_dir=Path(tmp))
        raw = geometry.path.read_bytes()
    colours = colour_payload(model.frame, model.classes, geometry.codes)
    args = map_args(geometry, colours, selected=None, focus=True, height=560, alt="x" * 90, lang="nl")
    per_rerun = len(json.dumps({**args, "default": None, "key": "map"}).encode())
    return {"areas": len(areas), "parts": geometry.n_parts, "geometry": len(raw),
            "geometry_gz": len(gzip.compress(raw, compresslevel=9)), "per_rerun": per_rerun,
            "tooltips": len(json.dumps({"lines": colours["lines"], "tips": colours["tips"]}).encode()),
            "pydeck": len(model.deck.to_json().encode())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="accepted for `python -m bench --quick` (same run)")
    parser.parse_args(argv)
    print(f"payload · {machine()}")
    for level in ("wijk", "buurt"):
        m = measure(level)
        print(f"  {level} ({m['areas']} areas, {m['parts']} polygons): geometry once {m['geometry'] / 1024:.1f} KB "
              f"({m['geometry_gz'] / 1024:.1f} KB gzip) · per rerun {m['per_rerun'] / 1024:.1f} KB "
              f"(of which tooltips {m['tooltips'] / 1024:.1f} KB) · pydeck deck JSON per rerun "
              f"{m['pydeck'] / 1024:.1f} KB")


if __name__ == "__main__":
    main()
