"""The REST API (``/api``). Reads need a signed-in user or token (or a public instance);
writes an editor or admin with a session (plus its CSRF token) or a ``write`` token."""

from __future__ import annotations

import json
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from . import auth, caching, views
from .app import problem_responses
from .auth import Principal
from .deps import admin, page_args, reader, state, who, writer
from .exports import to_claim_review, to_prov
from .models import (
    ArticlesIn,
    FeedIn,
    FeedOut,
    JobOut,
    Login,
    NewToken,
    NewTokenOut,
    NewUser,
    StoryDetail,
    StoryPage,
    TokenOut,
    UrlsIn,
)
from .poller import add_feed
from .problems import Problem
from .service import StoryFilter

router = APIRouter(prefix="/api", responses=problem_responses(401, 403, 422))
Reader = Annotated[Principal, Depends(reader)]
Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]

EXPORTS = {
    "json": ("application/json", "report.json"),
    "markdown": ("text/markdown; charset=utf-8", "report.md"),
    "html": ("text/html; charset=utf-8", "report.html"),
    "prov": ("application/json", "provenance.prov.json"),
    "claimreview": ("application/ld+json", "claims.jsonld"),
}


# -- session and accounts ------------------------------------------------------------
@router.post("/session", tags=["accounts"])
def login(request: Request, body: Login) -> JSONResponse:
    """Sign in; sets the session cookie and returns the CSRF token for unsafe requests."""
    st = state(request)
    cookie, csrf = auth.login(
        st.service.engine, body.name, body.password, st.service.settings.session_ttl_s
    )
    resp = JSONResponse({"name": body.name, "csrf_token": csrf})
    set_session_cookie(resp, cookie, st.service.settings.session_ttl_s)
    return resp


def set_session_cookie(resp: Response, cookie: str, ttl_s: int) -> None:
    resp.set_cookie(
        auth.SESSION_COOKIE, cookie, max_age=ttl_s, httponly=True, samesite="strict", path="/"
    )


@router.delete("/session", tags=["accounts"], status_code=204)
async def logout(request: Request, me: Reader) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        auth.logout(state(request).service.engine, cookie)
    resp = Response(status_code=204)
    resp.delete_cookie(auth.SESSION_COOKIE, path="/")
    return resp


@router.get("/me", tags=["accounts"])
def me(request: Request, who_: Reader) -> dict[str, Any]:
    return {"name": who_.name, "role": who_.role, "via": who_.via, "scope": who_.scope}


@router.post("/users", tags=["accounts"], status_code=201)
def create_user(request: Request, body: NewUser, _: Admin) -> dict[str, Any]:
    uid = auth.add_user(state(request).service.engine, body.name, body.role, body.password)
    return {"id": uid, "name": body.name, "role": body.role}


@router.get("/users", tags=["accounts"])
def list_users(request: Request, _: Admin) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from . import db

    with state(request).service.engine.connect() as conn:
        rows = conn.execute(select(db.users).order_by(db.users.c.id)).all()
    return [{"id": r.id, "name": r.name, "role": r.role, "created": r.created} for r in rows]


@router.get("/tokens", tags=["accounts"], response_model=list[TokenOut])
def list_tokens(request: Request, p: Reader) -> list[dict[str, Any]]:
    return views.tokens(state(request), p.user_id)


@router.post("/tokens", tags=["accounts"], status_code=201, response_model=NewTokenOut)
def create_token(request: Request, body: NewToken, p: Reader) -> dict[str, Any]:
    """A new API token; the token is in this response only. A viewer gets ``read`` only."""
    if p.user_id is None or p.via == "token":
        raise Problem(403, "Not allowed", "create tokens from a signed-in session")
    if body.scope == "write" and not p.can("write"):
        raise Problem(403, "Not allowed", f"'{p.name}' is a {p.role}: read tokens only")
    st = state(request)
    tid, token = auth.new_token(st.service.engine, p.user_id, body.name, body.scope)
    row = next(t for t in views.tokens(st, p.user_id) if t["id"] == tid)
    return {**row, "token": token}


@router.delete("/tokens/{token_id}", tags=["accounts"], status_code=204)
def revoke_token(request: Request, token_id: int, p: Reader) -> Response:
    if p.user_id is None:
        raise Problem(403, "Not allowed", "sign in to revoke tokens")
    auth.revoke_token(state(request).service.engine, p, token_id)
    return Response(status_code=204)


# -- stories ---------------------------------------------------------------------------
# Dates compare as text, so a year or a month works as well as a day; anything else
# ('yesterday', '03/01/2026') once matched nothing and answered an empty list.
_DAY = r"^(\d{4}(-\d{2}){0,2})?$"


