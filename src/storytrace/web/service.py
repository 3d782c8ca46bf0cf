"""The service's workflows over the article store: read stories and articles, ingest and
cluster new articles, analyze a story and cache its report.

Reads open the store read-only per call; every write into the store goes through one lock
(the service is one writer; the CLI beside it is the store's concern). Analyses are cached
per story and per membership (a hash of the member articles' content hashes), so a report
is rebuilt only when the story's articles changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select

from .. import api
from ..errors import InputError, StorytraceError
from ..progress import Progress, ProgressFn
from ..report.common import url_domain
from ..settings import Settings
from ..store import ArticleRecord, Store, StoryInfo
from ..types import Article
from . import db, listing
from .problems import Problem
from .settings import ServeSettings

STORIES_TTL_S = 2.0
REPORTS_IN_MEMORY = 64
REPORT_CHECK_S = 1.0
T = TypeVar("T")
Step = Callable[[str, int, int], None]
"""Progress of a job: (what, done, total)."""


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as the list shows it: the store's summary plus what its analysis found."""

    info: StoryInfo
    independent: int | None
    root_title: str | None
    root_outlet: str | None
    analyzed: bool


@dataclass(frozen=True, slots=True)
class StoryFilter:
    q: str = ""
    language: str = ""
    outlet: str = ""
    since: str = ""
    until: str = ""
    sort: str = "recent"


def progress_to(step: Step) -> ProgressFn:
    """The api's progress events as a job's step (``what``, done, total)."""

    def send(p: Progress) -> None:
        what = f"{p.stage} {p.unit}".strip()
        step(f"{what} ({p.detail})" if p.detail else what, p.done, p.total or 0)

    return send


def members_hash(articles: Sequence[Article] | Sequence[listing.Member]) -> str:
    joined = "\n".join(sorted(a.content_hash for a in articles))
    return hashlib.sha256(joined.encode("ascii")).hexdigest()


def with_outlet(article: Article) -> Article:
    """Name the outlet from the URL's domain when the article's metadata has none."""
    if article.outlet or not article.url:
        return article
    domain = url_domain(article.url)
    if not domain:
        return article
    return replace(article, outlet=domain, meta={**article.meta, "outlet_from": "url"})


