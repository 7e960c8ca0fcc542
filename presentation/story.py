"""A story: a named list of slides, each a saved view (map, profile, comparison, program series) or a "verhaal".

The default story of the Breed Overleg lives in data/story_breed_overleg.yaml (in the repo). Stories that editors
build on /presentatie are YAML files in the user data folder: `$WIJKDASHBOARD_STORIES_DIR`, else `stories/` in the
store's data folder (`programs.db.data_dir()`: `$WIJKDASHBOARD_DB_DIR` or platformdirs' user_data_dir
('wijkdashboard')). One file per story, `<id>.yaml`, written atomically; a file that does not parse is skipped with
a message, never a crash.
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from indicators.view import LEVELS, MAX_AREAS, MAX_INDICATORS, MODES, STORY_ID, View
from yamlfile import read_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORY_FILE = ROOT / "data" / "story_breed_overleg.yaml"
DEFAULT_STORY_ID = "breed_overleg"
ENV_STORIES_DIR = "WIJKDASHBOARD_STORIES_DIR"
SLIDE_TYPES = ("map", "profile", "compare", "program", "verhaal")
MAX_SLIDES = 60
# The profile slide shows a few headline indicators (a spine of all ~60 does not fit a projector).
PROFILE_INDICATORS = (
    "ervaren_gezondheid_goed_zeer_goed", "overgewicht", "roker", "voldoet_aan_beweegrichtlijn",
    "hoog_risico_op_angst_of_depressie", "eenzaam", "een_of_meer_langdurige_aandoeningen", "moeite_met_rondkomen",
)
COMPARE_AREAS = ("WK051836", "WK051838", "WK051833")  # Moerwijk, Laakkwartier en Spoorwijk, Bouwlust en Vrederust
COMPARE_INDICATORS = ("ervaren_gezondheid_goed_zeer_goed", "moeite_met_rondkomen", "overgewicht", "eenzaam")
AREA_CODE = re.compile(r"(GM\d{4}|WK\d{6}|BU\d{8})")

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
    quote_by: str | None = None
    source: str | None = None

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


def stories_dir() -> Path:
    explicit = os.environ.get(ENV_STORIES_DIR)
    if explicit:
        return Path(explicit)
    from programs.db import data_dir

    return data_dir() / "stories"


def story_id_for(name: str, taken: Iterable[str] = ()) -> str:
    """A file-safe id from a name: 'Breed Overleg maart' -> 'breed-overleg-maart'; never the default story's id,
    and with -2, -3 ... when `taken` already holds it."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:56] or "verhaal"
    taken = set(taken) | {DEFAULT_STORY_ID}
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _path(story_id: str, folder: Path | None = None) -> Path:
    if not STORY_ID.fullmatch(story_id):
        raise StoryNotFound(f"{story_id!r} is not a story id")
    return (folder or stories_dir()) / f"{story_id}.yaml"


def save_story(story: Story, folder: Path | None = None) -> Path:
    """Write a user story to `<id>.yaml` (atomically: a crash never leaves half a file). The default story is
    part of the repository and cannot be overwritten here."""
    if story.id == DEFAULT_STORY_ID:
        raise StoryError(f"'{DEFAULT_STORY_ID}' is the default story: save under another name")
    if not story.slides:
        raise StoryError("a story needs at least one slide")
    path = _path(story.id, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(story.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{story.id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def delete_story(story_id: str, folder: Path | None = None) -> None:
    path = _path(story_id, folder)
    if not path.exists():
        raise StoryNotFound(f"no saved story {story_id!r}")
    path.unlink()


@dataclass(frozen=True)
class Listing:
    stories: dict[str, Story]  # id -> story, the default story first
    problems: dict[str, str]  # file name -> why it was skipped


def list_stories(folder: Path | None = None) -> Listing:
    """The default story and every readable user story (sorted by title)."""
    stories: dict[str, Story] = {DEFAULT_STORY_ID: default_story()}
    problems: dict[str, str] = {}
    folder = folder or stories_dir()
    found: list[Story] = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            try:
                story = parse_story(read_yaml(path))
            except (OSError, yaml.YAMLError, StoryError) as exc:
                problems[path.name] = str(exc).splitlines()[0]
                continue
            if story.id != path.stem or story.id == DEFAULT_STORY_ID:
                problems[path.name] = f"id {story.id!r} does not match the file name"
                continue
            found.append(story)
    for story in sorted(found, key=lambda s: s.text("title", "nl").lower()):
        stories[story.id] = story
    return Listing(stories, problems)


def load_story(story_id: str = "", folder: Path | None = None) -> Story:
    """The story with this id ('' or the default id: the default story); StoryNotFound if there is none."""
    if not story_id or story_id == DEFAULT_STORY_ID:
        return default_story()
    path = _path(story_id, folder)
    if not path.exists():
        raise StoryNotFound(f"no saved story {story_id!r}")
    try:
        return parse_story(read_yaml(path))
    except yaml.YAMLError as exc:
        raise StoryError(str(exc)) from exc


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
        return "", View(indicator=slide.indicator, level=slide.level, year=slide.year, mode=slide.mode,
                        age=slide.age, lang=view.lang, gemeente=view.gemeente)
    if isinstance(slide, ProfileSlide):
        return "profiel", View(area=None if slide.area.startswith("GM") else slide.area, age=slide.age,
                               lang=view.lang, gemeente=view.gemeente)
    if isinstance(slide, CompareSlide):
        return "vergelijk", View(areas=tuple(slide.areas), indicators=tuple(slide.indicators), year=slide.year,
                                 age=slide.age, lang=view.lang, gemeente=view.gemeente)
    if isinstance(slide, ProgramSlide):
        return "programmas", base
    return "presentatie", View(lang=view.lang, gemeente=view.gemeente, slide=view.slide, story=view.story)


def move(slides: list, index: int, step: int) -> list:
    """A copy of `slides` with the slide at `index` moved `step` places (clamped at the ends)."""
    out = list(slides)
    if not 0 <= index < len(out):
        return out
    target = max(0, min(len(out) - 1, index + step))
    out.insert(target, out.pop(index))
    return out
