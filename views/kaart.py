"""Kaart: the health-gap map of the gemeente's wijken or buurten (default page)."""
from __future__ import annotations

import streamlit as st

from geo.choropleth import map_model
from geo.layers import AREA_LAYER_ID
from indicators.catalogue import catalogue
from ui import cache
from ui.context import bound_widget, update_view, view
from ui.i18n import t
from ui.links import indicator_link
from ui.map_panels import area_table, legend_html, ranked_lists, selected_code
from ui.state import MODES
from ui.widgets import indicator_picker, year_picker

cat = catalogue()
lang = view().lang
city = cache.city_name(view().gemeente, lang)

top = st.columns([3, 1, 2])
with top[0]:
    indicator_picker(cat, lang)
with top[1]:
    year_picker(cat, lang)
with top[2]:
    bound_widget("mode", MODES, st.radio, t("mode", lang), lambda m: t(f"mode_{m}", lang, city=city), horizontal=True)
with st.sidebar:
    method = st.selectbox(t("method", lang), ["quantiles", "fisher_jenks", "fixed"], key="w_method",
                          format_func=lambda m: t(f"method_{m}", lang))
    show_focus = st.toggle(t("focus_toggle", lang), value=True, key="w_focus")
    basemap = st.toggle(t("basemap", lang), value=False, key="w_basemap")

v = view()
ind = cat.indicator(v.indicator)
areas = cache.areas(v.gemeente, v.level)
if method == "fixed" and not ind.thresholds:
    st.info(t("method_fixed_missing", lang))
model = map_model(
    cache.observations(v.gemeente), areas, cache.polygon_records_for(v.gemeente, v.level), cat, ind,
    level=v.level, year=v.year, age=v.age, mode=v.mode, method=method, lang=lang, city_name=city,
    focus_records=cache.focus_records(v.gemeente) if show_focus else None, selected=v.area, basemap=basemap,
)

st.subheader(f"{ind.label.get(lang)} · {v.year}")
st.caption(ind.definition.get(lang))
st.markdown(indicator_link(ind.id, lang, small=True))
if ind.ages == ["all"] and v.age != "18plus":
    st.caption(t("age_not_split", lang))

left, right = st.columns([3, 2])
with left:
    event = st.pydeck_chart(model.deck, on_select="rerun", selection_mode="single-object", key="map", height=560,
                            alt=t("map_alt", lang, gemeente=city, indicator=ind.label.get(lang), year=v.year))
    clicked = selected_code(event, AREA_LAYER_ID)
    if clicked and clicked != st.session_state.get("_map_clicked"):
        st.session_state["_map_clicked"] = clicked
        update_view(area=clicked)
        st.rerun()
    st.markdown(legend_html(model.legend, t("legend", lang), t("focus_legend", lang) if show_focus else None),
                unsafe_allow_html=True)
    st.caption(model.source)
with right:
    names = dict(zip(model.frame["code"], model.frame["name"]))
    options = ["", *sorted(names, key=names.get)]
    bound_widget("area", options, st.selectbox, t("select_area", lang),
                 lambda c: names.get(c, t("select_area_none", lang)), none_option="")
    if view().area:  # the fresh view: `v` predates a change made by the select box in this run
        st.page_link("views/profiel.py", label=t("open_profile", lang, name=names.get(view().area, view().area)),
                     query_params={"area": view().area, "lang": lang})
    ranked_lists(model.frame, ind, v.level, lang)

area_table(model.frame, ind, v, lang)
