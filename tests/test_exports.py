"""Exports of a story and of single views (issue #9): the PPTX and the PDF are opened again and checked — number
of slides/pages, titles, the source line on each, numbers that match the program store and the RIVM mirror, the
time series as a native PowerPoint chart — and PNGs are 1920 × 1080 with legend and source in the figure."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from exports import png as png_export
from exports.pdf import FontMissing, font_paths, to_pdf
from exports.pptx import to_pptx
from indicators.observations import build_observations
from presentation.slides import build_story, export_date, load_data, story_url
from presentation.story import default_story
from texts.i18n import fmt_number, fmt_value, t

BASE = "http://dashboard.example"
STORY = default_story()
N = len(STORY.slides)


@pytest.fixture(scope="module")
def data(mirror, tmp_path_factory):
    return load_data(store_url=f"sqlite:///{tmp_path_factory.mktemp('export-store') / 'programs.sqlite'}")


@pytest.fixture(scope="module")
def contents(data):
    return {lang: build_story(STORY, data, lang, base=BASE) for lang in ("nl", "en")}


def _meta(lang: str) -> dict:
    return {"title": STORY.text("title", lang), "subtitle": STORY.text("subtitle", lang),
            "date": export_date(lang), "url": story_url(STORY, lang, BASE)}


@pytest.fixture(scope="module")
def pptx_nl(contents):
    steps: list[tuple[int, int]] = []
    payload = to_pptx(contents["nl"], "nl", progress=lambda done, total: steps.append((done, total)), **_meta("nl"))
    assert steps == [(n, N) for n in range(1, N + 1)], "the progress bar advances per slide"
    return Presentation(io.BytesIO(payload))


@pytest.fixture(scope="module")
def pdf_nl(contents, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "story_nl.pdf"
    path.write_bytes(to_pdf(contents["nl"], "nl", **_meta("nl")))
    return path


def _moerwijk_2020(lang: str) -> str:
    """Moerwijk's 'ervaren gezondheid (goed/zeer goed)' 2020, 18+, as the RIVM mirror has it (67.0)."""
    tidy = build_observations("GM0518")
    hit = tidy[(tidy["area_code"] == "WK051836") & (tidy["indicator"] == "ervaren_gezondheid_goed_zeer_goed")
               & (tidy["year"] == 2020) & (tidy["age"] == "18plus")]
    return fmt_value(float(hit["value"].iloc[0]), "percent", lang)


def _gli(data) -> dict[int, float]:
    rows = data.counts[(data.counts["program"] == "gli") & (data.counts["area"] == "haaglanden_gli")]
    return {d.year: float(v) for d, v in zip(rows["period_start"], rows["value_low"])}


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


# --- PPTX ---------------------------------------------------------------------------------------------------------


def test_pptx_has_a_title_slide_and_one_slide_per_view(pptx_nl, contents):
    slides = list(pptx_nl.slides)
    assert len(slides) == N + 1
    assert slides[0].shapes.title.text == STORY.text("title", "nl")
    assert BASE in "\n".join(_texts(slides[0]))
    for slide, content in zip(slides[1:], contents["nl"]):
        assert slide.shapes.title.text == content.title
        source = next(s for s in slide.shapes if s.name == "Source").text_frame.text
        assert content.source in source and content.url in source
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    assert pptx_nl.slide_width * 9 == pptx_nl.slide_height * 16  # 16:9


def test_pptx_source_and_year_on_every_view_slide(pptx_nl):
    for slide in list(pptx_nl.slides)[1:]:
        source = next(s for s in slide.shapes if s.name == "Source").text_frame.text
        assert source.startswith(("RIVM", "Bron:", "CBS")), source
        assert any(str(year) in source for year in range(2012, 2026)), source


def test_pptx_map_slide_is_an_image_with_the_mirror_value(pptx_nl):
    slide = list(pptx_nl.slides)[2]  # title slide, opening verhaal, then the first map
    assert slide.shapes.title.text.startswith("Ervaren gezondheid")
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1 and pictures[0].image.size == (1920, 1080)
    expected = _moerwijk_2020("nl")
    assert expected == "67,0%"
    assert f"Moerwijk: {expected}" in slide.notes_slide.notes_text_frame.text
    assert any(expected in text for text in _texts(slide))  # the key numbers beside the map


