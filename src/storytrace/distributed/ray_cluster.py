"""``storytrace cluster --engine ray``: story clustering partitioned by language and time
window on a Ray cluster, stitched at the borders (:mod:`.stitch`), saved to the same store.

Runs after :func:`.ray_engine.ingest_ray` on its materialised dataset: every article read
becomes a :class:`~storytrace.cluster.features.Record` (as ``cluster_articles`` builds them),
document frequencies are counted per block and summed (so every partition weighs words
corpus-wide), records are grouped by partition across workers, each partition is
clustered by the local clusterer, and the replays that stitch borders run in parallel, one
task per receiving partition. Last, as the local engine does after incremental assignment,
the stitched stories are refined (:func:`~storytrace.cluster.refine.refine`: splits and
merges over the same windows of ``[cluster.refine] window`` articles in read order, one Ray
task per window), so the stories are the local engine's wherever partitioning did not
change what incremental assignment proposed.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

import numpy as np

from ..cluster.features import Record
from ..cluster.refine import Refined, StoryChange, features_of, refine
from ..errors import ConfigError
from ..settings import ClusterSettings, DistributedSettings, Settings
from .ray_languages import stored_languages
from .stitch import (
    DocFreq,
    PartitionResult,
    PartStory,
    cluster_partition,
    merge_stories,
    partition_of,
    replay,
    stitch_plan,
)

if TYPE_CHECKING:
    from ..store import Store
    from .ray_engine import RayIngest


def _records(
    batch: dict[str, Any],
    ids: dict[int, str],
    languages: dict[str, str | None],
    settings: ClusterSettings,
    window_days: int,
) -> dict[str, Any]:
    """One clustering record per article read, keyed by its partition."""
    parts: list[str] = []
    orders: list[int] = []
    records: list[bytes] = []
    for order, data in zip(batch["order"].tolist(), batch["data"], strict=True):
        if order not in ids:
            continue
        a = pickle.loads(data).article
        aid = ids[order]
        rec = Record(aid, a.title, a.raw, a.language or languages.get(aid), a.published)
        lang, window = partition_of(rec, settings, window_days)
        parts.append(f"{lang}|{window}")
        orders.append(order)
        records.append(pickle.dumps(rec))
    return {
        "part": np.array(parts, dtype=object),
        "order": np.array(orders, np.int64),
        "record": np.array(records, dtype=object),
    }


def _doc_freq(batch: dict[str, Any], settings: ClusterSettings) -> dict[str, Any]:
    """The document frequencies of one block of records (summed by the driver)."""
    freq = DocFreq().add((pickle.loads(r) for r in batch["record"]), settings)
    return {"freq": np.array([pickle.dumps(freq)], dtype=object)}


def _cluster_group(
    group: dict[str, Any], settings: ClusterSettings, stitch: DistributedSettings, total: DocFreq
) -> dict[str, Any]:
    """Cluster one partition (all its records arrive in one group)."""
    lang, _, window = str(group["part"][0]).rpartition("|")
    rows = [(int(o), pickle.loads(r)) for o, r in zip(group["order"], group["record"], strict=True)]
    result = cluster_partition((lang, int(window)), rows, settings, stitch, total)
    return {"result": np.array([pickle.dumps(result)], dtype=object)}


def _replay_batch(
    batch: dict[str, Any], settings: ClusterSettings, majority: float
) -> dict[str, Any]:
    """Replay jobs -> the ``(story, joined story)`` pairs to merge."""
    merges: list[bytes] = []
    for job in batch["job"]:
        state, todo = pickle.loads(job)
        found = []
        for story, records in todo:
            joined = replay(state, story, records, settings, majority)
            if joined is not None:
                found.append((joined, story.id))
        merges.append(pickle.dumps(found))
    return {"merges": np.array(merges, dtype=object)}


def cluster_ray(
    ray: Any,
    store: Store,
    ingest: RayIngest,
    settings: ClusterSettings | None = None,
    stitch: DistributedSettings | None = None,
) -> list[tuple[str, str]]:
    """Stories of every article ``ingest`` read: ``(article id, story id)`` in read order.

    Assignments of stored articles are saved and the store's story summaries refreshed.
    A store whose stories the local engine has been growing is refused: its incremental
    state cannot be continued in partitions.
    """
    settings = settings or ClusterSettings.from_config()
    stitch = stitch or Settings.default().distributed
    if stitch.window_days < 1:
        raise ConfigError(f"[distributed] window_days must be 1 or more, not {stitch.window_days}")
    from ..app.corpus import CLUSTER_STATE_KEY

    if store.get_state(CLUSTER_STATE_KEY) is not None:
        raise ConfigError(
            f"{store.path}: its stories were grown by '--engine local' and the Ray engine "
            "cannot continue that state; cluster with --engine local, or into a new store"
        )
    plan = ingest.plan
    languages = dict(ingest.languages)
    missing = sorted(set(plan.all_ids.values()) - set(languages))
    languages.update(stored_languages(store, set(missing)))
    parts = max(2, int(ray.cluster_resources().get("CPU", 2)))
    records = ingest.prepared.map_batches(
        _records,
        fn_kwargs={
            "ids": plan.all_ids,
            "languages": languages,
            "settings": settings,
            "window_days": stitch.window_days,
        },
        batch_format="numpy",
    ).materialize()
    total = DocFreq()
    for r in records.map_batches(
        _doc_freq, fn_kwargs={"settings": settings}, batch_format="numpy"
    ).take_all():
        total.merge(pickle.loads(r["freq"]))
    clustered = records.groupby("part", num_partitions=parts).map_groups(
        _cluster_group,
        fn_kwargs={"settings": settings, "stitch": stitch, "total": total},
        batch_format="numpy",
    )
    results: list[PartitionResult] = [pickle.loads(r["result"]) for r in clustered.take_all()]
    merges = _stitch(ray, results, settings, stitch)
    stories: list[PartStory] = [s for r in results for s in r.stories]
    final = merge_stories(stories, merges)
    assigned = {o: final[sid] for r in results for o, sid in r.assigned.items()}
    pairs = [(plan.all_ids[o], assigned[o]) for o in sorted(plan.all_ids)]
    changes: list[StoryChange] = []
    if settings.refine.enabled:
        by_order = {o: rec for r in results for o, rec in r.records.items()}
        ordered = [by_order[o] for o in sorted(plan.all_ids)]
        pairs, changes = _refine(ray, ordered, pairs, settings)
    stored = set(plan.ids.values()) | set(store.known_ids([aid for aid, _ in pairs]))
    store.save_assignments({aid: sid for aid, sid in pairs if aid in stored})
    store.refresh_stories({sid for _, sid in pairs})
    if changes:
        _log_changes(store, changes)
    return pairs


def _refine_window(batch: dict[str, Any], settings: ClusterSettings) -> dict[str, Any]:
    """Refine one window of records (as ``cluster_stories`` refines a local batch)."""
    records, previous, taken = pickle.loads(batch["job"][0])
    feats = features_of(records, settings)
    result = refine(records, previous, settings.refine, None, taken, feats)
    return {"result": np.array([pickle.dumps(result)], dtype=object)}


def _refine(
    ray: Any,
    records: list[Record],
    pairs: list[tuple[str, str]],
    settings: ClusterSettings,
) -> tuple[list[tuple[str, str]], list[StoryChange]]:
    """The stitched stories refined window by window (``[cluster.refine] window`` articles
    in read order, each window one Ray task); returns the new pairs and the changes."""
    size = settings.refine.window
    taken = {sid for _, sid in pairs}
    jobs = []
    for start in range(0, len(records), size):
        window = records[start : start + size]
        previous = dict(pairs[start : start + size])
        jobs.append({"job": pickle.dumps((window, previous, taken))})
    ds = ray.data.from_items(jobs, override_num_blocks=len(jobs))
    done = ds.map_batches(
        _refine_window, fn_kwargs={"settings": settings}, batch_format="numpy", batch_size=1
    )
    results: list[Refined] = [pickle.loads(r["result"]) for r in done.take_all()]
    story = {aid: sid for result in results for aid, sid in result.assignments}
    changes = [c for result in results for c in result.changes]
    return [(aid, story[aid]) for aid, _ in pairs], changes


def _log_changes(store: Store, changes: list[StoryChange]) -> None:
    """Append the merges and splits to the store's log, as the local engine does."""
    import dataclasses
    import json

    from ..app.corpus import CLUSTER_CHANGES_KEY

    with store.write() as conn:
        old = store.get_state(CLUSTER_CHANGES_KEY, conn=conn)
        log = json.loads(old) if old else []
        log.extend(dataclasses.asdict(c) for c in changes)
        store.set_state(CLUSTER_CHANGES_KEY, json.dumps(log).encode("utf-8"), conn=conn)


def _stitch(
    ray: Any, results: list[PartitionResult], settings: ClusterSettings, stitch: DistributedSettings
) -> list[tuple[str, str]]:
    jobs = stitch_plan(results, stitch)
    if not jobs:
        return []
    items = [{"job": pickle.dumps(job)} for job in jobs]
    ds = ray.data.from_items(items, override_num_blocks=len(items))
    done = ds.map_batches(
        _replay_batch,
        fn_kwargs={"settings": settings, "majority": stitch.majority},
        batch_format="numpy",
        batch_size=1,
    )
    return [pair for r in done.take_all() for pair in pickle.loads(r["merges"])]
