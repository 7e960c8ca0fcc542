"""Trends over the survey years: one indicator for chosen areas against Den Haag and NL, and small multiples of
several indicators for one area.

Every series has a row for every year the indicator has for the age group (`indicators.profile.age_years`);
a year without a value stays NaN, and the lines are drawn with `connectgaps=False`, so a missing year is a gap,
never a line through zero. Where an area's two consecutive points lie in different divisions of its gemeente
(indicators.divisions: Rijswijk's wijken of 2015 and of 2024), the line breaks there too and a note says why: the same
code was another area.
"""
from __future__ import annotations

import html
import math
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.narrow import stacked_patch, with_narrow
from indicators.catalogue import Catalogue, Indicator
from indicators.describe import shown_decimals, value_text
from indicators.divisions import division_key, divisions_of, other_divisions, redrawn_steps
from indicators.codes import area_level
from indicators.profile import age_years
from indicators.select import OTHER_DIVISION, is_comparable, observation_age, small_counts
from texts.i18n import t

# redrawn_after: at an area's point whose previous point lies in another division of the gemeente, that point's year
TREND_COLUMNS = ["area_code", "name", "kind", "level", "year", "age", "value", "status", "source", "redrawn_after"]
# Okabe-Ito without black (the city) and grey (NL): up to 8 areas stay apart.
AREA_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#F0E442"]
CITY_STYLE = {"color": "#111111", "width": 3, "dash": "dash"}
NL_STYLE = {"color": "#888888", "width": 2.5, "dash": "dot"}
WHOLE_STEP_SPAN = 10  # a count's drawn values spanning fewer whole numbers get a tick at each (whole_ticks)


def _of_age(rows: pd.DataFrame, ind: Indicator, age: str) -> np.ndarray:
    """Per row: is it the indicator's observation for the age group in its year (indicators.profile.observation_age).
    An array, not a list: `frame[[]]` would select no columns instead of no rows."""
    return np.array([a == observation_age(ind, y, age) for y, a in zip(rows["year"], rows["age"])], dtype=bool)


def trend_frame(tidy: pd.DataFrame, ind: Indicator, codes: Sequence[str], age: str, gemeente: str,
                names: Mapping[str, str], boundaries: Collection[str] = ()) -> pd.DataFrame:
    """Long frame: one row per series (areas in the given order, then the gemeente, then NL) and per year of the
    indicator for the age group. Missing values are NaN with status `no_row` when the source has no row.
    `redrawn_after`: see TREND_COLUMNS (the divisions are those of `tidy`'s rows of the indicator). An area's figure
    of a year that divided its gemeente into areas the `boundaries` (the map's codes) lack is of another area under
    its code: NaN with status `other_division`, as on the map and the profile."""
    years = age_years(ind, age)
    rows = tidy[(tidy["indicator"] == ind.id) & tidy["year"].isin(years)]
    divs = divisions_of(rows)
    other = {year: set(other_divisions(divs, year, boundaries)) for year in years} if boundaries else {}
    nl = rows[rows["level"] == "nl"]
    nl_codes = sorted(nl.loc[_of_age(nl, ind, age), "area_code"].unique())
    series = [(c, "area") for c in dict.fromkeys(codes) if c != gemeente]
    series += [(gemeente, "gemeente")] + [(c, "nl") for c in nl_codes[:1]]
    if not nl_codes:
        series.append(("NL01", "nl"))
    rows = rows[rows["area_code"].isin([code for code, _kind in series])]  # the series' rows only, before any loop
    rows = rows[_of_age(rows, ind, age)]
    records = []
    by_key = {(c, int(y)): r for c, y, r in zip(rows["area_code"], rows["year"], rows.itertuples(index=False))}
    by_key = {(c, y): r._replace(value=math.nan, status=OTHER_DIVISION) if division_key(c) in other.get(y, ()) else r
              for (c, y), r in by_key.items()}
    for code, kind in series:
        with_value = [year for year in years if (code, year) in by_key and not math.isnan(by_key[(code, year)].value)]
        redrawn = {late: early for early, late in redrawn_steps(divs, code, with_value)}
        for year in years:
            hit = by_key.get((code, year))
            used_age = observation_age(ind, year, age)
            records.append({
                "area_code": code, "name": names.get(code, code), "kind": kind,
                "level": "nl" if kind == "nl" else area_level(code), "year": year, "age": used_age,
                "value": float(hit.value) if hit is not None else math.nan,
                "status": str(hit.status) if hit is not None else "no_row",
                # a missing figure names the table that lacks it, as the map's and the comparison's files do
                "source": str(hit.source) if hit is not None else ind.source_table(year, used_age),
                "redrawn_after": redrawn.get(year),
            })
    return pd.DataFrame(records, columns=TREND_COLUMNS).astype({"redrawn_after": "Int64"})


