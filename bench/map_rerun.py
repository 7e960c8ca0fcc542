"""Server time of switching the map's indicator (AppTest reruns) and the map's bytes per level.

Usage: python -m bench.map_rerun [--reruns N] [--quick]

Two figures per level: the usual switch (the view's classes, colours and tooltips come from the per-process cache
once any session has seen that indicator), and the first view of an indicator in the process (cache cleared
before each switch: values, classes and tooltips are computed). AppTest runs the whole script and compiles the
page again on every run, so a running server is faster than these figures; the map page's body is a fragment,
so in the browser an indicator change reruns only that part (bench/browser.py measures that).
The map's background warm-up (ui.cache.warm_map_views) is switched off here, so "first view" is a first view.
"""
from __future__ import annotations

import argparse
import itertools
import os
import time

from bench.common import ROOT, machine, summary

INDICATORS = ["ervaren_gezondheid_goed_zeer_goed", "overgewicht", "eenzaam", "moeite_met_rondkomen",
              "roker", "hoog_risico_op_angst_of_depressie"]


def rerun_times(level: str, reruns: int, cold_cache: bool = False) -> list[float]:
    from streamlit.testing.v1 import AppTest

    from ui import cache

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["level"] = level
    at.run()  # warm-up: loads and caches data
    samples = []
    for indicator in itertools.islice(itertools.cycle(INDICATORS[1:] + INDICATORS[:1]), reruns):
        widget = at.selectbox(key="w_indicator").select(indicator)
        if cold_cache:
            cache._map_view.clear()
        start = time.perf_counter()
        widget.run()
        samples.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return samples


def main(argv: list[str] | None = None) -> None:
    from bench.payload import measure

    from ui.cache import WARM_ENV

    os.environ[WARM_ENV] = "0"
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=25)
    parser.add_argument("--quick", action="store_true", help="few reruns: CI checks the script still runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.reruns = 3
    print(f"map_rerun · {machine()}")
    for level in ("wijk", "buurt"):
        print(summary(f"  indicator switch, {level} (server, AppTest)", rerun_times(level, args.reruns)))
        print(summary(f"  indicator switch, {level}, first view of the indicator (server, AppTest)",
                      rerun_times(level, max(3, args.reruns // 2), cold_cache=True)))
    for level in ("wijk", "buurt"):
        m = measure(level)
        print(f"  map payload, {level}: {m['per_rerun'] / 1024:.1f} KB per rerun (component arguments) + geometry "
              f"{m['geometry_gz'] / 1024:.1f} KB once (gzip; {m['geometry'] / 1024:.1f} KB raw) · pydeck would send "
              f"{m['pydeck'] / 1024:.1f} KB per rerun")


if __name__ == "__main__":
    main()
