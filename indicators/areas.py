"""Focus areas and groups of areas (data/areas.yaml)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from yamlfile import read_yaml

AREAS_FILE = Path(__file__).resolve().parent.parent / "data" / "areas.yaml"


@lru_cache(maxsize=1)
def area_config() -> dict:
    return read_yaml(AREAS_FILE)


def focus_area_codes() -> list[str]:
    return list(area_config()["focus_areas"])


def groups() -> dict[str, dict]:
    """Group id -> {name: {nl, en}, members: [codes]}."""
    return {g["id"]: g for g in area_config()["groups"]}
