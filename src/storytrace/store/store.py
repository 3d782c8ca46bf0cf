"""The article store: a SQLite file (WAL, the default) or a PostgreSQL database.

All writes of one ingest batch (articles, fingerprints and duplicate links) commit in one
transaction under the store's write lock, so a crash or Ctrl-C loses at most the batch in
flight, a re-run resumes (articles already present are recognised by content hash), and
any number of writers (ingest runs, the service's feeds and uploads) can share a store:
their batches take turns and link to each other's articles as one sequential run would.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..types import Article
from . import schema as t
from .root import root_title
from .schema import engine_url, is_url, open_engine, where, write_lock

if TYPE_CHECKING:
    from ..types import ReadReport
    from .ingest import IngestStats, Progress

DEFAULT_DB = "storytrace.sqlite"
ENV_DB = "STORYTRACE_DB"


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path | str:
    """``path`` if given, else ``$STORYTRACE_DB``, else ``./storytrace.sqlite``; a
    ``postgresql://`` URL comes back as messages name it (a string, password hidden)."""
    target = path or os.environ.get(ENV_DB) or DEFAULT_DB
    return where(engine_url(target)) if is_url(target) else Path(target)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What clustering needs of one stored article (no full text: see ``Store.texts``)."""

    seq: int
    id: str
    hash: str
    title: str | None
    lead: str
    language: str | None
    published: str | None
    outlet: str | None
    url: str | None
    source: str
    chars: int


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """One story's summary as listed by ``storytrace stories``."""

    id: str
    size: int
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    languages: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``article`` repeats ``duplicate_of`` (stored earlier) with this estimated similarity."""

    article: str
    duplicate_of: str
    similarity: float
    method: str


_A = t.articles.c
_RECORD_COLS = (
    _A.seq, _A.id, _A.hash, _A.title, _A.lead, _A.language, _A.published, _A.outlet, _A.url,
    _A.source, _A.chars,
)  # fmt: skip
_CHUNK = 2000  # values bound per IN (...) query (SQLite allows 32766, PostgreSQL 65535)


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield list(values[i : i + _CHUNK])


def upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], replace: bool) -> None:
    """Insert rows; on a primary-key conflict replace the other columns, or keep the old row."""
    if not rows:
        return
    insert: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    keys = [c.name for c in table.primary_key.columns]
    if replace:
        others = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
        stmt = stmt.on_conflict_do_update(index_elements=keys, set_=others)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
    conn.execute(stmt, rows)


class Store:
    """An article store. See :mod:`storytrace.store` for the API summary.

    Args:
        path: a SQLite file, or a ``postgresql://user:password@host/dbname`` URL (needs
            ``pip install 'storytrace[postgres]'``); default ``$STORYTRACE_DB`` or
            ``./storytrace.sqlite``.
        readonly: refuse to create a missing store (for listing and analysis).

    Attributes:
        path: how messages name the store (the file, or the URL without its password).
        engine: the SQLAlchemy engine (for readers that need a query of their own).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, readonly: bool = False):
        target = path or os.environ.get(ENV_DB) or DEFAULT_DB
        self.readonly = readonly
        self.engine, where = open_engine(target, readonly=readonly)
        self.path: Path | str = where if is_url(target) else Path(target)
        self.dedup_index: object = None  # storytrace.store.index.DedupIndex, built by ingest

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return str(self.engine.dialect.name)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def read(self) -> Any:
        """A connection in a read transaction (a consistent snapshot), as a context manager."""
        return self.engine.connect()

    def write(self) -> Any:
        """A transaction holding the store's write lock, as a context manager: writers take
        turns (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock); readers never wait."""
        return write_lock(self.engine)

    def _error(self, exc: sa.exc.SQLAlchemyError) -> StoreError:
        return StoreError(f"{self.path}: {getattr(exc, 'orig', exc)}; retry later")

    # -- articles ---------------------------------------------------------------------
    def count(self) -> int:
        with self.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.articles)).scalar())

    def add_articles(
        self,
        articles: Iterable[Article],
        report: ReadReport | None = None,
        progress: Progress | None = None,
        stats: IngestStats | None = None,
    ) -> IngestStats:
        """Add articles (idempotent by content hash), linking near-duplicates.

        Safe beside other writers of the same store (see the module docstring).

        Returns:
            Counts: read, added, already present, duplicate links, skipped by reason.
        """
        from .ingest import ingest_articles

        return ingest_articles(self, articles, report=report, progress=progress, stats=stats)

    def known_idents(self, idents: Sequence[str], conn: Connection | None = None) -> set[str]:
        """Which of these identities (see :func:`storytrace.store.ingest.identity`) are stored."""
        return self._known(_A.ident, idents, conn)

    def known_ids(self, ids: Sequence[str], conn: Connection | None = None) -> set[str]:
        """Which of these article ids are stored."""
        return self._known(_A.id, ids, conn)

    def _known(
        self, column: sa.ColumnElement[str], values: Sequence[str], conn: Connection | None
    ) -> set[str]:
        if conn is None:
            with self.read() as own:
                return self._known(column, values, own)
        found: set[str] = set()
        for chunk in _chunks(values):
            found.update(conn.execute(sa.select(column).where(column.in_(chunk))).scalars())
        return found

    def iter_records(
        self, batch_size: int = 1000, after_seq: int = 0
    ) -> Iterator[list[ArticleRecord]]:
        """Stored articles in ingest order, in batches; ``after_seq`` resumes after a seq."""
        last = after_seq
        while True:
            with self.read() as conn:
                rows = conn.execute(
                    sa.select(*_RECORD_COLS).where(_A.seq > last).order_by(_A.seq).limit(batch_size)
                ).all()
            if not rows:
                return
            yield [ArticleRecord(*row) for row in rows]
            last = rows[-1][0]

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """Full raw text of these articles, by id."""
        out: dict[str, str] = {}
        with self.read() as conn:
            for chunk in _chunks(ids):
                rows = conn.execute(sa.select(_A.id, _A.raw).where(_A.id.in_(chunk)))
                out.update((r[0], r[1]) for r in rows)
        return out

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """Rebuild :class:`Article` objects (raw text and metadata), in ingest order."""
        out: list[tuple[int, Article]] = []
        cols = (
            _A.seq, _A.id, _A.raw, _A.source, _A.format, _A.title, _A.outlet, _A.author,
            _A.url, _A.published, _A.language, _A.hash, _A.meta,
        )  # fmt: skip
        with self.read() as conn:
            for chunk in _chunks(ids):
                for row in conn.execute(sa.select(*cols).where(_A.id.in_(chunk))):
                    meta: dict[str, Any] = json.loads(row[12]) if row[12] else {}
                    art = Article(
                        id=row[1], raw=row[2], source=row[3], format=row[4], title=row[5],
                        outlet=row[6], author=row[7], url=row[8], published=row[9],
                        # A language ingest guessed from the lead is left for prepare to
                        # decide on the whole text; a language the input gave is kept.
                        language=None if "language_guess" in meta else row[10],
                        content_hash=row[11], meta=meta,
                    )  # fmt: skip
                    out.append((row[0], art))
        out.sort(key=lambda pair: pair[0])
        return [a for _, a in out]

    # -- near-duplicates --------------------------------------------------------------
    def duplicates(self) -> Iterator[DuplicateLink]:
        d = t.duplicates.c
        with self.read() as conn:
            rows = conn.execute(
                sa.select(d.article, d.duplicate_of, d.similarity, d.method).order_by(
                    d.article, d.duplicate_of
                )
            ).all()
        for row in rows:
            yield DuplicateLink(*row)

    def duplicates_of(self, article_id: str) -> list[DuplicateLink]:
        """Links from or to this article."""
        d = t.duplicates.c
        with self.read() as conn:
            rows = conn.execute(
                sa.select(d.article, d.duplicate_of, d.similarity, d.method)
                .where((d.article == article_id) | (d.duplicate_of == article_id))
                .order_by(d.similarity.desc(), d.article, d.duplicate_of)
            ).all()
        return [DuplicateLink(*row) for row in rows]

    # -- stories ----------------------------------------------------------------------
    def save_assignments(self, assignments: Mapping[str, str]) -> None:
        """Record article id -> story id (replacing earlier assignments of those articles)."""
        rows = [{"article": a, "story": s} for a, s in assignments.items()]
        try:
            with self.write() as conn:
                upsert(conn, t.assignments, rows, replace=True)
        except sa.exc.OperationalError as exc:
            raise self._error(exc) from exc

    def assignments(self) -> dict[str, str]:
        s = t.assignments.c
        with self.read() as conn:
            return {r[0]: r[1] for r in conn.execute(sa.select(s.article, s.story))}

    def story_article_ids(self, story_id: str) -> list[str]:
        s = t.assignments.c
        with self.read() as conn:
            rows = conn.execute(
                sa.select(_A.id)
                .select_from(t.assignments.join(t.articles, _A.id == s.article))
                .where(s.story == story_id)
                .order_by(_A.seq)
            )
            return [r[0] for r in rows]

    def save_stories(self, stories: Iterable[StoryInfo]) -> None:
        """Insert or replace story summaries."""
        try:
            with self.write() as conn:
                self._save_stories(conn, stories)
        except sa.exc.OperationalError as exc:
            raise self._error(exc) from exc

    @staticmethod
    def _save_stories(conn: Connection, stories: Iterable[StoryInfo]) -> None:
        rows = [
            {
                "id": s.id, "title": s.title, "first_published": s.first_published,
                "last_published": s.last_published, "languages": json.dumps(list(s.languages)),
                "outlets": json.dumps(list(s.outlets)), "size": s.size,
                "updated_at": s.updated_at or _now(),
            }
            for s in stories
        ]  # fmt: skip
        upsert(conn, t.stories, rows, replace=True)

    def refresh_stories(self, story_ids: Iterable[str] | None = None) -> list[StoryInfo]:
        """Recompute summaries (size, span, languages, outlets, title) from assignments.

        Stories whose articles all moved elsewhere are deleted. ``story_ids=None`` refreshes
        every story. The title is its root article's (:func:`~storytrace.store.root.root_title`).
        """
        wanted = None if story_ids is None else set(story_ids)
        s = t.assignments.c
        try:
            with self.write() as conn:
                copies = set(conn.execute(sa.select(t.duplicates.c.article)).scalars())
                rows = conn.execute(
                    sa.select(s.story, _A.title, _A.published, _A.language, _A.outlet, _A.id)
                    .select_from(t.assignments.join(t.articles, _A.id == s.article))
                    .order_by(_A.seq)
                )
                members: dict[str, list[tuple[Any, ...]]] = {}
                for story, *rest, article_id in rows:
                    if wanted is None or story in wanted:
                        members.setdefault(story, []).append((*rest, article_id in copies))
                infos = [_summary(story, items, _now()) for story, items in members.items()]
                known = set(conn.execute(sa.select(t.stories.c.id)).scalars())
                gone = (known if wanted is None else wanted) - set(members)
                self._save_stories(conn, infos)
                for chunk in _chunks(sorted(gone)):
                    conn.execute(t.stories.delete().where(t.stories.c.id.in_(chunk)))
        except sa.exc.OperationalError as exc:
            raise self._error(exc) from exc
        return infos

    def stories(self) -> list[StoryInfo]:
        """Stored story summaries, largest first."""
        c = t.stories.c
        with self.read() as conn:
            rows = conn.execute(
                sa.select(
                    c.id, c.size, c.title, c.first_published, c.last_published, c.languages,
                    c.outlets, c.updated_at,
                ).order_by(c.size.desc(), c.id)
            ).all()  # fmt: skip
        return [
            StoryInfo(
                id=r[0], size=r[1], title=r[2], first_published=r[3], last_published=r[4],
                languages=tuple(json.loads(r[5])), outlets=tuple(json.loads(r[6])),
                updated_at=r[7],
            )
            for r in rows
        ]  # fmt: skip

    def story_count(self) -> int:
        with self.read() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(t.stories)).scalar())

    # -- free state -------------------------------------------------------------------
    def get_state(self, key: str, conn: Connection | None = None) -> bytes | None:
        if conn is None:
            with self.read() as own:
                return self.get_state(key, own)
        c = t.state.c
        value = conn.execute(sa.select(c.value).where(c.key == key)).scalar()
        return None if value is None else bytes(value)

    def set_state(self, key: str, value: bytes, conn: Connection | None = None) -> None:
        if conn is None:
            with self.write() as own:
                self.set_state(key, value, own)
            return
        upsert(conn, t.state, [{"key": key, "value": value}], replace=True)


def _summary(story: str, items: list[tuple[Any, ...]], now: str) -> StoryInfo:
    """One story's summary from its members' (title, published, language, outlet, is_copy)."""
    dates = sorted(p for _, p, _, _, _ in items if p)
    return StoryInfo(
        id=story,
        size=len(items),
        title=root_title([(title, published, copy) for title, published, _, _, copy in items]),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        languages=tuple(sorted({lang for _, _, lang, _, _ in items if lang})),
        outlets=tuple(sorted({o for _, _, _, o, _ in items if o})),
        updated_at=now,
    )


def load_story_articles(db_path: str | os.PathLike[str] | None, story_id: str) -> list[Article]:
    """The stored articles of one story, in ingest order (for ``analyze --db --story``)."""
    with Store(db_path, readonly=True) as store:
        ids = store.story_article_ids(story_id)
        if not ids:
            hint = (
                f"list them with 'storytrace stories --db {store.path}'"
                if store.story_count()
                else "the store has no stories yet; group its articles with "
                f"'storytrace cluster --db {store.path}' first"
            )
            raise StoreError(f"{store.path}: no story '{story_id}'; {hint}")
        return store.get_articles(ids)
