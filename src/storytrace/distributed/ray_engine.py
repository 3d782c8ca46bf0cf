"""``storytrace ingest --engine ray``: reading, light normalisation and near-duplicate search
on a Ray cluster, writing the same store as the local engine.

The pipeline (Ray Data; every step calls the local engine's pure functions):

1. **read** (one task per input shard: file, JSONL/Parquet/WARC part): the shard's articles,
   each with its identity, light metadata (:func:`~storytrace.store.light.prepare_rows`)
   and fingerprint (:func:`~storytrace.cluster.dedup.fingerprints`), keyed by its global
   read order (shard, position);
2. **plan** (driver, a few small columns): ids made unique across the run, empty texts and
   articles already present dropped, ids taken in the store renamed, and each article's
   local batch number, exactly as the local engine decides them;
3. **buckets** (grouped across workers by key): LSH band keys, paragraph hashes and
   normalised-text hashes -> candidate pairs (:func:`.plan.bucket_pairs`);
4. **links** (grouped by article): :func:`.plan.link_one`, i.e. ``link_batch``;
5. **languages**: lingua guesses in parallel for articles that repeat nothing, the rest
   follow their links (:func:`.plan.resolve_languages`);
6. **write** (driver, in read order, :mod:`.ray_write`): the store's own batch writer, one
   transaction per batch under the store's write lock, caught up with other writers.

Duplicate groups are the connected components of the links. A run can add to a store that
already holds articles: their fingerprints join the buckets as earlier members.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from ..cluster.dedup import DedupParams, Fingerprint, Link, band_key_matrix, fingerprints
from ..errors import InputError
from ..types import Article, ReadReport
from .plan import (
    Member,
    bucket_keys,
    bucket_pairs,
    components,
    link_one,
)
from .ray_languages import languages as find_languages

if TYPE_CHECKING:
    from ..settings import ReadSettings
    from ..store import IngestSettings, IngestStats, Store
    from ..store.light import Row

_SHIFT = 32  # order = shard << 32 | position in the shard
_STORED = -(1 << 62)  # orders of articles stored before this run: before every new one


# -- step 1: read, normalise, fingerprint (one task per shard) ----------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article as read, with what ingest derives from it alone."""

    article: Article
    row: Row
    fingerprint: Fingerprint


def _read_shard(
    item: dict[str, Any], settings: IngestSettings, params: DedupParams
) -> list[dict[str, Any]]:
    """Every article of one shard (and every record skipped), one row each."""
    from ..ingest.decode import content_hash
    from ..ingest.inputs import read_shard

    entry = pickle.loads(item["entry"])
    base = int(item["shard"]) << _SHIFT
    found: list[Article | InputError] = []
    try:
        found.extend(read_shard(entry))
    except InputError as exc:
        found.append(exc)
    out: list[dict[str, Any]] = []
    articles: list[tuple[int, Article]] = []
    for pos, got in enumerate(found):
        if isinstance(got, InputError):
            out.append(_row(base + pos, skip=got.reason, data=(got.source, got.detail)))
            continue
        a = got if got.content_hash else replace(got, content_hash=content_hash(got.raw))
        articles.append((base + pos, a))
    for start in range(0, len(articles), settings.batch_size):
        out.extend(_prepare(articles[start : start + settings.batch_size], settings, params))
    return out


def _prepare(
    chunk: Sequence[tuple[int, Article]], settings: IngestSettings, params: DedupParams
) -> list[dict[str, Any]]:
    from ..store.light import Languages, prepare_rows

    # Identities are settled by the driver, once ids are unique across the run.
    idents = ["" for _ in chunk]
    prints = fingerprints([a.raw for _, a in chunk], params)
    # Title, date and lead only: languages wait for the links (step 5).
    light = replace(settings, detect_language=False)
    rows = prepare_rows(
        [(a, i) for (_, a), i in zip(chunk, idents, strict=True)], light, Languages(())
    )
    out = []
    for (order, a), row, fp in zip(chunk, rows, prints, strict=True):
        out.append(
            _row(
                order,
                id=a.id,
                empty=not a.raw.strip(),
                source=a.source,
                hash=a.content_hash,
                url=a.url or "",
                outlet=a.outlet or "",
                language=a.language or "",
                data=Prepared(a, row, fp),
            )
        )
    return out


