"""The article store: one SQLite file (WAL) holding articles, near-duplicate links and stories.

All writes of one ingest batch (articles, fingerprints, LSH buckets, paragraph hashes and
duplicate links) commit in one transaction, so a crash or Ctrl-C loses at most the batch in
flight and a re-run resumes: articles already present are recognised by content hash.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..types import Article
from .root import root_title
from .schema import connect

if TYPE_CHECKING:
    from ..types import ReadReport
    from .ingest import IngestStats, Progress

DEFAULT_DB = "storytrace.sqlite"
ENV_DB = "STORYTRACE_DB"


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path`` if given, else ``$STORYTRACE_DB``, else ``./storytrace.sqlite``."""
    if path:
        return Path(path)
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


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


_RECORD_COLS = "seq, id, hash, title, lead, language, published, outlet, url, source, chars"


class Store:
    """An article store. See :mod:`storytrace.store` for the API summary.

    Args:
        path: the SQLite file; default ``$STORYTRACE_DB`` or ``./storytrace.sqlite``.
        readonly: refuse to create a missing store (for listing and analysis).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, readonly: bool = False):
        self.path = default_db_path(path)
        self.readonly = readonly
        self.conn = connect(self.path, readonly=readonly)
        self.dedup_index: object = None  # storytrace.store.index.DedupIndex, built by ingest

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(f"{self.path}: {exc}; is another storytrace writing to it?")

    # -- articles ---------------------------------------------------------------------
    def count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def add_articles(
        self,
        articles: Iterable[Article],
        report: ReadReport | None = None,
        progress: Progress | None = None,
        stats: IngestStats | None = None,
    ) -> IngestStats:
        """Add articles (idempotent by content hash), linking near-duplicates.

        Returns:
            Counts: read, added, already present, duplicate links, skipped by reason.
        """
        from .ingest import ingest_articles

        return ingest_articles(self, articles, report=report, progress=progress, stats=stats)

    def known_idents(self, idents: Sequence[str]) -> set[str]:
        """Which of these identities (see :func:`storytrace.store.ingest.identity`) are stored."""
        return self._known("ident", idents)

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are stored."""
        return self._known("id", ids)

    def _known(self, column: str, values: Sequence[str]) -> set[str]:
        """The ``values`` found in ``articles.<column>``, asked 500 at a time (SQLite's
        limit on bound parameters)."""
        found: set[str] = set()
        for i in range(0, len(values), 500):
            chunk = list(values[i : i + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {column} FROM articles WHERE {column} IN ({marks})"
            found.update(r[0] for r in self.conn.execute(sql, chunk))
        return found

    def iter_records(
        self, batch_size: int = 1000, after_seq: int = 0
    ) -> Iterator[list[ArticleRecord]]:
        """Stored articles in ingest order, in batches; ``after_seq`` resumes after a seq."""
        last = after_seq
        while True:
            rows = self.conn.execute(
                f"SELECT {_RECORD_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                (last, batch_size),
            ).fetchall()
            if not rows:
                return
            yield [ArticleRecord(*row) for row in rows]
            last = rows[-1][0]

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """Full raw text of these articles, by id."""
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT id, raw FROM articles WHERE id IN ({marks})", chunk)
            out.update((r[0], r[1]) for r in rows)
        return out

    def get_articles(self, ids: Sequence[str]) -> list[Article]:
        """Rebuild :class:`Article` objects (raw text and metadata), in ingest order."""
        out: list[tuple[int, Article]] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT seq, id, raw, source, format, title, outlet, author, url, published,"
                f" language, hash, meta FROM articles WHERE id IN ({marks})",
                chunk,
            )
            for row in rows:
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
        rows = self.conn.execute(
            "SELECT article, duplicate_of, similarity, method FROM duplicates"
            " ORDER BY article, duplicate_of"
        )
        for row in rows:
            yield DuplicateLink(*row)

    def duplicates_of(self, article_id: str) -> list[DuplicateLink]:
        """Links from or to this article."""
        rows = self.conn.execute(
            "SELECT article, duplicate_of, similarity, method FROM duplicates"
            " WHERE article = ? OR duplicate_of = ? ORDER BY similarity DESC",
            (article_id, article_id),
        )
        return [DuplicateLink(*row) for row in rows]

    # -- stories ----------------------------------------------------------------------
    def save_assignments(self, assignments: Mapping[str, str]) -> None:
        """Record article id -> story id (replacing earlier assignments of those articles)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT INTO assignments (article, story) VALUES (?, ?)"
                " ON CONFLICT (article) DO UPDATE SET story = excluded.story",
                list(assignments.items()),
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise self._error(exc) from exc

    def assignments(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT article, story FROM assignments"))

    def story_article_ids(self, story_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT a.id FROM assignments s JOIN articles a ON a.id = s.article"
            " WHERE s.story = ? ORDER BY a.seq",
            (story_id,),
        )
        return [r[0] for r in rows]

    def save_stories(self, stories: Iterable[StoryInfo]) -> None:
        """Insert or replace story summaries."""
        rows = [
            (
                s.id, s.title, s.first_published, s.last_published, json.dumps(list(s.languages)),
                json.dumps(list(s.outlets)), s.size, s.updated_at or _now(),
            )
            for s in stories
        ]  # fmt: skip
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT OR REPLACE INTO stories (id, title, first_published, last_published,"
                " languages, outlets, size, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise self._error(exc) from exc

    def refresh_stories(self, story_ids: Iterable[str] | None = None) -> list[StoryInfo]:
        """Recompute summaries (size, span, languages, outlets, title) from assignments.

        Stories whose articles all moved elsewhere are deleted. ``story_ids=None`` refreshes
        every story. The title is its root article's (:func:`~storytrace.store.root.root_title`).
        """
        wanted = None if story_ids is None else set(story_ids)
        members: dict[str, list[tuple[Any, ...]]] = {}
        roots: dict[str, list[tuple[str | None, str | None, bool]]] = {}
        copies = {r[0] for r in self.conn.execute("SELECT article FROM duplicates")}
        rows = self.conn.execute(
            "SELECT s.story, a.title, a.published, a.language, a.outlet, a.id FROM assignments s"
            " JOIN articles a ON a.id = s.article ORDER BY a.seq"
        )
        for story, *rest, article_id in rows:
            if wanted is None or story in wanted:
                members.setdefault(story, []).append(tuple(rest))
                roots.setdefault(story, []).append((rest[0], rest[1], article_id in copies))
        now = _now()
        infos: list[StoryInfo] = []
        for story, items in members.items():
            dates = sorted(p for _, p, _, _ in items if p)
            infos.append(
                StoryInfo(
                    id=story,
                    size=len(items),
                    title=root_title(roots[story]),
                    first_published=dates[0] if dates else None,
                    last_published=dates[-1] if dates else None,
                    languages=tuple(sorted({lang for _, _, lang, _ in items if lang})),
                    outlets=tuple(sorted({o for _, _, _, o in items if o})),
                    updated_at=now,
                )
            )
        gone = (
            {r[0] for r in self.conn.execute("SELECT id FROM stories")}
            if wanted is None
            else set(wanted)
        ) - set(members)
        self.save_stories(infos)
        if gone:
            self.conn.executemany("DELETE FROM stories WHERE id = ?", [(g,) for g in gone])
        return infos

    def stories(self) -> list[StoryInfo]:
        """Stored story summaries, largest first."""
        rows = self.conn.execute(
            "SELECT id, size, title, first_published, last_published, languages, outlets,"
            " updated_at FROM stories ORDER BY size DESC, id"
        )
        return [
            StoryInfo(
                id=r[0], size=r[1], title=r[2], first_published=r[3], last_published=r[4],
                languages=tuple(json.loads(r[5])), outlets=tuple(json.loads(r[6])),
                updated_at=r[7],
            )
            for r in rows
        ]  # fmt: skip

    # -- free state -------------------------------------------------------------------
    def get_state(self, key: str) -> bytes | None:
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def set_state(self, key: str, value: bytes) -> None:
        self.conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))


def load_story_articles(db_path: str | os.PathLike[str] | None, story_id: str) -> list[Article]:
    """The stored articles of one story, in ingest order (for ``analyze --db --story``)."""
    with Store(db_path, readonly=True) as store:
        ids = store.story_article_ids(story_id)
        if not ids:
            known = store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            hint = (
                "list them with 'storytrace stories --db ...'"
                if known
                else "the store has no stories yet; group its articles with "
                f"'storytrace cluster --db {store.path} -o assignments.jsonl' first"
            )
            raise StoreError(f"{store.path}: no story '{story_id}'; {hint}")
        return store.get_articles(ids)
