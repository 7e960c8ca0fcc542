"""Fisher-Jenks with jenkspy (geo.classify.fisher_jenks_bounds): the same breaks as mapclassify's reference
implementation, and sampled above FISHER_JENKS_SAMPLE values so a national map's first view stays fast."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.classify import FISHER_JENKS_SAMPLE, fisher_jenks_bounds, value_classes


@pytest.mark.parametrize("seed", range(12))
def test_breaks_are_mapclassifys(seed):
    import mapclassify

    rng = np.random.default_rng(seed)
    data = np.round(rng.gamma(2, 10, size=int(rng.integers(8, 400))), 1)
    k = min(5, len(np.unique(data)))
    assert fisher_jenks_bounds(data, k) == pytest.approx(list(mapclassify.FisherJenks(data, k=k).bins))


def test_many_values_are_sampled_yet_close_to_the_exact_breaks():
    import jenkspy

    data = np.random.default_rng(1).gamma(2, 10, size=4 * FISHER_JENKS_SAMPLE)
    bounds = fisher_jenks_bounds(data, 5)
    exact = jenkspy.jenks_breaks(data, n_classes=5)[1:]
    assert bounds[-1] == data.max()
    assert bounds != pytest.approx(exact, rel=1e-9)  # not the exact algorithm on every value ...
    assert bounds == pytest.approx(exact, rel=0.05)  # ... but within 5 % of its breaks


def test_value_classes_use_it():
    values = pd.Series([1.0, 1.1, 1.2, 5.0, 5.1, 9.0, 9.2, np.nan])
    classes = value_classes(values, "fisher_jenks", "higher_is_worse", k=3)
    assert classes.bounds == (1.2, 5.1, 9.2)
