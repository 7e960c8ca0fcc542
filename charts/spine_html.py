"""The profile's spine chart on the page as an HTML table (one row per indicator), not a plotly figure.

Why: plotly lays out the spine's ~190 text cells one by one, 0.4-0.7 s per area switch in the browser; a table of
positioned bars is drawn by the browser in a few milliseconds, reads in a screen reader row by row (indicator,
comparison, value, reference, trend) and wraps its labels instead of cutting them. The slides keep the plotly
figure (`charts.spine.spine_figure`, exported as images); both draw the same positions, lines and cells.
"""
from __future__ import annotations

import html

import pandas as pd

from charts.spine import (CITY_COLOUR, COMPARISON_STYLE, IQR_COLOUR, NL_COLOUR, RANGE_COLOUR, column_cells,
                          hover_text, legend_html, records, reference_name, spine_caption, spine_levels, spine_lines,
                          spine_positions)
from indicators.catalogue import Catalogue
from indicators.describe import shown_sources
from indicators.profile import SPINE_FIGURES
from texts.i18n import t

PHONE_PX = 560  # a screen narrower than this gets the two-line rows
X_RANGE = 1.12  # positions run -1..1 (charts.spine.positions); a margin so markers at the ends stay whole

# On a phone the table fits the screen: each row is two lines, the indicator's name on the first and the bar, value,
# reference and trend under it (a grid whose rows share its columns: subgrid). Five cells on one line made the table
# 472 px wide in a 358 px frame: "6.868 per km²" and the reference and trend columns were cut at its edge.
# (Chromium keeps a grid-laid table's table, row and cell roles.)
# Beside the sidebar on a beamer (1024 px: a 564 px box) the Dutch table was 580 px wide, its "Trend" read "Trer":
# 'arbeidsongeschiktheidsuitkering' keeps the label column ~195 px wide, so the cells have 4 px padding, the bar may
# narrow to 120 px and the axis' heading may wrap at its '|'.
# .spine-wrap: content-visibility lets the browser skip laying out and painting the ~60 rows while the chart is
# below the fold (an area switch redraws it: ~80 ms less per switch on 2 cores, issue #19); it is laid out as it
# scrolls into view, and stays in the accessibility tree and find-in-page meanwhile.
CSS = f"""<style>
.spine-wrap {{ overflow-x: auto; content-visibility: auto; contain-intrinsic-size: auto 1800px; }}
.spine {{ border-collapse: collapse; width: 100%; min-width: 500px; font-size: .85rem; }}
.spine caption, .sp-sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
.spine th, .spine td {{ padding: 2px 4px; border: 0; text-align: left; vertical-align: middle; font-weight: normal; }}
.spine thead th {{ font-weight: 600; border-bottom: 1px solid #ddd; white-space: nowrap; }}
.spine thead .sp-axis {{ text-align: center; color: #444; font-weight: normal; white-space: normal; }}
.spine .sp-group th {{ padding-top: 10px; }}
.spine tbody tr.sp-row:hover, .spine tbody tr.sp-row:focus {{ background: #f3f6fa; outline: none; }}
.spine .num {{ text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.spine .sp-bar {{ width: 36%; min-width: 120px; position: relative; }}
.sp-track {{ position: relative; height: 20px; }}
.sp-track::before {{ content: ""; position: absolute; left: 50%; top: -3px; bottom: -3px;
  border-left: 1px dotted #bbb; }}
.sp-track > span {{ position: absolute; }}
.sp-range, .sp-iqr {{ top: 3px; height: 14px; }}
.sp-range {{ background: {RANGE_COLOUR}; }}
.sp-iqr {{ background: {IQR_COLOUR}; }}
.sp-city {{ top: -2px; height: 24px; width: 3px; margin-left: -1.5px; background: {CITY_COLOUR}; }}
.sp-nl {{ top: -7px; margin-left: -4.5px; width: 0; height: 0; border-left: 4.5px solid transparent;
  border-right: 4.5px solid transparent; border-top: 8px solid {NL_COLOUR}; }}
.sp-m {{ top: 3px; width: 13px; height: 13px; margin-left: -6.5px; border: 1.3px solid #222; box-sizing: border-box; }}
.sp-m.better, .sp-m.not_applicable {{ border-radius: 50%; }}
.sp-m.worse {{ transform: rotate(45deg) scale(.85); }}
{"".join(f".sp-m.{key} {{ background: {style['color']}; }}" for key, style in COMPARISON_STYLE.items())}
.sp-tip {{ display: none; position: absolute; z-index: 5; left: 0; top: 100%; min-width: 260px; max-width: 420px;
  background: #fff; border: 1px solid #bbb; border-radius: 4px; padding: 6px 8px; box-shadow: 0 2px 6px #0002;
  font-size: .8rem; line-height: 1.4; }}
.spine tr.sp-row:hover .sp-tip, .spine tr.sp-row:focus .sp-tip {{ display: block; }}
@media (max-width: 700px) {{ .spine .sp-tip {{ left: -40%; }} }}
@media (max-width: {PHONE_PX}px) {{
  .spine {{ display: grid; grid-template-columns: minmax(72px, 1fr) repeat(3, auto); min-width: 0; }}
  .spine thead, .spine tbody, .spine tr {{ display: grid; grid-column: 1 / -1; grid-template-columns: subgrid;
    align-items: center; }}
  .spine tr > :first-child {{ grid-column: 1 / -1; }}
  .spine tr.sp-row > :first-child {{ padding-top: 6px; }}
  .spine .sp-bar {{ width: auto; min-width: 0; }}
  .spine .sp-tip {{ left: 0; }}
  .spine th, .spine td {{ padding: 2px 4px; }}
}}
.spine-source {{ font-size: .875rem; color: rgba(26, 26, 26, .6); margin: .5rem 0 1rem; }}
</style>"""