def years_with_data(frame: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in frame.loc[frame["value"].notna(), "year"].unique())


def empty_series(frame: pd.DataFrame, ind: Indicator) -> list[tuple[str, str]]:
    """(name, status) of each series of `ind`'s trend frame without a value drawn in any year: a chart draws no
    line for it, so the page has to say so. The status is why: `small` when a year holds a count of people below 5
    (not drawn), else `suppressed` when any of its years was, else its years' most common (`not_collected`,
    `no_row`)."""
    empty = []
    for _code, series in frame.groupby("area_code", sort=False):
        small = small_counts(ind, series["value"], series["level"])
        if series["value"].where(~small).isna().all():
            statuses = series["status"]
            empty.append((str(series["name"].iloc[0]), "small" if small.any() else
                          "suppressed" if statuses.eq("suppressed").any() else str(statuses.mode().iloc[0])))
    return empty


def empty_multiples(frames: Mapping[str, pd.DataFrame], area: str, cat: Catalogue, lang: str
                    ) -> list[tuple[str, str]]:
    """(indicator label, status) of each of the small multiples (`frames`: indicator id -> trend frame) whose line
    for `area` has no value drawn in any year (empty_series)."""
    return [(cat.indicator(iid).label.get(lang), status) for iid, frame in frames.items()
            for _name, status in empty_series(frame[frame["area_code"] == area], cat.indicator(iid))]


def one_point_multiples(frames: Mapping[str, pd.DataFrame], area: str, cat: Catalogue, lang: str) -> list[str]:
    """The labels of the small multiples whose line for `area` has a value in one year only: a point, not a trend
    (Delft has no key figures of 2019 here, and its households stood as one dot under "at least two survey
    years")."""
    return [cat.indicator(iid).label.get(lang) for iid, frame in frames.items()
            if frame.loc[(frame["area_code"] == area) & frame["value"].notna(), "year"].nunique() == 1]


def one_year_note(ind: Indicator, years: Sequence[int], lang: str) -> str:
    """'Only one year with data (2015)': 'for this age group' only where the indicator has age groups (the health
    monitor's 18+ and 65+); CBS's key figures have none, and the phrase sent a reader looking for another one."""
    key = "trend_one_year" if set(ind.ages) - {"all"} else "trend_one_year_all_ages"
    return t(key, lang, years=", ".join(map(str, years)) or "–")


def redrawn_note(frames: Iterable[pd.DataFrame], city: str, lang: str) -> str:
    """Why an area's line breaks between two years (trend frames' `redrawn_after`): '{city} redrew its districts
    between 2015 and 2024 ...', once per level and pair of years; "" where no line breaks."""
    steps = dict.fromkeys((level, int(early), int(late)) for frame in frames
                          for level, early, late in zip(frame["level"], frame["redrawn_after"], frame["year"])
                          if not pd.isna(early))
    return " ".join(t(f"trend_redrawn_{level}", lang, city=city, early=early, late=late)
                    for level, early, late in sorted(steps))


def no_figures_line(empty: Sequence[tuple[str, str]], lang: str) -> str:
    """'Tedingerbuurt, De Reef — no data (too few residents or confidential)': the names grouped by why."""
    by_status: dict[str, list[str]] = {}
    for name, status in empty:
        by_status.setdefault(status, []).append(name)
    return "; ".join(f"{', '.join(names)} — {t(f'status_{status}', lang)}" for status, names in by_status.items())


def _style(kind: str, n: int) -> dict:
    if kind == "gemeente":
        return CITY_STYLE
    if kind == "nl":
        return NL_STYLE
    return {"color": AREA_COLOURS[n % len(AREA_COLOURS)], "width": 2.5}


def hides_totals(frame: pd.DataFrame, ind: Indicator) -> bool:
    """Whether a chart of `frame` leaves out the city's and NL's lines: those of a total (a count of people or
    homes) beside an area's, whose line 537,833 inhabitants left flat at the bottom (the tables keep them)."""
    return not is_comparable(ind) and bool((frame["kind"] == "area").any())


