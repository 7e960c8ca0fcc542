"""Time to export the default story (10 slides) to PPTX and to PDF, images included (issue #9; target ≤ 10 s each).

- cold: kaleido's browser not yet started and no cached images: what the first export after a server start costs
  (the first map image included);
- warm: the browser running, images not cached (another story, or changed data);
- cached: the same story again (images come from exports.png's cache).
Loading the data (observations, boundaries, program store) is timed apart: the app has it cached already.

Usage: python -m bench.export [--repeats N] [--quick]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable

from bench.common import machine, summary


def _ms(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repeat: CI checks the script still runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeats = 1
    os.environ.setdefault("WIJKDASHBOARD_DB_DIR", tempfile.mkdtemp(prefix="bench-export-"))

    from exports import png
    from exports.pdf import to_pdf
    from exports.pptx import to_pptx
    from presentation.slides import build_story, export_date, load_data, story_url
    from presentation.story import default_story

    story = default_story()
    lang = "nl"
    meta = {"title": story.text("title", lang), "subtitle": story.text("subtitle", lang), "date": export_date(lang),
            "url": story_url(story, lang)}
    print(f"export · {machine()} · story '{story.id}', {len(story.slides)} slides")
    load_ms, data = _ms(load_data)
    print(f"  load data (observations, boundaries, store; cached in the app): {load_ms:.0f} ms")
    build_ms, contents = _ms(lambda: build_story(story, data, lang))
    print(f"  build slide contents (figures, tables, notes): {build_ms:.0f} ms")

    writers = {"PPTX": lambda: to_pptx(contents, lang, **meta), "PDF": lambda: to_pdf(contents, lang, **meta)}
    for name, write in writers.items():
        cold, warm, cached = [], [], []
        for _ in range(args.repeats):
            png.shutdown()
            png.clear_cache()
            ms, payload = _ms(write)
            cold.append(ms)
            png.clear_cache()
            warm.append(_ms(write)[0])
            cached.append(_ms(write)[0])
        print(summary(f"  {name} cold (browser start + all images)", cold))
        print(summary(f"  {name} warm (browser running, images rendered)", warm))
        print(summary(f"  {name} cached images", cached))
        print(f"  {name} size: {len(payload) / 1024:.0f} KB · target ≤ 10 s cold: "
              f"{'met' if max(cold) <= 10_000 else 'MISSED'}")
    png.shutdown()


if __name__ == "__main__":
    main()
