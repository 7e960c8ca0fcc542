"""Many users on one server: 20 and 30 concurrent browser sessions, each changing the indicator 10 times.

Usage: python -m bench.load [--sessions 20 30] [--changes 10] [--browsers 2] [--pause 10 30] [--no-stress]
                            [--quick]

One server (`streamlit run serve.py`, as in production); the sessions are Playwright contexts spread over a few
headless Chromium instances on the same machine (so the browsers compete with the server for the 2 cores: a harsh
set-up). All sessions open the map first (staggered by --stagger seconds), wait until every session has its map,
then each changes the indicator --changes times with a random pause between changes, all at once: 10-30 s by
default (a user reading the map and its tooltips), then once more for the largest session count with 5-15 s (a
user glancing at it: the stress run; --no-stress skips it). Each session starts at a random indicator (seeded)
and moves down the picker, so the sessions ask for different views. An indicator change costs a page ~0.15 s of
main-thread CPU (opening the picker and Streamlit's frontend redrawing the page), the server ~0.03 s: with short
pauses the browsers saturate the machine and the figures measure the test machine rather than the server; the
server's own CPU use is printed to show that.
Per change, measured in the page as in bench/browser.py: first WebSocket frame sent → map drawn and legend updated.
Errors: a failed or timed-out change, a JavaScript error in a page, or an exception box on the page.
The server's memory (VmHWM: peak resident set size) is read from /proc.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time

from bench.browser import change_indicator, launch, new_page, open_map
from bench.common import machine

PAUSE_S = (10.0, 30.0)  # a reader
STRESS_PAUSE_S = (5.0, 15.0)  # a glancer


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", float("nan")), fields.get("VmHWM", float("nan"))


def picker_order() -> list[str]:
    """The indicator ids in the map page's picker order."""
    from indicators.catalogue import catalogue

    return catalogue().picker_ids


async def session(n: int, browser, url: str, changes: int, ready: asyncio.Event, opened: list, seed: int,
                  pause: tuple[float, float]) -> dict:
    rng = random.Random(seed * 1000 + n)
    ids = picker_order()
    url = f"{url}&indicator={rng.choice(ids[:max(1, len(ids) - changes - 1)])}"
    out = {"updated": [], "errors": []}
    context, page = await new_page(browser)
    page.on("pageerror", lambda exc: out["errors"].append(f"session {n}: page error {exc}"))
    try:
        try:
            await open_map(page, url)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            out["errors"].append(f"session {n}: map did not open: {exc!r}"[:300])
            return out
        finally:
            opened.append(n)
        await ready.wait()
        for _ in range(changes):
            await asyncio.sleep(rng.uniform(*pause))
            try:
                result = await change_indicator(page, "ArrowDown")
                out["updated"].append(result["updated"])
            except Exception as exc:  # noqa: BLE001 - counted and reported
                out["errors"].append(f"session {n}: change failed: {exc!r}"[:300])
        if await page.locator("[data-testid='stException']").count():
            out["errors"].append(f"session {n}: exception shown on the page")
    finally:
        await context.close()
    return out


async def run(sessions: int, changes: int, browsers: int, stagger: float, seed: int,
              pause: tuple[float, float] = PAUSE_S) -> dict:
    from playwright.async_api import async_playwright

    from tests.conftest import start_streamlit

    proc, url = start_streamlit()
    try:
        async with async_playwright() as pw:
            pool = [await launch(pw) for _ in range(browsers)]
            ready = asyncio.Event()
            opened: list[int] = []
            tasks = []
            for n in range(sessions):
                tasks.append(asyncio.create_task(
                    session(n, pool[n % browsers], f"{url}/?level=buurt", changes, ready, opened, seed, pause)))
                await asyncio.sleep(stagger)
            while len(opened) < sessions:
                await asyncio.sleep(0.1)
            started, cpu0 = time.perf_counter(), cpu_seconds(proc.pid)
            ready.set()
            results = await asyncio.gather(*tasks)
            elapsed = time.perf_counter() - started
            server_cpu = (cpu_seconds(proc.pid) - cpu0) / elapsed
            rss, hwm = server_memory_mb(proc.pid)
            for browser in pool:
                await browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    updated = [u for r in results for u in r["updated"]]
    errors = [e for r in results for e in r["errors"]]
    return {"updated": updated, "errors": errors, "elapsed": elapsed, "rss": rss, "hwm": hwm,
            "server_cpu": server_cpu, "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[20, 30])
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--browsers", type=int, default=2, help="headless Chromium instances sharing the sessions")
    parser.add_argument("--stagger", type=float, default=1.5, help="seconds between session starts")
    parser.add_argument("--pause", type=float, nargs=2, default=list(PAUSE_S), metavar=("MIN", "MAX"),
                        help="seconds between a session's changes (uniform)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--no-stress", action="store_true", help="skip the 5-15 s run of the largest count")
    parser.add_argument("--quick", action="store_true", help="2 sessions × 2 changes (CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.changes, args.browsers, args.stagger, args.pause = [2], 2, 1, 0.2, [0.2, 0.5]
        args.no_stress = True
    print(f"load · {machine()} · server and {args.browsers} headless Chromium on the same machine")
    runs = [(n, tuple(args.pause)) for n in args.sessions]
    if not args.no_stress:
        runs.append((max(args.sessions), STRESS_PAUSE_S))
    for sessions, pause in runs:
        out = asyncio.run(run(sessions, args.changes, args.browsers, args.stagger, args.seed, pause))
        updated = out["updated"]
        label = f"{sessions} sessions × {args.changes} changes, {pause[0]:g}-{pause[1]:g} s apart"
        if updated:
            print(f"  {label}: change → map and legend updated p50 {percentile(updated, 0.5):.0f} ms · "
                  f"p95 {percentile(updated, 0.95):.0f} ms · max {max(updated):.0f} · "
                  f"mean {statistics.mean(updated):.0f} · n={len(updated)} · errors {len(out['errors'])} · "
                  f"{out['elapsed']:.0f} s")
        else:
            print(f"  {label}: no change completed · errors {len(out['errors'])}")
        print(f"    server: {out['rss']:.0f} MB resident, peak {out['hwm']:.0f} MB · CPU while changing "
              f"{out['server_cpu'] * 100:.0f}% of one core · machine load average {out['load']:.1f} at the end")
        for error in out["errors"][:5]:
            print(f"    {error}")


if __name__ == "__main__":
    main()
