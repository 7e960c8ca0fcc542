"""A slide → what every medium shows of it: title, subtitle, numbers table, source line, speaker notes, figure.

Pure functions over the loaded data (`StoryData`): the screen (/presentatie), the PPTX, the PDF and the PNG all
read the same `SlideContent`, so a number on the projector is the number in the handout.

- map: `geo.choropleth.map_model` (values, classes, legend, source line) drawn by `charts.map_image.map_figure`;
- profile: `indicators.profile.spine_data` for a few headline indicators, drawn by `charts.spine.spine_figure`;
- compare: `indicators.compare.comparison_frame`, drawn by `charts.compare.grouped_bars` (and, in the PPTX, as a
  native column chart);
- program: the store's counts (`programs.store.list_counts`) via `programs.table`, drawn by
  `charts.programs.series_figure` (and, in the PPTX, as a native line chart: ranges as two series low/high);
- verhaal: a story of data/stories.yaml (or the slide's own text) with its quote: "tellen én vertellen".
A slide that cannot be built (an indicator or program that no longer exists) gets a `problem` text instead of
raising, so one bad slide never breaks a presentation.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go

from charts.compare import grouped_bars, split_by_unit, wrap
from charts.map_image import FONT, map_figure
from charts.programs import series_figure
from charts.spine import COMPARISON_STYLE, FLAG, spine_figure
from charts.trend import source_lines
from indicators.areas import focus_area_codes
from indicators.areas import groups as area_groups
from geo.choropleth import map_model
from geo.classify import colours_for
from indicators.catalogue import Catalogue, catalogue
from indicators.compare import comparison_frame
from indicators.describe import gap_text, rank_text, source_line, value_text
from indicators.profile import area_level, spine_data, spread_level, summary_counts
from indicators.stories import load_stories, localise
from presentation.story import (
    CompareSlide,
    MapSlide,
    ProfileSlide,
    ProgramSlide,
    Slide,
    Story,
    VerhaalSlide,
    slide_view,
    text_of,
)
from programs.table import area_name as program_area_name
from programs.table import chart_frame, display_table
from programs.table import source_line as program_source_line
from texts.i18n import t
from indicators.view import View, fit_year_age, view_to_params

ENV_BASE_URL = "WIJKDASHBOARD_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501"
FIG_WIDTH, FIG_HEIGHT = 1280, 720  # the figures' layout size; exports render them at scale 1.5 (1920 × 1080)
FONT_SIZE = 17
# Named on the map and listed beside it unless the slide says otherwise: Zuidwest and Laak.
HIGHLIGHT_GROUPS = ("zuidwest", "laak")
MAP_EXTREMES = 3  # best and worst areas named in the speaker notes
# The stories and quotes come from the five-year report, which prints no date; it closes the Preventiecoalitie
# (extended to the end of 2024) and reports full-year 2023 figures, so it appeared in 2024 (data/programs.yaml).
REPORT_TITLE, REPORT_YEAR = "5 jaar Gezond en Gelukkig Den Haag", 2024


@dataclass(frozen=True)
class StoryData:
    """What slides are made of: observations, boundaries per level, program counts and area names."""

    gemeente: str
    tidy: pd.DataFrame
    areas: Mapping[str, gpd.GeoDataFrame]  # level (wijk, buurt) -> boundaries with code, name
    counts: pd.DataFrame  # programs.store.list_counts
    gemeente_names: Mapping[str, str] = field(default_factory=dict)

    def city(self, lang: str) -> str:
        return t("den_haag", lang) if self.gemeente == "GM0518" else self.gemeente_names.get(self.gemeente,
                                                                                               self.gemeente)

    def names(self, lang: str) -> dict[str, str]:
        names = dict(self.gemeente_names)
        names[self.gemeente] = self.city(lang)
        for frame in self.areas.values():
            names.update(zip(frame["code"], frame["name"]))
        return names


def load_data(gemeente: str = "GM0518", store_url: str | None = None) -> StoryData:
    """Everything from disk (no Streamlit caches): for the benchmark, tests and scripts."""
    from geo.boundaries import gemeente_names, read_areas
    from indicators.observations import build_observations
    from programs import store
    from programs.db import make_sessions, open_store

    engine = open_store(store_url)
    try:
        with make_sessions(engine)() as session:
            counts = store.list_counts(session)
    finally:
        engine.dispose()
    return StoryData(gemeente, build_observations(gemeente),
                     {level: read_areas(gemeente, level) for level in ("wijk", "buurt")}, counts, gemeente_names())


@dataclass(frozen=True)
class NativeChart:
    """A chart PowerPoint draws itself (editable): categories on the x axis, one value list per series."""

    kind: str  # "line" | "bar"
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    number_format: str
    y_title: str
    colours: list[str] = field(default_factory=list)  # "#RRGGBB" per series
    dashed: list[bool] = field(default_factory=list)  # per series: the upper end of a range


@dataclass(frozen=True)
class SlideContent:
    number: int  # 1-based
    kind: str  # map | profile | compare | program | verhaal
    title: str
    subtitle: str = ""
    source: str = ""
    notes: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)  # the numbers as text, for the handout
    key_numbers: list[tuple[str, str]] = field(default_factory=list)  # (label, value): beside the chart
    key_title: str = ""
    figure: go.Figure | None = None
    chart: NativeChart | None = None
    text: str = ""
    quote: str = ""
    quote_by: str = ""
    url: str = ""
    problem: str = ""


def base_url() -> str:
    """Where the dashboard is reached, for the links in handouts: $WIJKDASHBOARD_BASE_URL or localhost:8501."""
    return (os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")


def view_url(page: str, view: View, base: str | None = None) -> str:
    query = urlencode(view_to_params(view))
    return f"{base or base_url()}/{page}" + (f"?{query}" if query else "")


def slide_url(slide: Slide, number: int, story: Story, lang: str, base: str | None = None) -> str:
    """The link that reopens the slide's view in the dashboard (a verhaal: the slide in the presentation)."""
    view = View(lang=lang, gemeente=story.gemeente, slide=number,
                story="" if story.id == "breed_overleg" else story.id)
    page, target = slide_view(slide, view)
    return view_url(page, target, base)


