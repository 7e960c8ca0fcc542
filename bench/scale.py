"""The same map code on all of the Netherlands: rerun time, payload and memory at 114 … 13,808 areas.

Usage: python -m bench.scale [--sizes 114 1000 3177 13808] [--reruns N] [--quick]

Data: the national RIVM 50090NED originals (raw/rivm_50090NED_*_nl.xlsx: 13,808 buurten, 3,177 wijken), read
into tidy observations with the app's own readers (indicators.observations.to_tidy). There are no national
boundaries, so the areas get STAND-IN GEOMETRY (geo.standin: Voronoi cells around generated points, ~12
coordinates per area like Den Haag's simplified buurten, at the density of Dutch buurten).

Each size runs in a fresh process: the real app (app.py → views/kaart.py) in AppTest, with ui.cache's loaders
for GM0518 pointed at the national observations and the stand-in areas (114: Den Haag's buurten; 1,000: the first
1,000 buurten by code; 3,177: all wijken, at wijk level; 13,808: all buurten). Figures:
- rerun: server time of an indicator switch (whole script, AppTest) — first view of the indicator (classes and
  tooltips computed; the map's background warm-up is off) and again (from the per-process cache);
- payload: the geometry file (once; raw and gzip), the map's arguments per rerun, and the whole page's elements
  per rerun (sum of the element protobufs; the map's area picker lists every area);
- memory: resident set size of the process (VmRSS) and its peak (VmHWM) after the reruns;
- canvas: the map component alone in headless Chromium (its files and the geometry served by Playwright, render
  messages posted as Streamlit would): first draw after the render message (geometry fetched, decoded, drawn)
  and a recolour (the next indicator's classes), timed in the page.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, machine

SIZES = (114, 1_000, 3_177, 13_808)
QUICK_SIZES = (114, 1_000)
INDICATORS = ["overgewicht", "eenzaam", "moeite_met_rondkomen", "roker", "hoog_risico_op_angst_of_depressie",
              "ervaren_gezondheid_goed_zeer_goed"]
RIVM_FILES = ("rivm_50090NED_2012_18plus_nl.xlsx", "rivm_50090NED_2016_18plus_nl.xlsx",
              "rivm_50090NED_2020_18plus_nl.xlsx", "rivm_50090NED_2020_65plus_nl.xlsx")
QUICK_FILES = ("rivm_50090NED_2020_18plus_nl.xlsx",)


def national_tidy(files: tuple[str, ...]) -> tuple:
    """Tidy observations of all of NL from the national xlsx files, and (code, gemeente name, kind) per area."""
    import pandas as pd

    from indicators.catalogue import catalogue
    from indicators.observations import AGE_CODES, resolve_empty, to_tidy
    from indicators.sources import MIRROR_DIR

    cat = catalogue()
    parts, regions = [], None
    for name in files:
        raw = pd.read_excel(MIRROR_DIR / "raw" / name, dtype=str, engine="calamine", keep_default_na=False)
        raw = raw.apply(lambda col: col.str.strip())
        raw = raw[raw["Marges"].isin(["MW00000", ""])]
        wide = raw.assign(code=raw["Codering_3"], year=raw["Perioden"].str[:4].astype(int),
                          age=raw["Leeftijd"].map(AGE_CODES))
        parts.append(to_tidy(wide, "50090NED", cat))
        if regions is None:
            regions = wide[["code", "Gemeentenaam_1", "SoortRegio_2"]]
    tidy = resolve_empty(pd.concat(parts, ignore_index=True))
    tidy["year"] = tidy["year"].astype(int)
    tidy = tidy.sort_values(["indicator", "year", "age", "area_code"]).reset_index(drop=True)
    return tidy, regions


def choose_areas(regions, n: int) -> tuple[str, list[str], list[str]]:
    """(level, codes, names) for a size: Den Haag's buurten, the first n buurten, or all wijken."""
    buurten = regions[regions["SoortRegio_2"] == "Buurt"].sort_values("code")
    wijken = regions[regions["SoortRegio_2"] == "Wijk"].sort_values("code")
    if n == len(wijken):
        chosen, level = wijken, "wijk"
    elif n == 114:
        chosen, level = buurten[buurten["code"].str.startswith("BU0518")], "buurt"
    else:
        chosen, level = buurten.head(n), "buurt"
    names = [f"{gm} {code[-4:]}" for gm, code in zip(chosen["Gemeentenaam_1"], chosen["code"])]
    return level, list(chosen["code"]), names


