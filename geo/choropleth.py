"""Everything the map page shows, computed without Streamlit: values, classes, colours, tooltips, legend."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from geo.classify import Classes, Method, colours_for, gap_classes, legend_entries, value_classes
from geo.layers import choropleth_layer, deck, outline_layer, selected_layers, view_state
from indicators.catalogue import Catalogue, Indicator
from indicators.describe import shown_decimals, shown_sources, tooltip_text
from indicators.divisions import year_other_divisions
from indicators.select import area_values, is_comparable, judged_direction, reference_value, slice_obs, source_of
from indicators.view import MODES
from texts.i18n import SMALL_COUNT

MODE_COLUMN = {"value": "value", "gap_city": "gap_city", "gap_nl": "gap_nl"}


@dataclass(frozen=True)
class MapModel:
    frame: pd.DataFrame  # indicators.select.area_values + `shown` (the mapped number) + `tooltip`
    classes: Classes | None
    legend: list[tuple[tuple[int, int, int], str]]
    source: str
    unavailable: dict[str, str] = field(default_factory=dict)  # mode -> text key of why it cannot be shown
    # What the pydeck deck is built from. The map page draws with ui.components.areamap (geometry sent once) and
    # builds this deck only for the basemap option, so it is built on first use, not on every rerun.
    _records: list[dict] = field(repr=False, default_factory=list)
    _focus_records: list[dict] | None = field(repr=False, default=None)
    _selected: str | None = None
    _basemap: bool = False
    _view: pdk.ViewState | None = field(repr=False, default=None)
    # Where the figures' year divided the gemeente's level into other areas than the boundaries (indicators.divisions:
    # every area then has status other_division): how many areas the year holds and how many the map has.
    redrawn: tuple[int, int] | None = None

    @cached_property
    def deck(self) -> pdk.Deck:
        colours = dict(zip(self.frame["code"], colours_for(self.frame["shown"], self.classes)))
        layers = [choropleth_layer(self._records, colours, dict(zip(self.frame["code"], self.frame["tooltip"])))]
        if self._focus_records:
            layers.append(outline_layer(self._focus_records))
        layers += selected_layers(self._records, self._selected)  # last: above the focus outlines
        return deck(layers, self._view, self._basemap)


def unavailable_modes(ind: Indicator, city: float, nl: float) -> dict[str, str]:
    """The map modes an indicator cannot show here, each with the text key saying why ('value' always can).

    A gap needs a reference (no NL row for CBS key figures, no city row in some gemeenten); counts have no
    meaningful gap at all (a large wijk simply has more) and a gap would give away a count the table hides.
    """
    if not is_comparable(ind):
        return {"gap_city": "mode_unavailable_count", "gap_nl": "mode_unavailable_count"}
    reasons = {"gap_city": "mode_unavailable_city"} if math.isnan(city) else {}
    if math.isnan(nl):
        reasons["gap_nl"] = "mode_unavailable_nl"
    return reasons


def available_modes(tidy: pd.DataFrame, ind: Indicator, year: int, age: str) -> tuple[str, ...]:
    """The modes (indicators.view.MODES order) an indicator's map can show for this year and age."""
    rows = slice_obs(tidy, ind, year, age)
    missing = unavailable_modes(ind, reference_value(rows, "gemeente"), reference_value(rows, "nl"))
    return tuple(m for m in MODES if m not in missing)


def map_model(tidy: pd.DataFrame, areas: gpd.GeoDataFrame, records: list[dict], cat: Catalogue, ind: Indicator,
              *, level: str, year: int, age: str, mode: str, method: Method, lang: str, city_name: str,
              focus_records: list[dict] | None = None, selected: str | None = None,
              basemap: bool = False) -> MapModel:
    frame = area_values(tidy, areas, ind, year, age)
    if not is_comparable(ind):  # counts (ranked by size in area_values) have no gap: it would give small counts away
        frame = frame.assign(gap_city=math.nan, gap_nl=math.nan)
    shown = frame[MODE_COLUMN[mode]]
    decimals = shown_decimals(ind, year)
    if mode == "value":
        small = SMALL_COUNT if ind.counts_people and level not in ("nl", "gemeente") else None
        classes = value_classes(shown, method, judged_direction(ind), ind.thresholds,
                                small=small, decimals=decimals)
    else:
        reference = frame["city" if mode == "gap_city" else "nl"].iloc[0] if len(frame) else float("nan")
        classes = None if pd.isna(reference) else gap_classes(ind.unit, reference, ind.direction, shown)
    table_id = source_of(slice_obs(tidy, ind, year, age)) or ind.sources[0].table
    source = shown_sources(cat, frame.assign(source=table_id, year=year), lang, ("value", "city", "nl"),
                           areas.attrs.get("year"))  # the tooltips give the city's and NL's figures
    tooltips = [tooltip_text(row, ind, level, year, lang, table_id, city_name) for row in frame.to_dict("records")]
    frame = frame.assign(shown=shown, tooltip=tooltips)
    city, nl = (frame["city"].iloc[0], frame["nl"].iloc[0]) if len(frame) else (math.nan, math.nan)
    legend = legend_entries(classes, ind.unit, lang, gap_mode=mode != "value", decimals=decimals)
    return MapModel(frame, classes, legend, source, unavailable_modes(ind, city, nl), list(records), focus_records,
                    selected, basemap, view_state(areas),
                    next(iter(year_other_divisions(tidy, year, areas["code"]).values()), None))
