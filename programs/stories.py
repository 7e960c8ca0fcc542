"""Saved presentation stories in the program store (issue #17): one database for every replica, revisions like
the counts (nothing overwritten without a trace), a delete that can be undone.

A story is kept as a JSON document (the `presentation.story.Story` model checks it when it is read: this layer
sits below presentation and only stores). Callers own the transaction (`with sessions.begin() as session`);
functions flush, never commit. Who may save or delete is the caller's check (editors, `ui.auth`); here every
change needs the name of who made it.

Stories saved before as YAML files (`<id>.yaml` in the stories folder) are imported once with

    python -m programs.stories import [FOLDER]     # default: $WIJKDASHBOARD_STORIES_DIR or <data dir>/stories

A story id already in the store (even deleted) is never imported again, so running it twice changes nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from programs.models import StoredStory, StoryRevision, utcnow
from programs.store import EditorRequired, StoreError, VersionConflict
from yamlfile import read_yaml

ENV_STORIES_DIR = "WIJKDASHBOARD_STORIES_DIR"
IMPORT_USER = "import (YAML)"
RESERVED_IDS = ("breed_overleg", "concept")  # the default story (a file in the repo) and a viewer's draft


class StoryMissing(StoreError, LookupError):
    pass


@dataclass(frozen=True)
class Saved:
    """A stored story as the pages read it: the document and its place in the history."""

    id: str
    title: str
    document: dict[str, Any]
    version: int
    deleted: bool
    changed_by: str
    changed_at: Any


def _editor(user: str) -> str:
    name = (user or "").strip()
    if not name:
        raise EditorRequired("every change needs the name of who made it")
    return name


def _saved(row: StoredStory) -> Saved:
    return Saved(row.id, row.title, json.loads(row.document), row.version, row.deleted, row.changed_by,
                 row.changed_at)


def _revise(session: Session, row: StoredStory, user: str, reason: str) -> None:
    session.add(StoryRevision(story_id=row.id, revision=row.version, title=row.title, document=row.document,
                              deleted=row.deleted, changed_by=user, changed_at=row.changed_at, reason=reason))


def _row(session: Session, story_id: str) -> StoredStory | None:
    return session.get(StoredStory, story_id, populate_existing=True)  # as stored now, not as seen before


def save(session: Session, story_id: str, title: str, document: Mapping[str, Any], user: str,
         expected_version: int | None = None, reason: str = "") -> Saved:
    """A new story (revision 1), or a new revision of an existing (or deleted) one. With `expected_version` the
    save is refused (VersionConflict) when someone saved or deleted it meanwhile."""
    editor = _editor(user)
    if story_id in RESERVED_IDS:
        raise StoreError(f"{story_id!r} is reserved: save under another name")
    text = json.dumps(dict(document), ensure_ascii=False, sort_keys=True)
    now = utcnow()
    row = _row(session, story_id)
    if row is None:
        row = StoredStory(id=story_id, title=title[:200], document=text, deleted=False, created_by=editor,
                          created_at=now, changed_by=editor, changed_at=now)
        session.add(row)
        session.flush()
    else:
        if expected_version is not None and row.version != expected_version:
            raise VersionConflict(0, expected_version, row.version)
        row.title, row.document, row.deleted, row.changed_by, row.changed_at = title[:200], text, False, editor, now
        session.flush()  # bumps the version (SQLAlchemy's version counter)
    _revise(session, row, editor, reason)
    session.flush()
    return _saved(row)


def _set_deleted(session: Session, story_id: str, deleted: bool, user: str, reason: str,
                 expected_version: int | None) -> Saved:
    editor = _editor(user)
    row = _row(session, story_id)
    if row is None or row.deleted == deleted:
        raise StoryMissing(f"no {'saved' if deleted else 'deleted'} story {story_id!r}")
    if expected_version is not None and row.version != expected_version:
        raise VersionConflict(0, expected_version, row.version)
    row.deleted, row.changed_by, row.changed_at = deleted, editor, utcnow()
    session.flush()
    _revise(session, row, editor, reason)
    session.flush()
    return _saved(row)


def delete(session: Session, story_id: str, user: str, expected_version: int | None = None) -> Saved:
    """Mark the story deleted (a new revision; `restore` undoes it)."""
    return _set_deleted(session, story_id, True, user, "delete", expected_version)


def restore(session: Session, story_id: str, user: str) -> Saved:
    """Undo a delete: the story as it was before, as a new revision."""
    return _set_deleted(session, story_id, False, user, "restore", None)


def get(session: Session, story_id: str) -> Saved | None:
    """The story if it is saved and not deleted."""
    row = session.get(StoredStory, story_id)
    return None if row is None or row.deleted else _saved(row)


def listing(session: Session, deleted: bool = False) -> list[Saved]:
    """Saved stories (or, with `deleted`, the deleted ones, newest delete first)."""
    order = StoredStory.changed_at.desc() if deleted else StoredStory.title
    rows = session.scalars(select(StoredStory).where(StoredStory.deleted.is_(deleted)).order_by(order))
    return [_saved(r) for r in rows]


def history(session: Session, story_id: str) -> list[dict[str, Any]]:
    """Every revision of a story, oldest first."""
    rows = session.scalars(select(StoryRevision).where(StoryRevision.story_id == story_id)
                           .order_by(StoryRevision.revision))
    return [{"revision": r.revision, "title": r.title, "deleted": r.deleted, "changed_by": r.changed_by,
             "changed_at": r.changed_at, "reason": r.reason} for r in rows]


# --- the YAML files of before -----------------------------------------------------------------------------------


def stories_dir() -> Path:
    """Where stories were saved as YAML files: $WIJKDASHBOARD_STORIES_DIR, else `stories/` in the data folder."""
    explicit = os.environ.get(ENV_STORIES_DIR)
    if explicit:
        return Path(explicit)
    from programs.db import data_dir

    return data_dir() / "stories"


def _title(document: Mapping[str, Any]) -> str:
    title = document.get("title")
    if isinstance(title, Mapping):
        return str(title.get("nl") or next(iter(title.values()), "") or document.get("id", ""))
    return str(title or document.get("id", ""))


def import_folder(session: Session, folder: Path, user: str = IMPORT_USER) -> tuple[list[str], dict[str, str]]:
    """Every `<id>.yaml` in `folder` whose id is not in the store yet (deleted ones count as there). Returns the
    ids imported and, per file skipped, why."""
    imported: list[str] = []
    skipped: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            document = read_yaml(path)
        except (OSError, yaml.YAMLError) as exc:
            skipped[path.name] = str(exc).splitlines()[0]
            continue
        if not isinstance(document, Mapping) or document.get("id") != path.stem:
            skipped[path.name] = "the story's id does not match the file name"
            continue
        if path.stem in RESERVED_IDS:
            skipped[path.name] = "a reserved id"
            continue
        if session.get(StoredStory, path.stem) is not None:
            skipped[path.name] = "already in the store"
            continue
        save(session, path.stem, _title(document), document, user, reason=f"import {path.name}")
        imported.append(path.stem)
    return imported, skipped


def main(argv: Sequence[str] | None = None) -> int:
    from programs.db import make_sessions, open_store

    parser = argparse.ArgumentParser(prog="python -m programs.stories",
                                     description="Import stories saved as YAML files into the store, once.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import <id>.yaml files not yet in the store")
    imp.add_argument("folder", nargs="?", type=Path, default=None)
    imp.add_argument("--db", default=None, help="database URL (default: DATABASE_URL or the SQLite default)")
    args = parser.parse_args(argv)
    folder = args.folder or stories_dir()
    engine = open_store(args.db)
    try:
        with make_sessions(engine).begin() as session:
            imported, skipped = import_folder(session, folder)
    finally:
        engine.dispose()
    print(f"{folder}: {len(imported)} imported" + (f" ({', '.join(imported)})" if imported else ""))
    for name, why in skipped.items():
        print(f"  skipped {name}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
