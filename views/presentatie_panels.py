"""How /presentatie looks: one slide full screen in large type, keyboard navigation, exports and the story builder.

The page hides the sidebar and Streamlit's header with CSS injected on this page only (the router's
`st.set_page_config` cannot be called twice). The slide number and story id live in the view (`slide`, `story`
in the URL), so a link reopens the slide. Everything shown comes from `presentation.slides.SlideContent`, the same
content the PPTX, PDF and PNG exports use.
"""
from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from indicators.catalogue import catalogue
from indicators.stories import load_stories, localise
from presentation import keys
from presentation.slides import SlideContent, StoryData, build_slide, build_story, export_date, story_url
from presentation.story import (
    DEFAULT_STORY_ID,
    SLIDE_TYPES,
    CompareSlide,
    MapSlide,
    ProfileSlide,
    ProgramSlide,
    Story,
    StoryError,
    VerhaalSlide,
    delete_story,
    list_stories,
    move,
    save_story,
    slide_from_view,
    story_id_for,
    text_of,
)
from ui import cache
from ui.context import update_view, view
from texts.i18n import t
from indicators.view import LEVELS, MODES

DRAFT_KEY = "pres_draft"
EXPORT_KEY = "pres_export"

CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"] {display: none !important;}
[data-testid="stMainBlockContainer"], .block-container {padding: 1.2rem 2.2rem 1rem 2.2rem !important;
  max-width: 100% !important;}
