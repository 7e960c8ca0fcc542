"""Download the open data for one gemeente into the cache folder (or --dest).

    python -m indicators.refresh --gemeente GM0518 [--dest DIR] [--only rivm,kwb,boundaries]

RIVM 50090NED/50120NED/50150NED and KWB 84583NED/85984NED come from CBS OData, the boundaries from PDOK.
Without network it exits non-zero; the app still runs from the mirror or WIJKDASHBOARD_DATA_DIR.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import requests
from tqdm import tqdm

from indicators.pdok import download_boundaries
from indicators.odata import Download, DownloadError, OnPage, download_table, make_session
from indicators.sources import ENV_DATA_DIR, cache_dir

GEMEENTE_CODE = re.compile(r"GM\d{4}")
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {  # group -> (source shown on failure, tables/layers)
    "rivm": ("RIVM catalog of CBS OData (dataderden.cbs.nl)", ("50090NED", "50120NED", "50150NED")),
    "kwb": ("CBS OData (opendata.cbs.nl)", ("84583NED", "85984NED")),
    "boundaries": ("PDOK WFS (service.pdok.nl)", ("wijken", "buurten", "gemeenten")),
}

Job = Callable[[OnPage], list[Download]]
Progress = Callable[[int, int, str], None]  # (jobs done, jobs in all, the page just fetched): the app's progress bar


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m indicators.refresh", description=__doc__.splitlines()[0])
    parser.add_argument("--gemeente", required=True, help="gemeente code, GM + 4 digits (Den Haag: GM0518)")
    parser.add_argument("--dest", type=Path, default=None, help=f"folder to write to (default: {cache_dir()})")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma list of {', '.join(GROUPS)}")
    return parser.parse_args(argv)


def check_gemeente(code: str) -> str | None:
    """The normalised code (GM0518), or None when it is not GM + 4 digits."""
    code = code.strip().upper()
    return code if GEMEENTE_CODE.fullmatch(code) else None


def _jobs(groups: list[str], gemeente: str, dest: Path, session: requests.Session) -> list[tuple[str, Job]]:
    jobs: list[tuple[str, Job]] = []
    for group in groups:
        if group == "boundaries":
            jobs.append((group, lambda step: list(download_boundaries(gemeente, dest, session, on_page=step).values())))
        else:
            for table in GROUPS[group][1]:
                jobs.append((group, lambda step, t=table: [download_table(t, gemeente, dest, session, step)]))
    return jobs


def run(groups: list[str], gemeente: str, dest: Path, session: requests.Session,
        progress: Progress | None = None) -> tuple[list[Download], dict[str, DownloadError]]:
    """Run the downloads with a progress bar on stderr (one step per page) and, when given, `progress` after
    every page and job; a failing source skips its other tables."""
    done: list[Download] = []
    failed: dict[str, DownloadError] = {}
    jobs = _jobs(groups, gemeente, dest, session)
    finished = 0
    with tqdm(desc="refresh", unit="page", file=sys.stderr) as bar:
        def step(label: str) -> None:
            bar.set_postfix_str(label)
            bar.update(1)
            if progress:
                progress(finished, len(jobs), label)

        for group, job in jobs:
            if group not in failed:
                try:
                    done.extend(job(step))
                except DownloadError as exc:
                    failed[group] = exc
            finished += 1
            if progress:
                progress(finished, len(jobs), group)
    return done, failed


def main(argv: list[str] | None = None, session: requests.Session | None = None) -> int:
    """CLI entry point; returns the exit code (0 ok, 1 download failed, 2 bad arguments)."""
    args = parse_args(argv)
    gemeente = check_gemeente(args.gemeente)
    if gemeente is None:
        print(f"refresh: {args.gemeente!r} is not a gemeente code: expected GM and four digits, "
              f"e.g. GM0518 for Den Haag ('s-Gravenhage).", file=sys.stderr)
        return 2
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        print(f"refresh: --only {args.only!r}: use one or more of {', '.join(GROUPS)}.", file=sys.stderr)
        return 2
    dest: Path = args.dest or cache_dir()
    done, failed = run(groups, gemeente, dest, session or make_session())
    for item in done:
        as_of = f", data as of {item.modified[:10]}" if item.modified else ""
        print(f"wrote {item.path} ({item.rows} rows{as_of})")
    if failed:
        first = next(iter(failed.values()))
        sources = ", ".join(GROUPS[g][0] for g in failed)
        print(f"refresh: could not download from {sources} ({first.url.split('?')[0]}: {first.reason}); "
              f"the app can still run from the mirror (../shared/data) or from files in {ENV_DATA_DIR}.",
              file=sys.stderr)
        return 1
    print(f"refresh: {len(done)} files for {gemeente} in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