def x_percent(position: float) -> float:
    """A spine position (-1..1, better to the right) as a percentage of the bar's width."""
    return round((position + X_RANGE) / (2 * X_RANGE) * 100, 2)


def _bar(row: dict) -> str:
    """The bar cell: the spread (min-max, 25-75th percentile), Den Haag's tick, NL's triangle, the area's marker."""
    parts = []
    if not (pd.isna(row["pos_min"]) or pd.isna(row["pos_max"])):
        for css, low, high in (("sp-range", "pos_min", "pos_max"), ("sp-iqr", "pos_p25", "pos_p75")):
            if not (pd.isna(row[low]) or pd.isna(row[high])):
                left = x_percent(row[low])
                parts.append(f"<span class='{css}' style='left:{left}%;width:{x_percent(row[high]) - left:.2f}%'>"
                             "</span>")
    for css, column in (("sp-city", "pos_city"), ("sp-nl", "pos_nl")):
        if not pd.isna(row[column]):
            parts.append(f"<span class='{css}' style='left:{x_percent(row[column])}%'></span>")
    if not pd.isna(row["pos_value"]):
        style = row["comparison"] if row["comparison"] in COMPARISON_STYLE else "not_applicable"
        parts.append(f"<span class='sp-m {style}' style='left:{x_percent(row['pos_value'])}%'></span>")
    return f"<div class='sp-track' aria-hidden='true'>{''.join(parts)}</div>"


def spine_html(spine: pd.DataFrame, cat: Catalogue, lang: str, area_name: str, city_name: str) -> str:
    """The spine chart as a table: theme rows, then per indicator its label and year, the bar, the area's value,
    the reference value and the trend; hovering or focusing a row shows what the plotly hover showed (min, quartiles,
    max, comparison, trend, rank). `spine` is `indicators.profile.spine_data` output; its caption (`spine_caption`) is
    read by screen readers only."""
    data = spine_positions(spine, cat)
    ref_name = reference_name(spine_levels(data)[0], city_name, lang, heading=True)
    esc = html.escape
    head = (f"<thead><tr><th scope='col'>{esc(t('indicator', lang))}</th>"
            f"<th scope='col' class='sp-axis'>←&nbsp;{esc(t('prof_axis_worse', lang))} | "
            f"{esc(t('prof_axis_better', lang))}&nbsp;→</th>"
            f"<th scope='col' class='num'>{esc(t('prof_col_value_short', lang))}</th>"
            f"<th scope='col' class='num'>{esc(ref_name)}</th><th scope='col'>{esc(t('prof_col_trend_short', lang))}"
            "</th></tr></thead>")
    body = []
    rows = dict(zip(data.index, records(data)))
    for line in spine_lines(data, cat, lang):
        if line.index is None:
            body.append(f"<tr class='sp-group'><th colspan='5' scope='rowgroup'>{line.label}</th></tr>")
            continue
        row = rows[line.index]
        value, reference, trend = column_cells(row, cat, lang)
        word = t(f"prof_cmpword_{row['comparison']}", lang)
        tip = hover_text(row, cat, lang, area_name, city_name)
        body.append(
            f"<tr class='sp-row' tabindex='0'><th scope='row'>{line.label}</th>"
            f"<td class='sp-bar'><span class='sp-sr'>{esc(word)}</span>{_bar(row)}"
            f"<div class='sp-tip' role='tooltip'>{tip}</div></td>"
            f"<td class='num'>{value}</td><td class='num'>{reference}</td><td>{trend}</td></tr>")
    caption = esc(spine_caption(spine, lang, area_name, city_name))
    return (f"{CSS}<div class='spine-wrap'><table class='spine'><caption>{caption}</caption>{head}"
            f"<tbody>{''.join(body)}</tbody></table></div>")


def spine_block(spine: pd.DataFrame, cat: Catalogue, lang: str, area_name: str, city_name: str) -> str:
    """What the profile shows of the spine in one block: its legend (charts.spine.legend_html), the table
    (spine_html) and the sources of its figures, styled as the page's captions. One element on the page instead of
    three: every element costs an area switch some milliseconds in the browser, the legend as markdown with HTML the
    most (bench.ab: 15 ms less per switch, issue #19)."""
    level, s_level = spine_levels(spine)
    sources = html.escape(shown_sources(cat, spine, lang, SPINE_FIGURES))
    return (legend_html(level, s_level, area_name, city_name, lang) + spine_html(spine, cat, lang, area_name, city_name)
            + f"<p class='spine-source'>{sources}</p>")