def _style(fig: go.Figure, top: int | None = None) -> go.Figure:
    """Projector style: larger type, the layout size of the exports, no title (the slide has one)."""
    fig.update_layout(width=FIG_WIDTH, height=FIG_HEIGHT, font={"family": FONT, "size": FONT_SIZE},
                      title={"text": ""}, paper_bgcolor="#ffffff")
    if top is not None:
        fig.update_layout(margin={"t": top})
    return fig


def _footer(fig: go.Figure, text: str, bottom: int = 60) -> go.Figure:
    """The source line as an annotation under the plot (`bottom` px below it, past the axis labels), so an image
    of the figure carries it."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-bottom, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font={"size": FONT_SIZE - 4, "color": "#444"})
    fig.update_layout(margin={"b": bottom + 12 + 18 * (text.count("<br>") + 1)})
    return fig


def _break(text: str, width: int = 150) -> str:
    """A long source line over several lines (<br>) so it stays inside the image."""
    parts, line = [], ""
    for piece in text.split(" · "):
        if line and len(line) + 3 + len(piece) > width:
            parts.append(line)
            line = piece
        else:
            line = f"{line} · {piece}" if line else piece
    parts.append(line)
    return "<br>".join(parts)


# --- map ------------------------------------------------------------------------------------------------------


def highlight_codes(codes: Sequence[str]) -> list[str]:
    """The areas named on a map slide: the focus groups' members (Zuidwest and Laak) that are on the map."""
    groups = area_groups()
    wanted = [m for g in HIGHLIGHT_GROUPS for m in groups.get(g, {}).get("members", [])]
    return [c for c in dict.fromkeys(wanted) if c in set(codes)]


