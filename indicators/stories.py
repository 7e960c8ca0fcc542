"""Stories per area ("vertellen" next to "tellen"): which stories of data/stories.yaml belong to an area.

Pure functions, no Streamlit: the profile page, the presentation and tests call them alike.

An area code resolves as follows (codes are CBS codes; groups come from data/areas.yaml via `indicators.areas.groups`):
- a wijk (`WK051836`): stories tagged with the wijk, or with a group that holds it (`zuidwest` holds Moerwijk);
- a buurt (`BU05183601`): its wijk's stories (the CBS buurt code embeds the wijk code: `BU` + gemeente + wijk +
  2 digits), plus any tagged with the buurt itself;
- a group id (`zuidwest`): stories tagged with the group, with one of its members, or with another group that
  shares a member;
- a gemeente (`GM0518`): every story in the gemeente: tagged with the gemeente, with a group holding it, with one
  of its wijken, or with a group of its wijken.
Closest first: the area itself, then the buurt's wijk, then groups holding the area, then parts of the area;
within one kind the order of stories.yaml. An unknown code gives an empty list, never an error.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.areas import groups as area_groups, part_of_gemeente
from yamlfile import read_yaml

STORIES_FILE = Path(__file__).resolve().parent.parent / "data" / "stories.yaml"
LANGUAGES = ("nl", "en")
DEFAULT_LANG = "nl"

BUURT_CODE = re.compile(r"^BU(\d{4})(\d{2})\d{2}$")
WIJK_CODE = re.compile(r"^WK(\d{4})\d{2}$")
GEMEENTE_CODE = re.compile(r"^GM(\d{4})$")

# How a story reached the area, closest first (the sort order of `stories_for`).
MATCH_ORDER = ("area", "wijk", "group", "part")


@dataclass(frozen=True)
class AreaStory:
    """One story in one language, and how it was found for the asked area."""

    id: str
    theme: str  # wijkpreventie | gezond_opgroeien | samenwerking_sociaal_medisch | leefstijl_als_medicijn
    title: str
    summary: str
    quote: str | None
    quote_by: str | None
    source: str
    source_excerpt: str
    areas: tuple[str, ...]  # the codes and group ids the story is tagged with
    via: str  # the tag that matched (a code or a group id)
    match: str  # one of MATCH_ORDER


@lru_cache(maxsize=4)
def load_stories(path: Path = STORIES_FILE) -> tuple[dict, ...]:
    """The raw stories of stories.yaml (read once per process)."""
    data = read_yaml(path) or {}
    return tuple(data.get("stories") or ())


def parent_wijk(buurt_code: str) -> str | None:
    """`BU05183601` -> `WK051836` (CBS buurt codes start with their wijk's digits); None for other codes."""
    match = BUURT_CODE.match(buurt_code)
    return f"WK{match.group(1)}{match.group(2)}" if match else None


def _members(tag: str, groups: Mapping[str, Mapping]) -> set[str]:
    group = groups.get(tag)
    return set(group.get("members") or ()) if group else set()


def _match(tag: str, area: str, groups: Mapping[str, Mapping]) -> str | None:
    """How one story tag reaches `area` (see MATCH_ORDER), or None."""
    if tag == area:
        return "area"
    members = _members(tag, groups)
    buurt_wijk = parent_wijk(area)
    if buurt_wijk:
        if tag == buurt_wijk:
            return "wijk"
        return "group" if buurt_wijk in members or area in members else None
    if WIJK_CODE.match(area):
        return "group" if area in members else None
    if GEMEENTE_CODE.match(area):
        if area in members:
            return "group"
        part = re.compile(part_of_gemeente(area))
        return "part" if all(part.match(code) for code in members or {tag}) else None
    if area in groups:
        wanted = _members(area, groups)
        if tag in wanted:
            return "part"
        return "group" if members & wanted else None
    return None


def _text(value: object, lang: str) -> str | None:
    if isinstance(value, Mapping):
        text = value.get(lang) or value.get(DEFAULT_LANG)
        return str(text) if text else None
    return str(value) if value else None


def localise(story: Mapping, lang: str, via: str = "", match: str = "area") -> AreaStory:
    """A raw story in one language (nl when the language is unknown)."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    return AreaStory(
        id=str(story["id"]),
        theme=str(story.get("theme", "")),
        title=_text(story.get("title"), lang) or "",
        summary=_text(story.get("summary"), lang) or "",
        quote=_text(story.get("quote"), lang),
        quote_by=_text(story.get("quote_by"), lang),
        source=str(story.get("source", "")),
        source_excerpt=str(story.get("source_excerpt", "")),
        areas=tuple(story.get("areas") or ()),
        via=via,
        match=match,
    )


def stories_for(area_code: str, lang: str = DEFAULT_LANG, stories: Sequence[Mapping] | None = None,
                groups: Mapping[str, Mapping] | None = None) -> list[AreaStory]:
    """The stories of an area (wijk, buurt, group id or gemeente), closest first, in `lang` (module docstring)."""
    area = (area_code or "").strip()
    if not area:
        return []
    stories = load_stories() if stories is None else stories
    groups = area_groups() if groups is None else groups
    found: list[tuple[int, int, AreaStory]] = []
    for position, story in enumerate(stories):
        best: tuple[int, str] | None = None
        for tag in story.get("areas") or ():
            kind = _match(str(tag), area, groups)
            if kind and (best is None or MATCH_ORDER.index(kind) < best[0]):
                best = (MATCH_ORDER.index(kind), str(tag))
        if best:
            found.append((best[0], position, localise(story, lang, via=best[1], match=MATCH_ORDER[best[0]])))
    return [story for _, _, story in sorted(found, key=lambda item: item[:2])]


def story_markdown(story: AreaStory, source_label: str = "") -> str:
    """A story as markdown (title, summary, quote, source): one card on a page or one slide.

    `source_label` precedes the source, e.g. t("...", lang); the source itself names the seed document.
    """
    parts = [f"**{story.title}**", story.summary]
    if story.quote:
        by = f"\n>\n> — {story.quote_by}" if story.quote_by else ""
        quote = story.quote.strip().strip('“”"')
        parts.append(f"> “{quote}”{by}")
    if story.source:
        parts.append(f"*{source_label}{story.source}*")
    return "\n\n".join(parts)
