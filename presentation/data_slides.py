"""Slides of the health data: a map (`geo.choropleth.map_model` drawn by `charts.map_image.map_figure`), an area
profile (`indicators.profile.spine_data` for a few headline indicators, `charts.spine.spine_figure`) and a
comparison (`indicators.compare.comparison_frame`, `charts.compare.grouped_bars`; in the PPTX a native column
chart). Pure functions over `StoryData`."""
from __future__ import annotations

import html

import math
import re
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from charts.compare import grouped_bars, split_by_unit
from charts.markup import line_count, wrap
from charts.map_image import map_figure
from charts.spine import COMPARISON_STYLE, FLAG, reference_name, spine_figure
from charts.spine_html import spine_html
from geo.choropleth import map_model
from geo.classify import colours_for
from indicators.areas import focus_area_codes
from indicators.areas import groups as area_groups
from indicators.catalogue import Catalogue
from indicators.compare import comparison_frame, indicator_labels
from indicators.describe import (gap_text, rank_texts, shown_decimals, shown_sources, status_text, value_text,
                                 year_formatters)
from indicators.codes import area_level
from indicators.profile import (SPINE_FIGURES, furthest_worse, spine_data, spread_level,
                                 summary_counts)
from indicators.select import drawable
from indicators.stories import parent_wijk
from indicators.view import View, fit_year_age
from presentation.content import (
    FIG_HEIGHT,
    FIG_WIDTH,
    FONT_SIZE,
    KEY_NUMBERS,
    SPINE_LEGEND,
    NativeChart,
    SlideContent,
    StoryData,
    break_lines,
    footer,
    style,
)
from presentation.story import CompareSlide, MapSlide, ProfileSlide, text_of
from texts.i18n import t

# Named on the map and listed beside it unless the slide says otherwise: Zuidwest and Laak.
HIGHLIGHT_GROUPS = ("zuidwest", "laak")
MAP_EXTREMES = 3  # best and worst areas named in the speaker notes
MAP_BUURTEN = 5  # focus-area buurten listed beside a buurt map


# --- map ------------------------------------------------------------------------------------------------------