def test_pptx_gli_series_is_native_columns_labelled_with_their_periods(pptx_nl, data):
    slide = next(s for s in pptx_nl.slides if s.shapes.title.text.startswith("Gecombineerde leefstijlinterventie"))
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0]
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED  # counts of periods: no line between them (#17)
    expected = _gli(data)
    assert list(chart.plots[0].categories) == [f"{y} (1 jaar)" for y in sorted(expected)]
    (series,) = chart.series
    assert list(series.values) == [expected[y] for y in sorted(expected)]
    assert series.values[-1] == 4638
    assert "2023: 4.638 deelnemers" in slide.notes_slide.notes_text_frame.text


def test_pptx_range_is_two_series_low_and_high(pptx_nl):
    slide = next(s for s in pptx_nl.slides if s.shapes.title.text == "Brugfunctionarissen")
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    values = {s.name: list(s.values) for s in chart.series}
    assert values["Den Haag (laag)"] == [79] and values["Den Haag (hoog)"] == [92]
    assert values["Den Haag Zuidwest"] == [12]


def test_pptx_comparison_is_a_native_column_chart(pptx_nl):
    slide = next(s for s in pptx_nl.slides if s.shapes.title.text.startswith("Focuswijken vergeleken"))
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    values = {s.name: list(s.values) for s in chart.series}
    assert values["Moerwijk"][0] == float(_moerwijk_2020("en").rstrip("%"))
    assert {"Den Haag", "Nederland"} <= set(values)


def test_pptx_verhaal_slides_carry_the_quote(pptx_nl):
    slide = next(s for s in pptx_nl.slides if s.shapes.title.text.startswith("Moerwijk Moeders"))
    texts = "\n".join(_texts(slide))
    assert "Vrouwen kunnen meer dan ze zelf denken." in texts and "Jamila Choukoud" in texts


def test_pptx_in_english(contents, data):
    deck = Presentation(io.BytesIO(to_pptx(contents["en"], "en", **_meta("en"))))
    slide = next(s for s in deck.slides if s.shapes.title.text.startswith("Combined lifestyle intervention"))
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    assert list(chart.series[0].values)[-1] == 4638
    assert "2023: 4,638 participants" in slide.notes_slide.notes_text_frame.text


def test_single_view_pptx_has_no_title_slide(contents):
    deck = Presentation(io.BytesIO(to_pptx([contents["nl"][3]], "nl")))
    (slide,) = deck.slides
    assert slide.shapes.title.text == "Gebiedsprofiel Moerwijk"


# --- PDF ----------------------------------------------------------------------------------------------------------


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} (poppler-utils) is missing: scripts/test.sh installs it")
    return path


