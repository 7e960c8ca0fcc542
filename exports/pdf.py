"""A handout of a story (or one view) as an A4 PDF: a cover page, then one page per view with its figure, a table of
its numbers, its sources, the date and a link that reopens the view in the dashboard.

The text font is DejaVu Sans (Debian's fonts-dejavu-core), embedded, so every character (ë, €, −, “ ”, ⚠) prints;
the figures are the same 1920 × 1080 images as in the PPTX and the PNG (exports.png).
"""
from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from exports.png import figure_png
from presentation.slides import SlideContent
from texts.i18n import t

FONT_DIR = Path(os.environ.get("WIJKDASHBOARD_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
PAGE_W, MARGIN = 210, 15
BODY_W = PAGE_W - 2 * MARGIN
IMAGE_H = BODY_W * 9 / 16
GREY, DARK, ACCENT = (85, 85, 85), (34, 34, 34), (213, 94, 0)
APP = "Wijkdashboard Gezond en Gelukkig Den Haag"
MIME = "application/pdf"

Progress = Callable[[int, int], None]


class FontMissing(RuntimeError):
    pass


def font_paths() -> dict[str, Path]:
    """The DejaVu TTF files; a clear error when Debian's fonts-dejavu-core is not installed."""
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise FontMissing(f"The PDF handout needs the DejaVu fonts ({', '.join(missing)} not found): "
                          "apt-get install fonts-dejavu-core (scripts/test.sh installs it), or point "
                          "WIJKDASHBOARD_FONT_DIR at a folder with DejaVuSans.ttf, -Bold and -Oblique.")
    return paths


class Handout(FPDF):
    def __init__(self, lang: str, date: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        # not `lang`: FPDF's set_lang (the document's language for readers) writes its own `lang`, 'en-GB'
        self.reader_lang, self.date = lang, date
        for style, path in font_paths().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=18)
        self.set_title(APP)
        self.set_author(APP)
        self.set_lang("nl-NL" if lang == "nl" else "en-GB")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{APP} · {self.date} · {t('pres_pdf_page', self.reader_lang, page=self.page_no())}/{{nb}}",
                  align="C")


def _write(pdf: Handout, text: str, size: float, style: str = "", colour=DARK, height: float | None = None,
           link: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(BODY_W, height or size * 0.5, text, link=link, align="L", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: Handout, content: SlideContent) -> None:
    table = content.table
    if table is None or table.empty:
        return
    columns = [str(c) for c in table.columns]
    first = 2.2 if len(columns) > 3 else 1.6
    widths = [first] + [1.0] * (len(columns) - 1)
    size = 9 if len(columns) <= 5 else 8
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*DARK)
    pdf.set_draw_color(190, 190, 190)
    head = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(columns) - 1), line_height=size * 0.5,
                   headings_style=head, first_row_as_headings=True, width=BODY_W) as grid:
        row = grid.row()
        for column in columns:
            row.cell(column)
        for values in table.astype(str).itertuples(index=False):
            row = grid.row()
            for value in values:
                row.cell(value)
    pdf.ln(2)


def _slide_page(pdf: Handout, content: SlideContent, total: int) -> None:
    pdf.add_page()
    lang = pdf.reader_lang
    _write(pdf, t("pres_pdf_slide", lang, n=content.number, total=total), 8, colour=GREY)
    _write(pdf, content.title, 17, "B", height=8)
    if content.subtitle:
        _write(pdf, content.subtitle, 10.5, colour=GREY, height=5.5)
    pdf.ln(2)
    if content.problem:
        _write(pdf, content.problem, 12, colour=ACCENT, height=6)
    elif content.kind == "verhaal":
        if content.quote:
            pdf.ln(2)
            _write(pdf, f"“{content.quote}”", 15 if len(content.quote) < 200 else 12.5, "I", height=7.5)
            if content.quote_by:
                _write(pdf, f"— {content.quote_by}", 10.5, colour=ACCENT, height=6)
            pdf.ln(4)
        if content.text:
            _write(pdf, content.text, 10.5, height=5.6)
    elif content.figure is not None:
        png = figure_png(content.figure)
        pdf.image(io.BytesIO(png), x=MARGIN, w=BODY_W, h=IMAGE_H,
                  alt_text=f"{content.title}. {content.subtitle}")
        pdf.ln(3)
    if not content.problem:
        _table(pdf, content)
    pdf.ln(1)
    _write(pdf, content.source, 8.5, colour=GREY, height=4.2)
    if content.url:
        pdf.ln(1)
        _write(pdf, t("pres_pdf_link", lang, url=content.url), 8.5, colour=(0, 90, 160), height=4.2,
               link=content.url)


def _cover(pdf: Handout, contents: Sequence[SlideContent], title: str, subtitle: str, url: str) -> None:
    pdf.add_page()
    lang = pdf.reader_lang
    pdf.ln(20)
    _write(pdf, title, 24, "B", height=11)
    if subtitle:
        _write(pdf, subtitle, 13, colour=GREY, height=7)
    pdf.ln(4)
    _write(pdf, t("pres_export_made", lang, date=pdf.date), 10.5, height=6)
    if url:
        _write(pdf, url, 10, colour=(0, 90, 160), height=6, link=url)
    pdf.ln(8)
    _write(pdf, t("pres_pdf_contents", lang), 13, "B", height=7)
    pdf.set_font(FONT, "", 10.5)
    pdf.set_text_color(*DARK)
    for content in contents:
        pdf.cell(12, 6.5, f"{content.number}.")
        pdf.multi_cell(BODY_W - 12, 6.5, content.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    _write(pdf, t("pres_pdf_numbers_note", lang), 9, colour=GREY, height=4.8)


def to_pdf(contents: Sequence[SlideContent], lang: str, *, date: str, title: str | None = None, subtitle: str = "",
           url: str = "", progress: Progress | None = None, slides: int | None = None) -> bytes:
    """The handout as PDF bytes. With a `title` a cover page with contents comes first (a story); without, only
    the view pages. `progress(done, total)` is called after each page of a view. `slides`: how many the story
    has, when `contents` are some of them (a page says 'Slide 4 of 10')."""
    pdf = Handout(lang, date)
    pdf.alias_nb_pages()
    if title:
        _cover(pdf, contents, title, subtitle, url)
    for n, content in enumerate(contents, start=1):
        _slide_page(pdf, content, slides or len(contents))
        if progress:
            progress(n, len(contents))
    return bytes(pdf.output())
