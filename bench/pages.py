"""Every page in headless Chromium against the plotly peer: navigation → first content and → settled, and each
page's main interaction → settled, cold and warm (issue #19).

Usage: python -m bench.pages [--rounds N] [--cold N] [--quick]

The page instrumentation is bench/browser.py's (an init script wraps window.WebSocket; every frame received stamps
two animation frames later when the page has drawn it). Per page:
- first content = navigation start → the first plotly chart, pydeck canvas, data grid or table in the main area
  (a MutationObserver, stamped one animation frame later), or the map component's first draw (`/`);
- settled = navigation start (or, for an interaction, the first WebSocket frame the browser sent for it) → two
  animation frames after the last frame received, once the script is not running and the socket was quiet for
  400 ms;
- cold: the page's first visit in a just-started server process (`serve.py`, its preload done), in a fresh browser
  context (empty HTTP cache); one such server per cold round, every page visited once;
- floor: bench/peers/bare_table.py, a bare Streamlit app (a title and a 3-row table), cold and warm the same way
  (served by floor_server.py, whose listener has TCP_NODELAY as serve.py's has): Streamlit's frontend alone, the
  least any page's navigation can take on this machine;
- warm: the page again in the same browser context on a server that has shown it before (a new session each time),
  then its main interaction, `--rounds` times (the i-th time the i-th next option, so areas and indicators vary).
The peer (bench/peers/plotly_map.py: a select box and plotly's choropleth_map of the same buurten) runs in the same
run on its own server and is measured by the same code: its indicator changes are interleaved with the pages' (one
after each page interaction, in a tab of its own, and `--rounds` more at the end), so a machine that is slower for a
few minutes slows both; each interaction is given as a ratio to the median of all the peer's changes (target ≤ 0.5)
and, for reading, to the median of those made between that page's interactions. Also: the map's classification
switched to Fisher-Jenks at buurt level, its first view in the process (target ≤ 300 ms) and cached; and map click
→ selection drawn (target ≤ 300 ms), stamped by the map component from the pointer's release to its first draw with
the clicked area selected.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError

from bench.browser import MAP_STATE, TIMEOUT_MS, choose_option, launch, new_page, wait_settled
from bench.common import machine, summary

PEER = "bench/peers/plotly_map.py"
FLOOR = "bench/peers/floor_server.py"  # bare_table.py, a title and a 3-row table: no page can be drawn sooner (its
# docstring says why); served with TCP_NODELAY on its listener, as serve.py is (server_sockets.py)
# The peer is a bare app: it runs with Streamlit's default full garbage collection after every script run, which this
# project's .streamlit/config.toml turns off for the dashboard (runner.postScriptGC; the peer's server is started in
# the same folder and would read it). With the project's setting its indicator change read 206 ms instead of ~377 ms
# (bench/RESULTS.md, session 13).
PEER_ENV = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}
TARGET_FIRST_MS = 1_000
TARGET_SETTLED_MS = 2_000
TARGET_RATIO = 0.5


def select(key: str) -> Callable:
    """The i-th interaction: the (i % 3 + 1)-th next option of the select box with this widget key."""
    async def act(page, i: int) -> None:
        picker = page.locator(f".st-key-{key} [data-testid='stSelectbox']")
        await choose_option(page, picker, ["ArrowDown"] * (i % 3 + 1) + ["Enter"])
    return act


def add_to(key: str) -> Callable:
    """The i-th interaction: add the (i % 3 + 1)-th option of the multiselect with this widget key."""
    async def act(page, i: int) -> None:
        # its text field: the middle of the box can be a chosen area's chip (they wrap onto lines of their own)
        picker = page.locator(f"[data-testid='stMain'] .st-key-{key} [data-testid='stMultiSelect'] input")
        await choose_option(page, picker, ["ArrowDown"] * (i % 3) + ["Enter"])
    return act


def click(key: str) -> Callable:
    """Press the button with this widget key."""
    async def act(page, i: int) -> None:
        await page.locator(f".st-key-{key} button").click()
    return act


@dataclass(frozen=True)
class Page:
    path: str
    interaction: str
    act: Callable[..., Awaitable[None]]
    where: str = ""  # the query that opens the interaction's tab (the navigation is measured without it)


PAGES = (
    Page("/", "indicator change", select("w_indicator")),
    Page("/profiel", "area switch", select("w_prof_area")),
    Page("/vergelijk", "indicator switch", select("w_indicator"), "?section=ranking"),  # the ranking's tab
    Page("/trends", "area added", add_to("w_trend_areas")),
    Page("/programmas", "program switch", select("w_prog_chart")),
    Page("/presentatie", "next slide", click("pres_next")),
    Page("/bronnen", "", None),  # a page to read: no main interaction
)
PEER_PAGE = Page("/", "indicator change", select("peer_indicator"))
# The map's classification from quantiles (the default) to Fisher-Jenks at buurt level: the first time in the
# process is Fisher-Jenks' first view (its classes computed; target ≤ 300 ms), later ones come from the cache.
FISHER_JENKS = Page("/?level=buurt", "classification → Fisher-Jenks, buurt", select("w_method"))


FIRST = f"""() => {{
    const map = ({MAP_STATE})().t, dom = window.__first > 0 ? window.__first : null;
    const both = [map, dom].filter((x) => x !== null);
    return both.length ? Math.min(...both) : null;
}}"""


async def navigate(page, url: str) -> dict:
    """Open the url; ms from navigation start to the first content drawn (None: nothing drawn) and to settled.

    A chart may be drawn after the socket went quiet (plotly's and deck.gl's code loads on first use)."""
    await page.goto(url, timeout=TIMEOUT_MS)
    settled = await wait_settled(page, after=0.0)
    try:
        await page.wait_for_function(f"({FIRST})() !== null", timeout=TIMEOUT_MS, polling=50)
    except PlaywrightError:
        pass
    return {"first": await page.evaluate(FIRST), "settled": settled}


async def interact(page, target: Page, i: int) -> float:
    """The page's main interaction; ms from the first frame sent for it to settled."""
    sent = await page.evaluate("() => window.__ws.sent.length")
    await target.act(page, i)
    await page.wait_for_function("n => window.__ws.sent.length > n", arg=sent, timeout=TIMEOUT_MS, polling=20)
    t0 = await page.evaluate("n => window.__ws.sent[n][0]", sent)
    return await wait_settled(page, after=t0) - t0


