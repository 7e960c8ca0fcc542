"""Widgets shared by several pages: the indicator and year pickers, tables with a download."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from charts.html_table import table_html
from texts.tables import to_csv_bytes, to_excel_bytes
from indicators.catalogue import Catalogue
from indicators.codes import area_level
from indicators.select import years_with_values
from indicators.sources import DataError
from ui import cache
from ui.context import bound_widget, view
from ui.page_scripts import PRINT_COPY
from texts.i18n import t
from ui.store import XLSX_MIME


PRINT_ROWS = 200  # the longest table copied for print: a gemeente's buurten (Den Haag ~115)


def two_by_two() -> list:
    """Four cells in two rows of two: four in a row cut metric labels and filter chips at a beamer's 1024 px."""
    return [*st.columns(2), *st.columns(2)]


def indicator_label(cat: Catalogue, indicator_id: str, lang: str) -> str:
    ind = cat.indicator(indicator_id)
    return f"{cat.group(ind.group).label.get(lang)} · {ind.label.get(lang)}"


def area_option_label(code: str, names: dict[str, str], city: str, lang: str) -> str:
    """An area picker's option: 'Moerwijk (wijk)'; the empty option is the whole city."""
    if not code:
        return t("prof_select_city", lang, city=city)
    return t("prof_option", lang, name=names[code], level=t(f"prof_word_{area_level(code)}", lang))


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes, line breaks and '<' (no '</style>') as CSS escapes."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<\n' else c for c in text) + '"'


def uploader_style(key: str, button: str, limit: str) -> str:
    """Style rules that show the uploader in the container `key` with our texts: Streamlit's own ('Upload',
    '10MB per file') are English on every page and cannot be set. The button's own text is left out of the page
    (display: none, also for screen readers) and ours drawn in its place, so it is also the button's name."""
    box = f".st-key-{key} [data-testid='stFileUploaderDropzone']"
    return (f"<style>{box} button [data-testid='stMarkdownContainer'] p,"
            f" {box} [data-testid='stFileUploaderDropzoneInstructions'] span {{display: none;}}"
            f" {box} button [data-testid='stMarkdownContainer']::after {{content: {css_string(button)};}}"
            f" {box} [data-testid='stFileUploaderDropzoneInstructions'] > div::after {{content: {css_string(limit)};"
            " font-size: 0.875rem;}</style>")


def file_uploader(label: str, key: str, max_mb: int, lang: str):
    """st.file_uploader with its button and size limit in the page's language (`uploader_style`)."""
    with st.container(key=f"{key}_box"):
        st.html(uploader_style(f"{key}_box", t("upload_button", lang), t("upload_limit", lang, max=max_mb)))
        return st.file_uploader(label, key=key)


def indicator_picker(cat: Catalogue, lang: str) -> str:
    """Indicators sorted by theme, as 'Theme · Label'; the choice lives in the view (URL `indicator`)."""
    return bound_widget("indicator", cat.picker_ids, st.selectbox, t("indicator", lang),
                        lambda i: indicator_label(cat, i, lang))


def year_picker(cat: Catalogue, lang: str) -> int:
    """The years the chosen indicator has; a year without figures for the gemeente's areas of the view's level and
    age group says so ("2024 · geen cijfers"), so choosing it is no surprise grey map."""
    v = view()
    ind = cat.indicator(v.indicator)
    try:
        with_figures = set(years_with_values(cache.figures(v.gemeente), ind, v.level, v.age))
    except DataError:  # the gemeente's data cannot be read: the page says so
        with_figures = set(ind.years)
    empty = t("year_without_figures", lang)  # short: a beamer's picker cuts a longer option
    return bound_widget("year", ind.years, st.selectbox, t("year", lang),
                        lambda y: str(y) if y in with_figures else f"{y} · {empty}")


def download_buttons(export: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str, lang: str, key: str) -> None:
    """The numbers as formula-safe CSV (in the page's language: ';' for Dutch Excel) and Excel, side by side.

    Keys: `key` for the CSV, `<key>_xlsx` for the workbook; `file_name` with or without `.csv`. The files are made
    when their button is clicked (Streamlit's deferred download), not on every run: a page with three tables spent
    ~60 ms per run writing workbooks nobody asked for (issue #19). `export` may be a function that makes the
    numbers, called then too."""
    base = file_name.removesuffix(".csv")
    numbers = export if callable(export) else lambda: export
    # side by side, each as wide as its label: in columns of a fifth of the page a beamer's 1024 px cut them to
    # "Download …"
    row = st.container(horizontal=True)
    row.download_button(t("download_csv", lang), lambda: to_csv_bytes(numbers(), lang), file_name=f"{base}.csv",
                        mime="text/csv", key=key, on_click="ignore")
    row.download_button(t("download_excel", lang), lambda: to_excel_bytes(numbers(), base[:31]),
                        file_name=f"{base}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore")


def table_with_download(frame: pd.DataFrame, file_name: str, lang: str, key: str,
                        export: pd.DataFrame | Callable[[], pd.DataFrame] | None = None, plain: bool = False,
                        widths: Sequence[int] = ()) -> None:
    """A table as shown, and its numbers one click away (`export`: numbers as numbers, for the files; without it
    the shown table itself). The one download helper of every page (issue #18).

    `plain`: a short table of texts drawn as plain HTML (charts.html_table: it wraps within the page, its rows are
    cards on a narrow screen, and it prints as it is), each column taking the share (%) of its width in `widths`;
    else the interactive grid.

    A grid of up to PRINT_ROWS rows has a static copy, shown only in print (ui.page_scripts' print rules): the grid
    is a canvas, which printed only the rows and columns it showed on screen. The copy is plain HTML too (not
    st.table, which renders every cell as markdown: /programmas' hidden copies took the browser ~0.4 s of a first
    visit). A longer table prints as the grid; its numbers are in the downloads."""
    if plain:
        st.html(table_html(frame, widths=widths))
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
        if len(frame) <= PRINT_ROWS:  # the canvas grid prints only the rows and columns on screen
            with st.container(key=f"{PRINT_COPY}{key}"):
                st.html(table_html(frame, cards=False))
    download_buttons(frame if export is None else export, file_name, lang, key)


# No fragment inside another (tests/test_fragments_browser.py). When a widget of a fragment changes while a whole
# run is still sending that fragment's elements, Streamlit 1.67 drops the fragment's unsent elements from its send
# queue as the fragment's own run starts, but keeps those of a fragment nested in it: the browser got the numbers
# table's expander at position 4 of a section that had 2 and drew a blank page ("Bad delta path index 4"). On a busy
# server (2 cores, a Breed Overleg's 50-90 visitors) the queue waits long enough for that: choosing an area in
# /trends' second tab just after opening it did it once in 10 runs on a loaded machine.
def table_when_opened(label: str, frame: Callable[[], pd.DataFrame], file_name: str, lang: str, key: str,
                      open_key: str, export: Callable[[], pd.DataFrame] | None = None) -> None:
    """table_with_download in an expander, built and drawn only when opened (widget `open_key`): a closed
    expander's table would be sent, and drawn, on every run. Opening it reruns the section it is in (a fragment;
    on /bronnen, which has none, the page). Not a fragment itself: see above."""
    with st.expander(label, key=open_key, on_change="rerun") as box:
        if box.open:
            table_with_download(frame(), file_name, lang, key=key, export=export)  # export: made when clicked
