"""CBS area codes (NL01, GM0518, WK051836, BU05183620): their form, their level and the gemeente they lie in.

One rule for the pages, the links, the program store and the stories; each of them used to spell the prefixes again.
"""
from __future__ import annotations

import re

LEVEL_OF_PREFIX = {"NL": "nl", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
SUB_LEVELS = ("wijk", "buurt")  # the levels below a gemeente
AREA_CODE = re.compile(r"GM\d{4}|WK\d{6}|BU\d{8}")  # a gemeente, wijk or buurt (use fullmatch)


def area_level(code: str) -> str:
    """The level of an area code: NL → nl, GM → gemeente, WK → wijk, BU → buurt."""
    level = LEVEL_OF_PREFIX.get(code[:2].upper())
    if level is None:
        raise ValueError(f"{code!r} is not a CBS area code")
    return level


def gemeente_of(code: str) -> str | None:
    """The gemeente an area lies in (WK051817 and BU05180123 lie in GM0518, a gemeente in itself); None for the
    country and anything that is not a CBS code (a group of areas, data/areas.yaml)."""
    return f"GM{code[2:6]}" if AREA_CODE.fullmatch(code) else None


def sub_level(code: str) -> str | None:
    """wijk or buurt for a code below the gemeente, else None."""
    level = LEVEL_OF_PREFIX.get(code[:2])
    return level if level in SUB_LEVELS else None
