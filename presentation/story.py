"""A story: a named list of slides, each a saved view (map, profile, comparison, program series) or a "verhaal".

The default story of the Breed Overleg lives in data/story_breed_overleg.yaml (in the repo). Stories that editors
build on /presentatie are saved in the program store (`programs.stories`: one database for every replica, every
save and delete a revision, a delete undoable); a saved story that no longer fits the model is listed as a problem,
never a crash. Viewers build and present a draft (`DRAFT_STORY_ID`) that lives in their session only.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from sqlalchemy.orm import Session, sessionmaker

from indicators.codes import AREA_CODE
from indicators.view import LEVELS, MAX_AREAS, MAX_INDICATORS, MODES, STORY_ID, View
from programs import stories
from yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORY_FILE = ROOT / "data" / "story_breed_overleg.yaml"
DEFAULT_STORY_ID = "breed_overleg"
DRAFT_STORY_ID = "concept"  # a story built on /presentatie and shown without saving (any role)
SLIDE_TYPES = ("map", "profile", "compare", "program", "verhaal")
MAX_SLIDES = 60
# The profile slide shows a few headline indicators (a spine of all ~60 does not fit a projector).
PROFILE_INDICATORS = (
    "ervaren_gezondheid_goed_zeer_goed", "overgewicht", "roker", "voldoet_aan_beweegrichtlijn",
    "hoog_risico_op_angst_of_depressie", "eenzaam", "een_of_meer_langdurige_aandoeningen", "moeite_met_rondkomen",
)
COMPARE_AREAS = ("WK051836", "WK051838", "WK051833")  # Moerwijk, Laakkwartier en Spoorwijk, Bouwlust en Vrederust
COMPARE_INDICATORS = ("ervaren_gezondheid_goed_zeer_goed", "moeite_met_rondkomen", "overgewicht", "eenzaam")

Text = dict[Literal["nl", "en"], str]


class StoryError(Exception):
    pass


class StoryNotFound(StoryError, LookupError):
    pass


class _Slide(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Text | None = None  # replaces the automatic title
    note: Text | None = None  # added to the speaker notes


class MapSlide(_Slide):
    type: Literal["map"] = "map"
    indicator: str
    level: Literal[LEVELS] = "wijk"  # type: ignore[valid-type]
    year: int
    mode: Literal[MODES] = "value"  # type: ignore[valid-type]
    age: Literal["18plus", "65plus"] = "18plus"


class ProfileSlide(_Slide):
    type: Literal["profile"] = "profile"
    area: str
    age: Literal["18plus", "65plus"] = "18plus"
    indicators: list[str] = Field(default_factory=lambda: list(PROFILE_INDICATORS), min_length=1, max_length=16)

    @field_validator("area")
    @classmethod
    def _code(cls, value: str) -> str:
        if not AREA_CODE.fullmatch(value):
            raise ValueError(f"{value!r} is not a CBS area code")
        return value


class CompareSlide(_Slide):
    type: Literal["compare"] = "compare"
    areas: list[str] = Field(min_length=1, max_length=MAX_AREAS)
    indicators: list[str] = Field(min_length=1, max_length=MAX_INDICATORS)
    year: int = 2020
    age: Literal["18plus", "65plus"] = "18plus"

    @field_validator("areas")
    @classmethod
    def _codes(cls, value: list[str]) -> list[str]:
        bad = [c for c in value if not AREA_CODE.fullmatch(c)]
        if bad:
            raise ValueError(f"not CBS area codes: {', '.join(bad)}")
        return list(dict.fromkeys(value))


class ProgramSlide(_Slide):
    type: Literal["program"] = "program"
    program: str
    areas: list[str] = Field(default_factory=list)  # empty: every area with counts of the program


class VerhaalSlide(_Slide):
    """Text and a quote: a story of data/stories.yaml by id, or text written here ("tellen én vertellen")."""

    type: Literal["verhaal"] = "verhaal"
    story: str | None = None
    text: Text | None = None
    quote: Text | None = None
    quote_by: Text | None = None  # who said it, in each language ('voorwoord' / 'foreword')
    source: str | None = None

    @field_validator("quote_by", mode="before")
    @classmethod
    def _one_text_is_dutch(cls, value: object) -> object:
        """A story saved before quote_by had languages holds one text: Dutch, as the report it comes from."""
        return {"nl": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _something_to_tell(self) -> VerhaalSlide:
        if not self.story and not self.text and not self.quote:
            raise ValueError("a verhaal slide needs a story id, a text or a quote")
        return self


Slide = Annotated[MapSlide | ProfileSlide | CompareSlide | ProgramSlide | VerhaalSlide,
                  Field(discriminator="type")]


class Story(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: Text
    subtitle: Text | None = None
    gemeente: str = "GM0518"
    slides: list[Slide] = Field(default_factory=list, max_length=MAX_SLIDES)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not STORY_ID.fullmatch(value):
            raise ValueError(f"{value!r}: a story id is lowercase letters, digits, - and _ (at most 64)")
        return value

    def text(self, field: str, lang: str) -> str:
        value = getattr(self, field) or {}
        return value.get(lang) or value.get("nl") or ""


def text_of(value: Text | None, lang: str) -> str:
    """The text in `lang`, else Dutch, else ''."""
    if not value:
        return ""
    return value.get(lang) or value.get("nl") or next(iter(value.values()), "")  # type: ignore[arg-type]


# --- reading and writing ---------------------------------------------------------------------------------------


def parse_story(data: object) -> Story:
    """A story from parsed YAML/JSON; raises StoryError with pydantic's message when it does not fit the model."""
    try:
        return Story.model_validate(data)
    except ValidationError as exc:
        raise StoryError(str(exc)) from exc


