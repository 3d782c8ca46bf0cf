"""Accounts: users with roles, argon2 password hashes, cookie sessions with CSRF tokens,
and API tokens (stored hashed, shown once, scoped ``read`` or ``write``, revocable).

Roles: ``viewer`` reads; ``editor`` also adds articles, feeds and analyses; ``admin`` also
manages users. A token's scope narrows its user's role: a ``read`` token never writes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from . import db
from .problems import Problem

Role = Literal["admin", "editor", "viewer"]
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")
SCOPES: tuple[str, ...] = ("read", "write")
SESSION_COOKIE = "storytrace_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
TOKEN_PREFIX = "st_"
LAST_USED_EVERY_S = 60.0
TOKEN_CACHE_S = 5.0


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a user (by session or token) or the public (``user_id`` None)."""

    user_id: int | None
    name: str
    role: str
    via: Literal["session", "token", "public"]
    scope: str = "write"
    csrf: str = ""

    def can(self, need: str) -> bool:
        """``need``: ``read``, ``write`` or ``admin``."""
        if need == "read":
            return True
        if self.via == "token" and self.scope != "write":
            return False
        if need == "write":
            return self.role in ("editor", "admin")
        return self.role == "admin"


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(pw_hash: str, password: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(PasswordHasher().verify(pw_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def check_new_user(name: str, role: str, password: str) -> None:
    if not name or len(name) > 100 or not name.replace("-", "").replace("_", "").isalnum():
        raise Problem(422, "Bad user name", f"'{name}': use 1-100 letters, digits, '-' or '_'")
    if role not in ROLES:
        raise Problem(422, "Bad role", f"role '{role}': use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise Problem(422, "Password too short", "use a password of at least 8 characters")


def add_user(engine: Engine, name: str, role: str, password: str) -> int:
    """Create a user; a taken name is a 409 problem."""
    check_new_user(name, role, password)
    with engine.begin() as conn:
        if conn.execute(select(db.users.c.id).where(db.users.c.name == name)).first():
            raise Problem(409, "User exists", f"a user named '{name}' already exists")
        row = conn.execute(
            insert(db.users).values(
                name=name, role=role, pw_hash=hash_password(password), created=db.now()
            )
        )
        return int(row.inserted_primary_key[0])  # type: ignore[index]


def set_password(engine: Engine, name: str, password: str) -> None:
    """Give ``name`` a new password and end its sessions (a forgotten or leaked password);
    an unknown user is a 404 problem. Its API tokens stay: revoke those in the app."""
    check_new_user(name, ROLES[0], password)
    with engine.begin() as conn:
        row = conn.execute(select(db.users.c.id).where(db.users.c.name == name)).first()
        if row is None:
            raise Problem(404, "No such user", f"no user is named '{name}'")
        conn.execute(
            update(db.users).where(db.users.c.id == row.id).values(pw_hash=hash_password(password))
        )
        conn.execute(delete(db.sessions).where(db.sessions.c.user_id == row.id))


def list_users(engine: Engine) -> list[tuple[str, str, float]]:
    """Every user's name, role and creation time, by name."""
    cols = (db.users.c.name, db.users.c.role, db.users.c.created)
    with engine.connect() as conn:
        rows = conn.execute(select(*cols).order_by(db.users.c.name)).all()
    return [(r.name, r.role, float(r.created)) for r in rows]


def login(engine: Engine, name: str, password: str, ttl_s: float) -> tuple[str, str]:
    """A new session for good credentials: ``(cookie value, csrf token)``; else a 401."""
    with engine.begin() as conn:
        user = conn.execute(select(db.users).where(db.users.c.name == name)).first()
        # Verify against a dummy hash for unknown names too: same time either way.
        ok = verify_password(user.pw_hash if user else _DUMMY_HASH(), password)
        if user is None or not ok:
            raise Problem(401, "Login failed", "unknown user name or wrong password")
        cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        conn.execute(delete(db.sessions).where(db.sessions.c.expires < db.now()))
        conn.execute(
            insert(db.sessions).values(
                id=_sha(cookie), user_id=user.id, csrf=csrf, expires=db.now() + ttl_s
            )
        )
    return cookie, csrf


_dummy: list[str] = []


def _DUMMY_HASH() -> str:
    if not _dummy:
        _dummy.append(hash_password(secrets.token_hex(8)))
    return _dummy[0]


def logout(engine: Engine, cookie: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(db.sessions).where(db.sessions.c.id == _sha(cookie)))


def from_session(engine: Engine, cookie: str) -> Principal | None:
    j = db.sessions.join(db.users, db.users.c.id == db.sessions.c.user_id)
    with engine.connect() as conn:
        row = conn.execute(
            select(db.users.c.id, db.users.c.name, db.users.c.role, db.sessions.c.csrf)
            .select_from(j)
            .where(db.sessions.c.id == _sha(cookie), db.sessions.c.expires > db.now())
        ).first()
    if row is None:
        return None
    return Principal(row.id, row.name, row.role, "session", csrf=row.csrf)


_token_cache: dict[str, tuple[float, Principal]] = {}
_token_lock = threading.Lock()


def from_token(engine: Engine, token: str) -> Principal | None:
    """The token's principal; remembered for ``TOKEN_CACHE_S`` (revoking here forgets at
    once; another server process on the same database sees a revocation within that)."""
    key = _sha(token)
    now = time.monotonic()
    with _token_lock:
        hit = _token_cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    found = _token_lookup(engine, token)
    if found is not None:
        with _token_lock:
            if len(_token_cache) > 10_000:
                _token_cache.clear()
            _token_cache[key] = (now + TOKEN_CACHE_S, found)
    return found


def _token_lookup(engine: Engine, token: str) -> Principal | None:
    j = db.tokens.join(db.users, db.users.c.id == db.tokens.c.user_id)
    with engine.begin() as conn:
        row = conn.execute(
            select(db.users.c.id, db.users.c.name, db.users.c.role, db.tokens.c.scope,
                   db.tokens.c.id.label("tid"), db.tokens.c.last_used)
            .select_from(j)
            .where(db.tokens.c.hash == _sha(token), db.tokens.c.revoked.is_(None))
        ).first()  # fmt: skip
        if row is None:
            return None
        if row.last_used is None or row.last_used < db.now() - LAST_USED_EVERY_S:
            # A write per request would serialise readers on the database: once a minute.
            conn.execute(
                update(db.tokens).where(db.tokens.c.id == row.tid).values(last_used=db.now())
            )
    return Principal(row.id, row.name, row.role, "token", scope=row.scope)


def csrf_ok(principal: Principal, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(principal.csrf, given or "")


def new_token(engine: Engine, user_id: int, name: str, scope: str) -> tuple[int, str]:
    """A new API token: ``(id, token)``; the token itself is shown this once only."""
    if scope not in SCOPES:
        raise Problem(422, "Bad scope", f"scope '{scope}': use 'read' or 'write'")
    if not name or len(name) > 100:
        raise Problem(422, "Bad token name", "name the token in 1-100 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(
            insert(db.tokens).values(
                user_id=user_id, name=name, scope=scope, hash=_sha(token), created=db.now()
            )
        )
    return int(row.inserted_primary_key[0]), token  # type: ignore[index]


def revoke_token(engine: Engine, principal: Principal, token_id: int) -> None:
    """Revoke one of the principal's tokens (an admin may revoke anyone's)."""
    with engine.begin() as conn:
        row = conn.execute(select(db.tokens).where(db.tokens.c.id == token_id)).first()
        if row is None or (row.user_id != principal.user_id and principal.role != "admin"):
            raise Problem(404, "No such token", f"no token {token_id} of yours")
        conn.execute(update(db.tokens).where(db.tokens.c.id == token_id).values(revoked=db.now()))
    with _token_lock:
        _token_cache.clear()
