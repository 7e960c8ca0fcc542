"""CBS area codes (indicators.codes): the one rule for a code's level and the gemeente it lies in."""
from __future__ import annotations

import pytest

from indicators.codes import area_level, gemeente_of, sub_level


@pytest.mark.parametrize("code, level", [("NL01", "nl"), ("GM0518", "gemeente"), ("WK051836", "wijk"),
                                         ("BU05183620", "buurt"), ("wk050325", "wijk")])
def test_a_codes_prefix_names_its_level(code, level):
    assert area_level(code) == level


@pytest.mark.parametrize("code", ["XX1", "zuidwest", ""])
def test_anything_else_is_refused(code):
    with pytest.raises(ValueError, match="not a CBS area code"):
        area_level(code)


@pytest.mark.parametrize("code, gemeente", [("WK051817", "GM0518"), ("BU05180123", "GM0518"), ("GM0603", "GM0603"),
                                            ("NL01", None), ("zuidwest", None), ("haaglanden_gli", None),
                                            ("WK05181", None), ("BU0518012345", None)])
def test_an_area_lies_in_the_gemeente_of_its_code(code, gemeente):
    assert gemeente_of(code) == gemeente


@pytest.mark.parametrize("code, level", [("WK051817", "wijk"), ("BU05180123", "buurt"), ("GM0518", None),
                                         ("NL01", None), ("zuidwest", None)])
def test_only_wijken_and_buurten_lie_below_a_gemeente(code, level):
    assert sub_level(code) == level
