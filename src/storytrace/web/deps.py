"""Request plumbing shared by the API and the pages: who is asking, may they, and CSRF."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request

from . import auth
from .auth import Principal
from .problems import Problem

if TYPE_CHECKING:
    from .app import AppState

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def state(request: Request) -> AppState:
    st: AppState = request.app.state.st
    return st


def who(request: Request) -> Principal | None:
    """The caller by API token (``Authorization: Bearer``) or session cookie, the public on a
    public instance, else None."""
    st = state(request)
    header = request.headers.get("authorization", "")
    if header:
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token.strip():
            raise Problem(
                401, "Bad credentials", "send the API token as 'Authorization: Bearer st_...'"
            )
        found = auth.from_token(st.service.engine, token.strip())
        if found is None:
            raise Problem(401, "Bad credentials", "this API token is unknown or was revoked")
        return found
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        found = auth.from_session(st.service.engine, cookie)
        if found is not None:
            return found
    if st.service.settings.public:
        return Principal(None, "public", "viewer", "public", scope="read")
    return None


async def _csrf_given(request: Request) -> str | None:
    given = request.headers.get(auth.CSRF_HEADER)
    if given:
        return given
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        max_size = state(request).service.settings.max_upload_bytes
        form = await request.form(max_part_size=max_size)
        value = form.get(auth.CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def require(request: Request, need: str) -> Principal:
    """The caller when allowed ``need`` (read, write, admin); else a 401 or 403 problem.
    A cookie session must also send its CSRF token on every unsafe request."""
    p = who(request)
    if p is None or (p.via == "public" and need != "read"):
        raise Problem(
            401, "Not signed in", "sign in at /login, or send an API token (Authorization: Bearer)"
        )
    unsafe = request.method not in SAFE_METHODS and p.via == "session"
    if unsafe and not auth.csrf_ok(p, await _csrf_given(request)):
        raise Problem(
            403,
            "CSRF check failed",
            "the form or request lacks this session's CSRF token; reload the page and retry",
        )
    if not p.can(need):
        if p.via == "token" and need != "read" and p.role in ("editor", "admin"):
            detail = "this API token has the 'read' scope; use a 'write' token"
        else:
            needed = "an admin" if need == "admin" else "an editor or admin"
            detail = f"'{p.name}' is a {p.role}; this needs {needed}"
        raise Problem(403, "Not allowed", detail)
    return p


async def reader(request: Request) -> Principal:
    return await require(request, "read")


async def writer(request: Request) -> Principal:
    return await require(request, "write")


async def admin(request: Request) -> Principal:
    return await require(request, "admin")


def page_args(page: int, per_page: int, most: int = 200) -> tuple[int, int]:
    if page < 1:
        raise Problem(422, "Bad page", f"page={page}: pages start at 1")
    if not 1 <= per_page <= most:
        raise Problem(422, "Bad page size", f"per_page={per_page}: use 1 to {most}")
    return page, per_page


def as_dict(row: Any, *names: str) -> dict[str, Any]:
    return {n: getattr(row, n) for n in names}
