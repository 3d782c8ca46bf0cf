"""``storytrace serve`` and ``storytrace users add``: argparse glue over the web app."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DependencyError, StorytraceError

if TYPE_CHECKING:
    from .settings import ServeSettings


DB_HELP = (
    "a postgresql://user:password@host/dbname URL holding the article store and the "
    "service's tables, or a SQLite file for the article store (default: files in DIR)"
)


def _settings(args: argparse.Namespace) -> ServeSettings:
    from .settings import ServeSettings

    allow = tuple(getattr(args, "allow_host", None) or ())
    # The settings the command line loaded once (``--config``), passed down from here.
    base = ServeSettings.from_settings(
        getattr(args, "settings", None), data=args.data, db_url=args.db
    )
    return base.with_(
        public=bool(getattr(args, "public", False)),
        worker_process=True,
        allow_hosts=tuple(dict.fromkeys((*base.allow_hosts, *allow))),
    )


def _need_web() -> None:
    try:
        import argon2  # noqa: F401
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise DependencyError(exc.name or "fastapi", extra="web") from exc


def add_parsers(sub: Any) -> None:
    """Add ``serve`` and ``users`` to the ``storytrace`` command line."""
    p = sub.add_parser("serve", help="run the web app and REST API over a data folder")
    p.add_argument("--data", default="storytrace-data", metavar="DIR", help="data folder")
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (8000)")
    p.add_argument("--public", action="store_true", help="let anyone read without signing in")
    p.add_argument(
        "--allow-host", action="append", metavar="HOST",
        help="let feeds and URL fetches reach this non-public host (e.g. 127.0.0.1)",
    )  # fmt: skip
    p.add_argument(
        "--demo", action="store_true",
        help="ingest the bundled demo articles and create a demo admin (password printed)",
    )  # fmt: skip
    p.set_defaults(func="storytrace.web.commands:cmd_serve")

    p = sub.add_parser("users", help="manage the web app's users")
    usub = p.add_subparsers(dest="what", metavar="WHAT")
    usub.required = True
    u = usub.add_parser("add", help="create a user (the first admin, for instance)")
    u.add_argument("name")
    u.add_argument("--role", choices=("admin", "editor", "viewer"), default="viewer")
    u.add_argument("--data", default="storytrace-data", metavar="DIR", help="data folder")
    u.add_argument("--db", metavar="URL", help=DB_HELP)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u.set_defaults(func="storytrace.web.commands:cmd_users_add")
    u = usub.add_parser("passwd", help="set a user's new password and end their sessions")
    u.add_argument("name")
    u.add_argument("--data", default="storytrace-data", metavar="DIR", help="data folder")
    u.add_argument("--db", metavar="URL", help=DB_HELP)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u.set_defaults(func="storytrace.web.commands:cmd_users_passwd")
    u = usub.add_parser("list", help="the users, their roles and when they were created")
    u.add_argument("--data", default="storytrace-data", metavar="DIR", help="data folder")
    u.add_argument("--db", metavar="URL", help=DB_HELP)
    u.set_defaults(func="storytrace.web.commands:cmd_users_list")


def _read_password(args: argparse.Namespace, nothing_done: str) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != password:
        raise StorytraceError(f"the two passwords differ; {nothing_done}")
    return password


def cmd_users_add(args: argparse.Namespace) -> int:
    _need_web()
    from . import auth

    password = _read_password(args, "nothing was created")
    Path(_settings(args).data).mkdir(parents=True, exist_ok=True)
    with _service_db(args) as engine:
        auth.add_user(engine, args.name, args.role, password)
    print(f"storytrace: created {args.role} '{args.name}'", file=sys.stderr)
    return 0


@contextmanager
def _service_db(args: argparse.Namespace, existing: bool = False) -> Iterator[Any]:
    """The service's database engine for one users command, disposed after it; a refused
    change (a problem the service would answer with) is a one-line error naming the user.
    With ``existing``, a data folder that does not exist is refused (a typo would
    otherwise create an empty one and report no users)."""
    from . import db
    from .problems import Problem

    settings = _settings(args)
    if existing and not args.db and not Path(settings.data).is_dir():
        raise StorytraceError(
            f"{settings.data}: no such data folder; pass the --data DIR the server runs with"
        )
    engine = db.make_engine(settings.web_db_url)
    try:
        yield engine
    except Problem as exc:
        raise StorytraceError(f"{getattr(args, 'name', settings.data)}: {exc.detail}") from exc
    finally:
        engine.dispose()


def cmd_users_passwd(args: argparse.Namespace) -> int:
    _need_web()
    from . import auth

    with _service_db(args, existing=True) as engine:
        auth.set_password(engine, args.name, _read_password(args, "nothing was changed"))
    print(f"storytrace: new password for '{args.name}'; their sessions ended", file=sys.stderr)
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    _need_web()
    import datetime as dt

    from . import auth

    with _service_db(args, existing=True) as engine:
        users = auth.list_users(engine)
    if not users:
        print("storytrace: no users yet; add the first admin with "
              "'storytrace users add NAME --role admin'", file=sys.stderr)  # fmt: skip
    for name, role, created in users:
        when = dt.datetime.fromtimestamp(created, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        print(f"{name}\t{role}\t{when}")
    return 0


def _demo(app: Any, settings: ServeSettings) -> None:
    """Queue the demo articles and make sure a demo admin exists (password printed)."""
    import secrets

    from sqlalchemy import select

    from . import auth, db

    st = app.state.st
    folder = resources.files("storytrace").joinpath("demo/articles")
    files = sorted(
        (p.name, p.read_bytes()) for p in folder.iterdir() if p.name.endswith((".txt", ".html"))
    )
    paths = st.work.stage(files)
    st.queue.submit("ingest", {"files": paths})
    with st.service.engine.connect() as conn:
        exists = conn.execute(select(db.users.c.id).where(db.users.c.name == "demo")).first()
    if settings.public:
        print("storytrace: demo: public instance, anyone may read", file=sys.stderr)
    if exists is None:
        password = secrets.token_urlsafe(9)
        auth.add_user(st.service.engine, "demo", "admin", password)
        print(f"storytrace: demo: sign in as 'demo' with password '{password}'", file=sys.stderr)
    else:
        print(
            "storytrace: demo: user 'demo' exists (password printed when created)", file=sys.stderr
        )


def _check_port(host: str, port: int) -> None:
    """Fail in one line before anything starts when the address cannot be listened on
    (uvicorn printed its own error after 'serving ...' had been announced)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise StorytraceError(
                f"{host}:{port}: cannot listen there ({exc.strerror}); another server may "
                "hold the port: choose another with --port"
            ) from exc


def _has_users(app: Any) -> bool:
    from sqlalchemy import func, select

    from . import db

    with app.state.st.service.engine.connect() as conn:
        return bool(conn.execute(select(func.count()).select_from(db.users)).scalar())


def cmd_serve(args: argparse.Namespace) -> int:
    _need_web()
    import uvicorn

    from .app import create_app

    settings = _settings(args)
    if args.public and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"storytrace: warning: --public on {args.host}: "
            "anyone who reaches it reads every story",
            file=sys.stderr,
        )
    _check_port(args.host, args.port)
    app = create_app(settings)
    if args.demo:
        _demo(app, settings)
    elif not args.public and not _has_users(app):
        print(
            "storytrace: warning: no users yet, so nobody can sign in; create the first admin: "
            f"storytrace users add NAME --role admin --data {args.data}"
            + (" --db URL" if args.db else ""),
            file=sys.stderr,
        )
    print(
        f"storytrace: serving {settings.data} on http://{args.host}:{args.port}/ "
        f"(API: /api/openapi.json)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
