"""Story clustering on ECB+ (event level): storytrace beside two baselines, one run.

Reads ../shared/data/ecbplus-dev/ (articles.jsonl, gold.jsonl; never copied into the repo).
Each topic holds two similar but distinct events; the label to predict is ``event``.
Every method's threshold is tuned on the train split (best B-cubed F1) and the tuned value
is then scored on train, dev and all articles:

- storytrace incremental assignment alone (no refinement): ``representation = "embed"``
  and the cheap ``hashed`` path (the default path with refinement: bench/bench_stories.py);
- baseline (a): TF-IDF + agglomerative clustering (cosine, average linkage);
- baseline (b): MinHash-only grouping (word 3-shingles, LSH, Jaccard threshold).

Usage: ``python bench/eval_ecbplus.py [--data DIR] [--no-tune] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storytrace.cluster.evaluate import (
    Scores,
    labels_of,
    minhash_groups,
    score,
    tfidf_agglomerative,
)
from storytrace.cluster.features import Record
from storytrace.cluster.stories import ClusterSettings, cluster_records

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"
SPLITS = ("train", "dev", "all")

# Threshold grids (tuned on train). Values between grid points changed F1 by < 0.01.
GRIDS: dict[str, list[float]] = {
    "storytrace": [1.25, 1.3, 1.35, 1.4, 1.45, 1.5, 1.55],
    "storytrace-hashed": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9],
    "tfidf-agglomerative": [0.6, 0.65, 0.7, 0.725, 0.75, 0.775, 0.8, 0.825, 0.85, 0.9],
    "minhash": [0.02, 0.05, 0.1, 0.2, 0.3, 0.5],
}
# What --no-tune uses: the values the full run picked on train (see docs/clustering.md).
TUNED: dict[str, float] = {
    "storytrace": 1.40,
    "storytrace-hashed": 0.75,
    "tfidf-agglomerative": 0.825,
    "minhash": 0.05,
}


def load(data: Path = DATA) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """The articles and ``id -> gold record`` (``split``, ``topic``, ``event``)."""
    text = (data / "articles.jsonl").read_text(encoding="utf-8")
    articles = [json.loads(line) for line in text.splitlines() if line.strip()]
    gold = {}
    for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["id"]] = rec
    return articles, gold


def split_of(
    articles: Sequence[dict[str, Any]], gold: dict[str, dict[str, str]], name: str
) -> list[dict[str, Any]]:
    return [a for a in articles if name == "all" or gold[a["id"]]["split"] == name]


def run_method(
    method: str, articles: Sequence[dict[str, Any]], value: float | None
) -> dict[str, str]:
    """``id -> predicted cluster`` of one method at one threshold (storytrace: ``None`` is
    the shipped ``defaults.toml`` value)."""
    ids = [a["id"] for a in articles]
    texts = [a["text"] for a in articles]
    if method in ("storytrace", "storytrace-hashed"):
        rep = "embed" if method == "storytrace" else "hashed"
        key = "threshold" if rep == "embed" else "threshold_hashed"
        tuned = {} if value is None else {key: value}
        settings = ClusterSettings.from_config(representation=rep, **tuned)
        records = [
            Record(a["id"], a.get("title"), a["text"], a.get("language"), a.get("published"))
            for a in articles
        ]
        pairs, _ = cluster_records(records, settings)
        return dict(pairs)
    assert value is not None, method
    if method == "tfidf-agglomerative":
        return labels_of(ids, tfidf_agglomerative(texts, value))
    if method == "minhash":
        return labels_of(ids, minhash_groups(texts, value))
    raise ValueError(method)


def tune(
    method: str,
    train: Sequence[dict[str, Any]],
    gold: dict[str, str],
    log: Callable[[str], None],
) -> float:
    """The grid value with the best train B-cubed F1 (ties: the higher ARI)."""
    best: tuple[float, float, float] | None = None
    for value in GRIDS[method]:
        s = score(run_method(method, train, value), gold)
        log(f"  tune {method:<20} {value:<6} F1 {s.b3_f1:.4f} ARI {s.ari:.4f}")
        if best is None or (s.b3_f1, s.ari) > best[:2]:
            best = (s.b3_f1, s.ari, value)
    assert best is not None
    return best[2]


def evaluate(
    data: Path = DATA,
    methods: Sequence[str] = tuple(GRIDS),
    splits: Sequence[str] = SPLITS,
    do_tune: bool = True,
    log: Callable[[str], None] = lambda _: None,
    shipped: bool = False,
) -> dict[str, dict[str, Any]]:
    """``method -> {"threshold", "seconds", split -> Scores}`` for every method.

    ``shipped``: storytrace runs with the thresholds of ``defaults.toml`` (what a user gets;
    the quality gate), not the bench's pinned or tuned values.
    """
    articles, gold_records = load(data)
    gold = {k: v["event"] for k, v in gold_records.items()}
    train = split_of(articles, gold_records, "train")
    out: dict[str, dict[str, Any]] = {}
    for method in methods:
        value: float | None = tune(method, train, gold, log) if do_tune else TUNED[method]
        if shipped and method.startswith("storytrace"):
            value = None
        row: dict[str, Any] = {"threshold": value}
        for name in splits:
            part = split_of(articles, gold_records, name)
            started = time.perf_counter()
            row[name] = score(run_method(method, part, value), gold)
            row[f"{name}_seconds"] = time.perf_counter() - started
        out[method] = row
    return out


def table(results: dict[str, dict[str, Any]], splits: Sequence[str] = SPLITS) -> str:
    head = f"{'method':<22}{'thr':>7}" + "".join(
        f"  {s + ' F1':>9}{s + ' ARI':>10}{'k':>5}" for s in splits
    )
    lines = [head, "-" * len(head)]
    for method, row in results.items():
        cells = ""
        for s in splits:
            sc: Scores = row[s]
            cells += f"  {sc.b3_f1:>9.4f}{sc.ari:>10.4f}{sc.predicted_clusters:>5}"
        lines.append(f"{method:<22}{row['threshold'] or 'shipped':>7}{cells}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the ecbplus-dev folder")
    parser.add_argument("--no-tune", action="store_true", help="use the pinned thresholds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not (args.data / "gold.jsonl").exists():
        print(f"eval_ecbplus: {args.data}: no gold.jsonl here; pass --data DIR", file=sys.stderr)
        return 1
    results = evaluate(args.data, do_tune=not args.no_tune, log=lambda m: print(m, file=sys.stderr))
    _, gold_records = load(args.data)
    counts = {
        s: len({g["event"] for g in gold_records.values() if s in ("all", g["split"])})
        for s in SPLITS
    }
    print(f"ECB+ event-level clustering; gold events: {counts}; thresholds tuned on train")
    print(table(results))
    for method, row in results.items():
        print(f"{method}: {row['all_seconds']:.1f} s for all {row['all'].articles} articles")
    if args.json:
        payload = {
            m: {k: (v.as_dict() if isinstance(v, Scores) else v) for k, v in row.items()}
            for m, row in results.items()
        }
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
