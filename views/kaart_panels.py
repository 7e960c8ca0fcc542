"""The pieces around the map: legend, best/worst lists, the rows of the full table, reading the click."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from charts.html_table import ranked_html
from indicators.catalogue import Indicator
from indicators.describe import gap_text, rank_texts, value_text
from indicators.select import is_comparable, small_counts
from texts.i18n import t
from ui.components.areamap import FOCUS_COLOUR, SELECTED_CASING, SELECTED_COLOUR

RANKED_ROWS = 5


def selected_code(event: object, layer_id: str) -> str | None:
    """The code of the clicked polygon in a pydeck selection event, if any."""
    selection = getattr(event, "selection", None) or {}
    objects = (selection.get("objects") or {}).get(layer_id) or []
    return objects[0].get("code") if objects else None


def _item(swatch: str, label: str) -> str:
    return (f'<span style="display:inline-flex;align-items:center;margin:0 .8em .2em 0">{swatch}'
            f"{html.escape(label)}</span>")


def _line(colour: str, casing: str | None = None) -> str:
    """A short line as the map draws it: the selection's line has a casing, the focus outline none."""
    halo = f";box-shadow:0 0 0 2px {casing}" if casing else ""
    return (f'<span aria-hidden="true" style="width:1.6em;height:0;border-top:3px solid {colour};'
            f'margin:0 .4em 0 .15em{halo}"></span>')


def legend_html(entries: list[tuple[tuple[int, int, int], str]], title: str, focus_note: str | None,
                selected_note: str | None = None) -> str:
    """An always-visible legend: a swatch and a text label per class (colour is never the only signal), then the
    lines drawn over the areas: the focus outline and the selected area's mark."""
    items = "".join(
        _item(f'<span style="width:1.1em;height:1.1em;background:rgb{colour};border:1px solid #555;'
              f'margin-right:.35em"></span>', label)
        for colour, label in entries
    )
    focus = _item(_line(FOCUS_COLOUR), focus_note) if focus_note else ""
    # the selected area's mark has a line of its own, held by an invisible one while nothing is selected: a click
    # that added the line moved the map down under the pointer, which then stood on another area
    selected = (_item(_line(SELECTED_COLOUR, SELECTED_CASING), selected_note) if selected_note else
                f'<span aria-hidden="true" style="visibility:hidden">{_item(_line(SELECTED_COLOUR), "–")}</span>')
    return (f'<div role="img" aria-label="{html.escape(title)}" class="legend" style="font-size:.875rem">'
            f"<strong>{html.escape(title)}</strong><br>{items}{'<br>' + focus if focus else ''}"
            f'<div class="legend-selected">{selected}</div></div>')


def display_frame(frame: pd.DataFrame, ind: Indicator, level: str, year: int, lang: str,
                  short_rank: bool = False) -> pd.DataFrame:
    """The areas' figures of `year` as readable text: values with unit ('<5' for small counts), rank phrase (no
    exact place for '<5'; `short_rank`: without the areas' word), gaps (none for counts)."""
    columns = {
        t("col_area", lang): frame["name"],
        t("col_code", lang): frame["code"],
        t("col_value", lang): [value_text(v, ind, level, lang, year) if s == "ok" else t(f"status_{s}", lang)
                               for v, s in zip(frame["value"], frame["status"])],
        t("col_rank", lang): rank_texts(frame, ind, level, lang, short_rank),
    }
    if is_comparable(ind):
        columns[t("col_gap_city", lang)] = [gap_text(g, ind, lang, year) for g in frame["gap_city"]]
        columns[t("col_gap_nl", lang)] = [gap_text(g, ind, lang, year) for g in frame["gap_nl"]]
    return pd.DataFrame(columns)


