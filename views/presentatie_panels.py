"""How /presentatie looks: one slide full screen in large type, keyboard navigation, exports and the story builder.

The page hides the sidebar and Streamlit's header with CSS injected on this page only (the router's
`st.set_page_config` cannot be called twice). The slide number and story id live in the view (`slide`, `story`
in the URL), so a link reopens the slide. Everything shown comes from `presentation.slides.SlideContent`, the same
content the PPTX, PDF and PNG exports use.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

import plotly.graph_objects as go
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from charts.markup import tick_fit, wrap
from indicators.catalogue import catalogue
from indicators.stories import load_stories, localise
from presentation import keys
from presentation.content import SPINE_LEGEND, source_room
from presentation.slides import SlideContent, StoryData, build_slide, build_story, export_date, story_url
from presentation.story import (
    DEFAULT_STORY_ID,
    DRAFT_STORY_ID,
    SLIDE_TYPES,
    CompareSlide,
    MapSlide,
    ProfileSlide,
    ProgramSlide,
    Slide,
    Story,
    StoryError,
    VerhaalSlide,
    StoryNotFound,
    delete_story,
    list_stories,
    move,
    restore_story,
    save_story,
    slide_from_view,
    story_id_for,
    text_of,
)
from programs.store import StoreError
from ui import cache
from ui.auth import current_user
from ui.components.pager import pager
from ui.context import notice_text, relabelled, update_view, view
from ui.device import on_phone
from ui.links import page_link
from texts.i18n import t
from indicators.view import LEVELS, MODES, Notice

DRAFT_KEY = "pres_draft"
EXPORT_KEY = "pres_export"
CONFIRM_KEY = "pres_confirm_delete"  # the id of the story whose delete awaits "yes"
UNDO_KEY = "pres_undo"  # (id, title) of the story just deleted: the undo button
CONTROLS_KEY = "pres_controls_open"  # the controls' expander: True while unfolded
TITLE_KEY = "pres_b_title"
PAGER_KEY = "pres_pager"  # the remote's keys and the buttons' clicks, counted in the browser (presentation.keys)
PHONE_LEGEND_SHARE = 0.42  # a map on a phone: the lower part of its box is the legend's
PHONE_PLOT_PX = 290  # a chart's plot area on a 390 px phone
BEAMER_MAP_PX = 600  # a map slide's chart on the smallest beamer (1024 px wide)
LEGEND_ITEM_PX = 45  # what plotly adds to a legend entry's width in pixels (its symbol and gaps)
FAILED_KEY = "pres_failed"  # a refused delete or restore (callbacks run before the page: shown on it)
SLIDE_CHECKED_KEY = "pres_slide_checked"  # the link's slide was fitted to its story (the session's first run)

# The slide fills the screen it is shown on (issue #17: 1024×768 to 1920×1080) without scrolling: the stage is the
# viewport's height minus the navigation row and the controls' header below it; the title block takes what it
# needs and the chart (plotly, height "stretch", autosized) the rest. Type scales with the viewport's height, never
# below 24 px for body text (read from the back of a room of 90 at 1024×768).
CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], .st-key-pres_pager {display: none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding: .6rem 1.4rem .2rem 1.4rem !important;
  max-width: 100% !important;}
[data-testid="stMainBlockContainer"] > div > [data-testid="stVerticalBlock"] {gap: .35rem;}
[data-testid="stLayoutWrapper"]:has(> .st-key-pres_stage) {height: calc(100vh - 5.5rem) !important;
  flex: 0 0 auto !important;}
.st-key-pres_stage {height: 100% !important; flex: 1 1 auto !important; flex-wrap: nowrap !important;
  gap: .3rem !important;}
[data-testid="stLayoutWrapper"]:has(> .st-key-pres_body), .st-key-pres_body {flex: 1 1 0 !important;
  min-height: 0 !important;}
.st-key-pres_body [data-testid="stLayoutWrapper"], .st-key-pres_body [data-testid="stHorizontalBlock"],
.st-key-pres_body [data-testid="stColumn"], .st-key-pres_body [data-testid="stVerticalBlock"] {height: 100% !important;
  min-height: 0 !important;}
.st-key-pres_body [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
.st-key-pres_body [data-testid="stPlotlyChart"], .st-key-pres_body [data-testid="stPlotlyChart"] > div,
.st-key-pres_body .js-plotly-plot, .st-key-pres_body .plot-container {height: 100% !important; min-height: 0 !important;}
.pres-head {display: flex; justify-content: space-between; align-items: flex-start; gap: 1.5rem;}
.pres-title {font-size: clamp(30px, 4.2vh, 54px); font-weight: 700; line-height: 1.3; margin: 0; color: #1a1a1a;
  padding: 0 !important;}
.pres-sub {font-size: clamp(24px, 3.1vh, 32px); color: #4a4a4a; line-height: 1.3;}
.pres-counter {font-size: clamp(24px, 3.1vh, 32px); font-weight: 600; color: #0b5394; white-space: nowrap;}
.pres-source {font-size: clamp(16px, 2.1vh, 20px); color: #4a4a4a; line-height: 1.5;}
.pres-keys h4 {font-size: clamp(24px, 2.8vh, 30px); color: #4a4a4a; margin: 0 0 .1rem 0; padding: 0;}
.pres-key-label {font-size: clamp(24px, 2.6vh, 28px); color: #1a1a1a; margin-top: .3rem; line-height: 1.3;}
.pres-key-value {font-size: clamp(26px, 3.4vh, 40px); font-weight: 700; color: #b34700; line-height: 1.3;}
.pres-key-value span {white-space: nowrap;}
.pres-quote {font-size: clamp(28px, 4.2vh, 46px); font-style: italic; line-height: 1.35; color: #1a1a1a;
  margin: 1.2vh 0 .4rem 0; border-left: .4rem solid #b34700; padding-left: 1.4rem;}
.pres-quote-by {font-size: clamp(24px, 2.8vh, 30px); color: #8a3700; padding-left: 1.8rem;}
.pres-text {font-size: clamp(24px, 3.1vh, 34px); line-height: 1.4; color: #2a2a2a; margin-top: 1.6vh;}
.pres-legend {font-size: clamp(16px, 2.1vh, 20px); line-height: 1.4; color: #333;}
.pres-problem {font-size: 28px; color: #8a3700; margin: 3vh 0;}
/* A phone (a shared slide link): the slide scrolls down instead of fitting the screen; a chart laid out for a
   beamer (in a narrow desktop window: the spine's columns, the bars' labels) keeps the width of the smallest one
   and a height of its own and scrolls sideways (pres_chart_wide); a map (its legend's rows wrap in any window), the
   bars and a program chart built for a phone's browser fit its screen (chart_box), the spine is its table; long
   words in a title break; the type is sized for a hand. */
@media (max-width: 640px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-pres_stage), .st-key-pres_stage,
  [data-testid="stLayoutWrapper"]:has(> .st-key-pres_body), .st-key-pres_body,
  .st-key-pres_body [data-testid="stLayoutWrapper"], .st-key-pres_body [data-testid="stHorizontalBlock"],
  .st-key-pres_body [data-testid="stColumn"], .st-key-pres_body [data-testid="stVerticalBlock"] {height: auto !important;
    flex: 0 0 auto !important;}
  .st-key-pres_body [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {height: 440px !important;}
  .st-key-pres_chart_wide {overflow-x: auto;}
  .st-key-pres_chart_wide [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {min-width: 960px;}
  .st-key-pres_body .st-key-pres_chart_tall [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    height: 640px !important;}
  .pres-title {font-size: 28px; overflow-wrap: anywhere; hyphens: auto;}
  .pres-sub, .pres-counter, .pres-keys h4, .pres-key-label {font-size: 20px;}
  .pres-key-value {font-size: 26px;}
  .pres-quote {font-size: 24px; padding-left: .9rem;}
  .pres-quote-by, .pres-text {font-size: 20px;}
  .pres-source, .pres-legend {font-size: 15px;}
}
</style>
"""


