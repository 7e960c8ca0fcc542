"""Plotly figures for /vergelijk: grouped bars, the ranking, the social–health scatter with its fitted line.

Builders take the frames of indicators/compare.py and ready-made texts (labels, titles in the page's
language), so they stay free of Streamlit and of the catalogue's language handling.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.markup import BR, MULTILINE_TITLE_PAD, line_count, wrap
from charts.narrow import narrow_patch, with_narrow, with_narrow_traces
from indicators.compare import Correlation

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
# Black is left out (it is the colour of the Den Haag line); grey closes the list of 8.
AREA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
CITY_COLOUR = "#222222"
NL_COLOUR = "#777777"
OTHER_COLOUR = "#7fa7c9"  # ranking/scatter: areas that are not focus areas
FOCUS_COLOUR = "#D55E00"  # vermillion: apart from the blue for every colour-vision deficiency
FONT = dict(family="Source Sans, Source Sans Pro, sans-serif", size=13)  # the app's type (Streamlit 1.5x+: Source Sans)
Formatter = Callable[[float], str]
NARROW_TITLE_CHARS = 34  # a chart's title on a phone: about what a 390 px screen shows in one line
NARROW_SUBTITLE_CHARS = 44  # a subtitle's, in its smaller type
NARROW_LABEL_SIZE = 10  # the ranking's area labels' font size there
NARROW_PLOT_PX = 280  # the plot area's width there (a 390 px phone)
NARROW_BARS_PX = 260  # the bars' plot area's height there
# The gradient's plot area, less the axis' padding around the points, where its labels are placed: a phone's
# (277 × 294-318 px, measured) and a beamer's (1024 px, the sidebar open: 483-504 × 294-318 px). With 600 × 360 for a
# beamer, labels placed clear of each other there ran into each other ('Bouwlust en Vrederust' over 'Morgenstond');
# a wider screen spreads the points further apart, so labels clear on a beamer stay clear there.
NARROW_SCATTER_PX = 280
WIDE_PLOT_PX, WIDE_SCATTER_PX = 460, 280


def _layout(fig: go.Figure, title: str, height: int, top: int = 90, subtitle: str = "") -> go.Figure:
    """Title (and subtitle) top left, the legend in one row under it (never over the axis labels)."""
    head = dict(text=title, x=0, xanchor="left", y=0.99, yanchor="top", yref="container")
    if subtitle:
        head["subtitle"] = dict(text=subtitle, font=dict(size=13, color="#8a4b00"))
    fig.update_layout(title=head,
                      height=height, font=FONT, margin=dict(l=10, r=10, t=top, b=10),
                      hoverlabel=dict(font_size=13),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"))
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    # A phone: the title and subtitle wrapped on lines of their own, the legend one entry a line under them.
    narrow_head = {"text": wrap(title, NARROW_TITLE_CHARS)}
    lines = line_count(narrow_head["text"])
    narrow_head["pad"] = {"t": MULTILINE_TITLE_PAD if lines > 1 else 0}
    above = 24 * lines + narrow_head["pad"]["t"]
    if subtitle:
        narrow_head["subtitle"] = {"text": wrap(subtitle, NARROW_SUBTITLE_CHARS)}
        above += 18 * line_count(narrow_head["subtitle"]["text"])
    entries = sum(1 for trace in fig.data if trace.showlegend is not False)
    return with_narrow(fig, {"title": narrow_head, "legend": {"orientation": "v"},
                             "margin": {"t": above + 21 * entries + 24}})


def grouped_bars(frame: pd.DataFrame, labels: Mapping[str, str], *, title: str, y_title: str,
                 fmt: Mapping[str, Formatter], city_label: str, nl_label: str, no_data: str) -> go.Figure:
    """Bars per area grouped by indicator; Den Haag (dashed) and NL (dotted) as short lines over each group.

    `frame`: indicators.compare.comparison_frame rows of one unit. `labels`: indicator id -> axis label; `fmt`:
    indicator id -> how its values read (each its own year's decimals: KWB 2015's whole percentages beside RIVM's).
    Groups of areas get a hatched bar (a computed mean, not a published figure).
    """
    indicators = list(dict.fromkeys(frame["indicator"]))
    pos = {iid: i for i, iid in enumerate(indicators)}
    bars = frame[frame["kind"].isin(["area", "group"])]
    fig = go.Figure()
    for n, (code, part) in enumerate(bars.groupby("area_code", sort=False)):
        part = part.set_index("indicator").reindex(indicators)
        is_group = (part["kind"] == "group").any()
        texts = [fmt[i](v) if not pd.isna(v) else no_data for i, v in zip(indicators, part["value"])]
        name = str(part["name"].dropna().iloc[0])
        # a legend entry with no figure behind any bar says so (Rijswijk's wijken); a count of people below 5 is a
        # figure, only not drawn (drawable), and the table writes it '<5'
        if part["value"].isna().all() and (part["status"] != "ok").all():
            name = f"{name} ({no_data})"
        fig.add_bar(
            x=[pos[i] for i in indicators], y=part["value"], name=name,
            marker=dict(color=AREA_COLOURS[n % len(AREA_COLOURS)], line=dict(color="#333", width=0.5),
                        pattern=dict(shape="/" if is_group else "", solidity=0.3)),
            customdata=np.stack([texts, [labels[i] for i in indicators]], axis=-1),
            hovertemplate="<b>%{fullData.name}</b><br>%{customdata[1]}: %{customdata[0]}<extra></extra>",
        )
    n_bars = max(1, bars["area_code"].nunique())
    half = min(0.45, 0.4 * n_bars / (n_bars + 0.5))
    for kind, label, colour, dash in (("city", city_label, CITY_COLOUR, "dash"), ("nl", nl_label, NL_COLOUR, "dot")):
        ref = frame[frame["kind"] == kind]
        xs, ys, texts = [], [], []
        for iid, value in zip(ref["indicator"], ref["value"]):
            if pd.isna(value):
                continue
            xs += [pos[iid] - half, pos[iid] + half, None]
            ys += [value, value, None]
            texts += [fmt[iid](value), fmt[iid](value), ""]
        if xs:
            fig.add_scatter(x=xs, y=ys, mode="lines", name=label, line=dict(color=colour, width=2.5, dash=dash),
                            text=texts, hovertemplate=f"<b>{label}</b>: %{{text}}<extra></extra>")
    pad = max(0.0, (3 - len(indicators)) * 0.35)  # one or two groups: narrower bars, not a wall of colour
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(indicators))),
                     ticktext=[labels[i] for i in indicators], range=[-0.5 - pad, len(indicators) - 0.5 + pad])
    fig.update_yaxes(title_text=y_title, rangemode="tozero", separatethousands=True)
    _layout(fig, title, 460, top=85)
    ticks = narrow_ticks([labels[i] for i in indicators])
    patch = narrow_patch(fig)
    # the height of what stands around the plot there: the title and a legend line per area above it, the
    # indicators' names below it (upright: as long as the longest; level: as many lines): with eight areas and
    # five indicators a fixed 460 px left the plot ~60 px and cut the names
    below = (7 * max(len(str(label)) for label in ticks["ticktext"]) if ticks["tickangle"] == -90
             else 16 * max(line_count(str(label)) for label in ticks["ticktext"]))
    height = patch["margin"]["t"] + NARROW_BARS_PX + below + 30
    return with_narrow(fig, {**patch, "xaxis": ticks, "height": max(460, height)})


def narrow_ticks(labels: Sequence[str]) -> dict:
    """The bars' indicator names on a phone (a plot ~280 px wide): up to three on short level lines under their
    group, more standing upright on one line each (at plotly's slant their lines ran into each other)."""
    plain = [label.replace(BR, " ") for label in labels]
    if len(plain) <= 3:
        chars = NARROW_PLOT_PX // max(len(plain), 1) // 7
        return {"ticktext": [wrap(label, chars) for label in plain], "tickangle": 0}
    return {"ticktext": plain, "tickangle": -90}


def ranking_chart(frame: pd.DataFrame, *, title: str, x_title: str, fmt: Formatter, city: float, nl: float,
                  city_label: str, nl_label: str, focus_label: str, other_label: str) -> go.Figure:
    """Horizontal bars, best at the top; focus areas orange, hatched and in bold; city and NL as vertical lines.

    `frame`: indicators.compare.ranking_frame (sorted best to worst); areas without a value are left out here, and
    so are those without a place (a count written '<5': a bar at the end would give its place away).
    """
    data = frame.dropna(subset=["value", "rank"]).iloc[::-1]  # plotly draws the first category at the bottom
    fig = go.Figure()
    for focus, label, colour, shape in ((False, other_label, OTHER_COLOUR, ""), (True, focus_label, FOCUS_COLOUR, "/")):
        part = data[data["is_focus"] == focus]
        if part.empty:
            continue
        fig.add_bar(
            y=part["code"], x=part["value"], orientation="h", name=label,
            marker=dict(color=colour, line=dict(color="#333", width=0.4), pattern=dict(shape=shape, solidity=0.25)),
            customdata=np.stack([part["name"], [fmt(v) for v in part["value"]],
                                 part["rank"].astype(int).astype(str)], axis=-1),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]} · #%{customdata[2]}<extra></extra>",
        )
    ticks = [f"<b>{n}</b>" if f else n for n, f in zip(data["name"], data["is_focus"])]
    fig.update_yaxes(categoryorder="array", categoryarray=list(data["code"]), tickmode="array",
                     tickvals=list(data["code"]), ticktext=[f"{r}. {tx}" for r, tx in
                                                            zip(data["rank"].astype(int), ticks)], automargin=True)
    for value, label, colour, dash in ((city, city_label, CITY_COLOUR, "dash"), (nl, nl_label, NL_COLOUR, "dot")):
        if value is not None and not math.isnan(value):
            fig.add_vline(x=value, line=dict(color=colour, dash=dash, width=2))
            fig.add_scatter(x=[None], y=[None], mode="lines", name=f"{label}: {fmt(value)}",
                            line=dict(color=colour, dash=dash, width=2))
    fig.update_xaxes(title_text=x_title, rangemode="tozero", separatethousands=True)
    fig.update_layout(barmode="overlay", bargap=0.2)
    _layout(fig, title, 170 + 17 * max(len(data), 5))
    # Margins set, not found: with automargin plotly lays the chart out twice, ~90 of ~160 ms in the browser for
    # every indicator switch (issue #19); the labels' width is known here.
    labels = fig.layout.yaxis.ticktext or ()
    fig.update_layout(margin=dict(l=label_width(labels, FONT["size"]) + 14, b=58))
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    narrow = narrow_patch(fig)  # _layout's, with smaller area labels
    return with_narrow(fig, {**narrow, "margin": {**narrow["margin"], "l": label_width(labels, NARROW_LABEL_SIZE) + 10},
                             "yaxis": {"tickfont": {"size": NARROW_LABEL_SIZE}}})


