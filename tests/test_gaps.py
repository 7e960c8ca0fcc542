"""Gaps, ranks and quintiles respect the indicator's direction."""
from __future__ import annotations

import math

import pandas as pd

from indicators.gaps import better_gap, compare, gap, quintile, rank

values = pd.Series([60.0, 70.0, 80.0, math.nan], index=["a", "b", "c", "d"])


def test_gap_is_value_minus_reference():
    assert gap(values, 75.0).tolist()[:3] == [-15.0, -5.0, 5.0]
    assert math.isnan(gap(values, 75.0)["d"])
    assert gap(values, math.nan).isna().all()


def test_better_gap_flips_with_direction():
    assert better_gap(values, 75.0, "higher_is_better")["c"] == 5.0
    assert better_gap(values, 75.0, "higher_is_worse")["c"] == -5.0
    assert better_gap(values, 75.0, "neutral")["c"] == 0.0


def test_rank_one_is_best():
    assert rank(values, "higher_is_better").tolist()[:3] == [3.0, 2.0, 1.0]
    assert rank(values, "higher_is_worse").tolist()[:3] == [1.0, 2.0, 3.0]
    assert math.isnan(rank(values, "higher_is_worse")["d"])


def test_quintiles():
    series = pd.Series(range(10), dtype=float)
    assert quintile(series, "higher_is_worse").tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert quintile(series, "higher_is_better").tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]


def test_compare_is_direction_aware():
    # overgewicht 50% against a city of 45%: worse; ervaren gezondheid 50% against 45%: better
    assert compare(50, 45, "higher_is_worse", "percent") == "worse"
    assert compare(50, 45, "higher_is_better", "percent") == "better"
    assert compare(45.5, 45, "higher_is_worse", "percent") == "similar"
    assert compare(50, 45, "neutral", "percent") == "not_applicable"
    assert compare(math.nan, 45, "higher_is_worse", "percent") == "no_data"
