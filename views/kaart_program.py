"""The program layer of the map page (issue #18): pick a program (URL `program=`), see where it runs and, where
per-area counts exist, colour the areas by reach per 1,000 residents with the need (URL `reach=1`).

The rules (what counts as an area's own count, the reach, what is never spread) are in programs.layer; here only
widgets, texts and the map component's payload.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from geo.choropleth import MapModel
from geo.classify import DEFAULT_K, SMALL_RGB, legend_entries, sequential_colours, value_classes
from indicators.catalogue import catalogue
from indicators.view import View
from programs.layer import Need, ProgramLayer, program_layer as build_layer, program_need
from programs.reach import POPULATION_INDICATOR, need_source
from programs.seed import program_meta
from programs.table import UnitLabels, area_name, count_unit, file_value, period_text, unit_labels, value_text
from texts.i18n import fmt_number, t
from texts.tables import file_numbers
from ui import cache
from ui.components.areamap import colour_payload
from ui.context import bound_toggle, bound_widget
from ui.safe_text import escape_markdown
from ui.store import count_area_names, counts_or_empty, program_names
from ui.widgets import table_with_download

REACH_UNIT = "per_1000"


def _catalogue_need(program: str) -> Need | None:
    meta = program_meta().get(program)
    return Need(meta.need_indicator, meta.need_age or "18plus") if meta and meta.need_indicator else None


def _count_text(row: Any, lang: str) -> str:
    return value_text(row.count_low, row.count_high, row.qualifier, row.kind, row.area, lang)


def _unit(row: Any, units: UnitLabels) -> str:
    """The unit after a layer row's count: '1 speeltuin', '2 speeltuinen', '<5 deelnemers'."""
    return count_unit(row.count_low, row.count_high, row.kind, row.area, units)


def _need_text(need: Need, lang: str) -> str:
    return t("pl_need", lang, need=catalogue().indicator(need.indicator).label.get(lang).lower(),
             age=t(f"pl_age_{need.age}", lang))


def _reach_text(row: Any, lang: str) -> str:
    low = fmt_number(row.per_1000_low, lang, 1)
    return low if row.per_1000_high == row.per_1000_low else f"{low}–{fmt_number(row.per_1000_high, lang, 1)}"


def area_tooltips(layer: ProgramLayer, program_name: str, units: UnitLabels, lang: str, names: dict[str, str]
                  ) -> dict[str, list[str]]:
    """Tooltip lines per map area: its own count (with reach, need, source and period), or its group's count (with
    its period and source: every figure on the map names where it comes from)."""
    tips: dict[str, list[str]] = {}
    for row in layer.areas.itertuples():
        lines = [t("pl_tip_count", lang, program=program_name, value=_count_text(row, lang), unit=_unit(row, units),
                   period=period_text(row.period_start, row.period_end, lang))]
        if layer.need is not None and row.suppressed:
            lines.append(t("pl_tip_reach_small", lang))
        elif layer.need is not None and pd.notna(row.per_1000_low):
            lines.append(t("pl_tip_reach", lang, reach=_reach_text(row, lang), need=_need_text(layer.need, lang)))
            lines.append(t("pl_tip_basis", lang, need_year=int(row.need_year), population_year=int(row.population_year)))
        lines.append(t("pl_tip_source", lang, source=row.source))
        tips[row.area] = lines
    for row in layer.groups.itertuples():
        line = " · ".join([t("pl_tip_group", lang, program=program_name, value=_count_text(row, lang),
                             unit=_unit(row, units), group=area_name(row.area, lang, names),
                             period=period_text(row.period_start, row.period_end, lang)),
                           t("pl_tip_source", lang, source=row.source)])
        for member in row.members:
            tips.setdefault(member, []).append(line)
    return tips


def _key(payload: dict[str, Any]) -> str:
    body = {k: v for k, v in payload.items() if k != "colour_key"}
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()[:12]


