"""Fingertips-style spine chart: every indicator of one area against the spread of all areas of its level.

Each row has its own scale (indicators have different units), so positions are normalised (`spine_positions`):
- the centre (x = 0) is the reference value (Den Haag; NL on the city profile; the median area for counts, which
  have no comparable reference);
- x = ±1 is the largest distance from the centre among min, max, the area and NL, so everything fits;
- better is always to the right: for "higher is worse" the axis is mirrored; neutral indicators put higher
  values to the right.
The grey bar spans min–max of the areas, the darker bar the 25th–75th percentile; the black tick is Den Haag,
the grey triangle NL, the marker the area, coloured and shaped by better / similar / worse
(`indicators.gaps.compare`).
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators.catalogue import Catalogue
from indicators.describe import EXPLAINED_STATUSES, gap_text, ordinal, status_text, value_text
from indicators.gaps import direction_sign
from indicators.profile import is_comparable
from indicators.select import small_count
from texts.i18n import t

# Colour-blind safe (Okabe-Ito) and shape-coded, so colour is never the only signal.
COMPARISON_STYLE = {
    "better": {"color": "#0072B2", "symbol": "circle"},
    "similar": {"color": "#E8E8E8", "symbol": "square"},
    "worse": {"color": "#D55E00", "symbol": "diamond"},
    "not_applicable": {"color": "#FFFFFF", "symbol": "circle"},
}
RANGE_COLOUR = "#E6E6E6"
IQR_COLOUR = "#ABABAB"
CITY_COLOUR = "#111111"
NL_COLOUR = "#666666"
TREND_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "none": "–"}
TREND_COLOURS = {"worse": "#D55E00", "better": "#0072B2"}
FLAG = "⚠"
ROW_PX = 27
COLUMN_SHIFTS = (10, 115, 220)  # pixels right of the plot area: value, reference, trend
POS_COLUMNS = ["centre", "half", "pos_min", "pos_p25", "pos_p75", "pos_max", "pos_value", "pos_city", "pos_nl"]


def _nan(x: object) -> bool:
    """Missing: None, NaN, or pandas' <NA> (the spine's whole-number year columns, indicators.profile.SPINE_YEARS)."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def year_text(year: object, lang: str) -> str:
    """A year as the page shows it: '2020' (never '2020.0'), or 'no figures' in the page's language when missing."""
    return t("year_without_figures", lang) if _nan(year) else str(int(year))


