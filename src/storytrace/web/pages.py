"""Server-rendered pages (Jinja2, autoescaped): stories, a story, an article, search,
upload, feeds, jobs, account. Forms carry the session's CSRF token; scripts come from
``/static`` only."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..text import plural
from . import auth, caching, views
from .api_routes import set_session_cookie, submit_files, submit_urls
from .auth import Principal
from .deps import admin, reader, state, who, writer
from .poller import add_feed
from .problems import Problem
from .service import StoryFilter

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]

_templates = resources.files("storytrace.web").joinpath("templates")
env = Environment(
    loader=FileSystemLoader(str(_templates)),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    # Templates ship with the package: no stat() of each template file on every render.
    auto_reload=False,
)


def _when(ts: float | str | None) -> str:
    if ts is None or ts == "":
        return "—"
    if isinstance(ts, str):
        try:
            dt = datetime.fromisoformat(ts)
        except ValueError:
            return ts
    else:
        dt = datetime.fromtimestamp(ts, UTC)
    return dt.strftime("%d %b %Y %H:%M UTC") if dt.tzinfo else dt.strftime("%d %b %Y")


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "no dates"
    a, b = first[:10], (last or first)[:10]
    return a if a == b else f"{a} → {b}"


env.filters["plural"] = plural
env.filters["when"] = _when
env.globals["span"] = _span


def render(
    request: Request, name: str, status: int = 200, me: Principal | None = None, **ctx: Any
) -> HTMLResponse:
    """``name`` rendered for the caller (``me`` when the route has them already: one
    look-up of the token or session per request, not two)."""
    p = me
    if p is None:
        try:
            p = who(request)
        except Problem:
            p = None
    html = env.get_template(name).render(
        me=p, csrf=p.csrf if p else "", path=request.url.path, **ctx
    )
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, problem: Problem) -> HTMLResponse:
    return render(request, "error.html", status=problem.status, problem=problem)


# -- sign in -----------------------------------------------------------------------------
def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise Problem(403, "Cross-site request", "sign in from this site's own login page")


def _safe_next(value: str) -> str:
    return value if value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login")
def login_form(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    _same_origin(request)
    st = state(request)
    try:
        cookie, _ = auth.login(st.service.engine, name, password, st.service.settings.session_ttl_s)
    except Problem as exc:
        return render(request, "login.html", status=401, next=_safe_next(next), error=exc.detail)
    resp = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(resp, cookie, st.service.settings.session_ttl_s)
    return resp


@router.post("/logout")
async def logout_form(request: Request, _: Reader) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        auth.logout(state(request).service.engine, cookie)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(auth.SESSION_COOKIE, path="/")
    return resp


# -- stories and articles ------------------------------------------------------------------
@router.get("/")
def stories_page(
    request: Request,
    p: Reader,
    q: str = "",
    language: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    sort: str = "recent",
    page: int = 1,
) -> Response:
    st = state(request)
    per_page = st.service.settings.page_size
    f = StoryFilter(
        q, language, outlet, since, until, sort if sort in ("recent", "size") else "recent"
    )
    total, rows, version = st.service.story_list(f, max(page, 1), per_page)
    etag = caching.etag_of(version, p.name, p.role, p.csrf, __version__)
    if caching.matches(request, etag):
        return caching.not_modified(etag)
    pages = max((total + per_page - 1) // per_page, 1)
    resp = render(
        request, "stories.html", stories=[views.story_out(r) for r in rows], total=total,
        page=max(page, 1), pages=pages, f=f, me=p,
    )  # fmt: skip
    resp.headers.update(caching.headers(etag))
    return resp


@router.get("/stories/{story_id}")
async def story_page(request: Request, story_id: str, p: Reader) -> Response:
    # async: the page is answered from memory (views.story_view) without a thread hand-off.
    detail, html, version = views.story_view(state(request), story_id)
    # The page shows who is signed in and carries their CSRF token: the tag names them too.
    etag = caching.etag_of(version, p.name, p.role, p.csrf, __version__)
    if caching.matches(request, etag):
        return caching.not_modified(etag)
    body = Markup(html) if html is not None else None  # escaped when built
    from .story_page import SECTIONS

    resp = render(request, "story.html", s=detail, body=body, sections=SECTIONS, me=p)
    resp.headers.update(caching.headers(etag))
    return resp


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, _: Reader) -> HTMLResponse:
    art, story = state(request).service.article(article_id)
    return render(request, "article.html", a=art, story=story, pieces=_pieces(art))


def _pieces(art: Any) -> list[tuple[str, str, str]]:
    """The raw text in order as (kind, text, reason): kept text and removed spans."""
    out: list[tuple[str, str, str]] = []
    pos = 0
    for r in sorted(art.removed, key=lambda r: r.start):
        if r.start < pos:
            continue
        if r.start > pos:
            out.append(("kept", art.raw[pos : r.start], ""))
        out.append(("removed", art.raw[r.start : r.end], r.reason))
        pos = r.end
    if pos < len(art.raw):
        out.append(("kept", art.raw[pos:], ""))
    return out


@router.get("/search")
def search_page(request: Request, _: Reader, q: str = "") -> HTMLResponse:
    st = state(request)
    stories: list[dict[str, Any]] = []
    articles: list[Any] = []
    total_s = total_a = 0
    if q.strip():
        total_s, rows = st.service.stories(StoryFilter(q=q), 1, 50)
        stories = [views.story_out(r) for r in rows]
        total_a, articles = st.service.articles(q, 1, 50)
    return render(
        request, "search.html", q=q, stories=stories, articles=articles,
        total_s=total_s, total_a=total_a,
    )  # fmt: skip


# -- adding --------------------------------------------------------------------------------
@router.get("/upload")
def upload_page(request: Request, _: Writer) -> HTMLResponse:
    return render(request, "upload.html", error=None)


@router.post("/upload")
async def upload_form(
    request: Request,
    p: Writer,
    files: Annotated[list[UploadFile] | None, File()] = None,
    urls: Annotated[str, Form()] = "",
) -> Response:
    try:
        real = [f for f in files or [] if f.filename]
        if real:
            job = await submit_files(request, real, p)
        elif urls.strip():
            job = submit_urls(request, urls.split(), p)
        else:
            raise Problem(422, "Nothing to add", "choose files to upload or paste page addresses")
    except Problem as exc:
        return render(request, "upload.html", status=exc.status, error=exc.detail)
    return RedirectResponse(f"/jobs/{job['id']}", status_code=303)


@router.get("/feeds")
def feeds_page(request: Request, _: Reader) -> HTMLResponse:
    return render(request, "feeds.html", feeds=views.feeds(state(request)), error=None)


@router.post("/feeds")
async def feeds_add(
    request: Request,
    _: Writer,
    url: Annotated[str, Form()],
    interval_s: Annotated[float, Form()] = 300,
) -> Response:
    st = state(request)
    try:
        st.fetcher.check_url(url.strip())
        add_feed(st.service.engine, url.strip(), max(interval_s, 10))
    except Problem as exc:
        return render(
            request, "feeds.html", status=exc.status, feeds=views.feeds(st), error=exc.detail
        )
    return RedirectResponse("/feeds", status_code=303)


@router.post("/feeds/{feed_id}/delete")
async def feeds_delete(request: Request, feed_id: int, _: Writer) -> Response:
    views.remove_feed(state(request), feed_id)
    return RedirectResponse("/feeds", status_code=303)


@router.post("/feeds/{feed_id}/poll")
async def feeds_poll(request: Request, feed_id: int, p: Writer) -> Response:
    job = state(request).queue.submit("poll", {"feed": feed_id}, p.user_id)
    return RedirectResponse(f"/jobs/{job}", status_code=303)


@router.get("/jobs")
def jobs_page(request: Request, _: Reader) -> HTMLResponse:
    jobs = [views.job_out(j) for j in state(request).queue.recent(100)]
    return render(request, "jobs.html", jobs=jobs)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, _: Reader) -> HTMLResponse:
    row = state(request).queue.get(job_id)
    if row is None:
        raise Problem(404, "No such job", f"no job {job_id}")
    return render(request, "job.html", job=views.job_out(row))


# -- account ----------------------------------------------------------------------------
@router.get("/account")
def account_page(request: Request, p: Reader) -> HTMLResponse:
    return render(request, "account.html", tokens=views.tokens(state(request), p.user_id), new=None)


@router.post("/account/tokens")
async def account_token(
    request: Request,
    p: Reader,
    name: Annotated[str, Form()],
    scope: Annotated[str, Form()] = "read",
) -> Response:
    st = state(request)
    if p.user_id is None:
        raise Problem(403, "Not allowed", "sign in to create tokens")
    if scope == "write" and not p.can("write"):
        raise Problem(403, "Not allowed", f"'{p.name}' is a {p.role}: read tokens only")
    _, token = auth.new_token(st.service.engine, p.user_id, name, scope)
    return render(request, "account.html", tokens=views.tokens(st, p.user_id), new=token)


@router.post("/account/tokens/{token_id}/revoke")
async def account_revoke(request: Request, token_id: int, p: Reader) -> Response:
    auth.revoke_token(state(request).service.engine, p, token_id)
    return RedirectResponse("/account", status_code=303)


@router.get("/assets/{name}")
def report_asset(name: str) -> Response:
    """The static report's script and style, served as files (CSP: script-src 'self')."""
    media = {"report.js": "text/javascript", "report.css": "text/css"}
    if name not in media:
        raise Problem(404, "Not found", f"no asset '{name}'")
    text = resources.files("storytrace.report").joinpath(name).read_text("utf-8")
    return Response(text, media_type=media[name], headers={"Cache-Control": "max-age=3600"})
