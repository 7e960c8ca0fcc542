"""Vergelijk, in three tabs (URL `section`): compare chosen areas, rank all areas, the social–health gradient and
its bivariate map."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from charts.bivariate import MAP_PALETTE
from charts.compare import grouped_bars, ranking_chart, split_by_unit
from charts.html_table import table_html
from charts.markup import wrap
from exports.indicator_tables import indicator_export
from indicators.areas import groups as area_groups
from indicators.catalogue import catalogue
from indicators.compare import (OPENING_LEAD, AreaGroup, axis_left_out_reason, comparison_table, every_cell,
                                gradient_candidates, groups_left_out, indicator_labels, no_axis_notice,
                                no_opening_notice, redrawn_line, view_first)
from indicators.describe import (figure_title, other_division_note, other_division_text, shown_sources, value_formatter,
                                 year_formatters)
from indicators.select import OTHER_DIVISION, drawable, judged_direction, small_counts
from ui import cache
from ui.components.areamap import area_map, class_payload
from ui.components.plotchart import plot
from ui.context import bound_multiselect, bound_tabs, bound_widget, id_label, view, view_fragment, write_url
from texts.i18n import t
from indicators.view import MAX_AREAS, MAX_INDICATORS
from ui.widgets import download_buttons, indicator_label, indicator_picker, year_picker
from views.vergelijk_panels import gradient_parts

DEFAULT_INDICATORS = (OPENING_LEAD, "moeite_met_rondkomen", "eenzaam")

cat = catalogue()
lang = view().lang
v = view()
city = cache.city_name(v.gemeente, lang)
lookup = pd.concat([cache.areas(v.gemeente, lv)[["code", "name", "level"]] for lv in ("wijk", "buurt")],
                   ignore_index=True)
names = dict(zip(lookup["code"], lookup["name"]))
theme_order = {g.id: i for i, g in enumerate(cat.groups)}
indicator_options = sorted(cat.available_ids, key=lambda i: (theme_order[cat.indicator(i).group], cat.ids.index(i)))
levels = dict(zip(lookup["code"], lookup["level"]))
ranking_tab = t("cmp_rank_header", lang, areas=t(f"level_plural_{v.level}", lang))


def downloads(export: Callable[[], pd.DataFrame], base: str, key: str) -> None:
    """The formula-safe CSV and Excel of exactly the rows shown (the shared helper, ui.widgets.download_buttons),
    made when a button is clicked: building the three exports took ~60 ms of every run (issue #19)."""
    download_buttons(export, base, lang, f"{key}_csv")


def year_note() -> None:
    """The compare and gradient tabs read the view's year, which only the ranking tab offers to change: say so."""
    st.caption(t("cmp_year_from_ranking", lang, year=view().year, tab=ranking_tab))


def compare_section() -> None:
    """The chosen areas and groups side by side: bars per unit, the table and its downloads."""
    known = set(lookup["code"])
    usable = {gid: g for gid, g in area_groups().items() if all(m in known for m in g["members"])}
    area_options = sorted(lookup["code"], key=lambda c: (levels[c] != "wijk", names[c]))
    opening = view_first(view().area, cache.opening_areas_of(v.gemeente, v.level, v.year, v.age), area_options)

    pick = st.columns([3, 2])
    with pick[0]:
        chosen = bound_multiselect("areas", area_options, t("cmp_areas", lang),
                                   lambda c: t("cmp_area_option", lang, name=names.get(c, c),
                                               level=t("cmp_level_" + levels.get(c, "wijk"), lang)),
                                   opening, max_selections=MAX_AREAS,
                                   placeholder=t("cmp_areas_placeholder", lang))
    room = MAX_AREAS - len(chosen)  # the groups beyond it are left out: the picker shows what the chart draws
    with pick[1]:
        unusable = [g for g in view().groups if g not in usable]
        if unusable:
            st.warning(t("cmp_group_unusable", lang, groups=", ".join(id_label("groups", g, lang) for g in unusable)),
                       icon="⚠️")
        chosen_groups = bound_multiselect("groups", list(usable), t("cmp_groups", lang),
                                          lambda g: usable[g]["name"].get(lang, g), (), max_selections=room,
                                          placeholder=t("cmp_groups_placeholder" if usable else "cmp_groups_none",
                                                        lang, city=city), disabled=not usable or not room)
    chosen_ind = bound_multiselect("indicators", indicator_options, t("cmp_indicators", lang),
                                   lambda i: indicator_label(cat, i, lang),
                                   view_first(view().indicator, DEFAULT_INDICATORS, indicator_options),
                                   max_selections=MAX_INDICATORS)

    year_note()
    if len(chosen_groups) < len([g for g in view().groups if g in usable]):
        st.warning(t("cmp_too_many", lang, max=MAX_AREAS), icon="⚠️")
    if chosen_groups:
        st.info(t("cmp_group_assumption", lang), icon="ℹ️")
        left_out = groups_left_out(cat, chosen_ind)
        if left_out:
            st.caption(t("cmp_group_left_out", lang, indicators=", ".join(cat.indicator(i).label.get(lang)
                                                                          for i in left_out)))

    if not opening and not chosen and not chosen_groups:  # no area to open on: why
        st.caption(no_opening_notice(city, v.level, cat.indicator(OPENING_LEAD).label.get(lang),
                                     cache.divided_otherwise(v.gemeente, v.level),
                                     cache.boundary_year(v.gemeente, v.level), lang))
    if len(chosen) + len(chosen_groups) < 2 or not chosen_ind:
        st.info(t("cmp_pick_two", lang, max=MAX_AREAS), icon="ℹ️")
    else:
        groups = [AreaGroup(g, usable[g]["name"].get(lang, g), tuple(usable[g]["members"])) for g in chosen_groups]
        comp = cache.comparison(v.gemeente, tuple(chosen_ind), tuple(chosen), tuple(groups), v.year, v.age, lang,
                                city)
        labels = {i: wrap(label) for i, label in indicator_labels(comp, cat, lang).items()}
        units = {i: cat.indicator(i).unit for i in labels}
        for unit, part in split_by_unit(drawable(comp, cat), units).items():  # small counts: no bar
            if part["value"].isna().all():  # an empty chart says nothing: the table below says "no data"
                continue
            fig = cache.built(
                ("cmp_bars", unit, v.gemeente, tuple(chosen_ind), tuple(chosen), tuple(groups), v.year, v.age,
                 lang),
                lambda: grouped_bars(part, labels,
                                     title=t("cmp_bars_title", lang, unit=t(f"cmp_unit_{unit}", lang)),
                                     y_title=t(f"cmp_unit_{unit}", lang), fmt=year_formatters(part, cat, "wijk", lang),
                                     city_label=city, nl_label=t("nederland", lang), no_data=t("no_data", lang)))
            plot(fig, key=f"cmp_bars_{unit}", lang=lang)
        if groups:
            st.caption(t("cmp_group_hatched", lang))
        st.caption(shown_sources(cat, comp, lang))

        headers = {i: label.replace("<br>", " ") for i, label in labels.items()}
        # The page's small tables are plain HTML tables, not canvas grids (st.dataframe): drawn in the page's first
        # paint instead of after the grid's code (first content −106 ms for the two, bench.ab: bench/RESULTS.md,
        # session 19), read by screen readers as tables, and printed; the downloads give the numbers as numbers.
        # Not st.table either: its cells come as Arrow, whose reader a first visit loads (~1 MB of JavaScript).
        st.html(table_html(comparison_table(comp, cat, lang, headers), cards=False))
        if redrawn := redrawn_line(comp):  # a row's figures of years in which its gemeente was divided otherwise
            st.caption(redrawn)
        if other := other_division_note([comp], "cmp_table_other_division", lang, city=city,  # other areas' figures
                                        boundary_year=cache.boundary_year(v.gemeente, v.level)):
            st.caption(other)
        downloads(lambda: indicator_export(every_cell(comp), cat, lang),
                  t("file_comparison", lang, gemeente=v.gemeente, year=v.year), "cmp_dl_compare")


@view_fragment
def ranking_section() -> None:
    """The ranking reruns on its own when its indicator changes (only this section depends on it)."""
    top = st.columns([3, 1])
    with top[0]:
        indicator_picker(cat, lang)
    with top[1]:
        year_picker(cat, lang)
    v = view()
    ind = cat.indicator(v.indicator)
    ranked, refs = cache.ranking(v.gemeente, v.level, ind.id, v.year, v.age, lang, city)
    drawn_refs = drawable(refs, cat)  # a total (a count) has no line over the areas' bars
    ref_value = {k: float(drawn_refs.loc[drawn_refs["kind"] == k, "value"].iloc[0])
                 if (drawn_refs["kind"] == k).any() else float("nan") for k in ("city", "nl")}
    order = t("cmp_order_neutral" if judged_direction(ind) == "neutral" else "cmp_order_direction", lang)
    st.caption(f"{ind.definition.get(lang)} {order}")
    if ranked["value"].notna().any():
        fig = cache.built(
            ("cmp_ranking", v.gemeente, v.level, ind.id, v.year, v.age, lang),
            lambda: ranking_chart(drawable(ranked, cat), title=figure_title(ind, v.year, ranked["age"].iloc[0], lang),
                                  x_title=t(f"cmp_unit_{ind.unit}", lang), fmt=value_formatter(ind, v.level, lang, v.year),
                                  city=ref_value["city"], nl=ref_value["nl"], city_label=city,
                                  nl_label=t("nederland", lang), focus_label=t("cmp_focus", lang),
                                  other_label=t("cmp_other", lang, areas=t(f"level_plural_{v.level}", lang))))
        plot(fig, key="cmp_ranking", lang=lang)
    missing = ranked.loc[ranked["value"].isna(), "name"].tolist()
    if missing:
        st.caption(t("cmp_rank_missing", lang, n=len(missing), names=", ".join(missing)))
    if (ranked["status"] == OTHER_DIVISION).any():  # why: the year's areas are not the boundaries' (the map's notice)
        st.caption(other_division_text("cmp_rank_other_division", lang, city=city, years=[v.year], level=v.level,
                                       boundary_year=cache.boundary_year(v.gemeente, v.level)))
    small = ranked.loc[small_counts(ind, ranked["value"], v.level), "name"].tolist()
    if small:
        st.caption(t("cmp_rank_small", lang, n=len(small), names=", ".join(small)))
    if not refs.loc[refs["kind"] == "nl", "value"].notna().any():
        st.caption(t("cmp_no_nl", lang))
    rank_rows = pd.concat([ranked, refs], ignore_index=True)
    st.caption(shown_sources(cat, rank_rows, lang))
    downloads(lambda: indicator_export(rank_rows, cat, lang, extra=("rank",)),
              t("file_ranking", lang, indicator=ind.id, level=v.level, year=v.year), "cmp_dl_rank")
    write_url()  # app.py mirrors the view into the URL after whole runs only


@view_fragment
def gradient_section() -> None:
    """The gradient and its bivariate map rerun on their own when an axis changes."""
    v = view()
    eligible = gradient_candidates(cat, indicator_options)
    social = cache.indicators_with_values(v.gemeente, v.level, eligible["x"])
    health = cache.indicators_with_values(v.gemeente, v.level, eligible["y"])
    if not social or not health:
        st.info(no_axis_notice(city, v.level, cache.divided_otherwise(v.gemeente, v.level),
                               cache.boundary_year(v.gemeente, v.level), lang))
        return
    without = [(axis, getattr(v, axis)) for axis, offered in (("x", social), ("y", health))
               if getattr(v, axis) not in offered]
    axes = st.columns(2)
    with axes[0]:
        x_id = bound_widget("x", social, st.selectbox, t("cmp_social", lang), lambda i: indicator_label(cat, i, lang))
    with axes[1]:
        y_id = bound_widget("y", health, st.selectbox, t("cmp_health", lang), lambda i: indicator_label(cat, i, lang))
    year_note()
    for axis, missing in without:  # the view's axis (a link's, or the default) is not shown: say why
        label = cat.indicator(missing).label.get(lang)
        st.caption(t(axis_left_out_reason(axis, missing, eligible), lang, indicator=label, gemeente=city,
                     areas=t(f"level_plural_{v.level}", lang)))
    parts = cache.built(("cmp_gradient_parts", v.gemeente, v.level, x_id, y_id, v.year, v.age, lang),
                        lambda: gradient_parts(v, x_id, y_id, lang, city))
    g = parts.gradient
    plot(parts.figure, key="cmp_scatter", lang=lang)
    st.caption(t("cmp_gradient_caption", lang, n=parts.corr.n, areas=t(f"level_plural_{v.level}", lang)))
    if parts.years_note:
        st.caption(parts.years_note)

    # the bivariate map of the same two indicators (the same fragment: the same axes)
    st.subheader(t("cmp_bivariate_header", lang))
    geometry = cache.map_geometry(v.gemeente, v.level)  # the map page's geometry file: fetched once per browser
    has_focus = bool(cache.focus_records(v.gemeente))  # the focus areas are Den Haag's (data/areas.yaml)
    map_col, legend_col = st.columns([5, 2])
    with map_col:
        area_map(geometry, class_payload(parts.classes, parts.tooltips, MAP_PALETTE, geometry.codes),
                 selected=None, focus=has_focus, height=520, key="cmp_bivariate_map", lang=lang,
                 alt=t("cmp_map_alt", lang, x=g.x.label.get(lang), y=g.y.label.get(lang)),
                 notes=parts.notes, clickable=False)
    with legend_col:
        # st.html, not markdown with HTML: the page's other elements are shown ~65 ms sooner (bench.ab) when its
        # last element does not need the browser to load markdown's HTML code first (bench/RESULTS.md, session 13)
        st.html(parts.legend)
        st.caption(t("cmp_bivariate_legend_note", lang))
        st.caption(" · ".join([t("cmp_focus_outline", lang)] * has_focus + [t("cmp_no_basemap", lang)]))
    st.html(table_html(parts.ranges, cards=False))
    st.caption(parts.sources)
    downloads(lambda: indicator_export(parts.export, cat, lang, extra=("cls",)),
              t("file_gradient", lang, x=x_id, y=y_id, level=v.level), "cmp_dl_gradient")
    write_url()


st.title(t("cmp_title", lang))
st.caption(t("cmp_intro", lang))
# Three views in tabs, one drawn: only the open tab runs and is sent (first content −168 ms, faster in 11 of 12,
# against the three sections one below the other, bench.ab: bench/RESULTS.md, session 20);
# the open tab is in the URL (`section`).
section, tab = bound_tabs("section", {
    "areas": t("cmp_compare_header", lang),
    "ranking": ranking_tab,
    "gradient": t("cmp_gradient_header", lang)})
with tab:
    {"areas": compare_section, "ranking": ranking_section, "gradient": gradient_section}[section]()
