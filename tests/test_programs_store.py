"""The program-count store, on SQLite and on PostgreSQL with the same code (conftest_pg.BACKENDS).

The seeded store must hold the five-year report's figures exactly; corrections never overwrite.
"""
from __future__ import annotations

import datetime as dt
import threading

import pytest
from pydantic import ValidationError
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError

from programs import store
from programs.db import BUSY_TIMEOUT_MS, database_url, make_engine, make_sessions, normalise_url, open_store
from programs.models import Count, CountRevision, Program, Upload
from programs.seed import SEED_USER, seed_counts, seed_programs, seed_store
from programs.validation import CountIn, field_errors
from tests.conftest_pg import db_url, engine, sessions  # noqa: F401  (fixtures)


def _year(frame, program: str, area: str, year: int):
    rows = frame[(frame["program"] == program) & (frame["area"] == area)
                 & (frame["period_start"] == dt.date(year, 1, 1)) & (frame["period_end"] == dt.date(year, 12, 31))]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def _new_count(**changes) -> dict:
    return {"program": "gli", "area": "GM0518", "period_start": "2024-01-01", "period_end": "2024-12-31",
            "value_low": 5000, "source": "Jaarcijfers Hadoks 2024, p. 3", **changes}


# --- the seed: the report's figures, exactly ------------------------------------------------------------

def test_seed_holds_every_report_figure_exactly(sessions):
    with sessions() as s:
        frame = store.list_counts(s)
    frame = frame.astype(object).where(frame.notna(), None)  # pandas 3 reads a missing note as NaN
    expected = seed_counts()
    assert len(frame) == len(expected) == 39
    got = {(r.program, r.area, r.period_start, r.period_end, r.value_low, r.value_high, r.qualifier, r.source,
            r.quote, r.note_nl, r.note_en) for r in frame.itertuples()}
    want = {(c.program, c.area, c.period_start, c.period_end, c.value_low, c.value_high, c.qualifier, c.source,
             c.quote, c.note_nl, c.note_en) for c in expected}
    assert got == want


@pytest.mark.parametrize("year,value", [(2019, 628), (2020, 1026), (2021, 1466), (2022, 2779), (2023, 4638)])
def test_gli_participants(sessions, year, value):
    with sessions() as s:
        row = _year(store.list_counts(s, store.CountFilter(programs=("gli",))), "gli", "haaglanden_gli", year)
    assert (row.value_low, row.value_high, row.qualifier) == (value, value, "exact")


def test_brugfunctionarissen_stay_a_range(sessions):
    with sessions() as s:
        frame = store.list_counts(s)
    city = frame[(frame["program"] == "brugfunctionarissen") & (frame["area"] == "GM0518")]
    assert city[["value_low", "value_high"]].values.tolist() == [[79, 92]]
    assert not ((frame["value_low"] == 85.5) | (frame["value_high"] == 85.5)).any(), "a midpoint was invented"


def test_every_row_has_a_source_and_who_entered_it(sessions):
    with sessions() as s:
        frame = store.list_counts(s)
    assert frame["source"].str.startswith("Vijfjarenrapportage Gezond en Gelukkig Den Haag, §").all()
    assert (frame["entered_by"] == SEED_USER).all()
    assert frame["entered_at"].notna().all() and (frame["version"] == 1).all()


def test_programs_seeded(sessions):
    with sessions() as s:
        programs = store.list_programs(s)
    assert programs["id"].tolist() == [p.id for p in seed_programs()]
    assert len(programs) == 31
    assert set(programs["theme"]) == {"wijkpreventie", "gezond_opgroeien", "samenwerking_sociaal_medisch",
                                      "leefstijl_als_medicijn"}


def test_every_seed_count_has_revision_1(sessions):
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(CountRevision)) == 39
        assert set(s.scalars(select(CountRevision.revision))) == {1}