.pres-head {display: flex; justify-content: space-between; align-items: flex-start; gap: 2rem;}
.pres-title {font-size: 2.9rem; font-weight: 700; line-height: 1.1; margin: 0; color: #1a1a1a;}
.pres-sub {font-size: 1.45rem; color: #4a4a4a; margin-top: .35rem;}
.pres-counter {font-size: 1.7rem; font-weight: 600; color: #0b5394; white-space: nowrap; padding-top: .4rem;}
.pres-source {font-size: 1.05rem; color: #4a4a4a; margin-top: .3rem;}
.pres-keys h4 {font-size: 1.25rem; color: #4a4a4a; margin: .6rem 0 .2rem 0;}
.pres-key-label {font-size: 1.3rem; color: #1a1a1a; margin-top: .9rem;}
.pres-key-value {font-size: 2.3rem; font-weight: 700; color: #b34700; line-height: 1.15;}
.pres-quote {font-size: 2.6rem; font-style: italic; line-height: 1.3; color: #1a1a1a; margin: 2.2rem 0 .6rem 0;
  border-left: .4rem solid #b34700; padding-left: 1.6rem;}
.pres-quote-by {font-size: 1.4rem; color: #8a3700; padding-left: 2rem;}
.pres-text {font-size: 1.6rem; line-height: 1.5; color: #2a2a2a; margin-top: 1.8rem; max-width: 70rem;}
.pres-problem {font-size: 1.6rem; color: #8a3700; margin: 3rem 0;}
</style>
"""


def hide_chrome() -> None:
    st.html(CSS + f"<style>{keys.hidden_css()}</style>")


# --- data ---------------------------------------------------------------------------------------------------------


def story_data(gemeente: str, lang: str) -> StoryData:
    """The loaded data from the shared caches; program counts are read fresh from the store (as /programmas does)."""
    from ui.store import counts_or_empty  # without the store: the other slides still show (issue #11)

    return StoryData(gemeente, cache.observations(gemeente),
                     {level: cache.areas(gemeente, level) for level in LEVELS}, counts_or_empty(lang),
                     cache.gemeenten())


def current_story(lang: str) -> tuple[Story, dict[str, Story]]:
    listing = list_stories()
    if listing.problems:
        st.caption(t("pres_story_problems", lang, files=", ".join(listing.problems)))
    wanted = view().story or DEFAULT_STORY_ID
    if wanted not in listing.stories:
        st.warning(t("pres_story_missing", lang, story=wanted), icon="⚠️")
        update_view(story="", slide=1)
        wanted = DEFAULT_STORY_ID
    return listing.stories[wanted], listing.stories


def go_to(number: int) -> None:
    update_view(slide=number)


def _pick_story() -> None:
    chosen = st.session_state["pres_story_pick"]
    update_view(story="" if chosen == DEFAULT_STORY_ID else chosen, slide=1)
    st.session_state.pop(EXPORT_KEY, None)


# --- one slide ------------------------------------------------------------------------------------------------


def _key_numbers(content: SlideContent) -> None:
    if not content.key_numbers:
        return
    items = "".join(f"<div class='pres-key-label'>{html.escape(label)}</div>"
                    f"<div class='pres-key-value'>{html.escape(value)}</div>" for label, value in content.key_numbers)
    st.html(f"<div class='pres-keys'><h4>{html.escape(content.key_title)}</h4>{items}</div>")


def show_slide(content: SlideContent, total: int, lang: str) -> None:
    counter = t("pres_counter", lang, n=content.number, total=total)
    sub = f"<div class='pres-sub'>{html.escape(content.subtitle)}</div>" if content.subtitle else ""
    st.html(f"<div class='pres-head'><div><h1 class='pres-title' data-testid='pres-title'>{html.escape(content.title)}"
            f"</h1>{sub}</div><div class='pres-counter' data-testid='pres-counter' aria-live='polite'>{counter}</div>"
            "</div>")
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
    elif content.figure is not None:
        chart, side = st.columns([4, 1.15], gap="medium")
        with chart:
            st.plotly_chart(content.figure, key=f"pres_fig_{content.number}", theme=None, width="stretch",
                            config={"displayModeBar": False, "displaylogo": False}, alt=f"{content.title}. "
                            f"{content.subtitle}. {content.source}")
        with side:
            _key_numbers(content)
    if content.figure is None:  # a figure carries its source line itself
        st.html(f"<div class='pres-source' data-testid='pres-source'>{html.escape(content.source)}</div>")


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
    write = _progress(bar, 0.3 if single is None else 0.0, 0.7 if single is None else 1.0, lang)
    if kind == "pptx":
        payload = to_pptx(contents, lang, date=date, progress=write, **meta)
        name, mime = f"{base}.pptx", PPTX_MIME
    else:
        payload = to_pdf(contents, lang, date=date, progress=write, **meta)
        name, mime = f"{base}.pdf", PDF_MIME
    bar.progress(1.0, text=t("pres_export_done", lang, name=name))
    st.session_state[EXPORT_KEY] = {"name": name, "data": payload, "mime": mime, "kind": kind}


def export_panel(story: Story, content: SlideContent | None, data: StoryData, lang: str) -> None:
    from exports.pdf import FontMissing
    from exports.png import ExportError, slide_png

    st.caption(t("pres_export_intro", lang))
    cols = st.columns(5)
    actions = {"pptx": cols[0].button(t("pres_make_pptx", lang), key="pres_make_pptx", icon=":material/slideshow:"),
               "pdf": cols[1].button(t("pres_make_pdf", lang), key="pres_make_pdf", icon=":material/picture_as_pdf:"),
               "png": cols[2].button(t("pres_make_png", lang), key="pres_make_png", icon=":material/image:",
                                     disabled=content is None or content.figure is None),
               "view_pptx": cols[3].button(t("pres_make_view_pptx", lang), key="pres_make_view_pptx",
                                           disabled=content is None),
               "view_pdf": cols[4].button(t("pres_make_view_pdf", lang), key="pres_make_view_pdf",
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
        indicator = cols[0].selectbox(t("pres_field_indicator", lang), ids, key="pres_b_indicator",
                                      index=ids.index(v.indicator) if v.indicator in ids else 0,
                                      format_func=lambda i: cat.indicator(i).label.get(lang))
        level = cols[1].selectbox(t("pres_field_level", lang), LEVELS, key="pres_b_level",
                                  format_func=lambda lv: t(f"level_{lv}", lang))
        years = cat.indicator(indicator).years
        year = cols[2].selectbox(t("pres_field_year", lang), years, index=len(years) - 1, key="pres_b_year")
        mode = cols[3].selectbox(t("pres_field_mode", lang), MODES, key="pres_b_mode",
                                 format_func=lambda m: t(f"mode_{m}", lang, city=names.get(v.gemeente, "")))
        return MapSlide(indicator=indicator, level=level, year=year, mode=mode, age=v.age)
    wijken = sorted((c for c in names if c.startswith("WK")), key=names.get)
    if kind == "profile":
        options = [v.gemeente, *wijken]
        area = st.selectbox(t("pres_field_area", lang), options, key="pres_b_area", format_func=names.get)
        return ProfileSlide(area=area, age=v.age)
    if kind == "compare":
        areas = st.multiselect(t("pres_field_areas", lang), wijken, default=[c for c in v.areas if c in wijken]
                               or ["WK051836", "WK051838", "WK051833"], key="pres_b_areas", format_func=names.get,
                               max_selections=8)
        ids = cat.available_ids
        indicators = st.multiselect(t("pres_field_indicators", lang), ids, key="pres_b_indicators",
                                    default=[i for i in v.indicators if i in ids] or
                                    ["ervaren_gezondheid_goed_zeer_goed", "moeite_met_rondkomen"],
                                    format_func=lambda i: cat.indicator(i).label.get(lang), max_selections=8)
        if not areas or not indicators:
            return None
        return CompareSlide(areas=areas, indicators=indicators, year=v.year, age=v.age)
    if kind == "program":
        program = st.selectbox(t("pres_field_program", lang), list(programs), key="pres_b_program",
                               format_func=programs.get)
        return ProgramSlide(program=program) if program else None
    stories = {s["id"]: localise(s, lang).title for s in load_stories()}
    story = st.selectbox(t("pres_field_story", lang), list(stories), key="pres_b_story", format_func=stories.get)
    return VerhaalSlide(story=story)


def builder(story: Story, stories: dict[str, Story], data: StoryData, lang: str) -> None:
    st.caption(t("pres_builder_intro", lang))
    names = data.names(lang)
    programs = dict(zip(data.counts["program"], data.counts[f"name_{lang}"])) if len(data.counts) else {}
    draft = st.session_state.get(DRAFT_KEY)
    top = st.columns([2, 1])
    start = top[0].radio(t("pres_builder_start", lang), ["current", "empty"], horizontal=True, key="pres_b_start",
                         format_func=lambda s: t(f"pres_builder_start_{s}", lang))
    reset = top[1].button(t("pres_builder_reset", lang), key="pres_b_reset")
    if draft is None or reset:
        base = story if start == "current" else None
        draft = {"slides": list(base.slides) if base else [],
                 "name": base.text("title", lang) if base and base.id != DEFAULT_STORY_ID else "",
                 "id": base.id if base and base.id != DEFAULT_STORY_ID else ""}
        st.session_state[DRAFT_KEY] = draft

    slides = draft["slides"]
    st.markdown(f"**{t('pres_builder_slides', lang, n=len(slides))}**")
    if not slides:
        st.caption(t("pres_builder_none", lang))
    for i, slide in enumerate(slides):
        row = st.columns([8, 1, 1, 1], vertical_alignment="center")
        row[0].write(f"{i + 1}. {_slide_label(slide, lang, names, programs)}")
        if row[1].button(t("pres_builder_up", lang), key=f"pres_b_up_{i}", disabled=i == 0):
            draft["slides"] = move(slides, i, -1)
            st.rerun()
        if row[2].button(t("pres_builder_down", lang), key=f"pres_b_down_{i}", disabled=i == len(slides) - 1):
            draft["slides"] = move(slides, i, +1)
            st.rerun()
        if row[3].button(t("pres_builder_remove", lang), key=f"pres_b_remove_{i}"):
            draft["slides"] = slides[:i] + slides[i + 1:]
            st.rerun()

    st.markdown(f"**{t('pres_builder_add', lang)}**")
    kind = st.selectbox(t("pres_builder_type", lang), SLIDE_TYPES, key="pres_b_type",
                        format_func=lambda k: t(f"pres_type_{k}", lang))
    new = _new_slide(kind, lang, names, programs)
    own_title = st.text_input(t("pres_field_title", lang), key="pres_b_title")
    if st.button(t("pres_builder_add_button", lang), key="pres_b_add", disabled=new is None, type="primary"):
        if own_title.strip():
            new = new.model_copy(update={"title": {lang: own_title.strip()}})
        draft["slides"] = [*slides, new]
        st.toast(t("pres_builder_added", lang, title=_slide_label(new, lang, names, programs)))
        st.rerun()

    st.divider()
    cols = st.columns([3, 1], vertical_alignment="bottom")
    name = cols[0].text_input(t("pres_builder_name", lang), value=draft.get("name", ""), key="pres_b_name")
    if cols[1].button(t("pres_builder_save", lang), key="pres_b_save", disabled=not slides, icon=":material/save:"):
        if not name.strip():
            st.warning(t("pres_builder_need_name", lang))
        else:
            keep = draft.get("id") and draft.get("name") == name.strip()
            story_id = draft["id"] if keep else story_id_for(name, stories)
            try:
                saved = Story(id=story_id, title={"nl": name.strip(), "en": name.strip()}, gemeente=story.gemeente,
                              slides=slides)
                save_story(saved)
            except (StoryError, OSError, ValueError) as exc:
                st.error(t("pres_builder_save_failed", lang, error=exc))
            else:
                draft.update(id=story_id, name=name.strip())
                st.session_state.pop(EXPORT_KEY, None)
                update_view(story=story_id, slide=1)
                st.success(t("pres_builder_saved", lang, name=name.strip()))
                st.rerun()
    if story.id != DEFAULT_STORY_ID and st.button(t("pres_builder_delete", lang), key="pres_b_delete",
                                                  icon=":material/delete:"):
        delete_story(story.id)
        update_view(story="", slide=1)
        st.session_state.pop(DRAFT_KEY, None)
        st.toast(t("pres_builder_deleted", lang, name=story.text("title", lang)))
        st.rerun()


# --- the page -----------------------------------------------------------------------------------------------------


def page() -> None:
    hide_chrome()
    v = view()
    lang = v.lang
    story, stories = current_story(lang)
    data = story_data(v.gemeente, lang)
    total = len(story.slides)
    number = max(1, min(v.slide, total or 1))
    if number != v.slide:
        update_view(slide=number)
    content = build_slide(story.slides[number - 1], number, story, data, lang) if total else None
    if content is None:
        st.info(t("pres_empty_story", lang))
    else:
        show_slide(content, total, lang)
    keys.nav_buttons(number, total, go_to, {"prev": t("pres_prev", lang), "next": t("pres_next", lang),
                                           "help": t("pres_keys_help", lang)})

    with st.expander(t("pres_controls", lang), icon=":material/tune:"):
        ids = list(stories)
        top = st.columns([3, 1], vertical_alignment="bottom")
        st.session_state["pres_story_pick"] = story.id  # the view wins: a saved or linked story shows as chosen
        top[0].selectbox(
            t("pres_story_label", lang), ids, key="pres_story_pick", on_change=_pick_story,
            format_func=lambda i: stories[i].text("title", lang) + (f" ({t('pres_default_story', lang)})"
                                                                   if i == DEFAULT_STORY_ID else ""))
        with top[1]:
            st.page_link("views/kaart.py", label=t("pres_close", lang), icon=":material/close:")
        export_tab, builder_tab = st.tabs([t("pres_tab_export", lang), t("pres_tab_builder", lang)])
        with export_tab:
            export_panel(story, content, data, lang)
        with builder_tab:
            builder(story, stories, data, lang)