async def visit(browser, url: str, target: Page, rounds: int, peer=None) -> dict:
    """One fresh context: `rounds` times navigate to the page, then do its interaction, and then the peer's
    indicator change in the peer's tab `peer` (a page on the peer's server) if given."""
    context, page = await new_page(browser)
    out: dict = {"nav": [], "act": [], "peer": []}
    if peer is not None and target.act is not None:  # back to its first indicator: each change steps down 1-3
        await navigate(peer, peer.url)
    try:
        for i in range(rounds):
            out["nav"].append(await navigate(page, url + target.path))
            if target.where:
                await navigate(page, url + target.path + target.where)
            if target.act is not None:
                out["act"].append(await interact(page, target, i))
                if peer is not None:
                    out["peer"].append(await interact(peer, PEER_PAGE, i))
    finally:
        await context.close()
    return out


TARGET_CLICK_MS = 300
# Points of the map (fractions of its frame) clicked in turn: each lands in another wijk of Den Haag.
CLICK_POINTS = [(0.50, 0.50), (0.40, 0.60), (0.60, 0.40), (0.55, 0.65), (0.45, 0.35), (0.65, 0.55), (0.35, 0.45)]


async def map_clicks(browser, url: str, rounds: int) -> dict[str, list[float]]:
    """Map click → selection drawn: ms from the pointer's release on an area to the map's first draw with that
    area selected (both stamped by the component: window.__areamapClick / __areamapSelected in its frame); and
    → settled, the page's rerun for the click (its panels, the URL) included."""
    context, page = await new_page(browser)
    out: dict[str, list[float]] = {"drawn": [], "settled": []}
    try:
        await page.goto(url, timeout=TIMEOUT_MS)
        await page.wait_for_function(f"({MAP_STATE})().key !== null", timeout=TIMEOUT_MS, polling=50)
        await wait_settled(page, after=0.0)
        element = await page.query_selector("iframe[data-testid='stCustomComponentV1']")
        frame = await element.content_frame()
        box = await element.bounding_box()
        origin = await page.evaluate("() => performance.timeOrigin")
        for i in range(rounds * 2):
            if len(out["drawn"]) == rounds:
                break
            fx, fy = CLICK_POINTS[i % len(CLICK_POINTS)]
            before = await frame.evaluate("() => window.__areamapClick?.t ?? 0")
            await page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            clicked = await frame.evaluate("() => window.__areamapClick ?? null")
            if clicked is None or clicked["t"] == before:
                continue  # no area under that point
            await frame.wait_for_function(
                "c => window.__areamapSelected?.code === c.code && window.__areamapSelected.t >= c.t",
                arg=clicked, timeout=TIMEOUT_MS, polling="raf")
            out["drawn"].append(await frame.evaluate("() => window.__areamapSelected.t") - clicked["t"])
            settled = await wait_settled(page, after=clicked["t"] - origin)
            out["settled"].append(origin + settled - clicked["t"])
    finally:
        await context.close()
    return out


