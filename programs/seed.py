"""Seed facts: the five-year report's figures (data/programs.yaml) loaded into a new, empty store.

Idempotent: a store that already holds programs or counts is left alone, so staff corrections and
retractions are never undone by a restart.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from programs.models import Count, Program
from programs.store import add_count, add_program
from programs.validation import CountIn, ProgramIn
from yamlfile import read_yaml

PROGRAMS_YAML = Path(__file__).resolve().parent.parent / "data" / "programs.yaml"
SEED_USER = "seed: vijfjarenrapportage"
SEED_REASON = "seed: data/programs.yaml"
# Every shipped count, story and quote comes from the five-year report, which prints no date; it closes the
# Preventiecoalitie (extended to the end of 2024) and reports full-year 2023 figures, so it appeared in 2024.
REPORT_TITLE, REPORT_YEAR = "5 jaar Gezond en Gelukkig Den Haag", 2024
REPORT_CITED = "Vijfjarenrapportage Gezond en Gelukkig Den Haag"  # how the shipped counts' sources name it
# What one unit of a program counts (issue #18, validation.COUNT_KINDS); only `residents` are small-count
# suppressed below city level.
UNKNOWN_KIND = "residents"  # a program without a stated kind is treated as people: "<5" protects them


@dataclass(frozen=True)
class ProgramMeta:
    """What the catalogue says about a program beyond its names: kind of count and the need it answers."""

    kind: str = UNKNOWN_KIND
    need_indicator: str | None = None
    need_age: str | None = None


@lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    return read_yaml(path)


def _bilingual(entry: dict[str, Any], key: str) -> dict[str, Any]:
    value = entry.get(key) or {}
    return {f"{key}_nl": value.get("nl", ""), f"{key}_en": value.get("en", "")}


def seed_programs(path: Path = PROGRAMS_YAML) -> list[ProgramIn]:
    meta = program_meta(path)
    return [ProgramIn(id=p["id"], theme=p["theme"], unit=p["unit"], position=i, **_bilingual(p, "name"),
                      **_bilingual(p, "description"), **_bilingual(p, "unit_label"),
                      **_bilingual(p, "unit_label_one"), count_kind=meta[p["id"]].kind,
                      need_indicator=meta[p["id"]].need_indicator, need_age=meta[p["id"]].need_age)
            for i, p in enumerate(_read(path)["programs"])]


def program_meta(path: Path = PROGRAMS_YAML) -> dict[str, ProgramMeta]:
    """Program id -> kind of count and need indicator, from data/programs.yaml (the seed's own catalogue)."""
    out = {}
    for p in _read(path)["programs"]:
        need = p.get("need") or {}
        out[p["id"]] = ProgramMeta(kind=p.get("count_kind", UNKNOWN_KIND), need_indicator=need.get("indicator"),
                                   need_age=need.get("age"))
    return out


def count_kind(program_id: str) -> str:
    """The kind of count of a program; programs added in the app without one count as residents."""
    meta = program_meta().get(program_id)
    return meta.kind if meta else UNKNOWN_KIND


def seed_counts(path: Path = PROGRAMS_YAML) -> list[CountIn]:
    fields = ("program", "area", "period_start", "period_end", "value_low", "value_high", "qualifier", "source",
              "quote")
    return [CountIn(**{k: c[k] for k in fields if k in c}, **({k: v or None for k, v in _bilingual(c, "note").items()}))
            for c in _read(path)["counts"]]


def is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Program)) and \
        not session.scalar(select(func.count()).select_from(Count))


def backfill_meta(session: Session, path: Path = PROGRAMS_YAML) -> int:
    """Kind of count and need indicator for seed programs of a store seeded before migration 0004 (which gave
    every program the default kind): only programs no admin has edited (version 1, created by the seed) that
    still have the defaults. Returns the number of programs updated."""
    updated = 0
    for program_id, meta in program_meta(path).items():
        if meta == ProgramMeta():
            continue  # the defaults already
        result = session.execute(
            update(Program)
            .where(Program.id == program_id, Program.created_by == SEED_USER, Program.version == 1,
                   Program.count_kind == UNKNOWN_KIND, Program.need_indicator.is_(None))
            .values(count_kind=meta.kind, need_indicator=meta.need_indicator, need_age=meta.need_age))
        updated += result.rowcount or 0
    return updated


def seed_store(session: Session, path: Path = PROGRAMS_YAML) -> int:
    """Load the report's programs and counts into an empty store; returns the number of counts added.
    A store seeded before the kinds of count existed gets them (`backfill_meta`)."""
    if not is_empty(session):
        backfill_meta(session, path)
        return 0
    for program in seed_programs(path):
        add_program(session, program, SEED_USER)
    counts = seed_counts(path)
    for count in counts:
        add_count(session, count, SEED_USER, SEED_REASON)
    return len(counts)
