"""Boundaries on the real mirror, and clear errors for bad files and unknown gemeenten."""
from __future__ import annotations

import json

import pytest
import shapely

from geo.boundaries import UnknownGemeenteError, clean_name, read_areas, read_boundary_file, simplify_coverage
from indicators.sources import DataFileError, DataMissingError


@pytest.fixture(scope="module")
def wijken(mirror):
    return read_areas("GM0518", "wijk")


def test_den_haag_has_44_wijken_and_114_buurten(mirror, wijken):
    buurten = read_areas("GM0518", "buurt")
    assert len(wijken) == 44 and wijken["code"].is_unique
    assert len(buurten) == 114 and buurten["code"].is_unique
    assert set(buurten["parent_code"]) <= set(wijken["code"])
    assert set(wijken["parent_code"]) == {"GM0518"}
    assert wijken.crs.to_epsg() == 4326
    assert list(wijken.columns) == ["code", "name", "level", "parent_code", "geometry"]


def test_names_lose_the_wijk_number_prefix(wijken):
    names = dict(zip(wijken["code"], wijken["name"]))
    assert names["WK051836"] == "Moerwijk"
    assert names["WK051829"] == "Schildersbuurt"
    assert clean_name("Wijk 36 Moerwijk") == "Moerwijk"
    assert clean_name("Moerwijk-Oost") == "Moerwijk-Oost"


def test_coverage_simplification_keeps_shared_borders(mirror):
    raw = read_boundary_file(mirror / "raw" / "tnocs_haaglanden_buurt_2015.geojson", "buurt", "GM0518")
    simple = simplify_coverage(raw, tolerance=0.0005)  # coarse on purpose: plain simplify would open gaps here
    union_area = shapely.union_all(simple.geometry.values).area
    assert sum(g.area for g in simple.geometry) == pytest.approx(union_area, rel=1e-6)  # no overlaps
    assert union_area == pytest.approx(shapely.union_all(raw.geometry.values).area, rel=0.02)  # no gaps
    assert sum(len(g.exterior.coords) for g in simple.geometry) < sum(len(g.exterior.coords) for g in raw.geometry)
    assert simple.attrs["year"] == 2015


def test_other_haaglanden_gemeenten_load(mirror):
    rijswijk = read_areas("GM0603", "wijk")
    assert len(rijswijk) > 0 and set(rijswijk["parent_code"]) == {"GM0603"}
    assert all(code.startswith("WK0603") for code in rijswijk["code"])


def test_unknown_gemeente_is_named_in_the_message(mirror):
    with pytest.raises(UnknownGemeenteError, match="GM9999 is not in the boundary files"):
        read_areas("GM9999", "wijk")
    with pytest.raises(UnknownGemeenteError, match="expected GM and four digits"):
        read_areas("Den Haag", "wijk")


def test_truncated_geojson_names_the_file(tmp_path, monkeypatch):
    broken = tmp_path / "pdok_wijken_GM0518.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Pol')
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        read_areas("GM0518", "wijk")
    assert "pdok_wijken_GM0518.geojson" in str(err.value) and "truncated or corrupt" in str(err.value)


def test_geojson_missing_a_column_names_it(tmp_path, monkeypatch):
    feature = {"type": "Feature", "properties": {"GM_CODE": "GM0518", "WK_NAAM": "Wijk 01 Test"},
               "geometry": {"type": "Polygon", "coordinates": [[[4.2, 52.0], [4.3, 52.0], [4.3, 52.1], [4.2, 52.0]]]}}
    (tmp_path / "pdok_wijken_GM0518.geojson").write_text(json.dumps({"type": "FeatureCollection",
                                                                    "features": [feature]}))
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError, match="missing column.*WK_CODE"):
        read_areas("GM0518", "wijk")


def test_no_data_anywhere_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("WIJKDASHBOARD_NO_MIRROR", "1")
    with pytest.raises(DataMissingError) as err:
        read_areas("GM0518", "wijk")
    message = str(err.value)
    assert "python -m indicators.refresh --gemeente GM0518" in message
    assert "WIJKDASHBOARD_DATA_DIR" in message and str(tmp_path) in message