@router.get("/stories", tags=["stories"], response_model=StoryPage)
def list_stories(
    request: Request,
    response: Response,
    _: Reader,
    q: str = "",
    language: str = "",
    outlet: str = "",
    since: Annotated[
        str,
        Query(description="YYYY-MM-DD: stories with an article on or after", pattern=_DAY),
    ] = "",
    until: Annotated[
        str, Query(description="YYYY-MM-DD: stories begun on or before", pattern=_DAY)
    ] = "",
    sort: Annotated[str, Query(pattern="^(recent|size)$")] = "recent",
    page: int = 1,
    per_page: int = 25,
) -> Any:
    """Stories, most recently changed first (``sort=size``: largest first). Answers carry
    an ETag: send it back as ``If-None-Match`` for a 304 while the page is unchanged."""
    page, per_page = page_args(page, per_page)
    f = StoryFilter(q, language, outlet, since, until, sort)
    total, rows, version = state(request).service.story_list(f, page, per_page)
    etag = caching.etag_of(version)
    if caching.matches(request, etag):
        return caching.not_modified(etag)
    response.headers.update(caching.headers(etag))
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "stories": [views.story_out(r) for r in rows],
    }


@router.get("/stories/{story_id}", tags=["stories"], response_model=StoryDetail)
def get_story(request: Request, story_id: str, _: Reader) -> dict[str, Any]:
    return views.story_detail(state(request), story_id)


def _not_ready(request: Request, story_id: str) -> NoReturn:
    state(request).service.story(story_id)  # 404 for an unknown story
    raise Problem(
        404, "Report not ready",
        f"story '{story_id}' has not been analyzed yet; its analysis job is queued "
        f"(see GET /api/stories/{story_id})",
    )  # fmt: skip


def _cached_or_404(request: Request, story_id: str) -> Any:
    cached = state(request).service.cached(story_id)
    if cached is None:
        _not_ready(request, story_id)
    return cached


@router.get("/stories/{story_id}/report", tags=["stories"])
async def story_report(request: Request, story_id: str, _: Reader) -> Response:
    # async: a cached report is answered on the event loop, without a thread hand-off.
    """The story's ``storytrace.report/1`` JSON (cached; its ETag names the membership and
    the analysis: send it back as ``If-None-Match`` for a 304 while nothing changed)."""
    found = state(request).service.report_json(story_id)
    if found is None:
        _not_ready(request, story_id)
    version, report = found
    etag = f'"{version}"'
    if caching.matches(request, etag):
        return caching.not_modified(etag)
    return Response(report, media_type="application/json", headers=caching.headers(etag))


@router.get("/stories/{story_id}/export/{fmt}", tags=["stories"])
def export_story(request: Request, story_id: str, fmt: str, _: Reader) -> Response:
    """``json``, ``markdown``, ``html`` (self-contained file), ``prov`` (W3C PROV-JSON) or
    ``claimreview`` (schema.org ClaimReview JSON-LD)."""
    if fmt not in EXPORTS:
        raise Problem(422, "Unknown export", f"'{fmt}': use one of {', '.join(EXPORTS)}")
    cached = _cached_or_404(request, story_id)
    media, name = EXPORTS[fmt]
    body: str
    if fmt == "json":
        body = cached.report_json
    elif fmt == "markdown":
        body = cached.markdown
    elif fmt == "html":
        body = cached.html_file
    else:
        report = json.loads(cached.report_json)
        doc = to_prov(report, story_id) if fmt == "prov" else to_claim_review(report, story_id)
        body = json.dumps(doc, ensure_ascii=False, indent=2)
    # A download (the HTML file carries its own CSP for when it is opened from disk).
    headers = {"Content-Disposition": f'attachment; filename="{story_id}-{name}"'}
    return Response(body, media_type=media, headers=headers)


@router.post(
    "/stories/{story_id}/analyze", tags=["stories"], status_code=202, response_model=JobOut
)
async def analyze_story(request: Request, story_id: str, p: Writer) -> dict[str, Any]:
    st = state(request)
    st.service.story(story_id)
    job = st.queue.submit("analyze", {"story": story_id}, p.user_id)
    return views.job_out(st.queue.get(job))


# -- articles --------------------------------------------------------------------------
@router.get("/articles", tags=["articles"])
def list_articles(
    request: Request, _: Reader, q: str = "", page: int = 1, per_page: int = 25
) -> dict[str, Any]:
    """Stored articles whose title, outlet, URL or id holds ``q``, newest first."""
    page, per_page = page_args(page, per_page)
    total, recs = state(request).service.articles(q, page, per_page)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "articles": [
            {
                "id": r.id,
                "title": r.title,
                "outlet": r.outlet,
                "url": r.url,
                "published": r.published,
                "language": r.language,
                "chars": r.chars,
            }
            for r in recs
        ],
    }


@router.get("/articles/{article_id}", tags=["articles"])
def get_article(request: Request, article_id: str, _: Reader) -> dict[str, Any]:
    """An article with its cleaning: removed spans with reasons, and its sentences."""
    art, story = state(request).service.article(article_id)
    return {
        "id": art.id, "title": art.title, "outlet": art.outlet, "url": art.url,
        "author": art.author, "published": art.published, "language": art.language,
        "story": story, "raw": art.raw,
        "excluded": art.meta.get("excluded"),
        "removed": [
            {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text}
            for r in art.removed
        ],
        "sentences": [
            {"index": s.index, "start": s.start, "end": s.end, "text": s.text,
             "language": s.language}
            for s in art.sentences
        ],
    }  # fmt: skip


