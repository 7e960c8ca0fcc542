"""Reach against need (programs.reach): made-up numbers for the arithmetic, the mirror for the GLI case."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from programs.reach import NeedData, load_need, nearest_year, need_years_for, reach_table


def _counts(*rows: tuple[int, float, float]) -> pd.DataFrame:
    return pd.DataFrame([{"period_start": dt.date(y, 1, 1), "period_end": dt.date(y, 12, 31), "value_low": lo,
                          "value_high": hi} for y, lo, hi in rows])


def _tidy(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"area_code": a, "year": y, "value": v, "source": "made-up"} for a, y, v in rows])


MADE_UP = NeedData(
    need=_tidy([("GM0001", 2020, 50.0), ("GM0002", 2020, 40.0), ("GM0001", 2016, 45.0)]),
    population=_tidy([("GM0001", 2020, 1000.0), ("GM0002", 2020, 2000.0), ("GM0001", 2019, 990.0)]),
)


def test_per_1000_with_need_summed_over_members():
    out = reach_table(_counts((2020, 13, 13)), ["GM0001", "GM0002"], MADE_UP)
    row = out.iloc[0]
    assert row["need_people"] == pytest.approx(1000 * 0.5 + 2000 * 0.4)
    assert row["need_pct"] == pytest.approx(1300 / 3000 * 100)
    assert (row["per_1000_low"], row["per_1000_high"]) == (pytest.approx(10.0), pytest.approx(10.0))
    assert row["same_year"] and row["missing"] == ""


def test_a_range_stays_a_range():
    row = reach_table(_counts((2020, 13, 26)), ["GM0001", "GM0002"], MADE_UP).iloc[0]
    assert (row["per_1000_low"], row["per_1000_high"]) == (pytest.approx(10.0), pytest.approx(20.0))


def test_only_years_complete_for_every_member_are_used():
    """GM0002 has no 2016 need and no 2019 population: 2020 is used for both, and said so."""
    row = reach_table(_counts((2017, 13, 13)), ["GM0001", "GM0002"], MADE_UP).iloc[0]
    assert (row["need_year"], row["population_year"], row["same_year"]) == (2020, 2020, False)


def test_a_member_without_data_gives_no_number_not_zero():
    out = reach_table(_counts((2020, 13, 13)), ["GM0001", "GM0002", "GM0003"], MADE_UP)
    row = out.iloc[0]
    assert math.isnan(row["per_1000_low"]) and math.isnan(row["need_people"])
    assert row["missing"] == "GM0003"


def test_counts_over_other_periods_are_left_out():
    counts = pd.DataFrame([{"period_start": dt.date(2019, 1, 1), "period_end": dt.date(2024, 12, 31),
                            "value_low": 10, "value_high": 15}])
    assert reach_table(counts, ["GM0001"], MADE_UP).empty


def test_nearest_year_prefers_the_earlier_on_a_tie():
    assert nearest_year(2018, [2016, 2020]) == 2016
    assert nearest_year(2021, [2016, 2020]) == 2020
    assert nearest_year(2021, []) is None


def test_need_years_for_gli_years():
    assert need_years_for([2019, 2020, 2021, 2022, 2023]) == [2020]
    assert need_years_for([2013]) == [2012]


def test_gli_region_from_the_mirror(mirror):
    """GLI 2020 in the GLI region: 1,026 against 2020 overgewicht and KWB 2024 inhabitants of the 4 gemeenten."""
    members = ["GM0518", "GM0629", "GM1916", "GM0603"]
    data = load_need(members, need_years_for([2020]))
    assert set(data.need.loc[data.need["year"] == 2020, "area_code"]) == set(members)
    row = reach_table(_counts((2020, 1026, 1026)), members, data).iloc[0]
    need = data.need[data.need["year"] == 2020].set_index("area_code")["value"]
    pop = data.population[data.population["year"] == 2024].set_index("area_code")["value"]
    assert (row["need_year"], row["population_year"], row["same_year"]) == (2020, 2024, True)
    assert row["per_1000_low"] == pytest.approx(1000 * 1026 / float((need * pop / 100).sum()))
    assert 1 < row["per_1000_low"] < 10
