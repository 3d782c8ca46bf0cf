"""Ingest: articles in, stored articles and near-duplicate links out, one batch at a time.

Ingest uses a light normalisation path (:mod:`storytrace.store.light`), not the full
``clean.prepare`` (sentences and a language guess per sentence cost milliseconds per
article; a corpus needs well under one): the ``raw`` text is stored as read, with a title,
date, lead and language taken cheaply. Every batch commits in one transaction with its
fingerprints and duplicate links, so a killed run loses at most one batch and a re-run
skips what is stored.

Many writers: a batch is fingerprinted outside any lock, then takes the store's write lock
(:meth:`Store.write`) and, inside that one transaction, drops what other writers stored
meanwhile, catches the in-memory index up with every fingerprint committed so far, links,
and writes. Batches of concurrent runs thus take turns and each links against everything
stored before it, as one sequential run would.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..cluster.dedup import (
    Candidates,
    DedupParams,
    Fingerprint,
    Link,
    band_key_matrix,
    fingerprints,
    link_batch,
)
from ..ingest.decode import content_hash
from ..settings import Settings, StoreSettings
from ..types import Article, ReadReport
from . import schema as t
from .index import DedupIndex
from .light import Languages, Row, meta_json, prepare_rows

if TYPE_CHECKING:
    from .store import Store

Progress = Callable[[int, int], None]
"""Called after each batch with (articles read so far, articles added so far)."""

_MAX_EXAMPLES = 3
_IN_CHUNK = 2000  # values bound per IN (...) query


@dataclass(frozen=True, slots=True)
class IngestSettings:
    batch_size: int = 500
    lead_chars: int = 600
    title_max_words: int = 25
    kicker_max_words: int = 3
    detect_language: bool = True
    language_chars: int = 120
    max_bucket: int = 50
    languages: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, table: StoreSettings | None = None) -> IngestSettings:
        """From the ``[store]`` table (the packaged defaults when omitted)."""
        cfg = (table if table is not None else Settings.default().store).as_dict()
        keys = cls.__dataclass_fields__
        values = {k: v for k, v in cfg.items() if k in keys}
        if "languages" in values:
            values["languages"] = tuple(values["languages"])
        return cls(**values)


@dataclass(slots=True)
class IngestStats:
    """What one ingest did, for the summary line and ``--json`` callers."""

    read: int = 0
    added: int = 0
    already_present: int = 0
    duplicate_links: int = 0
    linked_articles: int = 0
    renamed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def skip(self, reason: str, example: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < _MAX_EXAMPLES:
            shown.append(example)

    def absorb(self, report: ReadReport) -> None:
        """Count the reader's skips (inputs and records that were not articles)."""
        for s in report.skipped:
            self.skip(s.reason, f"{s.source}: {s.message}")

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        parts = [
            f"read {self.read:,}",
            f"added {self.added:,}",
            f"{self.already_present:,} already present",
            f"{self.duplicate_links:,} near-duplicate links ({self.linked_articles:,} articles)",
        ]
        total_skipped = sum(self.skipped.values())
        if total_skipped:
            detail = ", ".join(f"{n:,} {r}" for r, n in sorted(self.skipped.items()))
            parts.append(f"skipped {total_skipped:,} ({detail})")
        if self.renamed:
            parts.append(f"{self.renamed:,} ids renamed")
        return "; ".join(parts) + f" in {self.seconds:.1f}s ({rate:,.0f} articles/s)"


class _Clock:
    """Adds the wall time of each ``with clock(stage):`` block to ``timings[stage]``."""

    def __init__(self, timings: dict[str, float]) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - t0
            self.timings[stage] = round(self.timings.get(stage, 0.0) + elapsed, 4)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_SIGNATURE_STATE = "dedup_signature"


def _signature(params: DedupParams) -> dict[str, int]:
    return {"num_perm": params.num_perm, "shingle": params.shingle, "seed": params.seed}