def positions(row: dict | pd.Series, small: bool = False) -> dict[str, float]:
    """Normalised x positions of one spine row (see the module docstring); NaN for what is not drawn. `small`: the
    area's value is a count of people written '<5' (indicators.select.small_count), never drawn at its value: its
    marker at the spread's end gave away what '<5' leaves out (Oostduinen, 0 inhabitants), so it has none."""
    comparable = row["unit"] != "count"
    reference = row["reference"]
    centre = reference if comparable and not _nan(reference) else row["median"]
    out = dict.fromkeys(POS_COLUMNS, math.nan)
    if _nan(centre):
        return out
    # A count of the whole city does not belong on a scale of wijken: its marker is left out.
    value = row["value"] if (comparable or row["level"] == row["spread_level"]) and not small else math.nan
    nl = row["nl"] if comparable else math.nan
    city = row["city"] if comparable and row["level"] != "gemeente" else math.nan
    candidates = [row["min"], row["max"], value, nl, city]
    half = max((abs(x - centre) for x in candidates if not _nan(x)), default=0.0) or 1.0
    sign = direction_sign(row["direction"]) or 1

    def pos(x: float) -> float:
        return math.nan if _nan(x) else sign * (x - centre) / half

    out.update(centre=float(centre), half=float(half), pos_min=pos(row["min"]), pos_p25=pos(row["p25"]),
               pos_p75=pos(row["p75"]), pos_max=pos(row["max"]), pos_value=pos(value), pos_city=pos(city),
               pos_nl=pos(nl))
    # Mirrored axes swap the ends of the bars: keep low < high.
    if sign < 0:
        out["pos_min"], out["pos_max"] = out["pos_max"], out["pos_min"]
        out["pos_p25"], out["pos_p75"] = out["pos_p75"], out["pos_p25"]
    return out


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as dicts, from one object array: pandas' iterrows and to_dict("records") spent ~5 ms on a profile's
    ~60 rows of ~50 columns, this ~1 ms (issue #19)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]


def spine_positions(spine: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """The spine data with the normalised positions added (one row per indicator); a count of people written '<5'
    gets no marker (`positions`)."""
    pos = pd.DataFrame([positions(r, small_count(cat.indicator(r["indicator"]), r["value"], r["level"]))
                        for r in records(spine)], columns=POS_COLUMNS, index=spine.index)
    return pd.concat([spine, pos], axis=1)


def trend_text(row: dict | pd.Series, cat: Catalogue, lang: str) -> str:
    """'↑ +3,1 %-punt sinds 2012 (slechter)' or 'geen trend (één jaar)'."""
    if row["trend"] == "no_data":
        return t("prof_trend_none", lang)
    ind = cat.indicator(row["indicator"])
    words = t(f"prof_trend_{row['trend']}", lang)
    if ind.counts_people:  # counts of people: show both ends ('<5' below city level), never a bare difference
        change = (f"{value_text(row['trend_first_value'], ind, row['level'], lang, row['trend_first_year'])} → "
                  f"{value_text(row['trend_last_value'], ind, row['level'], lang, row['trend_last_year'])}")
    else:
        change = gap_text(row["trend_change"], ind, lang, row["trend_first_year"], row["trend_last_year"])
    return t("prof_trend_text", lang, arrow=TREND_ARROWS[row["trend_arrow"]], change=change,
             year=year_text(row["trend_first_year"], lang), words=words)


def _rank_text(row: dict | pd.Series, lang: str) -> str:
    if _nan(row["rank"]):
        return ""
    return t("rank_of", lang, rank=ordinal(int(row["rank"]), lang), n=int(row["n_ranked"]),
             areas=t(f"level_plural_{row['spread_level']}", lang))


def reference_name(spine_level: str, city_name: str, lang: str, heading: bool = False) -> str:
    """What an area is judged against: the city, or for the city the Netherlands ('worse than the Netherlands' in
    running text, 'Netherlands' as a column's heading)."""
    if spine_level != "gemeente":
        return city_name
    return t("nederland" if heading else "nederland_ref", lang)


def spine_levels(spine: pd.DataFrame) -> tuple[str, str]:
    """The area's level and the level of the areas it is ranked among (one of each per spine); wijk for both when
    the spine is empty."""
    return (spine["level"].iloc[0], spine["spread_level"].iloc[0]) if len(spine) else ("wijk", "wijk")


def spine_caption(spine: pd.DataFrame, lang: str, area_name: str, city_name: str) -> str:
    """What the spine chart shows, in one sentence: its alt text and the table's caption for screen readers."""
    level, s_level = spine_levels(spine)
    return t("prof_chart_alt", lang, name=area_name, n=len(spine), ref=reference_name(level, city_name, lang),
             areas=t(f"level_plural_{s_level}", lang))


def hover_text(row: dict | pd.Series, cat: Catalogue, lang: str, area_name: str, city_name: str) -> str:
    ind = cat.indicator(row["indicator"])
    lvl, s_lvl = row["level"], row["spread_level"]

    def text(column: str, level: str) -> str:
        return value_text(row[column], ind, level, lang, row["year"])

    lines = [f"<b>{html.escape(ind.label.get(lang))}</b> · {html.escape(year_text(row['year'], lang))}"]
    lines.append(f"{html.escape(area_name)}: {html.escape(text('value', lvl))}")
    if is_comparable(ind):
        refs = [] if lvl == "gemeente" else [f"{html.escape(city_name)}: {text('city', 'gemeente')}"]
        refs.append(f"{t('nederland', lang)}: {text('nl', 'nl')}")
        lines.append(" · ".join(refs))
    lines.append(html.escape(t("prof_hover_spread", lang, areas=t(f"level_plural_{s_lvl}", lang),
                               min=text("min", s_lvl), p25=text("p25", s_lvl), p75=text("p75", s_lvl),
                               max=text("max", s_lvl))))
    if row["comparison"] in ("better", "similar", "worse"):
        lines.append(html.escape(t(f"prof_cmp_{row['comparison']}", lang, ref=reference_name(lvl, city_name, lang))))
    lines.append(html.escape(trend_text(row, cat, lang)))
    if row["worse_and_worsening"]:
        lines.append(f"{FLAG} {html.escape(t('prof_flag', lang, ref=reference_name(lvl, city_name, lang)))}")
    rank_line = _rank_text(row, lang)
    if rank_line:
        lines.append(rank_line)
    return "<br>".join(lines)


def _value_cell(row: dict | pd.Series, cat: Catalogue, lang: str) -> str:
    ind = cat.indicator(row["indicator"])
    if row["status"] in EXPLAINED_STATUSES:  # the short form: 'geen gegevens', 'geen cijfer'
        return re.split(r" \(|:", status_text(row["status"], lang))[0]
    return value_text(row["value"], ind, row["level"], lang, row["year"])


@dataclass(frozen=True)
class SpineLine:
    """One line of the spine, top to bottom: a theme (`index` None) or an indicator (`index`: its row in the data).
    `label` is markup that plotly's text and HTML both render (<b>, <span style>)."""
    label: str
    index: object | None


def spine_lines(data: pd.DataFrame, cat: Catalogue, lang: str) -> list[SpineLine]:
    """The spine's lines: each theme in bold, then its indicators with the year of their value."""
    by_group: dict[str, list[tuple[object, dict]]] = {}  # in the order of first appearance, as groupby(sort=False)
    for idx, row in zip(data.index, records(data)):
        by_group.setdefault(row["group"], []).append((idx, row))
    lines = []
    for group_id, rows in by_group.items():
        lines.append(SpineLine(f"<b>{html.escape(cat.group(group_id).label.get(lang))}</b>", None))
        for idx, row in rows:
            label = html.escape(cat.indicator(row["indicator"]).label.get(lang))
            year = "" if _nan(row["year"]) else f" <span style='color:#777'>{int(row['year'])}</span>"
            lines.append(SpineLine(f"{label}{year}", idx))
    return lines


def column_cells(row: dict | pd.Series, cat: Catalogue, lang: str) -> tuple[str, str, str]:
    """The right-hand columns of one indicator as escaped markup: the area's value, the reference value (Den Haag;
    NL on the city profile), the trend arrow coloured better/worse (+ the flag for worse and worsening)."""
    ind = cat.indicator(row["indicator"])
    ref_value = row["reference"] if is_comparable(ind) else math.nan
    ref_level = "nl" if row["level"] == "gemeente" else "gemeente"
    colour = TREND_COLOURS.get(row["trend"], "#555555")
    flag = (f" <span style='color:{TREND_COLOURS['worse']};font-size:15px'><b>{FLAG}</b></span>"
            if row["worse_and_worsening"] else "")
    return (html.escape(_value_cell(row, cat, lang)),
            html.escape(value_text(ref_value, ind, ref_level, lang, row["year"])) if not _nan(ref_value) else "–",
            f"<span style='color:{colour};font-size:17px'><b>{TREND_ARROWS[row['trend_arrow']]}</b></span>{flag}")


def spine_figure(spine: pd.DataFrame, cat: Catalogue, lang: str, area_name: str, city_name: str) -> go.Figure:
    """The spine chart: one row per indicator, bold theme rows between the groups, value/reference/trend columns
    on the right, legend on top. `spine` is `indicators.profile.spine_data` output."""
    data = spine_positions(spine, cat)
    level, s_level = spine_levels(data)
    ref_name = reference_name(level, city_name, lang)
    lines = spine_lines(data, cat, lang)
    ys, ticks = list(range(len(lines))), [line.label for line in lines]
    row_of = {line.index: y for y, line in enumerate(lines) if line.index is not None}
    n_rows = len(lines)
    data["y"] = pd.Series(row_of)
    fig = go.Figure()
    drawn = data.dropna(subset=["pos_min", "pos_max"])
    fig.add_trace(go.Bar(
        y=drawn["y"], x=drawn["pos_max"] - drawn["pos_min"], base=drawn["pos_min"], orientation="h",
        marker_color=RANGE_COLOUR, width=0.62, name=t("prof_legend_range", lang, areas=t(
            f"level_plural_{s_level}", lang)), hoverinfo="skip"))
    fig.add_trace(go.Bar(
        y=drawn["y"], x=drawn["pos_p75"] - drawn["pos_p25"], base=drawn["pos_p25"], orientation="h",
        marker_color=IQR_COLOUR, width=0.62, name=t("prof_legend_iqr", lang), hoverinfo="skip"))
    city_rows = data.dropna(subset=["pos_city"])
    if len(city_rows):
        fig.add_trace(go.Scatter(
            y=city_rows["y"], x=city_rows["pos_city"], mode="markers", name=city_name, hoverinfo="skip",
            marker={"symbol": "line-ns-open", "size": 22, "color": CITY_COLOUR,
                    "line": {"width": 3, "color": CITY_COLOUR}}))
    nl_rows = data.dropna(subset=["pos_nl"])
    if len(nl_rows):
        fig.add_trace(go.Scatter(
            y=nl_rows["y"] - 0.36, x=nl_rows["pos_nl"], mode="markers", name=t("nederland", lang),
            hoverinfo="skip", marker={"symbol": "triangle-down", "size": 9, "color": NL_COLOUR}))
    # A value without a reference to judge it by (e.g. KWB rates have no NL value) is drawn as "not judged".
    style_of = data["comparison"].where(data["comparison"].isin(list(COMPARISON_STYLE)), "not_applicable")
    for comparison, style in COMPARISON_STYLE.items():
        rows = data[(style_of == comparison) & data["pos_value"].notna()]
        if rows.empty:
            continue
        fig.add_trace(go.Scatter(
            y=rows["y"], x=rows["pos_value"], mode="markers",
            name=f"{area_name}: {t(f'prof_legend_{comparison}', lang, ref=ref_name)}",
            marker={"symbol": style["symbol"], "size": 13, "color": style["color"],
                    "line": {"width": 1.3, "color": "#222222"}},
            text=[hover_text(r, cat, lang, area_name, city_name) for _, r in rows.iterrows()],
            hovertemplate="%{text}<extra></extra>"))
    # Right-hand columns: the area's value, the reference value, the trend (+ flag).
    columns = [(COLUMN_SHIFTS[0], t("prof_col_value_short", lang)),
               (COLUMN_SHIFTS[1], reference_name(level, city_name, lang, heading=True)),
               (COLUMN_SHIFTS[2], t("prof_col_trend_short", lang))]
    annotations = [dict(x=1, xshift=shift, y=-1, xref="paper", yref="y", text=f"<b>{html.escape(title)}</b>",
                        showarrow=False, xanchor="left", font={"size": 12}) for shift, title in columns]
    for idx, row in data.iterrows():
        for (shift, _), text in zip(columns, column_cells(row, cat, lang)):
            annotations.append(dict(x=1, xshift=shift, y=row_of[idx], xref="paper", yref="y", text=text,
                                    showarrow=False, xanchor="left", font={"size": 12}))
    annotations.append(dict(x=0, y=-1, xref="x", yref="y", showarrow=False, font={"size": 12, "color": "#444"},
                            text=f"← {t('prof_axis_worse', lang)}   |   {t('prof_axis_better', lang)} →"))
    fig.add_shape(type="line", x0=0, x1=0, y0=-0.5, y1=n_rows - 0.5, xref="x", yref="y",
                  line={"color": "#BBBBBB", "width": 1, "dash": "dot"}, layer="below")
    fig.update_layout(
        barmode="overlay", height=ROW_PX * (n_rows + 1) + 150, annotations=annotations,
        margin={"l": 10, "r": COLUMN_SHIFTS[-1] + 60, "t": 40, "b": 20},
        plot_bgcolor="white", paper_bgcolor="white",
        showlegend=False,  # the legend is HTML above the chart (`legend_html`): a plotly legend wraps badly here
        hoverlabel={"align": "left"}, font={"size": 12},
    )
    fig.update_xaxes(range=[-1.12, 1.12], showticklabels=False, showgrid=False, zeroline=False, fixedrange=True)
    fig.update_yaxes(tickmode="array", tickvals=ys, ticktext=ticks, range=[n_rows - 0.5, -1.6], showgrid=False,
                     automargin=True, fixedrange=True)
    return fig


def spine_table(spine: pd.DataFrame, cat: Catalogue, lang: str, area_name: str, city_name: str) -> pd.DataFrame:
    """The numbers behind the spine chart, as text (small counts show as '<5'), one row per indicator."""
    records = []
    for _, row in spine.iterrows():
        ind = cat.indicator(row["indicator"])
        lvl, s_lvl = row["level"], row["spread_level"]

        def text(column: str, level: str) -> str:
            return value_text(row[column], ind, level, lang, row["year"])  # noqa: B023 - called in this loop only

        cmp_key = row["comparison"]
        ref = reference_name(lvl, city_name, lang)
        records.append({
            t("theme", lang): cat.group(row["group"]).label.get(lang),
            t("indicator", lang): ind.label.get(lang),
            t("year", lang): year_text(row["year"], lang),  # text: a column of ints and '' failed Arrow's cast
            t("age", lang): t(f"age_{row['age']}", lang),
            area_name: _value_cell(row, cat, lang),
            **({} if lvl == "gemeente" else {city_name: text("city", "gemeente")}),
            t("nederland", lang): text("nl", "nl"),
            t("prof_col_min", lang): text("min", s_lvl),
            t("prof_col_p25", lang): text("p25", s_lvl),
            t("prof_col_p75", lang): text("p75", s_lvl),
            t("prof_col_max", lang): text("max", s_lvl),
            t("prof_col_n", lang): int(row["n"]),
            t("prof_col_comparison", lang, ref=ref): t(f"prof_cmpword_{cmp_key}", lang),
            t("prof_col_trend", lang): trend_text(row, cat, lang),
            t("prof_col_flag", lang): t("prof_flag_yes", lang) if row["worse_and_worsening"] else "",
            t("prof_col_source", lang): row["source"],
        })
    return pd.DataFrame(records)


def legend_html(level: str, spread_level: str, area_name: str, city_name: str, lang: str) -> str:
    """The spine chart's legend as one wrapped line of symbols and words (always visible, not colour alone)."""
    ref = reference_name(level, city_name, lang)
    esc = html.escape
    swatch = ("<span style='display:inline-block;width:1.6em;height:.8em;background:{c};vertical-align:middle;"
              "margin-right:.3em'></span>")
    # Text symbols matching the markers; the light "similar" square gets a dark stroke to stay visible.
    symbols = {
        "better": f"<span style='color:{COMPARISON_STYLE['better']['color']}'>●</span>",
        "similar": f"<span style='color:{COMPARISON_STYLE['similar']['color']};-webkit-text-stroke:1px #222'>■</span>",
        "worse": f"<span style='color:{COMPARISON_STYLE['worse']['color']}'>◆</span>",
        "not_applicable": "<span style='color:#222'>○</span>",
    }
    items = [
        swatch.format(c=RANGE_COLOUR) + esc(t("prof_legend_range", lang, areas=t(f"level_plural_{spread_level}", lang))),
        swatch.format(c=IQR_COLOUR) + esc(t("prof_legend_iqr", lang)),
    ]
    if level != "gemeente":
        items.append(f"<b style='color:{CITY_COLOUR}'>┃</b> {esc(city_name)}")
    items.append(f"<span style='color:{NL_COLOUR}'>▼</span> {esc(t('nederland', lang))}")
    for key, symbol in symbols.items():
        items.append(f"{symbol} {esc(area_name)}: {esc(t(f'prof_legend_{key}', lang, ref=ref))}")
    trend = (f"<span style='color:{TREND_COLOURS['worse']}'><b>↑↓</b></span> / "
             f"<span style='color:{TREND_COLOURS['better']}'><b>↑↓</b></span> {esc(t('prof_legend_trend', lang))}")
    flag = f"<span style='color:{TREND_COLOURS['worse']}'><b>{FLAG}</b></span> {esc(t('prof_flag', lang, ref=ref))}"
    items += [trend, flag]  # two items, each kept whole: as one they ran past a phone's screen
    # each item a block of its own on the line, wrapped inside only when wider than the screen ('Landelijk gebied
    # Stompwijk: better than Leidschendam-Voorburg' ran 6 px past a phone's edge when kept on one line)
    body = "".join(f"<span style='display:inline-block;max-width:100%;box-sizing:border-box;padding-right:1.3em;"
                   f"line-height:1.6;margin:.15em 0'>{i}</span> " for i in items)
    return f"<div class='spine-legend' role='note' style='font-size:.85rem'>{body}</div>"
