"""The Ray engine beside the local one and beside datatrove's MinHash deduplication.

One generated corpus (bench/bench_corpus.py: invented stories with planted copies, light
edits, rewrites, pseudo-translations and noise), written as JSONL shards, goes through:

- ``local``: ``Store.add_articles`` (read, light normalisation, MinHash + LSH + paragraph
  links, language, write), then story clustering (``representation = "hashed"``,
  incremental assignment and the refinement pass, as shipped);
- ``ray-1`` and ``ray-2``: the same through ``--engine ray`` on a local Ray cluster of 1 and
  of 2 worker CPUs (cluster start-up timed apart): partitions, stitching, then the same
  refinement of the stitched stories;
- ``datatrove-2``: datatrove's own MinHash pipeline (MinhashDedupSignature -> Buckets ->
  Cluster -> Filter on a LocalPipelineExecutor, 2 workers) with the same shingles (3 words)
  and the same banding (32 bands x 4 rows), and once more with its defaults (5-word
  shingles, 14 bands x 8 rows); it deduplicates only (no store, no stories).

Printed for each: articles/s, the recall of planted copies and light edits (grouped with
their original: storytrace's groups are the connected components of its links, datatrove's
its MinHash clusters) and the pair precision of those groups; for the Ray runs also whether links
equal the local ones and the stories' ARI against local. All in the same run, so the
figures compare on one (shared, 2-core) machine.

    python bench/bench_ray.py --n 2000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from storytrace.settings import Settings

BENCH = Path(__file__).resolve().parent / "bench_corpus.py"


def _bench_corpus() -> Any:
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def write_shards(folder: Path, n: int, seed: int, shards: int) -> tuple[list[str], Path]:
    corpus, gold = _bench_corpus().write_corpus(folder, n, seed)
    lines = corpus.read_text().splitlines()
    paths = []
    for s in range(shards):
        path = folder / "shards" / f"part{s:03d}.jsonl"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines[s::shards]) + "\n")
        paths.append(str(path))
    corpus.unlink()
    return paths, gold


def dup_scores(group: dict[str, Any], gold: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Planted copies and light edits put in one group with their original (recall), and
    of the article pairs put in one group, the share from one planted group (precision).
    ``group``: article id -> duplicate group (articles in no group are left out)."""
    planted = [i for i, g in gold.items() if g["kind"] in ("copy", "edit")]
    found = sum(1 for i in planted if i in group and group[i] == group.get(gold[i]["dup_group"]))
    members: dict[Any, list[str]] = {}
    for i, g in group.items():
        members.setdefault(g, []).append(i)
    pairs = right = 0
    for ids in members.values():
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                pairs += 1
                right += gold[ids[a]]["dup_group"] == gold[ids[b]]["dup_group"]
    return {
        "dup_recall": round(found / max(1, len(planted)), 4),
        "pair_precision": round(right / max(1, pairs), 4),
    }