def check_signature(store: Store, conn: Connection, params: DedupParams) -> None:
    """Record the MinHash settings of a new store; refuse others on a store that has some:
    estimates from other settings would be meaningless next to the stored ones."""
    from ..errors import StoreError

    made = _signature(params)
    saved = store.get_state(_SIGNATURE_STATE, conn)
    if saved is None:
        store.set_state(_SIGNATURE_STATE, json.dumps(made).encode(), conn)
    elif json.loads(saved) != made:
        raise StoreError(
            f"{store.path}: its near-duplicate signatures were made with {json.loads(saved)}, "
            f"but the settings say {made}; restore those [store] dedup_ settings or ingest "
            "into a new store"
        )


def dedup_index(store: Store, conn: Connection, params: DedupParams) -> DedupIndex:
    """The store's in-memory lookup index, caught up with every committed fingerprint.

    Kept on the store between batches and caught up, inside the writer's transaction, with
    the rows other writers added since; another banding setting rebuilds it.
    """
    index = store.dedup_index
    if not isinstance(index, DedupIndex) or index.bands_setting != params.bands:
        index = DedupIndex(params.bands)
        store.dedup_index = index
    f = t.fingerprints.c
    while True:
        rows = conn.execute(
            sa.select(f.seq, f.minhash, f.paragraphs)
            .where(f.seq > index.last_seq)
            .order_by(f.seq)
            .limit(20000)
        ).all()
        if not rows:
            return index
        sigs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32)
        sigs = sigs.reshape(len(rows), params.num_perm)
        keys = band_key_matrix(sigs, params.bands)
        paras = [np.frombuffer(r[2], dtype=np.int64) for r in rows]
        index.add([r[0] for r in rows], list(keys), paras)


def _stored_candidates(
    conn: Connection, index: DedupIndex, prints: Sequence[Fingerprint], max_bucket: int
) -> tuple[Candidates, dict[str, str | None]]:
    """Stored articles sharing a band key, a paragraph or the normalised text with the batch,
    and their languages.

    Buckets and paragraphs shared by very many articles (boilerplate, wire copies reposted
    hundreds of times) contribute their earliest ``max_bucket`` members only.
    """
    a, f = t.articles.c, t.fingerprints.c
    keys = [k for fp in prints for k in fp.band_keys.tolist()]
    paras = [p for fp in prints for p in fp.paragraphs.tolist()]
    found: list[dict[Any, list[int]]] = [
        index.bands.lookup(keys, max_bucket),
        index.paragraphs.lookup(paras, max_bucket),
    ]
    by_norm_seq: dict[Any, list[int]] = {}
    norms = sorted({fp.norm_hash for fp in prints})
    for i in range(0, len(norms), _IN_CHUNK):
        ranked = (
            sa.select(
                a.norm_hash,
                a.seq,
                sa.func.row_number().over(partition_by=a.norm_hash, order_by=a.seq).label("rn"),
            )
            .where(a.norm_hash.in_(norms[i : i + _IN_CHUNK]))
            .subquery()
        )
        rows = conn.execute(
            sa.select(ranked.c.norm_hash, ranked.c.seq)
            .where(ranked.c.rn <= max_bucket)
            .order_by(ranked.c.seq)
        )
        for value, seq in rows:
            by_norm_seq.setdefault(value, []).append(seq)
    found.append(by_norm_seq)
    seqs = sorted({s for index_ in found for members in index_.values() for s in members})
    languages: dict[str, str | None] = {}
    if not seqs:
        return Candidates(), languages
    prints_by_id: dict[str, Fingerprint] = {}
    ids: dict[int, str] = {}
    empty = np.zeros(0, dtype=np.int64)
    for i in range(0, len(seqs), _IN_CHUNK):
        stored = conn.execute(
            sa.select(a.seq, a.id, a.norm_hash, f.minhash, f.paragraphs, a.language)
            .select_from(t.articles.join(t.fingerprints, f.seq == a.seq))
            .where(a.seq.in_(seqs[i : i + _IN_CHUNK]))
        )
        for seq, aid, norm_hash, minhash, para, language in stored:
            ids[seq] = aid
            languages[aid] = language
            prints_by_id[aid] = Fingerprint(
                norm_hash=norm_hash,
                minhash=np.frombuffer(minhash, dtype=np.uint32),
                band_keys=empty,
                paragraphs=np.frombuffer(para, dtype=np.int64),
                shingles=1,
            )

    def named(index_: dict[Any, list[int]]) -> dict[Any, list[str]]:
        return {k: [ids[s] for s in v] for k, v in index_.items()}

    candidates = Candidates(prints_by_id, named(found[0]), named(found[1]), named(found[2]))
    return candidates, languages


