"""Focus areas and groups of areas (data/areas.yaml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