def link_groups(links: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Article id -> its duplicate group (connected components of the links)."""
    from storytrace.cluster.dedup import Link
    from storytrace.distributed.plan import components

    groups = components(Link(a, b, s, m) for a, b, s, m in links)
    return {i: n for n, g in enumerate(groups) for i in g}


def run_local(paths: list[str], db: Path, settings: Settings) -> dict[str, Any]:
    from storytrace.app.corpus import cluster_articles
    from storytrace.ingest import read_inputs
    from storytrace.store import Store
    from storytrace.types import ReadReport

    t0 = time.perf_counter()
    with Store(db) as store:
        report = ReadReport()
        stats = store.add_articles(read_inputs(paths, report, policy="skip"), report)
    ingest_s = time.perf_counter() - t0
    report = ReadReport()
    articles = list(read_inputs(paths, report, policy="skip"))
    t0 = time.perf_counter()
    pairs = cluster_articles(articles, str(db.with_name("local-cluster.sqlite")), settings)
    cluster_s = time.perf_counter() - t0
    return {"ingest_s": ingest_s, "cluster_s": cluster_s, "read": stats.read, "pairs": pairs}


def run_ray(paths: list[str], db: Path, cpus: int, settings: Settings) -> dict[str, Any]:
    from storytrace.distributed.ray_cluster import cluster_ray
    from storytrace.distributed.ray_engine import ingest_ray
    from storytrace.distributed.session import RayOptions, ray_session
    from storytrace.store import Store

    t0 = time.perf_counter()
    with ray_session(RayOptions(num_cpus=cpus, object_store_mb=512)) as ray:
        start_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        with Store(db) as store:
            result = ingest_ray(ray, store, paths)
        ingest_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        with Store(db.with_name(f"ray{cpus}-cluster.sqlite")) as store:
            clustered = ingest_ray(ray, store, paths)
            t1 = time.perf_counter()
            pairs = cluster_ray(ray, store, clustered, settings.cluster, settings.distributed)
        cluster_s = time.perf_counter() - t1
        both_s = time.perf_counter() - t0
    return {
        "start_s": start_s,
        "ingest_s": ingest_s,
        "cluster_s": cluster_s,
        "ingest_and_cluster_s": both_s,
        "read": result.stats.read,
        "groups": len(result.groups),
        "pairs": pairs,
        "timings": result.stats.timings,
    }


def run_datatrove(paths: list[str], work: Path, workers: int, ours: bool = True) -> dict[str, Any]:
    """datatrove's four MinHash stages, as its own example runs them: with our shingles
    and banding (``ours``), or with its defaults (5-word shingles, 14 bands x 8 rows)."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (
        MinhashConfig,
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    shards = str(Path(paths[0]).parent)
    config = (
        MinhashConfig(n_grams=3, num_buckets=32, hashes_per_bucket=4) if ours else MinhashConfig()
    )
    logs = work / "logs"
    tasks = len(paths)

    def reader() -> JsonlReader:
        return JsonlReader(shards, glob_pattern="*.jsonl", text_key="text", id_key="id")

    stages = [
        LocalPipelineExecutor(
            [reader(), MinhashDedupSignature(str(work / "sigs"), config=config)],
            tasks=tasks,
            workers=workers,
            logging_dir=str(logs / "sigs"),
        ),
        LocalPipelineExecutor(
            [MinhashDedupBuckets(str(work / "sigs"), str(work / "buckets"), config=config)],
            tasks=config.num_buckets,
            workers=workers,
            logging_dir=str(logs / "buckets"),
        ),
        LocalPipelineExecutor(
            [
                MinhashDedupCluster(
                    str(work / "buckets"), str(work / "remove"), config=config, save_cluster_id=True
                )
            ],
            tasks=1,
            logging_dir=str(logs / "cluster"),
        ),
        LocalPipelineExecutor(
            [
                reader(),
                MinhashDedupFilter(
                    str(work / "remove"),
                    load_cluster_ids=True,
                    exclusion_writer=JsonlWriter(str(work / "removed"), compression=None),
                ),
                JsonlWriter(str(work / "kept"), compression=None),
            ],
            tasks=tasks,
            workers=workers,
            logging_dir=str(logs / "filter"),
        ),
    ]
    t0 = time.perf_counter()
    for stage in stages:
        stage.run()
    seconds = time.perf_counter() - t0
    removed = 0
    groups: dict[str, Any] = {}
    for sub in ("removed", "kept"):
        for f in (work / sub).glob("*.jsonl"):
            for line in f.read_text().splitlines():
                doc = json.loads(line)
                removed += sub == "removed"
                cluster = doc.get("metadata", {}).get("minhash_cluster_id", -1)
                if cluster != -1:
                    groups[doc["id"]] = cluster
    return {"seconds": seconds, "removed": removed, "groups": groups}


def _differences(
    local: dict[str, str], other: dict[str, str], gold: dict[str, dict[str, Any]]
) -> list[str]:
    """Each article placed differently, with its local, Ray and gold (planted) story."""
    return [
        f"{i}: local {local[i]}, ray {other[i]}, planted {gold[i]['story']} ({gold[i]['kind']})"
        for i in sorted(local)
        if local[i] != other[i]
    ]


def _links(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT * FROM duplicates ORDER BY 1, 2").fetchall()
    conn.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="articles to generate (2000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shards", type=int, default=8, help="JSONL shards (8)")
    ap.add_argument("--skip-datatrove", action="store_true")
    args = ap.parse_args(argv)
    from sklearn.metrics import adjusted_rand_score

    with tempfile.TemporaryDirectory(prefix="st-bench-ray-") as tmp:
        folder = Path(tmp)
        config = folder / "bench.toml"
        config.write_text('[cluster]\nrepresentation = "hashed"\n')
        settings = Settings.load(config)
        paths, gold_path = write_shards(folder, args.n, args.seed, args.shards)
        gold = {g["id"]: g for g in map(json.loads, gold_path.read_text().splitlines())}
        n = len(gold)
        out: dict[str, Any] = {
            "articles": n,
            "shards": args.shards,
            "cpus_on_machine": os.cpu_count(),
        }
        local = run_local(paths, folder / "local.sqlite", settings)
        local_links = _links(folder / "local.sqlite")
        local_stories = dict(local["pairs"])
        ids = sorted(local_stories)
        out["local"] = {
            "ingest_articles_per_s": round(n / local["ingest_s"]),
            "cluster_articles_per_s": round(n / local["cluster_s"]),
            "links": len(local_links),
            **dup_scores(link_groups(local_links), gold),
        }
        for name, ours in (("datatrove-2", True), ("datatrove-2-defaults", False)):
            if args.skip_datatrove:
                break
            dt = run_datatrove(paths, folder / name, workers=2, ours=ours)
            out[name] = {
                "dedup_articles_per_s": round(n / dt["seconds"], 1),
                "removed": dt["removed"],
                **dup_scores(dt["groups"], gold),
            }
        print(json.dumps(out), file=sys.stderr, flush=True)
        for cpus in (1, 2):
            r = run_ray(paths, folder / f"ray{cpus}.sqlite", cpus, settings)
            links = _links(folder / f"ray{cpus}.sqlite")
            stories = dict(r["pairs"])
            out[f"ray-{cpus}"] = {
                "cluster_start_s": round(r["start_s"], 1),
                "ingest_articles_per_s": round(n / r["ingest_s"], 1),
                "cluster_articles_per_s": round(n / r["cluster_s"], 1),
                "ingest_stage_s": r["timings"],
                "links_equal_local": links == local_links,
                "duplicate_groups": r["groups"],
                "stories_ari_vs_local": round(
                    adjusted_rand_score([local_stories[i] for i in ids], [stories[i] for i in ids]),
                    4,
                ),
                "stories_differing": sum(local_stories[i] != stories[i] for i in ids),
                "differences": _differences(local_stories, stories, gold),
                **dup_scores(link_groups(links), gold),
            }
            print(json.dumps(out), file=sys.stderr, flush=True)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
