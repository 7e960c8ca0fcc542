"""Saved presentation stories in the program store (issue #17), on SQLite and PostgreSQL (same code): every save
and delete a revision, a delete that a restore undoes, optimistic locking like the counts, and the YAML files of
before imported once (`python -m programs.stories import`)."""
from __future__ import annotations

import pytest
import yaml

from programs import stories
from programs.store import EditorRequired, StoreError, VersionConflict
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)

DOC = {"id": "maart", "title": {"nl": "Maart"}, "slides": [{"type": "verhaal", "story": "moerwijk_moeders"}]}


def test_every_save_and_delete_is_a_revision(sessions):
    with sessions.begin() as s:
        first = stories.save(s, "maart", "Maart", DOC, "Anna")
    with sessions.begin() as s:
        second = stories.save(s, "maart", "Maart (v2)", {**DOC, "title": {"nl": "Maart (v2)"}}, "Bram",
                              expected_version=1)
    assert (first.version, second.version) == (1, 2)
    with sessions.begin() as s:
        stories.delete(s, "maart", "Anna", expected_version=2)
    with sessions() as s:
        assert stories.get(s, "maart") is None
        assert [d.id for d in stories.listing(s, deleted=True)] == ["maart"] and stories.listing(s) == []
    with sessions.begin() as s:
        restored = stories.restore(s, "maart", "Bram")
    assert restored.title == "Maart (v2)" and restored.document["title"] == {"nl": "Maart (v2)"}
    with sessions() as s:
        assert [(h["revision"], h["title"], h["deleted"], h["changed_by"], h["reason"])
                for h in stories.history(s, "maart")] == [
            (1, "Maart", False, "Anna", ""), (2, "Maart (v2)", False, "Bram", ""),
            (3, "Maart (v2)", True, "Anna", "delete"), (4, "Maart (v2)", False, "Bram", "restore")]


def test_a_stale_save_or_delete_is_refused_and_writes_nothing(sessions):
    with sessions.begin() as s:
        stories.save(s, "maart", "Maart", DOC, "Anna")
        stories.save(s, "maart", "Maart", DOC, "Bram")
    with pytest.raises(VersionConflict), sessions.begin() as s:
        stories.save(s, "maart", "Oud", DOC, "Anna", expected_version=1)
    with pytest.raises(VersionConflict), sessions.begin() as s:
        stories.delete(s, "maart", "Anna", expected_version=1)
    with sessions() as s:
        assert stories.get(s, "maart").version == 2 and len(stories.history(s, "maart")) == 2


def test_refusals(sessions):
    with pytest.raises(EditorRequired), sessions.begin() as s:
        stories.save(s, "maart", "Maart", DOC, "  ")
    for reserved in stories.RESERVED_IDS:
        with pytest.raises(StoreError), sessions.begin() as s:
            stories.save(s, reserved, "x", DOC, "Anna")
    with pytest.raises(stories.StoryMissing), sessions.begin() as s:
        stories.delete(s, "bestaat-niet", "Anna")
    with sessions.begin() as s:
        stories.save(s, "maart", "Maart", DOC, "Anna")
    with pytest.raises(stories.StoryMissing), sessions.begin() as s:
        stories.restore(s, "maart", "Anna")  # not deleted


def test_yaml_stories_of_before_are_imported_once(sessions, tmp_path, capsys, db_url):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "maart.yaml").write_text(yaml.safe_dump(DOC, allow_unicode=True), encoding="utf-8")
    (folder / "kapot.yaml").write_text("id: kapot\ntitle: [", encoding="utf-8")
    (folder / "anders.yaml").write_text(yaml.safe_dump({**DOC, "id": "iets"}), encoding="utf-8")
    assert stories.main(["import", str(folder), "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "1 imported (maart)" in out and "kapot.yaml" in out and "anders.yaml" in out
    with sessions() as s:
        saved = stories.get(s, "maart")
        assert saved.document == DOC and saved.changed_by == stories.IMPORT_USER
    with sessions.begin() as s:
        stories.delete(s, "maart", "Anna")
    assert stories.main(["import", str(folder), "--db", db_url]) == 0  # again: nothing comes back
    assert "0 imported" in capsys.readouterr().out
    with sessions() as s:
        assert stories.get(s, "maart") is None and len(stories.history(s, "maart")) == 2