def highlight_codes(codes: Sequence[str]) -> list[str]:
    """The areas named on a map slide: the focus groups' members (Zuidwest and Laak) that are on the map and, on
    a buurt map, the buurten of those wijken (a slide about the focus areas shows their buurten, not the city's)."""
    groups = area_groups()
    wanted = set(m for g in HIGHLIGHT_GROUPS for m in groups.get(g, {}).get("members", []))
    return [c for c in dict.fromkeys(codes) if c in wanted or parent_wijk(c) in wanted]


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
    highlight = highlight_codes(list(frame["code"]))
    if level == "buurt":  # the focus areas' buurten that rank worst (the side column holds a few)
        focus = frame[frame["code"].isin(highlight)].sort_values("rank", na_position="first")
        highlight = list(focus["code"])[::-1][:MAP_BUURTEN]
    names = dict(zip(frame["code"], frame["name"]))
    rows = frame.set_index("code").loc[highlight] if highlight else frame.iloc[:0].set_index("code")

    def value(code_row: pd.Series) -> str:
        if code_row["status"] != "ok":
            return status_text(code_row["status"], lang)
        return value_text(code_row["value"], ind, level, lang, year)

    table = pd.DataFrame({
        t("col_area", lang): [names[c] for c in rows.index] + [city, t("nederland", lang)],
        t("col_value", lang): [value(r) for _, r in rows.iterrows()]
        + [value_text(frame["city"].iloc[0] if len(frame) else math.nan, ind, "gemeente", lang, year),
           value_text(frame["nl"].iloc[0] if len(frame) else math.nan, ind, "nl", lang, year)],
        t("col_gap_city", lang): [gap_text(g, ind, lang, year) if not pd.isna(g) else "–" for g in rows["gap_city"]]
        + ["", ""],
        t("col_rank", lang): rank_texts(rows, ind, level, lang) + ["", ""],
    })
    shown_gap = mode != "value"
    key_numbers = []
    for code, row in rows.iterrows():
        text = value(row)
        if shown_gap and row["status"] == "ok":
            gap = row["gap_city"] if mode == "gap_city" else row["gap_nl"]
            text = f"{text} ({gap_text(gap, ind, lang, year)})"
        key_numbers.append((names[code], text))
    ref = frame["city"].iloc[0] if len(frame) else math.nan
    key_numbers.append((city, value_text(ref, ind, "gemeente", lang, year)))
    ranked = frame.dropna(subset=["rank"]).sort_values("rank")
    notes = [f"{title} — {subtitle}.", ind.definition.get(lang)]
    notes += [f"{n}: {v}" + (f" — {r}" if r else "") for n, v, r in zip(
        table.iloc[:, 0], table.iloc[:, 1], table.iloc[:, 3])]
    if len(ranked):
        words = ("pres_notes_highest", "pres_notes_lowest") if ind.direction == "neutral" else \
            ("pres_notes_best", "pres_notes_worst")
        for key, part in ((words[0], ranked.head(MAP_EXTREMES)), (words[1], ranked.tail(MAP_EXTREMES).iloc[::-1])):
            notes.append(t(key, lang, areas=t(f"level_plural_{level}", lang)) + ": " + "; ".join(
                f"{n} {value_text(v, ind, level, lang, year)}" for n, v in zip(part["name"], part["value"])))
    notes.append(model.source)
    fig = map_figure(areas, colours, model.legend, source=break_lines(model.source), legend_title=mode_text
                     if mode != "value" else f"{label} ({year})".replace(" (", "<br>("),
                     focus=focus_area_codes(), focus_label=t("pres_focus_legend", lang),
                     labels={c: names[c] for c in highlight} if level == "wijk" else None,
                     hover=dict(zip(frame["code"], frame["name"] + "\n" + frame["tooltip"])),
                     width=FIG_WIDTH, height=FIG_HEIGHT, font_size=FONT_SIZE)
    return SlideContent(number, "map", title, subtitle, model.source, "\n".join(n for n in notes if n), table,
                        key_numbers, t("pres_key_map", lang), fig)


# --- profile --------------------------------------------------------------------------------------------------


# between the legend's items an em space, which HTML does not collapse: three spaces showed as one, and
# '▼ Netherlands bar: spread of districts' read as one item
LEGEND_SEP = "\u2003"


def _spine_legend(level: str, ref: str, name: str, lang: str, width: int | None = None) -> str:
    """The spine slide's legend as HTML (shown with st.html): area and city names escaped, the rest our texts. In
    two lines, or in lines of at most `width` characters (the figure's, beside the spine's labels)."""
    ref, name = html.escape(ref), html.escape(name)
    symbol = {"better": "●", "similar": "■", "worse": "◆"}
    parts = [f"<span style='color:{COMPARISON_STYLE[k]['color'] if k != 'similar' else '#777'}'>{s}</span> "
             f"{t(f'prof_legend_{k}', lang, ref=ref)}" for k, s in symbol.items()]
    if level != "gemeente":
        parts.append(f"<b>┃</b> {ref}")
    parts.append(f"<span style='color:#666'>▼</span> {t('nederland', lang)}")
    parts.append(t("pres_spine_bars", lang, areas=t(f"level_plural_{'wijk' if level == 'gemeente' else level}",
                                                    lang)))
    parts.append(f"<span style='color:#D55E00'>{FLAG}</span> {t('pres_spine_flag', lang)}")
    parts[0] = f"<b>{name}</b>:  {parts[0]}"
    if width is None:
        half = (len(parts) + 1) // 2
        return LEGEND_SEP.join(parts[:half]) + "<br>" + LEGEND_SEP.join(parts[half:])
    lines: list[list[str]] = [[]]
    for part in parts:
        if lines[-1] and len(_visible(LEGEND_SEP.join([*lines[-1], part]))) > width:
            lines.append([])
        lines[-1].append(part)
    return "<br>".join(LEGEND_SEP.join(line) for line in lines)


