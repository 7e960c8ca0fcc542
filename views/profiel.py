"""Profiel: one wijk, buurt or the whole city — key figures, location, stories and a spine chart of every indicator.

The area is the view's `area` (URL `area`); without one the city (the view's gemeente) is shown. The level of the
profile is the level of the code (WK → wijken, BU → buurten). Data: indicators.profile; figure: charts.spine.
"""
from __future__ import annotations

import math

import streamlit as st

from charts.spine import legend_html, reference_name, spine_table
from charts.trend import source_lines
from charts.locator import as_img, locator_svg
from geo.layers import FOCUS_RGB, OUTLINE_RGB
from indicators.catalogue import catalogue
from indicators.describe import ordinal, value_text
from indicators.gaps import SIMILAR_PP, SIMILAR_RELATIVE
from indicators.profile import (KEY_YEARS_INHABITANTS, area_level, key_figures, size_rank,
                                spread_level, summary_counts)
from indicators.stories import stories_for, story_markdown
from ui import cache
from ui.context import bound_widget, update_view, view
from texts.i18n import fmt_number, t
from exports.indicator_tables import indicator_export
from ui.widgets import area_option_label, table_when_opened
from views.profiel_programs import programs_panel

HIGHLIGHT_RGB = [213, 94, 0]
OTHER_RGB = [205, 205, 205]

cat = catalogue()
v = view()
lang = v.lang
gemeente = v.gemeente
city = cache.city_name(gemeente, lang)
tidy = cache.observations(gemeente)
wijken = cache.areas(gemeente, "wijk")
buurten = cache.areas(gemeente, "buurt")
names = cache.area_names(gemeente, lang)
parents = dict(zip(buurten["code"], buurten["parent_code"]))
area = v.area if v.area in names else gemeente
level = area_level(area)
name = names[area]


def _label(code: str) -> str:
    return area_option_label(code, names, city, lang)


# Below the fold, drawn only when opened: a closed expander's contents would be sent on every run; a fragment, so
# opening it reruns only itself (the numbers table: ui.widgets.table_when_opened).
@st.fragment
def stories_panel(stories: list, lang: str) -> None:
    with st.expander(t("prof_stories_title", lang, n=len(stories)), key="w_prof_stories", on_change="rerun") as box:
        if box.open:
            if not stories:
                st.caption(t("prof_no_stories", lang))
            for story in stories:
                st.markdown(story_markdown(story, t("prof_story_source", lang, source="")))


# --- header: title and area choice ---------------------------------------------------------------------------------
head, choose = st.columns([3, 2])
with choose:
    bound_widget("area", ["", *cache.area_choices(gemeente, names)], st.selectbox, t("prof_select_area", lang), _label,
                 none_option="", key="w_prof_area")  # "" is the whole city
with head:
    st.title(t("prof_title", lang, name=name))
    if level == "buurt":
        st.caption(t("prof_subtitle_buurt", lang, wijk=names.get(parents.get(area), "?"), city=city))
    else:
        st.caption(t(f"prof_subtitle_{level}", lang, city=city))

# --- key figures ---------------------------------------------------------------------------------------------------
figures = key_figures(tidy, area)
early, late, old = figures["inhabitants_early"], figures["inhabitants_late"], figures["share_65plus"]
inw = cat.indicator("aant_inw")
share = cat.indicator("p_65_eo_jr")
same_level = list(wijken["code"]) if level != "buurt" else list(buurten["code"])
cols = [*st.columns(2), *st.columns(2)]  # two by two: four in a row cut labels and values at a beamer's 1024 px
cols[0].metric(t("prof_key_inhabitants", lang, year=early.year), value_text(early.value, inw, level, lang))
delta = None if math.isnan(early.value) or math.isnan(late.value) else late.value - early.value
cols[1].metric(t("prof_key_inhabitants", lang, year=late.year), value_text(late.value, inw, level, lang),
               delta=None if delta is None else fmt_number(delta, lang, 0), delta_color="off",
               help=t("prof_key_delta_help", lang, year=early.year))
cols[2].metric(t("prof_key_65plus", lang, year=old.year), value_text(old.value, share, level, lang))
if level != "gemeente":
    place, n_places = size_rank(tidy, area, same_level, late.year)
    cols[3].metric(t("prof_key_size", lang, year=late.year),
                   "–" if math.isnan(place) else t("prof_key_size_value", lang, rank=ordinal(int(place), lang),
                                                    n=n_places),
                   help=t("prof_key_size_help", lang, area=t(f"prof_word_{level}", lang)))