def table_file_name(ind: Indicator, level: str, year: int, age: str) -> str:
    """The full table's file: 'eenzaam_buurt_2020_65plus.csv', named by its age group where the indicator has one
    in that year (the 65+ file had the 18+ file's name), 'aant_inw_wijk_2024.csv' for figures of every age."""
    return "_".join([ind.id, level, str(year), *[age] * ("all" not in ind.ages_in(year))]) + ".csv"


def ranked(frame: pd.DataFrame, first: bool) -> pd.DataFrame:
    """The first or last areas by rank (rank 1: best, or highest when not judged), at most RANKED_ROWS; areas
    without data never appear, nor those written '<5' (no rank: a list's end would be their place). With fewer
    than twice that many areas the two lists share them out (the first gets the odd one), so no area is both best
    and worst: Wassenaar's two wijken each headed both lists."""
    data = frame.dropna(subset=["rank"]).sort_values(["rank", "name"])
    top = min(RANKED_ROWS, (len(data) + 1) // 2)
    return data.head(top) if first else data.iloc[top:].tail(RANKED_ROWS).iloc[::-1]


def small_names(frame: pd.DataFrame, ind: Indicator, level: str) -> list[str]:
    """The names of the areas whose count is written '<5', by name: they have no rank, so no list holds them
    (`ranked`); a line under the lists names them."""
    return sorted(frame.loc[small_counts(ind, frame["value"], level), "name"])


def ranked_table(rows: pd.DataFrame, ind: Indicator, level: str, year: int, lang: str) -> pd.DataFrame:
    """A ranked list's rows as text: area, value and place. The place leaves out the level's word ('12th of 44'):
    the list's title names it, and in the ~220 px column beside the map on a beamer 'neighbourhoods' broke
    mid-word."""
    return display_frame(rows, ind, level, year, lang, short_rank=True).iloc[:, [0, 2, 3]]


def ranked_titles(ind: Indicator, level: str, lang: str) -> tuple[str, str]:
    """The titles of the two lists: best/worst only for rates judged by a direction; counts are never judged
    (a large wijk simply has more), they list the highest and lowest counts."""
    areas = t(f"level_plural_{level}", lang)
    if not is_comparable(ind):
        return t("most_areas", lang, areas=areas.capitalize()), t("fewest_areas", lang, areas=areas.capitalize())
    if ind.direction == "neutral":
        return t("highest_areas", lang), t("lowest_areas", lang)
    return t("best_areas", lang, areas=areas), t("worst_areas", lang, areas=areas)


def ranked_lists(frame: pd.DataFrame, ind: Indicator, level: str, year: int, lang: str) -> None:
    """The first and last five areas by rank: best and worst, or highest and lowest when not judged. Areas with a
    count written '<5' have no rank (area_values): a line under the lists names them, in no order but the names'."""
    if not is_comparable(ind):
        st.caption(t("counts_not_judged", lang))
    for first, title in zip((True, False), ranked_titles(ind, level, lang)):
        rows = ranked(frame, first)
        if len(rows):  # a gemeente of one ranked area has no second list
            # not markdown with HTML: see the legend's call in views/kaart.py
            st.html(ranked_html(ranked_table(rows, ind, level, year, lang), title))
    small = small_names(frame, ind, level)
    if small:
        st.caption(t("ranked_small", lang, n=len(small), names=", ".join(small)))


def why_not_offered(unavailable: dict[str, str], lang: str, city: str) -> str:
    """One line saying why the modes missing from the picker are not offered (each reason once)."""
    return " ".join(t(key, lang, city=city) for key in dict.fromkeys(unavailable.values()))


def no_values_line(years: list[int], ind: Indicator, year: int, level: str, city: str, lang: str) -> str:
    """Why the map is grey, and which years of this indicator do have figures for these areas (if any)."""
    values = {"indicator": ind.label.get(lang), "year": year, "gemeente": city,
              "areas": t(f"level_plural_{level}", lang)}
    if not years:
        return t("map_no_values_any", lang, **values)
    return t("map_no_values", lang, years=", ".join(str(y) for y in years), **values)