def map_slide(slide: MapSlide, data: StoryData, cat: Catalogue, lang: str, number: int) -> SlideContent:
    ind = cat.indicator(slide.indicator)
    view, _ = fit_year_age(View(indicator=slide.indicator, year=slide.year, age=slide.age), cat)
    year, age, level, mode = view.year, view.age, slide.level, slide.mode
    city = data.city(lang)
    areas = data.areas[level]
    model = map_model(data.tidy, areas, [], cat, ind, level=level, year=year, age=age, mode=mode,
                      method="quantiles", lang=lang, city_name=city)
    frame = model.frame
    colours = dict(zip(frame["code"], colours_for(frame["shown"], model.classes)))
    label = ind.label.get(lang)
    title = text_of(slide.title, lang) or f"{label} · {year}"
    mode_text = t(f"mode_{mode}", lang, city=city)
    subtitle = " · ".join([mode_text, t(f"level_plural_{level}", lang), t(f"age_{age}", lang)])
    highlight = highlight_codes(list(frame["code"])) if level == "wijk" else \
        list(frame.dropna(subset=["rank"]).sort_values("rank").tail(6)["code"])[::-1]
    names = dict(zip(frame["code"], frame["name"]))
    rows = frame.set_index("code").loc[highlight] if highlight else frame.iloc[:0].set_index("code")

    def value(code_row: pd.Series) -> str:
        if code_row["status"] != "ok":
            return t(f"status_{code_row['status']}", lang) if code_row["status"] in (
                "suppressed", "not_collected") else t("no_data", lang)
        return value_text(code_row["value"], ind, level, lang)

    table = pd.DataFrame({
        t("col_area", lang): [names[c] for c in rows.index] + [city, t("nederland", lang)],
        t("col_value", lang): [value(r) for _, r in rows.iterrows()]
        + [value_text(frame["city"].iloc[0] if len(frame) else math.nan, ind, "gemeente", lang),
           value_text(frame["nl"].iloc[0] if len(frame) else math.nan, ind, "nl", lang)],
        t("col_gap_city", lang): [gap_text(g, ind, lang) if not pd.isna(g) else "–" for g in rows["gap_city"]]
        + ["", ""],
        t("col_rank", lang): [rank_text(r, n, level, lang) for r, n in zip(rows["rank"], rows["n_ranked"])] + ["", ""],
    })
    shown_gap = mode != "value"
    key_numbers = []
    for code, row in rows.iterrows():
        text = value(row)
        if shown_gap and row["status"] == "ok":
            gap = row["gap_city"] if mode == "gap_city" else row["gap_nl"]
            text = f"{text} ({gap_text(gap, ind, lang)})"
        key_numbers.append((names[code], text))
    ref = frame["city"].iloc[0] if len(frame) else math.nan
    key_numbers.append((city, value_text(ref, ind, "gemeente", lang)))
    ranked = frame.dropna(subset=["rank"]).sort_values("rank")
    notes = [f"{title} — {subtitle}.", ind.definition.get(lang)]
    notes += [f"{n}: {v}" + (f" — {r}" if r else "") for n, v, r in zip(
        table.iloc[:, 0], table.iloc[:, 1], table.iloc[:, 3])]
    if len(ranked):
        words = ("pres_notes_highest", "pres_notes_lowest") if ind.direction == "neutral" else \
            ("pres_notes_best", "pres_notes_worst")
        for key, part in ((words[0], ranked.head(MAP_EXTREMES)), (words[1], ranked.tail(MAP_EXTREMES).iloc[::-1])):
            notes.append(t(key, lang, areas=t(f"level_plural_{level}", lang)) + ": " + "; ".join(
                f"{n} {value_text(v, ind, level, lang)}" for n, v in zip(part["name"], part["value"])))
    notes.append(model.source)
    fig = map_figure(areas, colours, model.legend, source=_break(model.source), legend_title=mode_text
                     if mode != "value" else f"{label} ({year})".replace(" (", "<br>("),
                     focus=focus_area_codes(), focus_label=t("pres_focus_legend", lang),
                     labels={c: names[c] for c in highlight} if level == "wijk" else None,
                     hover=dict(zip(frame["code"], frame["name"] + "\n" + frame["tooltip"])),
                     width=FIG_WIDTH, height=FIG_HEIGHT, font_size=FONT_SIZE)
    return SlideContent(number, "map", title, subtitle, model.source, "\n".join(n for n in notes if n), table,
                        key_numbers, t("pres_key_map", lang), fig)