def _visible(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _chars_beside_labels(fig: go.Figure) -> int:
    """How many characters of the legend's and source's type fit in a line from the spine's plot to the right edge
    of the image: they stand at the plot's left, right of the indicators' names, whose width plotly sets when it
    draws (automargin). A character of the names (FONT_SIZE) is taken as 0.6 of its size, generously: the lines
    then break a little early, never past the edge."""
    longest = max((len(_visible(str(label))) for label in fig.layout.yaxis.ticktext or ()), default=0)
    room = FIG_WIDTH - 40 - longest * 0.6 * FONT_SIZE
    return max(40, int(room / (0.6 * (FONT_SIZE - 4))))


def _worse_key(row: pd.Series, cat: Catalogue, lang: str) -> tuple[str, str]:
    """A spine row worse than its reference as a key number: 'label (year)', 'value (reference)'."""
    ind = cat.indicator(row["indicator"])
    return (f"{ind.label.get(lang)} ({row['year']})",
            f"{value_text(row['value'], ind, row['level'], lang, row['year'])} "
            f"({value_text(row['reference'], ind, 'gemeente', lang, row['year'])})")


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
    ref = reference_name(level, city, lang)
    counts = summary_counts(spine)
    title = text_of(slide.title, lang) or t("pres_profile_title", lang, name=name)
    subtitle = t("pres_profile_subtitle", lang, ref=ref, age=t(f"age_{slide.age}", lang), **counts)
    source = shown_sources(cat, spine, lang, SPINE_FIGURES)
    fig = spine_figure(spine, cat, lang, name, city)
    fig.update_annotations(font_size=FONT_SIZE - 2)
    for ann in fig.layout.annotations:  # the value / reference / trend columns: wider for the larger type
        if ann.xshift:
            ann.xshift = ann.xshift * 1.45
    width = _chars_beside_labels(fig)
    drawn_legend = _spine_legend(level, ref, name, lang, width)  # the screen shows `legend` as text instead
    lines = line_count(drawn_legend)
    style(fig, top=36 + 22 * lines)
    fig.update_layout(margin={"r": 440, "l": 20})
    fig.add_annotation(text=drawn_legend, name=SPINE_LEGEND, xref="paper", yref="paper", x=0, y=1,
                       yshift=18 + 22 * lines, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font={"size": FONT_SIZE - 4})
    footer(fig, break_lines(source, width), bottom=12)
    legend = _spine_legend(level, ref, name, lang)
    rows = []
    for _, r in spine.iterrows():
        ind = cat.indicator(r["indicator"])
        year = "" if pd.isna(r["year"]) else str(int(r["year"]))
        value = value_text(r["value"], ind, r["level"], lang, r["year"])
        rows.append({
            t("indicator", lang): ind.label.get(lang), t("year", lang): year, name: value,
            city: value_text(r["city"], ind, "gemeente", lang, r["year"]) if level != "gemeente" else "–",
            t("nederland", lang): value_text(r["nl"], ind, "nl", lang, r["year"]),
            t("pres_col_judgement", lang, ref=ref): t(f"prof_cmpword_{r['comparison']}", lang),
        })
    table = pd.DataFrame(rows)
    worse = furthest_worse(spine)
    key_numbers = [_worse_key(r, cat, lang) for _, r in worse.head(KEY_NUMBERS).iterrows()]
    key_title = t("pres_key_profile", lang, ref=ref) if len(worse) <= KEY_NUMBERS else \
        t("pres_key_profile_furthest", lang, ref=ref, n=KEY_NUMBERS, total=len(worse))
    notes = [f"{title} — {subtitle}."] + [
        f"{r[t('indicator', lang)]} ({r[t('year', lang)]}): {name} {r[name]}; {city} {r[city]}; "
        f"{t('nederland', lang)} {r[t('nederland', lang)]} — {r[t('pres_col_judgement', lang, ref=ref)]}"
        for r in rows] + [source]
    return SlideContent(number, "profile", title, subtitle, source, "\n".join(notes), table, key_numbers, key_title,
                        fig, legend=legend,
                        phone_html=spine_html(spine, cat, lang, name, city))


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
    plain = indicator_labels(comp, cat, lang)
    units = {i: cat.indicator(i).unit for i in plain}
    # one axis: the first unit's indicators; small counts of people get no bar (nor a number in the PPTX chart)
    unit, part = next(iter(split_by_unit(drawable(comp, cat), units).items()))
    fig = grouped_bars(part, {i: wrap(plain[i], 24) for i in plain}, title="", y_title=t(f"cmp_unit_{unit}", lang),
                       fmt=year_formatters(part, cat, "wijk", lang), city_label=city,
                       nl_label=t("nederland", lang), no_data=t("no_data", lang))
    source = shown_sources(cat, comp, lang)
    style(fig, top=70)
    fig.update_layout(legend={"font": {"size": FONT_SIZE}}, height=FIG_HEIGHT)
    tick_lines = max(line_count(wrap(plain[i], 24)) for i in plain)
    footer(fig, break_lines(source), bottom=36 + 24 * tick_lines)
    title = text_of(slide.title, lang) or t("pres_compare_title", lang, city=city)
    subtitle = ", ".join(n for n, k in zip(comp["name"], comp["kind"]) if k == "area" and n) if len(comp) else ""
    subtitle = ", ".join(dict.fromkeys(subtitle.split(", ")))
    table_rows = []
    for code, rows in comp.groupby("area_code", sort=False):
        entry = {t("col_area", lang): rows["name"].iloc[0]}
        for iid, v, status, lvl, yr in zip(rows["indicator"], rows["value"], rows["status"], rows["level"],
                                           rows["year"]):
            entry[plain[iid]] = value_text(v, cat.indicator(iid), lvl or "wijk", lang, yr) if status == "ok" \
                else t("no_data", lang)
        table_rows.append(entry)
    table = pd.DataFrame(table_rows).fillna("–")
    ind_ids = list(plain)
    chart_part = part
    series, colours = [], []
    palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
    # one number format for the chart: the most decimals of its indicators' figures (KWB 2015's whole percentages
    # alone read '25', not '25.0'); each figure rounded to its own
    decimals = {str(i): shown_decimals(cat.indicator(str(i)), y) for i, y in zip(part["indicator"], part["year"])}
    for n, (code, rows) in enumerate(chart_part.groupby("area_code", sort=False)):
        by = dict(zip(rows["indicator"], rows["value"]))
        series.append((str(rows["name"].iloc[0]), [None if pd.isna(by.get(i, math.nan)) else
                                                   round(float(by[i]), decimals[i])
                                                   for i in chart_part["indicator"].unique()]))
        kind = rows["kind"].iloc[0]
        colours.append("#222222" if kind == "city" else "#888888" if kind == "nl" else palette[n % len(palette)])
    chart = NativeChart("bar", [plain[i] for i in chart_part["indicator"].unique()], series,
                        "#,##0" + ("." + "0" * max(decimals.values()) if max(decimals.values()) else ""),
                        t(f"cmp_unit_{unit}", lang), colours)
    notes = [f"{title} — {subtitle}."] + [
        f"{r[t('col_area', lang)]}: " + "; ".join(f"{plain[i]} {r.get(plain[i], '–')}" for i in ind_ids)
        for r in table_rows] + [source]
    key_numbers = []
    headline = ind_ids[0]
    hl = comp[comp["indicator"] == headline]
    for nm, v, lvl, yr in zip(hl["name"], hl["value"], hl["level"], hl["year"]):
        key_numbers.append((nm, value_text(v, cat.indicator(headline), lvl or "wijk", lang, yr)))
    return SlideContent(number, "compare", title, subtitle, source, "\n".join(notes), table, key_numbers,
                        plain[headline], fig, chart)