def _row(order: int, data: Any, **cols: Any) -> dict[str, Any]:
    base = {"order": order, "skip": "", "id": "", "empty": False, "source": "", "hash": ""}
    base.update({"url": "", "outlet": "", "language": "", **cols, "data": pickle.dumps(data)})
    return base


# -- step 2: the plan (driver) ------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """What the driver decided for each kept article (by read order)."""

    ids: dict[int, str] = field(default_factory=dict)
    batches: dict[int, int] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)
    idents: dict[int, str] = field(default_factory=dict)
    given: dict[int, str | None] = field(default_factory=dict)  # the input's language
    all_ids: dict[int, str] = field(default_factory=dict)  # every article read, by order
    snapshot: int = 0  # the store's last seq when planned: later ones are other writers'


def make_plan(
    rows: Sequence[dict[str, Any]],
    store: Store,
    settings: IngestSettings,
    stats: IngestStats,
    report: ReadReport | None = None,
) -> Plan:
    """Run-unique ids, skips, identities already stored, store renames and batch numbers."""
    from ..ingest.inputs import unique_id
    from ..store.ingest import identity

    plan = Plan(snapshot=_last_seq(store))
    seen_ids: dict[str, int] = {}
    seen_idents: dict[str, int] = {}
    hash8: dict[int, str] = {}
    read = 0
    for r in sorted(rows, key=lambda r: r["order"]):
        order = int(r["order"])
        if r["skip"]:
            source, message = pickle.loads(r["data"])
            stats.skip(r["skip"], f"{source}: {message}")
            continue
        uid, note = unique_id(r["id"], seen_ids)
        plan.all_ids[order] = uid
        batch, read = read // settings.batch_size, read + 1
        stats.read += 1
        if r["empty"]:
            stats.skip("empty", f"{r['source'] or uid}: no text to store")
            continue
        # identity() on the run-unique id, as the local engine sees it.
        url, outlet = r["url"] or None, r["outlet"] or None
        ident = identity(Article(uid, "", url=url, outlet=outlet, content_hash=r["hash"]))
        if ident in seen_idents:
            stats.already_present += 1
            continue
        seen_idents[ident] = order
        plan.ids[order], plan.batches[order], hash8[order] = uid, batch, r["hash"][:8]
        plan.idents[order] = ident
        plan.given[order] = r["language"] or None
        if note:
            plan.notes[order] = [note]
            if report is not None:
                report.note(r["source"], "renamed-id", note)
    known = store.known_idents(list(seen_idents))
    for ident in known:
        order = seen_idents[ident]
        stats.already_present += 1
        for table in (plan.ids, plan.batches, plan.notes, plan.idents, plan.given):
            table.pop(order, None)
    taken = store.known_ids(list(plan.ids.values()))
    for order, uid in list(plan.ids.items()):
        if uid in taken:
            new_id = f"{uid}~{hash8[order]}"
            plan.ids[order] = plan.all_ids[order] = new_id
            note = f"id '{uid}' is taken in the store by other text; stored as '{new_id}'"
            plan.notes.setdefault(order, []).append(note)
            stats.renamed += 1
    return plan


def _last_seq(store: Store) -> int:
    from ..store import schema as t

    with store.read() as conn:
        return int(conn.execute(sa.select(sa.func.max(t.articles.c.seq))).scalar() or 0)


# -- steps 3 and 4: buckets across workers, then links per article ------------------------


