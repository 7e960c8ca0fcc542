"""Kaart: the health-gap map of the gemeente's wijken or buurten (default page).

The page body is a fragment: changing the indicator, year, mode, classification, focus outlines, basemap or area
reruns only this body, not the router and the sidebar (fewer elements for the server to run and the browser to
redraw). The map's own settings are therefore drawn inside it, under the map's pickers, not in the sidebar (a
sidebar widget reruns the whole app: a classification change settled ~150 ms later than an indicator change).
Sidebar settings, language, level and gemeente still rerun the whole app.
"""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from geo.choropleth import MapModel, map_model
from geo.layers import AREA_LAYER_ID
from indicators.catalogue import Catalogue, catalogue
from indicators.describe import all_ages_note, figure_title, other_division_text
from indicators.select import observation_age, years_with_values
from ui import cache
from ui.components.areamap import area_map
from ui.context import bound_toggle, bound_widget, page_fragment, update_view, view
from texts.i18n import t
from ui.links import indicator_link, page_link
from views.kaart_program import program_layer, program_picker
from exports.indicator_tables import map_export
from views.kaart_panels import (display_frame, legend_html, no_values_line, ranked_lists,
                                selected_code, table_file_name, why_not_offered)
from indicators.view import METHODS, MODES, View
from ui.widgets import indicator_label, indicator_picker, table_with_download, year_picker

MAP_HEIGHT = 560


def map_body() -> None:
    cat = catalogue()
    lang = view().lang
    city = cache.city_name(view().gemeente, lang)
    # The pickers are drawn after the map and its legend (an indicator change waits for those); their callbacks
    # have put a changed value into the view before this run started (ui.context), so the map's settings are read
    # from the view on every run (a fragment's rerun would get the arguments of the last whole run).

    v = view()
    has_focus = bool(cache.focus_records(v.gemeente))  # the focus areas are Den Haag's (data/areas.yaml)
    method, show_focus, basemap = v.method, v.focus and has_focus, v.basemap
    ind = cat.indicator(v.indicator)
    # Layout first (title; legend and map on the left, pickers and lists on the right: on a phone the columns
    # stack, so the map comes right after the title), then fill it map-first: the map and its legend are what an
    # indicator change waits for, so their deltas go out first (Streamlit sends elements in the order they run).
    head = st.container()
    left, right = st.columns([3, 2])
    with right:  # the pickers, then the program layer's picker (filled before the map when a program is chosen)
        pickers, program_box = st.container(), st.container()
    with head:  # the heading is filled once the program layer is known: in reach mode it names the reach
        heading = st.container(key="map_heading")  # its h1, at a subheader's size (ui.page_scripts)
        if method == "fixed" and not ind.thresholds and v.mode == "value":
            st.info(t("method_fixed_missing", lang))
    model, colours = _model(v, method, show_focus, basemap, city)
    if v.mode in model.unavailable:  # a link, or the previous indicator, asked for a mode this one cannot show
        with head:
            st.info(t("mode_fallback", lang, mode=t(f"mode_{v.mode}", lang, city=city)))
        v = update_view(mode="value")
        model, colours = _model(v, method, show_focus, basemap, city)
    if model.redrawn:  # the figures are of other areas than the boundaries': a grey map, and how to get newer ones
        with head:
            n_year, n_map = model.redrawn  # Westland's buurten of 2020: as many as the map's, one code other
            why = other_division_text("map_other_division_as_many" if n_year == n_map else "map_other_division", lang,
                                      city=city, years=[v.year], level=v.level, n_year=n_year, n_map=n_map,
                                      boundary_year=cache.boundary_year(v.gemeente, v.level))
            st.info(f"{why} {t('map_newer_boundaries', lang, code=v.gemeente)}")
            to_figures_button(cat, v, lang)
    elif model.frame["value"].isna().all():  # a grey map says why, and where there are figures
        with head:
            st.info(no_values_line(years_with_values(cache.figures(v.gemeente), ind, v.level, v.age), ind, v.year,
                                   v.level, city, lang))
    title = None
    if v.program:  # a chosen program colours the map (#18): its layer before the map is drawn
        model, colours, title = program_layer(v, model, colours, lang, program_box)
    heading.title(title or figure_title(ind, v.year, observation_age(ind, v.year, v.age), lang))
    if not title and (note := all_ages_note(ind, v.year, v.age, lang)):
        heading.caption(note)
    with left:
        on_map = v.area in set(model.frame["code"])  # not a wijk kept at buurt level (the caption by the picker)
        note = t("selected_legend", lang, name=_area_name(model, v.area)) if on_map else None
        # st.html, not markdown with HTML: the page's code for st.html is already loaded (the router's), markdown's
        # HTML code would be the last the page asks for, and the browser shows the page's widgets and the map only
        # after that (bench/RESULTS.md, session 14)
        st.html(legend_html(model.legend, t("legend", lang), t("focus_legend", lang) if show_focus else None, note))
        alt = t("map_alt", lang, gemeente=city, indicator=ind.label.get(lang), year=v.year)
        if basemap:
            event = st.pydeck_chart(model.deck, on_select="rerun", selection_mode="single-object",
                                    key="map_basemap", height=MAP_HEIGHT, alt=alt)
            clicked = selected_code(event, AREA_LAYER_ID)
            click = clicked
        else:
            value = area_map(cache.map_geometry(v.gemeente, v.level), colours, selected=v.area, focus=show_focus,
                             height=MAP_HEIGHT, alt=alt, lang=lang, key="map")
            clicked = value.get("code") if isinstance(value, dict) else None
            click = (clicked, value.get("t")) if clicked else None  # a new click on the same area counts again
        if clicked and click != st.session_state.get("_map_clicked"):
            st.session_state["_map_clicked"] = click
            update_view(area=clicked)
            try:
                st.rerun(scope="fragment")  # a click reruns the fragment, so only this body needs drawing again
            except StreamlitAPIException:  # the click arrived in a whole-app run: rerun that instead
                st.rerun()
        st.caption(model.source)
        st.caption(ind.definition.get(lang))
        st.markdown(indicator_link(ind.id, view(), small=True))
        if ind.ages == ["all"] and v.age != "18plus":
            st.caption(t("age_not_split", lang))
    if not v.program:  # the picker alone (it reads the store): after the map, which an indicator change waits for
        with program_box:
            program_picker(lang)
    with pickers:
        indicator_picker(cat, lang)
        year_picker(cat, lang)
        offered = [m for m in MODES if m not in model.unavailable]
        bound_widget("mode", offered, st.radio, t("mode", lang), lambda m: t(f"mode_{m}", lang, city=city),
                     horizontal=True)
        if model.unavailable:
            st.caption(why_not_offered(model.unavailable, lang, city))
        map_settings(lang, has_focus, view().mode)
    with right:
        names = dict(zip(model.frame["code"], model.frame["name"]))
        options = ["", *sorted(names, key=names.get)]
        every_name = cache.area_names(v.gemeente, lang)  # both levels: a wijk's profile is linked at buurt level
        # e.g. a wijk from a link or another page, at buurt level: the view keeps it (keep_unoffered) for the pages
        # that show either level, and the map says it cannot mark it
        if view().area and view().area not in names:
            st.caption(t("select_area_other_level", lang, name=every_name.get(view().area, view().area),
                         level=t(f"level_plural_{v.level}", lang)))
        bound_widget("area", options, st.selectbox, t("select_area", lang),
                     lambda c: names.get(c, t("select_area_none", lang)), none_option="", keep_unoffered=True)
        if view().area:  # the fresh view: `v` predates a change made by the select box in this run
            page_link("profiel", t("open_profile", lang, name=every_name.get(view().area, view().area)))
        ranked_lists(model.frame, ind, v.level, v.year, lang)

    # The full table only when opened: a closed expander's table would otherwise be sent on every rerun (~17 KB).
    with st.expander(t("show_all_table", lang), key="w_map_table", on_change="rerun") as table_box:
        if table_box.open:
            table_with_download(display_frame(model.frame.sort_values("name"), ind, v.level, v.year, lang),
                                table_file_name(ind, v.level, v.year, v.age), lang, key="download_map_table",
                                export=map_export(model.frame.sort_values("name"), ind, cat, v.level, v.year, v.age,
                                                  lang))


