"""A slide → what every medium shows of it: title, subtitle, numbers table, source line, speaker notes, figure.

The screen (/presentatie), the PPTX, the PDF and the PNG all read the same `SlideContent`
(`presentation.content`), so a number on the projector is the number in the handout. By job:
- `data_slides`: map, profile and comparison slides of the CBS/RIVM data;
- `program_slide`: a program's counts from the store, each with its period;
- here: the verhaal slide (a story of data/stories.yaml or the slide's own text with its quote: "tellen én
  vertellen") and `build_slide` / `build_story`.
A slide that cannot be built (an indicator or program that no longer exists) gets a `problem` text instead of
raising, so one bad slide never breaks a presentation.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from indicators.catalogue import Catalogue, catalogue
from indicators.stories import load_stories, localise
from presentation.content import (  # noqa: F401  (the exports, the page and the benchmark import them from here)
    NativeChart,
    SlideContent,
    StoryData,
    document_source,
    export_date,
    load_data,
    slide_url,
    story_url,
)
from presentation.data_slides import compare_slide, highlight_codes, map_slide, profile_slide  # noqa: F401
from presentation.program_slide import program_slide
from presentation.story import (
    CompareSlide,
    MapSlide,
    ProfileSlide,
    ProgramSlide,
    Slide,
    Story,
    VerhaalSlide,
    text_of,
)
from texts.i18n import plotly_separators, t


def verhaal_slide(slide: VerhaalSlide, lang: str, number: int) -> SlideContent:
    text, quote, quote_by, source = text_of(slide.text, lang), text_of(slide.quote, lang), text_of(slide.quote_by, lang), \
        slide.source or ""
    title = text_of(slide.title, lang)
    if slide.story:
        raw = next((s for s in load_stories() if s.get("id") == slide.story), None)
        if raw is None:
            raise KeyError(f"no story {slide.story} in data/stories.yaml")
        story = localise(raw, lang)
        title = title or story.title
        text = text or story.summary
        quote = quote or (story.quote or "")
        quote_by = quote_by or (story.quote_by or "")
        source = source or story.source
    quote = quote.strip().strip('“”"')
    source_text = t("pres_story_source", lang, source=document_source(source, lang)) if source else ""
    notes = [title, text]
    if quote:
        notes.append(f"“{quote}” — {quote_by}" if quote_by else f"“{quote}”")
    notes.append(source_text)
    return SlideContent(number, "verhaal", title or t("pres_verhaal", lang), t("pres_verhaal_subtitle", lang),
                        source_text, "\n".join(n for n in notes if n), text=text, quote=quote, quote_by=quote_by)


# --- a whole story --------------------------------------------------------------------------------------------


def build_slide(slide: Slide, number: int, story: Story, data: StoryData, lang: str,
                cat: Catalogue | None = None, base: str | None = None) -> SlideContent:
    """One slide's content; never raises for a slide whose data went missing (see `SlideContent.problem`)."""
    cat = cat or catalogue()
    if slide.note:
        extra = text_of(slide.note, lang)
    else:
        extra = ""
    try:
        if isinstance(slide, MapSlide):
            content = map_slide(slide, data, cat, lang, number)
        elif isinstance(slide, ProfileSlide):
            content = profile_slide(slide, data, cat, lang, number)
        elif isinstance(slide, CompareSlide):
            content = compare_slide(slide, data, cat, lang, number)
        elif isinstance(slide, ProgramSlide):
            content = program_slide(slide, data, lang, number)
        else:
            content = verhaal_slide(slide, lang, number)
    except (KeyError, ValueError, IndexError, StopIteration) as exc:
        reason = exc.args[0] if exc.args else type(exc).__name__
        return SlideContent(number, slide.type, text_of(slide.title, lang) or t(f"pres_type_{slide.type}", lang),
                            problem=t("pres_slide_problem", lang, reason=reason),
                            url=slide_url(slide, number, story, lang, base))
    notes = content.notes + (f"\n{extra}" if extra else "")
    if content.figure is not None:  # the axes' numbers as the slide's: 4.500 in Dutch
        content.figure.update_layout(separators=plotly_separators(lang))
    return replace(content, notes=notes, url=slide_url(slide, number, story, lang, base))


def build_story(story: Story, data: StoryData, lang: str, base: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[SlideContent]:
    cat = catalogue()
    out = []
    for n, slide in enumerate(story.slides, start=1):
        out.append(build_slide(slide, n, story, data, lang, cat, base))
        if progress:
            progress(n, len(story.slides))
    return out