def _file_buckets(batch: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """Bucket rows (``kind:key`` -> a pickled :class:`.plan.Member`) of kept articles."""
    buckets: list[str] = []
    members: list[bytes] = []
    for order, data in zip(batch["order"].tolist(), batch["data"], strict=True):
        if order not in plan.ids:
            continue
        prep: Prepared = pickle.loads(data)
        member = pickle.dumps(Member(order, plan.batches[order], plan.ids[order], prep.fingerprint))
        for kind, key in bucket_keys(prep.fingerprint):
            buckets.append(f"{kind}:{key}")
            members.append(member)
    return {"bucket": np.array(buckets, dtype=object), "member": np.array(members, dtype=object)}


def _pairs(group: dict[str, Any], max_bucket: int) -> dict[str, Any]:
    """The candidate pairs of one bucket, keyed by the later article's order."""
    members = [pickle.loads(m) for m in group["member"]]
    if len(members) < 2:
        return {"later": np.zeros(0, np.int64), "pair": np.array([], dtype=object)}
    kind, _, raw = str(group["bucket"][0]).partition(":")
    key: int | str = raw if kind == "n" else int(raw)
    pairs = bucket_pairs(kind, key, members, max_bucket)
    return {
        "later": np.array([p.later.order for p in pairs], np.int64),
        "pair": np.array([pickle.dumps(p) for p in pairs], dtype=object),
    }


def _links(group: dict[str, Any], params: DedupParams) -> dict[str, Any]:
    """The links of one article, by ``link_batch`` over all its candidate pairs."""
    pairs = [pickle.loads(p) for p in group["pair"]]
    links = link_one(pairs, params)
    return {
        "order": np.array([pairs[0].later.order], np.int64),
        "links": np.array([pickle.dumps(links)], dtype=object),
    }


def _stored_members(store: Store, snapshot: int, params: DedupParams) -> list[dict[str, Any]]:
    """Bucket rows of the articles stored up to ``snapshot`` (earlier than any new one;
    what others store later is linked by the writer, :mod:`.ray_write`)."""
    from ..store import schema as t

    a, f = t.articles.c, t.fingerprints.c
    with store.read() as conn:
        rows = conn.execute(
            sa.select(a.seq, a.id, a.norm_hash, f.minhash, f.paragraphs)
            .select_from(t.articles.join(t.fingerprints, f.seq == a.seq))
            .where(a.seq <= snapshot)
            .order_by(a.seq)
        ).all()
    out: list[dict[str, Any]] = []
    if not rows:
        return out
    sigs = np.frombuffer(b"".join(r[3] for r in rows), np.uint32).reshape(len(rows), -1)
    keys = band_key_matrix(sigs, params.bands)
    for (seq, aid, norm, _, paras), sig, k in zip(rows, sigs, keys, strict=True):
        fp = Fingerprint(norm, sig, k, np.frombuffer(paras, np.int64), 1)
        member = pickle.dumps(Member(_STORED + int(seq), -1, aid, fp))
        out.extend({"bucket": f"{kind}:{key}", "member": member} for kind, key in bucket_keys(fp))
    return out


# -- the whole run --------------------------------------------------------------------------


@dataclass(slots=True)
class RayIngest:
    """What a Ray ingest leaves for the caller (and for ``cluster --engine ray``)."""

    stats: IngestStats
    plan: Plan
    prepared: Any  # the materialised step-1 dataset
    languages: dict[str, str | None]
    groups: list[list[str]]


@dataclass(slots=True)
class RayRead:
    """Step 1 done: the materialised dataset and the plan's columns of every row."""

    prepared: Any
    rows: list[dict[str, Any]]
    report: ReadReport

    @property
    def articles(self) -> int:
        """Articles read (empty ones too), not counting skipped records."""
        return sum(1 for r in self.rows if not r["skip"])


def read_ray(
    ray: Any,
    inputs: Sequence[str],
    settings: IngestSettings,
    params: DedupParams,
    stats: IngestStats,
    report: ReadReport | None = None,
    read: ReadSettings | None = None,
) -> RayRead:
    """Step 1: every shard read, normalised and fingerprinted on the cluster."""
    from ..ingest.inputs import STDIN, input_shards

    report = report if report is not None else ReadReport()
    shards = input_shards(inputs, report, settings=read)
    if any(e.file is not None and e.file.source == STDIN for e in shards):
        raise InputError(STDIN, "--engine ray reads files; save standard input to a file")
    stats.absorb(report)
    with _clock(stats.timings)("read"):
        items = [{"shard": i, "entry": pickle.dumps(e)} for i, e in enumerate(shards)]
        ds = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        prepared = ds.flat_map(
            _read_shard, fn_kwargs={"settings": settings, "params": params}
        ).materialize()
        cols = ["order", "skip", "id", "empty", "source", "hash", "url", "outlet", "language"]
        rows = prepared.select_columns(cols).take_all()
        skipped = only(prepared.select_columns(["order", "skip", "data"]), skips=True)
        why = {int(r["order"]): r["data"] for r in skipped.take_all()}
    return RayRead(prepared, [{**r, "data": why.get(int(r["order"]))} for r in rows], report)


def add_ray(
    ray: Any,
    store: Store,
    done: RayRead,
    settings: IngestSettings,
    params: DedupParams,
    stats: IngestStats,
) -> RayIngest:
    """Steps 2 to 6: plan, link, languages and write into ``store`` (see the module)."""
    from ..store.ingest import check_signature
    from .ray_write import write_plan

    started = time.perf_counter()
    clock = _clock(stats.timings)
    with store.write() as conn:  # refuses a store signed with other MinHash settings
        check_signature(store, conn, params)
    with clock("plan"):
        plan = make_plan(done.rows, store, settings, stats, done.report)
    with clock("link"):
        links = _find_links(ray, done.prepared, plan, store, settings, params)
    with clock("language"):
        languages = find_languages(ray, done.prepared, plan, links, store, settings)
    with clock("write"):
        write_plan(store, done.prepared, plan, links, languages, settings, params, stats)
    groups = components(link for found in links.values() for link in found)
    stats.seconds += time.perf_counter() - started
    return RayIngest(stats, plan, done.prepared, languages, groups)


def ingest_ray(
    ray: Any,
    store: Store,
    inputs: Sequence[str],
    settings: IngestSettings | None = None,
    params: DedupParams | None = None,
    stats: IngestStats | None = None,
) -> RayIngest:
    """Read ``inputs`` on the open Ray session and add them to ``store`` (see the module)."""
    from ..store import IngestSettings, IngestStats

    settings = settings or IngestSettings.from_settings()
    params = params or DedupParams.from_settings()
    stats = stats if stats is not None else IngestStats()
    started = time.perf_counter()
    done = read_ray(ray, inputs, settings, params, stats)
    stats.seconds = time.perf_counter() - started
    return add_ray(ray, store, done, settings, params, stats)


def only(ds: Any, orders: set[int] | None = None, skips: bool = False) -> Any:
    """The rows of ``ds`` whose order is in ``orders`` (or the skip rows)."""

    def keep(batch: dict[str, Any]) -> dict[str, Any]:
        if skips:
            mask = np.array([bool(x) for x in batch["skip"]], dtype=bool)
        else:
            mask = np.isin(batch["order"], np.fromiter(orders or (), np.int64))
        return {k: v[mask] for k, v in batch.items()}

    return ds.map_batches(keep, batch_format="numpy")


def _clock(timings: dict[str, float]) -> Any:
    from ..store.ingest import _Clock

    return _Clock(timings)


def _find_links(
    ray: Any,
    prepared: Any,
    plan: Plan,
    store: Store,
    settings: IngestSettings,
    params: DedupParams,
) -> dict[int, list[Link]]:
    """Links of every new article that has any, by read order (steps 3 and 4)."""
    buckets = prepared.map_batches(_file_buckets, fn_kwargs={"plan": plan}, batch_format="numpy")
    stored = _stored_members(store, plan.snapshot, params)
    if stored:
        buckets = buckets.union(ray.data.from_items(stored))
    parts = max(2, int(ray.cluster_resources().get("CPU", 2)))
    pairs = buckets.groupby("bucket", num_partitions=parts).map_groups(
        _pairs, fn_kwargs={"max_bucket": settings.max_bucket}, batch_format="numpy"
    )
    linked = pairs.groupby("later", num_partitions=parts).map_groups(
        _links, fn_kwargs={"params": params}, batch_format="numpy"
    )
    out: dict[int, list[Link]] = {}
    for r in linked.take_all():
        found = pickle.loads(r["links"])
        if found:
            out[int(r["order"])] = found
    return out
