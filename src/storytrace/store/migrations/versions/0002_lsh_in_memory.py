"""Schema 2: LSH band keys and paragraph hashes move to an in-memory index.

The index is rebuilt from ``fingerprints`` (see storytrace/store/index.py). Kept in the
database they made every batch rewrite most of two large B-trees.

Revision ID: 0002
Revises: 0001
Create Date: 2025-06-01 (storytrace 0.1, as ``002_lsh_in_memory.sql``)
"""

from __future__ import annotations

from alembic import op

from storytrace.store.schema import record_version

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("lsh")
    op.drop_table("paragraphs")
    record_version(2, "002_lsh_in_memory.sql")