# --- profile --------------------------------------------------------------------------------------------------


def _spine_legend(level: str, ref: str, name: str, lang: str) -> str:
    symbol = {"better": "●", "similar": "■", "worse": "◆"}
    parts = [f"<span style='color:{COMPARISON_STYLE[k]['color'] if k != 'similar' else '#777'}'>{s}</span> "
             f"{t(f'prof_legend_{k}', lang, ref=ref)}" for k, s in symbol.items()]
    if level != "gemeente":
        parts.append(f"<b>┃</b> {ref}")
    parts.append(f"<span style='color:#666'>▼</span> {t('nederland', lang)}")
    parts.append(t("pres_spine_bars", lang, areas=t(f"level_plural_{'wijk' if level == 'gemeente' else level}",
                                                    lang)))
    parts.append(f"<span style='color:#D55E00'>{FLAG}</span> {t('pres_spine_flag', lang)}")
    half = (len(parts) + 1) // 2
    return f"<b>{name}</b>:  " + "   ".join(parts[:half]) + "<br>" + "   ".join(parts[half:])


def profile_slide(slide: ProfileSlide, data: StoryData, cat: Catalogue, lang: str, number: int) -> SlideContent:
    area = slide.area
    names = data.names(lang)
    if area not in names:
        raise KeyError(f"unknown area {area}")
    level = area_level(area)
    city = data.city(lang)
    spread_frame = data.areas[spread_level(area)]
    ids = [i for i in slide.indicators if i in set(cat.available_ids)]
    if not ids:
        raise KeyError("none of the slide's indicators exists")
    spine = spine_data(data.tidy, cat, area, list(spread_frame["code"]), slide.age, data.gemeente, ids)
    name = names[area]
    ref = t("nederland", lang) if level == "gemeente" else city
    counts = summary_counts(spine)
    title = text_of(slide.title, lang) or t("pres_profile_title", lang, name=name)
    subtitle = t("pres_profile_subtitle", lang, ref=ref, age=t(f"age_{slide.age}", lang), **counts)
    source = source_lines(cat, list(zip(spine["source"], spine["year"])), lang)
    fig = spine_figure(spine, cat, lang, name, city)
    _style(fig, top=80)
    fig.update_annotations(font_size=FONT_SIZE - 2)
    fig.update_layout(margin={"r": 440, "l": 20})
    for ann in fig.layout.annotations:  # the value / reference / trend columns: wider for the larger type
        if ann.xshift:
            ann.xshift = ann.xshift * 1.45
    fig.add_annotation(text=_spine_legend(level, ref, name, lang), xref="paper", yref="paper", x=0, y=1,
                       yshift=62, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font={"size": FONT_SIZE - 4})
    _footer(fig, _break(source), bottom=12)
    rows = []
    key_numbers = []
    for _, r in spine.iterrows():
        ind = cat.indicator(r["indicator"])
        year = "" if pd.isna(r["year"]) else str(int(r["year"]))
        value = value_text(r["value"], ind, r["level"], lang)
        rows.append({
            t("indicator", lang): ind.label.get(lang), t("year", lang): year, name: value,
            city: value_text(r["city"], ind, "gemeente", lang) if level != "gemeente" else "–",
            t("nederland", lang): value_text(r["nl"], ind, "nl", lang),
            t("pres_col_judgement", lang, ref=ref): t(f"prof_cmpword_{r['comparison']}", lang),
        })
        if r["comparison"] == "worse":
            key_numbers.append((f"{ind.label.get(lang)} ({year})",
                                f"{value} ({value_text(r['reference'], ind, 'gemeente', lang)})"))
    table = pd.DataFrame(rows)
    notes = [f"{title} — {subtitle}."] + [
        f"{r[t('indicator', lang)]} ({r[t('year', lang)]}): {name} {r[name]}; {city} {r[city]}; "
        f"{t('nederland', lang)} {r[t('nederland', lang)]} — {r[t('pres_col_judgement', lang, ref=ref)]}"
        for r in rows] + [source]
    return SlideContent(number, "profile", title, subtitle, source, "\n".join(notes), table, key_numbers[:4],
                        t("pres_key_profile", lang, ref=ref), fig)


