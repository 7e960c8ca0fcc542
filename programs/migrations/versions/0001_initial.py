"""Programs, counts (current state with a version) and count revisions (every state a count ever had).

Revision ID: 0001
Revises:
Create Date: 2025-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _value_columns() -> list[sa.Column]:
    """The values of a count: the same in `counts` and in `count_revisions`."""
    return [
        sa.Column("program_id", sa.String(64), sa.ForeignKey("programs.id"), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value_low", sa.Double(), nullable=False),
        sa.Column("value_high", sa.Double(), nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("note_nl", sa.Text(), nullable=True),
        sa.Column("note_en", sa.Text(), nullable=True),
        sa.Column("retracted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "programs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name_nl", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("description_nl", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(40), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("unit_label_nl", sa.String(100), nullable=False),
        sa.Column("unit_label_en", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "counts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(200), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        *_value_columns(),
        sa.CheckConstraint("value_low >= 0", name="value_low_not_negative"),
        sa.CheckConstraint("value_low <= value_high", name="low_not_above_high"),
        sa.CheckConstraint("period_start <= period_end", name="period_in_order"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )
    op.create_table(
        "count_revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("count_id", sa.Integer(), sa.ForeignKey("counts.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_value_columns(),
        sa.UniqueConstraint("count_id", "revision", name="uq_count_revisions_count_revision"),
    )


def downgrade() -> None:
    op.drop_table("count_revisions")
    op.drop_table("counts")
    op.drop_table("programs")