def with_program(colours: dict[str, Any], codes: tuple[str, ...], tips: dict[str, list[str]], marked: list[str]
                 ) -> dict[str, Any]:
    """The health map's payload plus the program's tooltip lines and the areas where it runs (`marked`)."""
    lines = list(colours["lines"])
    index = {line: n for n, line in enumerate(lines)}
    out_tips = []
    for code, own in zip(codes, colours["tips"]):
        extra = [index.setdefault(line, len(index)) for line in tips.get(code, [])]
        out_tips.append(own + extra)
    lines = list(index)
    position = {code: n for n, code in enumerate(codes)}
    payload = {**colours, "lines": lines, "tips": out_tips, "marked": [position[c] for c in marked if c in position]}
    return {**payload, "colour_key": _key(payload)}


def reach_payload(layer: ProgramLayer, codes: tuple[str, ...], tips: dict[str, list[str]], none_text: str,
                  lang: str) -> tuple[dict[str, Any], list]:
    """Colours by reach per 1,000, and the legend entries. A '<5' count has no reach (it would give the count away)
    but is no missing figure: its own class '<5' after the scale, as the values map keeps small counts out of
    'no data'. Areas without a count of their own: grey, 'no data'."""
    reach = layer.areas.set_index("area")["per_1000_low"]
    small = set(layer.areas.loc[layer.areas["suppressed"].astype(bool), "area"])
    frame = pd.DataFrame({"code": list(codes)})
    frame["shown"] = frame["code"].map(reach).astype(float)
    frame["tooltip"] = ["\n".join(tips.get(c) or [none_text]) for c in codes]
    classes = value_classes(frame["shown"], "quantiles", "neutral", decimals=1)
    if classes is not None and len(classes.colours) == 1:  # one class: not the palest blue, which reads as empty
        classes = replace(classes, colours=(sequential_colours(DEFAULT_K, "neutral")[-2],))
    payload = colour_payload(frame, classes, codes, small)
    payload["marked"] = [n for n, c in enumerate(codes) if c in set(layer.marked())]
    payload["colour_key"] = _key(payload)
    legend = legend_entries(classes, REACH_UNIT, lang)
    if small:  # before the last entry, 'no data'
        legend.insert(len(legend) - 1, (SMALL_RGB, t("pl_legend_small", lang)))
    return payload, legend


def reach_title(layer: ProgramLayer, program_name: str, lang: str) -> str:
    """The map's heading in reach mode: what the colours show (the program's reach per 1,000 of its need group)
    and the periods of the counts, not the health indicator the map shows otherwise."""
    rows = layer.areas.sort_values(["period_end", "period_start"])
    periods = dict.fromkeys(period_text(r.period_start, r.period_end, lang) for r in rows.itertuples())
    return t("pl_reach_title", lang, program=program_name, need=_need_text(layer.need, lang),
             period=", ".join(periods))


def _tables_and_years(indicator: str, age: str, years: pd.Series) -> str:
    """Each year's table of an indicator: '84583NED 2019, 85984NED 2024' ('–' without a year)."""
    ind = catalogue().indicator(indicator)
    return ", ".join(f"{ind.source_table(int(y), age)} {int(y)}" for y in sorted(set(years.dropna()))) or "–"


def _need_source(row: Any, need: Need, lang: str) -> str:
    cat = catalogue()
    need_table = cat.indicator(need.indicator).source_table(int(row.need_year), need.age) if row.need_year else ""
    population_table = cat.indicator(POPULATION_INDICATOR).source_table(int(row.population_year)) \
        if row.population_year else ""
    return need_source(need_table, row.need_year, population_table, row.population_year, lang, by_age=True)


