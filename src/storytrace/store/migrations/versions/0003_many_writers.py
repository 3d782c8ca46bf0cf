"""Schema 3: many writers. Each ingest batch takes the store's write lock and catches its
near-duplicate index up with every fingerprint committed by other writers before linking.

No table changes; the version is recorded so that storytrace 0.1 (whose writers keep a
private index for the whole run and miss each other's articles) refuses to write the store.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from storytrace.store.schema import record_version

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    record_version(3, "0003_many_writers")
