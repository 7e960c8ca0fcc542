"""Gaps, ranks and classes: pure, direction-aware functions over plain pandas objects.

Direction matters: for `overgewicht` (higher is worse) a value above the city is worse; for
`ervaren_gezondheid_goed_zeer_goed` (higher is better) a value above the city is better.
"""
from __future__ import annotations

import math
from typing import Literal

import pandas as pd

Comparison = Literal["better", "similar", "worse", "no_data", "not_applicable"]

# A documented rule instead of confidence intervals (the RIVM estimates ship without them in the mirror):
# a difference smaller than this many percentage points (or this share of the reference for other units)
# counts as "similar".
SIMILAR_PP = 1.0
SIMILAR_RELATIVE = 0.05


def direction_sign(direction: str) -> int:
    """+1 when higher is better, -1 when higher is worse, 0 for neutral indicators."""
    return {"higher_is_better": 1, "higher_is_worse": -1}.get(direction, 0)


def gap(values: pd.Series, reference: float) -> pd.Series:
    """Value minus a reference (Den Haag or NL), in the indicator's unit (percentage points for %)."""
    if reference is None or (isinstance(reference, float) and math.isnan(reference)):
        return pd.Series(float("nan"), index=values.index)
    return values - reference


def better_gap(values: pd.Series, reference: float, direction: str) -> pd.Series:
    """Gap oriented so that positive means better than the reference (0 everywhere for neutral indicators)."""
    return gap(values, reference) * direction_sign(direction)


def rank(values: pd.Series, direction: str) -> pd.Series:
    """1 = best (for neutral indicators: 1 = highest). Missing values get no rank (NaN)."""
    ascending = direction == "higher_is_worse"
    return values.rank(ascending=ascending, method="min", na_option="keep")


def quintile(values: pd.Series, direction: str) -> pd.Series:
    """1 = best fifth of areas, 5 = worst fifth (neutral: 1 = highest). Missing values stay NaN."""
    ranks = rank(values, direction)
    n = values.notna().sum()
    if n == 0:
        return ranks
    return ((ranks - 1) * 5 // n + 1).astype("Float64").astype(float)


def similarity_margin(reference: float, unit: str) -> float:
    return SIMILAR_PP if unit == "percent" else abs(reference) * SIMILAR_RELATIVE


def compare(value: float, reference: float, direction: str, unit: str) -> Comparison:
    """Better / similar / worse than a reference, by the rule above; neutral indicators are not judged."""
    if value is None or reference is None or math.isnan(value) or math.isnan(reference):
        return "no_data"
    if direction_sign(direction) == 0:
        return "not_applicable"
    diff = (value - reference) * direction_sign(direction)
    if abs(value - reference) < similarity_margin(reference, unit):
        return "similar"
    return "better" if diff > 0 else "worse"
