"""Tidy observations from the real mirror: values, statuses, sources; bad files give clear errors."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.catalogue import catalogue
from indicators.observations import TIDY_COLUMNS, build_observations, parse_values, withhold_shares_of_few
from indicators.sources import DataFileError


@pytest.fixture(scope="module")
def obs(mirror) -> pd.DataFrame:
    return build_observations("GM0518")


def value(obs, indicator, code, year, age):
    row = obs[(obs.indicator == indicator) & (obs.area_code == code) & (obs.year == year) & (obs.age == age)]
    assert len(row) == 1, (indicator, code, year, age, len(row))
    return row.iloc[0]


def test_shape_and_levels(obs):
    assert list(obs.columns) == TIDY_COLUMNS
    assert set(obs["level"]) == {"nl", "gemeente", "wijk", "buurt"}
    assert not obs.duplicated(["area_code", "indicator", "year", "age"]).any()
    assert set(obs["status"]) <= {"ok", "suppressed", "not_collected"}
    assert obs["source"].notna().all() and (obs["source"] != "").all()
    assert set(obs["source"]) <= {t.id for t in catalogue().tables}


def test_known_values(obs):
    assert value(obs, "ervaren_gezondheid_goed_zeer_goed", "GM0518", 2020, "18plus").value == 75.3
    assert value(obs, "ervaren_gezondheid_goed_zeer_goed", "NL01", 2020, "18plus").value == 78.4
    assert value(obs, "ervaren_gezondheid_goed_zeer_goed", "WK051829", 2020, "18plus").value == 63.5
    assert value(obs, "aant_inw", "WK051836", 2015, "all").value == 20060
    assert value(obs, "aant_inw", "WK051836", 2019, "all").value == 21300
    assert value(obs, "aant_inw", "WK051836", 2024, "all").value == 21555


def test_suppressed_is_nan_not_zero(obs):
    row = value(obs, "ervaren_gezondheid_goed_zeer_goed", "BU05180170", 2020, "18plus")
    assert math.isnan(row.value) and row.status == "suppressed"
    kwb = obs[(obs.source == "83220NED") & (obs.status == "suppressed")]
    assert len(kwb) > 0 and kwb["value"].isna().all()  # -99999999 codes
    assert not (obs.loc[obs.status != "ok", "value"] == 0).any()


@pytest.mark.parametrize(("indicator", "code", "published"), [
    ("p_65_eo_jr", "WK051801", 100),  # Oostduinen, 0 inhabitants
    ("p_00_14_jr", "BU05184110", 33),  # De Reef, 0 inhabitants (CBS rounds to fives)
    ("p_eenp_hh", "BU05184110", 0),  # and 0 households
])
def test_a_share_of_fewer_than_5_people_is_withheld(obs, mirror, indicator, code, published):
    raw = pd.read_csv(mirror / "kwb_2015_denhaag.csv").set_index("code")
    column = catalogue().indicator(indicator).sources[0].column
    assert raw.loc[code, column] == published  # what CBS put in the 2015 file
    row = value(obs, indicator, code, 2015, "all")
    assert math.isnan(row.value) and row.status == "suppressed"


def test_a_share_of_5_or_more_people_is_kept(obs):
    assert value(obs, "aant_inw", "BU05184317", 2015, "all").value == 25  # De Rivieren
    assert value(obs, "p_00_14_jr", "BU05184317", 2015, "all").value == 7
    assert value(obs, "aantal_hh", "BU05184317", 2015, "all").value == 5
    assert value(obs, "p_eenp_hh", "BU05184317", 2015, "all").value == 22


def test_a_share_without_its_count_that_year_is_kept():
    """Only the count of the same area and year decides; the city's own share is never withheld."""
    rows = [("BU1", "buurt", "aant_inw", 2015, 0.0), ("BU1", "buurt", "p_65_eo_jr", 2015, 100.0),
            ("BU2", "buurt", "p_65_eo_jr", 2015, 40.0), ("BU2", "buurt", "aant_inw", 2019, 0.0),
            ("GM1", "gemeente", "aant_inw", 2015, 3.0), ("GM1", "gemeente", "p_65_eo_jr", 2015, 50.0)]
    tidy = pd.DataFrame([dict(zip(["area_code", "level", "indicator", "year", "value"], r), age="all", status="ok",
                              source="83220NED") for r in rows])
    out = withhold_shares_of_few(tidy, catalogue()).set_index(["area_code", "indicator", "year"])
    assert out.loc[("BU1", "p_65_eo_jr", 2015), "status"] == "suppressed"
    assert out.loc[("BU2", "p_65_eo_jr", 2015), "value"] == 40.0
    assert out.loc[("GM1", "p_65_eo_jr", 2015), "value"] == 50.0
    assert (out["status"] == "suppressed").sum() == 1


def test_question_not_asked_is_not_collected(obs):
    row = value(obs, "voldoet_aan_beweegrichtlijn", "GM0518", 2012, "18plus")
    assert math.isnan(row.value) and row.status == "not_collected"


def test_parse_values_rules():
    values, status = parse_values(pd.Series(["  75.3", "       .", "", "-99999999", "0"]), "83220NED")
    assert values.iloc[0] == 75.3 and status.iloc[0] == "ok"
    assert math.isnan(values.iloc[1]) and status.iloc[1] == "suppressed"
    assert math.isnan(values.iloc[2]) and status.iloc[2] == "empty"  # decided later: not_collected / suppressed
    assert math.isnan(values.iloc[3]) and status.iloc[3] == "suppressed"
    assert values.iloc[4] == 0 and status.iloc[4] == "ok"  # a real zero stays a zero


def test_csv_missing_a_column_names_file_and_column(tmp_path, monkeypatch):
    bad = tmp_path / "cbs_50090NED_GM0518.csv"
    bad.write_text("ID,Leeftijd,Perioden,ErvarenGezondheidGoedZeerGoed_4\n1,20300,2020JJ00,75.3\n")
    monkeypatch.setenv("WIJKDASHBOARD_DATA_DIR", str(tmp_path))
    with pytest.raises(DataFileError) as err:
        build_observations("GM0518")
    assert "cbs_50090NED_GM0518.csv" in str(err.value) and "Codering_3" in str(err.value)


def test_other_gemeente_reads_the_national_files(mirror):
    rijswijk = build_observations("GM0603")
    row = rijswijk[(rijswijk.indicator == "ervaren_gezondheid_goed_zeer_goed") & (rijswijk.area_code == "GM0603")
                   & (rijswijk.year == 2020) & (rijswijk.age == "18plus")]
    assert len(row) == 1 and 50 < row.iloc[0].value < 100
    assert set(rijswijk.loc[rijswijk.level == "wijk", "area_code"].str[:6]) == {"WK0603"}


def test_tidy_rows_of_some_indicators_are_those_of_the_whole_melt(mirror):
    """`to_tidy(only=…)` (the reach panel's need and population) gives exactly the rows the full melt has for them."""
    from indicators.observations import read_table, to_tidy

    cat = catalogue()
    wide = read_table("50090NED", "GM0603")  # Delft: the national workbooks
    full = to_tidy(wide, "50090NED", cat)
    some = to_tidy(wide, "50090NED", cat, only=["overgewicht", "eenzaam"])
    assert set(some["indicator"]) == {"overgewicht", "eenzaam"}
    expected = full[full["indicator"].isin(["overgewicht", "eenzaam"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(some.reset_index(drop=True), expected)
    assert (some["area_code"] == "GM0603").any() and some["area_code"].str.startswith("BU0603").any()