# --- compare --------------------------------------------------------------------------------------------------


def compare_slide(slide: CompareSlide, data: StoryData, cat: Catalogue, lang: str, number: int) -> SlideContent:
    city = data.city(lang)
    lookup = pd.concat([data.areas[lv][["code", "name", "level"]] for lv in ("wijk", "buurt")], ignore_index=True)
    known = set(lookup["code"])
    codes = [c for c in slide.areas if c in known]
    ids = [i for i in slide.indicators if i in set(cat.available_ids)]
    if not codes or not ids:
        raise KeyError("the comparison's areas or indicators do not exist")
    comp = comparison_frame(data.tidy, cat, ids, codes, lookup, year=slide.year, age=slide.age, lang=lang,
                            gemeente=data.gemeente, city_name=city)
    years = {i: int(comp.loc[comp["indicator"] == i, "year"].iloc[0]) for i in dict.fromkeys(comp["indicator"])}
    plain = {i: f"{cat.indicator(i).label.get(lang)} ({y})" for i, y in years.items()}
    units = {i: cat.indicator(i).unit for i in years}
    unit, part = next(iter(split_by_unit(comp, units).items()))  # one axis: the first unit's indicators
    first = cat.indicator(part["indicator"].iloc[0])
    fig = grouped_bars(part, {i: wrap(plain[i], 24) for i in plain}, title="", y_title=t(f"cmp_unit_{unit}", lang),
                       fmt=lambda v: value_text(v, first, "wijk", lang), city_label=city,
                       nl_label=t("nederland", lang), no_data=t("no_data", lang))
    pairs = comp[["source", "year"]].drop_duplicates().sort_values(["source", "year"])
    source = " · ".join(source_line(cat, s, int(y), lang) for s, y in zip(pairs["source"], pairs["year"]))
    _style(fig, top=70)
    fig.update_layout(legend={"font": {"size": FONT_SIZE}}, height=FIG_HEIGHT)
    tick_lines = max(wrap(plain[i], 24).count("<br>") + 1 for i in plain)
    _footer(fig, _break(source), bottom=36 + 24 * tick_lines)
    title = text_of(slide.title, lang) or t("pres_compare_title", lang, city=city)
    subtitle = ", ".join(n for n, k in zip(comp["name"], comp["kind"]) if k == "area" and n) if len(comp) else ""
    subtitle = ", ".join(dict.fromkeys(subtitle.split(", ")))
    table_rows = []
    for code, rows in comp.groupby("area_code", sort=False):
        entry = {t("col_area", lang): rows["name"].iloc[0]}
        for iid, v, status, lvl in zip(rows["indicator"], rows["value"], rows["status"], rows["level"]):
            entry[plain[iid]] = value_text(v, cat.indicator(iid), lvl or "wijk", lang) if status == "ok" \
                else t("no_data", lang)
        table_rows.append(entry)
    table = pd.DataFrame(table_rows).fillna("–")
    ind_ids = list(years)
    chart_part = part
    series, colours = [], []
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    for n, (code, rows) in enumerate(chart_part.groupby("area_code", sort=False)):
        by = dict(zip(rows["indicator"], rows["value"]))
        series.append((str(rows["name"].iloc[0]), [None if pd.isna(by.get(i, math.nan)) else round(float(by[i]), 1)
                                                   for i in chart_part["indicator"].unique()]))
        kind = rows["kind"].iloc[0]
        colours.append("#222222" if kind == "city" else "#888888" if kind == "nl" else palette[n % len(palette)])
    chart = NativeChart("bar", [plain[i] for i in chart_part["indicator"].unique()], series,
                        "0.0" if unit == "percent" else "#,##0", t(f"cmp_unit_{unit}", lang), colours)
    notes = [f"{title} — {subtitle}."] + [
        f"{r[t('col_area', lang)]}: " + "; ".join(f"{plain[i]} {r.get(plain[i], '–')}" for i in ind_ids)
        for r in table_rows] + [source]
    key_numbers = []
    headline = ind_ids[0]
    hl = comp[comp["indicator"] == headline]
    for nm, v, lvl in zip(hl["name"], hl["value"], hl["level"]):
        key_numbers.append((nm, value_text(v, cat.indicator(headline), lvl or "wijk", lang)))
    return SlideContent(number, "compare", title, subtitle, source, "\n".join(notes), table, key_numbers,
                        plain[headline], fig, chart)


