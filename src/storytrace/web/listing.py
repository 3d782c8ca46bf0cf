"""The stories list and the article search in SQL: filters, order and one page are the
database's work, so a request no longer reads every story or article into Python.

Text filters (``q``, ``outlet``, ``language``) keep their meaning (``str.casefold``
substring, exact language code): the database narrows with a LIKE pattern that matches
at least every row the filter keeps (case-insensitive for ASCII on SQLite and
PostgreSQL; any other character, and the JSON escapes of the stored outlet lists, become
a ``%``), then Python checks the few rows left exactly and cuts the page. Without a text
filter the page is cut in SQL (``LIMIT``/``OFFSET`` plus a count).

The one difference from a scan in Python: a needle that casefolds to more characters
than the text holds (``strasse`` against ``Straße``) is not found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..report.common import url_domain
from ..store import ArticleRecord, Store, StoryInfo
from ..store import schema as t

if TYPE_CHECKING:
    from .service import StoryFilter

_S = t.stories.c
_A = t.articles.c
_STORY_COLS = (
    _S.id, _S.size, _S.title, _S.first_published, _S.last_published, _S.languages, _S.outlets,
    _S.updated_at,
)  # fmt: skip
_RECORD_COLS = (
    _A.seq, _A.id, _A.hash, _A.title, _A.lead, _A.language, _A.published, _A.outlet, _A.url,
    _A.source, _A.chars,
)  # fmt: skip


def like_pattern(needle: str) -> str:
    """A LIKE pattern (escape ``\\``) matching every text that holds ``needle`` ignoring
    case: ASCII letters lowered (the column is compared case-insensitively), any other
    character, quote or backslash a ``%`` (databases fold other scripts differently, and
    JSON text stores them escaped)."""
    out = []
    for ch in needle.strip():
        if ch in "%_":
            out.append("\\" + ch)
        elif ch.isascii() and ch.isprintable() and ch not in '"\\':
            out.append(ch.lower())
        elif not out or out[-1] != "%":
            out.append("%")
    while out and out[0] == "%":
        out.pop(0)
    while out and out[-1] == "%":
        out.pop()
    return "%" + "".join(out) + "%"


def _ilike(column: Any, needle: str) -> Any:
    return column.ilike(like_pattern(needle), escape="\\")


def _info(row: Any) -> StoryInfo:
    return StoryInfo(
        id=row[0], size=row[1], title=row[2], first_published=row[3], last_published=row[4],
        languages=tuple(json.loads(row[5])), outlets=tuple(json.loads(row[6])),
        updated_at=row[7],
    )  # fmt: skip


def story_info(store: Store, story_id: str) -> StoryInfo | None:
    """One story's summary, or None."""
    with store.read() as conn:
        row = conn.execute(sa.select(*_STORY_COLS).where(_S.id == story_id)).first()
    return _info(row) if row is not None else None


def story_hay(s: StoryInfo, extra: Any) -> str:
    """What ``q`` searches in a story: title, outlets and the analysis' root title."""
    root = (extra.root_title or "") if extra is not None else ""
    return "\n".join([s.title or "", *s.outlets, root]).casefold()


def story_matches(f: StoryFilter, s: StoryInfo, extra: Any) -> bool:
    """The list's filter on one story (outlets as its analysis named them, if any)."""
    q = f.q.casefold().strip()
    if q and q not in story_hay(s, extra):
        return False
    if f.language and f.language not in s.languages:
        return False
    if f.outlet and not any(f.outlet.casefold() in o.casefold() for o in s.outlets):
        return False
    if f.since and (s.last_published or "") < f.since:
        return False
    return not (f.until and (s.first_published or "9999") > f.until + "\uffff")


