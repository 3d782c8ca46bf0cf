"""The FastAPI application: REST API under ``/api`` (OpenAPI at ``/api/openapi.json``),
server-rendered pages everywhere else, the job worker and the feed poller.

Every response carries a strict Content-Security-Policy: scripts only from our own
``/static`` (no inline script, no eval, nothing from other origins). Inline ``style``
attributes stay allowed: the report colours origin dots with them, and a style cannot run
code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from .fetch import Fetcher
from .jobs import JobQueue
from .poller import Poller
from .problems import MEDIA_TYPE, Problem
from .service import Service
from .settings import ServeSettings
from .work import Work

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; connect-src 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


@dataclass(slots=True)
class AppState:
    service: Service
    fetcher: Fetcher
    work: Work
    queue: JobQueue
    poller: Poller


class SecurityHeaders:
    """Adds the CSP and friends to every HTTP response; refuses oversized bodies early."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_body:
            doc = Problem(
                413, "Upload too large",
                f"the request is {int(length):,} bytes; the limit is {self.max_body:,} "
                "([web] max_upload_bytes): split the upload",
            ).document(scope.get("path"))  # fmt: skip
            await JSONResponse(doc, 413, media_type=MEDIA_TYPE)(scope, receive, self._wrap(send))
            return
        await self.app(scope, receive, self._wrap(send))

    def _wrap(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        return wrapped


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _problem_response(request: Request, problem: Problem) -> Response:
    if _is_api(request):
        return JSONResponse(
            problem.document(request.url.path), problem.status, media_type=MEDIA_TYPE
        )
    if problem.status == 401:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    from .pages import render_error

    return render_error(request, problem)


def create_app(settings: ServeSettings) -> FastAPI:
    """The app over ``settings.data``; the worker and poller start with the app."""
    service = Service(settings)
    fetcher = Fetcher(settings)
    work = Work(service, fetcher)
    queue = JobQueue(service.engine, work.runners())
    work.queue = queue
    poller = Poller(service.engine, queue)
    st = AppState(service, fetcher, work, queue, poller)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        proc = None
        if settings.run_worker and settings.worker_process:
            from .worker import start_worker_process

            proc = start_worker_process(settings)
        elif settings.run_worker:
            queue.start()
            poller.start()
        try:
            yield
        finally:
            if proc is not None:
                from .worker import stop_worker_process

                stop_worker_process(proc)
            poller.stop()
            queue.stop()
            work.close()
            fetcher.close()

    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Where does a news story come from? Stories, provenance, claims and "
        "quotes over a corpus of articles. Errors are RFC 9457 problem documents.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.st = st

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        return _problem_response(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()))
            errors.append({"field": where, "message": str(err.get("msg", ""))})
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return _problem_response(request, Problem(422, "Invalid request", detail, errors=errors))

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "Not found", 405: "Method not allowed"}
        detail = f"nothing at {request.url.path}" if exc.status_code == 404 else str(exc.detail)
        problem = Problem(exc.status_code, titles.get(exc.status_code, "HTTP error"), detail)
        return _problem_response(request, problem)

    from . import api_routes, pages

    app.include_router(api_routes.router)
    app.include_router(pages.router)
    static = resources.files("storytrace.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(SecurityHeaders, max_body=settings.max_upload_bytes)
    return app


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    from .problems import PROBLEM_SCHEMA

    return {code: PROBLEM_SCHEMA for code in codes}
