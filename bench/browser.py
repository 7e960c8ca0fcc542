"""The map in headless Chromium: cold start → first map drawn, indicator change → map and legend updated, bytes.

Usage: python -m bench.browser [--changes N] [--cold N] [--quick]

Everything is measured in the page, not with sleeps or Python-side times: an init script wraps window.WebSocket
(a performance.now() stamp and the size of every frame sent and received), a MutationObserver stamps when the
legend's text changes, and the map component stamps when it drew a rerun's colours (`window.__areamap` in its
iframe: performance.timeOrigin + performance.now(), comparable across frames). Per change:
- updated = max(map drawn, legend changed) − first WebSocket frame sent for the change;
- round trip = last frame received for the rerun − first frame sent;
- bytes = the sizes of the WebSocket frames the page received for the rerun (decompressed, as the page sees them).
Cold start: a fresh browser context (empty cache) from navigation start to the first map drawn; the first one is
against a freshly started server (`streamlit run serve.py`: it loaded the data and the default maps before taking
requests, as in production; no session has run yet), the others against the warm server.
Indicator changes are measured on that server as it runs in production (after a level's first map, the other
indicators' views are computed in the background: ui.cache.warm_map_views), and once more at buurt level on a
second server with the warm-up off, where every change is the first view of its indicator in the process.
The page instrumentation (INIT_SCRIPT: frames, settle stamps, first content, script runs; wait_settled,
choose_option) is shared with bench/pages.py, which times every page the same way.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

from playwright.async_api import Error as PlaywrightError

from bench.common import machine, summary

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000
QUIET_MS = 400  # the rerun is over when no frame arrived for this long (only used to find its last frame)

# What counts as a page's first content: a plotly chart (Streamlit's or ui/components/plotchart's), a pydeck canvas,
# a data grid, a markdown/HTML table, a presentation slide's heading (a text slide has no chart) or an image in HTML
# (the profile's locator map); drawn on the screen, that is: a table's static copy for print (ui.widgets) is in the
# page but hidden, and counted as /programmas' first content until session 36.
CONTENT = ", ".join(f"[data-testid='stMain'] {s}" for s in (
    "[data-testid='stPlotlyChart'] .main-svg", ".wijk-plot .main-svg", "[data-testid='stDeckGlJsonChart'] canvas",
    "[data-testid='stDataFrame'] canvas", "[data-testid='stTable'] table", "[data-testid='stMarkdownContainer'] table",
    "[data-testid='stHtml'] table", "[data-testid='stHtml'] img", ".wijk-html table", "[data-testid='pres-title']"))

INIT_SCRIPT = """
(() => {
  if (window.top !== window) return;  // the map's iframe has no WebSocket of its own
  const size = (d) => typeof d === 'string' ? d.length : (d.byteLength ?? d.size ?? 0);
  const log = window.__ws = {sent: [], recv: [], runs: [], settled: 0};
  const Native = window.WebSocket;
  class Logged extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener('message', (e) => {
        log.recv.push([performance.now(), size(e.data)]);
        // settled: two animation frames after the last frame received (the browser has drawn what it got)
        requestAnimationFrame(() => requestAnimationFrame(() => { log.settled = performance.now(); }));
      });
    }
    send(d) { log.sent.push([performance.now(), size(d)]); return super.send(d); }
  }
  window.WebSocket = Logged;
  window.__first = null;  // first chart, map, table or deck drawn in the main page (the map's own stamp: MAP_STATE)
  const stampFirst = () => {
    if (window.__first === null && [...document.querySelectorAll(CONTENT)].some((el) => el.getClientRects().length)) {
      window.__first = -1;
      requestAnimationFrame(() => { window.__first = performance.now(); });
    }
  };
  window.__legend = {text: null, t: 0, changes: 0};
  const watch = () => {
    const el = document.querySelector('.legend');
    const text = el ? el.textContent : null;
    if (text !== null && text !== window.__legend.text) {
      window.__legend = {text, t: performance.now(), changes: window.__legend.changes + 1};
    }
  };
  new MutationObserver(() => { watch(); stampFirst(); })
    .observe(document, {subtree: true, childList: true, characterData: true});
  // when a script run (or fragment run) ended: the app's script state leaves 'running'. A short run may start and
  // end between two callbacks of the observer: the records' old values still show it.
  let state = null;
  new MutationObserver((records) => {
    const app = document.querySelector("[data-testid='stApp']");
    const now = app && app.getAttribute('data-test-script-state');
    const ran = state === 'running' || records.some((r) => r.type === 'attributes' && r.oldValue === 'running');
    if (ran && now !== 'running') log.runs.push(performance.now());
    state = now;
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();
""".replace("CONTENT", json.dumps(CONTENT))

# The map component's last draw, in the main page's performance.now() time.
MAP_STATE = """
() => {
  const frame = document.querySelector("iframe[data-testid='stCustomComponentV1']");
  const d = frame && frame.contentWindow && frame.contentWindow.__areamap;
  return d ? {key: d.key, t: d.t - performance.timeOrigin, received: d.received - performance.timeOrigin}
           : {key: null, t: null, received: null};
}
"""

STATE = """
() => {
  const frame = document.querySelector("iframe[data-testid='stCustomComponentV1']");
  const d = frame && frame.contentWindow && frame.contentWindow.__areamap;
  return {sent: window.__ws.sent.length, recv: window.__ws.recv.length, legend: window.__legend.text,
          legendChanges: window.__legend.changes, map: d ? d.key : null};
}
"""


async def launch(playwright):
    return await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


async def new_page(browser):
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(INIT_SCRIPT)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)  # clicks and waits on a busy shared machine
    return context, page


async def open_map(page, url: str) -> dict:
    """Navigate and wait for the first map drawn; returns ms from navigation start and bytes received."""
    responses: list = []

    def collect(response) -> None:
        responses.append(response)

    page.on("response", collect)
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.wait_for_function(f"({MAP_STATE})().key !== null", timeout=TIMEOUT_MS, polling=50)
    await page.wait_for_selector(".legend", timeout=TIMEOUT_MS)
    drawn = await page.evaluate(MAP_STATE)
    await wait_quiet(page)
    ws_bytes = await page.evaluate("() => window.__ws.recv.reduce((s, f) => s + f[1], 0)")
    http_bytes = 0
    geometry_bytes = 0
    for response in responses:
        try:
            sizes = await response.request.sizes()
        except PlaywrightError:  # a response still streaming when the page is done: not counted
            sizes = {"responseBodySize": 0, "responseHeadersSize": 0}
        http_bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        if "/app/static/geo/" in response.url:
            geometry_bytes += sizes["responseBodySize"]
    page.remove_listener("response", collect)
    return {"first_map_ms": drawn["t"], "ws_bytes": ws_bytes, "http_bytes": http_bytes,
            "geometry_bytes": geometry_bytes}


async def wait_quiet(page, quiet_ms: int = QUIET_MS) -> None:
    """Until no WebSocket frame arrived for quiet_ms (checked in the page)."""
    await page.wait_for_function(
        "q => { const r = window.__ws.recv; return r.length && performance.now() - r[r.length - 1][0] > q; }",
        arg=quiet_ms, timeout=TIMEOUT_MS, polling=50)


async def wait_settled(page, after: float, quiet_ms: int = QUIET_MS) -> float:
    """Until a script run ended after `after` (page time), no other is running and the socket was quiet for
    quiet_ms; returns when the page settled: two animation frames after the last frame received.

    A run counts as ended when the app's script state left 'running' after `after`, or when frames arrived after
    `after` and the state is not 'running': a short fragment run (a few small frames) may never show 'running'."""
    await page.wait_for_function(
        """([after, q]) => {
            const r = window.__ws.recv, runs = window.__ws.runs;
            const app = document.querySelector("[data-testid='stApp']");
            const last = r.length ? r[r.length - 1][0] : -1;
            const state = app && app.getAttribute('data-test-script-state');
            const ended = (runs.length && runs[runs.length - 1] > after) || last > after;
            return ended && performance.now() - last > q
                   && window.__ws.settled > last && state !== 'running' && state !== 'rerunRequested';
        }""", arg=[after, quiet_ms], timeout=TIMEOUT_MS, polling=50)
    return await page.evaluate("() => window.__ws.settled")


async def choose_option(page, picker, keys: list[str]) -> None:
    """Open a select box or multiselect, press `keys` (e.g. ArrowDown, Enter) and wait until the browser sent the
    rerun request; the list is closed again (a multiselect stays open after a choice)."""
    sent = await page.evaluate("() => window.__ws.sent.length")
    for attempt in range(5):  # under load the list may open late or close again: only a sent rerun request counts
        await picker.click()
        try:
            await page.locator("[role='option']").first.wait_for(timeout=20_000)
            for key in keys:
                await page.keyboard.press(key)
            await page.wait_for_function("n => window.__ws.sent.length > n", arg=sent, timeout=5_000, polling=20)
            break
        except PlaywrightError:  # the list did not open, or nothing was chosen: close it and try again
            if attempt == 4:
                raise
            await page.keyboard.press("Escape")
    if await page.locator("[role='option']").count():
        await page.keyboard.press("Escape")


async def change_indicator(page, key: str = "ArrowDown") -> dict:
    """Choose the next (ArrowDown) or previous (ArrowUp) indicator in the picker; time the change in the page."""
    before = await page.evaluate(STATE)
    picker = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    await choose_option(page, picker, [key, "Enter"])
    await page.wait_for_function(f"m => ({MAP_STATE})().key !== m", arg=before["map"], timeout=TIMEOUT_MS,
                                 polling=20)
    await wait_quiet(page)
    result = await page.evaluate(
        f"""b => {{
            const sent = window.__ws.sent.slice(b.sent), recv = window.__ws.recv.slice(b.recv);
            const t0 = sent[0][0];
            const mine = recv.filter((f) => f[0] >= t0);
            const map = ({MAP_STATE})();
            const legend = window.__legend.changes > b.legendChanges ? window.__legend.t : t0;
            return {{updated: Math.max(map.t, legend) - t0, map: map.t - t0, legend: legend - t0,
                     map_received: map.received - t0,
                     roundtrip: mine[mine.length - 1][0] - t0, bytes: mine.reduce((s, f) => s + f[1], 0),
                     sent_bytes: sent.reduce((s, f) => s + f[1], 0)}};
        }}""", before)
    return result


async def level_changes(browser, url: str, level: str, changes: int) -> list[dict]:
    """Open the map at a level in a fresh context and change the indicator `changes` times (down the picker)."""
    context, page = await new_page(browser)
    await open_map(page, f"{url}/?level={level}")
    rows = [await change_indicator(page) for _ in range(changes)]
    await context.close()
    return rows


async def run(changes: int, cold: int) -> dict:
    from playwright.async_api import async_playwright

    from tests.conftest import start_streamlit
    from ui.cache import WARM_ENV

    out: dict = {"cold": [], "levels": {}}
    async with async_playwright() as pw:
        browser = await launch(pw)
        proc, url = start_streamlit()
        try:
            for _ in range(cold):
                context, page = await new_page(browser)
                out["cold"].append(await open_map(page, f"{url}/?level=buurt"))
                await context.close()
            for level in ("wijk", "buurt"):
                out["levels"][level] = await level_changes(browser, url, level, changes)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        proc, url = start_streamlit(env={WARM_ENV: "0"})
        try:
            out["levels"]["buurt, first view of each indicator (warm-up off)"] = await level_changes(
                browser, url, "buurt", changes)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        await browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--cold", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 cold start, 2 changes per level (CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.changes, args.cold = 2, 1
    print(f"browser · {machine()} · headless Chromium ({CHROMIUM}, --disable-gpu)")
    started = time.perf_counter()
    out = asyncio.run(run(args.changes, args.cold))
    cold = out["cold"]
    print(f"  cold start → first map drawn, server just started (no session yet): {cold[0]['first_map_ms']:.0f} ms")
    if len(cold) > 1:
        print(summary("  cold start → first map drawn, fresh browser context, warm server",
                      [c["first_map_ms"] for c in cold[1:]]))
    first = cold[-1]
    print(f"  first load, buurt: {first['ws_bytes'] / 1024:.1f} KB over the WebSocket + "
          f"{first['http_bytes'] / 1024:.1f} KB over HTTP (of which geometry {first['geometry_bytes'] / 1024:.1f} KB;"
          f" the rest is Streamlit's and the map's JavaScript, cached by the browser)")
    for level, rows in out["levels"].items():
        print(summary(f"  indicator change → map and legend updated, {level} (browser)", [r["updated"] for r in rows]))
        print(summary(f"  indicator change → last frame received, {level} (browser)", [r["roundtrip"] for r in rows]))
        kb = [r["bytes"] / 1024 for r in rows]
        print(f"  bytes received per indicator change, {level}: median {statistics.median(kb):.1f} KB · "
              f"min {min(kb):.1f} · max {max(kb):.1f} · n={len(kb)}")
    print(f"  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