def _submit_records(request: Request, body: ArticlesIn, p: Principal, kind: str) -> dict[str, Any]:
    st = state(request)
    records = views.records_of(st, body.articles)
    path = st.work.stage_records(records)
    job = st.queue.submit(kind, {"files": [path]}, p.user_id)
    return views.job_out(st.queue.get(job))


@router.post("/articles", tags=["articles"], status_code=202, response_model=JobOut)
async def add_articles(request: Request, body: ArticlesIn, p: Writer) -> dict[str, Any]:
    """Add articles posted as JSON; ingest, clustering and analysis run as a job."""
    return _submit_records(request, body, p, "ingest")


@router.post("/articles/files", tags=["articles"], status_code=202, response_model=JobOut)
async def upload_articles(
    request: Request, p: Writer, files: Annotated[list[UploadFile], File()]
) -> dict[str, Any]:
    """Upload text, HTML, JSONL or WARC files (one job for all of them)."""
    return await submit_files(request, files, p)


async def submit_files(request: Request, files: list[UploadFile], p: Principal) -> dict[str, Any]:
    st = state(request)
    cap = st.service.settings.max_upload_bytes
    staged: list[tuple[str, bytes]] = []
    for f in files:
        data = await f.read(cap + 1)
        if len(data) > cap:
            raise Problem(413, "Upload too large", f"{f.filename}: over {cap:,} bytes")
        # An empty file among others is skipped and listed, as 'storytrace ingest' does;
        # check_staged refuses the upload when no file at all is readable.
        staged.append((f.filename or "upload.txt", data))
    if not staged:
        raise Problem(422, "No files", "attach at least one file as 'files'")
    paths = st.work.stage(staged)
    skipped = views.check_staged(paths, st.service.config)
    job = st.queue.submit("ingest", {"files": paths}, p.user_id)
    return {**views.job_out(st.queue.get(job)), "skipped": skipped}


@router.post("/articles/urls", tags=["articles"], status_code=202, response_model=JobOut)
async def fetch_articles(request: Request, body: UrlsIn, p: Writer) -> dict[str, Any]:
    """Fetch these pages (public addresses only, size-capped) and add them."""
    return submit_urls(request, body.urls, p)


def submit_urls(request: Request, urls: list[str], p: Principal) -> dict[str, Any]:
    st = state(request)
    for url in urls:
        st.fetcher.check_url(url)
    job = st.queue.submit("fetch", {"urls": urls, "folder": str(st.work.new_folder())}, p.user_id)
    return views.job_out(st.queue.get(job))


@router.post("/analyze", tags=["analysis"], status_code=202, response_model=JobOut)
async def analyze_adhoc(request: Request, body: ArticlesIn, p: Writer) -> dict[str, Any]:
    """Analyze posted articles as one story without storing them; the report is the job's
    ``result.report`` when it is done."""
    return _submit_records(request, body, p, "adhoc")


# -- jobs and feeds --------------------------------------------------------------------
@router.get("/jobs", tags=["jobs"], response_model=list[JobOut])
def list_jobs(request: Request, _: Reader, status: str | None = None) -> list[dict[str, Any]]:
    return [views.job_out(j) for j in state(request).queue.recent(100, status)]


@router.get("/jobs/{job_id}", tags=["jobs"], response_model=JobOut)
def get_job(request: Request, job_id: int, _: Reader) -> dict[str, Any]:
    row = state(request).queue.get(job_id)
    if row is None:
        raise Problem(404, "No such job", f"no job {job_id}")
    return views.job_out(row)


@router.get("/feeds", tags=["feeds"], response_model=list[FeedOut])
def list_feeds(request: Request, _: Reader) -> list[dict[str, Any]]:
    return views.feeds(state(request))


@router.post("/feeds", tags=["feeds"], status_code=201, response_model=FeedOut)
async def create_feed(request: Request, body: FeedIn, _: Writer) -> dict[str, Any]:
    """Watch an RSS or Atom feed: polled every ``interval_s`` seconds."""
    st = state(request)
    st.fetcher.check_url(body.url)
    interval = body.interval_s or st.service.settings.poll_interval_s
    fid = add_feed(st.service.engine, body.url, interval)
    return next(f for f in views.feeds(st) if f["id"] == fid)


@router.delete("/feeds/{feed_id}", tags=["feeds"], status_code=204)
async def delete_feed(request: Request, feed_id: int, _: Writer) -> Response:
    views.remove_feed(state(request), feed_id)
    return Response(status_code=204)


@router.post("/feeds/{feed_id}/poll", tags=["feeds"], status_code=202, response_model=JobOut)
async def poll_feed(request: Request, feed_id: int, p: Writer) -> dict[str, Any]:
    st = state(request)
    if not any(f["id"] == feed_id for f in views.feeds(st)):
        raise Problem(404, "No such feed", f"no feed {feed_id}")
    job = st.queue.submit("poll", {"feed": feed_id}, p.user_id)
    return views.job_out(st.queue.get(job))


__all__ = ["router", "set_session_cookie", "submit_files", "submit_urls", "who"]
