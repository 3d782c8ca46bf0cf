"""Story clustering on real labelled sets: storytrace's default path beside two baselines.

Quality (one run, every method on the same articles):
- sets: ``../shared/data/neus-traindev/`` (label ``story``; the dev split clustered alone)
  and ``../shared/data/ecbplus-dev/`` (label ``event``; dev split alone);
- storytrace: the shipped default path (``cluster_stories``: incremental assignment, then
  refinement of the batch) with the settings of ``defaults.toml``, untouched;
- baseline (a): TF-IDF (sublinear, title + text) + agglomerative clustering (cosine,
  average linkage); baseline (b): multilingual-e5-small vectors of title + lead (the
  shared embedder) + agglomerative clustering. Each baseline's distance threshold is
  tuned on the train split (best mean ARI; NeuS train is cut by story into folds of the
  dev split's size, each clustered alone, ``--folds`` of them used), then scored on dev.
- ``--tune`` also sweeps storytrace's refinement threshold on the same train folds (an
  in-sample check: the pair model was fitted on them; the shipped value was chosen by
  ``bench/fit_pair_model.py``'s cross-validation; the table still shows the shipped value).

Throughput (``--throughput``): every article of neus-traindev, ecbplus-dev,
german-quotes-traindev and polnear-traindev (10,823 real articles) read and clustered end
to end as ``storytrace cluster`` does (read, store, clean, cluster, save), one child
process per representation so that each peak memory (ru_maxrss) is its own.

Usage: ``python bench/bench_stories.py [--folds 2] [--tune] [--throughput] [--json F]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storytrace.cluster.evaluate import Scores, labels_of, score
from storytrace.cluster.features import Record, lead_text
from storytrace.cluster.refine import ClusterRefineSettings, cluster_stories

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = {"neus": ("neus-traindev", "story"), "ecbplus": ("ecbplus-dev", "event")}
GRIDS = {
    "tfidf-agglomerative": [0.7, 0.725, 0.75, 0.775, 0.8, 0.825, 0.85, 0.875],
    "e5-agglomerative": [0.08, 0.09, 0.1, 0.11, 0.12, 0.13, 0.14, 0.16],
    "storytrace": [0.2, 0.225, 0.25, 0.275, 0.3, 0.35],
}
THROUGHPUT_INPUTS = (
    "neus-traindev/articles.jsonl",
    "ecbplus-dev/articles.jsonl",
    "german-quotes-traindev/articles.jsonl",
    "polnear-traindev/train/text",
    "polnear-traindev/dev/text",
)

Article = dict[str, Any]


def load(name: str, data: Path = SHARED) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """A set's articles, ``id -> gold label`` and ``id -> split``."""
    folder, label = SETS[name]
    text = (data / folder / "articles.jsonl").read_text(encoding="utf-8")
    articles = [json.loads(line) for line in text.splitlines() if line.strip()]
    gold, split = {}, {}
    for line in (data / folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["id"]], split[rec["id"]] = str(rec[label]), rec["split"]
    return articles, gold, split


def train_folds(
    articles: Sequence[Article], gold: dict[str, str], size: int
) -> list[list[Article]]:
    """Train articles cut by story (fixed seed) into folds of about ``size`` articles."""
    stories = sorted({gold[a["id"]] for a in articles})
    random.Random(7).shuffle(stories)
    n = max(1, round(len(articles) / max(1, size)))
    fold = {s: i % n for i, s in enumerate(stories)}
    return [[a for a in articles if fold[gold[a["id"]]] == i] for i in range(n)]


def records(articles: Sequence[Article]) -> list[Record]:
    return [
        Record(a["id"], a.get("title"), a["text"], a.get("language"), a.get("published"))
        for a in articles
    ]


