"""Alembic migrations of the store (see :mod:`storytrace.store.schema`)."""