CHAR_WIDTH = 0.5  # average glyph width of Source Sans as a share of the font size, ~10% to spare (bold too)


def label_width(labels: Sequence[str], size: int) -> int:
    """Pixels the longest of these axis labels takes (HTML tags left out, <br> starts a line)."""
    plain = [re.sub(r"<[^>]+>", "", line) for label in labels for line in str(label).split("<br>")]
    return math.ceil(max((len(text) for text in plain), default=0) * size * CHAR_WIDTH)


def gradient_scatter(frame: pd.DataFrame, corr: Correlation, *, title: str, x_title: str, y_title: str,
                     fmt_x: Formatter, fmt_y: Formatter, stats_text: str, years_note: str, focus_label: str,
                     other_label: str, fit_label: str, city: tuple[float, float] | None = None,
                     city_label: str = "") -> go.Figure:
    """Areas as points (focus areas labelled), the least-squares line, r and n, and a note on the years."""
    data = frame.dropna(subset=["x", "y"])
    has_city = bool(city) and not any(math.isnan(v) for v in city)  # type: ignore[union-attr]
    fit = not math.isnan(corr.slope) and len(data) > 0
    # what else the plot holds, which sets its axes' ranges: the city's star and the line's ends (a line that ends
    # below the lowest point stretches the y-axis, so the points stand closer together than they alone would)
    ends = [float(data["x"].min()), float(data["x"].max())] if fit else []
    marks = (data["x"].tolist() + ([city[0]] if has_city else []) + ends,  # type: ignore[index]
             data["y"].tolist() + ([city[1]] if has_city else [])  # type: ignore[index]
             + [corr.slope * x + corr.intercept for x in ends])
    fig = go.Figure()
    narrow_traces: list[dict | None] = []  # a phone: the labels placed again in its smaller plot
    for focus, label, colour, symbol in ((False, other_label, OTHER_COLOUR, "circle"),
                                         (True, focus_label, FOCUS_COLOUR, "diamond")):
        part = data[data["is_focus"] == focus]
        if part.empty:
            continue
        labels = _clear_labels(part, marks, WIDE_PLOT_PX, WIDE_SCATTER_PX) if focus else {}
        narrow_traces.append(_clear_labels(part, marks, NARROW_PLOT_PX, NARROW_SCATTER_PX) if focus else None)
        fig.add_scatter(
            x=part["x"], y=part["y"], mode="markers+text" if focus else "markers", name=label,
            **labels, textfont=dict(size=11, color="#333"),
            marker=dict(color=colour, size=10 if focus else 8, symbol=symbol, line=dict(color="#333", width=0.6)),
            customdata=np.stack([part["name"], [fmt_x(v) for v in part["x"]], [fmt_y(v) for v in part["y"]]],
                                axis=-1),
            hovertemplate="<b>%{customdata[0]}</b><br>" + x_title + ": %{customdata[1]}<br>" + y_title
                          + ": %{customdata[2]}<extra></extra>",
        )
    if fit:
        xs = np.linspace(*ends, 50)
        fig.add_scatter(x=xs, y=corr.slope * xs + corr.intercept, mode="lines", name=fit_label,
                        line=dict(color=CITY_COLOUR, width=2), hoverinfo="skip")
    if has_city:
        fig.add_scatter(x=[city[0]], y=[city[1]], mode="markers", name=city_label,
                        marker=dict(symbol="star", size=15, color="#ffffff", line=dict(color=CITY_COLOUR, width=2)),
                        hovertemplate=f"<b>{city_label}</b><br>{x_title}: {fmt_x(city[0])}<br>{y_title}: "
                                      f"{fmt_y(city[1])}<extra></extra>")
    fig.add_annotation(text=stats_text, xref="paper", yref="paper", x=1, y=1, xanchor="right", yanchor="top",
                       showarrow=False, align="right", font=dict(size=13), bgcolor="rgba(255,255,255,0.85)",
                       bordercolor="#999", borderwidth=1)
    fig.update_xaxes(title_text=x_title, separatethousands=True)
    fig.update_yaxes(title_text=wrap(y_title, 40), separatethousands=True)
    with_narrow_traces(fig, narrow_traces)
    return _layout(fig, title, 580, top=110 if years_note else 90, subtitle=years_note)


