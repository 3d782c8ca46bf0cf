"""Step 6 of ``ingest --engine ray``: the store's own batch writer, under its write lock.

The plan (ids, skips, links) was made against a snapshot of the store: every article stored
up to ``snapshot`` (a ``seq``). Other writers (another ingest, the service's feeds) may
commit between that snapshot and each of this run's batches, so each batch, inside the
transaction that holds the store's write lock, first catches up the way the local engine's
batch step does (:func:`storytrace.store.ingest._still_fresh`):

* an article whose identity another writer stored meanwhile is dropped (counted as already
  present), and later links to it point to the stored article instead;
* an id another writer took for other text is renamed ``id~hash8`` (counted, noted);
* the batch is linked (``link_batch``) against the articles others committed since the
  snapshot, so no repeat of theirs goes unlinked.

Without other writers each batch costs two indexed look-ups and one ``max(seq)``.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..cluster.dedup import Candidates, DedupParams, Fingerprint, Link, band_key_matrix, link_batch

if TYPE_CHECKING:
    from ..store import IngestSettings, IngestStats, Store
    from ..store.light import Row
    from .ray_engine import Plan, Prepared


@dataclass(slots=True)
class _Others:
    """Articles other writers committed since the snapshot, as link candidates."""

    last_seq: int
    prints: dict[str, Fingerprint] = field(default_factory=dict)
    by_key: dict[int, list[str]] = field(default_factory=dict)
    by_para: dict[int, list[str]] = field(default_factory=dict)
    by_norm: dict[str, list[str]] = field(default_factory=dict)

    def catch_up(self, conn: Connection, params: DedupParams) -> None:
        from ..store import schema as t

        a, f = t.articles.c, t.fingerprints.c
        rows = conn.execute(
            sa.select(a.seq, a.id, a.norm_hash, f.minhash, f.paragraphs)
            .select_from(t.articles.join(t.fingerprints, f.seq == a.seq))
            .where(a.seq > self.last_seq)
            .order_by(a.seq)
        ).all()
        if not rows:
            return
        sigs = np.frombuffer(b"".join(r[3] for r in rows), np.uint32).reshape(len(rows), -1)
        keys = band_key_matrix(sigs, params.bands)
        for (seq, aid, norm, _, paras), sig, k in zip(rows, sigs, keys, strict=True):
            fp = Fingerprint(norm, sig, np.zeros(0, np.int64), np.frombuffer(paras, np.int64), 1)
            self.prints[aid] = fp
            for key in k.tolist():
                self.by_key.setdefault(key, []).append(aid)
            for para in fp.paragraphs.tolist():
                self.by_para.setdefault(para, []).append(aid)
            self.by_norm.setdefault(norm, []).append(aid)
            self.last_seq = max(self.last_seq, int(seq))

    def candidates(self) -> Candidates:
        return Candidates(self.prints, self.by_key, self.by_para, self.by_norm)


@dataclass(slots=True)
class _Batch:
    rows: list[Row] = field(default_factory=list)
    prints: list[Fingerprint] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    orders: list[int] = field(default_factory=list)


def write_plan(
    store: Store,
    prepared: Any,
    plan: Plan,
    links: dict[int, list[Link]],
    languages: dict[str, str | None],
    settings: IngestSettings,
    params: DedupParams,
    stats: IngestStats,
) -> None:
    """Kept articles in read order, ``batch_size`` per transaction under the write lock."""
    from .ray_engine import only

    others = _Others(plan.snapshot)
    moved: dict[str, str] = {}  # id in the plan -> id it is stored (or found) under
    batch = _Batch()
    # The session preserves order: rows come back in read order without a sort.
    for r in only(prepared, set(plan.ids)).iter_rows():
        order = int(r["order"])
        prep: Prepared = pickle.loads(r["data"])
        article = prep.article
        if plan.ids[order] != article.id:
            meta = dict(article.meta)
            for note in plan.notes.get(order, ()):
                meta["id_note"] = note
            article = replace(article, id=plan.ids[order], meta=meta)
        language = languages[article.id]
        batch.rows.append(
            replace(prep.row, article=article, ident=plan.idents[order], language=language)
        )
        batch.prints.append(prep.fingerprint)
        batch.links.extend(links.get(order, ()))
        batch.orders.append(order)
        if len(batch.rows) >= settings.batch_size:
            _flush(store, batch, plan, others, moved, params, stats)
            batch = _Batch()
    if batch.rows:
        _flush(store, batch, plan, others, moved, params, stats)


def _flush(
    store: Store,
    batch: _Batch,
    plan: Plan,
    others: _Others,
    moved: dict[str, str],
    params: DedupParams,
    stats: IngestStats,
) -> None:
    from ..store.ingest import _write_batch

    with store.write() as conn:
        others.catch_up(conn, params)
        kept = _catch_up(store, conn, batch, plan, moved, stats)
        if not kept.rows:
            return
        if others.prints:
            pairs = [(r.article.id, fp) for r, fp in zip(kept.rows, kept.prints, strict=True)]
            extra = link_batch(pairs, others.candidates(), params)
            kept.links.extend(k for k in extra if k.duplicate_of in others.prints)
        seqs = _write_batch(conn, kept.rows, kept.prints, kept.links)
    others.last_seq = max(others.last_seq, *seqs)  # our own rows are no candidates
    stats.added += len(kept.rows)
    stats.duplicate_links += len(kept.links)
    stats.linked_articles += len({k.article for k in kept.links})


def _catch_up(
    store: Store,
    conn: Connection,
    batch: _Batch,
    plan: Plan,
    moved: dict[str, str],
    stats: IngestStats,
) -> _Batch:
    """Under the lock: drop what others stored since the plan, rename ids they took."""
    from ..store import schema as t

    idents = [r.ident for r in batch.rows]
    known = store.known_idents(idents, conn)
    found: dict[str, str] = {}
    if known:
        a = t.articles.c
        query = sa.select(a.ident, a.id).where(a.ident.in_(sorted(known)))
        found = {ident: aid for ident, aid in conn.execute(query)}
    taken = store.known_ids([r.article.id for r in batch.rows if r.ident not in known], conn)
    out = _Batch()
    dropped: set[str] = set()
    for row, fp, order in zip(batch.rows, batch.prints, batch.orders, strict=True):
        old = row.article.id
        if row.ident in known:
            stats.already_present += 1
            moved[old] = found[row.ident]
            dropped.add(old)
            plan.ids.pop(order, None)
            continue
        if old in taken:
            new_id = f"{old}~{row.article.content_hash[:8]}"
            meta = dict(row.article.meta)
            meta["id_note"] = (
                f"id '{old}' is taken in the store by other text; stored as '{new_id}'"
            )
            row = replace(row, article=replace(row.article, id=new_id, meta=meta))
            moved[old] = plan.ids[order] = plan.all_ids[order] = new_id
            stats.renamed += 1
        out.rows.append(row)
        out.prints.append(fp)
        out.orders.append(order)
    out.links = _moved_links(batch.links, moved, dropped)
    return out


def _moved_links(links: Sequence[Link], moved: dict[str, str], dropped: set[str]) -> list[Link]:
    """Links with moved ids followed; links from a dropped article go (it is not stored)."""
    out: list[Link] = []
    for k in links:
        if k.article in dropped:
            continue
        article = moved.get(k.article, k.article)
        target = moved.get(k.duplicate_of, k.duplicate_of)
        if article != target:
            out.append(replace(k, article=article, duplicate_of=target))
    return out
