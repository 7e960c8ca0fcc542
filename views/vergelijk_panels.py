"""The parts of the compare page (/vergelijk) built below it: the social–health gradient section's figure, map
classes, legend, class table and export rows (GradientParts)."""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from charts.bivariate import bivariate_classes, class_numbers, class_ranges, class_tooltips, legend_html, missing_notes
from charts.compare import gradient_scatter
from indicators.catalogue import catalogue
from indicators.compare import Correlation, Gradient, correlation, gradient_note, gradient_rows, reference_rows
from indicators.describe import shown_sources, value_formatter, year_and_age
from indicators.view import View
from texts.i18n import fmt_number, mid_sentence, t
from ui import cache


class GradientParts(NamedTuple):
    """What the gradient section shows for one view, built once per process and view (ui.cache.built): ~60 ms of
    every run of the page went to these (py-spy, issue #19). Shared read-only."""
    gradient: Gradient
    corr: Correlation
    figure: go.Figure
    years_note: str
    classes: dict[str, int]  # the bivariate class number per area code (charts.bivariate.class_numbers)
    tooltips: dict[str, str]
    notes: list[tuple[float, float, str]]
    legend: str
    ranges: pd.DataFrame
    export: pd.DataFrame  # the areas' rows with their class, and the city's, as the downloads give them
    sources: str


def gradient_parts(v: View, x_id: str, y_id: str, lang: str, city: str) -> GradientParts:
    """The gradient section's parts for the view and its two axes, in `lang`; `city`: the gemeente's name (reads the
    data through ui.cache only)."""
    g = cache.social_health_gradient(v.gemeente, v.level, x_id, y_id, v.year, v.age)
    pairs = g.pairs  # none where the two years' divisions differ (the export keeps the figures)
    corr = correlation(pairs["x"], pairs["y"])
    # the years and age groups of the figures: 'Low-income households (2019)', 'Lonely (2020, 65+)'
    x_title = f"{g.x.label.get(lang)} ({year_and_age(g.x_year, g.x_age)})"
    y_title = f"{g.y.label.get(lang)} ({year_and_age(g.y_year, g.y_age)})"
    fmt_x, fmt_y = value_formatter(g.x, v.level, lang, g.x_year), value_formatter(g.y, v.level, lang, g.y_year)
    areas_plural = t(f"level_plural_{v.level}", lang)
    stats = t("cmp_stats", lang, r=fmt_number(corr.r, lang, 2), n=corr.n, areas=areas_plural)
    years_note = gradient_note(g, v.level, city, cache.boundary_year(v.gemeente, v.level), lang)
    figure = gradient_scatter(pairs, corr, title=t("cmp_gradient_title", lang, x=mid_sentence(g.x.label.get(lang)),
                                                      y=g.y.label.get(lang)),
                              x_title=x_title, y_title=y_title, fmt_x=fmt_x, fmt_y=fmt_y, stats_text=stats,
                              years_note=years_note, focus_label=t("cmp_focus_points", lang),
                              other_label=t("cmp_other", lang, areas=areas_plural), fit_label=t("cmp_fit", lang),
                              city=(g.x_city, g.y_city), city_label=city)
    bi = bivariate_classes(pairs["x"], pairs["y"], g.x.direction, g.y.direction)
    frame = g.frame.assign(cls=bi.frame["cls"])
    codes, classes = list(frame["code"]), list(frame["cls"])
    hint = {i.id: t("cmp_worse" if i.direction != "neutral" else "cmp_higher", lang) for i in (g.x, g.y)}
    xy_rows = cache.observations_of(v.gemeente, [g.x.id, g.y.id])
    city_rows = pd.concat([reference_rows(xy_rows, ind_, year=yr, age=v.age, gemeente=v.gemeente, city_name=city,
                                          lang=lang).query("kind == 'city'")
                           for ind_, yr in ((g.x, g.x_year), (g.y, g.y_year))], ignore_index=True)
    export = pd.concat([gradient_rows(replace(g, frame=frame), v.level, ["cls"]), city_rows], ignore_index=True)
    return GradientParts(
        gradient=g, corr=corr, figure=figure, years_note=years_note, classes=class_numbers(codes, classes),
        tooltips=class_tooltips(frame, (x_title, fmt_x), (y_title, fmt_y),
                                lambda cls: t("cmp_class", lang, x=cls[0], y=cls[2]), t("no_data", lang)),
        notes=missing_notes(cache.areas(v.gemeente, v.level), codes, classes, t("no_data", lang)),
        legend=legend_html(frame["cls"].value_counts().to_dict(), x_title, y_title, hint[g.x.id], hint[g.y.id],
                           t("no_data", lang), int(frame["cls"].isna().sum())),
        ranges=pd.DataFrame(class_ranges(bi, fmt_x, fmt_y), columns=[t("cmp_col_class", lang), x_title, y_title]),
        export=export, sources=shown_sources(catalogue(), export, lang))