def reach_source(layer: ProgramLayer, lang: str) -> str:
    """The map's source line in reach mode: the counts' sources, the need's and the population's tables and years."""
    need = layer.need
    return t("pl_map_source", lang, sources=escape_markdown("; ".join(dict.fromkeys(layer.areas["source"]))),
             need=_tables_and_years(need.indicator, need.age, layer.areas["need_year"]) if need else "–",
             population=_tables_and_years(POPULATION_INDICATOR, "all", layer.areas["population_year"]))


def _coverage_line(layer: ProgramLayer, program_name: str, units: UnitLabels, level: str, total: int, lang: str,
                   names: dict[str, str], city: str) -> str:
    def listed(frame: pd.DataFrame) -> str:  # each count with its period, then their sources (every figure has one)
        counts = "; ".join(f"{area_name(r.area, lang, names)} {_count_text(r, lang)} {_unit(r, units)} "
                           f"({period_text(r.period_start, r.period_end, lang)})" for r in frame.itertuples())
        return t("pl_counts_sourced", lang, counts=counts, sources="; ".join(dict.fromkeys(frame["source"])))

    areas = t(f"level_plural_{level}", lang)
    if layer.coverage == "areas":
        return t("pl_runs_in", lang, program=program_name, n=len(layer.areas), total=total, areas=areas)
    if layer.coverage == "groups":
        return t("pl_only_groups", lang, counts=listed(layer.groups), areas=areas)
    if layer.coverage == "wider":
        return t("pl_only_wider", lang, counts=listed(layer.wider), areas=areas)
    return t("pl_no_counts_here", lang, program=program_name, city=city)


def _reach_cell(row: Any, lang: str) -> str:
    """The table's reach: the number, 'not shown' for a '<5' count (no missing figure), else 'no data'."""
    if row.suppressed:
        return t("pl_reach_small", lang)
    return _reach_text(row, lang) if pd.notna(row.per_1000_low) else t("no_data", lang)


