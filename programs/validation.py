"""Validation of program counts and programs, shared by the seed, the store and data entry (#8).

Every rule raises a pydantic error whose `type` is a short code (`negative`, `low_above_high`,
`end_before_start`, `future_period`, `implausible_period`, `unknown_area`, `unknown_program`, `empty_source`, ...); `field_errors` turns a
ValidationError into one (field, code, values) per problem, and the pages show the text
`prog_err_<code>` from the i18n catalogue in the user's language.

Membership rules need the store: pass `context={"programs": {...}, "areas": {...}}` to `model_validate`
(`validate_count` does). Without context only the form of a program id / area code is checked. The context's
`whole` (program ids, `whole_programs`) names the programs whose counts must be whole numbers (`not_whole`).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from indicators.areas import groups
from indicators.codes import LEVEL_OF_PREFIX

THEMES = ("wijkpreventie", "gezond_opgroeien", "samenwerking_sociaal_medisch", "leefstijl_als_medicijn")
UNITS = ("participants", "referrals", "persons", "fte", "sessions", "conversations", "coaches", "children",
         "volunteers", "initiatives", "locations", "visits", "households", "organisations", "other")
# Counts of these units are counts of people: below city level a value under 5 shows as "<5".
PEOPLE_UNITS = frozenset({"participants", "referrals", "persons", "coaches", "children", "volunteers",
                          "households"})
# Units of things counted one by one (people, referrals, sessions, places, ...): their counts are whole numbers,
# unless the unit label makes them an average or a rate ('deelnemers per groep'). FTE and `other` may hold fractions.
WHOLE_UNITS = frozenset(UNITS) - {"fte", "other"}
PER = re.compile(r"\bper\b", re.IGNORECASE)
QUALIFIERS = ("exact", "about", "more_than", "at_least", "less_than")
Theme = Literal["wijkpreventie", "gezond_opgroeien", "samenwerking_sociaal_medisch", "leefstijl_als_medicijn"]
Unit = Literal["participants", "referrals", "persons", "fte", "sessions", "conversations", "coaches", "children",
               "volunteers", "initiatives", "locations", "visits", "households", "organisations", "other"]
Qualifier = Literal["exact", "about", "more_than", "at_least", "less_than"]
COUNT_KINDS = ("residents", "staff", "groups", "activities", "places")
CountKind = Literal["residents", "staff", "groups", "activities", "places"]
CBS_CODE = re.compile(r"^(NL01|GM\d{4}|WK\d{6}|BU\d{8})$")
# Issue #11. Larger than any count of the network, and every whole number up to it is stored exactly (a float holds
# 15-16 digits: '12345678901234567890' would be saved silently as 12345678901234567000).
MAX_VALUE = 1_000_000_000
# The first year a count may be about (issue #21): the network started in 2018; earlier figures of its programs
# go back a few years, never to 1900.
FIRST_YEAR = 2000
QUOTED_LIMIT = 200  # characters of a refused value quoted in its message
# Invisible control characters in text: C0 (except tab and line breaks), DEL, C1, and the bidirectional overrides
# and isolates that can make text read differently than it is stored. PostgreSQL refuses NUL in text outright, so
# without this rule an upload could pass its check and then fail to import.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PROGRAM_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
# pydantic's own error types -> our codes (same catalogue keys as our own rules)
PYDANTIC_CODES = {
    "missing": "required", "float_parsing": "not_a_number", "float_type": "not_a_number",
    "finite_number": "not_a_number", "date_parsing": "not_a_date", "date_from_datetime_parsing": "not_a_date",
    "date_type": "not_a_date", "literal_error": "not_allowed", "extra_forbidden": "unknown_field",
    "string_type": "not_text",
}


def _today(info: ValidationInfo) -> dt.date:
    """The context's `today` (tests, the upload's Known), else the date of the machine."""
    today = info.context.get("today") if isinstance(info.context, Mapping) else None
    return today or dt.date.today()


def _error(code: str, message: str, **values: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, values)


def _context(info: ValidationInfo, key: str) -> Collection[str] | None:
    return (info.context or {}).get(key) if isinstance(info.context, Mapping) else None


def counts_whole(unit: str, *unit_labels: str) -> bool:
    """Whether a program's counts must be whole numbers: a unit of WHOLE_UNITS whose labels name no average or
    rate ('participants' yes; 'participants per group', 'FTE', 'other' no)."""
    return unit in WHOLE_UNITS and not any(PER.search(label or "") for label in unit_labels)


def whole_programs(programs: Iterable[Any]) -> frozenset[str]:
    """The ids of the programs (anything with id, unit, unit_label_nl and unit_label_en: a ProgramIn, a row of
    store.list_programs) whose counts must be whole numbers (`counts_whole`): the validation context's `whole`."""
    return frozenset(p.id for p in programs if counts_whole(p.unit, p.unit_label_nl, p.unit_label_en))


