"""Profiel: one wijk, buurt or the whole city — key figures, location, stories and a spine chart of every indicator.

The area is the view's `area` (URL `area`); without one the city (the view's gemeente) is shown. The level of the
profile is the level of the code (WK → wijken, BU → buurten). Data: indicators.profile; figure: charts.spine.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from charts.spine import reference_name, spine_table
from charts.key_figures import key_figures_html, profile_key_figures
from charts.locator import as_img, locator_svg
from geo.layers import FOCUS_RGB, OUTLINE_RGB
from indicators.catalogue import catalogue
from indicators.gaps import SIMILAR_PP, SIMILAR_RELATIVE
from indicators.describe import other_division_note, summary_text
from indicators.codes import area_level
from indicators.profile import (KEY_INDICATOR_65PLUS, KEY_INDICATOR_INHABITANTS, none_judged_reason,
                                 spread_level, summary_counts)
from indicators.stories import stories_for
from presentation.content import story_card
from ui import cache
from ui.components.trusted_html import trusted_html
from ui.context import bound_widget, page_fragment, update_view, view
from ui.page_scripts import PRINT_STACK
from texts.i18n import fmt_number, t
from exports.indicator_tables import indicator_export
from ui.widgets import area_option_label, table_when_opened
from views.profiel_programs import programs_panel

HIGHLIGHT_RGB = [213, 94, 0]
OTHER_RGB = [205, 205, 205]
PICKER_PX = 400  # the area picker's width: 'Landelijk gebied Stompwijk (neighbourhood)' whole; on a phone the screen's

cat = catalogue()


# Below the fold, drawn only when opened: a closed expander's contents would be sent on every run (the numbers
# table: ui.widgets.table_when_opened). Opening it reruns the page's fragment: no fragment inside another (why:
# ui.widgets, above table_when_opened).
def stories_panel(stories: list, lang: str, none_note: str) -> None:
    with st.expander(t("prof_stories_title", lang, n=len(stories)), key="w_prof_stories", on_change="rerun") as box:
        if box.open:
            if not stories:
                st.caption(none_note)
            for story in stories:
                st.markdown(story_card(story, lang))


@dataclass(frozen=True)
class Here:
    """The area the profile shows and what every section reads about it."""

    lang: str
    age: str
    gemeente: str
    city: str
    area: str
    level: str  # gemeente, wijk or buurt
    name: str
    names: dict[str, str]
    parents: dict[str, str]  # buurt → wijk
    wijken: pd.DataFrame
    buurten: pd.DataFrame
    boundary_year: int  # of the boundary file: its wijken are the ones counted and drawn


def here() -> Here:
    v = view()
    names = cache.area_names(v.gemeente, v.lang)
    buurten, wijken = cache.areas(v.gemeente, "buurt"), cache.areas(v.gemeente, "wijk")
    area = v.area if v.area in names else v.gemeente
    return Here(v.lang, v.age, v.gemeente, cache.city_name(v.gemeente, v.lang), area, area_level(area), names[area],
                names, dict(zip(buurten["code"], buurten["parent_code"])), wijken, buurten,
                wijken.attrs.get("year", 2015))


def header(h: Here) -> None:
    """Title, then the area choice under it, as on /trends and /vergelijk. The title has the page's width: beside
    the picker, in 3/5 of a beamer's row, a long name broke mid-word ('Agnetaparkbuur / t'). No link icon: after a
    title as wide as the row ('Profiel van Agnetaparkbuurt' on a beamer) it took a line of its own, a blank line."""
    st.title(t("prof_title", h.lang, name=h.name), anchor=False)
    if h.level == "buurt":
        st.caption(t("prof_subtitle_buurt", h.lang, wijk=h.names.get(h.parents.get(h.area), "?"), city=h.city))
    else:
        st.caption(t(f"prof_subtitle_{h.level}", h.lang, city=h.city))
    bound_widget("area", ["", *cache.area_choices(h.gemeente, h.lang)], st.selectbox,
                 t("prof_select_area", h.lang), lambda code: area_option_label(code, h.names, h.city, h.lang),
                 none_option="", key="w_prof_area", width=PICKER_PX)  # "" is the whole city


def key_figure_row(h: Here) -> None:
    """Inhabitants in two years, the share of 65+ and the area's size rank (or the city's number of wijken), with
    their sources: one block (charts.key_figures)."""
    table = cache.key_table_of(h.gemeente, (KEY_INDICATOR_INHABITANTS, KEY_INDICATOR_65PLUS))
    same_level = list((h.buurten if h.level == "buurt" else h.wijken)["code"])
    st.html(key_figures_html(*profile_key_figures(table, cat, area=h.area, level=h.level, name=h.name,
                                                  same_level=same_level, n_wijken=len(h.wijken),
                                                  boundary_year=h.boundary_year, city=h.city, lang=h.lang)))


def city_text(h: Here) -> str:
    return t("prof_place_city", h.lang, city=h.city, n_wijken=len(h.wijken), n_buurten=len(h.buurten))


def go_to_chosen(key: str) -> None:
    """on_change of a wijk's buurt chips: open the chosen buurt (the chips are gone on its page, and with them the
    choice: none is lit when the reader comes back to the wijk)."""
    if code := st.session_state[key]:
        update_view(area=code)


def place_links(h: Here) -> None:
    """Click through: to the city, to the wijk a buurt lies in, to a wijk's buurten."""
    lang = h.lang
    st.subheader(t("prof_place_title", lang))
    if h.level != "gemeente":
        st.button(t("prof_go_city", lang, city=h.city), key="prof_go_city", on_click=update_view, kwargs={"area": None})
    if h.level == "buurt":
        wijk = h.parents.get(h.area)
        st.write(t("prof_in_wijk", lang))
        st.button(t("prof_go_wijk", lang, name=h.names.get(wijk, wijk)), key=f"prof_go_{wijk}", on_click=update_view,
                  kwargs={"area": wijk})
    elif h.level == "wijk":
        children = h.buurten[h.buurten["parent_code"] == h.area].sort_values("name")
        if children.empty:
            st.caption(t("prof_no_buurten", lang))
        else:
            # one widget of chips, each as wide as its name, wrapping (a grid cut the names): a button per buurt
            # made the area switch 13 ms slower (bench.ab, paired median of 30; issue #19)
            names = dict(zip(children["code"], children["name"]))
            key = f"prof_buurten_{h.area}"
            st.pills(t("prof_buurten_of", lang, name=h.name), list(names), format_func=names.__getitem__, key=key,
                     on_change=go_to_chosen, args=(key,), wrap=True)  # in a column they would scroll sideways
    else:
        st.caption(city_text(h))