def layer_table(layer: ProgramLayer, lang: str, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The areas with their own count and reach: as shown, and for the files (numbers as numbers, rounded)."""
    rows = list(layer.areas.itertuples())
    need = layer.need
    shown = pd.DataFrame({
        t("pl_col_area", lang): [area_name(r.area, lang, names) for r in rows],
        t("pl_col_count", lang): [_count_text(r, lang) for r in rows],
        t("pl_col_period", lang): [period_text(r.period_start, r.period_end, lang) for r in rows],
        t("pl_col_reach", lang): [_reach_cell(r, lang) for r in rows],
        t("pl_col_source", lang): [r.source for r in rows],
    })
    export = pd.DataFrame({
        t("pl_col_area_code", lang): [r.area for r in rows],
        t("pl_col_area", lang): [area_name(r.area, lang, names) for r in rows],
        t("pl_col_year", lang): pd.Series([r.period_end.year for r in rows], dtype="Int64"),
        t("pl_col_period_start", lang): [r.period_start.isoformat() for r in rows],
        t("pl_col_period_end", lang): [r.period_end.isoformat() for r in rows],
        t("pl_col_count_low", lang): file_numbers([file_value(r.count_low, r.kind, r.area) for r in rows]),
        t("pl_col_count_high", lang): file_numbers([file_value(r.count_high, r.kind, r.area) for r in rows]),
        t("pl_col_count", lang): [_count_text(r, lang) for r in rows],  # '<5' where the numbers are empty
        t("pl_col_need_pct", lang): [round(r.need_pct, 1) for r in rows],
        t("pl_col_need_year", lang): pd.Series([r.need_year for r in rows], dtype="Int64"),
        t("pl_col_population", lang): [round(r.population) if pd.notna(r.population) else None for r in rows],
        t("pl_col_population_year", lang): pd.Series([r.population_year for r in rows], dtype="Int64"),
        t("pl_col_reach_low", lang): [round(r.per_1000_low, 1) for r in rows],
        t("pl_col_reach_high", lang): [round(r.per_1000_high, 1) for r in rows],
        t("pl_col_unit", lang): [t("pl_unit_reach", lang, need=_need_text(need, lang)) if need else "" for _ in rows],
        t("pl_col_source", lang): [r.source for r in rows],
        t("pl_col_need_source", lang): [_need_source(r, need, lang) if need else "" for r in rows],
        t("pl_col_licence", lang): [t("pl_licence_report", lang) for _ in rows],
    })
    export[t("pl_col_population", lang)] = pd.to_numeric(export[t("pl_col_population", lang)]).astype("Int64")
    for column in (t("pl_col_need_pct", lang), t("pl_col_reach_low", lang), t("pl_col_reach_high", lang)):
        export[column] = pd.to_numeric(export[column])
    return shown, export


def program_picker(lang: str) -> str:
    """The map's program picker (URL `program`; "" is none); returns the chosen program's id."""
    programs = program_names(lang)  # the counts are read only once a program is chosen
    return bound_widget("program", ["", *programs], st.selectbox, t("pl_picker", lang),
                        lambda p: programs.get(p, t("pl_none", lang)), none_option="")


def program_layer(v: View, model: MapModel, colours: dict[str, Any] | None, lang: str, place: Any
                  ) -> tuple[MapModel, dict[str, Any] | None, str | None]:
    """Draw the program picker (and the reach switch) in `place`; return the map model and component payload with
    the chosen program on them (unchanged when none is chosen, or with a basemap: pydeck draws that map), and the
    map's heading when the program's reach colours the map (None: the indicator's heading stands)."""
    with place:
        program = program_picker(lang)
        if not program:
            return model, colours, None
        if colours is None:
            st.caption(t("pl_basemap", lang))
            return model, colours, None
        counts = counts_or_empty(lang)
        if counts[counts["program"] == program].empty:
            st.caption(t("pl_no_counts", lang, program=escape_markdown(program_names(lang).get(program, program))))
            return model, colours, None
        first = counts[counts["program"] == program].iloc[0]
        name, units = first[f"name_{lang}"], unit_labels(first, lang)
        codes = cache.map_geometry(v.gemeente, v.level).codes
        layer = build_layer(counts, program, codes, cache.observations(v.gemeente),
                            program_need(counts, program, _catalogue_need(program)), v.gemeente)
        names = count_area_names([v.gemeente, *counts["area"]], lang)  # the map's areas and the counts' own
        # names, units and sources are typed by staff: shown literally (ui.safe_text)
        st.caption(escape_markdown(_coverage_line(layer, name, units, v.level, len(codes), lang, names,
                                                  cache.city_name(v.gemeente, lang))))
        if layer.marked():
            st.caption(t("pl_marked_legend", lang, program=escape_markdown(name)))
        tips = area_tooltips(layer, name, units, lang, names)
        can_reach = layer.coverage == "areas" and layer.need is not None
        if layer.coverage == "areas" and layer.need is None:
            st.caption(t("pl_no_need", lang))
        if not can_reach:
            return model, with_program(colours, codes, tips, layer.marked()), None
        reach = bound_toggle("reach", t("pl_reach_toggle", lang))
        st.caption(t("pl_reach_assume", lang, need=_need_text(layer.need, lang)))
        shown, export = layer_table(layer, lang, names)
        with st.expander(t("pl_table", lang, program=name)):
            table_with_download(shown, t("file_program_reach", lang, program=program, level=v.level), lang,
                                key="download_program_layer", export=export)
        if not reach:
            return model, with_program(colours, codes, tips, layer.marked()), None
        payload, legend = reach_payload(layer, codes, tips, t("pl_tip_none", lang, program=name), lang)
        st.info(t("pl_legend_title", lang, program=escape_markdown(name), need=_need_text(layer.need, lang)))
        boundaries = model.source.rsplit(" · ", 1)[-1]  # the map's own boundaries note ('grenzen 2015')
        return (replace(model, legend=legend, source=f"{reach_source(layer, lang)} · {boundaries}"), payload,
                reach_title(layer, name, lang))