def is_area_group(area: str) -> bool:
    return area in groups()


def area_level(area: str) -> str:
    """nl | gemeente | wijk | buurt; a group counts as its coarsest member (the GLI region is 'gemeente')."""
    if area in groups():
        levels = {area_level(m) for m in groups()[area]["members"]}
        return next((lv for lv in ("nl", "gemeente", "wijk") if lv in levels), "buurt")
    return LEVEL_OF_PREFIX.get(area[:2], "buurt")


def _visible(value: str) -> str:
    """Text without invisible control characters (CONTROL_CHARS), else the `control_char` error naming it."""
    found = CONTROL_CHARS.search(value)
    if found:
        raise _error("control_char", "contains the invisible control character {char}",
                     char=f"U+{ord(found.group()):04X}")
    return value


class CountIn(BaseModel):
    """One count as entered: program, area, period, value or range, source."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    program: str
    area: str
    period_start: dt.date
    period_end: dt.date
    value_low: float
    value_high: float | None = Field(default=None, validate_default=True)  # None: same as value_low
    qualifier: Qualifier = "exact"
    source: str
    quote: str | None = None
    note_nl: str | None = None
    note_en: str | None = None

    @field_validator("program")
    @classmethod
    def _program(cls, value: str, info: ValidationInfo) -> str:
        known = _context(info, "programs")
        if not PROGRAM_ID.match(value) or (known is not None and value not in known):
            raise _error("unknown_program", "unknown program '{program}'", program=value)
        return value

    @field_validator("area")
    @classmethod
    def _area(cls, value: str, info: ValidationInfo) -> str:
        known = _context(info, "areas")
        if is_area_group(value):
            return value
        if not CBS_CODE.match(value) or (known is not None and value not in known):
            raise _error("unknown_area", "unknown area '{area}': a CBS code (GM…, WK…, BU…) or an area group",
                         area=value)
        return value

    @field_validator("value_low", "value_high")
    @classmethod
    def _not_negative(cls, value: float | None) -> float | None:
        if value is None:
            return value
        if math.isnan(value) or math.isinf(value):
            raise _error("not_a_number", "not a number ({value})", value=str(value))
        if value < 0:
            raise _error("negative", "must not be negative (got {value})", value=value)
        if value > MAX_VALUE:
            raise _error("too_big", "more than {max} is not a count we can store exactly", value=value,
                         max=float(MAX_VALUE))
        return value

    @field_validator("value_low", "value_high")
    @classmethod
    def _whole(cls, value: float | None, info: ValidationInfo) -> float | None:
        """A count of a program in the context's `whole` (program ids, see `whole_programs`) is a whole number:
        12.5 referrals is a typing error, not a count."""
        whole = _context(info, "whole")
        if value is None or whole is None or info.data.get("program") not in whole:
            return value
        if not float(value).is_integer():
            raise _error("not_whole", "must be a whole number: this program counts whole units (got {value})",
                         value=value)
        return value

    @field_validator("value_high")
    @classmethod
    def _range(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("value_low")
        if value is None or low is None:
            return low if value is None else value
        if low > value:
            raise _error("low_above_high", "the low value {low} is above the high value {high}", low=low, high=value)
        return value

    @field_validator("period_start", "period_end")
    @classmethod
    def _plausible(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        """A period of the network's counts lies between FIRST_YEAR and next year: a year 0001 or 1900 is a
        typing error (and one such row would stretch every period axis to it)."""
        last = _today(info).year + 1
        if not FIRST_YEAR <= value.year <= last:
            raise _error("implausible_period", "the date {date} is outside {first}-{last}", date=value.isoformat(),
                         first=str(FIRST_YEAR), last=str(last))
        return value

    @field_validator("period_start")
    @classmethod
    def _not_future(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        """A count is about what has happened: a period may not start after today (context `today`, else the
        date of the machine)."""
        if value > _today(info):
            raise _error("future_period", "the period starts in the future ({start})", start=value.isoformat())
        return value

    @field_validator("period_end")
    @classmethod
    def _period(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("period_start")
        if start is not None and value < start:
            raise _error("end_before_start", "the period ends ({end}) before it starts ({start})",
                         start=start.isoformat(), end=value.isoformat())
        return value

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if not value:
            raise _error("empty_source", "a source is required (document and section or page)")
        return _visible(value)

    @field_validator("quote", "note_nl", "note_en")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return _visible(value) if value else None


class ProgramIn(BaseModel):
    """A program: one series of one kind of number (one unit)."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid", frozen=True)

    id: str
    name_nl: str
    name_en: str
    description_nl: str = ""
    description_en: str = ""
    theme: Theme
    unit: Unit
    unit_label_nl: str
    unit_label_en: str
    unit_label_one_nl: str  # the unit after exactly one ('speeltuin'); unit_label_* after any other count
    unit_label_one_en: str
    position: int = 0
    count_kind: CountKind = "residents"  # what one unit counts (issue #18): only residents get "<5"
    need_indicator: str | None = None  # an indicator id of data/indicators.yaml: reach per 1,000 with that need
    need_age: Literal["18plus", "65plus"] | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not PROGRAM_ID.match(value):
            raise _error("bad_program_id", "'{id}' is not a program id (lower case, digits and _)", id=value)
        return value

    @field_validator("name_nl", "name_en", "unit_label_nl", "unit_label_en", "unit_label_one_nl",
                     "unit_label_one_en")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        if not value:
            raise _error("required", "required")
        return value


def validate_count(data: CountIn | Mapping[str, Any], programs: Collection[str],
                   areas: Collection[str] | None = None, today: dt.date | None = None,
                   whole: Collection[str] | None = None) -> CountIn:
    """Validate (again) against the store's programs and, when given, the known CBS area codes.
    `today`: the date a period may not start after (default: today); `whole`: the programs whose counts must be
    whole numbers (`whole_programs`; None: not checked)."""
    raw = data.model_dump() if isinstance(data, CountIn) else dict(data)
    return CountIn.model_validate(raw, context={"programs": programs, "areas": areas, "today": today,
                                                "whole": whole})


@dataclass(frozen=True)
class FieldError:
    field: str
    code: str
    values: dict[str, Any]
    message: str


def field_errors(exc: ValidationError) -> list[FieldError]:
    """One entry per problem: the field, our code (i18n key `prog_err_<code>`), its values, pydantic's text."""
    out = []
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"]) or "__all__"
        code = PYDANTIC_CODES.get(err["type"], err["type"])
        values = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
        if "value" not in values and isinstance(err.get("input"), (str, int, float)):  # what was typed, quoted
            values["value"] = str(err["input"])[:QUOTED_LIMIT]
        out.append(FieldError(field, code, values, err["msg"]))
    return out
