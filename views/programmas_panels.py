"""The panels of the programs page (/programmas): filters, series chart, tables, reach vs need.

Counts come from the store (ui.store), read fresh on every rerun, so staff entries show at once.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from charts.programs import series_figure
from programs import store
from programs.reach import reach_export, reach_table
from programs.table import area_name, chart_frame, display_table, export_table, source_line
from programs.validation import THEMES
from ui import cache
from ui.components.plotchart import plot
from texts.i18n import fmt_number, t
from ui.context import bound_multiselect, bound_range, bound_widget, view_fragment, write_url
from ui.safe_text import escape_markdown
from ui.store import REACH_PROGRAM, reach_counts, reach_need, reach_region
from ui.widgets import table_when_opened, table_with_download, two_by_two

SERIES_TABLE_KEY = "w_prog_series_table"  # the series' numbers, built only while unfolded


def filter_bar(everything: pd.DataFrame, lang: str, names: dict[str, str]) -> store.CountFilter:
    """Theme, program, area and period; empty means all. Each is part of the view (URL `themes`, `programs`,
    `places`, `period`), so a link or a reload shows the same counts."""
    placeholder = t("prog_filter_placeholder", lang)
    first = min(everything["period_start"]).year if len(everything) else dt.date.today().year
    last = max(everything["period_end"]).year if len(everything) else first
    with st.expander(t("prog_filters", lang), expanded=True):
        cols = two_by_two()
        with cols[0]:
            themes = bound_multiselect("themes", list(THEMES), t("prog_filter_theme", lang),
                                       lambda v: t(f"prog_theme_{v}", lang), key="w_prog_themes",
                                       placeholder=placeholder)
        rows = everything[everything["theme"].isin(themes)] if themes else everything
        program_names = dict(zip(rows["program"], rows[f"name_{lang}"]))
        with cols[1]:
            programs = bound_multiselect("programs", list(program_names), t("prog_filter_program", lang),
                                         program_names.get, key="w_prog_programs", placeholder=placeholder)
        with cols[2]:
            areas = bound_multiselect("places", sorted(set(everything["area"])), t("prog_filter_area", lang),
                                      lambda c: area_name(c, lang, names), key="w_prog_areas",
                                      placeholder=placeholder)
        years = (first, last)
        if last > first:
            with cols[3]:
                years = bound_range("period", first, last, t("prog_filter_period", lang), key="w_prog_years")
    return store.CountFilter(programs=tuple(programs), areas=tuple(areas), themes=tuple(themes),
                             start=dt.date(years[0], 1, 1), end=dt.date(years[1], 12, 31))


@view_fragment
def series_panel(chosen: pd.DataFrame, lang: str, names: dict[str, str]) -> None:
    """One program's counts over time, per area, with its source line, numbers and downloads. A fragment: choosing
    another program reruns only this panel (the counts are those of the page's last whole run)."""
    if chosen.empty:
        st.info(t("prog_no_counts", lang))
        return
    program_names = dict(zip(chosen["program"], chosen[f"name_{lang}"]))
    options = list(program_names)
    program = bound_widget("series", options, st.selectbox, t("prog_chart_program", lang), program_names.get,
                           key="w_prog_chart", default=REACH_PROGRAM if REACH_PROGRAM in options else options[0])
    write_url()  # app.py mirrors the view into the URL after whole runs only; this panel also reruns on its own
    rows = chosen[chosen["program"] == program]
    first = rows.iloc[0]
    unit = first[f"unit_label_{lang}"]
    source = source_line(rows, lang)
    st.caption(t("prog_description", lang, description=escape_markdown(first[f"description_{lang}"])))
    # The counts are part of the key: an entry saved a moment ago shows at once.
    fig = cache.built(("prog_series", program, lang, tuple(sorted(names.items())), cache.fingerprint(rows)),
                       lambda: series_figure(chart_frame(rows, lang, names), title=program_names[program],
                                             y_title=t("prog_chart_y", lang, unit=unit), source=source,
                                             hover=t("prog_chart_hover", lang)))
    period = source.rsplit("·", 1)[-1].strip()
    plot(fig, key="prog_chart", lang=lang,
         alt=t("prog_chart_alt", lang, program=program_names[program], unit=unit, period=period))
    st.caption(source_line(rows.assign(source=rows["source"].map(escape_markdown)), lang))  # typed text: literal
    st.caption(t("prog_chart_how", lang))
    table_when_opened(t("prog_show_numbers", lang), lambda: display_table(rows, lang, names),
                      t("file_program", lang, program=program), lang, key="prog_series_download",
                      open_key=SERIES_TABLE_KEY, export=lambda: export_table(rows, lang, names))


def counts_table(chosen: pd.DataFrame, lang: str, names: dict[str, str]) -> None:
    st.caption(t("prog_table_caption", lang, n=len(chosen)))
    table_with_download(display_table(chosen, lang, names), t("file_program_counts", lang), lang,
                        key="prog_table_download", export=lambda: export_table(chosen, lang, names))


def _years(values: pd.Series) -> str:
    return ", ".join(str(int(y)) for y in sorted(values.dropna().unique())) or "–"


def _span(low: float, high: float, lang: str, decimals: int) -> str:
    text = fmt_number(low, lang, decimals)
    return text if low == high or pd.isna(high) else f"{text}–{fmt_number(high, lang, decimals)}"


def reach_display(reach: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`programs.reach.reach_table` as the page shows it: ranges as "low–high", numbers in `lang`'s format."""
    yes, no = t("prog_reach_yes", lang), t("prog_reach_no", lang)
    return pd.DataFrame({
        t("prog_reach_col_year", lang): reach["year"].astype(str),
        t("prog_reach_col_count", lang): [_span(r.count_low, r.count_high, lang, 0) for r in reach.itertuples()],
        t("prog_reach_col_need_year", lang): reach["need_year"].map(lambda y: str(int(y)) if pd.notna(y) else "–"),
        t("prog_reach_col_population_year", lang): reach["population_year"].map(
            lambda y: str(int(y)) if pd.notna(y) else "–"),
        t("prog_reach_col_population", lang): [fmt_number(v, lang, 0) for v in reach["population"]],
        t("prog_reach_col_need_pct", lang): [fmt_number(v, lang, 1) for v in reach["need_pct"]],
        t("prog_reach_col_need_people", lang): [fmt_number(v, lang, 0) for v in reach["need_people"]],
        t("prog_reach_col_per_1000", lang): [_span(r.per_1000_low, r.per_1000_high, lang, 1)
                                             for r in reach.itertuples()],
        t("prog_reach_col_same_year", lang): [yes if s else no for s in reach["same_year"]],
    })


def reach_panel(everything: pd.DataFrame, lang: str) -> None:
    """GLI participants per 1,000 adults with overgewicht in the GLI region, with every assumption written out."""
    region = reach_region(lang)
    rows = reach_counts(everything)

    def build() -> tuple[pd.DataFrame, pd.DataFrame]:
        reach = reach_table(rows, region.members, reach_need(rows))
        return reach, reach_display(reach, lang)

    # Once per process and counts (~40 ms of every run of the page, issue #19); a count saved a moment ago changes
    # the key, so it is in the next run's table.
    reach, display = cache.built(("prog_reach", region.members, lang, cache.fingerprint(rows)), build)
    names = dict(cache.gemeenten())  # 'Den Haag' / 'The Hague' as everywhere on the page, not CBS's 's-Gravenhage
    st.caption(t("prog_reach_intro", lang, region=region.name,
                 members=", ".join(cache.gemeente_label(m, names.get(m, m), lang) for m in region.members)))
    if reach.empty or reach["per_1000_low"].isna().all():
        st.info(t("prog_reach_none", lang, missing=", ".join(reach["missing"].unique()) or "–"))
        return
    table_with_download(display, t("file_gli_reach", lang), lang, key="prog_reach_download",
                        export=lambda: reach_export(reach, lang, region.code, region.name,
                                                    "; ".join(dict.fromkeys(rows["source"]))))
    need_years, pop_years = _years(reach["need_year"]), _years(reach["population_year"])
    same = _years(reach.loc[reach["same_year"], "year"])
    st.markdown(f"**{t('prog_reach_assumptions', lang)}**\n\n" + "\n".join(
        f"- {t(key, lang, need_years=need_years, population_years=pop_years, same_years=same)}"
        for key in ("prog_reach_assume_count", "prog_reach_assume_need", "prog_reach_assume_population",
                    "prog_reach_assume_bound", "prog_reach_assume_sum")))
    st.caption(t("prog_reach_source", lang, need_years=need_years, population_years=pop_years))
