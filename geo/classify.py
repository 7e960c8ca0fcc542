"""Map classes and colours: pure functions, direction-aware and colour-blind safe (ColorBrewer schemes).

Value mode: a sequential scale where darker/redder means worse (YlOrRd), or blue for neutral indicators.
Gap modes: a diverging scale centred on 0 (red worse, blue better; purple/orange for neutral indicators).
Missing values never get a class: they are grey and labelled "geen gegevens / no data".
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from plotly.colors import hex_to_rgb, sample_colorscale, unlabel_rgb

from texts.i18n import UNIT_DECIMALS, fmt_value, t

Method = Literal["quantiles", "fisher_jenks", "fixed"]
METHODS: tuple[Method, ...] = ("quantiles", "fisher_jenks", "fixed")
RGB = tuple[int, int, int]
MISSING_RGB: RGB = (158, 158, 158)
# A figure withheld because it is too small to show ('<5'): known, so not grey 'no data', and outside any scale (a
# program's reach map: a reach would give the count away). Pale yellow, apart from the blue and grey around it.
SMALL_RGB: RGB = (254, 224, 144)
DEFAULT_K = 5
FISHER_JENKS_SAMPLE = 1_500  # values; the exact breaks of more are sampled (fisher_jenks_bounds)
# Gap classes, symmetric around 0: within ±1 pp is "similar" (indicators.gaps.SIMILAR_PP).
GAP_STEPS_PP = (1.0, 3.0, 6.0)
GAP_STEPS_RELATIVE = (0.05, 0.15, 0.30)


@dataclass(frozen=True)
class Classes:
    """Colours per class and their bounds, in one of two shapes.

    Ranges (quantiles, Fisher-Jenks): `bounds` are each class's upper bound, inclusive (mapclassify's bins), the
    first class starts at `lower` (the data's minimum). Thresholds (`open_ended`: fixed and gap classes):
    `bounds[:-1]` start a class each (< t1, t1 – t2, …, ≥ tn) whatever the data; the last bound only closes
    the scale. `small`: counts of people below it are never shown exactly, one class "< 5" holds them all.
    """

    lower: float
    bounds: tuple[float, ...]
    colours: tuple[RGB, ...]
    open_ended: bool = False
    small: float | None = None


def _rgb(colour: str) -> RGB:
    parts = hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)
    return tuple(int(round(c)) for c in parts)  # type: ignore[return-value]


def sequential_colours(k: int, direction: str) -> tuple[RGB, ...]:
    """k colours from low to high values; for "higher is better" the scale runs dark→light."""
    scale = "Blues" if direction == "neutral" else "YlOrRd"
    positions = [min(1.0, 0.08 + 0.92 * i / max(k - 1, 1)) for i in range(k)]  # min: 0.92 * 5 / 5 > 0.92
    colours = [_rgb(c) for c in sample_colorscale(scale, positions)]
    return tuple(reversed(colours)) if direction == "higher_is_better" else tuple(colours)


def diverging_colours(k: int, direction: str) -> tuple[RGB, ...]:
    """k colours from the most negative to the most positive gap. RdBu: red = worse, blue = better."""
    scale = "PuOr" if direction == "neutral" else "RdBu"
    colours = [_rgb(c) for c in sample_colorscale(scale, [i / (k - 1) for i in range(k)])]
    # RdBu runs red (low) -> blue (high): right for "higher is better"; flip when higher is worse.
    return tuple(reversed(colours)) if direction == "higher_is_worse" else tuple(colours)


def value_classes(values: pd.Series, method: Method, direction: str, thresholds: list[float] | None = None,
                  k: int = DEFAULT_K, small: float | None = None, decimals: int | None = None) -> Classes | None:
    """Class bounds for the values; None when there is nothing to classify.

    `decimals`: bounds rounded as the legend shows them, so no two classes read the same and a value shown as
    10,0% falls in the class that ends at 10,0%. `small` (counts of people below city level): bounds under it
    merge into one class "< small", so no legend shows a small count that the tables hide.
    """
    data = values.dropna().to_numpy(dtype=float)
    if data.size == 0:
        return None
    if method == "fixed" and thresholds:
        top = max(float(data.max()), thresholds[-1])
        return Classes(min(float(data.min()), thresholds[0]), (*thresholds, top),
                       sequential_colours(len(thresholds) + 1, direction), open_ended=True)
    else:
        k = max(1, min(k, len(np.unique(data))))
        if method == "fisher_jenks" and k > 1:
            bounds = fisher_jenks_bounds(data, k)
        elif k > 1:  # mapclassify.Quantiles' bins, without importing it on the default path
            bounds = list(np.percentile(data, np.linspace(100 / k, 100, k)))
        else:
            bounds = [float(data.max())]
        bounds = sorted(dict.fromkeys(float(b if decimals is None else round(b, decimals)) for b in bounds))
    if small is not None and data.min() < small:
        bounds = [math.nextafter(small, -math.inf), *(b for b in bounds if b >= small)]
    lower = min(float(data.min()), bounds[0])
    return Classes(lower, tuple(bounds), sequential_colours(len(bounds), direction), small=small)


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
    return Classes(-top, bounds, diverging_colours(len(bounds), direction), open_ended=True)


def class_index(values: pd.Series, classes: Classes | None) -> pd.Series:
    """0-based class of each value (NaN for missing values: they never get a class)."""
    if classes is None:
        return pd.Series(np.nan, index=values.index)
    if classes.open_ended:  # thresholds start a class: t1 belongs to "t1 – t2", not to "< t1"
        idx = np.searchsorted(np.asarray(classes.bounds[:-1]), values.to_numpy(dtype=float), side="right")
    else:
        idx = np.searchsorted(np.asarray(classes.bounds), values.to_numpy(dtype=float), side="left")
    idx = np.minimum(idx, len(classes.bounds) - 1).astype(float)
    idx[values.isna().to_numpy()] = np.nan
    return pd.Series(idx, index=values.index)


def colours_for(values: pd.Series, classes: Classes | None) -> list[RGB]:
    idx = class_index(values, classes)
    return [MISSING_RGB if math.isnan(i) else classes.colours[int(i)] for i in idx]  # type: ignore[union-attr]


def bound_text(value: float, unit: str, lang: str, signed: bool = False, with_unit: bool = True,
               threshold: bool = False, decimals: int | None = None) -> str:
    """A class bound with its unit. A whole-number threshold reads without decimals ('10%', not '10,0%').

    `with_unit=False` drops a worded unit (' %-punt', ' per 1.000'), so a range names it once; '%' stays.
    `decimals`: the indicator's (indicators.describe.shown_decimals), else the unit's.
    """
    decimals = UNIT_DECIMALS.get(unit, 1) if decimals is None else decimals
    text = fmt_value(value, unit, lang, signed=signed, decimals=decimals)
    if threshold and decimals and float(value).is_integer():
        text = re.sub(rf"[.,]0{{{decimals}}}(?!\d)", "", text, count=1)
    suffix = t(f"unit_suffix_{unit}", lang)
    if not with_unit and suffix.startswith(" ") and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text


def class_labels(classes: Classes, unit: str, lang: str, signed: bool = False,
                 decimals: int | None = None) -> list[str]:
    """One label per class, lowest first: '< 10%', '10% – 20%', '≥ 40%' for thresholds; '4,9% – 10,0%' for ranges.

    A range whose ends read the same shows one number; whole counts start one above the class below ('5 – 12'
    after '< 5'); a class of small counts reads '< 5'.
    """
    def text(value: float, with_unit: bool = True) -> str:
        return bound_text(value, unit, lang, signed, with_unit, threshold=classes.open_ended, decimals=decimals)

    def span(lo: float, hi: float) -> str:
        if text(lo) == text(hi):
            return text(hi)
        return t("legend_range", lang, low=text(lo, with_unit=False), high=text(hi))

    if classes.open_ended:
        starts = classes.bounds[:-1]
        return ([t("legend_below", lang, value=text(starts[0]))] + [span(lo, hi) for lo, hi in zip(starts, starts[1:])]
                + [t("legend_from", lang, value=text(starts[-1]))])
    labels = []
    for n, hi in enumerate(classes.bounds):
        lo = classes.lower if n == 0 else classes.bounds[n - 1]
        if unit == "count":  # whole numbers: (4, 12.6] holds 5 – 12
            hi = math.floor(hi)
            lo = min(math.floor(lo) + 1, hi) if n else lo
        if classes.small is not None and hi < classes.small:
            labels.append(t("legend_below", lang, value=text(classes.small)))
        else:
            labels.append(span(lo, hi))
    return labels


def legend_entries(classes: Classes | None, unit: str, lang: str, gap_mode: bool = False,
                   decimals: int | None = None) -> list[tuple[RGB, str]]:
    """(colour, label) per class, lowest first, then the grey 'no data' entry; `decimals`: the figures' own."""
    entries: list[tuple[RGB, str]] = []
    if classes is not None:
        label_unit = "pp" if gap_mode and unit == "percent" else unit
        entries += zip(classes.colours, class_labels(classes, label_unit, lang, signed=gap_mode,
                                                          decimals=decimals))
    entries.append((MISSING_RGB, t("no_data", lang)))
    return entries