def _clear_labels(part: pd.DataFrame, marks: tuple[list, list], width: int, height: int) -> dict:
    """The focus areas' labels (text and textposition) placed in a plot of `width` × `height` px; a label that
    cannot stand clear of the others there is left out (its point keeps its name in the hover and the download):
    at buurt level ~20 focus buurten ran their names into each other."""
    placed = placed_labels(part["x"].tolist(), part["y"].tolist(), part["name"].tolist(), others=marks,
                           width=width, height=height)
    return {"textposition": [position for position, _ in placed],
            "text": [name if clear else "" for name, (_, clear) in zip(part["name"], placed)]}


# Label placement in pixel space: plotly's text positions around a marker, tried in this order.
_CANDIDATES = ("top center", "bottom center", "middle right", "middle left", "top right", "top left",
               "bottom right", "bottom left")
_CHAR_PX, _LINE_PX, _GAP_PX, _MARKER_PX = 6.0, 14.0, 6.0, 5.0  # a line of 11 px type is ~14 px high
_GRAZE_PX2 = 12.0  # a label still stands clear when it grazes a marker or a label by a sliver (1 × 12 px)


def _box(x: float, y: float, width: float, position: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of a label at `position` around a marker at pixel (x, y)."""
    vertical, horizontal = position.split()
    if vertical == "top":
        bottom = y + _GAP_PX
    elif vertical == "bottom":
        bottom = y - _GAP_PX - _LINE_PX
    else:
        bottom = y - _LINE_PX / 2
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + _GAP_PX
    else:
        left = x - _GAP_PX - width
    return left, bottom, left + width, bottom + _LINE_PX


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def placed_labels(xs: Sequence[float], ys: Sequence[float], labels: Sequence[str],
                  others: tuple[Sequence[float], Sequence[float]] | None = None,
                  width: float = 800, height: float = 420) -> list[tuple[str, bool]]:
    """A text position per label so labels overlap each other and the markers as little as possible (greedy), and
    whether it stands clear: inside the plot, over no marker and no label placed before it.

    Data are mapped to an assumed plot of `width` × `height` pixels; labels are placed from the top down.
    """
    all_x = list(xs) + list(others[0] if others else [])
    all_y = list(ys) + list(others[1] if others else [])
    if not xs:
        return []
    x0, x1 = min(all_x), max(all_x)
    y0, y1 = min(all_y), max(all_y)
    sx = width / (x1 - x0) if x1 > x0 else 1.0
    sy = height / (y1 - y0) if y1 > y0 else 1.0
    px = [(x - x0) * sx for x in xs]
    py = [(y - y0) * sy for y in ys]
    markers = [((x - x0) * sx - _MARKER_PX, (y - y0) * sy - _MARKER_PX, (x - x0) * sx + _MARKER_PX,
                (y - y0) * sy + _MARKER_PX) for x, y in zip(all_x, all_y)]
    placed: list[tuple[float, float, float, float]] = []
    result: list[tuple[str, bool]] = [("", False)] * len(xs)
    for i in sorted(range(len(xs)), key=lambda j: (-py[j], px[j])):
        label_width = _CHAR_PX * len(str(labels[i]))
        best, best_cost = _CANDIDATES[0], math.inf
        for position in _CANDIDATES:
            box = _box(px[i], py[i], label_width, position)
            cost = sum(_overlap(box, other) for other in placed) * 3 + sum(_overlap(box, m) for m in markers)
            cost += 0 if 0 <= box[0] and box[2] <= width else label_width * _LINE_PX  # stay inside the plot
            if cost < best_cost - 1e-9:
                best, best_cost = position, cost
        result[i] = (best, best_cost <= _GRAZE_PX2)
        placed.append(_box(px[i], py[i], label_width, best))
    return result


def split_by_unit(frame: pd.DataFrame, units: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """One frame per unit (percent, euros, counts ...): bars of different units never share an axis."""
    out: dict[str, pd.DataFrame] = {}
    for iid in dict.fromkeys(frame["indicator"]):
        out.setdefault(units[iid], []).append(iid)  # type: ignore[arg-type]
    return {unit: frame[frame["indicator"].isin(ids)] for unit, ids in out.items()}  # type: ignore[arg-type]