@lru_cache(maxsize=4)
def _default(path: Path, mtime: float) -> Story:
    return parse_story(read_yaml(path))


def default_story(path: Path = DEFAULT_STORY_FILE) -> Story:
    """The story of the Breed Overleg (data/story_breed_overleg.yaml)."""
    return _default(path, path.stat().st_mtime)


def story_id_for(name: str, taken: Iterable[str] = ()) -> str:
    """A URL-safe id from a name: 'Breed Overleg maart' -> 'breed-overleg-maart'; never a reserved id (the default
    story, a viewer's draft), and with -2, -3 ... when `taken` already holds it."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:56] or "verhaal"
    taken = set(taken) | set(stories.RESERVED_IDS)
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _document(story: Story) -> dict:
    return story.model_dump(mode="json", exclude_none=True)


def save_story(story: Story, sessions: sessionmaker[Session], user: str,
               expected_version: int | None = None) -> stories.Saved:
    """Save a user story in the store (a new revision if it exists). The default story is part of the repository
    and cannot be overwritten here."""
    if story.id == DEFAULT_STORY_ID:
        raise StoryError(f"'{DEFAULT_STORY_ID}' is the default story: save under another name")
    if not story.slides:
        raise StoryError("a story needs at least one slide")
    with sessions.begin() as session:
        return stories.save(session, story.id, story.text("title", "nl"), _document(story), user, expected_version)


def delete_story(story_id: str, sessions: sessionmaker[Session], user: str) -> None:
    """Mark a saved story deleted (a revision; `restore_story` undoes it)."""
    try:
        with sessions.begin() as session:
            stories.delete(session, story_id, user)
    except stories.StoryMissing as exc:
        raise StoryNotFound(str(exc)) from exc


def restore_story(story_id: str, sessions: sessionmaker[Session], user: str) -> None:
    try:
        with sessions.begin() as session:
            stories.restore(session, story_id, user)
    except stories.StoryMissing as exc:
        raise StoryNotFound(str(exc)) from exc


@dataclass(frozen=True)
class Listing:
    stories: dict[str, Story]  # id -> story, the default story first
    problems: dict[str, str]  # story id -> why it cannot be shown
    deleted: dict[str, str] = field(default_factory=dict)  # id -> title of deleted stories (newest first)


def list_stories(sessions: sessionmaker[Session] | None) -> Listing:
    """The default story and every saved story that reads as a story (sorted by title); without a store (None),
    the default story alone."""
    found: dict[str, Story] = {DEFAULT_STORY_ID: default_story()}
    problems: dict[str, str] = {}
    if sessions is None:
        return Listing(found, problems)
    with sessions() as session:
        saved, deleted = stories.listing(session), stories.listing(session, deleted=True)
    for entry in saved:
        try:
            story = parse_story(entry.document)
        except StoryError as exc:
            problems[entry.id] = str(exc).splitlines()[0]
            continue
        if story.id != entry.id:
            problems[entry.id] = f"id {story.id!r} does not match"
            continue
        found[story.id] = story
    return Listing(found, problems, {d.id: d.title for d in deleted})


def load_story(story_id: str = "", sessions: sessionmaker[Session] | None = None) -> Story:
    """The story with this id ('' or the default id: the default story); StoryNotFound if there is none."""
    if not story_id or story_id == DEFAULT_STORY_ID:
        return default_story()
    if sessions is None:
        raise StoryNotFound(f"no saved story {story_id!r}")
    with sessions() as session:
        entry = stories.get(session, story_id)
    if entry is None:
        raise StoryNotFound(f"no saved story {story_id!r}")
    return parse_story(entry.document)


# --- slides from views ------------------------------------------------------------------------------------------


def slide_from_view(view: View, kind: str, *, program: str | None = None, story: str | None = None) -> Slide:
    """The session's current view as a slide of the given type ("add this view to the story")."""
    if kind == "map":
        return MapSlide(indicator=view.indicator, level=view.level, year=view.year, mode=view.mode, age=view.age)
    if kind == "profile":
        return ProfileSlide(area=view.area or view.gemeente, age=view.age)
    if kind == "compare":
        return CompareSlide(areas=list(view.areas or COMPARE_AREAS),
                            indicators=list(view.indicators or COMPARE_INDICATORS), year=view.year, age=view.age)
    if kind == "program":
        if not program:
            raise StoryError("a program slide needs a program id")
        return ProgramSlide(program=program)
    if kind == "verhaal":
        if not story:
            raise StoryError("a verhaal slide needs a story id")
        return VerhaalSlide(story=story)
    raise StoryError(f"unknown slide type {kind!r}")


