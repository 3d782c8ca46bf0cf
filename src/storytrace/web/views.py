"""Plain data for both the API and the pages: stories, jobs, feeds, tokens as dicts, and
the submission helpers that validate input before anything is stored."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from ..settings import Settings
from . import db
from .app import AppState
from .models import ArticleIn
from .problems import Problem
from .service import StoryRow, members_hash, read_uploaded


def story_out(row: StoryRow) -> dict[str, Any]:
    s = row.info
    return {
        "id": s.id,
        "size": s.size,
        "title": s.title,
        "root_title": row.root_title,
        "root_outlet": row.root_outlet,
        "independent_sources": row.independent,
        "first_published": s.first_published,
        "last_published": s.last_published,
        "languages": list(s.languages),
        "outlets": list(s.outlets),
        "updated_at": s.updated_at,
        "analyzed": row.analyzed,
        "url": f"/stories/{s.id}",
    }


def story_detail(st: AppState, story_id: str) -> dict[str, Any]:
    """The story as the API gives it (at most a second old while its report is fresh)."""
    return story_view(st, story_id)[0]


def story_view(st: AppState, story_id: str) -> tuple[dict[str, Any], str | None, str]:
    """The story's detail, its page's cached sections (escaped HTML, or None before its
    analysis) and its version (a hash of the detail, which names the analysis' build time:
    the page's ETag is made from it). Kept a
    second while the report is fresh and no analysis is pending, so twenty readers of one
    story cost one set of queries a second."""
    key = f"story:{story_id}"
    found = st.service.recent(key, lambda: _story_view(st, story_id))
    if not found[0]["report_fresh"] or found[0]["pending_job"] is not None:
        st.service.forget(key)
    return found


def _story_view(st: AppState, story_id: str) -> tuple[dict[str, Any], str | None, str]:
    info, members = st.service.story_members(story_id)
    cached = st.service.cached(
        story_id, "members", "built", "independent", "root_title", "root_outlet", "outlets",
        "page_html",
    )  # fmt: skip
    fresh = cached is not None and cached.members == members_hash(members)
    pending = st.queue.pending_job("analyze", {"story": story_id})
    if cached is not None and cached.outlets:
        info = replace(info, outlets=tuple(json.loads(cached.outlets)))
    row = StoryRow(
        info,
        cached.independent if cached else None,
        cached.root_title if cached else None,
        cached.root_outlet if cached else None,
        cached is not None,
    )
    detail = {
        **story_out(row),
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "outlet": a.outlet,
                "url": a.url,
                "published": a.published,
                "language": a.language,
            }
            for a in members
        ],
        "report_built": cached.built if cached else None,
        "report_fresh": fresh,
        "pending_job": pending,
    }
    # The page changes when the members, the analysis or the pending job do: built once a
    # second at most, so a revalidating browser costs no hashing of the page itself.
    version = hashlib.sha256(json.dumps(detail, sort_keys=True, default=str).encode()).hexdigest()
    return detail, cached.page_html if cached is not None else None, version


def job_out(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "step": row.step,
        "done": row.done,
        "total": row.total,
        "attempts": row.attempts,
        "created": row.created,
        "updated": row.updated,
        "error": row.error,
        "result": json.loads(row.result) if row.result else None,
        "url": f"/api/jobs/{row.id}",
    }


def feeds(st: AppState) -> list[dict[str, Any]]:
    cols = ("id", "url", "title", "interval_s", "last_polled", "last_error", "items")
    with st.service.engine.connect() as conn:
        rows = conn.execute(select(db.feeds).order_by(db.feeds.c.id)).all()
    return [{c: getattr(r, c) for c in cols} for r in rows]


def remove_feed(st: AppState, feed_id: int) -> None:
    with st.service.engine.begin() as conn:
        if conn.execute(select(db.feeds.c.id).where(db.feeds.c.id == feed_id)).first() is None:
            raise Problem(404, "No such feed", f"no feed {feed_id}")
        conn.execute(delete(db.feed_items).where(db.feed_items.c.feed_id == feed_id))
        conn.execute(delete(db.feeds).where(db.feeds.c.id == feed_id))


def tokens(st: AppState, user_id: int | None) -> list[dict[str, Any]]:
    cols = ("id", "name", "scope", "created", "revoked", "last_used")
    with st.service.engine.connect() as conn:
        rows = conn.execute(
            select(db.tokens).where(db.tokens.c.user_id == user_id).order_by(db.tokens.c.id)
        ).all()
    return [{c: getattr(r, c) for c in cols} for r in rows]


def records_of(st: AppState, articles: list[ArticleIn]) -> list[dict[str, Any]]:
    """JSONL records of posted articles; any bad one is a 422 naming it (nothing stored)."""
    most = st.service.settings.max_articles_per_request
    if len(articles) > most:
        raise Problem(
            413, "Too many articles",
            f"{len(articles):,} articles in one request; send at most {most:,} "
            "([web] max_articles_per_request)",
        )  # fmt: skip
    out = []
    for i, a in enumerate(articles):
        name = f"articles[{i}]" + (f" ({a.id})" if a.id else "")
        body = (a.text or "").strip() or (a.html or "").strip()
        if not body:
            raise Problem(422, "Empty article", f"{name}: give its 'text' or 'html'")
        if a.text and a.html:
            raise Problem(422, "Ambiguous article", f"{name}: give 'text' or 'html', not both")
        out.append(a.model_dump(exclude_none=True))
    return out


def check_staged(paths: list[str], settings: Settings | None = None) -> list[dict[str, str]]:
    """Read staged files once; when nothing is readable, delete them and raise a 422."""
    arts, skipped = read_uploaded(paths, settings)
    if not arts:
        shutil.rmtree(Path(paths[0]).parent, ignore_errors=True)
        why = "; ".join(f"{Path(s['source']).name}: {s['detail']}" for s in skipped[:5])
        raise Problem(422, "Nothing readable", f"no article could be read from the upload ({why})")
    return skipped