def find_stories(
    store: Store,
    f: StoryFilter,
    page: int,
    per_page: int,
    summaries: Mapping[str, Any],
    analysed_outlets: Callable[[StoryInfo], StoryInfo],
) -> tuple[int, list[StoryInfo]]:
    """Stories matching ``f`` in the list's order, one page; ``summaries`` are the cached
    analyses by story id, ``analysed_outlets`` names a story's outlets as its analysis did."""
    conds: list[Any] = []
    if f.since:
        conds.append(sa.func.coalesce(_S.last_published, "") >= f.since)
    if f.until:
        first = sa.func.substr(sa.func.coalesce(_S.first_published, "9999"), 1, len(f.until))
        conds.append(first <= f.until)
    text = bool(f.q.strip() or f.outlet or f.language)
    if f.language:
        conds.append(_ilike(_S.languages, f.language))
    for needle, own, root in (
        (f.q, (_S.title, _S.outlets), True),
        (f.outlet, (_S.outlets,), False),
    ):
        if needle.strip():
            # Stories whose analysis names a matching outlet or root title, found in the
            # (cached) summaries; the rest by the store's own columns.
            by_analysis = [sid for sid, x in summaries.items() if _names(x, needle, root)]
            conds.append(sa.or_(*(_ilike(c, needle) for c in own), _S.id.in_(by_analysis)))
    order: tuple[Any, ...]
    if f.sort == "size":
        order = (_S.size.desc(), _S.id)
    else:
        order = (_S.updated_at.desc(), _S.size.desc(), _S.id)
    query = sa.select(*_STORY_COLS).where(*conds).order_by(*order)
    with store.read() as conn:
        if not text:
            total = conn.execute(sa.select(sa.func.count()).select_from(t.stories).where(*conds))
            rows = conn.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
            return int(total.scalar_one()), [analysed_outlets(_info(r)) for r in rows]
        rows = conn.execute(query).all()
    kept = [
        s
        for s in map(analysed_outlets, map(_info, rows))
        if story_matches(f, s, summaries.get(s.id))
    ]
    return len(kept), kept[(page - 1) * per_page : page * per_page]


def _names(summary: Any, needle: str, root: bool) -> bool:
    """Whether an analysis summary's outlets (and its root title, with ``root``) hold
    ``needle``."""
    folded = needle.casefold().strip()
    outlets = json.loads(summary.outlets) if summary.outlets else []
    hay = [*outlets, summary.root_title or ""] if root else outlets
    return any(folded in h.casefold() for h in hay)


def find_articles(
    store: Store, q: str, page: int, per_page: int
) -> tuple[int, list[ArticleRecord]]:
    """Stored articles whose title, outlet, URL or id holds ``q`` (ignoring case), newest
    first, one page."""
    needle = q.casefold().strip()
    with store.read() as conn:
        if not needle:
            total = conn.execute(sa.select(sa.func.count()).select_from(t.articles)).scalar_one()
            rows = conn.execute(
                sa.select(*_RECORD_COLS)
                .order_by(_A.seq.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            ).all()
            return int(total), [ArticleRecord(*r) for r in rows]
        cols = (_A.title, _A.outlet, _A.url, _A.id)
        narrowed = conn.execute(
            sa.select(_A.seq, *cols)
            .where(sa.or_(*(_ilike(c, needle) for c in cols)))
            .order_by(_A.seq.desc())
        ).all()
        hits = [r.seq for r in narrowed if needle in article_hay(r.title, r.outlet, r.url, r.id)]
        chosen = hits[(page - 1) * per_page : page * per_page]
        rows = conn.execute(sa.select(*_RECORD_COLS).where(_A.seq.in_(chosen))).all()
    by_seq = {r[0]: ArticleRecord(*r) for r in rows}
    return len(hits), [by_seq[s] for s in chosen if s in by_seq]


def article_hay(title: str | None, outlet: str | None, url: str | None, ident: str) -> str:
    """What the article search looks in (each field on its own: a needle does not span two)."""
    return "\n".join([title or "", outlet or "", url or "", ident]).casefold()


@dataclass(frozen=True, slots=True)
class Member:
    """What the story page lists of one member article (no text)."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    language: str | None
    content_hash: str


def story_members(store: Store, story_id: str) -> list[Member]:
    """A story's member articles in ingest order, without their text; the outlet named
    from the URL's domain when the metadata has none, as the analysis names it."""
    a, s = _A, t.assignments.c
    with store.read() as conn:
        rows = conn.execute(
            sa.select(a.id, a.title, a.outlet, a.url, a.published, a.language, a.hash, a.meta)
            .select_from(t.assignments.join(t.articles, a.id == s.article))
            .where(s.story == story_id)
            .order_by(a.seq)
        ).all()
    out = []
    for r in rows:
        # A language ingest guessed from the lead is not the article's (see Store.get_articles).
        guessed = '"language_guess"' in (r.meta or "")
        outlet = r.outlet or (url_domain(r.url) if r.url else None) or None
        out.append(
            Member(
                r.id, r.title, outlet, r.url, r.published, None if guessed else r.language, r.hash
            )
        )
    return out
