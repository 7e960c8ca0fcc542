"""Seed facts: the five-year report's figures (data/programs.yaml) loaded into a new, empty store.

Idempotent: a store that already holds programs or counts is left alone, so staff corrections and
retractions are never undone by a restart.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from programs.models import Count, Program
from programs.store import add_count, add_program
from programs.validation import CountIn, ProgramIn
from yamlfile import read_yaml

PROGRAMS_YAML = Path(__file__).resolve().parent.parent / "data" / "programs.yaml"
SEED_USER = "seed: vijfjarenrapportage"
SEED_REASON = "seed: data/programs.yaml"


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    return read_yaml(path)


def _bilingual(entry: dict[str, Any], key: str) -> dict[str, Any]:
    value = entry.get(key) or {}
    return {f"{key}_nl": value.get("nl", ""), f"{key}_en": value.get("en", "")}


def seed_programs(path: Path = PROGRAMS_YAML) -> list[ProgramIn]:
    return [ProgramIn(id=p["id"], theme=p["theme"], unit=p["unit"], position=i, **_bilingual(p, "name"),
                      **_bilingual(p, "description"), **_bilingual(p, "unit_label"))
            for i, p in enumerate(_read(path)["programs"])]


def seed_counts(path: Path = PROGRAMS_YAML) -> list[CountIn]:
    fields = ("program", "area", "period_start", "period_end", "value_low", "value_high", "qualifier", "source",
              "quote")
    return [CountIn(**{k: c[k] for k in fields if k in c}, **({k: v or None for k, v in _bilingual(c, "note").items()}))
            for c in _read(path)["counts"]]


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Program)) and \
        not session.scalar(select(func.count()).select_from(Count))


def seed_store(session: Session, path: Path = PROGRAMS_YAML) -> int:
    """Load the report's programs and counts into an empty store; returns the number of counts added."""
    if not is_empty(session):
        return 0
    for program in seed_programs(path):
        add_program(session, program, SEED_USER)
    counts = seed_counts(path)
    for count in counts:
        add_count(session, count, SEED_USER, SEED_REASON)
    return len(counts)
