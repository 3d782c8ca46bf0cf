"""Web schema 1: users, sessions, API tokens, feeds, feed items, jobs, cached reports.

The tables of the first service release, which versioned them by hand
(``web_schema_version`` 1, "initial"); such a database is stamped with this revision and
not migrated again. A database made before that versioning has some or all of the
tables already: only the missing ones are created, and its rows stay.

Revision ID: web0001
Create Date: 2026-12-06 (storytrace service, as ``web/db.py``'s migration 1)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storytrace.web.db import record_version

revision = "web0001"
down_revision = None
branch_labels = None
depends_on = None


def _table(name: str, *columns: sa.Column[object] | sa.Constraint) -> None:
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)


def upgrade() -> None:
    _table(
        "web_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("pw_hash", sa.Text, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
    )
    _table(
        "web_sessions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("web_users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("expires", sa.Float, nullable=False),
    )
    _table(
        "web_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("web_users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("revoked", sa.Float),
        sa.Column("last_used", sa.Float),
    )
    _table(
        "web_feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("interval_s", sa.Float, nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("last_polled", sa.Float),
        sa.Column("last_error", sa.Text),
        sa.Column("items", sa.Integer, nullable=False),
    )
    _table(
        "web_feed_items",
        sa.Column(
            "feed_id",
            sa.Integer,
            sa.ForeignKey("web_feeds.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("seen", sa.Float, nullable=False),
        sa.UniqueConstraint("feed_id", "key"),
    )
    _table(
        "web_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("result", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )
    _table(
        "web_reports",
        sa.Column("story_id", sa.String(100), primary_key=True),
        sa.Column("members", sa.String(64), nullable=False),
        sa.Column("built", sa.Float, nullable=False),
        sa.Column("independent", sa.Integer, nullable=False),
        sa.Column("root_title", sa.Text),
        sa.Column("root_outlet", sa.Text),
        sa.Column("outlets", sa.Text),
        sa.Column("report_json", sa.Text, nullable=False),
        sa.Column("page_html", sa.Text, nullable=False),
        sa.Column("markdown", sa.Text, nullable=False),
        sa.Column("html_file", sa.Text, nullable=False),
    )
    _table(
        "web_schema_version",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("applied", sa.Float, nullable=False),
    )
    record_version(1, "initial")
