"""Program series over time: one colour per area; every count drawn with its period.

- a single figure: a dot at the middle of its period, with a horizontal line over the whole period;
- a range (low–high): a band over the period from low to high, and a vertical line with caps at its middle —
  no dot in the middle of the range, because the source gives no midpoint;
- a suppressed count of people ('<5'): a dotted band from 0 to 5, hover text '<5'.
The source and period line is an annotation under the plot, so a PNG of the chart still carries it.
Input: `programs.table.chart_frame` (already formatted and suppressed; this module formats nothing).
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from charts.markup import BR, MULTILINE_TITLE_PAD, line_count, wrap_lines
from charts.narrow import with_narrow

# Okabe-Ito, colour-blind safe
AREA_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#000000"]
SOURCE_WRAP = 90  # characters per line of the source under the chart: ~500 px at 11 px, fits a 1024-pixel beamer
# On a phone (charts.narrow) the lines are as long as the narrowest phone's chart box holds: ~285 px on a 320 px
# screen (the page's padding taken off; 52 characters of source ran out of it). The source starts at the plot's left
# edge, NARROW_MARGIN px in or more. Reckoned at 6 px a character of the source's 11 px type and 8.5 px of the
# title's 17 px, some room for wide letters: Chromium drew them at ~4.6 and ~7.2 px a character on average.
NARROW_BOX_PX = 284
NARROW_MARGIN = {"l": 50, "r": 10}
NARROW_SOURCE_WRAP = (NARROW_BOX_PX - NARROW_MARGIN["l"]) // 6  # 39 characters
NARROW_TITLE_WRAP = (NARROW_BOX_PX - 2 * NARROW_MARGIN["r"]) * 2 // 17  # 31 characters
NARROW_TITLE_PX = 60  # a title of one line above the legend there
TITLE_LINE_PX = 24  # each further line of the title
LEGEND_LINE_PX = 21  # a line of the legend


def _mid(start: dt.date, end: dt.date) -> dt.date:
    return start + (end - start) / 2


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _boxes(rows: pd.DataFrame) -> tuple[list, list]:
    """Closed rectangles (period × low..high), separated by None; a rectangle with low = high is a line."""
    xs: list = []
    ys: list = []
    for r in rows.itertuples():
        xs += [r.period_start, r.period_end, r.period_end, r.period_start, r.period_start, None]
        ys += [r.low, r.low, r.high, r.high, r.low, None]
    return xs, ys


def _area_traces(rows: pd.DataFrame, name: str, colour: str, hover: str) -> list[go.Scatter]:
    traces = []
    for suppressed, part in rows.groupby("suppressed"):
        xs, ys = _boxes(part)
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=_rgba(colour, 0.08 if suppressed else 0.18),
            line={"color": colour, "width": 1.5 if suppressed else 3, "dash": "dot" if suppressed else "solid"},
            hoverinfo="skip", legendgroup=name, showlegend=False,
        ))
    texts = [hover.format(area=html.escape(r.area_name), period=html.escape(r.period_text),
                          value=html.escape(r.value_text), unit=html.escape(r.unit_label))
             for r in rows.itertuples()]
    points = rows.assign(mid=[_mid(s, e) for s, e in zip(rows["period_start"], rows["period_end"])], text=texts)
    single = points[(points["low"] == points["high"]) & ~points["suppressed"]]
    ranged = points[(points["low"] != points["high"]) | points["suppressed"]]
    traces.append(go.Scatter(
        x=list(single["mid"]), y=list(single["low"]), mode="markers", name=name, legendgroup=name,
        marker={"color": colour, "size": 10, "line": {"color": "white", "width": 1}},
        hovertext=list(single["text"]), hoverinfo="text", showlegend=True,
    ))
    xs: list = []
    ys: list = []
    texts_r: list = []
    for r in ranged.itertuples():
        xs += [r.mid, r.mid, None]
        ys += [r.low, r.high, None]
        texts_r += [r.text, r.text, None]
    traces.append(go.Scatter(
        x=xs, y=ys, mode="lines+markers", legendgroup=name, showlegend=single.empty,
        name=name, line={"color": colour, "width": 2}, marker={"symbol": "line-ew-open", "size": 14, "color": colour},
        hovertext=texts_r, hoverinfo="text",
    ))
    return traces


def series_figure(frame: pd.DataFrame, *, title: str, y_title: str, source: str, hover: str) -> go.Figure:
    """The counts of one program over time, per area. `hover` has {area}, {period}, {value}, {unit}."""
    fig = go.Figure()
    for i, (name, rows) in enumerate(frame.groupby("area_name", sort=False)):
        for trace in _area_traces(rows, str(name), AREA_COLOURS[i % len(AREA_COLOURS)], hover):
            fig.add_trace(trace)
    note = {"xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -50, "xanchor": "left", "yanchor": "top",
            "showarrow": False, "align": "left", "font": {"size": 11, "color": "#444444"}}
    wide = _with_source(note, source, SOURCE_WRAP)
    fig.update_layout(title={"text": html.escape(title)}, hovermode="closest",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
                      annotations=wide["annotations"], height=wide["height"],
                      margin={"l": 60, "r": 20, "t": 80, **wide["margin"]})
    fig.update_yaxes(title_text=html.escape(y_title), rangemode="tozero", separatethousands=True)
    fig.update_xaxes(type="date", ticklabelstandoff=8)  # a little lower: the first date ran into the count axis' 0
    narrow = _with_source(note, source, NARROW_SOURCE_WRAP)  # a phone: the source line on more, shorter lines
    head = _lines(title, NARROW_TITLE_WRAP)  # and the title; the legend one area a line between it and the plot:
    entries = frame["area_name"].nunique()  # in rows it grew upward over the title
    lowered = MULTILINE_TITLE_PAD if line_count(head) > 1 else 0
    top = NARROW_TITLE_PX + TITLE_LINE_PX * (line_count(head) - 1) + lowered + LEGEND_LINE_PX * entries
    return with_narrow(fig, {**narrow, "legend": {"orientation": "v"}, "height": narrow["height"] + top - 80,
                             "title": {"text": head, "yref": "container", "y": 1, "yanchor": "top",
                                       "pad": {"t": 12 + lowered}},
                             "margin": {**NARROW_MARGIN, "t": top, **narrow["margin"]}})


def _lines(text: str, width: int) -> str:
    """`text` escaped for plotly on lines of at most `width` characters (charts.markup.wrap_lines)."""
    return BR.join(html.escape(line) for line in wrap_lines(text, width))


def _with_source(note: dict, source: str, width: int) -> dict:
    """The layout's source line (`note` with the text wrapped at `width` characters) and the room it takes."""
    wrapped = _lines(source, width) or " "
    lines = line_count(wrapped)
    return {"annotations": [{**note, "text": wrapped}], "margin": {"b": 70 + 16 * lines}, "height": 420 + 16 * lines}
