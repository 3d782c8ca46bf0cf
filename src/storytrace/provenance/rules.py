"""The decision rules of provenance: when a pair is linked, shares a story, what kind of
derivation it is, and whether two articles come from one newsroom.

Every threshold comes from ``[relations]`` (see ``defaults.toml`` for how each was measured).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..types import Article, RelationKind
from .direction import ArticleClues
from .features import PairFeatures, sentence_chars


def is_linked(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether one article of the pair was made from the other (either direction)."""
    # A brief of one or two sentences cannot share three: the minimums shrink with it.
    if len(f.alignments) < min(int(cfg["link_min_alignments"]), f.shortest):
        return False
    translated = f.translated_share >= float(cfg["translation_min_share"])
    if short_in_own_words(f, cfg):
        return False  # a lead in its own words is no evidence of copying
    if translated:
        # Across languages match scores are lower; a translation is told from a foreign
        # report of the same event by how much of one side it covers, in order.
        wide = max(f.cov_a, f.cov_b) >= float(cfg["translation_link_coverage"])
        return wide and f.order >= float(cfg["translation_link_order"])
    parallel = min(f.cov_a, f.cov_b) >= float(cfg["parallel_link_coverage"])
    if parallel and f.order >= float(cfg["parallel_link_order"]):
        # Sentence by sentence, in the same order, covering each other: a rewrite, however
        # free its wording (an independent report has its own facts and its own order).
        return True
    strong = f.strong >= min(int(cfg["link_min_strong"]), f.shortest)
    return strong and max(f.wcov_a, f.wcov_b) >= float(cfg["link_min_weighted_coverage"])


