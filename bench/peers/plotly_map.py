"""The peer of the map page for bench/pages.py: a bare Streamlit app as most Streamlit dashboards draw a choropleth.

One select box of indicators and `plotly.express.choropleth_map` of the same buurten (the same boundary file and
simplification as the dashboard's map, EPSG:4326), the figure rebuilt on every rerun, no map tiles (`white-bg`).
Data are read once per process (st.cache_data, the usual way); the latest year with values, 18+ where asked.
Streamlit's default settings for its runs (bench/pages.py starts it with runner.postScriptGC on, as Streamlit ships).

Run: streamlit run bench/peers/plotly_map.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # `streamlit run` puts only this folder on the path

from geo.boundaries import read_areas  # noqa: E402
from indicators.catalogue import catalogue  # noqa: E402
from indicators.observations import build_observations  # noqa: E402

GEMEENTE = "GM0518"


@st.cache_data(show_spinner=False)
def load() -> tuple[dict, pd.DataFrame, dict[str, str]]:
    areas = read_areas(GEMEENTE, "buurt")
    tidy = build_observations(GEMEENTE)
    rows = tidy[(tidy["level"] == "buurt") & tidy["value"].notna() & tidy["age"].isin(["18plus", "all"])]
    latest = rows[rows["year"] == rows.groupby("indicator")["year"].transform("max")]
    cat = catalogue()
    labels = {i: cat.indicator(i).label.get("nl") for i in cat.picker_ids if i in set(latest["indicator"])}
    return json.loads(areas.to_json()), latest[["indicator", "area_code", "value"]], labels


geojson, values, labels = load()
st.title("Buurten van Den Haag")
indicator = st.selectbox("Indicator", list(labels), format_func=labels.get, key="peer_indicator")
data = values[values["indicator"] == indicator]
fig = px.choropleth_map(data, geojson=geojson, locations="area_code", featureidkey="properties.code", color="value",
                        color_continuous_scale="YlOrRd", map_style="white-bg", zoom=10.6,
                        center={"lat": 52.06, "lon": 4.29}, opacity=0.9, labels={"value": labels[indicator]})
fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=560)
st.plotly_chart(fig, key="peer_map")
