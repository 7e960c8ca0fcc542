"""A program slide: the store's counts of one program (`programs.store.list_counts` via `programs.table`), drawn by
`charts.programs.series_figure` (every count over its own period) and, in the PPTX, as native columns labelled with
their periods. Counts over periods of different length are never one series: the reading note says so.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from charts.programs import series_figure
from presentation.content import FONT_SIZE, KEY_NUMBERS, NativeChart, SlideContent, StoryData, source_room, style
from presentation.story import ProgramSlide, text_of
from programs.table import area_name as program_area_name
from programs.table import chart_frame, display_table
from programs.table import source_line as program_source_line
from texts.i18n import t


SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#000000"]


def period_length(start: dt.date, end: dt.date, lang: str) -> str:
    """'1 jaar', '2 jaar', '6 maanden' (whole months, rounded)."""
    months = max(1, round(((end - start).days + 1) / 30.44))
    if months % 12 == 0:
        return t("pres_len_year" if months == 12 else "pres_len_years", lang, n=months // 12)
    return t("pres_len_month" if months == 1 else "pres_len_months", lang, n=months)


def period_labels(chart: pd.DataFrame, lang: str) -> list[str]:
    """Each count's period with its length: '2022–2024 (3 jaar)', so no bar is read as a share of a trend."""
    return [f"{p} ({period_length(s, e, lang)})" for p, s, e in zip(chart["period_text"], chart["period_start"],
                                                                     chart["period_end"])]


def reading_note(chart: pd.DataFrame, lang: str) -> str:
    """What the reader must know of the periods: one length for every count, or lengths that differ (then the
    counts are not a trend: each bar carries its own period)."""
    lengths = list(dict.fromkeys(period_length(s, e, lang) for s, e in zip(chart["period_start"], chart["period_end"])))
    if len(lengths) == 1:
        return t("pres_program_note_same", lang, length=lengths[0])
    return t("pres_program_note_mixed", lang, lengths=", ".join(lengths))


def program_chart(chart: pd.DataFrame, y_title: str, lang: str) -> NativeChart:
    """The counts as native clustered columns: one category per period, labelled with its length (in time order),
    one series per area; a range becomes two series, low and high, and a '<5' count no bar at all (its text is in
    the notes). Columns, not a line: counts over periods of different length are no series to connect."""
    chart = chart.assign(label=period_labels(chart, lang))
    order = chart.sort_values(["period_start", "period_end"])
    categories = list(dict.fromkeys(order["label"]))
    series: list[tuple[str, list[float | None]]] = []
    colours: list[str] = []
    for n, (name, rows) in enumerate(chart.groupby("area_name", sort=False)):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        ranged = bool((rows["low"] != rows["high"]).any() and not rows["suppressed"].all())
        low = dict(zip(rows["label"], [None if s else v for v, s in zip(rows["low"], rows["suppressed"])]))
        high = dict(zip(rows["label"], [None if s else v for v, s in zip(rows["high"], rows["suppressed"])]))
        if ranged:
            series.append((t("pres_series_low", lang, name=name), [low.get(c) for c in categories]))
            series.append((t("pres_series_high", lang, name=name), [high.get(c) for c in categories]))
            colours += [colour, "#" + "".join(f"{min(255, int(colour[i:i + 2], 16) + 90):02X}" for i in (1, 3, 5))]
        else:
            series.append((str(name), [low.get(c) for c in categories]))
            colours.append(colour)
    return NativeChart("bar", categories, series, "#,##0", y_title, colours)


def program_slide(slide: ProgramSlide, data: StoryData, lang: str, number: int) -> SlideContent:
    counts = data.counts
    rows = counts[counts["program"] == slide.program]
    if slide.areas:
        rows = rows[rows["area"].isin(slide.areas)]
    if rows.empty:
        raise KeyError(f"no counts for program {slide.program}")
    rows = rows.sort_values(["area", "period_start"])
    names = data.names(lang)
    first = rows.iloc[0]
    program = first[f"name_{lang}"]
    unit = first[f"unit_label_{lang}"]
    source = program_source_line(rows, lang)
    frame = chart_frame(rows, lang, names)
    y_title = t("prog_chart_y", lang, unit=unit)
    fig = series_figure(frame, title="", y_title=y_title, source=source, hover=t("prog_chart_hover", lang))
    style(fig, top=60)
    fig.update_annotations(font_size=FONT_SIZE - 4)
    (note,) = fig.layout.annotations  # the source, its lines wrapped by series_figure, -yshift px under the plot
    fig.update_layout(legend={"font": {"size": FONT_SIZE}}, margin={"b": source_room(note.text, -note.yshift)})
    fig.update_traces(marker_size=14, selector={"mode": "markers"})
    # years, not month names in one language; each label in the middle of its year (the counts are per period)
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    areas = list(dict.fromkeys(program_area_name(c, lang, names) for c in rows["area"]))
    title = text_of(slide.title, lang) or program
    note = reading_note(frame, lang)
    subtitle = t("pres_program_subtitle", lang, unit=unit, areas=", ".join(areas), note=note)
    shown = display_table(rows, lang, names)
    keep = [t(f"prog_col_{k}", lang) for k in ("area", "period", "value", "unit")]
    table = shown[keep]
    one_area = frame["area_name"].nunique() == 1
    key_numbers = [(p if one_area else f"{a} · {p}", v) for a, p, v in zip(frame["area_name"],
                                                                           period_labels(frame, lang),
                                                                           frame["value_text"])]
    notes = [f"{title} — {subtitle}.", str(first[f"description_{lang}"])]
    places, periods, values = (shown[c] for c in keep[:3])  # each count with its own unit: '1 speeltuin'
    notes += [f"{a}, {p}: {v} {u}" for a, p, v, u in zip(places, periods, values, frame["unit_label"])]
    notes += [n for n in rows[f"note_{lang}"] if isinstance(n, str) and n]
    notes.append(source)
    key_title = areas[0] if one_area else unit
    if len(key_numbers) > KEY_NUMBERS:  # the chart has more counts than the list beside it: say which it lists
        key_title = t("pres_key_newest", lang, title=key_title, n=KEY_NUMBERS, total=len(key_numbers))
        key_numbers = [key_numbers[i] for i in newest(frame, KEY_NUMBERS)]
    return SlideContent(number, "program", title, subtitle, source, "\n".join(notes), table,
                        key_numbers, key_title, fig, program_chart(frame, y_title, lang))


def newest(frame: pd.DataFrame, n: int) -> list[int]:
    """The positions of the `n` counts whose periods end last (of two ending together, the shorter), in `frame`'s
    order: the last `n` rows of a frame sorted by area listed one area's old counts and left out another's newest."""
    order = sorted(range(len(frame)), key=lambda i: (frame["period_end"].iat[i], frame["period_start"].iat[i]))
    return sorted(order[-n:])