def test_seed_is_idempotent_and_keeps_corrections(db_url, sessions):
    with sessions.begin() as s:
        first = store.list_counts(s).iloc[0]
        store.correct_count(s, int(first.count_id), {"note_en": "checked"}, "Anna", 1, "proofreading")
        assert seed_store(s) == 0
    again = open_store(db_url)  # a restart
    with make_sessions(again)() as s:
        frame = store.list_counts(s)
        assert len(frame) == 39
        assert frame.loc[frame["count_id"] == first.count_id, "note_en"].item() == "checked"
    again.dispose()


def test_replicas_starting_together_seed_once(db_url):
    """Two app processes on one new database: one migrates and seeds, the other waits and finds it done."""
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_store(db_url).dispose()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    eng = make_engine(db_url)
    with make_sessions(eng)() as s:
        assert s.scalar(select(func.count()).select_from(Count)) == 39
        assert s.scalar(select(func.count()).select_from(Program)) == 31
    eng.dispose()


# --- writing: revisions, versions ------------------------------------------------------------------------

def test_add_count_is_revision_1(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet (Hadoks)", "jaarcijfers")
    with sessions() as s:
        hist = store.history(s, count.id)
    assert count.version == 1 and count.entered_by == "Piet (Hadoks)"
    assert hist[["revision", "value_low", "value_high", "changed_by", "reason"]].values.tolist() == [
        [1, 5000, 5000, "Piet (Hadoks)", "jaarcijfers"]]


def test_correction_keeps_the_old_value(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
    with sessions.begin() as s:
        fixed = store.correct_count(s, count.id, {"value_low": 5100}, "Anna", expected_version=1, reason="typo")
    assert (fixed.version, fixed.value_low, fixed.value_high, fixed.changed_by) == (2, 5100, 5100, "Anna")
    with sessions() as s:
        hist = store.history(s, count.id)
        current = store.get_count(s, count.id)
    assert hist["value_low"].tolist() == [5000, 5100]
    assert hist["changed_by"].tolist() == ["Piet", "Anna"]
    assert current.entered_by == "Piet" and current.version == 2


def test_a_range_can_be_corrected_into_a_range(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(value_low=10, value_high=20), "Piet")
        fixed = store.correct_count(s, count.id, {"value_high": 25}, "Anna", 1)
    assert (fixed.value_low, fixed.value_high) == (10, 25)


def test_unchanged_correction_writes_nothing(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
        same = store.correct_count(s, count.id, {"value_low": 5000}, "Anna", 1)
        assert same.version == 1 and len(store.history(s, count.id)) == 1


def test_stale_version_is_refused(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
    with sessions.begin() as s:  # Anna saves first
        store.correct_count(s, count.id, {"value_low": 5100}, "Anna", expected_version=1)
    with pytest.raises(store.VersionConflict) as info, sessions.begin() as s:  # Piet still has version 1
        store.correct_count(s, count.id, {"value_low": 4900}, "Piet", expected_version=1)
    assert (info.value.expected, info.value.actual) == (1, 2)
    with sessions() as s:
        assert store.get_count(s, count.id).value_low == 5100
        assert len(store.history(s, count.id)) == 2


def test_concurrent_write_between_read_and_flush_is_refused(sessions):
    """Piet's session read version 1; Anna commits version 2 before Piet's UPDATE reaches the database."""
    with sessions.begin() as s:
        count_id = store.add_count(s, _new_count(), "Piet").id
    piet = sessions()
    mine = store.get_count(piet, count_id)
    with sessions.begin() as s:
        store.correct_count(s, count_id, {"value_low": 5100}, "Anna", 1)
    mine.value_low = mine.value_high = 4900  # the ORM's UPDATE ... WHERE version = 1 must match no row
    with pytest.raises(Exception, match="(?i)stale|expected to update"):
        piet.flush()
    piet.rollback()
    piet.close()


def test_a_long_lived_session_does_not_undo_what_others_saved(sessions):
    with sessions.begin() as s:
        count_id = store.add_count(s, _new_count(), "Piet").id
    piet = sessions()
    store.get_count(piet, count_id)  # Piet's session holds version 1
    with sessions.begin() as s:
        store.correct_count(s, count_id, {"note_en": "from Hadoks"}, "Anna", 1)
    store.correct_count(piet, count_id, {"value_low": 4900}, "Piet", expected_version=2)  # he reloaded: v2
    piet.commit()
    piet.close()
    with sessions() as s:
        count = store.get_count(s, count_id)
    assert (count.value_low, count.note_en, count.version) == (4900, "from Hadoks", 3)


def test_retract_hides_but_keeps(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
        store.retract_count(s, count.id, "Anna", 1, "double entry")
    with sessions() as s:
        assert count.id not in store.list_counts(s)["count_id"].tolist()
        shown = store.list_counts(s, store.CountFilter(include_retracted=True))
        assert shown.loc[shown["count_id"] == count.id, "retracted"].item()
        assert store.history(s, count.id)["retracted"].tolist() == [False, True]


def test_revert_is_a_new_revision(sessions):
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
        store.correct_count(s, count.id, {"value_low": 5100}, "Anna", 1)
        back = store.revert_count(s, count.id, 1, "Piet", 2)
    assert (back.version, back.value_low) == (3, 5000)
    with sessions() as s:
        hist = store.history(s, count.id)
    assert hist["value_low"].tolist() == [5000, 5100, 5000]
    assert hist["reason"].iloc[-1] == "revert to revision 1"


def test_unknown_count(sessions):
    with pytest.raises(store.CountNotFound), sessions() as s:
        store.correct_count(s, 99999, {"value_low": 1}, "Anna", 1)


def test_editor_name_required(sessions):
    with pytest.raises(store.EditorRequired), sessions() as s:
        store.add_count(s, _new_count(), "  ")


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("changes", [{"value_low": "veel"}, {"period_start": "2024-02-30"},
                                     {"value_low": float("nan")}])
def test_the_forms_message_quotes_what_was_typed(changes, lang):
    from programs.upload import error_text

    with pytest.raises(ValidationError) as info:
        CountIn.model_validate(_new_count(**changes))
    (error,) = field_errors(info.value)
    assert f"‘{next(iter(changes.values()))}’" in error_text(error.code, error.values, lang)


@pytest.mark.parametrize("changes,field,code", [
    ({"value_low": -1}, "value_low", "negative"),
    ({"value_low": 10, "value_high": 5}, "value_high", "low_above_high"),
    ({"period_end": "2023-12-31"}, "period_end", "end_before_start"),
    ({"area": "Zuidwest!"}, "area", "unknown_area"),
    ({"program": "no_such_program"}, "program", "unknown_program"),
    ({"source": "   "}, "source", "empty_source"),
    ({"value_low": "veel"}, "value_low", "not_a_number"),
])
def test_invalid_counts_are_refused_with_a_reason(sessions, changes, field, code):
    with pytest.raises(ValidationError) as info, sessions.begin() as s:
        store.add_count(s, _new_count(**changes), "Piet")
    assert [(e.field, e.code) for e in field_errors(info.value)] == [(field, code)]
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Count)) == 39


def test_corrections_are_validated_too(sessions):
    with pytest.raises(ValidationError), sessions.begin() as s:
        store.correct_count(s, 1, {"value_low": -5}, "Anna", 1)


# --- whole numbers: 12.5 participants is refused by the store itself, as by the form and the upload ---------------

def _stored(session) -> tuple[int, ...]:
    """How many counts, revisions and uploads the store holds, and the sum of the counts' versions."""
    return tuple(session.scalar(query) for query in (
        select(func.count()).select_from(Count), select(func.count()).select_from(CountRevision),
        select(func.count()).select_from(Upload), select(func.sum(Count.version))))


def _refused_as_not_whole(write, sessions, *fields: str) -> None:
    """`write(session)` raises the validation's `not_whole` for `fields` (default value_low), and the store is as
    it was."""
    with sessions() as s:
        before = _stored(s)
    with pytest.raises(ValidationError) as info, sessions.begin() as s:
        write(s)
    assert [(e.field, e.code) for e in field_errors(info.value)] == [(f, "not_whole") for f in fields or ["value_low"]]
    with sessions() as s:
        assert _stored(s) == before


@pytest.mark.parametrize(("changes", "field"), [({"value_low": 12.5}, "value_low"),
                                                ({"value_low": 12, "value_high": 12.5}, "value_high"),
                                                ({"value_low": "4638.5"}, "value_low")])
def test_the_store_refuses_a_fraction_of_a_whole_count(sessions, changes, field):
    """gli counts participants: a direct write of a fraction is refused like the form's, and nothing is written."""
    _refused_as_not_whole(lambda s: store.add_count(s, _new_count(**changes), "Piet"), sessions, field)
    good = _new_count(value_low=12)
    _refused_as_not_whole(lambda s: store.add_counts(s, [good, _new_count(**changes)], "Piet", "upload"), sessions,
                          field)
    with sessions.begin() as s:
        count_id = store.add_count(s, good, "Piet").id
    _refused_as_not_whole(lambda s: store.correct_count(s, count_id, changes, "Anna", 1), sessions, field)
    with sessions() as s:
        assert store.get_count(s, count_id).value_low == 12 and len(store.history(s, count_id)) == 1


def test_the_store_keeps_the_decimals_of_an_average_and_of_fte(sessions):
    """'participants per group' is an average and fte a fraction of a job: their decimals are numbers, not typos."""
    with sessions.begin() as s:
        store.add_program(s, {**NEW_PROGRAM, "id": "coach_fte", "unit": "fte", "unit_label_nl": "fte",
                              "unit_label_en": "FTE"}, "Beheer")
        average = store.add_count(s, _new_count(program="gli_groepsgrootte", value_low=11.5), "Piet")
        fte = store.add_counts(s, [_new_count(program="coach_fte", value_low=2.4)], "Piet", "upload")
        corrected = store.correct_count(s, average.id, {"value_low": 12.25}, "Anna", 1)
    with sessions() as s:
        assert corrected.value_low == 12.25 and store.get_count(s, fte[0]).value_low == 2.4


def test_a_fraction_stored_before_its_unit_counted_whole_can_be_retracted_not_changed(sessions):
    """A program whose unit becomes a whole one (fte → coaches) keeps its old 2.5: it can still get a note, be
    retracted and that undone (its numbers stay as they are), but a new fraction is refused, and so is a revert
    to the old one."""
    program = NEW_PROGRAM["id"]
    with sessions.begin() as s:
        store.add_program(s, {**NEW_PROGRAM, "unit": "fte", "unit_label_nl": "fte", "unit_label_en": "FTE"},
                          "Beheer")
        count_id = store.add_count(s, _new_count(program=program, value_low=2.5), "Piet").id
        store.edit_program(s, program, {"unit": "coaches", "unit_label_nl": "coaches", "unit_label_en": "coaches"},
                           "Beheer", expected_version=1)
    with sessions.begin() as s:
        store.correct_count(s, count_id, {"note_en": "was fte"}, "Anna", 1)
    _refused_as_not_whole(lambda s: store.correct_count(s, count_id, {"value_low": 3.5}, "Anna", 2), sessions)
    with sessions.begin() as s:
        store.retract_count(s, count_id, "Anna", 2, "unit changed")
        store.undo_change(s, count_id, "Anna", 3)
        store.correct_count(s, count_id, {"value_low": 3}, "Anna", 4)
    _refused_as_not_whole(lambda s: store.revert_count(s, count_id, 4, "Anna", 5), sessions, "value_low",
                          "value_high")
    with sessions() as s:
        assert store.history(s, count_id)["value_low"].tolist() == [2.5, 2.5, 2.5, 2.5, 3]


def test_database_refuses_bad_rows_even_without_the_store(engine):
    row = {"program_id": "gli", "area": "GM0518", "period_start": dt.date(2024, 1, 1),
           "period_end": dt.date(2024, 12, 31), "value_low": 10, "value_high": 5, "qualifier": "exact",
           "source": "x", "retracted": False, "version": 1, "entered_by": "x",
           "entered_at": dt.datetime.now(dt.UTC), "changed_by": "x", "changed_at": dt.datetime.now(dt.UTC)}
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(Count), row)
    with pytest.raises(IntegrityError), engine.begin() as conn:  # foreign key: unknown program
        conn.execute(insert(Count), {**row, "value_high": 10, "program_id": "nope"})


# --- reading: filters --------------------------------------------------------------------------------------

def test_filters(sessions):
    with sessions() as s:
        gli = store.list_counts(s, store.CountFilter(programs=("gli",)))
        zw = store.list_counts(s, store.CountFilter(areas=("zuidwest",)))
        theme = store.list_counts(s, store.CountFilter(themes=("gezond_opgroeien",)))
        y2020 = store.list_counts(s, store.CountFilter(start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31)))
    assert len(gli) == 5 and set(gli["program"]) == {"gli"}
    assert set(zw["area"]) == {"zuidwest"} and len(zw) == 6
    assert set(theme["theme"]) == {"gezond_opgroeien"}
    assert ((y2020["period_start"] <= dt.date(2020, 12, 31)) & (y2020["period_end"] >= dt.date(2020, 1, 1))).all()
    assert {"gli", "diablend_wijken", "peuterconsulenten"} <= set(y2020["program"])


def test_empty_result_has_the_columns(sessions):
    with sessions() as s:
        frame = store.list_counts(s, store.CountFilter(programs=("nope",)))
    assert frame.empty and list(frame.columns) == store.COUNT_COLUMNS


# --- engine ------------------------------------------------------------------------------------------------

def test_sqlite_pragmas(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with eng.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS  # then programs.db.write retries
    eng.dispose()


def test_database_url(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("WIJKDASHBOARD_DB_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'programs.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/db")
    assert database_url() == "postgresql+psycopg://u@h:5432/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


# --- one step undoes a whole upload (#18) -------------------------------------------------------------------------

def counts_checksum(session) -> str:
    """SHA-256 of every column of every count the store shows (not retracted), in id order."""
    import hashlib

    columns = [c for c in Count.__table__.columns]
    rows = session.execute(select(*columns).where(Count.retracted.is_(False)).order_by(Count.id)).all()
    return hashlib.sha256(repr([tuple(str(v) for v in row) for row in rows]).encode()).hexdigest()


def _upload(session, user: str = "Anna", n: int = 3) -> list[int]:
    return store.add_counts(session, [_new_count(value_low=100 + i, source=f"upload #{i}") for i in range(n)], user,
                            "upload: tellingen.csv")


def test_undo_of_a_whole_upload_restores_the_store_exactly(sessions):
    with sessions.begin() as s:  # some history before the upload
        store.correct_count(s, 1, {"note_en": "checked"}, "Piet", 1, "proofreading")
    with sessions() as s:
        before = counts_checksum(s)
    with sessions.begin() as s:
        ids = _upload(s, n=25)
    with sessions() as s:
        assert counts_checksum(s) != before
        uploads = store.list_uploads(s, "Anna")
    assert uploads[["label", "created_by", "rows"]].values.tolist() == [["upload: tellingen.csv", "Anna", 25]]
    with sessions.begin() as s:
        assert store.undo_upload(s, int(uploads["upload_id"].iloc[0]), "Anna") == 25
    with sessions() as s:
        assert counts_checksum(s) == before, "the store shows exactly what it showed before the upload"
        hist = store.history(s, ids[0])
        undone = store.list_uploads(s).iloc[0]
    assert hist[["revision", "retracted", "changed_by"]].values.tolist() == [[1, False, "Anna"], [2, True, "Anna"]]
    assert hist["reason"].iloc[1] == f"undo upload #{undone['upload_id']}: upload: tellingen.csv", "audited"
    assert undone["undone_by"] == "Anna" and undone["undone_at"] is not None


def test_an_upload_is_undone_once_by_its_uploader_or_an_admin(sessions):
    with sessions.begin() as s:
        _upload(s)
        upload_id = int(store.list_uploads(s).iloc[0]["upload_id"])
    with pytest.raises(store.NothingToUndo), sessions.begin() as s:
        store.undo_upload(s, upload_id, "Piet")
    with sessions.begin() as s:
        assert store.undo_upload(s, upload_id, "Beheer", admin=True) == 3
    with pytest.raises(store.NothingToUndo), sessions.begin() as s:
        store.undo_upload(s, upload_id, "Anna")


def test_an_upload_whose_counts_changed_since_is_not_undone_at_once(sessions):
    with sessions.begin() as s:
        ids = _upload(s)
        upload_id = int(store.list_uploads(s).iloc[0]["upload_id"])
    with sessions.begin() as s:
        store.correct_count(s, ids[1], {"value_low": 999}, "Piet", 1, "typo")
    with sessions() as s:
        before = counts_checksum(s)
    with pytest.raises(store.UploadChanged) as info, sessions.begin() as s:
        store.undo_upload(s, upload_id, "Anna")
    assert info.value.count_ids == [ids[1]]
    with sessions() as s:
        assert counts_checksum(s) == before, "nothing retracted: Piet's correction is not silently undone"


# --- admins add and edit programs (#18) ---------------------------------------------------------------------------

NEW_PROGRAM = {"id": "buurtsportcoach", "name_nl": "Buurtsportcoaches", "name_en": "Neighbourhood sports coaches",
               "theme": "leefstijl_als_medicijn", "unit": "coaches", "unit_label_nl": "coaches",
               "unit_label_en": "coaches", "unit_label_one_nl": "coach", "unit_label_one_en": "coach",
               "count_kind": "staff"}


def test_an_admin_adds_and_edits_a_program_with_its_history(sessions):
    with sessions.begin() as s:
        store.add_program(s, NEW_PROGRAM, "Beheer", "nieuw programma")
    with sessions.begin() as s:
        program = store.edit_program(s, "buurtsportcoach", {"name_en": "Community sports coaches",
                                                            "need_indicator": "overgewicht", "need_age": "18plus"},
                                     "Beheer", expected_version=1, reason="naam en behoefte")
        assert (program.version, program.name_en, program.need_indicator) == (2, "Community sports coaches",
                                                                              "overgewicht")
    with pytest.raises(store.ProgramConflict), sessions.begin() as s:  # opened at version 1, saved meanwhile
        store.edit_program(s, "buurtsportcoach", {"name_nl": "Sportcoaches"}, "Anna", expected_version=1)
    with pytest.raises(ValidationError), sessions.begin() as s:
        store.edit_program(s, "buurtsportcoach", {"count_kind": "everyone"}, "Beheer", expected_version=2)
    with sessions() as s:
        hist = store.program_history(s, "buurtsportcoach")
        listed = store.list_programs(s).set_index("id").loc["buurtsportcoach"]
    assert hist[["revision", "changed_by", "reason", "name_en"]].values.tolist() == [
        [1, "Beheer", "nieuw programma", "Neighbourhood sports coaches"],
        [2, "Beheer", "naam en behoefte", "Community sports coaches"]]
    assert (listed["count_kind"], listed["need_indicator"], listed["need_age"]) == ("staff", "overgewicht", "18plus")


def test_a_seeded_program_keeps_its_state_before_the_first_edit(sessions):
    with sessions.begin() as s:
        old_name = s.get(Program, "gli").name_en
        version = s.get(Program, "gli").version
        store.edit_program(s, "gli", {"name_en": "GLI"}, "Beheer", expected_version=version, reason="shorter")
    with sessions() as s:
        hist = store.program_history(s, "gli")
    assert hist["name_en"].tolist()[-2:] == [old_name, "GLI"] and hist["reason"].iloc[-1] == "shorter"


def test_counts_state_changes_with_every_kind_of_write_and_only_then(sessions):
    """ui.store keeps what it built from the counts until store.counts_state changes: every write must change it."""
    def state():
        with sessions() as s:
            return store.counts_state(s)

    seen = [state()]
    assert state() == seen[0], "reading changes nothing"
    with sessions.begin() as s:
        count = store.add_count(s, _new_count(), "Piet")
    seen.append(state())
    with sessions.begin() as s:
        store.correct_count(s, count.id, {"value_low": 5100}, "Anna", expected_version=1)
    seen.append(state())
    with sessions.begin() as s:
        store.retract_count(s, count.id, "Anna", expected_version=2, reason="dubbel")
    seen.append(state())
    with sessions.begin() as s:
        store.undo_change(s, count.id, "Anna", expected_version=3)
    seen.append(state())
    with sessions.begin() as s:
        ids = _upload(s, n=3)
    seen.append(state())
    with sessions() as s:
        upload_id = int(store.list_uploads(s, "Anna")["upload_id"].iloc[0])
    with sessions.begin() as s:
        store.undo_upload(s, upload_id, "Anna")
    seen.append(state())
    with sessions.begin() as s:
        store.add_program(s, NEW_PROGRAM, "Beheer", "nieuw programma")
    seen.append(state())
    with sessions.begin() as s:
        store.edit_program(s, "buurtsportcoach", {"name_en": "Sports coaches"}, "Beheer", expected_version=1)
    seen.append(state())
    assert len(set(seen)) == len(seen), seen
    assert ids and state() == seen[-1]


def test_another_number_for_a_period_names_its_lowest_count():
    """store.period_index and store.other_number: what the form and an upload ask before a second number for one
    program, area and period (it would leave the map and the profile showing one of the two)."""
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    keys = {store.count_key("gli", "WK051836", *year, 120, 120): 41,
            store.count_key("gli", "WK051836", *year, 100, 130): 7,  # a range for the same period
            store.count_key("gli", "GM0518", *year, 120, None): 3}
    index = store.period_index(keys)
    assert index == {("gli", "WK051836", *year): 7, ("gli", "GM0518", *year): 3}
    assert store.other_number(store.count_key("gli", "WK051836", *year, 125, None), keys, index) == 7
    assert store.other_number(store.count_key("gli", "WK051836", *year, 120, 130), keys, index) == 7
    assert store.other_number(store.count_key("gli", "WK051836", *year, 120, 120), keys, index) is None  # itself
    assert store.other_number(store.count_key("gli", "WK051836", year[0], dt.date(2024, 6, 30), 125, None), keys,
                              index) is None  # another period
    assert store.other_number(store.count_key("brugfunctionarissen", "GM0518", *year, 5, None), keys, index) is None
    assert store.period_index({}) == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_reasons_the_store_writes_for_an_undo_are_shown_in_the_pages_language(sessions, lang):
    """The history on /invoer showed 'undo: revision 2' on the Dutch page: the reasons the store writes itself are
    kept in English and shown in the page's language; the upload's file name and the revision as stored."""
    from texts.i18n import t
    from views.invoer_panels import history_table

    with sessions.begin() as s:
        count_id = store.add_count(s, _new_count(), "Anna").id
        store.correct_count(s, count_id, {"note_en": "checked"}, "Anna", 1, "proofreading")
        store.undo_change(s, count_id, "Anna", 2)
        uploaded = _upload(s)[0]
        upload_id = int(store.list_uploads(s, "Anna")["upload_id"].iloc[0])
        store.undo_upload(s, upload_id, "Anna")
    with sessions() as s:
        reasons = {i: history_table(store.history(s, i), lang, {}).iloc[:, -1].tolist() for i in (count_id, uploaded)}
    assert reasons[count_id][0] == t("entry_reason_undo", lang, revision=2) and "proofreading" in reasons[count_id]
    assert reasons[uploaded] == [t("entry_reason_undo_upload", lang, id=upload_id, file="tellingen.csv"),
                                 t("entry_reason_upload", lang, file="tellingen.csv")]
    assert not [r for r in reasons[count_id] + reasons[uploaded] if r.startswith("undo") and lang == "nl"]
