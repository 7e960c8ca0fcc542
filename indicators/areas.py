"""Focus areas and groups of areas (data/areas.yaml)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from indicators.codes import gemeente_of, sub_level
from texts.i18n import t
from yamlfile import read_yaml

AREAS_FILE = Path(__file__).resolve().parent.parent / "data" / "areas.yaml"


def part_of_gemeente(gemeente: str) -> str:
    """A regular expression for the gemeente itself and its wijken and buurten (GM0518, WK0518.., BU0518..): the
    one rule the loaders, the program layer and the stories use."""
    return rf"^(?:{gemeente}$|(?:WK|BU){gemeente[2:]})"


@lru_cache(maxsize=1)
def area_config() -> dict:
    return read_yaml(AREAS_FILE)


def focus_area_codes() -> list[str]:
    return list(area_config()["focus_areas"])


def groups() -> dict[str, dict]:
    """Group id -> {name: {nl, en}, members: [codes]}."""
    return {g["id"]: g for g in area_config()["groups"]}


def groups_in(gemeente: str) -> dict[str, dict]:
    """The groups (as `groups`) that the gemeente or one of its areas is in: where a count can be entered for it.
    Delft's /invoer offered Den Haag Zuidwest. (/vergelijk's usable groups follow a stricter rule: every member an
    area of the gemeente.)"""
    return {gid: group for gid, group in groups().items()
            if any(gemeente_of(member) == gemeente for member in group["members"])}


def distinct_names(codes: Sequence[str], names: Mapping[str, str], lang: str) -> dict[str, str]:
    """`names` of `codes`, each with its level where two of them share a name: Den Haag has a wijk and a buurt
    Oostduinen (17 such pairs), and a chart's legend read 'Oostduinen, Moerwijk, Oostduinen'."""
    shown = {code: names.get(code, code) for code in codes}
    twice = {name for name, n in Counter(shown.values()).items() if n > 1}
    return {code: t("prof_option", lang, name=name, level=t(f"prof_word_{sub_level(code)}", lang))
            if name in twice and sub_level(code) else name for code, name in shown.items()}
