"""A story (or one view) as a PowerPoint deck, 16:9: one slide per view.

Every slide has its title (a real title placeholder, so the outline and screen readers see it), the source and
year in a text box at the bottom, and speaker notes with the numbers. Maps and the profile's spine chart are
images (charts.map_image / charts.spine via exports.png, 1920 × 1080). Program series and comparisons are NATIVE
PowerPoint charts — editable, with the values in the chart's own sheet: clustered columns, for program counts one
category per period labelled with its length (a range as two series, low and high) and for comparisons one per
indicator.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from exports.png import figure_png
from presentation.slides import NativeChart, SlideContent
from texts.i18n import t

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's 16:9
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_H = Inches(0.3), Inches(0.9)
BODY_TOP = Inches(1.55)
SOURCE_TOP, SOURCE_H = Inches(6.85), Inches(0.55)
DARK = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0xD5, 0x5E, 0x00)
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

Progress = Callable[[int, int], None]


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _text(slide, left, top, width, height, text: str, size: int, *, bold: bool = False, italic: bool = False,
          colour: RGBColor = DARK, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, name: str = ""):
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for n, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.color.rgb = colour
    return box


def _title(slide, title: str, subtitle: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, TITLE_TOP, SLIDE_W - 2 * MARGIN, TITLE_H
    shape.text = title
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for para in frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(32 if len(title) < 60 else 26)
            run.font.bold = True
            run.font.color.rgb = DARK
    if subtitle:  # one line of 16 pt, or two of 12 pt when long (a program's reading note)
        _text(slide, MARGIN, TITLE_TOP + TITLE_H, SLIDE_W - 2 * MARGIN, BODY_TOP - TITLE_TOP - TITLE_H, subtitle,
              16 if len(subtitle) <= 95 else 12, colour=GREY, name="Subtitle")


def _source(slide, content: SlideContent, lang: str) -> None:
    lines = [content.source] if content.source else []
    if content.url:
        lines.append(content.url)
    _text(slide, MARGIN, SOURCE_TOP, SLIDE_W - 2 * MARGIN, SOURCE_H, "\n".join(lines), 10, colour=GREY,
          name="Source")


def _notes(slide, content: SlideContent) -> None:
    slide.notes_slide.notes_text_frame.text = content.notes


def _key_numbers(slide, content: SlideContent, left, width) -> None:
    if not content.key_numbers:
        return
    box = slide.shapes.add_textbox(left, BODY_TOP + Inches(0.2), width, Inches(5.0))
    box.name = "Key numbers"
    frame = box.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = content.key_title
    run.font.size, run.font.bold, run.font.color.rgb = Pt(15), True, GREY
    long = len(content.key_numbers) > 5 or max(len(v) for _, v in content.key_numbers) > 14
    size_label, size_value = (14, 22) if not long else (12, 17)
    for label, value in content.key_numbers:
        para = frame.add_paragraph()
        para.space_before = Pt(8)
        run = para.add_run()
        run.text = label
        run.font.size, run.font.color.rgb = Pt(size_label), DARK
        para = frame.add_paragraph()
        run = para.add_run()
        run.text = value
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size_value), True, ACCENT


def _picture(slide, content: SlideContent, left, top, width) -> None:
    png = figure_png(content.figure)
    pic = slide.shapes.add_picture(io.BytesIO(png), left, top, width=width)
    pic.name = f"{content.kind} image"
    alt = f"{content.title}. {content.subtitle}. {content.source}"
    pic._element.nvPicPr.cNvPr.set("descr", alt)


def _native_chart(slide, chart: NativeChart, left, top, width, height) -> None:
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values, number_format=chart.number_format)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, left, top, width, height, data)
    frame.name = f"{chart.kind} chart"
    graph = frame.chart
    graph.font.size = Pt(14)
    graph.has_title = False  # the slide has the title; PowerPoint would name a single series' chart after it
    graph.has_legend = True
    graph.legend.position = XL_LEGEND_POSITION.BOTTOM
    graph.legend.include_in_layout = False
    graph.value_axis.has_major_gridlines = True
    graph.value_axis.tick_labels.number_format = chart.number_format
    graph.value_axis.tick_labels.number_format_is_linked = False
    graph.value_axis.has_title = True
    graph.value_axis.axis_title.text_frame.text = chart.y_title
    graph.value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
    plot = graph.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = chart.number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(11)
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.gap_width = 60
    for n, series in enumerate(plot.series):
        if n < len(chart.colours):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(chart.colours[n])


def _verhaal(slide, content: SlideContent) -> None:
    width = SLIDE_W - 2 * MARGIN
    top = BODY_TOP + Inches(0.2)
    if content.quote:
        quote = _text(slide, MARGIN + Inches(0.3), top, width - Inches(0.6), Inches(2.2), f"“{content.quote}”",
                      30 if len(content.quote) < 160 else 24, italic=True, colour=DARK, name="Quote")
        quote.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        if content.quote_by:
            _text(slide, MARGIN + Inches(0.3), top + Inches(2.2), width - Inches(0.6), Inches(0.6),
                  f"— {content.quote_by}", 16 if len(content.quote_by) <= 90 else 13, colour=ACCENT, name="Quote by")
        top += Inches(2.9)
    if content.text:
        size = 16 if len(content.text) < 700 else 14
        _text(slide, MARGIN + Inches(0.3), top, width - Inches(0.6), SOURCE_TOP - top - Inches(0.1), content.text,
              size, colour=GREY, name="Text")


def _content_slide(prs, content: SlideContent, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, content.title, content.subtitle)
    right_w = Inches(3.0)
    body_w = SLIDE_W - 2 * MARGIN
    body_h = SOURCE_TOP - BODY_TOP - Inches(0.1)
    if content.problem:
        _text(slide, MARGIN, BODY_TOP + Inches(0.5), body_w, Inches(2), content.problem, 20, colour=ACCENT)
    elif content.kind == "verhaal":
        _verhaal(slide, content)
    elif content.chart is not None:
        chart_w = body_w - right_w - Inches(0.2) if content.kind == "program" else body_w
        _native_chart(slide, content.chart, MARGIN, BODY_TOP, chart_w, body_h)
        if content.kind == "program":
            _key_numbers(slide, content, MARGIN + chart_w + Inches(0.2), right_w)
    elif content.figure is not None:
        pic_w = min(body_w - right_w - Inches(0.2), Emu(int(body_h * 16 / 9)))
        _picture(slide, content, MARGIN, BODY_TOP, pic_w)
        _key_numbers(slide, content, MARGIN + pic_w + Inches(0.2), body_w - pic_w - Inches(0.2))
    _source(slide, content, lang)
    _notes(slide, content)


def _title_slide(prs, title: str, subtitle: str, date: str, url: str, lang: str, sources: Sequence[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(2.0), SLIDE_W - 2 * MARGIN, Inches(1.6)
    shape.text = title
    for run in shape.text_frame.paragraphs[0].runs:
        run.font.size, run.font.bold, run.font.color.rgb = Pt(44), True, DARK
    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = MARGIN, Inches(3.7), SLIDE_W - 2 * MARGIN, Inches(1.4)
    sub.text = subtitle
    for para in sub.text_frame.paragraphs:
        for run in para.runs:
            run.font.size, run.font.color.rgb = Pt(24), GREY
    footer = t("pres_export_made", lang, date=date) + f"\n{url}"
    if sources:
        footer = t("pres_export_sources", lang, sources="; ".join(sources)) + "\n" + footer
    _text(slide, MARGIN, Inches(5.4), SLIDE_W - 2 * MARGIN, Inches(1.5), footer, 12, colour=GREY, name="Source")
    slide.notes_slide.notes_text_frame.text = f"{title}\n{subtitle}\n{footer}"


def short_sources(contents: Sequence[SlideContent]) -> list[str]:
    """Each source once, without its year and licence detail: for the title slide."""
    out: list[str] = []
    for content in contents:
        for part in content.source.split(" · "):
            head = part.split(", tabel ")[0].split(" · periode")[0].strip()
            for prefix in ("Bron: ", "Source: "):
                head = head.removeprefix(prefix)
            head = head.split(" (seeds/")[0].split(", §")[0]
            if head and not head.startswith(("grenzen", "boundaries", "periode", "period")) and head not in out:
                out.append(head)
    return out


def to_pptx(contents: Sequence[SlideContent], lang: str, *, title: str | None = None, subtitle: str = "",
            date: str = "", url: str = "", progress: Progress | None = None) -> bytes:
    """The slides as a .pptx (bytes). With a `title`, a title slide comes first (a story); without, only the
    slides (a single view). `progress(done, total)` is called after each slide."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = title or (contents[0].title if contents else "")
    prs.core_properties.author = "Wijkdashboard Gezond en Gelukkig Den Haag"
    prs.core_properties.language = "nl-NL" if lang == "nl" else "en-GB"
    if title:
        _title_slide(prs, title, subtitle, date, url, lang, short_sources(contents))
    for n, content in enumerate(contents, start=1):
        _content_slide(prs, content, lang)
        if progress:
            progress(n, len(contents))
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
