"""Map classes and colours: pure functions, direction-aware and colour-blind safe (ColorBrewer schemes).

Value mode: a sequential scale where darker/redder means worse (YlOrRd), or blue for neutral indicators.
Gap modes: a diverging scale centred on 0 (red worse, blue better; purple/orange for neutral indicators).
Missing values never get a class: they are grey and labelled "geen gegevens / no data".
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from texts.i18n import fmt_value, t

Method = Literal["quantiles", "fisher_jenks", "fixed"]
METHODS: tuple[Method, ...] = ("quantiles", "fisher_jenks", "fixed")
RGB = tuple[int, int, int]
MISSING_RGB: RGB = (158, 158, 158)
DEFAULT_K = 5
FISHER_JENKS_SAMPLE = 1_500  # values; the exact breaks of more are sampled (fisher_jenks_bounds)
# Gap classes, symmetric around 0: within ±1 pp is "similar" (indicators.gaps.SIMILAR_PP).
GAP_STEPS_PP = (1.0, 3.0, 6.0)
GAP_STEPS_RELATIVE = (0.05, 0.15, 0.30)


@dataclass(frozen=True)
class Classes:
    """Upper bounds per class (the last is the maximum), colours per class, and the data's minimum."""

    lower: float
    bounds: tuple[float, ...]
    colours: tuple[RGB, ...]


def _rgb(colour: str) -> RGB:
    parts = hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)
    return tuple(int(round(c)) for c in parts)  # type: ignore[return-value]


def sequential_colours(k: int, direction: str) -> tuple[RGB, ...]:
    """k colours from low to high values; for "higher is better" the scale runs dark→light."""
    scale = "Blues" if direction == "neutral" else "YlOrRd"
    colours = [_rgb(c) for c in sample_colorscale(scale, [0.08 + 0.92 * i / max(k - 1, 1) for i in range(k)])]
    return tuple(reversed(colours)) if direction == "higher_is_better" else tuple(colours)


def diverging_colours(k: int, direction: str) -> tuple[RGB, ...]:
    """k colours from the most negative to the most positive gap. RdBu: red = worse, blue = better."""
    scale = "PuOr" if direction == "neutral" else "RdBu"
    colours = [_rgb(c) for c in sample_colorscale(scale, [i / (k - 1) for i in range(k)])]
    # RdBu runs red (low) -> blue (high): right for "higher is better"; flip when higher is worse.
    return tuple(reversed(colours)) if direction == "higher_is_worse" else tuple(colours)


def value_classes(values: pd.Series, method: Method, direction: str, thresholds: list[float] | None = None,
                  k: int = DEFAULT_K) -> Classes | None:
    """Class bounds for the values; None when there is nothing to classify."""
    data = values.dropna().to_numpy(dtype=float)
    if data.size == 0:
        return None
    if method == "fixed" and thresholds:
        bounds = [b for b in thresholds] + [max(float(data.max()), thresholds[-1])]
    else:
        k = max(1, min(k, len(np.unique(data))))
        if method == "fisher_jenks" and k > 1:
            bounds = fisher_jenks_bounds(data, k)
        elif k > 1:  # mapclassify.Quantiles' bins, without importing it on the default path
            bounds = list(np.percentile(data, np.linspace(100 / k, 100, k)))
        else:
            bounds = [float(data.max())]
        bounds = sorted(dict.fromkeys(float(b) for b in bounds))
    lower = min(float(data.min()), bounds[0])
    return Classes(lower, tuple(bounds), sequential_colours(len(bounds), direction))


def fisher_jenks_bounds(data: np.ndarray, k: int) -> list[float]:
    """Fisher-Jenks natural breaks as class upper bounds (mapclassify.FisherJenks' bins) with jenkspy's C code:
    mapclassify without numba runs the same algorithm in Python (a buurt map's first view took seconds, and its
    import pulls in scipy and scikit-learn). Above FISHER_JENKS_SAMPLE values the breaks are those of an evenly
    spaced sample of the sorted values (with the minimum and maximum), as mapclassify.FisherJenksSampled does
    at random: the exact algorithm is O(k·n²), ~2 s for the national 13,808 buurten."""
    import jenkspy  # here, not at the top: only this method needs it

    values = np.sort(data)
    if values.size > FISHER_JENKS_SAMPLE:
        values = values[np.linspace(0, values.size - 1, FISHER_JENKS_SAMPLE).round().astype(int)]
    return [float(b) for b in jenkspy.jenks_breaks(values, n_classes=k)[1:]]


def gap_classes(unit: str, reference: float, direction: str, values: pd.Series) -> Classes:
    """Fixed symmetric classes around 0, so gap maps compare across indicators and years."""
    steps = GAP_STEPS_PP if unit == "percent" else tuple(abs(reference) * s for s in GAP_STEPS_RELATIVE)
    data = values.dropna()
    top = max([steps[-1] * 2] + [float(data.abs().max())] if len(data) else [steps[-1] * 2])
    bounds = tuple([-s for s in reversed(steps)] + list(steps) + [top])
    return Classes(-top, bounds, diverging_colours(len(bounds), direction))


def class_index(values: pd.Series, classes: Classes | None) -> pd.Series:
    """0-based class of each value (NaN for missing values: they never get a class)."""
    if classes is None:
        return pd.Series(np.nan, index=values.index)
    idx = np.searchsorted(np.asarray(classes.bounds), values.to_numpy(dtype=float), side="left")
    idx = np.minimum(idx, len(classes.bounds) - 1).astype(float)
    idx[values.isna().to_numpy()] = np.nan
    return pd.Series(idx, index=values.index)


def colours_for(values: pd.Series, classes: Classes | None) -> list[RGB]:
    idx = class_index(values, classes)
    return [MISSING_RGB if math.isnan(i) else classes.colours[int(i)] for i in idx]  # type: ignore[union-attr]


def legend_entries(classes: Classes | None, unit: str, lang: str, gap_mode: bool = False) -> list[tuple[RGB, str]]:
    """(colour, label) per class, lowest first, then the grey 'no data' entry."""
    entries: list[tuple[RGB, str]] = []
    if classes is not None:
        label_unit = "pp" if gap_mode and unit == "percent" else unit
        lowers = (classes.lower,) + classes.bounds[:-1]
        for lo, hi, colour in zip(lowers, classes.bounds, classes.colours):
            entries.append((colour, t("legend_range", lang, low=fmt_value(lo, label_unit, lang, signed=gap_mode),
                                      high=fmt_value(hi, label_unit, lang, signed=gap_mode))))
    entries.append((MISSING_RGB, t("no_data", lang)))
    return entries