def element_bytes(node) -> int:
    """Sum of the protobuf sizes of all elements under an AppTest node."""
    total = 0
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ByteSize") and not getattr(node, "children", None):
        total += proto.ByteSize()
    for child in getattr(node, "children", {}).values():
        total += element_bytes(child)
    return total


def memory_mb() -> tuple[float, float]:
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def one_size(n: int, reruns: int, files: tuple[str, ...]) -> dict:
    """Runs in its own process: patch ui.cache to the national stand-in, run the map page, measure."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from geo.standin import STANDIN_LABEL, standin_areas, vertex_count
    from ui import cache
    from ui.components import areamap

    started = time.perf_counter()
    tidy, regions = national_tidy(files)
    level, codes, names = choose_areas(regions, n)
    frames = {level: standin_areas(codes, names, level=level)}
    other = "wijk" if level == "buurt" else "buurt"
    frames[other] = frames[level].head(0)  # the page asks for both levels' codes; the other one stays empty
    prepared_s = time.perf_counter() - started

    static = Path(tempfile.mkdtemp(prefix="wijkdashboard-scale-"))
    cache._areas = st.cache_resource(show_spinner=False)(lambda gemeente, lv, dirs: frames[lv])
    cache._observations = st.cache_resource(show_spinner=False)(lambda gemeente, dirs: tidy)
    publish = areamap.publish_geometry
    cache.publish_geometry = lambda *a, **k: publish(*a, **{**k, "static_dir": static})

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["level"] = level
    at.query_params["indicator"] = INDICATORS[-1]
    start = time.perf_counter()
    at.run()
    first_run_s = time.perf_counter() - start
    assert not at.exception, at.exception
    miss, hit = [], []
    for samples in (miss, hit):  # the first pass computes each view, the second takes it from the cache
        for indicator in (INDICATORS * ((reruns + len(INDICATORS) - 1) // len(INDICATORS)))[:reruns]:
            widget = at.selectbox(key="w_indicator").select(indicator)
            start = time.perf_counter()
            widget.run()
            samples.append((time.perf_counter() - start) * 1000)
            assert not at.exception, at.exception
    maps = [e.proto for e in at.get("component_instance") if e.proto.component_name.endswith(".areamap")]
    args = json.loads(maps[0].json_args)
    geometry = (static / args["geometry"].removeprefix("app/static/")).read_bytes()
    rss, hwm = memory_mb()
    canvas = canvas_times(geometry, args, [(c + 1) % 5 if c >= 0 else c for c in args["classes"]])
    return {"n": len(codes), "level": level, "vertices": vertex_count(frames[level]), "standin": STANDIN_LABEL,
            "prepared_s": prepared_s, "first_run_s": first_run_s, "miss_ms": miss, "hit_ms": hit,
            "geometry": len(geometry), "geometry_gz": len(gzip.compress(geometry, compresslevel=9)),
            "args": len(maps[0].json_args.encode()), "page": element_bytes(at._tree), "rss": rss, "hwm": hwm,
            "tidy_rows": len(tidy), "canvas_first_ms": canvas["first"], "canvas_recolour_ms": canvas["recolour"]}


def canvas_times(geometry: bytes, args: dict, recolour: list[int], repeats: int = 3) -> dict[str, float]:
    """First draw and recolour of the map component at this size, in headless Chromium (ms, in-page stamps)."""
    from playwright.sync_api import sync_playwright

    from bench.browser import CHROMIUM, CHROMIUM_ARGS
    from ui.components.areamap import FRONTEND_DIR

    def serve(route) -> None:
        path = route.request.url.split("?")[0]
        if path.endswith(".json"):
            route.fulfill(body=geometry, content_type="application/json")
        else:
            name = Path(path).name or "index.html"
            route.fulfill(path=str(FRONTEND_DIR / name))

    post = "a => window.postMessage({type: 'streamlit:render', args: a}, '*')"
    drawn = "k => window.__areamap && window.__areamap.key === k"
    out: dict[str, list[float]] = {"first": [], "recolour": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeats):
            page = browser.new_page(viewport={"width": 900, "height": 600})
            page.route("http://map.test/**", serve)
            page.goto("http://map.test/component/areamap/index.html")
            page.evaluate(post, args)
            page.wait_for_function(drawn, arg=args["colour_key"], timeout=120_000)
            stamp = page.evaluate("() => window.__areamap")
            out["first"].append(stamp["t"] - stamp["received"])
            page.evaluate(post, {**args, "classes": recolour, "colour_key": "recolour"})
            page.wait_for_function(drawn, arg="recolour", timeout=120_000)
            stamp = page.evaluate("() => window.__areamap")
            out["recolour"].append(stamp["t"] - stamp["received"])
            page.close()
        browser.close()
    return {key: median(values) for key, values in out.items()}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--reruns", type=int, default=6, help="indicator switches per pass (2 passes)")
    parser.add_argument("--quick", action="store_true", help="114 and 1,000 areas, 2 reruns, one RIVM file (CI)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    parser.add_argument("--files", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print("RESULT " + json.dumps(one_size(args.one, args.reruns, tuple(args.files or RIVM_FILES))), flush=True)
        return
    from ui.cache import WARM_ENV

    files = RIVM_FILES
    if args.quick:
        args.sizes, args.reruns, files = list(QUICK_SIZES), 2, QUICK_FILES
    print(f"scale · {machine()} · STAND-IN GEOMETRY (Voronoi cells around generated points, not real boundaries)")
    print(f"  national RIVM 50090NED data: {', '.join(files)}")
    rows = []
    for n in args.sizes:
        cmd = [sys.executable, "-m", "bench.scale", "--one", str(n), "--reruns", str(args.reruns), "--files", *files]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False,
                             env={**os.environ, "PYTHONWARNINGS": "ignore", WARM_ENV: "0"})
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            raise RuntimeError(f"scale --one {n} failed:\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}")
        r = json.loads(line.removeprefix("RESULT "))
        rows.append(r)
        print(f"  {r['n']:>6,} areas ({r['level']}, {r['vertices']:,} coordinates, stand-in geometry): "
              f"rerun first view median {median(r['miss_ms']):.0f} ms (max {max(r['miss_ms']):.0f}) · "
              f"cached {median(r['hit_ms']):.0f} ms · page first run {r['first_run_s'] * 1000:.0f} ms · "
              f"geometry {r['geometry'] / 1024:.0f} KB ({r['geometry_gz'] / 1024:.0f} KB gzip) once · "
              f"map arguments {r['args'] / 1024:.0f} KB, page elements {r['page'] / 1024:.0f} KB per rerun · "
              f"memory {r['rss']:.0f} MB (peak {r['hwm']:.0f} MB) · {r['tidy_rows']:,} observations · "
              f"canvas: first draw {r['canvas_first_ms']:.0f} ms, recolour {r['canvas_recolour_ms']:.0f} ms",
              flush=True)
    if len(rows) > 1:
        small, big = rows[0], rows[-1]
        ratio = big["n"] / small["n"]
        for label, key in (("rerun (first view)", "miss_ms"), ("rerun (cached)", "hit_ms")):
            growth = median(big[key]) / median(small[key])
            verdict = "no worse than linear" if growth <= ratio else "WORSE THAN LINEAR"
            print(f"  growth {small['n']:,} → {big['n']:,} areas (×{ratio:.1f}): {label} ×{growth:.1f} ({verdict})")
        first_load = big["geometry_gz"] + big["page"]
        print(f"  first load at {big['n']:,} areas: geometry {big['geometry_gz'] / 1024:.0f} KB gzip "
              f"({big['geometry'] / 1024:.0f} KB raw) + page {big['page'] / 1024:.0f} KB = "
              f"{first_load / 1024 / 1024:.2f} MB (raw geometry: {(big['geometry'] + big['page']) / 1024 / 1024:.2f} MB)")


if __name__ == "__main__":
    main()