def _insert_many(conn: Connection, table: sa.Table, rows: list[tuple[Any, ...]]) -> None:
    """INSERT rows (tuples in the table's column order) with one driver executemany."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    names = ", ".join(c.name for c in table.columns)
    marks = ", ".join([mark] * len(table.columns))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)


def _write_batch(
    conn: Connection, rows: Sequence[Row], prints: Sequence[Fingerprint], links: Sequence[Link]
) -> list[int]:
    """Articles, fingerprints and links of one batch, in the caller's (locked) transaction;
    returns their seqs."""
    from .store import upsert

    now = datetime.now(UTC).isoformat(timespec="seconds")
    top = conn.execute(sa.select(sa.func.max(t.articles.c.seq))).scalar()
    first = int(top or 0) + 1
    seqs = range(first, first + len(rows))
    # The two large inserts go to the driver's executemany as plain tuples: SQLAlchemy's
    # per-row parameter processing cost more than SQLite's own insert work.
    _insert_many(
        conn,
        t.articles,
        [
            (
                seq, r.article.id, r.ident, r.article.content_hash, fp.norm_hash,
                r.article.source, r.article.format, r.title, r.outlet, r.author,
                r.article.url, r.published, r.language, r.article.raw, r.lead,
                len(r.article.raw), meta_json(r), now,
            )
            for seq, r, fp in zip(seqs, rows, prints, strict=True)
        ],
    )  # fmt: skip
    _insert_many(
        conn,
        t.fingerprints,
        [
            (seq, fp.minhash.tobytes(), fp.paragraphs.tobytes())
            for seq, fp in zip(seqs, prints, strict=True)
        ],
    )
    link_rows = [
        {"article": k.article, "duplicate_of": k.duplicate_of, "similarity": k.similarity,
         "method": k.method}
        for k in links
    ]  # fmt: skip
    upsert(conn, t.duplicates, link_rows, replace=False)
    return list(seqs)


def ingest_articles(
    store: Store,
    articles: Iterable[Article],
    report: ReadReport | None = None,
    progress: Progress | None = None,
    settings: IngestSettings | None = None,
    params: DedupParams | None = None,
    stats: IngestStats | None = None,
) -> IngestStats:
    """Add articles to ``store`` in batches; see the module docstring.

    Args:
        store: an open, writable store (other processes may be writing it too).
        articles: e.g. ``read_inputs(..., policy="skip")``; read lazily, batch by batch.
        report: the reader's report; its skips are added to the stats at the end.
        progress: called after every committed batch.
        stats: counts to update in place (so a caller still has them after Ctrl-C).

    Returns:
        The counts: read, added, already present, duplicate links, skipped by reason.
    """
    from ..errors import StoreError

    settings = settings or IngestSettings.from_settings()
    params = params or DedupParams.from_settings()
    stats = stats if stats is not None else IngestStats()
    languages = Languages(settings.languages)
    started = time.perf_counter()
    clock = _Clock(stats.timings)
    try:
        with clock("index"):
            with store.read() as conn:  # the bulk of the index, without holding the lock
                saved = store.get_state(_SIGNATURE_STATE, conn)
                dedup_index(store, conn, params)
            if saved is None or json.loads(saved) != _signature(params):
                with store.write() as conn:
                    check_signature(store, conn, params)
        batches = _batches(articles, settings.batch_size)
        while True:
            with clock("read"):
                batch = next(batches, None)
            if batch is None:
                break
            stats.read += len(batch)
            with clock("known"):
                fresh = _unseen(store, batch, stats)
            if fresh:
                with clock("fingerprint"):
                    prints = fingerprints([a.raw for a, _ in fresh], params)
                _add_batch(store, fresh, prints, stats, clock, settings, params, languages)
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats.read, stats.added)
    except sa.exc.OperationalError as exc:
        raise StoreError(
            f"{store.path}: {exc.orig}; another process may hold the store too long, retry"
        ) from exc
    finally:
        stats.seconds = time.perf_counter() - started
        if report is not None:
            stats.absorb(report)
    return stats


def _add_batch(
    store: Store,
    fresh: list[tuple[Article, str]],
    prints: list[Fingerprint],
    stats: IngestStats,
    clock: _Clock,
    settings: IngestSettings,
    params: DedupParams,
    languages: Languages,
) -> None:
    """Link and write one fingerprinted batch under the store's write lock."""
    asked = time.perf_counter()
    with store.write() as conn:
        stats.timings["lock_wait"] = round(
            stats.timings.get("lock_wait", 0.0) + time.perf_counter() - asked, 4
        )
        with clock("known"):
            fresh, prints = _still_fresh(store, conn, fresh, prints, stats)
        if not fresh:
            return
        with clock("index"):
            index = dedup_index(store, conn, params)
        with clock("candidates"):
            stored, stored_languages = _stored_candidates(conn, index, prints, settings.max_bucket)
        with clock("link"):
            pairs = [(a.id, fp) for (a, _), fp in zip(fresh, prints, strict=True)]
            links = link_batch(pairs, stored, params)
        with clock("language"):
            rows = prepare_rows(fresh, settings, languages, links, stored_languages)
        with clock("write"):
            seqs = _write_batch(conn, rows, prints, links)
    # Filed only once committed: the index never runs ahead of the store.
    index.add(seqs, [fp.band_keys for fp in prints], [fp.paragraphs for fp in prints])
    stats.added += len(fresh)
    stats.duplicate_links += len(links)
    stats.linked_articles += len({k.article for k in links})