def hide_chrome() -> None:
    st.html(CSS)


# --- data ---------------------------------------------------------------------------------------------------------


def story_data(gemeente: str, lang: str) -> StoryData:
    """The loaded data from the shared caches; program counts are read fresh from the store (as /programmas does)."""
    from ui.store import count_area_names, counts_or_empty  # without the store: the other slides still show (#11)

    counts = counts_or_empty(lang)
    return StoryData(gemeente, cache.observations(gemeente),
                     {level: cache.areas(gemeente, level) for level in LEVELS}, counts, cache.gemeenten(),
                     count_area_names(counts["area"], lang))


def _sessions():
    """The store's sessions, or None when it cannot be opened (the default story still shows)."""
    from ui.store import sessions

    try:
        return sessions()
    except SQLAlchemyError:
        return None


def _draft_story(gemeente: str, lang: str) -> Story | None:
    draft = st.session_state.get(DRAFT_KEY)
    if not draft or not draft.get("slides"):
        return None
    return Story(id=DRAFT_STORY_ID, title={lang: draft.get("name") or t("pres_draft_title", lang)},
                 gemeente=gemeente, slides=draft["slides"])


def current_story(lang: str) -> tuple[Story, dict[str, Story], dict[str, str]]:
    """The story of the view (saved, the default, or this session's unsaved draft), every story to choose from,
    and the deleted ones (id -> title) that an editor can restore."""
    try:
        listing = list_stories(_sessions())
    except SQLAlchemyError as exc:
        st.caption(t("prog_store_error", lang, error=type(exc).__name__))
        listing = list_stories(None)
    if listing.problems:
        st.caption(t("pres_story_problems", lang, files=", ".join(listing.problems)))
    stories = dict(listing.stories)
    draft = _draft_story(view().gemeente, lang)
    if draft is not None:
        stories[DRAFT_STORY_ID] = draft
    wanted = view().story or DEFAULT_STORY_ID
    if wanted not in stories:  # a toast: a notice above the slide pushes it below a beamer's edge
        st.toast(t("pres_story_missing", lang, story=wanted), icon="⚠️")
        update_view(story="", slide=1)
        wanted = DEFAULT_STORY_ID
    return stories[wanted], stories, listing.deleted


