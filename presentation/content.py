"""What every medium shows of a slide (`SlideContent`), what slides are made of (`StoryData`), the links in
handouts and the projector style of the figures: shared by the slide builders, the screen and the exports."""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from charts.map_image import FONT
from charts.markup import line_count
from indicators.stories import AreaStory, story_markdown
from indicators.view import View, view_link
from presentation.story import Slide, Story, slide_view
from programs.seed import REPORT_TITLE, REPORT_YEAR
from texts.i18n import t

ENV_BASE_URL = "WIJKDASHBOARD_BASE_URL"
SPINE_LEGEND = "spine_legend"  # the name of the legend drawn into the profile's figure: the screen shows it as text
FIG_WIDTH, FIG_HEIGHT = 1280, 720  # the figures' layout size; exports render them at scale 1.5 (1920 × 1080)
FONT_SIZE = 20
KEY_NUMBERS = 4  # the figures listed beside a chart (what fits a 1024 × 768 projector in 24 px type)
SEED_PATH = re.compile(r"\s*\((?:[./\w-]*/)?seeds/[^)]*\)")  # "(seeds/003_….txt)": our copy, not the document


@dataclass(frozen=True)
class StoryData:
    """What slides are made of: observations, boundaries per level, program counts and area names."""

    gemeente: str
    tidy: pd.DataFrame
    areas: Mapping[str, gpd.GeoDataFrame]  # level (wijk, buurt) -> boundaries with code, name
    counts: pd.DataFrame  # programs.store.list_counts
    gemeente_names: Mapping[str, str] = field(default_factory=dict)
    # the wijken and buurten of the gemeenten the counts lie in (programs.table.count_gemeenten), code -> name: a
    # program slide names Den Haag's counts by Den Haag's areas whichever gemeente the story shows
    count_area_names: Mapping[str, str] = field(default_factory=dict)

    def gemeente_name(self, code: str, lang: str) -> str:
        """'Den Haag' / 'The Hague' for GM0518 (CBS calls it 's-Gravenhage), else the CBS name, else the code."""
        return t("den_haag", lang) if code == "GM0518" else self.gemeente_names.get(code, code)

    def city(self, lang: str) -> str:
        return self.gemeente_name(self.gemeente, lang)

    def names(self, lang: str) -> dict[str, str]:
        names = {code: self.gemeente_name(code, lang) for code in self.gemeente_names}
        names.update(self.count_area_names)
        names[self.gemeente] = self.city(lang)
        for frame in self.areas.values():
            names.update(zip(frame["code"], frame["name"]))
        return names


def load_data(gemeente: str = "GM0518", store_url: str | None = None) -> StoryData:
    """Everything from disk (no Streamlit caches): for the benchmark, tests and scripts."""
    from geo.boundaries import gemeente_names, read_areas, wijk_buurt_names
    from indicators.observations import build_observations
    from programs import store
    from programs.table import count_gemeenten

    counts = store.read_counts(store_url)
    return StoryData(gemeente, build_observations(gemeente),
                     {level: read_areas(gemeente, level) for level in ("wijk", "buurt")}, counts, gemeente_names(),
                     wijk_buurt_names(count_gemeenten(counts["area"])))


@dataclass(frozen=True)
class NativeChart:
    """A chart PowerPoint draws itself (editable, clustered columns): categories on the x axis, one value list per
    series."""

    kind: str  # what it shows: "bar" (the shape's name in the deck)
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    number_format: str
    y_title: str
    colours: list[str] = field(default_factory=list)  # "#RRGGBB" per series


@dataclass(frozen=True)
class SlideContent:
    number: int  # 1-based
    kind: str  # map | profile | compare | program | verhaal
    title: str
    subtitle: str = ""
    source: str = ""
    notes: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # the numbers as text, for the handout
    key_numbers: list[tuple[str, str]] = field(default_factory=list)  # (label, value): beside the chart
    key_title: str = ""
    figure: go.Figure | None = None
    chart: NativeChart | None = None
    text: str = ""
    quote: str = ""
    quote_by: str = ""
    url: str = ""
    problem: str = ""
    legend: str = ""  # the HTML legend of the figure (the profile's, drawn in as SPINE_LEGEND): the screen shows it as text
    # The figure as an HTML table, for a phone's browser (the profile's spine, charts.spine_html): the figure's value,
    # reference and trend columns are laid out for a beamer's width and left a phone only the labels in view.
    phone_html: str = ""


