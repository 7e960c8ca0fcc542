"""Presentation stories in the store (issue #17): every replica shows the same saved stories, and every save or
delete is a revision (a delete can be undone). Stories saved earlier as YAML files are imported with
`python -m programs.stories import FOLDER`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _values() -> list[sa.Column]:
    return [sa.Column("title", sa.String(200), nullable=False), sa.Column("document", sa.Text(), nullable=False),
            sa.Column("deleted", sa.Boolean(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        *_values(),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )
    op.create_table(
        "story_revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        *_values(),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.UniqueConstraint("story_id", "revision", name="uq_story_revisions_story_revision"),
    )


def downgrade() -> None:
    op.drop_table("story_revisions")
    op.drop_table("stories")
