"""Story analysis time: the seeds (5 articles) and a 25-article story, cold and warm.

Each case runs in a fresh Python process (``--child``) so "cold" really includes importing
the package and loading the embedding model, with the embedding cache pointed at an empty
folder (``$STORYTRACE_CACHE``). In that process the story is analysed twice through
``storytrace.pipeline.analyze_story`` (every component: align, provenance, quotes, claims,
framing, brief): the first run is cold, the second warm (vectors in memory). A second
process on the same cache folder gives "warm from disk" (model not loaded at all).

The 25-article story is built from the packaged demo corpus, the seeds when present
(../shared/seeds) and variants generated here from their sentences (excerpts, reordered
and lightly edited copies, reposts with promotional lines): no outside text.

Printed: wall and CPU seconds, peak memory (ru_maxrss), the share of time spent embedding,
sentences embedded per second, per-component times, and each target with PASS/FAIL.

    python bench/bench_analyze.py             # both cases
    python bench/bench_analyze.py --case seeds
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "storytrace" / "demo" / "articles"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGETS = {("seeds", "cold"): 5.0, ("seeds", "warm"): 1.0, ("story25", "cold"): 30.0}

# Edits a copy desk makes; applied to a few sentences of a variant.
EDITS = [
    (" said ", " stated "),
    (" told ", " informed "),
    (" about ", " around "),
    (" more than ", " over "),
    (" does not ", " doesn't "),
    (" on Tuesday", ""),
    (" on Friday", ""),
    (" very ", " "),
]
PROMOS = [
    "Subscribe to our morning newsletter for the day's top stories.",
    "Follow us for live updates on this developing story.",
    "Advertisement: compare energy prices in your area today.",
]


def _variants(base: list[tuple[str, list[str]]], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n`` generated (id, raw) variants of the base articles' sentences."""
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        name, sents = base[k % len(base)]
        mode = k % 4
        if mode == 0:  # condensed: the lead and every third sentence
            picked = [s for i, s in enumerate(sents) if i == 0 or i % 3 == 0]
        elif mode == 1:  # light edits on every other sentence
            picked = []
            for i, s in enumerate(sents):
                if i % 2:
                    old, new = rnd.choice(EDITS)
                    s = s.replace(old, new, 1)
                picked.append(s)
        elif mode == 2:  # paragraphs reordered after the lead
            rest = sents[1:]
            rnd.shuffle(rest)
            picked = sents[:1] + rest
        else:  # repost with promotional lines spliced in
            picked = list(sents)
            for promo in PROMOS:
                picked.insert(rnd.randrange(1, len(picked)), promo)
        raw = "\n\n".join(" ".join(picked[i : i + 2]) for i in range(0, len(picked), 2))
        out.append((f"variant-{k:02d}-{name}", raw + "\n"))
    return out


def build(case: str) -> list[Any]:
    from storytrace.api import load_articles, prepare
    from storytrace.types import Article

    seeds = sorted(str(p) for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if case == "seeds":
        if not seeds:
            raise SystemExit(f"seeds not found at {SEEDS}: run with --case story25")
        return load_articles(seeds)
    arts = load_articles([str(DEMO), *seeds])
    base = [(a.id[:24], [s.text for s in a.sentences]) for a in arts if len(a.sentences) >= 6]
    for vid, raw in _variants(base, 25 - len(arts)):
        digest = hashlib.sha1(raw.encode()).hexdigest()
        arts.append(prepare(Article(id=vid, raw=raw, content_hash=digest)))
    return arts


def child(case: str) -> None:
    """Runs in a fresh process: build the story, analyse it cold then warm, print JSON."""
    t_start, c_start = time.perf_counter(), time.process_time()
    from storytrace.align.embed import get_embedder
    from storytrace.pipeline import analyze_story

    arts = build(case)
    t_built = time.perf_counter()
    runs = []
    for _ in range(2):
        emb = get_embedder()
        before = emb.computed
        t0, c0 = time.perf_counter(), time.process_time()
        story = analyze_story(arts)
        runs.append(
            {
                "wall_s": round(time.perf_counter() - t0, 3),
                "cpu_s": round(time.process_time() - c0, 3),
                "embed_s": story.stats["align"]["embed_s"],
                "embedded": emb.computed - before,
                "timings_s": story.run.timings_s(),
            }
        )
    result = {
        "case": case,
        "articles": len(arts),
        "sentences": story.stats["align"]["sentences"],
        "build_s": round(t_built - t_start, 3),
        "process_wall_s": round(time.perf_counter() - t_start, 3),
        "process_cpu_s": round(time.process_time() - c_start, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": runs,
        "origins": story.independent_sources,
    }
    print(json.dumps(result))


def _spawn(case: str, cache: str) -> dict[str, Any]:
    env = dict(os.environ, STORYTRACE_CACHE=cache)
    cmd = [sys.executable, __file__, "--child", case]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{case}: the benchmark process failed:\n{done.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def _report(label: str, res: dict[str, Any], run: dict[str, Any]) -> None:
    share = run["embed_s"] / run["wall_s"] if run["wall_s"] else 0.0
    rate = run["embedded"] / run["embed_s"] if run["embed_s"] and run["embedded"] else 0.0
    stages = " ".join(f"{k}={v:.2f}" for k, v in run["timings_s"].items())
    print(
        f"  {label:<16} wall {run['wall_s']:6.2f} s  cpu {run['cpu_s']:6.2f} s  "
        f"embedding {share:4.0%} ({run['embedded']} new, {rate:.0f}/s)  [{stages}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=["seeds", "story25", "all"], default="all")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    cases = ["seeds", "story25"] if args.case == "all" else [args.case]
    if "seeds" in cases and not SEEDS.is_dir():
        print(f"seeds not found at {SEEDS}: skipping the seeds case")
        cases.remove("seeds")
    failed = False
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as cache:
            cold = _spawn(case, cache)
            disk = _spawn(case, cache)
        print(
            f"{case}: {cold['articles']} articles, {cold['sentences']} sentences, "
            f"{cold['origins']} origins; peak memory {cold['peak_rss_mb']} MB"
        )
        _report("cold", cold, cold["runs"][0])
        _report("warm (memory)", cold, cold["runs"][1])
        _report("warm (disk)", disk, disk["runs"][0])
        print(
            f"  cold process total (import + build + analyse) {cold['process_wall_s']:.2f} s, "
            f"building the story {cold['build_s']:.2f} s"
        )
        checks = {"cold": cold["runs"][0]["wall_s"], "warm": disk["runs"][0]["wall_s"]}
        for mode, value in checks.items():
            limit = TARGETS.get((case, mode))
            if limit is not None:
                ok = value <= limit
                failed |= not ok
                print(f"  target {mode} <= {limit:.0f} s: {value:.2f} s {'PASS' if ok else 'FAIL'}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
