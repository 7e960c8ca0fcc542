"""Server time of switching the map's indicator (AppTest reruns) and the map's JSON payload per level.

Usage: python -m bench.map_rerun [--reruns N] [--quick]
"""
from __future__ import annotations

import argparse
import itertools
import time

from bench.common import ROOT, machine, summary

INDICATORS = ["ervaren_gezondheid_goed_zeer_goed", "overgewicht", "eenzaam", "moeite_met_rondkomen",
              "roker", "hoog_risico_op_angst_of_depressie"]


def rerun_times(level: str, reruns: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["level"] = level
    at.run()  # warm-up: loads and caches data
    samples = []
    for indicator in itertools.islice(itertools.cycle(INDICATORS[1:] + INDICATORS[:1]), reruns):
        widget = at.selectbox(key="w_indicator").select(indicator)
        start = time.perf_counter()
        widget.run()
        samples.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return samples


def payload_bytes(level: str) -> int:
    from geo.boundaries import read_areas
    from geo.choropleth import map_model
    from geo.layers import polygon_records
    from indicators.catalogue import catalogue
    from indicators.observations import build_observations

    cat = catalogue()
    areas = read_areas("GM0518", level)
    model = map_model(build_observations("GM0518"), areas, polygon_records(areas), cat,
                      cat.indicator(INDICATORS[0]), level=level, year=2020, age="18plus", mode="value",
                      method="quantiles", lang="nl", city_name="Den Haag")
    return len(model.deck.to_json().encode())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reruns", type=int, default=25)
    parser.add_argument("--quick", action="store_true", help="few reruns: CI checks the script still runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.reruns = 3
    print(f"map_rerun · {machine()}")
    for level in ("wijk", "buurt"):
        print(summary(f"  indicator switch, {level} (server, AppTest)", rerun_times(level, args.reruns)))
    for level in ("wijk", "buurt"):
        print(f"  map payload, {level}: {payload_bytes(level) / 1024:.1f} KB (deck JSON as sent)")


if __name__ == "__main__":
    main()