def identity(article: Article) -> str:
    """What makes two inputs "the same article": its text and where it was published.

    The content hash with the URL, else the outlet, else the id: the same input read twice
    adds nothing, while the same text from another outlet is stored (and linked as a copy).
    """
    where = article.url or (f"outlet:{article.outlet}" if article.outlet else f"id:{article.id}")
    h = article.content_hash or content_hash(article.raw)
    return hashlib.sha256(f"{h}\0{where}".encode()).hexdigest()


def _unseen(
    store: Store, batch: Sequence[Article], stats: IngestStats
) -> list[tuple[Article, str]]:
    """The batch minus empty texts, repeats within it and articles already stored, with
    their identities (read without the lock: :func:`_still_fresh` checks again under it)."""
    keep: list[tuple[Article, str]] = []
    seen: set[str] = set()
    for a in batch:
        if not a.raw.strip():
            stats.skip("empty", f"{a.source or a.id}: no text to store")
            continue
        if "\x00" in a.raw:  # PostgreSQL text cannot hold it; the same rule on SQLite
            stats.skip("nul-character", f"{a.source or a.id}: text contains NUL; remove it")
            continue
        if not a.content_hash:
            a = replace(a, content_hash=content_hash(a.raw))
        ident = identity(a)
        if ident in seen:
            stats.already_present += 1
            continue
        seen.add(ident)
        keep.append((a, ident))
    known = store.known_idents([ident for _, ident in keep])
    stats.already_present += sum(1 for _, ident in keep if ident in known)
    return [(a, ident) for a, ident in keep if ident not in known]


def _still_fresh(
    store: Store,
    conn: Connection,
    fresh: list[tuple[Article, str]],
    prints: list[Fingerprint],
    stats: IngestStats,
) -> tuple[list[tuple[Article, str]], list[Fingerprint]]:
    """Under the write lock: drop what another writer stored since :func:`_unseen`, and
    rename articles whose id is taken by other text."""
    known = store.known_idents([ident for _, ident in fresh], conn)
    if known:
        stats.already_present += sum(1 for _, ident in fresh if ident in known)
        kept = [i for i, (_, ident) in enumerate(fresh) if ident not in known]
        fresh, prints = [fresh[i] for i in kept], [prints[i] for i in kept]
    taken = store.known_ids([a.id for a, _ in fresh], conn)
    out: list[tuple[Article, str]] = []
    for a, ident in fresh:
        if a.id in taken:  # stored, or earlier in this batch, with other text
            new_id = f"{a.id}~{a.content_hash[:8]}"
            meta = dict(a.meta)
            meta["id_note"] = (
                f"id '{a.id}' is taken in the store by other text; stored as '{new_id}'"
            )
            a = replace(a, id=new_id, meta=meta)
            stats.renamed += 1
        taken.add(a.id)
        out.append((a, ident))
    return out, prints
