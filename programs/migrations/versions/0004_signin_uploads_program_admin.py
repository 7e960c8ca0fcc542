"""Sign-in in the store (failed attempts and signed-in sessions, shared by every replica), uploads as one unit
(undo of a whole upload), and what admins edit of a program (kind of count, need indicator, version, history).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COUNT_KINDS = "count_kind IN ('residents', 'staff', 'groups', 'activities', 'places')"
NEED_AGES = "need_age IS NULL OR need_age IN ('18plus', '65plus')"


PROGRAM_COLUMNS = (  # name, type, NOT NULL default (None: nullable), check
    ("count_kind", "VARCHAR(16)", "'residents'", ("count_kind_known", COUNT_KINDS)),
    ("need_indicator", "VARCHAR(80)", None, None),
    ("need_age", "VARCHAR(16)", None, ("need_age_known", NEED_AGES)),
    ("version", "INTEGER", "1", None),
)


def _add_program_columns() -> None:
    """New columns of `programs` by a plain ADD COLUMN on both databases. SQLite cannot add a table constraint and
    would rebuild the table (drop and copy) for one, which its foreign keys from `counts` refuse once counts
    exist: there each check is a column constraint, which ADD COLUMN (and DROP COLUMN) accept."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, sql_type, default, check in PROGRAM_COLUMNS:
        spec = f"{sql_type} NOT NULL DEFAULT {default}" if default else sql_type
        if sqlite and check:
            spec += f" CONSTRAINT {check[0]} CHECK ({check[1]})"
        op.execute(f"ALTER TABLE programs ADD COLUMN {name} {spec}")
        if check and not sqlite:
            op.create_check_constraint(check[0], "programs", check[1])


def upgrade() -> None:
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name_key", sa.String(100), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_signin_failures_name_key", "signin_failures", ["name_key", "failed_at"])
    op.create_table(
        "signin_sessions",
        sa.Column("id", sa.String(64), primary_key=True),  # the random token id inside the signed cookie
        sa.Column("name_key", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_signin_sessions_name_key", "signin_sessions", ["name_key"])
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("undone_by", sa.String(200), nullable=True),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(  # which counts an upload added: a table of its own, so `counts` is not rebuilt
        "upload_counts",
        sa.Column("upload_id", sa.Integer(), sa.ForeignKey("uploads.id"), primary_key=True),
        sa.Column("count_id", sa.Integer(), sa.ForeignKey("counts.id"), primary_key=True),
    )
    _add_program_columns()
    op.create_table(
        "program_revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("program_id", sa.String(64), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.UniqueConstraint("program_id", "revision", name="uq_program_revisions_program_revision"),
    )


def downgrade() -> None:
    op.drop_table("program_revisions")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, _, _, check in reversed(PROGRAM_COLUMNS):
        if check and not sqlite:
            op.drop_constraint(check[0], "programs", type_="check")
        op.execute(f"ALTER TABLE programs DROP COLUMN {name}")
    op.drop_table("upload_counts")
    op.drop_table("uploads")
    op.drop_index("ix_signin_sessions_name_key", table_name="signin_sessions")
    op.drop_table("signin_sessions")
    op.drop_index("ix_signin_failures_name_key", table_name="signin_failures")
    op.drop_table("signin_failures")