def on_meaning_alone(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether a pair the rules link rests on what its sentences mean, not on copied
    words: its matched text is mostly not verbatim or close (``short_link_min_verbatim_share``)
    and it shares fewer than ``short_link_min_wording`` of its 4-word runs outside quotes.
    Two reports of one event state the same facts, so such a link is weighed against the
    other pairs of the story (:func:`.relate._accept_joining`); a translation is not."""
    if f.translated_share >= float(cfg["translation_min_share"]):
        return False
    return f.verbatim_share < float(cfg["short_link_min_verbatim_share"]) and f.wording < float(
        cfg["short_link_min_wording"]
    )


def short_in_own_words(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether the shorter article is a brief or a lead (fewer than ``short_link_sentences``
    sentences) that is not translated and whose matched text is mostly not copied wording,
    or that shares few word runs outside quotes and keeps the words of fewer than
    ``link_min_alignments`` sentences: two reporters who sum an event up in a few
    sentences write alike on their own and quote the same statement, so neither parallel
    structure nor the reuse models' word shares tell a copy there."""
    if f.shortest >= int(cfg["short_link_sentences"]):
        return False
    if f.translated_share >= float(cfg["translation_min_share"]):
        return False
    if f.verbatim_share < float(cfg["short_link_min_verbatim_share"]):
        return True
    # Words kept only inside quotes: one or two quoted sentences are a statement every
    # report quotes; a reprint keeps link_min_alignments sentences or more.
    kept = sum(1 for al in f.alignments if al.kind in ("verbatim", "close"))
    return f.wording < float(cfg["short_link_min_wording"]) and kept < int(
        cfg["link_min_alignments"]
    )


def shares(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether the pair shares enough content to join two groups into one story."""
    enough = len(f.alignments) >= int(cfg["group_min_alignments"])
    return enough and max(f.cov_a, f.cov_b) >= float(cfg["group_min_coverage"])


def meaningful(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether the pair shares any content worth reporting (a fact, a quote)."""
    best = max((al.score for al in f.alignments), default=0.0)
    return shares(f, cfg) or best >= float(cfg["meaningful_score"])


def story_groups(
    ids: list[str], feats: dict[tuple[str, str], PairFeatures], cfg: dict[str, Any]
) -> list[list[str]]:
    """Groups of articles of one story: joined by substantial sharing; an article that
    joins no group keeps to the one it shares its best match with, if that match is
    meaningful. One stray match never merges two stories."""
    groups = components(ids, [k for k, f in feats.items() if shares(f, cfg)])
    where = {i: n for n, g in enumerate(groups) for i in g}
    alone = {g[0] for g in groups if len(g) == 1}
    by_art: dict[str, list[tuple[tuple[str, str], PairFeatures]]] = defaultdict(list)
    for k, f in feats.items():
        for i in k:
            if i in alone:
                by_art[i].append((k, f))
    for art in sorted(alone):
        partners = [
            (max(al.score for al in f.alignments), k[0] if k[1] == art else k[1])
            for k, f in by_art[art]
            if meaningful(f, cfg)
        ]
        if partners:
            where[art] = where[max(partners)[1]]
    merged: dict[int, list[str]] = defaultdict(list)
    for i in ids:
        merged[where[i]].append(i)
    return sorted((sorted(g) for g in merged.values()), key=lambda g: g[0])


def classify(
    source: Article,
    target: Article,
    f: PairFeatures,
    clues: dict[str, ArticleClues],
    cfg: dict[str, Any],
) -> tuple[RelationKind, list[str]]:
    """The kind of derivation of ``target`` from ``source``, with reasons."""
    cov_t, cov_s = f.cov(target.id), f.cov(source.id)
    if f.translated_share >= float(cfg["translation_min_share"]):
        return "translation", [f"{f.translated_share:.0%} of the matched text is translated"]
    extra = f.artefact_score(target.id) - f.artefact_score(source.id)
    if (
        extra >= int(cfg["roundtrip_min_artefacts"])
        and f.one_to_one >= float(cfg["roundtrip_min_one_to_one"])
        and f.order >= float(cfg["roundtrip_min_order"])
        and min(cov_t, cov_s) >= float(cfg["roundtrip_min_coverage"])
    ):
        return "translation", [
            f"sentence-by-sentence version ({f.one_to_one:.0%} one-to-one, order kept "
            f"{f.order:.0%}) carrying {extra} translation artefacts the source lacks: "
            "a machine-translated round trip"
        ]
    short = sentence_chars(target) <= float(cfg["excerpt_max_length_ratio"]) * sentence_chars(
        source
    )
    if cov_s <= float(cfg["excerpt_max_source_coverage"]) and short:
        return "excerpt", [
            f"covers only {cov_s:.0%} of {source.id} while {cov_t:.0%} of it is matched there"
        ]
    if f.verbatim_share >= float(cfg["copy_min_verbatim_share"]):
        return "copy", [f"{f.verbatim_share:.0%} of the matched text keeps the same words"]
    return "rewrite", [
        f"same content reworded ({1 - f.verbatim_share:.0%} of matched text rewritten)"
    ]


def _outlet_keys(name: str | None) -> set[str]:
    if not name:
        return set()
    low = name.lower().strip()
    low = re.sub(r"^https?://", "", low)
    low = re.sub(r"^www\.", "", low)
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/.*)?", low):
        low = low.split("/")[0].rsplit(".", 1)[0]
    parts = re.findall(r"[^\W_]+", low)
    keys = {"".join(parts)}
    if len(parts) > 1:
        keys.add("".join(p[0] for p in parts))
        keys.add("".join(p[0] for p in parts if p not in {"of", "the", "and", "de", "la"}))
    return {k for k in keys if len(k) >= 3}


# Bylines that name a desk, not a person: shared by unrelated articles of many outlets.
_GENERIC_AUTHOR = re.compile(
    r"\b(?:staff|desk|editors?|editorial|admin|newsroom|team|web|digital|online|wires?|"
    r"agency|agencies|contributors?|correspondents?)\b",
    re.IGNORECASE,
)


def same_house(a: Article, b: Article) -> str | None:
    """Why ``a`` and ``b`` come from one newsroom (outlet prefix or author), or ``None``."""
    ka, kb = _outlet_keys(a.outlet), _outlet_keys(b.outlet)
    if any(x.startswith(y) or y.startswith(x) for x in ka for y in kb):
        return f"same outlet ({a.outlet} / {b.outlet})"
    if (
        a.author
        and b.author
        and a.author.strip().lower() == b.author.strip().lower()
        and not _GENERIC_AUTHOR.search(a.author)
    ):
        return f"same author ({a.author})"
    return None


def confidence(f: PairFeatures, target: str, d: float, certain: bool) -> float:
    strength = min(1.0, f.wcov(target) / 0.6)
    sure = min(1.0, 0.5 + abs(d) / 2)
    conf = 0.5 * strength + 0.5 * sure
    # Content clues never make a derivation certain beyond doubt: cap below 1.
    return round(min(conf, 0.6) if not certain else min(conf, 0.95), 3)


def components(ids: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in edges:
        parent[find(x)] = find(y)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
