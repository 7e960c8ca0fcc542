"""Run every benchmark: `python -m bench` (full) or `python -m bench --quick` (CI: checks they still run).

Each module in BENCHMARKS has `main(argv)` and accepts `--quick`; figures are printed, never asserted.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

BENCHMARKS = ("map_rerun", "page_rerun", "payload", "browser", "load", "scale", "import", "export")


def main(argv: list[str]) -> int:
    quick = ["--quick"] if "--quick" in argv else []
    failed = []
    for name in BENCHMARKS:
        if not (Path(__file__).parent / f"{name}.py").exists():
            continue
        print(f"== bench.{name} {' '.join(quick)}", flush=True)
        try:
            importlib.import_module(f"bench.{name}").main(quick)
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            print(f"bench.{name} failed: {exc!r}", flush=True)
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
