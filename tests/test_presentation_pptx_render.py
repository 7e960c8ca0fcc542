"""The PowerPoint of the default story as a projector shows it (issue #17): rendered headless by Debian's
LibreOffice Impress (to PDF, then one PNG per slide with poppler, kept in test-artifacts/presentatie_pptx/), and
every rendered line of text stays inside the slide and inside the text box it belongs to (the box's extent in the
deck against the line's box in the rendering), and no two rendered lines overlap."""
from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from exports.pptx import to_pptx
from presentation.slides import build_story, export_date, load_data, story_url
from presentation.story import default_story

SOFFICE = "/usr/bin/soffice"
TOLERANCE = 2.0  # points
OVERFLOW_REACH = 40.0  # points below a box where a line may still be its overflow (beyond: a chart's legend, ...)
LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)


def _pt(emu: int) -> float:
    return Emu(emu).pt


def _norm(text: str) -> str:
    return " ".join(text.split())


def _lines(page_html: str) -> list[tuple[float, float, float, float, str]]:
    return [(float(a), float(b), float(c), float(d), _norm(" ".join(unescape(w) for w in WORD.findall(body))))
            for a, b, c, d, body in LINE.findall(page_html)]


@pytest.fixture(scope="module")
def rendered(mirror, tmp_path_factory):
    if not Path(SOFFICE).exists():
        pytest.fail(f"{SOFFICE} is missing: scripts/test.sh installs Debian's libreoffice-impress")
    folder = tmp_path_factory.mktemp("pptx-render")
    story = default_story()
    data = load_data(store_url=f"sqlite:///{folder / 'programs.sqlite'}")
    contents = build_story(story, data, "nl")
    deck = folder / "breed_overleg_nl.pptx"
    deck.write_bytes(to_pptx(contents, "nl", title=story.text("title", "nl"), subtitle=story.text("subtitle", "nl"),
                             date=export_date("nl"), url=story_url(story, "nl")))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--convert-to",
                    "pdf", "--outdir", str(folder), str(deck)], check=True, capture_output=True, timeout=300)
    pdf = folder / "breed_overleg_nl.pdf"
    out = Path(__file__).resolve().parents[1] / "test-artifacts" / "presentatie_pptx"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "dia")], check=True, timeout=300)
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                            text=True, timeout=120).stdout
    pages = layout.split("<page ")[1:]
    return Presentation(str(deck)), pages, sorted(out.glob("dia*.png"))


def test_one_png_per_slide(rendered):
    deck, pages, pngs = rendered
    assert len(pngs) == len(deck.slides) == len(pages) == 11


def test_no_text_leaves_the_slide_or_its_box_or_overlaps(rendered):
    deck, pages, _ = rendered
    width, height = _pt(deck.slide_width), _pt(deck.slide_height)
    problems = []
    for n, (slide, page) in enumerate(zip(deck.slides, pages), start=1):
        lines = _lines(page)
        assert lines, f"slide {n}: no text rendered"
        for x0, y0, x1, y1, text in lines:
            if x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > width + TOLERANCE or y1 > height + TOLERANCE:
                problems.append(f"slide {n}: off the slide: {text!r}")
        boxes = [(shape.name, _pt(shape.left), _pt(shape.top), _pt(shape.left) + _pt(shape.width),
                  _pt(shape.top) + _pt(shape.height), _norm(shape.text_frame.text)) for shape in slide.shapes
                 if shape.has_text_frame and shape.text_frame.text.strip()]
        owned = []  # (box, line): each line belongs to the nearest box above it whose text holds it
        for line in lines:
            x0, y0, x1, y1, text = line
            homes = [b for b in boxes if text and text in b[5] and b[1] - TOLERANCE <= x0 <= b[3]
                     and b[2] - TOLERANCE <= y0 <= b[4] + OVERFLOW_REACH]
            if homes:
                owned.append((max(homes, key=lambda b: b[2]), line))
        for box, (x0, y0, x1, y1, text) in owned:
            if y1 > box[4] + TOLERANCE or x1 > box[3] + TOLERANCE:
                problems.append(f"slide {n}: {text!r} runs out of its box {box[0]!r} "
                                f"({x1:.0f},{y1:.0f} > {box[3]:.0f},{box[4]:.0f})")
        for i, (box_a, a) in enumerate(owned):  # lines of one box may touch (line spacing); of two, never
            for box_b, b in owned[i + 1:]:
                if box_a is not box_b and min(a[2], b[2]) - max(a[0], b[0]) > TOLERANCE \
                        and min(a[3], b[3]) - max(a[1], b[1]) > TOLERANCE:
                    problems.append(f"slide {n}: {a[4]!r} ({box_a[0]}) overlaps {b[4]!r} ({box_b[0]})")
    assert not problems, "\n".join(problems)