def step(total: int, *steps: keys.Step) -> None:
    """Move the view's slide by `steps` in order, from the slide it shows when the press is taken (a callback)."""
    update_view(slide=keys.moved(view().slide, total, steps))


def _pick_story() -> None:
    chosen = st.session_state["pres_story_pick"]
    update_view(story="" if chosen == DEFAULT_STORY_ID else chosen, slide=1)
    st.session_state.pop(EXPORT_KEY, None)


# --- one slide ------------------------------------------------------------------------------------------------


def _unbroken_parts(value: str) -> str:
    """A key number and its gap in brackets, each kept on one line, the line free to break between them: in English
    '66.9% (−8.4 percentage points)' ran off a 1024 px beamer. Escaped."""
    head, bracket, gap = value.partition(" (")
    return " ".join(f"<span>{html.escape(part)}</span>" for part in (head, bracket.strip() + gap) if part)


def _key_numbers(content: SlideContent) -> None:
    if not content.key_numbers:
        return
    items = "".join(f"<div class='pres-key-label'>{html.escape(label)}</div>"
                    f"<div class='pres-key-value'>{_unbroken_parts(value)}</div>"
                    for label, value in content.key_numbers)
    st.html(f"<div class='pres-keys'><h4>{html.escape(content.key_title)}</h4>{items}</div>")


SPINE_SHIFT = 1.2 / 1.45  # the profile's value columns a little closer than in the 1280 px exports


# The key of the box around a slide's chart by its kind, which the phone CSS reads: `pres_chart_wide` scrolls
# sideways (a chart laid out for a beamer), `pres_chart_tall` a map or the bars built for a phone, `pres_chart_fit` a
# program chart built for one. A map's beamer layout fits a narrow window too (_legend_under_the_map): never sideways.
CHART_BOXES = {"map": "pres_chart_tall"}
PHONE_CHART_BOXES = {**CHART_BOXES, "compare": "pres_chart_tall", "program": "pres_chart_fit"}


def chart_box(kind: str, phone: bool) -> str:
    """The key of the box around a slide's chart (CHART_BOXES, PHONE_CHART_BOXES)."""
    return (PHONE_CHART_BOXES if phone else CHART_BOXES).get(kind, "pres_chart_wide")


def _bars_on_a_phone(fig: go.Figure) -> None:
    """The comparison's bars at a phone's width: the indicators' names level, on lines as wide as their group
    (charts.markup.tick_fit), and type that leaves the plot its height (a beamer's 20 px legend and upright names
    left it 60 px)."""
    names = [str(name).replace("<br>", " ") for name in fig.layout.xaxis.ticktext]
    size, chars = tick_fit(names, PHONE_PLOT_PX)
    fig.update_xaxes(ticktext=[wrap(name, chars) for name in names], tickangle=0, tickfont={"size": size})
    fig.update_yaxes(tickfont={"size": 13}, title_font={"size": 14})
    fig.update_layout(legend={"font": {"size": 14}}, margin={"t": 20})