def locator(h: Here) -> None:
    """The area on a small map of the city (an SVG image), its wijk outlined."""
    st.subheader(t("prof_locator_title", h.lang))
    st.html(cache.built(("locator", h.gemeente, h.area, h.lang), lambda: locator_image(h)))  # ~3 ms to draw
    st.caption(t("prof_locator_caption", h.lang, name=h.name, year=h.boundary_year))


def locator_image(h: Here) -> str:
    records = cache.polygon_records_for(h.gemeente, "buurt" if h.level == "buurt" else "wijk")
    highlight = {h.area} if h.level != "gemeente" else set(h.wijken["code"])
    outlined = h.area if h.level == "wijk" else h.parents.get(h.area)  # the wijk itself, or the wijk a buurt lies in
    bold = [r for r in cache.polygon_records_for(h.gemeente, "wijk") if r["code"] == outlined]
    return as_img(locator_svg(records, highlight, bold, fill=HIGHLIGHT_RGB, other=OTHER_RGB, line=OUTLINE_RGB,
                              outline=FOCUS_RGB), t("prof_locator_alt", h.lang, city=h.city, name=h.name))


def spine_section(h: Here, spine: pd.DataFrame, ref_name: str) -> None:
    """The spine chart of every indicator, its rules, legend, sources and the numbers behind it."""
    lang, area, city = h.lang, h.area, h.city
    areas_word = t(f"level_plural_{spread_level(area)}", lang)
    st.subheader(t("prof_spine_title", lang), help=t("prof_spine_help", lang, areas=areas_word, city=city))
    st.caption(t("prof_age_note", lang, age=t(f"age_{h.age}", lang)))
    if h.age == "65plus":
        st.caption(t("prof_65plus_note", lang))
    if note := other_division_note([spine], "other_division_not_shown", lang, city=city, boundary_year=h.boundary_year):
        st.info(note)  # as the map: no figure of another division's area under this one's code
    with st.expander(t("prof_rules_title", lang)):
        st.markdown(t("prof_rules", lang, ref=ref_name, pp=fmt_number(SIMILAR_PP, lang, 0),
                      rel=fmt_number(SIMILAR_RELATIVE * 100, lang, 0), areas=areas_word, city=city))
    with st.container(key="prof_spine"):  # legend, chart and sources
        trusted_html(cache.spine_chart(h.gemeente, area, h.age, lang), key="prof_spine_table")
    table_when_opened(t("prof_show_numbers", lang), lambda: spine_table(spine, cat, lang, h.name, city),
                      f"profiel_{area}_{h.age}.csv", lang, key="download_profile", open_key="w_prof_table",
                      export=lambda: indicator_export(spine.assign(name=h.name), cat, lang,
                                                      extra=("city", "nl", "rank")))


def profile_body() -> None:
    """The whole page; a fragment (ui.context.page_fragment): choosing another area, or clicking through to one,
    reruns only the page, not the router and the sidebar (issue #19: the area switch)."""
    h = here()
    header(h)
    key_figure_row(h)
    spine = cache.spine(h.gemeente, h.area, h.age)
    ref_name = reference_name(h.level, h.city, h.lang)
    # in print one under the other, each the sheet's width (ui.page_scripts)
    left, right = st.container(key=PRINT_STACK).columns([3, 2])
    with left:
        place_links(h)
        counts = summary_counts(spine)
        judged = counts["better"] + counts["similar"] + counts["worse"]
        st.markdown(summary_text(counts, ref_name, h.lang) if judged  # Oostduinen: no figure at all
                    else t(none_judged_reason(spine), h.lang, ref=ref_name, name=h.name))
        stories_panel(stories_for(h.area, h.lang), h.lang,
                      t("prof_no_stories", h.lang) if stories_for(h.gemeente, h.lang)  # none anywhere in Delft
                      else t("prof_no_stories_here", h.lang, city=h.city))
    with right:
        locator(h)
    # the page's width, under the map: in 3/5 of it a 1400 px screen cut the table at 'Counted for', a beamer's
    # showed the programs' names alone
    programs_panel(h.area, h.parents.get(h.area), h.lang, h.names)  # the programs that run here (#18)
    spine_section(h, spine, ref_name)


page_fragment(profile_body)()
