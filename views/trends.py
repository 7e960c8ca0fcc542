"""Trends, in two tabs (URL `section`): one indicator over the survey years for chosen areas (URL `areas`) against
the city and NL, and small multiples of several indicators for one area (URL `area`). Data and figures:
charts.trend."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from charts.trend import (empty_multiples, empty_series, hides_totals, multiples_table, no_figures_line,
                          one_point_multiples, one_year_note, redrawn_note, small_multiples, trend_figure, trend_frame,
                          trend_table, years_with_data)
from indicators.areas import distinct_names
from indicators.catalogue import catalogue
from indicators.describe import other_division_note, shown_sources
from indicators.codes import area_level
from indicators.profile import age_years, opening_multiples, trend_indicators
from ui import cache
from ui.components.plotchart import plot
from ui.context import bound_multiselect, bound_tabs, bound_widget, view, view_fragment, write_url
from ui.safe_text import escape_markdown
from ui.sidebar import source_years
from texts.i18n import t
from indicators.view import MAX_AREAS, trend_opening
from exports.indicator_tables import indicator_export, with_indicator
from ui.widgets import area_option_label, indicator_picker, table_when_opened

# Shown first in the small multiples: the health gaps the network works on.
DEFAULT_MULTIPLES = ["ervaren_gezondheid_goed_zeer_goed", "overgewicht", "roker", "matig_hoog_risico_op_angst_of_depressie",
                     "eenzaam", "moeite_met_rondkomen"]

cat = catalogue()
v = view()
lang = v.lang
gemeente = v.gemeente
city = cache.city_name(gemeente, lang)
names = {**cache.area_names(gemeente, lang), "NL01": t("nederland", lang)}
area_options = cache.area_choices(gemeente, lang)
boundary_year = cache.boundary_year(gemeente, view().level)


def division_notes(frames: list[pd.DataFrame]) -> list[str]:
    """Why a line breaks (two divisions) and why an area's figures of some years are missing (another division than
    the boundaries'), each when it applies."""
    return [note for note in (redrawn_note(frames, city, lang),
                              other_division_note(frames, "other_division_not_shown", lang, city=city,
                                                  boundary_year=boundary_year)) if note]


def _label(code: str) -> str:
    return area_option_label(code, names, city, lang)


st.title(t("trend_title", lang))
st.caption(t("trend_intro", lang, city=city))

# Each section reruns on its own (a fragment) when one of its own pickers changes (issue #19); an indicator
# that takes the age back to 18+ reruns the whole page, sidebar and all (view_fragment).
@view_fragment
def one_indicator_section() -> None:
    top = st.columns([3, 4])
    with top[0]:
        indicator_picker(cat, lang)
    v = view()
    with top[1]:  # a view without areas draws trend_opening's, not written into the view: the URL leaves them out
        opening = () if v.areas else trend_opening(v.area, area_options,
                                                   cache.opening_areas_of(gemeente, v.level, v.year, v.age))
        chosen = bound_multiselect("areas", area_options, t("trend_areas", lang, max=MAX_AREAS), _label, opening,
                                   key="w_trend_areas", max_selections=MAX_AREAS)
    ind = cat.indicator(v.indicator)
    frame = trend_frame(cache.observations_of(gemeente, [ind.id]), ind, chosen, v.age, gemeente,
                        {**names, **distinct_names(chosen, names, lang)}, boundaries=cache.area_codes(gemeente))
    years = age_years(ind, v.age)
    age = frame["age"].iloc[0] if len(frame) else v.age  # the figures' own: CBS's key figures have none (all)
    age_label = t(f"age_{age}", lang)
    areas_only = hides_totals(frame, ind)
    st.subheader(t("trend_chart_title", lang, indicator=ind.label.get(lang), age=age_label))
    st.caption(ind.definition.get(lang))
    if not chosen:
        st.info(t("trend_no_areas", lang, city=city))
    with_data = years_with_data(frame)
    if len(with_data) < 2:
        st.info(one_year_note(ind, with_data or years, lang))
    drawn = frame[frame["kind"] == "area"] if areas_only else frame  # the series the chart draws
    series_names = ", ".join(dict.fromkeys(drawn["name"]))
    fig = cache.built(("trend", gemeente, ind.id, tuple(chosen), v.age, lang),
                       lambda: trend_figure(frame, ind, lang, years))
    plot(fig, key="trend_chart", lang=lang,
         alt=t("trend_chart_alt", lang, indicator=ind.label.get(lang), years=", ".join(map(str, years)),
               names=series_names))
    empty = empty_series(drawn, ind)  # a total the chart leaves out has its own line below, not "no figure"
    if empty:
        st.caption(escape_markdown(t("trend_no_figures", lang, items=no_figures_line(empty, lang))))
    if areas_only:
        st.caption(t("trend_totals_not_drawn", lang, city=city))
    for note in division_notes([frame]):
        st.caption(note)
    st.caption(shown_sources(cat, frame, lang))
    st.caption(t("trend_years_note", lang, years=" · ".join(source_years(gemeente, lang))))
    table_when_opened(t("trend_show_numbers", lang), lambda: trend_table(frame, ind, lang),
                      f"trend_{ind.id}_{age}.csv", lang, key="download_trend", open_key="w_trend_table",
                      export=lambda: indicator_export(frame.assign(indicator=ind.id), cat, lang))
    write_url()  # app.py mirrors the view into the URL after whole runs only


