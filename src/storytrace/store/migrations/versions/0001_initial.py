"""Schema 1: articles, fingerprints, LSH buckets, paragraph hashes, links, stories, state.

articles.seq is the ingest order (never reused). articles.ident (the content hash with the
article's URL, else outlet, else id) makes ingest idempotent: the same input twice adds
nothing, while the same text from another outlet is stored and linked as a copy.
Fingerprints hold the MinHash signature (uint32 x num_perm) and the sorted hashes of
normalised paragraphs (int64), both as raw little-endian bytes.

Revision ID: 0001
Create Date: 2025-05-01 (storytrace 0.1, as ``001_initial.sql``)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storytrace.store.schema import record_version

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("applied_at", sa.Text, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("ident", sa.Text, nullable=False, unique=True),
        sa.Column("hash", sa.Text, nullable=False),
        sa.Column("norm_hash", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("language", sa.Text),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("lead", sa.Text, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("meta", sa.Text, nullable=False, server_default="{}"),
        sa.Column("added_at", sa.Text, nullable=False),
    )
    op.create_index("articles_norm_hash", "articles", ["norm_hash"])
    op.create_index("articles_hash", "articles", ["hash"])
    op.create_table(
        "fingerprints",
        sa.Column("seq", sa.Integer, sa.ForeignKey("articles.seq"), primary_key=True),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("paragraphs", sa.LargeBinary, nullable=False),
    )
    for name in ("lsh", "paragraphs"):  # band key or paragraph hash -> article seq
        op.create_table(
            name,
            sa.Column("key" if name == "lsh" else "hash", sa.BigInteger, primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "duplicates",
        sa.Column("article", sa.Text, primary_key=True),
        sa.Column("duplicate_of", sa.Text, primary_key=True),
        sa.Column("similarity", sa.Float, nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("duplicates_of", "duplicates", ["duplicate_of"])
    op.create_table(
        "assignments",
        sa.Column("article", sa.Text, primary_key=True),
        sa.Column("story", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_index("assignments_story", "assignments", ["story"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("first_published", sa.Text),
        sa.Column("last_published", sa.Text),
        sa.Column("languages", sa.Text, nullable=False, server_default="[]"),
        sa.Column("outlets", sa.Text, nullable=False, server_default="[]"),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "state",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.LargeBinary),
    )
    record_version(1, "001_initial.sql")
