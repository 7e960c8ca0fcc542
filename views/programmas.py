"""Programma's: program counts over time per area (from the report and program staff), all counts as a
table with filters and downloads, and reach against need. Pieces: views.programmas_panels; the store: ui.store."""
from __future__ import annotations

import streamlit as st

from texts.i18n import t
from ui.context import view
from ui.store import count_area_names, counts
from views import programmas_panels as panels

lang = view().lang

st.title(t("prog_title", lang))
st.caption(t("prog_intro", lang))
everything = counts(lang)
names = count_area_names(everything["area"], lang)  # each count named by its own gemeente, not the one shown
chosen = counts(lang, panels.filter_bar(everything, lang, names))

st.subheader(t("prog_series_header", lang))
panels.series_panel(chosen, lang, names)

st.divider()
st.subheader(t("prog_table_header", lang))
panels.counts_table(chosen, lang, names)

st.divider()
st.subheader(t("prog_reach_header", lang))
panels.reach_panel(everything, lang)
