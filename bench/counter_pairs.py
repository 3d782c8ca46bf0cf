"""COUNTER dev pairs (../shared/data/counter-dev): load, analyse, and measure reuse evidence.

Each pair is one two-article story (the agency copy and the newspaper's story), cleaned,
aligned and measured the way :func:`storytrace.provenance.relate` measures it. The
alignment features of every pair are cached in
``$STORYTRACE_CACHE/counter-dev-evidence.json`` (keyed by the texts and the code that
measures them), so refits and benches do not re-align.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from storytrace.align import align_story
from storytrace.clean import prepare
from storytrace.ingest import content_hash
from storytrace.provenance import reuse
from storytrace.types import Alignment, Article, Story

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "counter-dev"
LABELS = ("WD", "PD", "ND")
LEVEL = {"WD": "wholly", "PD": "partially", "ND": "none"}
_WORD = re.compile(r"[^\W_]+")


def load(data: Path = DATA) -> list[dict[str, Any]]:
    """The labelled pairs, in file order."""
    text = (data / "pairs.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def study_args(
    name: str, description: str, argv: Sequence[str] | None
) -> tuple[argparse.Namespace, list[dict[str, Any]]] | None:
    """The derivation studies' command line (``--data``, ``--no-nested``) and the pairs it
    names; ``None`` after saying what to pass when the folder has no ``pairs.jsonl``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--no-nested", action="store_true", help="skip the nested CV")
    args = parser.parse_args(argv)
    if not (args.data / "pairs.jsonl").exists():
        print(f"{name}: {args.data}: no pairs.jsonl; pass --data DIR", file=sys.stderr)
        return None
    return args, load(args.data)


def article(side: dict[str, Any], article_id: str) -> Article:
    return prepare(
        Article(
            id=article_id,
            raw=side["text"],
            title=side.get("title"),
            outlet=side.get("outlet"),
            published=side.get("published"),
            content_hash=content_hash(side["text"]),
        )
    )


def pair_story(pair: dict[str, Any]) -> Story:
    """The pair as one aligned story: ``src`` (agency) and ``tgt`` (newspaper)."""
    arts = (article(pair["source"], "src"), article(pair["derived"], "tgt"))
    return align_story(Story(articles=arts))


# The alignment features are the costly part (the pair is embedded and aligned); they are
# cached, keyed by the texts and this code. Word-level evidence is recomputed every time.
_ALIGNED = ("aligned", "merged")


def _code_version() -> str:
    return hashlib.sha256(inspect.getsource(reuse._aligned).encode()).hexdigest()[:12]


def evidence(
    pairs: list[dict[str, Any]],
    log: Callable[[str], None] = lambda _: None,
) -> list[dict[str, float]]:
    """Reuse evidence (``reuse.FEATURES``) of each pair's newspaper story from its agency
    copy."""
    cache_dir = Path(os.environ.get("STORYTRACE_CACHE", Path.home() / ".cache" / "storytrace"))
    cache_file = cache_dir / "counter-dev-evidence.json"
    cache: dict[str, dict[str, float]] = {}
    if cache_file.exists():
        cache = json.loads(cache_file.read_text(encoding="utf-8"))
    version = _code_version()
    out = []
    for n, pair in enumerate(pairs):
        key = hashlib.sha256(
            (version + pair["source"]["text"] + "\0" + pair["derived"]["text"]).encode()
        ).hexdigest()
        alignments: tuple[Alignment, ...] = ()
        known = all(name in cache.get(key, {}) for name in _ALIGNED)
        if known:
            src, tgt = article(pair["source"], "src"), article(pair["derived"], "tgt")
        else:
            story = pair_story(pair)
            src, tgt = story.articles
            alignments = story.alignments
        ev = reuse.reuse_evidence(
            tgt, src, reuse.article_grams(tgt), reuse.article_grams(src), alignments
        )
        if not known:
            cache[key] = {name: ev[name] for name in _ALIGNED}
            if n % 20 == 0:
                log(f"  evidence {n}/{len(pairs)}")
                _save(cache_file, cache)
        out.append({**ev, **cache[key]})
    _save(cache_file, cache)
    return out


def languages(pairs: list[dict[str, Any]], min_share: float = 0.05) -> list[str]:
    """The languages (as detected by ``prepare``) of at least ``min_share`` of the pairs'
    articles: where a model fitted on these pairs is measured."""
    found = [article(pair[side], side).language for pair in pairs for side in ("source", "derived")]
    return sorted({lang for lang in found if lang and found.count(lang) >= min_share * len(found)})


def word_evidence(pairs: list[dict[str, Any]]) -> list[dict[str, float]]:
    """Reuse evidence of each pair measured without the sentence alignment (no embedding:
    ``aligned`` and ``merged`` are 0); what the shipped model reads."""
    out = []
    for pair in pairs:
        src, tgt = article(pair["source"], "src"), article(pair["derived"], "tgt")
        out.append(
            reuse.reuse_evidence(tgt, src, reuse.article_grams(tgt), reuse.article_grams(src), ())
        )
    return out


def _save(cache_file: Path, cache: dict[str, dict[str, float]]) -> None:
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache), encoding="utf-8")


def containment_baseline(pair: dict[str, Any]) -> list[float]:
    """The baseline's features: containment of the newspaper story's word 1..5-grams in
    the agency copy (plain lower-cased letter/digit runs of the raw texts)."""
    s = _WORD.findall(pair["source"]["text"].lower())
    t = _WORD.findall(pair["derived"]["text"].lower())
    out = []
    for n in range(1, 6):
        sg = {tuple(s[i : i + n]) for i in range(len(s) - n + 1)}
        tg = {tuple(t[i : i + n]) for i in range(len(t) - n + 1)}
        out.append(len(tg & sg) / max(1, len(tg)))
    return out