class Service:
    """One data directory: the article store plus the service's own tables."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        settings.data.mkdir(parents=True, exist_ok=True)
        settings.uploads.mkdir(parents=True, exist_ok=True)
        self.engine = db.make_engine(settings.web_db_url)
        self.store_target = settings.store_target
        self.config = settings.settings
        self.write_lock = threading.Lock()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._readers: list[Store] = []
        self._writer: Store | None = None
        self._summary_cache: tuple[float, dict[str, Any]] = (-1e9, {})
        self._reports: OrderedDict[str, tuple[str, bytes, float, float]] = OrderedDict()
        self._recent: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        with Store(self.store_target):
            pass  # create and migrate once, so readers may open it read-only

    def close(self) -> None:
        with self._lock:
            stores = [*self._readers, *([self._writer] if self._writer else [])]
            self._readers.clear()
            self._writer = None
        for store in stores:
            # A connection closes from its own thread only; others close when collected.
            with contextlib.suppress(Exception):
                store.close()
        self.engine.dispose()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A read-only store (opened once: opening migrates and sets pragmas, too slow per
        request). Reads see every committed write (autocommit). SQLite: one per thread;
        PostgreSQL: one for all threads, so its connection pool bounds the server's
        connections (a store per request thread took one connection each, and forty
        threads beside the worker ran the server out of connections under load)."""
        if "://" in self.store_target:
            with self._lock:
                if not self._readers:
                    self._readers.append(Store(self.store_target, readonly=True))
                shared = self._readers[0]
            yield shared
            return
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.store_target, readonly=True)
            self._local.store = store
            with self._lock:
                self._readers.append(store)
        yield store

    # -- reads ------------------------------------------------------------------------
    def cached(self, story_id: str, *columns: str) -> Any:
        """The cached analysis of a story (only ``columns`` when given: the row is large)."""
        cols = [db.reports.c[c] for c in columns] if columns else [db.reports]
        with self.engine.connect() as conn:
            return conn.execute(select(*cols).where(db.reports.c.story_id == story_id)).first()

    def report_json(self, story_id: str) -> tuple[str, bytes] | None:
        """``(version, report JSON as UTF-8)`` of a story, kept in memory (encoded once, so a
        response is the stored bytes as they are); the version names the membership hash
        and the analysis' build time (a re-analysis of the same articles is a new version).
        Checked against the database (its small ``built`` stamp) at most every
        ``REPORT_CHECK_S``, since the worker process may have analysed the story again."""
        now = time.monotonic()
        with self._lock:
            hit = self._reports.get(story_id)
        if hit is not None and now - hit[3] < REPORT_CHECK_S:
            return hit[0], hit[1]
        if hit is not None:
            row = self.cached(story_id, "built")
            if row is not None and row.built == hit[2]:
                with self._lock:
                    self._reports[story_id] = (hit[0], hit[1], hit[2], now)
                return hit[0], hit[1]
        row = self.cached(story_id, "members", "report_json", "built")
        if row is None:
            return None
        with self._lock:
            body = row.report_json.encode("utf-8")
            version = f"{row.members}-{row.built!r}"
            self._reports[story_id] = (version, body, row.built, now)
            self._reports.move_to_end(story_id)
            while len(self._reports) > REPORTS_IN_MEMORY:
                self._reports.popitem(last=False)
        return version, body

    def recent(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, or what it gave for ``key`` less than ``REPORT_CHECK_S`` ago (the
        newest ``REPORTS_IN_MEMORY`` keys): a page read by many at once is built once."""
        now = time.monotonic()
        with self._lock:
            hit = self._recent.get(key)
        if hit is not None and now - hit[0] < REPORT_CHECK_S:
            value: T = hit[1]
            return value
        value = make()
        with self._lock:
            self._recent[key] = (now, value)
            self._recent.move_to_end(key)
            while len(self._recent) > REPORTS_IN_MEMORY:
                self._recent.popitem(last=False)
        return value

    def forget(self, key: str) -> None:
        with self._lock:
            self._recent.pop(key, None)

    def _summaries(self) -> dict[str, Any]:
        """What each story's analysis found, for the list (cached ``STORIES_TTL_S``)."""
        now = time.monotonic()
        with self._lock:
            at, found = self._summary_cache
        if now - at < STORIES_TTL_S:
            return found
        cols = (
            db.reports.c.story_id, db.reports.c.independent, db.reports.c.root_title,
            db.reports.c.root_outlet, db.reports.c.members, db.reports.c.outlets,
        )  # fmt: skip
        with self.engine.connect() as conn:
            found = {r.story_id: r for r in conn.execute(select(*cols))}
        with self._lock:
            self._summary_cache = (now, found)
        return found

    def stories(self, f: StoryFilter, page: int, per_page: int) -> tuple[int, list[StoryRow]]:
        """Stories matching ``f``, newest change first (or largest first), one page."""
        total, rows, _ = self.story_list(f, page, per_page)
        return total, rows

    def story_list(
        self, f: StoryFilter, page: int, per_page: int
    ) -> tuple[int, list[StoryRow], str]:
        """:meth:`stories` and a version of that page (a hash of it: the list's ETag is
        made from it), built at most once a second per filter and page (see
        :meth:`recent`; clustering and a new analysis here start afresh), so the list
        polled by many readers costs one set of queries a second."""
        key = f"stories:{f!r}:{page}:{per_page}"
        return self.recent(key, lambda: self._story_list(f, page, per_page))

    def _story_list(
        self, f: StoryFilter, page: int, per_page: int
    ) -> tuple[int, list[StoryRow], str]:
        summaries = self._summaries()

        def named(s: StoryInfo) -> StoryInfo:
            # Outlets as the analysis named them (plain-text articles name theirs in the text).
            extra = summaries.get(s.id)
            if extra is None or not extra.outlets:
                return s
            return replace(s, outlets=tuple(json.loads(extra.outlets)))

        with self.reader() as store:
            total, infos = listing.find_stories(store, f, page, per_page, summaries, named)
        rows = []
        for s in infos:
            extra = summaries.get(s.id)
            rows.append(
                StoryRow(
                    info=s,
                    independent=extra.independent if extra else None,
                    root_title=extra.root_title if extra else None,
                    root_outlet=extra.root_outlet if extra else None,
                    analyzed=extra is not None,
                )
            )
        version = hashlib.sha256(repr((total, rows)).encode("utf-8")).hexdigest()
        return total, rows, version

    def story_info(self, story_id: str) -> StoryInfo:
        """A story's summary; 404 when unknown."""
        with self.reader() as store:
            info = listing.story_info(store, story_id)
        if info is None:
            raise Problem(404, "No such story", f"no story '{story_id}' in this store")
        return info

    def story(self, story_id: str) -> tuple[StoryInfo, list[Article]]:
        """A story's summary and its member articles (ingest order); 404 when unknown."""
        info = self.story_info(story_id)
        with self.reader() as store:
            arts = store.get_articles(store.story_article_ids(story_id))
        return info, [with_outlet(a) for a in arts]

    def story_members(self, story_id: str) -> tuple[StoryInfo, list[listing.Member]]:
        """A story's summary and what its page lists of each member (no text); 404 when
        unknown."""
        info = self.story_info(story_id)
        with self.reader() as store:
            return info, listing.story_members(store, story_id)

    def article(self, article_id: str) -> tuple[Article, str | None]:
        """One stored article, cleaned (removed spans with reasons, sentences), and its story."""
        with self.reader() as store:
            found = store.get_articles([article_id])
            story = store.assignments().get(article_id) if found else None
        if not found:
            raise Problem(404, "No such article", f"no article '{article_id}' in this store")
        art = with_outlet(found[0])
        try:
            return api.prepare(art, self.config), story
        except InputError as exc:
            return replace(art, meta={**art.meta, "excluded": exc.reason}), story

    def articles(self, q: str, page: int, per_page: int) -> tuple[int, list[ArticleRecord]]:
        """Stored articles whose title, outlet, URL or id holds ``q``, newest first."""
        with self.reader() as store:
            return listing.find_articles(store, q, page, per_page)

    # -- writes -----------------------------------------------------------------------
    def store_articles(
        self, articles: Iterable[Article], step: Step, total: int | None = None
    ) -> dict[str, Any]:
        """Store ``articles`` (idempotent by content hash) and link near-duplicates, as
        ``storytrace ingest`` does, a batch at a time as they come (``total``: how many
        are expected, for progress). Clustering is a separate step (:meth:`cluster`)."""
        from ..cluster.dedup import DedupParams
        from ..store import IngestSettings, IngestStats, ingest_articles

        stats = IngestStats()
        if total is None:
            articles = list(articles)
            total = len(articles)
        step("storing", 0, total)
        with self.write_lock:
            if self._writer is None:
                # Kept open: the store's near-duplicate index lives on the Store object.
                self._writer = Store(self.store_target)
            ingest_articles(
                self._writer, iter(articles),
                progress=lambda read, _added: step("storing", read, max(read, total)),
                settings=IngestSettings.from_settings(self.config.store),
                params=DedupParams.from_settings(self.config.store), stats=stats,
            )  # fmt: skip
        return {
            "articles": stats.read,
            "added": stats.added,
            "already_present": stats.already_present,
            "duplicate_links": stats.duplicate_links,
        }

    def cluster(self, articles: Sequence[Article], step: Step) -> dict[str, Any]:
        """Group stored ``articles`` into stories; those assigned before (a resumed job) are
        not clustered again. Returns counts and the stories of all of them."""
        with self.reader() as store:
            known = store.assignments()
            stored = store.known_ids([a.id for a in articles])
            hashes: dict[str, str] = {}
            for batch in store.iter_records():
                hashes.update((r.id, r.hash) for r in batch if r.id in stored)
        fresh = [a for a in articles if not (a.id in known and hashes.get(a.id) == a.content_hash)]
        step("clustering", 0, len(articles))
        pairs: list[tuple[str, str]] = []
        if fresh:
            with self.write_lock:
                pairs = api.cluster_articles(
                    fresh, self.store_target, self.config, progress_to(step)
                )
        step("clustering", len(articles), len(articles))
        with self._lock:
            self._recent.clear()  # stories changed: lists and pages start afresh
        # The stories of every input article, clustered before or now: a job resumed after
        # a crash between clustering and queueing the analyses still queues them.
        with self.reader() as store:
            assigned = store.assignments()
        mine = {s for _, s in pairs} | {assigned[a.id] for a in articles if a.id in assigned}
        return {
            "articles": len(articles),
            "new": len(fresh),
            "already_clustered": len(articles) - len(fresh),
            "stories": sorted(mine),
        }

    def analyze_story(self, story_id: str, step: Step) -> dict[str, Any]:
        """Analyze one stored story and cache its report (skipped when nothing changed)."""
        _, arts = self.story(story_id)
        members = members_hash(arts)
        cached = self.cached(story_id, "members")
        if cached is not None and cached.members == members:
            return {"story": story_id, "cached": True}
        usable: list[Article] = []
        empty: list[Article] = []
        for i, art in enumerate(arts):
            step("cleaning", i, len(arts))
            try:
                prepared = api.prepare(art, self.config)
            except InputError as exc:
                empty.append(replace(art, meta={**art.meta, "excluded": exc.reason}))
                continue
            ok = bool(prepared.sentences) and bool(prepared.text.strip())
            (usable if ok else empty).append(prepared)
        story = api.analyze_prepared(usable, empty, self.config, progress_to(step)).story
        self.save_report(story_id, members, story)
        return {"story": story_id, "cached": False, "articles": len(arts)}

    def save_report(self, story_id: str, members: str, story: Any) -> None:
        from ..report.brief import main_root
        from ..report.common import article_label
        from ..report.html import to_html
        from ..report.markdown import to_markdown
        from .story_page import page_sections

        report = api.report_dict(story)
        root = main_root(story)
        root_art = story.article(root) if root else None
        values = {
            "story_id": story_id,
            "members": members,
            "built": db.now(),
            "independent": int(story.independent_sources),
            "root_title": root_art.title if root_art else None,
            "root_outlet": root_art.outlet if root_art else None,
            "outlets": json.dumps(sorted({article_label(story, a.id) for a in story.articles})),
            "report_json": json.dumps(report, ensure_ascii=False),
            "page_html": page_sections(story),
            "markdown": to_markdown(story),
            "html_file": to_html(story),
        }
        with self.engine.begin() as conn:
            conn.execute(delete(db.reports).where(db.reports.c.story_id == story_id))
            conn.execute(insert(db.reports).values(**values))
        with self._lock:
            self._reports.pop(story_id, None)
            self._recent.clear()
            self._summary_cache = (-1e9, {})


def read_uploaded(
    paths: Sequence[str], settings: Settings | None = None
) -> tuple[list[Article], list[dict[str, str]]]:
    """Articles of staged upload files (``skip`` policy): what was read, what was skipped."""
    from ..types import ReadReport

    report = ReadReport()
    try:
        arts = list(api.read_articles(list(paths), report, policy="skip", settings=settings))
    except StorytraceError as exc:
        raise Problem(422, "Unreadable input", str(exc)) from exc
    skipped = [
        {"source": s.source, "reason": s.reason, "detail": s.message} for s in report.skipped
    ]
    return arts, skipped


def read_fetched(
    pages: Sequence[tuple[str, str, bytes]], settings: Settings | None = None
) -> tuple[list[Article], list[dict[str, str]]]:
    """Articles of pages fetched into memory, ``(url, file name, body)`` (``skip`` policy):
    what was read, what was skipped; as :func:`read_uploaded` on the same files."""
    from ..types import ReadReport

    report = ReadReport()
    try:
        arts = list(api.read_blobs(pages, report, policy="skip", settings=settings))
    except StorytraceError as exc:
        raise Problem(422, "Unreadable input", str(exc)) from exc
    skipped = [
        {"source": s.source, "reason": s.reason, "detail": s.message} for s in report.skipped
    ]
    return arts, skipped