def _pages(path: Path) -> list[str]:
    text = subprocess.run([_poppler("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def test_pdf_has_a_cover_and_one_page_per_view(pdf_nl, contents):
    info = subprocess.run([_poppler("pdfinfo"), str(pdf_nl)], check=True, capture_output=True, text=True).stdout
    assert f"Pages: {N + 1}" in " ".join(info.split())
    pages = _pages(pdf_nl)
    assert len(pages) == N + 1
    assert STORY.text("title", "nl") in pages[0] and export_date("nl") in pages[0]
    for page, content in zip(pages[1:], contents["nl"]):
        assert " ".join(content.title.split()) in page
        assert " ".join(content.source.split()) in page, (content.number, content.source)
        assert content.url in "".join(page.split()) and export_date("nl") in page  # a long link wraps


def test_pdf_numbers_match_the_store_and_the_mirror(pdf_nl, data):
    pages = _pages(pdf_nl)
    gli_page = next(p for p in pages if "Gecombineerde leefstijlinterventie (GLI)" in p and "Dia 7" in p)
    for year, value in _gli(data).items():
        assert f"GLI-regio Haaglanden {year} {fmt_number(value, 'nl', 0)} deelnemers" in gli_page
    map_page = next(p for p in pages if "Dia 2 van" in p)
    assert f"Moerwijk {_moerwijk_2020('nl')}" in map_page
    brug = next(p for p in pages if "Dia 9 van" in p)
    assert "79–92" in brug and "85,5" not in brug


def test_pdf_embeds_the_unicode_font(pdf_nl):
    fonts = subprocess.run([_poppler("pdffonts"), str(pdf_nl)], check=True, capture_output=True, text=True).stdout
    rows = [line for line in fonts.splitlines() if "DejaVu" in line]
    assert rows and all(" yes " in f" {line} " for line in rows)


def test_pdf_in_english(contents, tmp_path):
    """Every word the handout adds to the slides is English too: FPDF's own `lang` ('en-GB') once overwrote the
    reader's language, and the cover, contents, page numbers and links came out in Dutch."""
    path = tmp_path / "en.pdf"
    path.write_bytes(to_pdf(contents["en"], "en", **_meta("en")))
    pages = _pages(path)
    assert len(pages) == N + 1 and "4,638" in " ".join(pages)
    text = " ".join(" ".join(page.split()) for page in pages)
    for key, values in (("pres_pdf_contents", {}), ("pres_pdf_slide", {"n": 2, "total": N}),
                        ("pres_pdf_page", {"page": 3}), ("pres_export_made", {"date": export_date("en")})):
        assert t(key, "en", **values) in text and t(key, "nl", **values) not in text, key
    assert t("pres_pdf_numbers_note", "en").split(".")[0] in text


def test_a_pdf_of_one_slide_counts_the_slides_of_its_story(contents, tmp_path):
    path = tmp_path / "one.pdf"
    path.write_bytes(to_pdf([contents["nl"][3]], "nl", date="5 december 2026", slides=N))
    assert t("pres_pdf_slide", "nl", n=4, total=N) in " ".join(_pages(path)[0].split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_profile_slides_legend_and_source_stay_inside_the_image(contents, lang):
    """They stand right of the spine's labels: the Dutch legend ran off the image at '┃ Den' and its source line at
    '(CC B'. Nothing is drawn in the image's right and bottom edges, and the licence is whole in the figure."""
    content = contents[lang][3]
    assert content.kind == "profile"
    image = Image.open(io.BytesIO(png_export.slide_png(content))).convert("L")
    width, height = image.size
    for box in ((width - 8, 0, width, height), (0, height - 8, width, height)):
        assert image.crop(box).getextrema() == (255, 255), box
    notes = " ".join(str(a.text) for a in content.figure.layout.annotations).replace("<br>", " ")
    assert "(CC BY 4.0)" in notes and t("nederland", lang) in notes


def test_pdf_without_the_font_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr("exports.pdf.FONT_DIR", tmp_path)
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        font_paths()


# --- PNG ----------------------------------------------------------------------------------------------------------


def test_png_of_a_map_and_a_chart_at_projector_resolution(contents):
    for content in (contents["nl"][1], contents["nl"][6]):
        image = Image.open(io.BytesIO(png_export.slide_png(content)))
        assert image.size == (1920, 1080) and image.format == "PNG"
    mapped = contents["nl"][1].figure
    assert any("50090NED" in a.text for a in mapped.layout.annotations)  # the source is inside the image
    assert [tr.name for tr in mapped.data if tr.mode == "markers"][-1] == "geen gegevens"  # the legend too


def test_images_are_cached(contents):
    png_export.clear_cache()
    before = png_export.stats()
    png_export.figure_png(contents["nl"][2].figure)
    png_export.figure_png(contents["nl"][2].figure)
    after = png_export.stats()
    assert after["rendered"] - before["rendered"] == 1 and after["cached"] - before["cached"] == 1


def test_no_png_for_a_verhaal_slide(contents):
    with pytest.raises(png_export.ExportError):
        png_export.slide_png(contents["nl"][0])


def test_a_missing_browser_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(png_export.ExportError, match="chromium"):
        png_export.browser_path()