def _average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage clusters of a dense similarity matrix, cut at distance ``threshold``."""
    from scipy.cluster.hierarchy import fcluster, linkage

    if len(sim) < 2:
        return [1] * len(sim)
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    iu = np.triu_indices(len(sim), k=1)
    return [int(x) for x in fcluster(linkage(dist[iu], "average"), threshold, "distance")]


class Method:
    """One method on one set of articles: a similarity computed once, cut at any value."""

    def __init__(self, name: str, articles: Sequence[Article]) -> None:
        self.name, self.articles = name, list(articles)
        self.ids = [a["id"] for a in articles]
        self._sim: np.ndarray | None = None

    def sim(self) -> np.ndarray:
        if self._sim is None:
            if self.name == "tfidf-agglomerative":
                from sklearn.feature_extraction.text import TfidfVectorizer

                texts = [f"{a.get('title') or ''}\n{a['text']}" for a in self.articles]
                m = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
                self._sim = (m @ m.T).toarray()
            else:
                from storytrace.align.embed import embed

                leads = [lead_text(a.get("title"), a["text"], 300) for a in self.articles]
                vecs = embed(leads)
                self._sim = vecs @ vecs.T
        return self._sim

    def run(self, value: float | None) -> dict[str, str]:
        if self.name == "storytrace":
            rs = ClusterRefineSettings.from_config(
                **({} if value is None else {"threshold": value})
            )
            pairs, _, _ = cluster_stories(records(self.articles), refine_settings=rs)
            return dict(pairs)
        assert value is not None
        return labels_of(self.ids, _average_linkage(self.sim(), value))


def tune(
    name: str, folds: Sequence[Sequence[Article]], gold: dict[str, str], log: Callable[[str], None]
) -> tuple[float, float]:
    """The grid value with the best mean train ARI, and that ARI."""
    methods = [Method(name, f) for f in folds]
    best = (-1.0, 0.0)
    for value in GRIDS[name]:
        ari = float(np.mean([score(m.run(value), gold).ari for m in methods]))
        log(f"  tune {name:<20} {value:<7} train ARI {ari:.4f}")
        if ari > best[0]:
            best = (ari, value)
    return best[1], best[0]


def quality(
    data: Path, folds: int, do_tune: bool, log: Callable[[str], None]
) -> dict[str, dict[str, Any]]:
    """``set -> method -> {"threshold", "train_ari", "dev": Scores, "seconds"}``."""
    out: dict[str, dict[str, Any]] = {}
    for set_name in SETS:
        articles, gold, split = load(set_name, data)
        dev = [a for a in articles if split[a["id"]] == "dev"]
        train = [a for a in articles if split[a["id"]] == "train"]
        tr_folds = train_folds(train, gold, len(dev))[:folds] if set_name == "neus" else [train]
        rows: dict[str, Any] = {}
        for name in ("storytrace", "tfidf-agglomerative", "e5-agglomerative"):
            if name == "storytrace":
                value: float | None = None
                train_ari = float(
                    np.mean([score(Method(name, f).run(None), gold).ari for f in tr_folds])
                )
                if do_tune:
                    tune(name, tr_folds, gold, log)
            else:
                value, train_ari = tune(name, tr_folds, gold, log)
            started = time.perf_counter()
            dev_scores = score(Method(name, dev).run(value), gold)
            rows[name] = {
                "threshold": value
                if value is not None
                else ClusterRefineSettings.from_config().threshold,
                "train_ari": train_ari,
                "dev": dev_scores,
                "seconds": time.perf_counter() - started,
            }
            log(f"{set_name} {name}: dev ARI {dev_scores.ari:.4f} B3 {dev_scores.b3_f1:.4f}")
        out[set_name] = rows
    return out


def quality_table(results: dict[str, dict[str, Any]]) -> str:
    head = f"{'set':<9}{'method':<22}{'thr':>8}{'train ARI':>11}{'dev ARI':>9}{'dev B3 F1':>11}"
    head += f"{'k':>6}{'gold':>6}{'s':>7}"
    lines = [head, "-" * len(head)]
    for set_name, rows in results.items():
        for method, row in rows.items():
            sc: Scores = row["dev"]
            lines.append(
                f"{set_name:<9}{method:<22}{row['threshold']:>8.4g}{row['train_ari']:>11.4f}"
                f"{sc.ari:>9.4f}{sc.b3_f1:>11.4f}{sc.predicted_clusters:>6}"
                f"{sc.gold_clusters:>6}{row['seconds']:>7.1f}"
            )
        ours = rows["storytrace"]["dev"].ari
        best = max(r["dev"].ari for m, r in rows.items() if m != "storytrace")
        lines.append(f"{'':<9}storytrace - best baseline: ARI {ours - best:+.4f}")
    return "\n".join(lines)


# -- throughput ------------------------------------------------------------------------


def one_run(mode: str, inputs: Sequence[str], limit: int) -> dict[str, Any]:
    """Read and cluster ``inputs`` as ``storytrace cluster`` does; figures of this process."""
    from storytrace.app.corpus import cluster_articles, corpus_articles
    from storytrace.settings import Settings
    from storytrace.types import ReadReport

    table = {
        "default": "",
        "hashed-no-refine": "[cluster.refine]\nenabled = false\n",
        "embed-no-refine": (
            '[cluster]\nrepresentation = "embed"\n[cluster.refine]\nenabled = false\n'
        ),
        "embed+refine": '[cluster]\nrepresentation = "embed"\n',
    }[mode]
    settings = Settings.default()
    if table:
        import tempfile

        cfg = Path(tempfile.mkdtemp()) / "bench.toml"
        cfg.write_text(table, encoding="utf-8")
        settings = Settings.load(cfg)
    started = time.perf_counter()
    cpu = time.process_time()
    report = ReadReport()
    articles = list(corpus_articles(list(inputs), report, settings))[: limit or None]
    pairs = cluster_articles(articles, None, settings)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    return {
        "mode": mode,
        "articles": len(pairs),
        "stories": len({s for _, s in pairs}),
        "seconds": seconds,
        "per_second": len(pairs) / seconds,
        # CPU time of this process (all threads): on a shared machine the wall clock
        # counts other jobs' turns too; articles per CPU second is what one idle core does.
        "cpu_seconds": cpu,
        "per_cpu_second": len(pairs) / cpu if cpu else 0.0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def throughput(data: Path, modes: Sequence[str], limits: dict[str, int]) -> list[dict[str, Any]]:
    inputs = [str(data / p) for p in THROUGHPUT_INPUTS if (data / p).exists()]
    out = []
    for mode in modes:
        cmd = [sys.executable, __file__, "--one", mode, "--limit", str(limits.get(mode, 0))]
        done = subprocess.run(cmd + inputs, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"bench_stories: the {mode} run failed:\n{done.stderr[-2000:]}")
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--folds", type=int, default=2, help="NeuS train folds to tune on")
    parser.add_argument("--tune", action="store_true", help="sweep storytrace's threshold too")
    parser.add_argument("--throughput", action="store_true", help="end-to-end speed")
    parser.add_argument("--no-quality", action="store_true", help="skip the quality table")
    parser.add_argument(
        "--modes",
        default="default,hashed-no-refine,embed-no-refine",
        help="throughput runs (default, hashed-no-refine, embed-no-refine, embed+refine)",
    )
    parser.add_argument(
        "--embed-limit", type=int, default=1000, help="articles for the embed runs (cold: slow)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_run(args.one, args.inputs, args.limit)))
        return 0
    missing = [f for f, _ in SETS.values() if not (args.data / f / "gold.jsonl").exists()]
    if missing:
        print(f"bench_stories: {args.data}: no {', '.join(missing)} here; pass --data DIR")
        return 1
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    payload: dict[str, Any] = {}
    if not args.no_quality:
        results = quality(args.data, args.folds, args.tune, log)
        print("Story clustering, dev splits clustered alone; baselines tuned on train (ARI)")
        print(quality_table(results))
        payload["quality"] = {
            s: {m: {**r, "dev": r["dev"].as_dict()} for m, r in rows.items()}
            for s, rows in results.items()
        }
    if args.throughput:
        modes = args.modes.split(",")
        limits = {m: args.embed_limit for m in modes if m.startswith("embed")}
        runs = throughput(args.data, modes, limits)
        print(f"\nEnd to end (read, store, clean, cluster), {os.cpu_count()} cores, shared machine")
        print(
            f"{'mode':<20}{'articles':>9}{'stories':>9}{'s':>8}{'art/s':>8}"
            f"{'cpu s':>8}{'art/cpu s':>10}{'peak MB':>9}"
        )
        for r in runs:
            print(
                f"{r['mode']:<20}{r['articles']:>9}{r['stories']:>9}{r['seconds']:>8.1f}"
                f"{r['per_second']:>8.1f}{r.get('cpu_seconds', 0):>8.1f}"
                f"{r.get('per_cpu_second', 0):>10.1f}{r['peak_mb']:>9.0f}"
            )
        payload["throughput"] = runs
    if args.json:
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
