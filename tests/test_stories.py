"""Checks for data/stories.yaml: the initiatives and voices ("vertellen") shown next to the numbers ("tellen")."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
STORIES_FILE = ROOT / "data" / "stories.yaml"
SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

THEMES = {"wijkpreventie", "gezond_opgroeien", "samenwerking_sociaal_medisch", "leefstijl_als_medicijn"}
GROUP_IDS = {"zuidwest", "laak", "haaglanden_gli", "GM0518"}
WIJK_CODE = re.compile(r"^WK0518\d\d$")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
SEED_REF = re.compile(r"seeds/(\d{3}_[0-9a-f]+\.txt)")
ALLOWED_KEYS = {"id", "areas", "theme", "title", "summary", "quote", "quote_by", "source", "source_excerpt"}
MAX_EXCERPT = 200
# A summary must be in our own words: no run of this many consecutive words may be copied from its seed.
COPY_RUN = 10


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _load() -> list[dict]:
    with STORIES_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict) and isinstance(data.get("stories"), list), "stories.yaml needs a top-level 'stories' list"
    return data["stories"]


STORIES = _load()


def _seed_files(story: dict) -> list[str]:
    return SEED_REF.findall(story.get("source", ""))


def _seed_text(name: str) -> str:
    path = SEEDS_DIR / name
    if not path.is_file():
        pytest.skip(f"seed {path} not available")
    return _norm(path.read_text(encoding="utf-8"))


def _ids(stories: list[dict]) -> list[str]:
    return [str(s.get("id")) for s in stories]


def test_story_count():
    assert 12 <= len(STORIES) <= 20


def test_ids_unique_and_snake_case():
    ids = _ids(STORIES)
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"
    for sid in ids:
        assert ID_RE.match(sid), f"id not snake_case: {sid!r}"


@pytest.mark.parametrize("story", STORIES, ids=_ids(STORIES))
def test_story_fields(story):
    assert set(story) <= ALLOWED_KEYS, f"unknown keys: {set(story) - ALLOWED_KEYS}"
    for key in ("title", "summary"):
        text = story.get(key)
        assert isinstance(text, dict), f"{key} must be a {{nl, en}} mapping"
        for lang in ("nl", "en"):
            assert isinstance(text.get(lang), str) and text[lang].strip(), f"{key}.{lang} is empty"
    if "quote" in story:
        quote = story["quote"]
        assert isinstance(quote, dict)
        for lang in ("nl", "en"):
            assert isinstance(quote.get(lang), str) and quote[lang].strip(), f"quote.{lang} is empty"
        by = story.get("quote_by")
        assert isinstance(by, dict), "quote without quote_by, or quote_by not a {nl, en} mapping"
        for lang in ("nl", "en"):
            assert isinstance(by.get(lang), str) and by[lang].strip(), f"quote_by.{lang} is empty"
    else:
        assert "quote_by" not in story, "quote_by without quote"
    assert story.get("theme") in THEMES, f"unknown theme {story.get('theme')!r}"
    areas = story.get("areas")
    assert isinstance(areas, list) and areas, "areas must be a non-empty list"
    assert len(areas) == len(set(areas)), "duplicate area"
    for area in areas:
        assert isinstance(area, str) and (WIJK_CODE.match(area) or area in GROUP_IDS), f"bad area {area!r}"
    assert isinstance(story.get("source"), str) and _seed_files(story), "source must name a seeds/NNN_....txt file"
    excerpt = story.get("source_excerpt")
    assert isinstance(excerpt, str) and excerpt.strip(), "source_excerpt is empty"
    assert len(_norm(excerpt)) <= MAX_EXCERPT, f"source_excerpt longer than {MAX_EXCERPT} chars"


@pytest.mark.parametrize("story", STORIES, ids=_ids(STORIES))
def test_excerpt_occurs_in_seed(story):
    excerpt = _norm(story["source_excerpt"])
    files = _seed_files(story)
    texts = [_seed_text(name) for name in files]
    assert any(excerpt in text for text in texts), f"source_excerpt not found in {files}: {excerpt!r}"


@pytest.mark.parametrize("story", [s for s in STORIES if "quote" in s], ids=_ids([s for s in STORIES if "quote" in s]))
def test_quote_is_literal(story):
    """The Dutch quote is literal from the seed (terminal punctuation may differ)."""
    quote = _norm(story["quote"]["nl"]).rstrip(".!?,;:")
    texts = [_seed_text(name) for name in _seed_files(story)]
    assert any(quote in text for text in texts), f"quote not found literally in the seed: {quote!r}"


@pytest.mark.parametrize("story", STORIES, ids=_ids(STORIES))
def test_summary_in_own_words(story):
    words = lambda s: re.findall(r"\w+", s.lower())  # noqa: E731
    texts = [" ".join(words(_seed_text(name))) for name in _seed_files(story)]
    summary = words(story["summary"]["nl"])
    for i in range(len(summary) - COPY_RUN + 1):
        run = " ".join(summary[i : i + COPY_RUN])
        assert not any(f" {run} " in f" {t} " for t in texts), f"summary copies the seed verbatim: {run!r}"
