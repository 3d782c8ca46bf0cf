"""Alembic migrations of the service's own tables (see :mod:`storytrace.web.db`)."""