def _traces(frame: pd.DataFrame, ind: Indicator, lang: str, legend_group_prefix: str = "") -> list[go.Scatter]:
    traces = []
    area_n = 0
    areas_only = hides_totals(frame, ind)
    for code, series in frame.groupby("area_code", sort=False):
        kind = series["kind"].iloc[0]
        if areas_only and kind != "area":
            continue
        line = _style(kind, area_n)
        area_n += kind == "area"
        texts = [value_text(v, ind, lvl, lang, year)
                 for v, lvl, year in zip(series["value"], series["level"], series["year"])]
        name = series["name"].iloc[0]
        drawn = series["value"].where(~small_counts(ind, series["value"], series["level"]))  # '<5': not drawn
        x, y, texts = _broken_where_redrawn(series, drawn, texts)
        traces.append(go.Scatter(
            x=x, y=y, mode="lines+markers", name=name, connectgaps=False,
            line=line, marker={"size": 8 if kind == "area" else 7, "color": line["color"]},
            text=texts, hovertemplate=f"<b>{html.escape(name)}</b> %{{x}}: %{{text}}<extra></extra>",
            # a series without a point has no place in the legend: the page names it (empty_series)
            legendgroup=f"{legend_group_prefix}{code}", showlegend=bool(drawn.notna().any()),
        ))
    return traces


def _broken_where_redrawn(series: pd.DataFrame, drawn: pd.Series, texts: list[str]
                          ) -> tuple[list[int], list[float], list[str]]:
    """A series' points, with a point without a value (a gap: connectgaps is off) at the year of each point whose
    previous point lies in another division of the gemeente (`redrawn_after`): no segment joins the two areas."""
    points: list[tuple[int, float, str]] = []
    for year, value, text, redrawn in zip(series["year"], drawn, texts, series["redrawn_after"]):
        if not pd.isna(redrawn):
            points.append((int(year), math.nan, ""))
        points.append((int(year), float(value), text))
    x, y, shown = zip(*points) if points else ((), (), ())
    return list(x), list(y), list(shown)


def whole_ticks(ind: Indicator, traces: Sequence[go.Scatter]) -> dict:
    """Y-axis settings that keep the ticks of whole figures (a count; KWB 2015's percentages, shown_decimals) whole:
    one count of 20 people had plotly's 19, 19.5, 20, 20.5, 21, and Moerwijk's 12% beside the city's 14% 12.5, 13.5.
    Plotly steps in halves while the drawn values span less than ~10, so there the axis gets a step of 1 over a
    range of whole numbers around them; above, plotly's own steps are whole and only the format is set."""
    years = {x for tr in traces for x in (tr.x if tr.x is not None else ())}
    if any(shown_decimals(ind, year) for year in years) or not (years or ind.unit == "count"):
        return {}
    values = [v for tr in traces for v in (tr.y if tr.y is not None else ()) if v is not None and not math.isnan(v)]
    if not values:
        return {"tickformat": ",d"}
    low, high = math.floor(min(values)), math.ceil(max(values))
    if high - low >= WHOLE_STEP_SPAN:
        return {"tickformat": ",d"}
    return {"tickformat": ",d", "dtick": 1, "tick0": 0, "range": [low - 1, high + 1], "autorange": False}


def _y_title(ind: Indicator, lang: str) -> str:
    suffix = t(f"unit_suffix_{ind.unit}", lang).strip()
    return f"{ind.label.get(lang)} ({suffix})" if suffix else ind.label.get(lang)