else:
    cols[3].metric(t("level_wijk", lang), len(wijken),
                   help=t("prof_place_city", lang, city=city, n_wijken=len(wijken), n_buurten=len(buurten)))
if late.year != KEY_YEARS_INHABITANTS[1]:
    st.caption(t("prof_key_fallback", lang, year=KEY_YEARS_INHABITANTS[1], shown=late.year))
st.caption(source_lines(cat, [(f.source, f.year) for f in (early, late, old)], lang))

# --- place in the city (click through) and location ------------------------------------------------------------
left, right = st.columns([3, 2])
with left:
    st.subheader(t("prof_place_title", lang))
    if level != "gemeente":
        st.button(t("prof_go_city", lang, city=city), key="prof_go_city", on_click=update_view,
                  kwargs={"area": None})
    if level == "buurt":
        wijk = parents.get(area)
        st.write(t("prof_in_wijk", lang))
        st.button(t("prof_go_wijk", lang, name=names.get(wijk, wijk)), key=f"prof_go_{wijk}", on_click=update_view,
                  kwargs={"area": wijk})
    elif level == "wijk":
        children = buurten[buurten["parent_code"] == area].sort_values("name")
        if children.empty:
            st.caption(t("prof_no_buurten", lang))
        else:
            st.write(t("prof_buurten_of", lang, name=name))
            with st.container(horizontal=True):  # each button as wide as its name, wrapping: a grid cut the names
                for code, child in zip(children["code"], children["name"]):
                    st.button(child, key=f"prof_go_{code}", on_click=update_view, kwargs={"area": code})
    else:
        st.caption(t("prof_place_city", lang, city=city, n_wijken=len(wijken), n_buurten=len(buurten)))

    spine = cache.spine(gemeente, area, v.age)
    ref_name = reference_name(level, city, lang)
    counts = summary_counts(spine)
    st.markdown(t("prof_summary", lang, ref=ref_name, **counts))

    stories_panel(stories_for(area, lang), lang)
    programs_panel(area, parents.get(area), lang, names)  # the programs that run here (#18)

with right:
    st.subheader(t("prof_locator_title", lang))
    map_level = "buurt" if level == "buurt" else "wijk"
    records = cache.polygon_records_for(gemeente, map_level)
    highlight = {area} if level != "gemeente" else set(wijken["code"])
    outlined = area if level == "wijk" else parents.get(area)  # the wijk itself, or the wijk a buurt lies in
    bold = [r for r in cache.polygon_records_for(gemeente, "wijk") if r["code"] == outlined]
    st.html(as_img(locator_svg(records, highlight, bold, fill=HIGHLIGHT_RGB, other=OTHER_RGB, line=OUTLINE_RGB,
                               outline=FOCUS_RGB), t("prof_locator_alt", lang, city=city, name=name)))
    st.caption(t("prof_locator_caption", lang, name=name, year=wijken.attrs.get("year", 2015)))

# --- the spine chart -----------------------------------------------------------------------------------------------
areas_word = t(f"level_plural_{spread_level(area)}", lang)
st.subheader(t("prof_spine_title", lang), help=t("prof_spine_help", lang, areas=areas_word, city=city))
st.caption(t("prof_age_note", lang, age=t(f"age_{v.age}", lang)))
if v.age == "65plus":
    st.caption(t("prof_65plus_note", lang))
with st.expander(t("prof_rules_title", lang)):
    st.markdown(t("prof_rules", lang, ref=ref_name, pp=fmt_number(SIMILAR_PP, lang, 0),
                  rel=fmt_number(SIMILAR_RELATIVE * 100, lang, 0), areas=areas_word, city=city))
st.markdown(legend_html(level, spread_level(area), name, city, lang), unsafe_allow_html=True)
with st.container(key="prof_spine"):
    st.html(cache.spine_chart(gemeente, area, v.age, lang))
st.caption(source_lines(cat, list(zip(spine["source"], spine["year"])), lang))
table_when_opened(t("prof_show_numbers", lang), lambda: spine_table(spine, cat, lang, name, city),
                  f"profiel_{area}_{v.age}.csv", lang, key="download_profile", open_key="w_prof_table",
                  export=lambda: indicator_export(spine.assign(name=name), cat, lang, extra=("city", "nl", "rank")))
