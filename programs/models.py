"""Tables of the program-count store.

`counts` holds the current state of every count; `count_revisions` holds every state it ever had (revision 1 is
the first entry). A change writes a new revision and bumps `counts.version`: nothing is overwritten without a
trace. `version` doubles as SQLAlchemy's version counter, so two concurrent edits cannot both win.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    JSON,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Program(Base):
    __tablename__ = "programs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    theme: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(40))
    unit_label_nl: Mapped[str] = mapped_column(String(100))
    unit_label_en: Mapped[str] = mapped_column(String(100))
    # Migration 0007: the unit after a count of exactly one ('1 speeltuin'); unit_label_* after any other count.
    unit_label_one_nl: Mapped[str] = mapped_column(String(100))
    unit_label_one_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Migration 0004: what one unit counts, the need indicator of reach (an id of data/indicators.yaml) and its
    # age group, and a version for the admin's edits (every state in program_revisions).
    count_kind: Mapped[str] = mapped_column(String(16), default="residents", server_default="residents")
    need_indicator: Mapped[str | None] = mapped_column(String(80), nullable=True)
    need_age: Mapped[str | None] = mapped_column(String(16), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __table_args__ = (
        CheckConstraint("count_kind IN ('residents', 'staff', 'groups', 'activities', 'places')",
                        name="count_kind_known"),
        CheckConstraint("need_age IS NULL OR need_age IN ('18plus', '65plus')", name="need_age_known"),
    )

    counts: Mapped[list[Count]] = relationship(back_populates="program", foreign_keys="Count.program_id")


class ProgramRevision(Base):
    """Every state a program had (revision 1: as created), with who changed it, when and why."""

    __tablename__ = "program_revisions"
    __table_args__ = (UniqueConstraint("program_id", "revision", name="uq_program_revisions_program_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    program_id: Mapped[str] = mapped_column(ForeignKey("programs.id"))
    revision: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[dict] = mapped_column(JSON)


class Upload(Base):
    """One bulk import (an uploaded file): its counts point here, so one step can undo them all."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rows: Mapped[int] = mapped_column(Integer)
    undone_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class UploadCount(Base):
    """A count that an upload added (migration 0004)."""

    __tablename__ = "upload_counts"

    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), primary_key=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("counts.id"), primary_key=True)


class _CountValues:
    """The values of a count: shared by the current state and every revision."""

    program_id: Mapped[str] = mapped_column(ForeignKey("programs.id"))
    area: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value_low: Mapped[float] = mapped_column(Double)
    value_high: Mapped[float] = mapped_column(Double)
    qualifier: Mapped[str] = mapped_column(String(16), default="exact")
    source: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text, nullable=True)
    note_nl: Mapped[str | None] = mapped_column(Text, nullable=True)
    note_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)


VALUE_FIELDS = ("program_id", "area", "period_start", "period_end", "value_low", "value_high", "qualifier",
                "source", "quote", "note_nl", "note_en", "retracted")


class Count(_CountValues, Base):
    __tablename__ = "counts"
    __table_args__ = (
        CheckConstraint("value_low >= 0", name="value_low_not_negative"),
        CheckConstraint("value_low <= value_high", name="low_not_above_high"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
        CheckConstraint("version >= 1", name="version_positive"),
        # Migration 0002: the filters of the programs page and of data entry.
        Index("ix_counts_program_id", "program_id"),
        Index("ix_counts_area", "area"),
        Index("ix_counts_period_start", "period_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    entered_by: Mapped[str] = mapped_column(String(200))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    program: Mapped[Program] = relationship(back_populates="counts", foreign_keys="Count.program_id")
    revisions: Mapped[list[CountRevision]] = relationship(back_populates="count", order_by="CountRevision.revision")

    __mapper_args__ = {"version_id_col": version}


class CountRevision(_CountValues, Base):
    __tablename__ = "count_revisions"
    __table_args__ = (
        UniqueConstraint("count_id", "revision", name="uq_count_revisions_count_revision"),
        Index("ix_count_revisions_changed_at", "changed_at"),  # migration 0002: the audit log, newest first
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    count_id: Mapped[int] = mapped_column(ForeignKey("counts.id"))
    revision: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")

    count: Mapped[Count] = relationship(back_populates="revisions")


class SigninFailure(Base):
    """One failed sign-in (migration 0004): counted in the store, so every replica and a restart see them."""

    __tablename__ = "signin_failures"
    __table_args__ = (Index("ix_signin_failures_name_key", "name_key", "failed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name_key: Mapped[str] = mapped_column(String(100))
    failed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SigninSession(Base):
    """A signed-in browser (migration 0004): the id inside its signed cookie. Sign-out revokes it here, for
    every replica at once."""

    __tablename__ = "signin_sessions"
    __table_args__ = (Index("ix_signin_sessions_name_key", "name_key"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class _StoryValues:
    """What a saved story is (issue #17): shared by its current state and every revision. `document` is the
    story as JSON (presentation.story.Story); `deleted` marks a delete, which a later revision can undo."""

    title: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(Text)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class StoredStory(_StoryValues, Base):
    """A presentation story as it is now; `version` = its newest revision (optimistic locking, as counts)."""

    __tablename__ = "stories"
    __table_args__ = (CheckConstraint("version >= 1", name="version_positive"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class StoryRevision(_StoryValues, Base):
    __tablename__ = "story_revisions"
    __table_args__ = (UniqueConstraint("story_id", "revision", name="uq_story_revisions_story_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id"))
    revision: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class EntryDraft(Base):
    """The half-filled 'add one count' form of an editor (migration 0006): one per account (`user_key` is the
    account's normalised name), shared by every replica, so a reload or another page does not lose it. A draft is
    not a count: it has no revisions and never shows in the history or the audit trail."""

    __tablename__ = "entry_drafts"

    user_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    values: Mapped[str] = mapped_column(Text)  # the form's fields as a JSON object
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
