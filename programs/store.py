"""The repository of program counts: every write goes through here and leaves a revision.

Callers own the transaction (`with sessions.begin() as session: ...`); functions flush, never commit.
Corrections never overwrite: `counts` holds the current state with a `version`, `count_revisions` every state
(revision n = version n). A correction states the version it was based on; if someone saved in between,
`VersionConflict` is raised and nothing is written.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Select, func, insert, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from programs.models import (
    VALUE_FIELDS,
    Count,
    CountRevision,
    Program,
    ProgramRevision,
    Upload,
    UploadCount,
    utcnow,
)
from programs.validation import CountIn, ProgramIn, validate_count, whole_programs

# CountIn field -> column (the input says `program`, the tables `program_id`)
INPUT_TO_COLUMN = {"program": "program_id"}
PROGRAM_COLUMNS = ["name_nl", "name_en", "description_nl", "description_en", "theme", "unit", "unit_label_nl",
                   "unit_label_en", "unit_label_one_nl", "unit_label_one_en", "position", "count_kind",
                   "need_indicator", "need_age"]  # count_kind ...: #18; unit_label_one_*: migration 0007
COUNT_COLUMNS = ["count_id", "version", "program", *PROGRAM_COLUMNS, "area", "period_start", "period_end",
                 "value_low", "value_high", "qualifier", "source", "quote", "note_nl", "note_en", "retracted",
                 "entered_by", "entered_at", "changed_by", "changed_at"]
HISTORY_COLUMNS = ["count_id", "revision", "program", "area", "period_start", "period_end", "value_low",
                   "value_high", "qualifier", "source", "quote", "note_nl", "note_en", "retracted", "changed_by",
                   "changed_at", "reason"]


class StoreError(Exception):
    pass


class CountNotFound(StoreError, LookupError):
    pass


class EditorRequired(StoreError, ValueError):
    pass


class VersionConflict(StoreError):
    """Someone saved this count after the editor loaded it: reload, look, and correct again."""

    def __init__(self, count_id: int, expected: int, actual: int | None):
        self.count_id, self.expected, self.actual = count_id, expected, actual
        super().__init__(f"count {count_id} is at version {actual}, not {expected}: it was changed meanwhile")


@dataclass(frozen=True)
class CountFilter:
    """Empty tuples mean 'all'; a period keeps counts whose period overlaps [start, end]."""

    programs: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    include_retracted: bool = False


def _editor(user: str) -> str:
    name = (user or "").strip()
    if not name:
        raise EditorRequired("every change needs the name of who made it")
    return name


def program_ids(session: Session) -> set[str]:
    return set(session.scalars(select(Program.id)))


@dataclass(frozen=True)
class CountRules:
    """What the store checks a count against, read once per write (add_counts: once for all its rows): the
    programs that exist, and those whose counts must be whole numbers (validation.whole_programs). The entry form
    and the upload check the same; here a direct write of 12.5 participants is refused too (`not_whole`)."""

    programs: frozenset[str]
    whole: frozenset[str]

    @classmethod
    def of(cls, session: Session) -> CountRules:
        """As the database has them now (rows, not the session's possibly older Program objects)."""
        programs = session.execute(select(Program.id, Program.unit, Program.unit_label_nl,
                                          Program.unit_label_en)).all()
        return cls(frozenset(p.id for p in programs), whole_programs(programs))

    def check(self, data: CountIn | Mapping[str, Any], areas: Collection[str] | None = None,
              whole: bool = True) -> CountIn:
        """validate_count; `whole=False` leaves fractions alone (numbers kept as stored, see `_change`)."""
        return validate_count(data, self.programs, areas, whole=self.whole if whole else None)


class ProgramConflict(StoreError):
    """Someone saved this program after the admin opened it: reload and edit again."""


def _program_values(program: Program) -> dict[str, Any]:
    return {f: getattr(program, f) for f in ProgramIn.model_fields if f != "id"}


def _revise_program(session: Session, program: Program, user: str, reason: str) -> None:
    session.add(ProgramRevision(program_id=program.id, revision=program.version, changed_by=user,
                                changed_at=utcnow(), reason=reason, values=_program_values(program)))
    session.flush()


def add_program(session: Session, data: ProgramIn | Mapping[str, Any], user: str, reason: str = "") -> Program:
    """A new program (version 1) with revision 1 in program_revisions."""
    program_in = data if isinstance(data, ProgramIn) else ProgramIn.model_validate(data)
    if session.get(Program, program_in.id) is not None:
        raise ProgramConflict(f"a program with id '{program_in.id}' exists already")
    program = Program(**program_in.model_dump(), version=1, created_by=_editor(user), created_at=utcnow())
    session.add(program)
    session.flush()
    _revise_program(session, program, program.created_by, reason)
    return program


def edit_program(session: Session, program_id: str, changes: Mapping[str, Any], user: str, expected_version: int,
                 reason: str = "") -> Program:
    """Change what a program is (names, theme, unit, kind of count, need indicator, ...): validated as a whole,
    written only if nobody saved it since `expected_version` (else ProgramConflict), and kept as a new revision.
    A program from before migration 0004 first gets its current state as a revision. No change, no revision."""
    editor = _editor(user)
    program = session.get(Program, program_id)
    if program is None:
        raise StoreError(f"no program with id '{program_id}'")
    session.refresh(program)
    if program.version != expected_version:
        raise ProgramConflict(f"program {program_id} is at version {program.version}, not {expected_version}")
    current = _program_values(program)
    new = ProgramIn.model_validate({**current, **changes, "id": program_id}).model_dump(exclude={"id"})
    if new == current:
        return program
    if not session.scalar(select(ProgramRevision.id).where(ProgramRevision.program_id == program_id).limit(1)):
        _revise_program(session, program, program.created_by, "before the first edit")
    done = session.execute(update(Program).where(Program.id == program_id, Program.version == expected_version)
                           .values(**new, version=expected_version + 1)
                           .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise ProgramConflict(f"program {program_id} was saved by someone else meanwhile")
    session.refresh(program)
    _revise_program(session, program, editor, reason)
    return program


def program_history(session: Session, program_id: str) -> pd.DataFrame:
    """Every revision of a program, oldest first: revision, who, when, why, and the values."""
    rows = [{"revision": r.revision, "changed_by": r.changed_by, "changed_at": r.changed_at, "reason": r.reason,
             **r.values} for r in session.scalars(select(ProgramRevision).where(ProgramRevision.program_id ==
                                                                                program_id)
                                                  .order_by(ProgramRevision.revision))]
    columns = ["revision", "changed_by", "changed_at", "reason", *(f for f in ProgramIn.model_fields if f != "id")]
    return _frame(rows, columns, ("changed_at",))


def _columns(count_in: CountIn) -> dict[str, Any]:
    return {INPUT_TO_COLUMN.get(k, k): v for k, v in count_in.model_dump().items()}


def _as_input(count: Count | CountRevision) -> dict[str, Any]:
    reverse = {v: k for k, v in INPUT_TO_COLUMN.items()}
    return {reverse.get(f, f): getattr(count, f) for f in VALUE_FIELDS if f != "retracted"}


def _revise(session: Session, count: Count, user: str, reason: str) -> None:
    session.add(CountRevision(count_id=count.id, revision=count.version, changed_by=user,
                              changed_at=count.changed_at, reason=reason,
                              **{f: getattr(count, f) for f in VALUE_FIELDS}))
    session.flush()


def add_count(session: Session, data: CountIn | Mapping[str, Any], user: str, reason: str = "",
              areas: Collection[str] | None = None) -> Count:
    """A new count (version 1, revision 1), checked by `CountRules` (a known program; a whole number where the
    program counts whole units). `areas`: known CBS codes, if the caller wants them checked."""
    editor = _editor(user)
    count_in = CountRules.of(session).check(data, areas)
    now = utcnow()
    count = Count(**_columns(count_in), retracted=False, entered_by=editor, entered_at=now, changed_by=editor,
                  changed_at=now)
    session.add(count)
    session.flush()
    _revise(session, count, editor, reason)
    return count


def get_count(session: Session, count_id: int) -> Count:
    count = session.get(Count, count_id)
    if count is None:
        raise CountNotFound(f"no count with id {count_id}")
    return count


def _fresh(session: Session, count_id: int) -> Count:
    """The count as the database has it now (not an older copy from this session)."""
    count = get_count(session, count_id)
    session.refresh(count)
    return count


def _keeps_numbers(count: Count, values: Mapping[str, Any]) -> bool:
    """Whether `values` leave the count's numbers as stored (a retraction, a corrected source). A fraction stored
    before the store checked whole numbers (or before its program's unit became one) can then still be retracted
    or annotated; every new number is checked."""
    return (values.get("value_low"), values.get("value_high")) == (count.value_low, count.value_high)


def _change(session: Session, count_id: int, expected_version: int, user: str, reason: str,
            values: Mapping[str, Any], retracted: bool | None, areas: Collection[str] | None = None) -> Count:
    editor = _editor(user)
    count = _fresh(session, count_id)
    if count.version != expected_version:
        raise VersionConflict(count_id, expected_version, count.version)
    new = _columns(CountRules.of(session).check(values, areas, whole=not _keeps_numbers(count, values)))
    if retracted is not None:
        new["retracted"] = retracted
    if all(getattr(count, k) == v for k, v in new.items()):
        return count
    for key, value in new.items():
        setattr(count, key, value)
    count.changed_by, count.changed_at = editor, utcnow()
    try:
        session.flush()
    except StaleDataError as exc:  # saved by someone else between our read and our write
        raise VersionConflict(count_id, expected_version, None) from exc
    _revise(session, count, editor, reason)
    return count


def correct_count(session: Session, count_id: int, changes: Mapping[str, Any], user: str, expected_version: int,
                  reason: str = "", areas: Collection[str] | None = None) -> Count:
    """Change some values of a count; the old values stay in its history. No change, no new revision.

    An exact count (low = high) corrected with only `value_low` stays exact: its high value follows.
    """
    count = _fresh(session, count_id)
    current = _as_input(count)
    if "value_low" in changes and "value_high" not in changes and count.value_low == count.value_high:
        current["value_high"] = None
    return _change(session, count_id, expected_version, user, reason, {**current, **changes}, None, areas)


def retract_count(session: Session, count_id: int, user: str, expected_version: int, reason: str) -> Count:
    """Withdraw a count (it no longer shows) without deleting it or its history."""
    count = _fresh(session, count_id)
    return _change(session, count_id, expected_version, user, reason, _as_input(count), True)


def revert_count(session: Session, count_id: int, revision: int, user: str, expected_version: int,
                 reason: str = "") -> Count:
    """Undo: make an earlier revision's values current again, as a new revision."""
    old = session.scalars(select(CountRevision).where(CountRevision.count_id == count_id,
                                                      CountRevision.revision == revision)).one_or_none()
    if old is None:
        raise CountNotFound(f"count {count_id} has no revision {revision}")
    return _change(session, count_id, expected_version, user, reason or f"revert to revision {revision}",
                   _as_input(old), old.retracted)


def _utc(column: pd.Series) -> pd.Series:
    """SQLite hands back naive UTC timestamps, PostgreSQL aware ones: make both aware UTC."""
    return pd.to_datetime(column, utc=True) if len(column) else column


def _frame(rows: list[dict[str, Any]], columns: list[str], times: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for col in times:
        frame[col] = _utc(frame[col])
    return frame


def _filtered(query: Select, filters: CountFilter) -> Select:
    if not filters.include_retracted:
        query = query.where(Count.retracted.is_(False))
    if filters.programs:
        query = query.where(Count.program_id.in_(filters.programs))
    if filters.areas:
        query = query.where(Count.area.in_(filters.areas))
    if filters.themes:
        query = query.where(Program.theme.in_(filters.themes))
    if filters.start is not None:
        query = query.where(Count.period_end >= filters.start)
    if filters.end is not None:
        query = query.where(Count.period_start <= filters.end)
    return query


def list_counts(session: Session, filters: CountFilter | None = None) -> pd.DataFrame:
    """The current counts with their program's names, theme and unit: one row per count."""
    query = _filtered(select(Count, Program).join(Program, Count.program_id == Program.id), filters or CountFilter())
    query = query.order_by(Program.position, Program.id, Count.area, Count.period_start, Count.id)
    rows = [{"count_id": c.id, "version": c.version, "program": c.program_id,
             **{k: getattr(p, k) for k in PROGRAM_COLUMNS},
             **{f: getattr(c, f) for f in VALUE_FIELDS if f != "program_id"},
             "entered_by": c.entered_by, "entered_at": c.entered_at, "changed_by": c.changed_by,
             "changed_at": c.changed_at} for c, p in session.execute(query)]
    return _frame(rows, COUNT_COLUMNS, ("entered_at", "changed_at"))


def counts_state(session: Session) -> tuple:
    """A fingerprint of the counts and programs that changes with every write the store makes: a count added
    (rows, highest id, latest entry), changed, retracted or undone (its version goes up), a program edited (its
    version). Two aggregate queries, a fraction of list_counts: a page can keep what it built from the counts until
    this changes (ui.store.counts_in_area)."""
    counts = session.execute(select(func.count(), func.coalesce(func.sum(Count.version), 0), func.max(Count.id),
                                    func.max(Count.entered_at), func.max(Count.changed_at))).one()
    programs = session.execute(select(func.count(), func.coalesce(func.sum(Program.version), 0))).one()
    return (*counts, *programs)


def list_programs(session: Session) -> pd.DataFrame:
    programs = session.scalars(select(Program).order_by(Program.position, Program.id))
    columns = ["id", *PROGRAM_COLUMNS, "version"]
    return pd.DataFrame([{c: getattr(p, c) for c in columns} for p in programs], columns=columns)


def history(session: Session, count_id: int) -> pd.DataFrame:
    """Every revision of a count, oldest first (revision 1 = as first entered)."""
    get_count(session, count_id)
    revisions = session.scalars(select(CountRevision).where(CountRevision.count_id == count_id)
                                .order_by(CountRevision.revision))
    rows = [{"count_id": r.count_id, "revision": r.revision, "program": r.program_id,
             **{f: getattr(r, f) for f in VALUE_FIELDS if f != "program_id"},
             "changed_by": r.changed_by, "changed_at": r.changed_at, "reason": r.reason} for r in revisions]
    return _frame(rows, HISTORY_COLUMNS, ("changed_at",))


# --- data entry (#8): bulk import, duplicates, undo, audit trail -------------------------------------------

UNDO_REASON = "undo"  # the reason of an undo revision starts with this
CountKey = tuple[str, str, dt.date, dt.date, float, float]
PeriodKey = tuple[str, str, dt.date, dt.date]  # a CountKey without its numbers


class NothingToUndo(StoreError):
    """The editor's change is no longer the count's newest state, or there is no change of theirs."""


def count_key(program: str, area: str, start: dt.date, end: dt.date, low: float, high: float | None) -> CountKey:
    """What makes two counts the same count: program, area, period and values."""
    return (program, area, start, end, float(low), float(low if high is None else high))


def key_of(count: CountIn) -> CountKey:
    """count_key of a checked count."""
    return count_key(count.program, count.area, count.period_start, count.period_end, count.value_low,
                     count.value_high)


def period_index(keys: Mapping[CountKey, int]) -> dict[PeriodKey, int]:
    """Program, area and period -> the lowest id `keys` gives a count of them (whatever its numbers)."""
    index: dict[PeriodKey, int] = {}
    for key, count_id in keys.items():
        period = key[:4]
        index[period] = min(count_id, index.get(period, count_id))
    return index


def other_number(key: CountKey, keys: Mapping[CountKey, int], index: Mapping[PeriodKey, int]) -> int | None:
    """The lowest id of a count in `keys` (`index` = period_index(keys)) for the program, area and period of `key`
    with other numbers: a second number for a period that has one (a correction of it?). None when no count is
    for that period, or when `key` equals one of them (a duplicate, not another number)."""
    return None if key in keys else index.get(key[:4])


def count_keys(session: Session) -> dict[CountKey, int]:
    """Key -> id of every current (not retracted) count: to spot an upload row that is already stored."""
    rows = session.execute(select(Count.id, Count.program_id, Count.area, Count.period_start, Count.period_end,
                                  Count.value_low, Count.value_high).where(Count.retracted.is_(False)))
    return {count_key(*row[1:]): row[0] for row in rows}


def add_counts(session: Session, rows: Sequence[CountIn | Mapping[str, Any]], user: str, reason: str = "",
               areas: Collection[str] | None = None, chunk_size: int = 1000,
               progress: Callable[[int, int], None] | None = None) -> list[int]:
    """Many new counts (each version 1 with revision 1) with bulk INSERTs, inside the caller's transaction:
    together with `sessions.begin()` all rows go in or none do. Every row is validated first; one bad row
    raises before anything is written. `progress(done, total)` is called after each chunk."""
    editor = _editor(user)
    rules = CountRules.of(session)
    checked = [rules.check(row, areas) for row in rows]
    now = utcnow()
    ids: list[int] = []
    for start in range(0, len(checked), chunk_size):
        values = [{**_columns(c), "retracted": False} for c in checked[start:start + chunk_size]]
        new_ids = list(session.scalars(
            insert(Count).returning(Count.id, sort_by_parameter_order=True),
            [{**v, "version": 1, "entered_by": editor, "entered_at": now, "changed_by": editor, "changed_at": now}
             for v in values]))
        # Revision 1 of each new count, copied from the rows just written by the database itself (INSERT ...
        # SELECT): half the parameters to send, and the revision is exactly what was stored.
        copied = select(Count.id, literal(1), Count.changed_by, Count.changed_at, literal(reason),
                        *(getattr(Count, f) for f in VALUE_FIELDS)).where(Count.id.in_(new_ids))
        session.execute(insert(CountRevision).from_select(
            ["count_id", "revision", "changed_by", "changed_at", "reason", *VALUE_FIELDS], copied))
        ids.extend(new_ids)
        if progress is not None:
            progress(len(ids), len(checked))
    if ids:  # one upload: one step can undo it (undo_upload)
        upload = Upload(label=reason, created_by=editor, created_at=now, rows=len(ids))
        session.add(upload)
        session.flush()
        for start in range(0, len(ids), chunk_size):
            session.execute(insert(UploadCount), [{"upload_id": upload.id, "count_id": i}
                                                  for i in ids[start:start + chunk_size]])
    return ids


def _latest_revision(session: Session, count_id: int) -> CountRevision:
    return session.scalars(select(CountRevision).where(CountRevision.count_id == count_id)
                           .order_by(CountRevision.revision.desc()).limit(1)).one()


def can_undo(session: Session, count_id: int, user: str) -> bool:
    """Is the count's newest revision a change by `user` (not itself an undo) that can be undone?"""
    latest = _latest_revision(session, count_id)
    return latest.changed_by == (user or "").strip() and not latest.reason.startswith(UNDO_REASON)


def last_change_by(session: Session, user: str) -> CountRevision | None:
    """The newest revision written by `user` that is still its count's current state and not an undo."""
    mine = session.scalars(select(CountRevision).join(Count, Count.id == CountRevision.count_id)
                           .where(CountRevision.changed_by == (user or "").strip(),
                                  CountRevision.revision == Count.version)
                           .order_by(CountRevision.changed_at.desc(), CountRevision.id.desc()).limit(1)).first()
    if mine is None or mine.reason.startswith(UNDO_REASON):
        return None
    return mine


def undo_change(session: Session, count_id: int, user: str, expected_version: int) -> Count:
    """Undo the editor's own newest change of a count, as a new revision: a correction goes back to the values
    before it (revert), a new count is retracted. Raises VersionConflict if the count changed since the
    editor looked, NothingToUndo if its newest change is not theirs."""
    editor = _editor(user)
    count = _fresh(session, count_id)
    if count.version != expected_version:
        raise VersionConflict(count_id, expected_version, count.version)
    if not can_undo(session, count_id, editor):
        raise NothingToUndo(f"the newest change of count {count_id} is not one of {editor}'s")
    reason = f"{UNDO_REASON}: revision {count.version}"
    if count.version == 1:
        return retract_count(session, count_id, editor, expected_version, reason)
    return revert_count(session, count_id, count.version - 1, editor, expected_version, reason)


class UploadChanged(StoreError):
    """Counts of the upload were changed after it (corrected, retracted, undone): undo those one by one."""

    def __init__(self, upload_id: int, count_ids: list[int]):
        self.upload_id, self.count_ids = upload_id, count_ids
        super().__init__(f"upload {upload_id}: counts {count_ids[:10]} changed since; undo them one by one")


UPLOAD_COLUMNS = ["upload_id", "label", "created_by", "created_at", "rows", "undone_by", "undone_at"]


def list_uploads(session: Session, user: str | None = None, limit: int = 20) -> pd.DataFrame:
    """The newest uploads (of `user`, or everyone's), newest first."""
    query = select(Upload).order_by(Upload.id.desc()).limit(limit)
    if user is not None:
        query = query.where(Upload.created_by == user.strip())
    rows = [{"upload_id": u.id, "label": u.label, "created_by": u.created_by, "created_at": u.created_at,
             "rows": u.rows, "undone_by": u.undone_by, "undone_at": u.undone_at} for u in session.scalars(query)]
    return _frame(rows, UPLOAD_COLUMNS, ("created_at", "undone_at"))


def undo_upload(session: Session, upload_id: int, user: str, admin: bool = False, chunk_size: int = 1000) -> int:
    """One step undoes a whole upload: every count it added is retracted, as a new revision by `user` with the
    reason 'undo upload #n: …', and the upload is marked undone (who, when). Only the uploader or an admin may.
    Refused (nothing written) when any of its counts changed since the upload: the store then shows exactly
    what it showed before the upload. Returns the number of counts retracted."""
    editor = _editor(user)
    upload = session.get(Upload, upload_id)
    if upload is None or upload.undone_at is not None:
        raise NothingToUndo(f"upload {upload_id} does not exist or was undone already")
    if upload.created_by != editor and not admin:
        raise NothingToUndo(f"upload {upload_id} is {upload.created_by}'s, not {editor}'s")
    ids = list(session.scalars(select(UploadCount.count_id).where(UploadCount.upload_id == upload_id)
                               .order_by(UploadCount.count_id)))
    changed = list(session.scalars(select(Count.id).where(Count.id.in_(ids), (Count.version != 1)
                                                          | Count.retracted.is_(True)).order_by(Count.id)))
    if changed:
        raise UploadChanged(upload_id, changed)
    now, reason = utcnow(), f"{UNDO_REASON} upload #{upload_id}: {upload.label}"
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start:start + chunk_size]
        done = session.execute(update(Count).where(Count.id.in_(chunk), Count.version == 1,
                                                   Count.retracted.is_(False))
                               .values(retracted=True, version=2, changed_by=editor, changed_at=now)
                               .execution_options(synchronize_session=False))
        if done.rowcount != len(chunk):  # saved by someone else between our check and our write
            raise UploadChanged(upload_id, chunk)
        copied = select(Count.id, Count.version, Count.changed_by, Count.changed_at, literal(reason),
                        *(getattr(Count, f) for f in VALUE_FIELDS)).where(Count.id.in_(chunk))
        session.execute(insert(CountRevision).from_select(
            ["count_id", "revision", "changed_by", "changed_at", "reason", *VALUE_FIELDS], copied))
    upload.undone_by, upload.undone_at = editor, now
    session.flush()
    return len(ids)


def audit_trail(session: Session) -> pd.DataFrame:
    """Every revision of every count (the whole history), in the order they were written."""
    revisions = session.scalars(select(CountRevision).order_by(CountRevision.id))
    rows = [{"count_id": r.count_id, "revision": r.revision, "program": r.program_id,
             **{f: getattr(r, f) for f in VALUE_FIELDS if f != "program_id"},
             "changed_by": r.changed_by, "changed_at": r.changed_at, "reason": r.reason} for r in revisions]
    return _frame(rows, HISTORY_COLUMNS, ("changed_at",))


def revision_changes(hist: pd.DataFrame) -> list[dict[str, tuple[Any, Any]]]:
    """Per revision of a `history` frame: field -> (old, new) for what it changed (revision 1: everything it set,
    old None)."""
    fields = [c for c in HISTORY_COLUMNS if c not in ("count_id", "revision", "changed_by", "changed_at", "reason")]
    out: list[dict[str, tuple[Any, Any]]] = []
    previous: dict[str, Any] | None = None
    for row in hist.to_dict("records"):
        values = {f: (None if _missing(row[f]) else row[f]) for f in fields}
        if previous is None:
            out.append({f: (None, v) for f, v in values.items() if v is not None and f != "retracted"})
        else:
            out.append({f: (previous[f], v) for f, v in values.items() if previous[f] != v})
        previous = values
    return out


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def read_counts(url: str | None = None) -> pd.DataFrame:
    """The current counts, read once from the store at `url` (default: the app's), for scripts and benchmarks
    that have no session of their own (presentation.content.load_data)."""
    from programs.db import make_sessions, open_store

    engine = open_store(url)
    try:
        with make_sessions(engine)() as session:
            return list_counts(session)
    finally:
        engine.dispose()
