"""``storytrace serve``: a web app and REST API over the article store (``storytrace[web]``).

Modules: ``settings`` (typed ``[web]`` settings), ``db`` (the service's own tables, SQLAlchemy
Core), ``auth`` (users, sessions, CSRF, API tokens), ``service`` (reads and workflows over
the store), ``jobs`` + ``work`` (persisted jobs and what they do), ``fetch`` + ``poller``
(careful fetching, feeds on a schedule), ``exports``, ``timeline``, ``story_page``,
``api_routes`` (REST), ``pages`` (HTML), ``app`` (the FastAPI app), ``commands`` (CLI).
Importing this package loads nothing heavy; :func:`create_app` needs the ``web`` extra.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .settings import ServeSettings


def create_app(settings: ServeSettings) -> Any:
    """The FastAPI app over ``settings.data`` (see :mod:`storytrace.web.app`)."""
    from .app import create_app as _create

    return _create(settings)


__all__ = ["create_app"]
