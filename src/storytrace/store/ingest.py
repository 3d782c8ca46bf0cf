"""Ingest: articles in, stored articles and near-duplicate links out, one batch at a time.

Ingest uses a light normalisation path (:mod:`storytrace.store.light`), not the full
``clean.prepare`` (sentences and a language guess per sentence cost milliseconds per
article; a corpus needs well under one): the ``raw`` text is stored as read, with a title,
date, lead and language taken cheaply. Every batch commits in one transaction with its
fingerprints and duplicate links, so a killed run loses at most one batch and a re-run
skips what is stored.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

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
from .index import DedupIndex
from .light import Languages, Row, meta_json, prepare_rows

if TYPE_CHECKING:
    from .store import Store

Progress = Callable[[int, int], None]
"""Called after each batch with (articles read so far, articles added so far)."""

_MAX_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class IngestSettings:
    batch_size: int = 500
    lead_chars: int = 600
    title_max_words: int = 25
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


def _json_ints(values: Iterable[int]) -> str:
    return json.dumps(sorted(set(values)))


_SIGNATURE_STATE = "dedup_signature"


def dedup_index(store: Store, params: DedupParams) -> DedupIndex:
    """The store's in-memory lookup index, brought up to date with its fingerprints.

    Kept on the store between calls and caught up with rows other processes added. Refuses
    a store whose signatures were made with other MinHash settings: their estimates would
    be meaningless next to new ones.
    """
    from ..errors import StoreError

    made = {"num_perm": params.num_perm, "shingle": params.shingle, "seed": params.seed}
    saved = store.get_state(_SIGNATURE_STATE)
    if saved is None:
        store.set_state(_SIGNATURE_STATE, json.dumps(made).encode())
    elif json.loads(saved) != made:
        raise StoreError(
            f"{store.path}: its near-duplicate signatures were made with {json.loads(saved)}, "
            f"but the settings say {made}; restore those [store] dedup_ settings or ingest "
            "into a new store"
        )
    index = store.dedup_index
    if not isinstance(index, DedupIndex) or index.bands_setting != params.bands:
        index = DedupIndex(params.bands)
        store.dedup_index = index
    while True:
        rows = store.conn.execute(
            "SELECT seq, minhash, paragraphs FROM fingerprints WHERE seq > ? ORDER BY seq"
            " LIMIT 20000",
            (index.last_seq,),
        ).fetchall()
        if not rows:
            return index
        sigs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.uint32)
        sigs = sigs.reshape(len(rows), params.num_perm)
        keys = band_key_matrix(sigs, params.bands)
        paras = [np.frombuffer(r[2], dtype=np.int64) for r in rows]
        index.add([r[0] for r in rows], list(keys), paras)


def _stored_candidates(
    store: Store, index: DedupIndex, prints: Sequence[Fingerprint], max_bucket: int
) -> tuple[Candidates, dict[str, str | None]]:
    """Stored articles sharing a band key, a paragraph or the normalised text with the batch,
    and their languages.

    Buckets and paragraphs shared by very many articles (boilerplate, wire copies reposted
    hundreds of times) contribute their earliest ``max_bucket`` members only.
    """
    conn = store.conn
    keys = [k for fp in prints for k in fp.band_keys.tolist()]
    paras = [p for fp in prints for p in fp.paragraphs.tolist()]
    norms = json.dumps(sorted({fp.norm_hash for fp in prints}))
    found: list[dict[Any, list[int]]] = [
        index.bands.lookup(keys, max_bucket),
        index.paragraphs.lookup(paras, max_bucket),
    ]
    rows = conn.execute(
        "SELECT norm_hash, seq FROM (SELECT norm_hash, seq, row_number() OVER (PARTITION BY"
        " norm_hash ORDER BY seq) AS rn FROM articles WHERE norm_hash IN"
        " (SELECT value FROM json_each(?))) WHERE rn <= ?",
        (norms, max_bucket),
    )
    by_norm_seq: dict[Any, list[int]] = {}
    for value, seq in rows:
        by_norm_seq.setdefault(value, []).append(seq)
    found.append(by_norm_seq)
    seqs = {s for index_ in found for members in index_.values() for s in members}
    languages: dict[str, str | None] = {}
    if not seqs:
        return Candidates(), languages
    prints_by_id: dict[str, Fingerprint] = {}
    ids: dict[int, str] = {}
    rows = conn.execute(
        "SELECT a.seq, a.id, a.norm_hash, f.minhash, f.paragraphs, a.language FROM articles a"
        " JOIN fingerprints f ON f.seq = a.seq WHERE a.seq IN (SELECT value FROM json_each(?))",
        (_json_ints(seqs),),
    )
    empty = np.zeros(0, dtype=np.int64)
    for seq, aid, norm_hash, minhash, para, language in rows:
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


def _write_batch(
    store: Store, rows: Sequence[Row], prints: Sequence[Fingerprint], links: Sequence[Link]
) -> list[int]:
    """Articles, fingerprints and links of one batch, atomically; returns their seqs."""
    conn = store.conn
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        first = int(conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()[0]) + 1
        seqs = range(first, first + len(rows))
        conn.executemany(
            "INSERT INTO articles (seq, id, ident, hash, norm_hash, source, format, title, outlet,"
            " author, url, published, language, raw, lead, chars, meta, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    seq, r.article.id, r.ident, r.article.content_hash, fp.norm_hash,
                    r.article.source, r.article.format, r.title, r.article.outlet, r.article.author,
                    r.article.url, r.published, r.language, r.article.raw, r.lead,
                    len(r.article.raw), meta_json(r), now,
                )
                for seq, r, fp in zip(seqs, rows, prints, strict=True)
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO fingerprints (seq, minhash, paragraphs) VALUES (?, ?, ?)",
            [
                (seq, fp.minhash.tobytes(), fp.paragraphs.tobytes())
                for seq, fp in zip(seqs, prints, strict=True)
            ],
        )
        conn.executemany(
            "INSERT OR IGNORE INTO duplicates (article, duplicate_of, similarity, method)"
            " VALUES (?, ?, ?, ?)",
            [(k.article, k.duplicate_of, k.similarity, k.method) for k in links],
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
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
        store: an open, writable store.
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
    with clock("index"):
        index = dedup_index(store, params)
    try:
        batches = _batches(articles, settings.batch_size)
        while True:
            with clock("read"):
                batch = next(batches, None)
            if batch is None:
                break
            stats.read += len(batch)
            with clock("known"):
                fresh = _fresh(store, batch, stats)
            if fresh:
                with clock("fingerprint"):
                    prints = fingerprints([a.raw for a, _ in fresh], params)
                with clock("candidates"):
                    stored, stored_languages = _stored_candidates(
                        store, index, prints, settings.max_bucket
                    )
                with clock("link"):
                    pairs = [(a.id, fp) for (a, _), fp in zip(fresh, prints, strict=True)]
                    links = link_batch(pairs, stored, params)
                with clock("language"):
                    rows = prepare_rows(fresh, settings, languages, links, stored_languages)
                with clock("write"):
                    seqs = _write_batch(store, rows, prints, links)
                    # Filed only once committed: the index never runs ahead of the store.
                    index.add(
                        seqs, [fp.band_keys for fp in prints], [fp.paragraphs for fp in prints]
                    )
                stats.added += len(fresh)
                stats.duplicate_links += len(links)
                stats.linked_articles += len({k.article for k in links})
            stats.seconds = time.perf_counter() - started
            if progress:
                progress(stats.read, stats.added)
    except sqlite3.OperationalError as exc:
        raise StoreError(
            f"{store.path}: {exc}; another process may be writing to this store, retry"
        ) from exc
    finally:
        stats.seconds = time.perf_counter() - started
        if report is not None:
            stats.absorb(report)
    return stats


def identity(article: Article) -> str:
    """What makes two inputs "the same article": its text and where it was published.

    The content hash with the URL, else the outlet, else the id: the same input read twice
    adds nothing, while the same text from another outlet is stored (and linked as a copy).
    """
    where = article.url or (f"outlet:{article.outlet}" if article.outlet else f"id:{article.id}")
    h = article.content_hash or content_hash(article.raw)
    return hashlib.sha256(f"{h}\0{where}".encode()).hexdigest()


def _fresh(store: Store, batch: Sequence[Article], stats: IngestStats) -> list[tuple[Article, str]]:
    """The batch minus empty texts and articles already stored, with their identities."""
    keep: list[tuple[Article, str]] = []
    seen: set[str] = set()
    for a in batch:
        if not a.raw.strip():
            stats.skip("empty", f"{a.source or a.id}: no text to store")
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
    keep = [(a, ident) for a, ident in keep if ident not in known]
    taken = store.known_ids([a.id for a, _ in keep])
    out: list[tuple[Article, str]] = []
    for a, ident in keep:
        if a.id in taken:
            new_id = f"{a.id}~{a.content_hash[:8]}"
            meta = dict(a.meta)
            meta["id_note"] = (
                f"id '{a.id}' is taken in the store by other text; stored as '{new_id}'"
            )
            a = replace(a, id=new_id, meta=meta)
            stats.renamed += 1
        out.append((a, ident))
    return out
