"""Alembic environment of the service's tables: storytrace passes in an open connection
(see ``web.db.migrate``); their revision lives in ``web_alembic_version``, apart from the
article store's ``alembic_version`` when both share one PostgreSQL database."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit(
        "storytrace migrates the service's tables itself when it opens them: run "
        "'storytrace serve' (or storytrace.web.db.make_engine(URL)), not alembic"
    )
context.configure(
    connection=connection,
    version_table=context.config.attributes["version_table"],
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
