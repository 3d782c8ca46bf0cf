"""Corpus workflows: read corpus inputs (files and feed URLs), ingest into a store,
cluster into stories, list stories. The CLI and any service call these through
:mod:`storytrace.api`; each reports progress through a :data:`ProgressFn`.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, StorytraceError
from ..progress import Progress, ProgressFn
from ..settings import Settings
from ..types import Article, ReadReport

_URL_PREFIXES = ("http://", "https://")
_COUNTED = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_UNKNOWN_SIZE = (".warc", ".warc.gz", ".rss", ".atom", ".xml")
CLUSTER_STATE_KEY = "cluster.stories/1"
CLUSTER_CHANGES_KEY = "cluster.changes/1"  # JSON list of story merges and splits


def corpus_articles(
    inputs: Sequence[str], report: ReadReport, settings: Settings | None = None
) -> Iterator[Article]:
    """Articles of files, folders, globs, ``-`` and feed URLs (``policy="skip"``)."""
    from ..ingest import read_inputs

    settings = settings if settings is not None else Settings.default()
    paths = [i for i in inputs if not i.lower().startswith(_URL_PREFIXES)]
    urls = [i for i in inputs if i.lower().startswith(_URL_PREFIXES)]
    if paths:
        yield from read_inputs(paths, report, policy="skip", settings=settings.read)
    if urls:
        from ..ingest.feeds import read_feed_url

        for url in urls:
            for item in read_feed_url(url):
                if isinstance(item, InputError):
                    report.skip(item.source, item.reason, item.detail)
                else:
                    report.articles += 1
                    yield item


def _count_lines(path: Path) -> int:
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
    except (OSError, EOFError, zlib.error):
        pass  # the reader reports the damage; the estimate just stays low
    return n


def estimate_total(inputs: Sequence[str]) -> int | None:
    """About how many articles the inputs hold (for an ETA), or None when unknowable."""
    import glob

    total = 0
    for given in inputs:
        if given == "-" or given.lower().startswith(_URL_PREFIXES):
            return None
        p = Path(given)
        files = (
            [f for f in p.rglob("*") if f.is_file()]
            if p.is_dir()
            else [Path(m) for m in glob.glob(given, recursive=True)]
        )
        for f in files:
            name = f.name.lower()
            if name.endswith(_UNKNOWN_SIZE):
                return None
            total += _count_lines(f) if name.endswith(_COUNTED) else 1
    return total or None


def ingest(
    inputs: Sequence[str],
    db: str | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
    stats: Any = None,
    report: ReadReport | None = None,
    engine: str = "local",
    address: str | None = None,
) -> Any:
    """Add the articles of ``inputs`` to the store at ``db``, linking near-duplicates.

    The store is created only once an article has been read: inputs that hold none
    leave no empty store behind. Returns the :class:`~storytrace.store.IngestStats`
    (``stats`` is updated in place when given, so a caller keeps it after Ctrl-C);
    ``report``, when given, receives the reader's skips and notes (renamed ids).
    ``engine="ray"`` runs on the Ray cluster at ``address`` (else a local one started
    for the run) and stores the same articles and links.
    """
    import time

    from ..cluster.dedup import DedupParams
    from ..distributed.workflow import check_engine
    from ..store import IngestSettings, IngestStats, Store, ingest_articles

    settings = settings if settings is not None else Settings.default()
    stats = stats if stats is not None else IngestStats()
    report = report if report is not None else ReadReport()
    if check_engine(engine, address):
        from ..distributed import workflow

        return workflow.ingest(inputs, db, settings, progress, stats, report, address)
    total = estimate_total(inputs) if progress else None
    started = time.perf_counter()
    articles = corpus_articles(inputs, report, settings)
    first = next(articles, None)
    if first is None:
        stats.absorb(report)
        return stats
    with Store(db) as store:
        ingest_articles(
            store,
            itertools.chain([first], articles),
            report=report,
            progress=None
            if progress is None
            else lambda read, _added: progress(Progress("ingest", read, total, "articles")),
            settings=IngestSettings.from_settings(settings.store),
            params=DedupParams.from_settings(settings.store),
            stats=stats,
        )
        stats.seconds = stats.seconds or time.perf_counter() - started
    return stats


@dataclass(frozen=True, slots=True)
class Clustering:
    """Story ids by article id, in input (or store) order."""

    assignments: tuple[tuple[str, str], ...]
    read: ReadReport

    @property
    def stories(self) -> int:
        return len({s for _, s in self.assignments})


def cluster_inputs(
    inputs: Sequence[str],
    db: str | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
    engine: str = "local",
    address: str | None = None,
) -> Clustering:
    """Read ``inputs``, store them (in ``db``, else a temporary store) and continue the
    store's story clustering with them. Raises :class:`NothingToClusterError` when no
    article could be read. ``engine="ray"`` clusters in partitions on a Ray cluster
    (``docs/distributed.md``); it starts from a store no local clustering has grown."""
    from ..distributed.workflow import check_engine

    if check_engine(engine, address):
        from ..distributed import workflow

        settings = settings if settings is not None else Settings.default()
        pairs, read, _ = workflow.cluster_inputs(inputs, db, settings, progress, address)
        if not pairs:
            raise NothingToClusterError(read)
        return Clustering(tuple(pairs), read)
    report = ReadReport()
    articles = list(corpus_articles(inputs, report, settings))
    if not articles:
        raise NothingToClusterError(report)
    pairs = cluster_articles(articles, db, settings, progress)
    return Clustering(tuple(pairs), report)


class NothingToClusterError(StorytraceError):
    """No article could be read to cluster; ``report`` says why."""

    def __init__(self, report: ReadReport) -> None:
        super().__init__("no article could be read from these inputs")
        self.report = report


def cluster_articles(
    articles: Sequence[Article],
    db: str | None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> list[tuple[str, str]]:
    """Store ``articles`` (in ``db``, else a temporary store), continue the store's cluster
    state with them, save the assignments; return ``(input id, story id)`` in order."""
    from ..store import Store

    settings = settings if settings is not None else Settings.default()
    with (
        tempfile.TemporaryDirectory(prefix="storytrace-") as tmp,
        Store(db or str(Path(tmp) / "cluster.sqlite")) as store,
    ):
        from ..cluster.dedup import DedupParams
        from ..store import IngestSettings, ingest_articles

        ingest_articles(
            store,
            iter(articles),
            settings=IngestSettings.from_settings(settings.store),
            params=DedupParams.from_settings(settings.store),
        )
        # An input id the store already holds for another text is stored as id~hash8:
        # cluster (and save) under the stored id, so no other article's story is touched.
        renamed = {a.id: f"{a.id}~{a.content_hash[:8]}" for a in articles}
        wanted = set(renamed) | set(renamed.values())
        stored: dict[str, tuple[str, str | None, str | None]] = {}
        for batch in store.iter_records():
            stored.update(
                (r.id, (r.hash, r.language, r.published)) for r in batch if r.id in wanted
            )
        ids = {
            a.id: a.id
            if stored.get(a.id, (a.content_hash,))[0] == a.content_hash
            or renamed[a.id] not in stored
            else renamed[a.id]
            for a in articles
        }
        # The store guessed a language for articles whose input named none, and read a
        # date line ("date 2026-03-11") where the input gave no date: small batches are
        # placed in published order (the demo's French translation after its original).
        rows = [
            (
                ids[a.id],
                a.title,
                a.raw,
                a.language or stored.get(ids[a.id], ("", None, None))[1],
                a.published or stored.get(ids[a.id], ("", None, None))[2],
            )
            for a in articles
        ]
        pairs = _continue_clustering(store, rows, settings, progress)
    return [(a.id, story) for a, (_, story) in zip(articles, pairs, strict=True)]


def cluster_store(
    db: str | None, settings: Settings | None = None, progress: ProgressFn | None = None
) -> Clustering:
    """Cluster the stored articles that are in no story yet; return every assignment of
    the store (in ingest order)."""
    from ..store import Store

    settings = settings if settings is not None else Settings.default()
    with Store(db) as store:
        if store.count() == 0:
            raise StorytraceError(
                f"{store.path}: the store holds no articles; add some with "
                f"'storytrace ingest FILES --db {store.path}'"
            )
        assigned = store.assignments()
        order: list[str] = []
        todo = []
        for batch in store.iter_records():
            for r in batch:
                order.append(r.id)
                if r.id not in assigned:
                    todo.append(r)
        texts = store.texts([r.id for r in todo]) if todo else {}
        rows = [(r.id, r.title, texts.get(r.id, r.lead), r.language, r.published) for r in todo]
        if rows:
            _continue_clustering(store, rows, settings, progress)
        assigned = store.assignments()
    return Clustering(tuple((i, assigned[i]) for i in order if i in assigned), ReadReport())


def _continue_clustering(
    store: Any, rows: list[tuple[Any, ...]], settings: Settings, progress: ProgressFn | None
) -> list[tuple[str, str]]:
    """Cluster ``rows`` (id, title, text, language, published) after the store's saved
    state: incremental assignment, then refinement of the batch (splits and merges, story
    ids kept stable: docs/clustering.md). Save the assignments, the story summaries, the
    new state and the merges and splits made."""
    from ..align.embed import use_settings
    from ..cluster.features import Record

    use_settings(settings.align)  # the run's engine, cache and workers (--config)
    from ..cluster.refine import cluster_stories
    from ..cluster.stories import ClusterState

    blob = store.get_state(CLUSTER_STATE_KEY)
    where = f"{store.path} (cluster state)"
    state = ClusterState.from_bytes(blob, where) if blob is not None else None
    records = [Record(*row) for row in rows]
    done = [0]

    def advance(n: int) -> None:
        done[0] += n
        if progress:
            progress(Progress("cluster", done[0], len(records), "articles"))

    pairs, changes, state = cluster_stories(
        records, settings.cluster, state=state, progress=advance if progress else None
    )
    stored = store.known_ids([r[0] for r in rows])
    store.save_assignments({k: v for k, v in pairs if k in stored})
    store.refresh_stories({story for _, story in pairs})
    with store.write() as conn:
        store.set_state(CLUSTER_STATE_KEY, state.to_bytes(), conn=conn)
        if changes:
            # Merges and splits, appended run after run, so a user can follow a story.
            old = store.get_state(CLUSTER_CHANGES_KEY, conn=conn)
            log = json.loads(old) if old else []
            log.extend(dataclasses.asdict(c) for c in changes)
            store.set_state(CLUSTER_CHANGES_KEY, json.dumps(log).encode("utf-8"), conn=conn)
    return list(pairs)


@dataclass(frozen=True, slots=True)
class StoryList:
    """The stories of a store, largest first, and how many articles are in none."""

    path: str
    stories: tuple[Any, ...]
    articles: int
    unassigned: int


def list_stories(db: str | None) -> StoryList:
    """The stories of the store at ``db`` (read-only)."""
    from ..store import Store

    with Store(db, readonly=True) as store:
        stories = tuple(store.stories())
        articles = store.count()
        assigned = len(store.assignments())
        path = str(store.path)
    return StoryList(path, stories, articles, max(0, articles - assigned))