def base_url() -> str:
    """Where the dashboard is reached, for the links in handouts: $WIJKDASHBOARD_BASE_URL; unset, '' (the links
    are the view's path and query, which a reader can put after the address they use)."""
    return (os.environ.get(ENV_BASE_URL) or "").strip().rstrip("/")


def view_url(page: str, view: View, base: str | None = None) -> str:
    """The handout's link to `page` on `view`: the dashboard's own link (indicators.view.view_link) after the base."""
    return view_link(page, view, base=base_url() if base is None else base.rstrip("/"))


def slide_url(slide: Slide, number: int, story: Story, lang: str, base: str | None = None) -> str:
    """The link that reopens the slide's view in the dashboard (a verhaal: the slide in the presentation)."""
    view = View(lang=lang, gemeente=story.gemeente, slide=number,
                story="" if story.id == "breed_overleg" else story.id)
    page, target = slide_view(slide, view)
    return view_url(page, target, base)


def story_url(story: Story, lang: str, base: str | None = None) -> str:
    return view_url("presentatie", View(lang=lang, gemeente=story.gemeente,
                                        story="" if story.id == "breed_overleg" else story.id), base)


def document_source(source: str, lang: str) -> str:
    """A story's source as a reader can find it: the document's title, its date and the section, never the path
    of our copy ('5 jaar … (seeds/003_….txt), §Voorwoord' -> '5 jaar … (2024), §Voorwoord')."""
    text = SEED_PATH.sub("", source).strip()
    if REPORT_TITLE in text and str(REPORT_YEAR) not in text:
        title, sep, section = text.partition(", ")
        text = f"{title} ({t('pres_report_year', lang, year=REPORT_YEAR)}){sep}{section}"
    return text


def story_card(story: AreaStory, lang: str) -> str:
    """A story as the profile shows it: its source names the report and its year ('rapport uit 2024'), never
    the file name of our copy of it (document_source, as on a slide)."""
    shown = replace(story, source=document_source(story.source, lang))
    return story_markdown(shown, t("prof_story_source", lang, source=""))


def export_date(lang: str, today: dt.date | None = None) -> str:
    from babel.dates import format_date

    from texts.i18n import LOCALES

    return format_date(today or dt.date.today(), "d MMMM y", locale=LOCALES.get(lang, "nl_NL"))


def style(fig: go.Figure, top: int | None = None) -> go.Figure:
    """Projector style: larger type, the layout size of the exports, no title (the slide has one)."""
    fig.update_layout(width=FIG_WIDTH, height=FIG_HEIGHT, font={"family": FONT, "size": FONT_SIZE},
                      title={"text": ""}, paper_bgcolor="#ffffff")
    if top is not None:
        fig.update_layout(margin={"t": top})
    return fig


SOURCE_LINE_PX = 22  # a line of a source note in FONT_SIZE - 4 px type


def source_room(text: str, below: int) -> int:
    """The bottom margin a source note `below` px under the plot needs: every one of its lines and a little air,
    so an image of the figure shows all of them (a fixed margin cut the third line of a program's source)."""
    return below + 12 + SOURCE_LINE_PX * line_count(text)


def footer(fig: go.Figure, text: str, bottom: int = 60) -> go.Figure:
    """The source line as an annotation under the plot (`bottom` px below it, past the axis labels), so an image
    of the figure carries it."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-bottom, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font={"size": FONT_SIZE - 4, "color": "#444"})
    fig.update_layout(margin={"b": source_room(text, bottom)})
    return fig


def break_lines(text: str, width: int = 120) -> str:
    """A long source line over several lines (<br>) of at most `width` characters so it stays inside the image: at
    its ' · ' between sources, and within a source longer than a line at its spaces."""
    parts, line = [], ""
    for piece in text.split(" · "):
        sep = " · "
        for word in [piece] if len(piece) <= width else piece.split(" "):
            if line and len(line) + len(sep) + len(word) > width:
                parts.append(line)
                line = word
            else:
                line = f"{line}{sep}{word}" if line else word
            sep = " "
    parts.append(line)
    return "<br>".join(parts)