def to_figures_button(cat: Catalogue, v: View, lang: str) -> None:
    """Under a grey map of another division's figures (Rijswijk's health monitor): a button to the first indicator of
    the picker with figures these boundaries can show, in its year nearest the view's (update_view), if there is one."""
    shown = [i for i in cache.indicators_with_values(v.gemeente, v.level, cat.picker_ids) if i != v.indicator]
    if shown and st.button(t("map_to_figures", lang, indicator=indicator_label(cat, shown[0], lang)),
                           key="map_to_figures", icon=":material/arrow_forward:"):
        update_view(indicator=shown[0])
        st.rerun()


def map_settings(lang: str, has_focus: bool, mode: str) -> None:
    """The map's own settings: classification, focus outlines (where the gemeente has focus areas), basemap. Inside
    the fragment, so a change reruns only the map's body. A difference map has fixed classes around 0
    (geo.classify.gap_classes): no classification is offered for it, a line says why."""
    if mode == "value":
        bound_widget("method", METHODS, st.selectbox, t("method", lang), lambda m: t(f"method_{m}", lang))
    else:
        st.caption(t("method_gap_fixed", lang))
    if has_focus:
        bound_toggle("focus", t("focus_toggle", lang))
    bound_toggle("basemap", t("basemap", lang))


def _model(v: View, method: str, show_focus: bool, basemap: bool, city: str) -> tuple[MapModel, dict | None]:
    """The view's map model, and the map component's colours (None with a basemap: pydeck draws it then)."""
    cat = catalogue()
    ind = cat.indicator(v.indicator)
    if basemap:  # pydeck with a basemap (online only): the whole deck is sent on every rerun
        model = map_model(
            cache.observations(v.gemeente), cache.areas(v.gemeente, v.level),
            cache.polygon_records_for(v.gemeente, v.level), cat, ind, level=v.level, year=v.year, age=v.age,
            mode=v.mode, method=method, lang=v.lang, city_name=city,
            focus_records=cache.focus_records(v.gemeente) if show_focus else None, selected=v.area, basemap=True,
        )
        return model, None
    # default: geometry once per browser (static file), per rerun only classes and tooltips (cached per view)
    model, colours = cache.map_view(v.gemeente, v.level, ind.id, v.year, v.age, v.mode, method, v.lang, city)
    cache.warm_map_views(v, method, city)  # the other indicators of this map, in the background
    return model, colours


def _area_name(model: MapModel, code: str) -> str:
    names = model.frame.loc[model.frame["code"] == code, "name"]
    return str(names.iloc[0]) if len(names) else code


page_fragment(map_body)()
