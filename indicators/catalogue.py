"""The indicator catalogue (data/indicators.yaml): what each indicator means and where it comes from."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from texts.i18n import UNIT_DECIMALS
from yamlfile import read_yaml

CATALOGUE_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators.yaml"

Direction = Literal["higher_is_worse", "higher_is_better", "neutral"]
Unit = Literal["percent", "count", "per_1000", "eur_1000", "per_km2", "ha", "km", "number"]
AgeGroup = Literal["18plus", "65plus", "all"]


class Text(BaseModel):
    """A text in both languages; both are required and non-empty."""

    model_config = ConfigDict(extra="forbid")
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Table(BaseModel):
    """A source table (CBS/RIVM StatLine table or the boundary map)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: Text
    publisher: str
    licence: str
    attribution: Text
    url: str
    catalog: Literal["CBS", "RIVM"] = "CBS"


class SourceColumn(BaseModel):
    """One column of one table that holds the indicator for the given years."""

    model_config = ConfigDict(extra="forbid")
    table: str
    column: str
    years: list[int]  # may be empty: a column of the table that holds no value in any published year
    ages: list[AgeGroup] = Field(default_factory=lambda: ["all"])
    # the decimals the source publishes these figures with, where fewer than the unit's (UNIT_DECIMALS): KWB 2015's
    # percentages are whole numbers (../shared/data/PROVENANCE.md), and '25.0%' would claim a precision it lacks
    decimals: int | None = Field(default=None, ge=0)


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: Text
    definition: Text
    unit: Unit
    direction: Direction
    group: str
    sources: list[SourceColumn] = Field(min_length=1)
    counts_people: bool = False  # counts of people: small numbers (<5) are hidden below city level
    share_of: str | None = None  # the count of people this is a percentage of: withheld where that count is below 5
    thresholds: list[float] | None = None  # fixed class bounds that hold across years (map legend)

    @field_validator("id")
    @classmethod
    def _snake_case(cls, v: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", v):
            raise ValueError(f"indicator id {v!r} is not snake_case")
        return v

    @property
    def years(self) -> list[int]:
        return sorted({y for s in self.sources for y in s.years})

    @property
    def available(self) -> bool:
        """False for columns the source table has but never filled (kept so the catalogue is complete)."""
        return bool(self.years)

    @property
    def ages(self) -> list[str]:
        return sorted({a for s in self.sources for a in s.ages})

    def ages_in(self, year: int) -> list[str]:
        """The age groups of its figures of `year` (`all` for CBS's key figures; none in a year it lacks)."""
        return sorted({a for s in self.sources if year in s.years for a in s.ages})

    def decimals(self, year: int | None) -> int:
        """The decimals its figures of `year` are shown and written with, on every page and in every file: those
        its source publishes them with where the catalogue says (KWB 2015: whole percentages), else its unit's."""
        declared = [s.decimals for s in self.sources if s.decimals is not None and year in s.years]
        return min(declared) if declared else UNIT_DECIMALS.get(self.unit, 1)

    def source_table(self, year: int, age: str = "all") -> str:
        """The table its value of a year and age group comes from ('' when the catalogue has none)."""
        return next((s.table for s in self.sources if year in s.years and (age in s.ages or "all" in s.ages)), "")


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    label: Text


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tables: list[Table]
    groups: list[Group]
    indicators: list[Indicator]

    @model_validator(mode="after")
    def _references_exist(self) -> "Catalogue":
        tables = {t.id for t in self.tables}
        groups = {g.id for g in self.groups}
        seen: set[str] = set()
        for ind in self.indicators:
            if ind.id in seen:
                raise ValueError(f"indicator {ind.id!r} is defined twice")
            seen.add(ind.id)
            if ind.group not in groups:
                raise ValueError(f"indicator {ind.id!r}: unknown group {ind.group!r}")
            for src in ind.sources:
                if src.table not in tables:
                    raise ValueError(f"indicator {ind.id!r}: unknown table {src.table!r}")
        counts = {ind.id for ind in self.indicators if ind.counts_people}
        for ind in self.indicators:
            if ind.share_of is not None and ind.share_of not in counts:
                raise ValueError(f"indicator {ind.id!r}: share_of {ind.share_of!r} is no count of people")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def table(self, table_id: str) -> Table:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    def group(self, group_id: str) -> Group:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    @property
    def available_ids(self) -> list[str]:
        """Indicators with data in at least one year: the ones a map or chart can show."""
        return [i.id for i in self.indicators if i.available]

    @property
    def picker_ids(self) -> list[str]:
        """The available indicators by theme, then in catalogue order: the order of every indicator picker."""
        order = {g.id: n for n, g in enumerate(self.groups)}
        position = {i: n for n, i in enumerate(self.ids)}
        return sorted(self.available_ids, key=lambda i: (order[self.indicator(i).group], position[i]))


def indicator_id_from_column(column: str) -> str:
    """The id contract: CBS key without numeric suffix, in snake_case (`Overgewicht_9` -> `overgewicht`)."""
    base = re.sub(r"_\d+$", "", column)
    if base.upper() == base:  # KWB short names such as AANT_INW
        return base.lower()
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[a-z])(?=[0-9])", "_", base)
    return re.sub(r"_+", "_", snake).lower().strip("_")


def read_catalogue(path: Path = CATALOGUE_FILE) -> Catalogue:
    return Catalogue.model_validate(read_yaml(path))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue, parsed once per process."""
    return read_catalogue()
