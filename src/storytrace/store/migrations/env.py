"""Alembic environment: storytrace passes in an open connection (see ``schema.migrate``)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "storytrace migrates its stores itself when it opens them: run "
        "'storytrace ingest ... --db DB' (or open storytrace.store.Store(DB)), not alembic"
    )
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