# --- program --------------------------------------------------------------------------------------------------

SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C510A", "#000000"]


def program_chart(chart: pd.DataFrame, y_title: str, lang: str) -> NativeChart:
    """The counts as a native line chart: one category per period (in time order), one series per area; a range
    becomes two series, low and high, and a '<5' count no point at all (its text is in the notes)."""
    order = chart.sort_values(["period_start", "period_end"])
    categories = list(dict.fromkeys(order["period_text"]))
    series: list[tuple[str, list[float | None]]] = []
    colours: list[str] = []
    dashed: list[bool] = []
    for n, (name, rows) in enumerate(chart.groupby("area_name", sort=False)):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        ranged = bool((rows["low"] != rows["high"]).any() and not rows["suppressed"].all())
        low = dict(zip(rows["period_text"], [None if s else v for v, s in zip(rows["low"], rows["suppressed"])]))
        high = dict(zip(rows["period_text"], [None if s else v for v, s in zip(rows["high"], rows["suppressed"])]))
        if ranged:
            series.append((t("pres_series_low", lang, name=name), [low.get(c) for c in categories]))
            series.append((t("pres_series_high", lang, name=name), [high.get(c) for c in categories]))
            colours += [colour, colour]
            dashed += [False, True]
        else:
            series.append((str(name), [low.get(c) for c in categories]))
            colours.append(colour)
            dashed.append(False)
    return NativeChart("line", categories, series, "#,##0", y_title, colours, dashed)


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
    _style(fig, top=60)
    fig.update_annotations(font_size=FONT_SIZE - 4)
    fig.update_layout(legend={"font": {"size": FONT_SIZE}}, margin={"b": 110})
    fig.update_traces(marker_size=14, selector={"mode": "markers"})
    fig.update_xaxes(dtick="M12", tickformat="%Y")  # years, not month names in one language
    areas = list(dict.fromkeys(program_area_name(c, lang, names) for c in rows["area"]))
    title = text_of(slide.title, lang) or program
    subtitle = t("pres_program_subtitle", lang, unit=unit, areas=", ".join(areas))
    shown = display_table(rows, lang, names)
    keep = [t(f"prog_col_{k}", lang) for k in ("area", "period", "value", "unit")]
    table = shown[keep]
    key_numbers = [(f"{a} · {p}", v) for a, p, v in zip(frame["area_name"], frame["period_text"], frame["value_text"])]
    notes = [f"{title} — {subtitle}.", str(first[f"description_{lang}"])]
    notes += [f"{a}, {p}: {v} {u}" for a, p, v, u in zip(*(shown[c] for c in keep))]
    notes += [n for n in rows[f"note_{lang}"] if isinstance(n, str) and n]
    notes.append(source)
    return SlideContent(number, "program", title, subtitle, source, "\n".join(notes), table, key_numbers[-6:],
                        unit, fig, program_chart(frame, y_title, lang))