async def cold_round(browser, pages: tuple[Page, ...]) -> dict[str, dict]:
    """A just-started server; every page's first visit in it, each in a fresh browser context. Then the floor's
    first visit on its own just-started server (key FLOOR)."""
    from tests.conftest import start_streamlit

    out = {}
    for script, env, paths in (("serve.py", None, [p.path for p in pages]), (FLOOR, PEER_ENV, [FLOOR])):
        proc, url = start_streamlit(env=env, script=script)
        try:
            for path in paths:
                out[path] = (await visit(browser, url, Page("/" if path == FLOOR else path, "", None), 1))["nav"][0]
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return out


async def run(pages: tuple[Page, ...], cold: int, rounds: int) -> dict:
    from playwright.async_api import async_playwright

    from tests.conftest import start_streamlit

    out: dict = {"cold": [], "warm": {}}
    async with async_playwright() as pw:
        browser = await launch(pw)
        for _ in range(cold):
            out["cold"].append(await cold_round(browser, pages))
        servers = [start_streamlit(), start_streamlit(env=PEER_ENV, script=PEER),
                   start_streamlit(env=PEER_ENV, script=FLOOR)]
        peer_context, peer = await new_page(browser)
        try:
            (_, url), (_, peer_url), (_, floor_url) = servers
            await visit(browser, floor_url, Page("/", "", None), 1)  # the floor's server: its first visit (cold: above)
            out["floor"] = await visit(browser, floor_url, Page("/", "", None), rounds)
            await navigate(peer, peer_url + PEER_PAGE.path)
            await navigate(peer, peer_url + PEER_PAGE.path)  # the peer's tab, warm, for the interleaved changes
            for p in pages:
                await visit(browser, url, Page(p.path, "", None), 1)  # the server's first visit (cold: above)
                out["warm"][p.path] = await visit(browser, url, p, rounds, peer)
            out["fisher_jenks"] = await visit(browser, url, FISHER_JENKS, rounds)
            out["clicks"] = await map_clicks(browser, url, max(rounds, 3))
            out["peer"] = await visit(browser, peer_url, PEER_PAGE, rounds)  # its navigation, and more changes
        finally:
            await peer_context.close()
            for proc, _ in servers:
                proc.terminate()
                proc.wait(timeout=20)
        await browser.close()
    return out


def verdict(value: float, target: float) -> str:
    return f"target ≤ {target:g}: {'met' if value <= target else 'NOT met'}"


