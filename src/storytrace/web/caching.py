"""HTTP caching as browsers do it: an ``ETag`` per version of a response and
``Cache-Control: private, no-cache``, so a browser keeps its copy and revalidates on every
view (``If-None-Match``), and the server answers ``304 Not Modified`` with no body when
nothing changed (RFC 9110 section 13, RFC 9111 section 5.2.2.4).

``private``: every page and API answer here needs a sign-in, so no shared cache may keep
it. ``no-cache``: a story changes while feeds arrive, so a browser must ask each time;
the answer is then a few hundred bytes instead of the page.
"""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import Response

REVALIDATE = "private, no-cache"


def etag_of(*parts: str) -> str:
    """A strong entity tag for a response made from ``parts`` (a version, who asks ...)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'"{digest}"'


def matches(request: Request, etag: str) -> bool:
    """Whether the request's ``If-None-Match`` names ``etag`` (or is ``*``); weak
    comparison, as RFC 9110 section 13.1.2 says for ``If-None-Match``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def not_modified(etag: str) -> Response:
    return Response(status_code=304, headers=headers(etag))


def headers(etag: str) -> dict[str, str]:
    return {"ETag": etag, "Cache-Control": REVALIDATE}