def trend_figure(frame: pd.DataFrame, ind: Indicator, lang: str, years: Sequence[int] | None = None) -> go.Figure:
    """One indicator over the years: a line per chosen area, Den Haag dashed black, NL dotted grey."""
    traces = _traces(frame, ind, lang)
    fig = go.Figure(traces)
    ticks = list(years) if years else sorted(frame["year"].unique())
    fig.update_layout(
        height=430, margin={"l": 10, "r": 10, "t": 30, "b": 40}, plot_bgcolor="white",
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    pad = 0.6
    fig.update_xaxes(tickmode="array", tickvals=ticks, range=[min(ticks) - pad, max(ticks) + pad] if ticks else None,
                     showgrid=False, title=None)
    fig.update_yaxes(title=_y_title(ind, lang), gridcolor="#EEEEEE", zeroline=False, rangemode="normal",
                     separatethousands=True,  # 7.240 as in the table (plotly groups only from 10,000); years stay 2019
                     **whole_ticks(ind, traces))
    return fig


def small_multiples(frames: Mapping[str, pd.DataFrame], cat: Catalogue, lang: str, columns: int = 3) -> go.Figure:
    """Several indicators of one area: a small panel per indicator, each with its own y-scale, same years; on a
    phone (charts.narrow) one panel under the other."""
    fig = _multiples_grid(frames, cat, lang, columns, row_height=260)
    in_legend: set[str] = set()  # each series once, from the first panel where it has a point
    for n, ind_id in enumerate(frames):
        traces = _traces(frames[ind_id], cat.indicator(ind_id), lang)
        for trace in traces:
            trace.showlegend = bool(trace.showlegend) and trace.legendgroup not in in_legend
            if trace.showlegend:
                in_legend.add(trace.legendgroup)
            fig.add_trace(trace, row=n // columns + 1, col=n % columns + 1)
        fig.update_yaxes(whole_ticks(cat.indicator(ind_id), traces), row=n // columns + 1, col=n % columns + 1)
    return with_narrow(fig, stacked_patch(fig, _multiples_grid(frames, cat, lang, 1, row_height=210)))


def _multiples_grid(frames: Mapping[str, pd.DataFrame], cat: Catalogue, lang: str, columns: int,
                    row_height: int) -> go.Figure:
    """The small multiples' panels without their lines: titles, axes, legend, `columns` panels a row."""
    ids = list(frames)
    n_rows = max(1, math.ceil(len(ids) / columns))
    titles = [cat.indicator(i).label.get(lang) for i in ids]
    height = row_height * n_rows + 90
    fig = make_subplots(rows=n_rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.07,
                        vertical_spacing=min(0.12, 0.5 / n_rows, 75 / height))  # at most ~75 px between rows
    all_years = sorted({int(y) for f in frames.values() for y in f["year"].unique()})
    for n, ind_id in enumerate(ids):
        ind = cat.indicator(ind_id)
        fig.update_yaxes(title_text=t(f"unit_suffix_{ind.unit}", lang).strip() or None, row=n // columns + 1,
                         col=n % columns + 1, gridcolor="#EEEEEE", zeroline=False)
    fig.update_yaxes(separatethousands=True)  # 7.240 as in the table (plotly groups only from 10,000)
    if all_years:
        fig.update_xaxes(tickmode="array", tickvals=all_years, range=[all_years[0] - 0.8, all_years[-1] + 0.8],
                         showgrid=False)
    fig.update_annotations(font_size=12)
    fig.update_layout(height=height, margin={"l": 10, "r": 10, "t": 40, "b": 40},
                      plot_bgcolor="white",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02 + 0.1 / n_rows, "x": 0})
    return fig


def trend_table(frame: pd.DataFrame, ind: Indicator, lang: str) -> pd.DataFrame:
    """The numbers behind a trend chart: one row per area, one column per year, as text ('<5', 'geen gegevens')."""
    records = []
    for code, series in frame.groupby("area_code", sort=False):
        record = {t("col_area", lang): series["name"].iloc[0], t("col_code", lang): code}
        for year, value, level, status in zip(series["year"], series["value"], series["level"], series["status"]):
            record[str(year)] = (t(f"status_{status}", lang) if status in ("suppressed", "not_collected")
                                 else value_text(value, ind, level, lang, year))
        records.append(record)
    return pd.DataFrame(records)


def multiples_table(frames: Mapping[str, pd.DataFrame], cat: Catalogue, lang: str) -> pd.DataFrame:
    """The numbers behind the small multiples: indicator × series rows, a column per year. A year in which an
    indicator has no figure at all (another source's year: the 2019 of the CBS key figures beside the health
    monitor's 2020) says so, never a blank cell."""
    parts = []
    for ind_id, frame in frames.items():
        ind = cat.indicator(ind_id)
        table = trend_table(frame, ind, lang)
        table.insert(0, t("indicator", lang), ind.label.get(lang))
        parts.append(table)
    return pd.concat(parts, ignore_index=True).fillna(t("trend_no_figure_year", lang)) if parts else pd.DataFrame()