@view_fragment
def multiples_section() -> None:
    v = view()
    pick = st.columns([2, 5])
    with pick[0]:
        bound_widget("area", ["", *area_options], st.selectbox, t("trend_multiples_area", lang), _label,
                     none_option="", key="w_trend_area")  # "" is the whole city
    multi_options, other_age = trend_indicators(cat, v.age)
    with pick[1]:
        defaults = opening_multiples(multi_options, DEFAULT_MULTIPLES, cat, cache.figures(gemeente),
                                     area_level(v.area) if v.area else "gemeente", v.age)
        chosen = bound_multiselect("indicators", multi_options, t("trend_multiples_indicators", lang),
                                   lambda i: cat.indicator(i).label.get(lang), default=defaults, key="w_trend_multi")
    v = view()
    focus = v.area or gemeente
    focus_name = names.get(focus, focus)
    if other_age:  # not silently: 65+ leaves out every health indicator
        st.caption(t("trend_multiples_other_age", lang, n=len(other_age), age=t(f"age_{v.age}", lang)))
    if not chosen:
        st.info(t("trend_multiples_none", lang))
    else:
        frames = cache.built(  # ~3 ms per indicator on every whole run of the page (issue #19); read-only
            ("trend_frames", gemeente, tuple(chosen), focus, v.age, lang),
            lambda: {i: trend_frame(cache.observations_of(gemeente, [i]), cat.indicator(i), [focus], v.age, gemeente,
                                    names, boundaries=cache.area_codes(gemeente)) for i in chosen})
        fig = cache.built(("trend_multiples", gemeente, tuple(chosen), focus, v.age, lang),
                           lambda: small_multiples(frames, cat, lang))
        ages = sorted({a for f in frames.values() for a in f["age"].unique() if a != "all"})  # KWB: none
        st.subheader(" · ".join([focus_name, *(t(f"age_{a}", lang) for a in ages)]))
        empty = empty_multiples(frames, focus, cat, lang)
        if empty:  # above the charts: below, it would come after as many as six of them
            st.caption(escape_markdown(t("trend_no_figures_for", lang, name=focus_name,
                                         items=no_figures_line(empty, lang))))
        one_point = one_point_multiples(frames, focus, cat, lang)
        if one_point:
            st.caption(escape_markdown(t("trend_one_point_for", lang, name=focus_name, items=", ".join(one_point))))
        if any(hides_totals(f, cat.indicator(i)) for i, f in frames.items()):
            st.caption(t("trend_totals_not_drawn", lang, city=city))
        plot(fig, key="trend_multiples", lang=lang,
             alt=t("trend_multiples_alt", lang, n=len(chosen), name=focus_name, city=city))
        for note in division_notes(list(frames.values())):
            st.caption(note)
        st.caption(shown_sources(cat, with_indicator(frames), lang))
        # One label whatever the area: the expander's identity includes its label, and a new one would fold the
        # table a reader opened each time they chose another area (the table names the area in its rows).
        table_when_opened(t("trend_show_multiples_numbers", lang),
                          lambda: multiples_table(frames, cat, lang), f"trends_{focus}_{v.age}.csv", lang,
                          key="download_multiples", open_key="w_trend_multiples_table",
                          export=lambda: indicator_export(with_indicator(frames), cat, lang))
    write_url()


# Two views in tabs, one drawn: only the open tab runs and is sent (first content −86 ms, faster in 10 of 12,
# against the two one below the other, bench.ab: bench/RESULTS.md, session 20);
# the open tab is in the URL (`section`).
section, tab = bound_tabs("section", {"areas": t("trend_tab_areas", lang),
                                      "indicators": t("trend_multiples_title", lang)})
with tab:
    if section == "areas":
        one_indicator_section()
    else:
        multiples_section()
