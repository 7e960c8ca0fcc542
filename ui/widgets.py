"""Widgets shared by several pages: the indicator and year pickers, tables with a download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from texts.tables import to_csv_bytes
from indicators.catalogue import Catalogue
from indicators.profile import area_level
from ui.context import bound_widget, view
from texts.i18n import t


def indicator_label(cat: Catalogue, indicator_id: str, lang: str) -> str:
    ind = cat.indicator(indicator_id)
    return f"{cat.group(ind.group).label.get(lang)} · {ind.label.get(lang)}"


def area_option_label(code: str, names: dict[str, str], city: str, lang: str) -> str:
    """An area picker's option: 'Moerwijk (wijk)'; the empty option is the whole city."""
    if not code:
        return t("prof_select_city", lang, city=city)
    return t("prof_option", lang, name=names[code], level=t(f"prof_word_{area_level(code)}", lang))


def indicator_picker(cat: Catalogue, lang: str) -> str:
    """Indicators sorted by theme, as 'Theme · Label'; the choice lives in the view (URL `indicator`)."""
    return bound_widget("indicator", cat.picker_ids, st.selectbox, t("indicator", lang),
                        lambda i: indicator_label(cat, i, lang))


def year_picker(cat: Catalogue, lang: str) -> int:
    """Only the years the chosen indicator has."""
    years = cat.indicator(view().indicator).years
    return bound_widget("year", years, st.selectbox, t("year", lang))


def table_with_download(frame: pd.DataFrame, file_name: str, lang: str, key: str) -> None:
    """A table and its numbers as CSV, one click away."""
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(t("download_csv", lang), to_csv_bytes(frame), file_name=file_name,
                       mime="text/csv", key=key)
