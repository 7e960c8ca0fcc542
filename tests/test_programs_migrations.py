"""Alembic migrations of the program-count store, on SQLite and PostgreSQL (same code).

An empty database migrates to head and matches the models; a seeded one keeps every count and revision
through a downgrade and upgrade. 0003 adds the accounts of data entry (`users`, programs.users); 0007 the unit of
a count of exactly one (`unit_label_one_*`), filled for the programs a store already holds.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from programs import store
from programs.db import (
    MIGRATIONS_DIR,
    VERSION_TABLE,
    current_revision,
    downgrade,
    make_engine,
    make_sessions,
    migrate,
    open_store,
)
from programs.models import Base, CountRevision
from programs.seed import seed_programs
from programs.users import add_user, list_users  # registers the users table on Base.metadata
from tests.conftest_pg import db_url  # noqa: F401  (fixture)

TABLES = {"programs", "counts", "count_revisions", "users", "signin_failures", "signin_sessions", "uploads", "upload_counts",
          "program_revisions", "entry_drafts"}


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def _snapshot(engine) -> tuple[pd.DataFrame, list[tuple]]:
    with make_sessions(engine)() as s:
        counts = store.list_counts(s, store.CountFilter(include_retracted=True))
        # what an admin says about a program (0004) goes with a downgrade below 0004; the counts themselves stay
        counts = counts.drop(columns=[c for c in ("count_kind", "need_indicator", "need_age") if c in counts])
        revisions = [(r.count_id, r.revision, r.value_low, r.value_high, r.changed_by, r.reason)
                     for r in s.scalars(select(CountRevision).order_by(CountRevision.id))]
    return counts, revisions


def test_one_linear_history():
    script = _script()
    assert len(script.get_heads()) == 1
    revisions = [r.revision for r in script.walk_revisions()]
    assert revisions[-4:] == ["0004", "0003", "0002", "0001"]
    assert script.get_revision("0004").down_revision == "0003"


def test_alembic_ini_for_the_command_line():
    config = Config(str(Path(MIGRATIONS_DIR) / "alembic.ini"))
    assert ScriptDirectory.from_config(config).get_current_head() == _script().get_current_head()


def test_empty_database_migrates_to_head_and_matches_the_models(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == _script().get_current_head()
    assert TABLES | {VERSION_TABLE} <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE, "compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], diff
    engine.dispose()


def test_seeded_store_survives_downgrade_and_upgrade(db_url):
    engine = open_store(db_url)
    with make_sessions(engine).begin() as s:  # some history beyond the seed
        store.correct_count(s, 1, {"note_en": "checked"}, "Anna", 1, "proofreading")
        store.retract_count(s, 2, "Anna", 1, "double")
    before_counts, before_revisions = _snapshot(engine)
    assert len(before_counts) == 39 and len(before_revisions) == 41

    downgrade(engine, "0001")
    assert current_revision(engine) == "0001"
    assert "ix_counts_area" not in {ix["name"] for ix in inspect(engine).get_indexes("counts")}
    migrate(engine)
    assert current_revision(engine) == _script().get_current_head()

    after_counts, after_revisions = _snapshot(engine)
    pd.testing.assert_frame_equal(after_counts, before_counts)
    assert after_revisions == before_revisions
    engine.dispose()


def test_downgrade_to_base_and_up_again(db_url):
    engine = open_store(db_url)
    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    engine = open_store(db_url)  # a new store again: migrated and seeded
    with make_sessions(engine)() as s:
        assert len(store.list_counts(s)) == 39
    engine.dispose()


def test_open_store_twice_is_a_no_op(db_url):
    first = open_store(db_url)
    before, _ = _snapshot(first)
    second = open_store(db_url)
    after, _ = _snapshot(second)
    pd.testing.assert_frame_equal(after, before)
    first.dispose()
    second.dispose()


@pytest.mark.parametrize("revision", [r.revision for r in _script().walk_revisions()][::-1])
def test_each_revision_applies_to_an_empty_database(db_url, revision):
    engine = make_engine(db_url)
    migrate(engine, revision)
    assert current_revision(engine) == revision
    engine.dispose()


def test_users_come_and_go_with_0003_and_counts_stay(db_url):
    engine = open_store(db_url)
    with make_sessions(engine).begin() as s:
        add_user(s, "Anna", "editor", "een lang wachtwoord", rounds=4)
        add_user(s, "Beheer", "admin", email="beheer@example.org")
        store.correct_count(s, 1, {"note_en": "checked"}, "Anna", 1, "proofreading")
    before_counts, before_revisions = _snapshot(engine)
    downgrade(engine, "0002")
    assert current_revision(engine) == "0002"
    assert "users" not in inspect(engine).get_table_names()
    migrate(engine)
    assert current_revision(engine) == _script().get_current_head()
    after_counts, after_revisions = _snapshot(engine)
    pd.testing.assert_frame_equal(after_counts, before_counts)
    assert after_revisions == before_revisions
    with make_sessions(engine)() as s:
        assert list_users(s).empty  # a downgrade below 0003 drops the accounts (and only them)
    uniques = {tuple(u["column_names"]) for u in inspect(engine).get_unique_constraints("users")}
    assert {("name_key",), ("email",)} <= uniques
    engine.dispose()


STAFF_PROGRAM = {"id": "buurtsportcoach", "name_nl": "Buurtsportcoaches", "name_en": "Neighbourhood sports coaches",
                 "theme": "leefstijl_als_medicijn", "unit": "coaches", "unit_label_nl": "buurtsportcoaches",
                 "unit_label_en": "sports coaches", "unit_label_one_nl": "buurtsportcoach",
                 "unit_label_one_en": "sports coach", "count_kind": "staff"}
SINGULAR_COLUMNS = ["unit_label_one_nl", "unit_label_one_en"]


def _singulars(engine) -> dict[str, tuple[str, str]]:
    with make_sessions(engine)() as s:
        programs = store.list_programs(s)
    return {p.id: (p.unit_label_one_nl, p.unit_label_one_en) for p in programs.itertuples()}


def test_0007_gives_every_program_of_a_store_a_singular_and_keeps_every_count(db_url):
    """A store at 0006 holding the seed, a program staff made (with a count) and a seeded program whose Dutch unit
    an admin renamed: after 0007 the seeded programs have the catalogue's singulars, the others their own plural
    (nothing empty), and every count and revision is as it was."""
    engine = open_store(db_url)
    with make_sessions(engine).begin() as s:
        store.add_program(s, STAFF_PROGRAM, "Beheer")
        store.add_count(s, {"program": "buurtsportcoach", "area": "WK051836", "period_start": "2024-01-01",
                            "period_end": "2024-12-31", "value_low": 3, "source": "Jaarverslag"}, "Anna")
        store.edit_program(s, "kwartiermakers", {"unit_label_nl": "wijkpioniers", "unit_label_one_nl": "wijkpionier"},
                           "Beheer", 1)
    before_counts, before_revisions = _snapshot(engine)
    downgrade(engine, "0006")
    assert current_revision(engine) == "0006"
    assert not set(SINGULAR_COLUMNS) & {c["name"] for c in inspect(engine).get_columns("programs")}

    migrate(engine)
    assert current_revision(engine) == _script().get_current_head()
    singulars = _singulars(engine)
    catalogue = {p.id: (p.unit_label_one_nl, p.unit_label_one_en) for p in seed_programs()}
    assert singulars["speeltuintour_speeltuinen"] == ("speeltuin", "playground")
    assert singulars["buurtsportcoach"] == ("buurtsportcoaches", "sports coaches"), "staff's program: its plural"
    assert singulars["kwartiermakers"] == ("wijkpioniers", "pioneer"), "a renamed unit is not the catalogue's"
    assert {p: v for p, v in singulars.items() if p in catalogue and p != "kwartiermakers"} == \
        {p: v for p, v in catalogue.items() if p != "kwartiermakers"}
    after_counts, after_revisions = _snapshot(engine)
    assert len(after_counts) == 40 and after_revisions == before_revisions
    pd.testing.assert_frame_equal(after_counts.drop(columns=SINGULAR_COLUMNS),
                                  before_counts.drop(columns=SINGULAR_COLUMNS))
    if engine.dialect.name == "postgresql":  # no default left: every program written from now on states its own
        defaults = {c["name"]: c["default"] for c in inspect(engine).get_columns("programs")}
        assert defaults["unit_label_one_nl"] is None and defaults["unit_label_one_en"] is None
    engine.dispose()