def slide_view(slide: Slide, view: View) -> tuple[str, View]:
    """The page (url path, '' for the map) and view that show this slide in the dashboard: for its link."""
    base = View(lang=view.lang, gemeente=view.gemeente)
    if isinstance(slide, MapSlide):
        return "", replace(base, indicator=slide.indicator, level=slide.level, year=slide.year, mode=slide.mode,
                           age=slide.age)
    if isinstance(slide, ProfileSlide):
        return "profiel", replace(base, area=None if slide.area.startswith("GM") else slide.area, age=slide.age)
    if isinstance(slide, CompareSlide):
        return "vergelijk", replace(base, areas=tuple(slide.areas), indicators=tuple(slide.indicators),
                                    year=slide.year, age=slide.age)
    if isinstance(slide, ProgramSlide):  # its program in the series chart, its areas as the filter
        return "programmas", replace(base, series=slide.program, places=tuple(slide.areas))
    return "presentatie", replace(base, slide=view.slide, story=view.story)


def move(slides: list, index: int, step: int) -> list:
    """A copy of `slides` with the slide at `index` moved `step` places (clamped at the ends)."""
    out = list(slides)
    if not 0 <= index < len(out):
        return out
    target = max(0, min(len(out) - 1, index + step))
    out.insert(target, out.pop(index))
    return out
