"""Run every benchmark: `python -m bench` (full), `python -m bench --quick` (CI: checks they still run),
`python -m bench --check` (only that every registered benchmark is there, and every bench/*.py is registered).

Each module in BENCHMARKS has `main(argv)` and accepts `--quick`; figures are printed, never asserted. A registered
benchmark whose file is missing fails the run before anything runs: a deleted benchmark is never skipped quietly.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# To add a benchmark: bench/<name>.py with main(argv), and an entry here naming the figures its quick run prints
# (tests/test_bench.py runs them all in quick mode and looks for every label).
BENCHMARKS: dict[str, tuple[str, ...]] = {
    "map_rerun": ("indicator switch, wijk (server, AppTest): median", "indicator switch, buurt (server, AppTest)",
                  "map payload, buurt:"),
    "page_rerun": ("area switch, profiel, first view of the area (server, AppTest): median",
                   "area switch, profiel, area seen before", "indicator switch, vergelijk (server, AppTest): median"),
    "payload": ("wijk (44 areas", "buurt (114 areas", "pydeck deck JSON per rerun"),
    "browser": ("cold start → first map drawn, server just started", "indicator change → map and legend updated, "
                "buurt (browser): median", "bytes received per indicator change, wijk"),
    "pages": ("peer (plotly choropleth_map): indicator change → settled: median", "/profiel cold: navigation → settled",
              "/vergelijk warm: navigation → first content", "/trends area added → settled",
              "map click → selection drawn: median",
              "floor (bare Streamlit app, one table) cold: navigation → first content"),
    "keepalive": ("serve.py (TCP_NODELAY on its listener): Streamlit's frontend",
                  "bare `streamlit run` (Streamlit's default): health check on one kept-alive connection"),
    "ab": ("A (this checkout", "paired difference A − B: median"),
    "load": ("change → map and legend updated p50", "server:"),
    "scale": ("stand-in geometry): ", "growth", "first load at"),
    "import": ("rows validate+store: median", "store (counts + revisions, one transaction): median"),
    "export": ("cold (browser start + all images): median", "size:"),
    "upload_memory": ("shared string: ", "refused as ['workbook_budget']", "peak RSS over idle"),
}
HELPERS = ("__init__", "__main__", "common")  # bench/*.py that are not benchmarks


def problems(benchmarks: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """What is wrong with the registry: a registered benchmark without its file, a bench/*.py not registered."""
    benchmarks = BENCHMARKS if benchmarks is None else benchmarks
    found = {p.stem for p in BENCH_DIR.glob("*.py")} - set(HELPERS)
    return ([f"bench/{name}.py is missing (registered in bench/__main__.py)" for name in benchmarks
             if name not in found]
            + [f"bench/{name}.py is not registered in bench/__main__.py BENCHMARKS" for name in sorted(found)
               if name not in benchmarks])


def main(argv: list[str]) -> int:
    wrong = problems()
    for problem in wrong:
        print(problem, file=sys.stderr, flush=True)
    if wrong or "--check" in argv:
        return 1 if wrong else 0
    quick = ["--quick"] if "--quick" in argv else []
    failed = []
    for name in BENCHMARKS:
        print(f"== bench.{name} {' '.join(quick)}", flush=True)
        try:
            importlib.import_module(f"bench.{name}").main(quick)
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            print(f"bench.{name} failed: {exc!r}", flush=True)
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
