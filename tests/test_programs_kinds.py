"""Kinds of count in the store (issue #18, migration 0004): seeded from data/programs.yaml, back-filled once for a
store seeded before the columns existed (never over an admin's edit), and read by the tables from the store."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from programs import store
from programs.db import make_sessions, open_store
from programs.models import Program
from programs.seed import seed_store
from programs.table import display_table


@pytest.fixture
def sessions(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'programs.sqlite'}")
    yield make_sessions(engine)
    engine.dispose()


def test_a_new_store_holds_each_programs_kind_and_need(sessions):
    with sessions() as s:
        counts = store.list_counts(s)
    kinds = dict(zip(counts["program"], counts["count_kind"]))
    assert kinds["peuterconsulenten"] == "staff" and kinds["gli"] == "residents"
    assert kinds["hulp_in_de_kleuterklas"] == "places" and kinds["breed_overleg"] == "activities"
    need = counts.drop_duplicates("program").set_index("program")
    assert (need.loc["gli", "need_indicator"], need.loc["gli", "need_age"]) == ("overgewicht", "18plus")
    assert need.loc["welzijn_op_recept", "need_indicator"] == "eenzaam"


def test_a_store_seeded_before_the_kinds_gets_them_once_but_never_over_an_admins_edit(sessions):
    with sessions.begin() as s:  # as migration 0004 left an older store: every program the default
        s.execute(update(Program).values(count_kind="residents", need_indicator=None, need_age=None))
        s.execute(update(Program).where(Program.id == "kwartiermakers").values(version=2))  # an admin's edit
    with sessions.begin() as s:
        assert seed_store(s) == 0  # no counts added to a store that has them
    with sessions() as s:
        counts = store.list_counts(s)
    kinds = dict(zip(counts["program"], counts["count_kind"]))
    assert kinds["peuterconsulenten"] == "staff" and kinds["kwartiermakers"] == "residents"
    assert set(counts.loc[counts["program"] == "gli", "need_indicator"]) == {"overgewicht"}


def test_the_tables_follow_the_stores_kind(sessions):
    with sessions() as s:
        before = display_table(store.list_counts(s, store.CountFilter(programs=("peuterconsulenten",))), "nl", {})
    assert dict(zip(before["Gebiedscode"], before["Aantal"]))["zuidwest"] == "3"
    with sessions.begin() as s:  # an admin says these count residents after all
        s.execute(update(Program).where(Program.id == "peuterconsulenten").values(count_kind="residents", version=2))
    with sessions() as s:
        after = display_table(store.list_counts(s, store.CountFilter(programs=("peuterconsulenten",))), "nl", {})
    assert dict(zip(after["Gebiedscode"], after["Aantal"])) == {"GM0518": "7", "zuidwest": "<5", "laak_centrum": "<5"}