# --- verhaal --------------------------------------------------------------------------------------------------


def verhaal_slide(slide: VerhaalSlide, lang: str, number: int) -> SlideContent:
    text, quote, quote_by, source = text_of(slide.text, lang), text_of(slide.quote, lang), slide.quote_by or "", \
        slide.source or ""
    title = text_of(slide.title, lang)
    if slide.story:
        raw = next((s for s in load_stories() if s.get("id") == slide.story), None)
        if raw is None:
            raise KeyError(f"no story {slide.story} in data/stories.yaml")
        story = localise(raw, lang)
        title = title or story.title
        text = text or story.summary
        quote = quote or (story.quote or "")
        quote_by = quote_by or (story.quote_by or "")
        source = source or story.source
    quote = quote.strip().strip('“”"')
    source_text = t("pres_story_source", lang, source=source) if source else ""
    if REPORT_TITLE in source:
        source_text += " · " + t("pres_report_year", lang, year=REPORT_YEAR)
    notes = [title, text]
    if quote:
        notes.append(f"“{quote}” — {quote_by}" if quote_by else f"“{quote}”")
    notes.append(source_text)
    return SlideContent(number, "verhaal", title or t("pres_verhaal", lang), t("pres_verhaal_subtitle", lang),
                        source_text, "\n".join(n for n in notes if n), text=text, quote=quote, quote_by=quote_by)


# --- a whole story --------------------------------------------------------------------------------------------


def build_slide(slide: Slide, number: int, story: Story, data: StoryData, lang: str,
                cat: Catalogue | None = None, base: str | None = None) -> SlideContent:
    """One slide's content; never raises for a slide whose data went missing (see `SlideContent.problem`)."""
    cat = cat or catalogue()
    if slide.note:
        extra = text_of(slide.note, lang)
    else:
        extra = ""
    try:
        if isinstance(slide, MapSlide):
            content = map_slide(slide, data, cat, lang, number)
        elif isinstance(slide, ProfileSlide):
            content = profile_slide(slide, data, cat, lang, number)
        elif isinstance(slide, CompareSlide):
            content = compare_slide(slide, data, cat, lang, number)
        elif isinstance(slide, ProgramSlide):
            content = program_slide(slide, data, lang, number)
        else:
            content = verhaal_slide(slide, lang, number)
    except (KeyError, ValueError, IndexError, StopIteration) as exc:
        reason = exc.args[0] if exc.args else type(exc).__name__
        return SlideContent(number, slide.type, text_of(slide.title, lang) or t(f"pres_type_{slide.type}", lang),
                            problem=t("pres_slide_problem", lang, reason=reason),
                            url=slide_url(slide, number, story, lang, base))
    notes = content.notes + (f"\n{extra}" if extra else "")
    return replace(content, notes=notes, url=slide_url(slide, number, story, lang, base))


def build_story(story: Story, data: StoryData, lang: str, base: str | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[SlideContent]:
    cat = catalogue()
    out = []
    for n, slide in enumerate(story.slides, start=1):
        out.append(build_slide(slide, n, story, data, lang, cat, base))
        if progress:
            progress(n, len(story.slides))
    return out


def export_date(lang: str, today: dt.date | None = None) -> str:
    from babel.dates import format_date

    from texts.i18n import LOCALES

    return format_date(today or dt.date.today(), "d MMMM y", locale=LOCALES.get(lang, "nl_NL"))


def story_url(story: Story, lang: str, base: str | None = None) -> str:
    return view_url("presentatie", View(lang=lang, gemeente=story.gemeente,
                                        story="" if story.id == "breed_overleg" else story.id), base)