def _legend_under_the_map(fig: go.Figure) -> None:
    """A beamer's map over the chart's whole width, its legend in rows under it, in as many columns as its longest
    label leaves room for on the smallest beamer, without its title (the slide's subtitle or title says it). Beside
    the map the legend, with English labels in "percentage points", took the middle of a 1024×768 slide and left the
    map ~270×220 px."""
    names = [str(trace.name) for trace in fig.data if trace.showlegend is not False and trace.name]
    columns = max(1, min(3, BEAMER_MAP_PX // (40 + 9 * max(map(len, names), default=1))))  # 9 px a character
    fig.update_layout(xaxis={"domain": [0, 1], "constrain": "domain"}, legend={  # the map's own extent, centred
        "orientation": "h", "x": 0, "y": 0, "yanchor": "top", "entrywidthmode": "pixels",  # a narrow window wraps
        "entrywidth": BEAMER_MAP_PX // columns - LEGEND_ITEM_PX,  # the rows (fractions of 358 px overlapped)
        "title": {"text": ""}, "font": {"size": 17}})


def screen_figure(content: SlideContent, phone: bool = False) -> go.Figure:
    """The slide's figure for the screen: sized by its box (not the exports' 1280 × 720), without the source line
    and the profile's legend drawn into it (the slide shows them as text, where they wrap instead of running off)
    and, on a map, without the names on the map (the column beside it names the areas, and names collide on a
    small map). A map takes the whole width, its legend below it; on a `phone` the bars name their indicators level;
    a program chart's legend leaves room for the top tick label, which it would touch on a narrow chart."""
    fig = go.Figure(content.figure)
    notes = list(fig.layout.annotations)
    bottom = fig.layout.margin.b or 0
    kept = []
    for note in notes:
        if note.yref == "paper" and note.y == 0 and note.yanchor == "top" and (note.yshift or 0) < 0:
            bottom -= source_room(str(note.text), 0)  # the space footer(), map_figure, program_slide kept
        elif note.name == SPINE_LEGEND or (content.kind == "map" and note.xref == "x"):
            continue
        else:
            kept.append(note)
    fig.layout.annotations = kept  # assigned: update_layout would merge the lists element by element
    fig.update_layout(width=None, height=None, autosize=True,
                      margin={"b": max(int(bottom), 8), "t": min(fig.layout.margin.t or 40, 80)})
    if content.kind == "map" and phone:
        fig.update_layout(xaxis={"domain": [0, 1]}, yaxis={"domain": [PHONE_LEGEND_SHARE, 1]},
                          legend={"x": 0, "y": PHONE_LEGEND_SHARE - 0.03, "yanchor": "top", "font": {"size": 16}})
    elif content.kind == "map":
        _legend_under_the_map(fig)
    if content.kind == "program" and phone:
        fig.update_layout(legend={"y": 1.06})
    if content.kind == "compare" and phone:
        _bars_on_a_phone(fig)
    elif content.kind == "compare":
        fig.update_xaxes(tickangle=0, tickfont={"size": 17})
    if content.kind == "profile":
        for note in fig.layout.annotations:
            if note.xshift:
                note.xshift = note.xshift * SPINE_SHIFT
        fig.update_layout(margin={"r": int(fig.layout.margin.r * SPINE_SHIFT), "t": 30}, font={"size": 18})
    return fig


def slide_key(slide: Slide, number: int, story: Story, data: StoryData, lang: str) -> tuple:
    """What a slide on screen is made of, for ui.cache.built: its spec, place and story, the data's gemeente and
    language, and for a program slide the counts (read fresh on every run: a count saved a moment ago shows)."""
    counts = cache.fingerprint(data.counts) if isinstance(slide, ProgramSlide) else None
    return ("pres_slide", slide.model_dump_json(), number, story.id, story.gemeente, data.gemeente, lang, counts)


def show_slide(content: SlideContent, total: int, lang: str, key: tuple) -> None:
    counter = t("pres_counter", lang, n=content.number, total=total)
    sub = f"<div class='pres-sub'>{html.escape(content.subtitle)}</div>" if content.subtitle else ""
    st.html(f"<div class='pres-head'><div><h1 class='pres-title' data-testid='pres-title'>{html.escape(content.title)}"
            f"</h1>{sub}</div><div class='pres-counter' data-testid='pres-counter' aria-live='polite'>{counter}</div>"
            "</div>")
    if content.legend:
        st.html(f"<div class='pres-legend'>{content.legend}</div>")
    if content.problem:
        st.html(f"<div class='pres-problem'>{html.escape(content.problem)}</div>")
    elif content.kind == "verhaal":
        parts = []
        if content.quote:
            parts.append(f"<blockquote class='pres-quote'>“{html.escape(content.quote)}”</blockquote>")
            if content.quote_by:
                parts.append(f"<div class='pres-quote-by'>— {html.escape(content.quote_by)}</div>")
        if content.text:
            parts.append(f"<div class='pres-text'>{html.escape(content.text)}</div>")
        st.html("".join(parts))
    elif content.phone_html and on_phone():
        with st.container(key="pres_body"):
            st.html(content.phone_html)
    elif content.figure is not None:
        with st.container(key="pres_body"):
            # the spine and the bars carry their values themselves: the chart takes the whole width
            side_by_side = bool(content.key_numbers) and content.kind in ("map", "program")
            chart, side = st.columns([2.6, 1.4], gap="medium") if side_by_side else (st.container(), None)
            phone = on_phone()
            with chart, st.container(key=chart_box(content.kind, phone)):  # phone CSS: chart_box
                st.plotly_chart(cache.built(("pres_screen", phone, *key), lambda: screen_figure(content, phone)),
                                key=f"pres_fig_{content.number}", theme=None,
                                width="stretch", height="stretch",
                                config={"displayModeBar": False, "displaylogo": False, "responsive": True},
                                alt=f"{content.title}. {content.subtitle}. {content.source}")
            if side is not None:
                with side:
                    _key_numbers(content)
    st.html(f"<div class='pres-source' data-testid='pres-source'>{html.escape(content.source)}</div>")


def _row(vertical_alignment: str = "bottom"):
    """A row of the controls whose buttons and links keep their whole label: they take the width it needs and
    wrap to the next line when the row is full (columns of a fixed share cut labels short on a 1024 px beamer and
    on a phone)."""
    return st.container(horizontal=True, vertical_alignment=vertical_alignment)


# --- exports ------------------------------------------------------------------------------------------------------


def _progress(bar, start: float, share: float, lang: str) -> Callable[[int, int], None]:
    def step(done: int, total: int) -> None:
        bar.progress(min(1.0, start + share * done / max(total, 1)), text=t("pres_exporting", lang, n=done,
                                                                             total=total))
    return step


def _export(kind: str, story: Story, data: StoryData, lang: str, single: SlideContent | None = None) -> None:
    """Make a PPTX / PDF of the story (or of one slide) with a progress bar advancing per slide."""
    from exports.pdf import MIME as PDF_MIME
    from exports.pdf import to_pdf
    from exports.pptx import MIME as PPTX_MIME
    from exports.pptx import to_pptx

    bar = st.progress(0.0, text=t("pres_exporting", lang, n=0, total=len(story.slides)))
    date = export_date(lang)
    if single is None:
        contents = build_story(story, data, lang, progress=_progress(bar, 0.0, 0.3, lang))
        meta = {"title": story.text("title", lang), "subtitle": story.text("subtitle", lang),
                "url": story_url(story, lang)}
        base = f"{story.id}_{lang}"
    else:
        contents, meta, base = [single], {}, f"{story.id}_dia{single.number}_{lang}"
    count = {"slides": len(story.slides)} if kind == "pdf" else {}
    write = _progress(bar, 0.3 if single is None else 0.0, 0.7 if single is None else 1.0, lang)
    if kind == "pptx":
        payload = to_pptx(contents, lang, date=date, progress=write, **meta)
        name, mime = f"{base}.pptx", PPTX_MIME
    else:
        payload = to_pdf(contents, lang, date=date, progress=write, **meta, **count)
        name, mime = f"{base}.pdf", PDF_MIME
    bar.progress(1.0, text=t("pres_export_done", lang, name=name))
    st.session_state[EXPORT_KEY] = {"name": name, "data": payload, "mime": mime, "kind": kind}


def export_panel(story: Story, content: SlideContent | None, data: StoryData, lang: str) -> None:
    from exports.pdf import FontMissing
    from exports.png import ExportError, slide_png

    st.caption(t("pres_export_intro", lang))
    with _row():  # five equal columns cut each label to "Maak P…" on a 1024 px beamer
        actions = {"pptx": st.button(t("pres_make_pptx", lang), key="pres_make_pptx", icon=":material/slideshow:"),
                   "pdf": st.button(t("pres_make_pdf", lang), key="pres_make_pdf", icon=":material/picture_as_pdf:"),
                   "png": st.button(t("pres_make_png", lang), key="pres_make_png", icon=":material/image:",
                                    disabled=content is None or content.figure is None),
                   "view_pptx": st.button(t("pres_make_view_pptx", lang), key="pres_make_view_pptx",
                                          disabled=content is None),
                   "view_pdf": st.button(t("pres_make_view_pdf", lang), key="pres_make_view_pdf",
                                         disabled=content is None)}
    try:
        if actions["pptx"] or actions["pdf"]:
            _export("pptx" if actions["pptx"] else "pdf", story, data, lang)
        elif actions["view_pptx"] or actions["view_pdf"]:
            _export("pptx" if actions["view_pptx"] else "pdf", story, data, lang, single=content)
        elif actions["png"] and content is not None:
            with st.spinner(t("pres_exporting", lang, n=content.number, total=len(story.slides))):
                st.session_state[EXPORT_KEY] = {"name": f"{story.id}_dia{content.number}_{lang}.png",
                                                "data": slide_png(content), "mime": "image/png", "kind": "png"}
    except (ExportError, FontMissing, OSError) as exc:
        st.error(t("pres_export_failed", lang, error=exc))
    ready = st.session_state.get(EXPORT_KEY)
    if ready:
        label = {"pptx": "pres_download_pptx", "pdf": "pres_download_pdf", "png": "pres_download_png"}[ready["kind"]]
        st.download_button(f"{t(label, lang)} · {ready['name']}", ready["data"], file_name=ready["name"],
                           mime=ready["mime"], key="pres_download", on_click="ignore", type="primary",
                           icon=":material/download:")


# --- the story builder --------------------------------------------------------------------------------------------


def _slide_label(slide, lang: str, names: dict[str, str], programs: dict[str, str]) -> str:
    cat = catalogue()
    kind = t(f"pres_type_{slide.type}", lang)
    own = text_of(slide.title, lang)
    if isinstance(slide, MapSlide):
        detail = f"{cat.indicator(slide.indicator).label.get(lang) if slide.indicator in cat.ids else slide.indicator}"\
                 f" · {slide.year} · {t(f'mode_{slide.mode}', lang, city=names.get('GM0518', 'Den Haag'))}"
    elif isinstance(slide, ProfileSlide):
        detail = names.get(slide.area, slide.area)
    elif isinstance(slide, CompareSlide):
        detail = ", ".join(names.get(c, c) for c in slide.areas)
    elif isinstance(slide, ProgramSlide):
        detail = programs.get(slide.program, slide.program)
    else:
        told = {x["id"]: x for x in load_stories()}
        detail = localise(told[slide.story], lang).title if slide.story in told else \
            (slide.story or text_of(slide.quote, lang)[:60])
    return f"{kind}: {own or detail}"


def _new_slide(kind: str, lang: str, names: dict[str, str], programs: dict[str, str]):
    """The parameter widgets of one slide type; returns the slide (or None while incomplete)."""
    cat = catalogue()
    v = view()
    if kind in ("map", "profile", "compare") and st.toggle(t("pres_builder_use_view", lang), key="pres_b_use_view"):
        return slide_from_view(v, kind)
    if kind == "map":
        order = {g.id: i for i, g in enumerate(cat.groups)}
        ids = sorted(cat.available_ids, key=lambda i: (order[cat.indicator(i).group], cat.ids.index(i)))
        cols = st.columns([3, 1, 1, 2])
        indicator = cols[0].selectbox(t("pres_field_indicator", lang), ids, key=relabelled("pres_b_indicator"),
                                      index=ids.index(v.indicator) if v.indicator in ids else 0,
                                      format_func=lambda i: cat.indicator(i).label.get(lang))
        level = cols[1].selectbox(t("pres_field_level", lang), LEVELS, key=relabelled("pres_b_level"),
                                  format_func=lambda lv: t(f"level_{lv}", lang))
        years = cat.indicator(indicator).years
        year = cols[2].selectbox(t("pres_field_year", lang), years, index=len(years) - 1, key="pres_b_year")
        mode = cols[3].selectbox(t("pres_field_mode", lang), MODES, key=relabelled("pres_b_mode"),
                                 format_func=lambda m: t(f"mode_{m}", lang, city=names.get(v.gemeente, "")))
        return MapSlide(indicator=indicator, level=level, year=year, mode=mode, age=v.age)
    wijken = sorted((c for c in names if c.startswith("WK")), key=names.get)
    if kind == "profile":
        options = [v.gemeente, *wijken]
        area = st.selectbox(t("pres_field_area", lang), options, key=relabelled("pres_b_area"), format_func=names.get)
        return ProfileSlide(area=area, age=v.age)
    if kind == "compare":
        areas = st.multiselect(t("pres_field_areas", lang), wijken, default=[c for c in v.areas if c in wijken]
                               or ["WK051836", "WK051838", "WK051833"], key=relabelled("pres_b_areas"),
                               format_func=names.get, max_selections=8, placeholder=t("choose_options", lang))
        ids = cat.available_ids
        indicators = st.multiselect(t("pres_field_indicators", lang), ids, key=relabelled("pres_b_indicators"),
                                    placeholder=t("choose_options", lang),
                                    default=[i for i in v.indicators if i in ids] or
                                    ["ervaren_gezondheid_goed_zeer_goed", "moeite_met_rondkomen"],
                                    format_func=lambda i: cat.indicator(i).label.get(lang), max_selections=8)
        if not areas or not indicators:
            return None
        return CompareSlide(areas=areas, indicators=indicators, year=v.year, age=v.age)
    if kind == "program":
        program = st.selectbox(t("pres_field_program", lang), list(programs), key=relabelled("pres_b_program"),
                               format_func=programs.get)
        return ProgramSlide(program=program) if program else None
    stories = {s["id"]: localise(s, lang).title for s in load_stories()}
    story = st.selectbox(t("pres_field_story", lang), list(stories), key=relabelled("pres_b_story"),
                         format_func=stories.get)
    return VerhaalSlide(story=story)


def builder(story: Story, stories: dict[str, Story], deleted: dict[str, str], data: StoryData,
            lang: str) -> None:
    st.caption(t("pres_builder_intro", lang))
    names = data.names(lang)
    programs = dict(zip(data.counts["program"], data.counts[f"name_{lang}"])) if len(data.counts) else {}
    draft = st.session_state.get(DRAFT_KEY)
    top = st.columns([2, 1])
    start = top[0].radio(t("pres_builder_start", lang), ["current", "empty"], horizontal=True,
                         key=relabelled("pres_b_start"), format_func=lambda s: t(f"pres_builder_start_{s}", lang))
    reset = top[1].button(t("pres_builder_reset", lang), key="pres_b_reset")
    if draft is None or reset:
        base = story if start == "current" else None
        own = base is not None and base.id not in (DEFAULT_STORY_ID, DRAFT_STORY_ID)
        draft = {"slides": list(base.slides) if base else [], "name": base.text("title", lang) if own else "",
                 "id": base.id if own else ""}
        st.session_state[DRAFT_KEY] = draft

    slides = draft["slides"]
    st.markdown(f"**{t('pres_builder_slides', lang, n=len(slides))}**")
    if not slides:
        st.caption(t("pres_builder_none", lang))
    for i, slide in enumerate(slides):
        row = _row(vertical_alignment="center")
        row.markdown(f"{i + 1}. {_slide_label(slide, lang, names, programs)}", width="stretch")
        if row.button(t("pres_builder_up", lang), key=f"pres_b_up_{i}", disabled=i == 0):
            draft["slides"] = move(slides, i, -1)
            st.rerun()
        if row.button(t("pres_builder_down", lang), key=f"pres_b_down_{i}", disabled=i == len(slides) - 1):
            draft["slides"] = move(slides, i, +1)
            st.rerun()
        if row.button(t("pres_builder_remove", lang), key=f"pres_b_remove_{i}"):
            draft["slides"] = slides[:i] + slides[i + 1:]
            st.rerun()

    st.markdown(f"**{t('pres_builder_add', lang)}**")
    kind = st.selectbox(t("pres_builder_type", lang), SLIDE_TYPES, key=relabelled("pres_b_type"),
                        format_func=lambda k: t(f"pres_type_{k}", lang))
    new = _new_slide(kind, lang, names, programs)
    st.text_input(t("pres_field_title", lang), key=TITLE_KEY)
    st.button(t("pres_builder_add_button", lang), key="pres_b_add", disabled=new is None, type="primary",
              on_click=_add_slide, args=(new, lang, _slide_label(new, lang, names, programs) if new else ""))
    st.divider()
    _save_and_delete(story, stories, deleted, draft, lang)


def _add_slide(new, lang: str, label: str) -> None:
    """Add the slide with the title typed for it, then empty the title field: a title belongs to one slide."""
    own = st.session_state.get(TITLE_KEY, "").strip()
    if own:
        new = new.model_copy(update={"title": {lang: own}})
    draft = st.session_state[DRAFT_KEY]
    draft["slides"] = [*draft["slides"], new]
    st.session_state[TITLE_KEY] = ""
    st.toast(t("pres_builder_added", lang, title=label))


def _editor():
    """The signed-in account if it may save and delete stories (editors, admins), else None. Asked again at every
    change: a button drawn for an editor is not a permission."""
    user = current_user()
    return user if user is not None and user.can("editor") else None


def _save(story: Story, stories: dict[str, Story], draft: dict, name: str, lang: str) -> None:
    user = _editor()
    if user is None:
        return
    keep = draft.get("id") and draft.get("name") == name
    story_id = draft["id"] if keep else story_id_for(name, stories)
    try:
        saved = Story(id=story_id, title={"nl": name, "en": name}, gemeente=story.gemeente, slides=draft["slides"])
        save_story(saved, _sessions(), user.name)
    except (StoryError, StoreError, SQLAlchemyError, ValueError) as exc:
        st.error(t("pres_builder_save_failed", lang, error=exc))
        return
    draft.update(id=story_id, name=name)
    st.session_state.pop(EXPORT_KEY, None)
    update_view(story=story_id, slide=1)
    st.success(t("pres_builder_saved", lang, name=name))
    st.rerun()


def _failed(lang: str, exc: Exception) -> None:
    st.session_state[FAILED_KEY] = t("pres_builder_save_failed", lang, error=exc)


def _delete(story_id: str, title: str, lang: str) -> None:
    """'Yes, delete' (a callback): the story is marked deleted in the store, the undo button shows it."""
    user = _editor()
    st.session_state.pop(CONFIRM_KEY, None)
    if user is None:
        return
    try:
        delete_story(story_id, _sessions(), user.name)
    except (StoryNotFound, StoreError, SQLAlchemyError) as exc:
        _failed(lang, exc)
        return
    st.session_state[UNDO_KEY] = (story_id, title)
    st.session_state.pop(DRAFT_KEY, None)
    st.session_state.pop(EXPORT_KEY, None)
    update_view(story="", slide=1)
    st.toast(t("pres_builder_deleted", lang, name=title))


def _restore(story_id: str, title: str, lang: str) -> None:
    """Undo a delete (a callback), by whoever is an editor now."""
    user = _editor()
    if user is None:
        return
    try:
        restore_story(story_id, _sessions(), user.name)
    except (StoryNotFound, StoreError, SQLAlchemyError) as exc:
        _failed(lang, exc)
        return
    st.session_state.pop(UNDO_KEY, None)
    update_view(story=story_id, slide=1)
    st.toast(t("pres_builder_restored", lang, name=title))


def _confirm(story_id: str | None) -> None:
    if story_id is None:
        st.session_state.pop(CONFIRM_KEY, None)
    else:
        st.session_state[CONFIRM_KEY] = story_id


def _save_and_delete(story: Story, stories: dict[str, Story], deleted: dict[str, str], draft: dict,
                     lang: str) -> None:
    """Everyone can present the draft; only editors see save, delete (after a confirmation), undo and restore."""
    editor = _editor() is not None
    row = _row()
    name = row.text_input(t("pres_builder_name", lang), value=draft.get("name", ""), key="pres_b_name").strip()
    if row.button(t("pres_builder_present", lang), key="pres_b_present", disabled=not draft["slides"],
                  icon=":material/slideshow:"):
        draft["name"] = name
        st.session_state.pop(EXPORT_KEY, None)
        update_view(story=DRAFT_STORY_ID, slide=1)
        st.rerun()
    if not editor:
        st.caption(t("pres_builder_viewer", lang))
        return
    if row.button(t("pres_builder_save", lang), key="pres_b_save", disabled=not draft["slides"],
                  icon=":material/save:"):
        if name:
            _save(story, stories, draft, name, lang)
        else:
            st.warning(t("pres_builder_need_name", lang))
    if FAILED_KEY in st.session_state:
        st.error(st.session_state.pop(FAILED_KEY))
    title = story.text("title", lang)
    if story.id not in (DEFAULT_STORY_ID, DRAFT_STORY_ID):
        if st.session_state.get(CONFIRM_KEY) == story.id:
            st.warning(t("pres_builder_confirm_delete", lang, name=title), icon=":material/delete:")
            answer = _row()
            answer.button(t("pres_builder_confirm_yes", lang), key="pres_b_delete_yes", type="primary",
                          on_click=_delete, args=(story.id, title, lang))
            answer.button(t("pres_builder_confirm_no", lang), key="pres_b_delete_no", on_click=_confirm, args=(None,))
        else:
            st.button(t("pres_builder_delete", lang), key="pres_b_delete", icon=":material/delete:",
                      on_click=_confirm, args=(story.id,))
    undo = st.session_state.get(UNDO_KEY)
    if undo and undo[0] in deleted:
        st.button(t("pres_builder_undo", lang, name=undo[1]), key="pres_b_undo", icon=":material/undo:",
                  on_click=_restore, args=(undo[0], undo[1], lang))
    if deleted:
        row = _row()
        chosen = row.selectbox(t("pres_builder_deleted_list", lang), list(deleted), key=relabelled("pres_b_deleted"),
                               format_func=deleted.get)
        row.button(t("pres_builder_restore", lang), key="pres_b_restore", icon=":material/restore_from_trash:",
                   on_click=_restore, args=(chosen, deleted[chosen], lang))


# --- the page -----------------------------------------------------------------------------------------------------


def shown_slide(wanted: int, total: int) -> int:
    """The slide shown for the view's `wanted` one: the last when it lies past the end (1 in an empty story)."""
    return max(1, min(wanted, total or 1))


def fit_slide(wanted: int, total: int, lang: str, city: str) -> int:
    """The view's slide within the story. A link's slide past the end gets a notice as any bad value of a link
    (a toast, as the other notices here); a slide dropped later (from the draft being presented) moves silently."""
    number = shown_slide(wanted, total)
    if number != wanted:
        if not st.session_state.get(SLIDE_CHECKED_KEY):
            st.toast(notice_text(Notice("slide", str(wanted), str(number)), lang, city), icon="⚠️")
        update_view(slide=number)
    st.session_state[SLIDE_CHECKED_KEY] = True
    return number


def page() -> None:
    hide_chrome()
    lang = view().lang
    story, stories, deleted = current_story(lang)
    v = view()  # after current_story: a story the link names that is gone opens the default one at its first slide
    data = story_data(story.gemeente, lang)  # a story tells of its own gemeente, whichever the visitor looks at
    total = len(story.slides)
    number = fit_slide(v.slide, total, lang, data.city(lang))
    content, key = None, ()
    if total:
        slide = story.slides[number - 1]
        key = slide_key(slide, number, story, data, lang)
        content = cache.built(key, lambda: build_slide(slide, number, story, data, lang))
    with st.container(key="pres_stage"):  # sized to the screen: the note about the gemeente takes from the slide
        if story.gemeente != v.gemeente:
            st.caption(t("pres_story_gemeente", lang, city=data.city(lang)))
        if content is None:
            st.info(t("pres_empty_story", lang))
        else:
            show_slide(content, total, lang, key)
    with st.container(key="pres_nav"):
        move = partial(step, total)
        keys.nav_buttons(number, total, move, {"prev": t("pres_prev", lang), "next": t("pres_next", lang)},
                         middle=lambda: controls(story, stories, deleted, content, data, lang))
        pager(PAGER_KEY, keys.KEYS, dict(keys.VISIBLE), lambda steps: move(*steps))


def controls(story: Story, stories: dict[str, Story], deleted: dict[str, str], content: SlideContent | None,
             data: StoryData, lang: str) -> None:
    """Between the previous and next buttons: choosing, exporting and building stories, folded away and built only
    while unfolded: drawn folded on every slide they cost ~35 ms of each run and ~100 hidden widgets (issue #19)."""
    with st.expander(t("pres_controls", lang), icon=":material/tune:", key=CONTROLS_KEY, on_change="rerun") as box:
        if not box.open:
            return
        st.caption(t("pres_keys_help", lang))
        ids = list(stories)
        st.session_state["pres_story_pick"] = story.id  # the view wins: a saved or linked story shows as chosen
        st.selectbox(
            t("pres_story_label", lang), ids, key="pres_story_pick", on_change=_pick_story,
            format_func=lambda i: stories[i].text("title", lang) + (f" ({t('pres_default_story', lang)})"
                                                                   if i == DEFAULT_STORY_ID else ""))
        # a line of its own: beside the box it read "Terug naar de kaa" on a beamer, or squeezed the box on a phone
        page_link("kaart", t("pres_close", lang), icon=":material/close:")
        export_tab, builder_tab = st.tabs([t("pres_tab_export", lang), t("pres_tab_builder", lang)])
        with export_tab:
            export_panel(story, content, data, lang)
        with builder_tab:
            builder(story, stories, deleted, data, lang)