def peer_changes(out: dict) -> list[float]:
    """Every indicator change of the peer in the run: those between the pages' interactions and those at the end."""
    return [ms for page in out["warm"].values() for ms in page["peer"]] + out["peer"]["act"]


def navigation_lines(label: str, rows: list[dict]) -> None:
    """Navigation → first content and → settled of `rows` (bench.pages.navigate's), each against its target."""
    firsts = [r["first"] for r in rows if r["first"] is not None]
    if firsts:
        print(summary(f"  {label}: navigation → first content", firsts) + " · "
              + verdict(statistics.median(firsts), TARGET_FIRST_MS))
    else:
        print(f"  {label}: navigation → first content: nothing drawn")
    settled = [r["settled"] for r in rows]
    print(summary(f"  {label}: navigation → settled", settled) + " · "
          + verdict(statistics.median(settled), TARGET_SETTLED_MS))


def report(out: dict, pages: tuple[Page, ...]) -> None:
    peer = statistics.median(peer_changes(out))
    print(summary("  peer (plotly choropleth_map): indicator change → settled", peer_changes(out)))
    navigation_lines("peer warm", out["peer"]["nav"])
    for kind, rows in (("cold", [c[FLOOR] for c in out["cold"]]), ("warm", out["floor"]["nav"])):
        if rows:  # --cold 0: no cold rows
            navigation_lines(f"floor (bare Streamlit app, one table) {kind}", rows)
    for p in pages:
        for kind, rows in (("cold", [c[p.path] for c in out["cold"]]), ("warm", out["warm"][p.path]["nav"])):
            if rows:
                navigation_lines(f"{p.path} {kind}", rows)
        acts, between = out["warm"][p.path]["act"], out["warm"][p.path]["peer"]
        if acts:
            ratio = statistics.median(acts) / peer
            print(summary(f"  {p.path} {p.interaction} → settled", acts) + f" · {ratio:.2f}× the peer's median "
                  f"(min {min(acts) / peer:.2f}, max {max(acts) / peer:.2f}; "
                  f"{statistics.median(acts) / statistics.median(between):.2f}× the peer's changes between them, "
                  f"median {statistics.median(between):.0f} ms) · " + verdict(ratio, TARGET_RATIO))


def report_fisher_jenks(acts: list[float], peer: float) -> None:
    print(f"  {FISHER_JENKS.interaction} → settled, first view in the process: {acts[0]:.0f} ms · "
          f"{acts[0] / peer:.2f}× the peer's median")
    if len(acts) > 1:
        print(summary(f"  {FISHER_JENKS.interaction} → settled, cached", acts[1:]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10, help="warm navigations and interactions per page")
    parser.add_argument("--cold", type=int, default=3, help="just-started servers (one cold visit of each page)")
    parser.add_argument("--quick", action="store_true", help="1 cold round, 1 warm round (CI)")
    parser.add_argument("--pages", default="", help="only these pages, e.g. /trends,/vergelijk (to compare two "
                                                    "versions of the code side by side)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.cold = 1, 1
    pages = tuple(p for p in PAGES if not args.pages or p.path in args.pages.split(","))
    if not pages:
        parser.error(f"--pages: none of {args.pages!r} is a page here ({', '.join(p.path for p in PAGES)})")
    print(f"pages · {machine()} · headless Chromium, serve.py and the peer on the same machine")
    started = time.perf_counter()
    out = asyncio.run(run(pages, args.cold, args.rounds))
    report(out, pages)
    report_fisher_jenks(out["fisher_jenks"]["act"], statistics.median(peer_changes(out)))
    print(summary("  map click → selection drawn", out["clicks"]["drawn"]) + " · "
          + verdict(statistics.median(out["clicks"]["drawn"]), TARGET_CLICK_MS))
    print(summary("  map click → settled (the page's rerun for it included)", out["clicks"]["settled"]))
    print(f"  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
