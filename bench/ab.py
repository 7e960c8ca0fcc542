"""Two checkouts side by side: a page's main interaction (or its navigation) on both, alternated in one browser.

Usage: python -m bench.ab [--page /profiel] [--other PATH] [--n 30] [--navigate [--cold]] [--warm] [--quick]

Starts serve.py of this checkout (A) and of `--other` (B: a checkout with ../shared beside it, e.g.
`git worktree add ../before <commit>`; by default this checkout again, which shows the noise floor) and does the
page's main interaction (bench.pages.PAGES) on A and on B in turn, `--n` times each, the order swapped every round.
Why: this machine's speed drifts over minutes (the same code's profile switch read 170 and 232 ms in two
bench.pages runs an hour apart), so two versions measured one after the other differ by more than most changes;
alternated, both are measured in the same minutes. Prints each side's median and the median paired difference,
for a navigation both until the first content and until settled (bench.pages' measures), for an interaction
also the browser's main-thread time it took (CDP TaskDuration: the critical path of an area switch, and less
noisy than the time until settled). `--warm`: each server first shows every page for several views (WARM_VIEWS),
as a server that has run for a while holds them in its caches. `--cold` (with --navigate): each navigation in a
browser context of its own, a first visit with nothing cached (bench.pages' cold first content, on a server that
has shown the page before).
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import time
from pathlib import Path

from bench.browser import launch, new_page
from bench.common import ROOT, machine, summary
from bench.pages import PAGES, Page, interact, navigate


def revision(root: Path) -> str:
    """The checkout's commit (short), '+' when its files differ from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout.strip()

    return (git("rev-parse", "--short", "HEAD") or "?") + ("+" if git("status", "--porcelain", "--untracked-files=no")
                                                          else "")


# Views each page is shown in before measuring with --warm: three gemeenten, both languages, both levels, both ages.
WARM_VIEWS = ("", "?gemeente=GM0503&lang=en", "?level=buurt&age=65plus", "?gemeente=GM0599&lang=en&level=buurt")


async def warm_up(page, url: str) -> None:
    """Every page in every WARM_VIEWS view, one after the other, in one tab."""
    for query in WARM_VIEWS:
        for target in PAGES:
            await navigate(page, url + target.path + query)


async def main_thread_ms(cdp) -> float:
    """The browser main thread's busy time so far (CDP Performance metric TaskDuration), in ms."""
    metrics = (await cdp.send("Performance.getMetrics"))["metrics"]
    return 1000 * next(m["value"] for m in metrics if m["name"] == "TaskDuration")


async def alternate(urls: list[str], target: Page, n: int, navigate_only: bool, warm: bool = False,
                    cold: bool = False) -> dict[str, list[list[float]]]:
    """ms per measure, side and round: the interaction until settled and the browser's main-thread time it took
    (opening the picker included), or (navigate_only) navigation until the first content and until settled."""
    from playwright.async_api import async_playwright

    out: dict[str, list[list[float]]] = {"first": [[], []], "settled": [[], []], "main thread": [[], []]}
    async with async_playwright() as pw:
        browser = await launch(pw)
        pages = []
        for url in urls:
            _context, page = await new_page(browser)
            if warm:
                await warm_up(page, url)
            for _ in range(2):  # the page's code cached and the server's first visit of the page behind it
                await navigate(page, url + target.path + ("" if navigate_only else target.where))
            pages.append(page)
        cdps = [await page.context.new_cdp_session(page) for page in pages]
        for cdp in cdps:
            await cdp.send("Performance.enable")
        for i in range(n):
            for side in ((0, 1) if i % 2 == 0 else (1, 0)):
                if navigate_only:
                    context, page = await new_page(browser) if cold else (None, pages[side])
                    shown = await navigate(page, urls[side] + target.path)
                    if context is not None:
                        await context.close()
                    out["first"][side].append(shown["first"])
                    out["settled"][side].append(shown["settled"])
                else:
                    busy = await main_thread_ms(cdps[side])
                    out["settled"][side].append(await interact(pages[side], target, i))
                    out["main thread"][side].append(await main_thread_ms(cdps[side]) - busy)
        await browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    from tests.conftest import start_streamlit

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", default="/profiel", choices=[p.path for p in PAGES])
    parser.add_argument("--other", type=Path, default=ROOT, help="the checkout to compare with (default: this one)")
    parser.add_argument("--n", type=int, default=30, help="rounds: each side measured this many times")
    parser.add_argument("--navigate", action="store_true", help="the page's navigation instead of its interaction")
    parser.add_argument("--warm", action="store_true", help="each server first shows every page in several views")
    parser.add_argument("--cold", action="store_true", help="with --navigate: each visit a new browser context")
    parser.add_argument("--quick", action="store_true", help="2 rounds (CI)")
    args = parser.parse_args(argv)
    n = 2 if args.quick else args.n
    target = next(p for p in PAGES if p.path == args.page)
    navigate_only = args.navigate or target.act is None
    what = "navigation → first content and" if navigate_only else target.interaction + " →"
    roots = [ROOT, args.other.resolve()]
    print(f"ab · {machine()} · {args.page} {what} settled, the two checkouts alternated, {n} rounds"
          + (", servers warmed with every page in several views" if args.warm else "")
          + (", each visit a first one (a new browser context)" if args.cold and navigate_only else ""))
    started = time.perf_counter()
    servers = [start_streamlit(root=root) for root in roots]
    try:
        measured = asyncio.run(alternate([url for _, url in servers], target, n, navigate_only, args.warm,
                                         args.cold and navigate_only))
    finally:
        for proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=20)
    for measure, (a, b) in measured.items():
        if not a:
            continue
        print(f" {measure}:")
        for label, root, samples in (("A (this checkout", ROOT, a), ("B (" + str(roots[1]), roots[1], b)):
            print(summary(f"  {label}, {revision(root)})", samples))
        differences = [x - y for x, y in zip(a, b)]
        print(f"  paired difference A − B: median {statistics.median(differences):.1f} ms "
              f"(A faster in {sum(d < 0 for d in differences)} of {n} rounds)")
    print(f"  ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
