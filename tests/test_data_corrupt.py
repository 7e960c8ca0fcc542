"""Corrupt data files are named with their problem (issue #21, item 5), and tracebacks stay off the public pages
(item 9).

Before #21: a boundary file with a null geometry (or a point among the polygons) raised from
`simplify_coverage` outside the error handling (a traceback on every page); a health CSV without one of the
catalogue's indicator columns was read without a word (the indicator silently had no data); and text such as
`n.v.t.` in a number column became "suppressed", so the page claimed the source had withheld the value. Which
pages stop on such a DataError is the router's business (views); here the data layer raises it, naming the file.
"""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from geo.boundaries import read_areas
from indicators.observations import build_observations
from indicators.sources import DataFileError, find_files

ROOT = Path(__file__).resolve().parents[1]
SQUARE = {"type": "Polygon", "coordinates": [[[4.2, 52.0], [4.3, 52.0], [4.3, 52.1], [4.2, 52.1], [4.2, 52.0]]]}
NEXT = {"type": "Polygon", "coordinates": [[[4.3, 52.0], [4.4, 52.0], [4.4, 52.1], [4.3, 52.1], [4.3, 52.0]]]}


def _wijken(tmp_path: Path, second: dict | None) -> None:
    features = [{"type": "Feature", "geometry": geometry,
                 "properties": {"GM_CODE": "GM0518", "WK_CODE": code, "WK_NAAM": f"Wijk {code[-2:]} Test"}}
                for code, geometry in (("WK051801", SQUARE), ("WK051802", second))]
    (tmp_path / "pdok_wijken_GM0518.geojson").write_text(json.dumps({"type": "FeatureCollection",
                                                                    "features": features}))


def test_a_null_geometry_names_the_file_and_the_area(tmp_path, monkeypatch):
    _wijken(tmp_path, None)
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        read_areas("GM0518", "wijk")
    assert err.value.path.name == "pdok_wijken_GM0518.geojson"
    assert "1 wijk area(s) without a geometry (null or empty): WK051802" in str(err.value)


def test_a_geometry_that_cannot_be_simplified_is_a_data_error(tmp_path, monkeypatch):
    _wijken(tmp_path, {"type": "Point", "coordinates": [4.35, 52.05]})
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        read_areas("GM0518", "wijk")
    assert err.value.path.name == "pdok_wijken_GM0518.geojson"
    assert "polygons cannot be simplified together" in str(err.value)


def test_good_polygons_still_read(tmp_path, monkeypatch):
    _wijken(tmp_path, NEXT)
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    assert read_areas("GM0518", "wijk")["code"].tolist() == ["WK051801", "WK051802"]


def _health_csv(mirror: Path, tmp_path: Path) -> tuple[Path, pd.DataFrame]:
    """A copy (in tmp, never committed) of the first rows of the health CSV that holds Den Haag."""
    source = next(p for p in find_files("rivm_50090", "GM0518") if p.suffix == ".csv")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = frame[frame["Codering_3"].str.strip().isin(["GM0518", "WK051836", "NL01"])]
    return tmp_path / "cbs_50090NED_GM0518.csv", frame


def test_a_missing_indicator_column_names_the_file_and_the_column(mirror, tmp_path, monkeypatch):
    path, frame = _health_csv(mirror, tmp_path)
    frame.drop(columns=["Overgewicht_9"]).to_csv(path, index=False)
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        build_observations("GM0518")
    assert err.value.path == path and "missing column(s) Overgewicht_9" in str(err.value)


def test_text_in_a_number_column_is_unreadable_not_suppressed(mirror, tmp_path, monkeypatch):
    path, frame = _health_csv(mirror, tmp_path)
    frame.loc[frame.index[0], "Overgewicht_9"] = "n.v.t."
    frame.to_csv(path, index=False)
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        build_observations("GM0518")
    assert err.value.path == path
    assert "column Overgewicht_9: 1 cell(s) are not numbers, e.g. 'n.v.t.'" in str(err.value)


def test_the_copy_itself_reads(mirror, tmp_path, monkeypatch):
    """The control: the same copy without the damage gives observations (so the errors above are the damage's)."""
    path, frame = _health_csv(mirror, tmp_path)
    frame.to_csv(path, index=False)
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    tidy = build_observations("GM0518")
    assert {"WK051836", "GM0518"} <= set(tidy.loc[tidy["source"] == "50090NED", "area_code"])


# --- 9. error details off in the shipped config --------------------------------------------------------------------

def test_the_shipped_config_turns_error_details_off():
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        shipped = tomllib.load(fh)["client"]["showErrorDetails"]
    assert shipped == "none"
    before = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", shipped)
    try:
        at = AppTest.from_string("raise ValueError('geheim: /srv/wijkdashboard/data')").run()
    finally:
        st_config.set_option("client.showErrorDetails", before)
    assert len(at.exception) == 1
    shown = at.exception[0]
    assert "geheim" not in shown.message and "/srv" not in shown.message and not shown.stack_trace
