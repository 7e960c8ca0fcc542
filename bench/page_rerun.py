"""Server time of a change on the profile and compare pages (AppTest reruns, the whole app as a browser runs it).

Usage: python -m bench.page_rerun [--reruns N] [--quick]

- profiel: choose another area in the page's area picker (wijken and buurten in turn): the first view of an area
  (its spine computed: cache cleared before each switch) and the usual switch (the spine from the per-process
  cache once any session has seen that area);
- vergelijk: choose another indicator in the ranking's picker (its tab opened by the link: `section=ranking`).
Opened like tests.conftest.open_page: AppTest of app.py, switch_page to the view, one run (warm-up).
"""
from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

from bench.common import ROOT, machine, summary

WIJKEN = ["WK051836", "WK051838", "WK051829", "WK051817", "WK051825", "WK051808"]  # Moerwijk, Laak, ...
INDICATORS = ["overgewicht", "eenzaam", "moeite_met_rondkomen", "roker", "hoog_risico_op_angst_of_depressie",
              "ervaren_gezondheid_goed_zeer_goed"]


def open_page(page: str, params: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


def switch_times(page: str, key: str, values: list[str], reruns: int, params: dict[str, str] | None = None,
                 before: Callable[[], None] = lambda: None) -> list[float]:
    """Server times of setting the select box `key` to each value in turn; `before` runs before each switch."""
    at = open_page(page, params)
    samples = []
    for value in itertools.islice(itertools.cycle(values), reruns):
        widget = at.selectbox(key=key).set_value(value)
        before()
        start = time.perf_counter()
        widget.run()
        samples.append((time.perf_counter() - start) * 1000)
        assert not at.exception, at.exception
    return samples


def areas() -> list[str]:
    """Wijken and buurten in turn (buurten: every 20th of Den Haag's 114)."""
    from geo.boundaries import read_areas

    buurten = list(read_areas("GM0518", "buurt")["code"])[::20]
    return [code for pair in itertools.zip_longest(WIJKEN, buurten) for code in pair if code]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=24)
    parser.add_argument("--quick", action="store_true", help="few reruns: CI checks the script still runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.reruns = 3
    print(f"page_rerun · {machine()}")
    from ui import cache

    codes = areas()
    print(summary("  area switch, profiel, first view of the area (server, AppTest)",
                  switch_times("profiel", "w_prof_area", codes, args.reruns, {"area": codes[-1]},
                               before=cache._spine.clear)))
    print(summary("  area switch, profiel, area seen before (server, AppTest)",
                  switch_times("profiel", "w_prof_area", codes, args.reruns, {"area": codes[-1]})))
    print(summary("  indicator switch, vergelijk (server, AppTest)",
                  switch_times("vergelijk", "w_indicator", INDICATORS, args.reruns, {"section": "ranking"})))


if __name__ == "__main__":
    main()
