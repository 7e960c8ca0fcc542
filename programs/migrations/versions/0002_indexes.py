"""Indexes for the filters of the programs page and data entry, and for the audit log (newest first).

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-25
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_counts_program_id", "counts", ["program_id"]),
    ("ix_counts_area", "counts", ["area"]),
    ("ix_counts_period_start", "counts", ["period_start"]),
    ("ix_count_revisions_changed_at", "count_revisions", ["changed_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
