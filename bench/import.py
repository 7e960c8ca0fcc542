"""Time to validate and store an upload of 1,000 and 10,000 rows, audit rows included, on SQLite and PostgreSQL.

Each sample: parse_upload (decode, every rule, duplicates against the store) on a CSV, then import_upload (one
transaction: bulk INSERT of the counts and their revisions), on a store holding the report's figures.
Targets (issue #8): 1,000 rows ≤ 2 s on SQLite, ≤ 3 s on PostgreSQL.

PostgreSQL: TEST_DATABASE_URL (`source scripts/start_postgres.sh`); its database is emptied (only names ending
in _test). Without it the PostgreSQL lines are skipped.

Usage: python -m bench.import [--repeat N] [--sizes 1000 10000] [--quick]  (--quick: 1,000 rows once)
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.common import machine, summary

TARGETS_S = {("sqlite", 1000): 2.0, ("postgresql", 1000): 3.0}


def _csv(n: int) -> bytes:
    from programs.upload import rows_to_csv

    return rows_to_csv([{"program": "gli", "area": "GM0518", "period_start": f"{2000 + i % 24}-01-01",
                         "period_end": f"{2000 + i % 24}-12-31", "value_low": i, "value_high": i + i % 7,
                         "qualifier": "exact", "source": f"Bench {i}, p. {i % 40}"} for i in range(n)])


def _fresh_url(backend: str, folder: Path, i: int) -> str | None:
    if backend == "sqlite":
        return f"sqlite:///{folder / f'bench{i}.sqlite'}"
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url:
        return None
    from tests.conftest_pg import reset_postgres

    reset_postgres(url)
    return url


def one_sample(url: str, data: bytes) -> tuple[float, float, int]:
    """(seconds to validate, seconds to store, rows stored) on a new seeded store at `url`."""
    from programs import store
    from programs.db import make_sessions, open_store
    from programs.upload import Known, import_upload, parse_upload

    engine = open_store(url)
    sessions = make_sessions(engine)
    try:
        start = time.perf_counter()
        with sessions() as s:
            programs = store.list_programs(s)
            known = Known.build({p.id: [p.name_nl, p.name_en] for p in programs.itertuples()},
                                {"GM0518": "Den Haag"}, store.count_keys(s))
        parsed = parse_upload(data, "bench.csv", known, "nl", max_bytes=len(data) + 1)
        validated = time.perf_counter()
        assert parsed.ok, parsed.problems[:3]
        result = import_upload(sessions, parsed, "bench", add_same_period=True)  # 24 periods: every row stored
        stored = time.perf_counter()
    finally:
        engine.dispose()
    return validated - start, stored - validated, len(result.ids)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--quick", action="store_true", help="1,000 rows once (CI: the benchmark still runs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.sizes = 1, [1000]
    print(f"import · {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in ("sqlite", "postgresql"):
            for size in args.sizes:
                data = _csv(size)
                totals, checks, stores = [], [], []
                for i in range(args.repeat):
                    url = _fresh_url(backend, Path(tmp), len(totals) + size)
                    if url is None:
                        break
                    check_s, store_s, n = one_sample(url, data)
                    assert n == size
                    checks.append(check_s * 1000)
                    stores.append(store_s * 1000)
                    totals.append((check_s + store_s) * 1000)
                if not totals:
                    print(f"{backend} {size} rows: skipped (no TEST_DATABASE_URL)")
                    continue
                target = TARGETS_S.get((backend, size))
                verdict = ""
                if target is not None:
                    worst = max(totals) / 1000
                    met = "ok" if worst <= target else "MISSED"
                    verdict = f" · target ≤ {target:.0f} s: {met} (worst {worst:.2f} s)"
                print(summary(f"{backend} {size:>6} rows validate+store", totals) + verdict)
                print("    " + summary("validate", checks))
                print("    " + summary("store (counts + revisions, one transaction)", stores))


if __name__ == "__main__":
    main()
