"""Drafts of the entry form (issue #18): what an editor has typed in 'add one count' but not saved yet, one per
account, so it survives a reload, a typed URL and a visit to another page, on every replica.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_drafts",
        sa.Column("user_key", sa.String(100), primary_key=True),  # the account's normalised name
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("entry_drafts")
