"""The pieces around the map: legend, best/worst lists, the rows of the full table, reading the click."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from indicators.catalogue import Indicator
from indicators.describe import gap_text, rank_text, value_text
from texts.i18n import t

RANKED_ROWS = 5


def selected_code(event: object, layer_id: str) -> str | None:
    """The code of the clicked polygon in a pydeck selection event, if any."""
    selection = getattr(event, "selection", None) or {}
    objects = (selection.get("objects") or {}).get(layer_id) or []
    return objects[0].get("code") if objects else None


def legend_html(entries: list[tuple[tuple[int, int, int], str]], title: str, focus_note: str | None) -> str:
    """An always-visible legend: a swatch and a text label per class (colour is never the only signal)."""
    items = "".join(
        f'<span style="display:inline-flex;align-items:center;margin:0 .8em .3em 0">'
        f'<span style="width:1.1em;height:1.1em;background:rgb{colour};border:1px solid #555;margin-right:.35em"></span>'
        f"{html.escape(label)}</span>"
        for colour, label in entries
    )
    focus = f'<div style="margin-top:.2em">▭ {html.escape(focus_note)}</div>' if focus_note else ""
    return f'<div role="img" aria-label="{html.escape(title)}" class="legend"><strong>{html.escape(title)}</strong><br>{items}{focus}</div>'


def display_frame(frame: pd.DataFrame, ind: Indicator, level: str, lang: str) -> pd.DataFrame:
    """The areas as readable text: values with unit ('<5' for small counts), rank phrase, gaps."""
    return pd.DataFrame({
        t("col_area", lang): frame["name"],
        t("col_code", lang): frame["code"],
        t("col_value", lang): [value_text(v, ind, level, lang) if s == "ok" else t(f"status_{s}", lang)
                               for v, s in zip(frame["value"], frame["status"])],
        t("col_rank", lang): [rank_text(r, n, level, lang) for r, n in zip(frame["rank"], frame["n_ranked"])],
        t("col_gap_city", lang): [gap_text(g, ind, lang) for g in frame["gap_city"]],
        t("col_gap_nl", lang): [gap_text(g, ind, lang) for g in frame["gap_nl"]],
    })


def ranked(frame: pd.DataFrame, best: bool) -> pd.DataFrame:
    """Top or bottom areas by rank (rank 1 = best); areas without data never appear."""
    data = frame.dropna(subset=["rank"]).sort_values(["rank", "name"])
    return data.head(RANKED_ROWS) if best else data.tail(RANKED_ROWS).iloc[::-1]


def table_html(table: pd.DataFrame, caption: str) -> str:
    """A small table as plain HTML, every text escaped.

    For the few rows next to the map: an interactive st.dataframe (a canvas grid) costs the browser ~35 ms per
    indicator change to draw again, plain HTML a few; screen readers read it as an ordinary table.
    """
    cell = 'style="padding:.2rem .5rem"'
    head = "".join(f'<th scope="col" {cell}>{html.escape(str(c))}</th>' for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td {cell}>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))
    return (f'<table class="ranked" style="width:100%;font-size:.875rem"><caption style="caption-side:top;'
            f'text-align:left;font-weight:600">{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def ranked_lists(frame: pd.DataFrame, ind: Indicator, level: str, lang: str) -> None:
    """The best and worst scoring areas (highest and lowest for a neutral indicator), five each."""
    neutral = ind.direction == "neutral"
    areas = t(f"level_plural_{level}", lang)
    for best in (True, False):
        title = (t("highest_areas" if best else "lowest_areas", lang) if neutral
                 else t("best_areas" if best else "worst_areas", lang, areas=areas))
        table = display_frame(ranked(frame, best), ind, level, lang).iloc[:, [0, 2, 3]]
        st.markdown(table_html(table, title), unsafe_allow_html=True)
