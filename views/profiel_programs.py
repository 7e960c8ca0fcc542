"""The profile's list of the programs that run in an area, with their latest counts (issue #18).

A count made for the wijk a buurt lies in, or for a group of areas (Zuidwest), is listed as that area's figure:
never divided. The rules: programs.layer.programs_in_area.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from programs.table import area_name, count_unit, export_table, period_text, unit_labels, value_text
from texts.i18n import t
from ui.store import counts_in_area
from ui.widgets import table_with_download

# Each column's share of the table (%), as plain HTML: the programs' long names wrap, so 'Counted for' stands beside
# each count on a beamer (in a grid they pushed it past the table's edge, on a 1400 px screen too), the source (the
# longest text) has the widest column, and the page needs no grid.
COLUMN_SHARES = (21, 15, 12, 10, 11, 31)


def programs_table(rows: pd.DataFrame, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """As shown: program, count with unit, the area it was counted for, period, what is counted, source."""
    columns = [f"name_{lang}", f"unit_label_{lang}", f"unit_label_one_{lang}", "value_low", "value_high",
               "qualifier", "kind", "area", "own", "period_start", "period_end", "source"]
    # row dicts from the columns' lists: itertuples reads the count table's 32 arrow columns cell by cell (~3 ms)
    items = [dict(zip(columns, values)) for values in zip(*(rows[c].tolist() for c in columns))]
    return pd.DataFrame({
        t("prog_col_program", lang): [r[f"name_{lang}"] for r in items],
        t("prog_col_value", lang): [
            f"{value_text(r['value_low'], r['value_high'], r['qualifier'], r['kind'], r['area'], lang)} "
            f"{count_unit(r['value_low'], r['value_high'], r['kind'], r['area'], unit_labels(r, lang))}"
            for r in items],
        t("pl_prof_col_for", lang): [area_name(r["area"], lang, names) if not r["own"] else t("pl_prof_here", lang)
                                     for r in items],
        t("prog_col_period", lang): [period_text(r["period_start"], r["period_end"], lang) for r in items],
        t("prog_col_kind", lang): [t(f"pl_kind_{r['kind']}", lang) for r in items],
        t("prog_col_source", lang): [r["source"] for r in items],
    })


def programs_panel(area: str, parent: str | None, lang: str, names: dict[str, str]) -> None:
    """The programs that run in `area` (a buurt also shows its wijk's counts) and their downloads."""
    rows = counts_in_area(area, parent, lang)
    st.subheader(t("pl_prof_title", lang))
    if rows.empty:
        st.caption(t("pl_prof_none", lang))
        return
    st.caption(t("pl_prof_caption", lang))
    table_with_download(programs_table(rows, lang, names), t("file_area_programs", lang, area=area), lang,
                        key="download_profile_programs", export=lambda: export_table(rows, lang, names),
                        plain=True, widths=COLUMN_SHARES)
