"""Relations between the articles of a story, and the independent origins they trace to.

1. Measure every aligned pair (:mod:`.features`). A pair is *linked* (one derives from the
   other) when one side is substantially covered by well-scored alignments; a pair that
   shares only some content is *related* (same event, reported apart).
2. Vote on each linked pair's direction (:mod:`.direction`) and rank the articles by how
   much of a source each one is. Each article takes as its one parent the linked article
   ranked before it that covers it best, so the derivation graph is acyclic by
   construction.
3. Roots start origins; a root from the same outlet (name prefix) or the same author as an
   earlier origin that shares content with it joins that origin (a re-edited service
   version is not an independent report). Roots of different origins that share content
   get an ``independent`` relation.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from collections import defaultdict
from typing import Any

from ..config import section
from ..types import Alignment, Article, Origin, Relation, RelationKind, Story
from .direction import ArticleClues, article_clues, direction_vote
from .features import (
    PairFeatures,
    artefacts,
    outside_quote_shingles,
    pair_features,
    quoted_sentences,
    sentence_chars,
)
from .order import source_order


def _linked(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether one article of the pair was made from the other (either direction)."""
    if len(f.alignments) < int(cfg["link_min_alignments"]):
        return False
    if f.translated_share >= float(cfg["translation_min_share"]):
        # Across languages match scores are lower; a translation is told from a foreign
        # report of the same event by how much of one side it covers, in order.
        wide = max(f.cov_a, f.cov_b) >= float(cfg["translation_link_coverage"])
        return wide and f.order >= float(cfg["translation_link_order"])
    parallel = min(f.cov_a, f.cov_b) >= float(cfg["parallel_link_coverage"])
    if parallel and f.order >= float(cfg["parallel_link_order"]):
        # Sentence by sentence, in the same order, covering each other: a rewrite, however
        # free its wording (an independent report has its own facts and its own order).
        return True
    strong = f.strong >= int(cfg["link_min_strong"])
    return strong and max(f.wcov_a, f.wcov_b) >= float(cfg["link_min_weighted_coverage"])


def _shares(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether the pair shares enough content to join two groups into one story."""
    enough = len(f.alignments) >= int(cfg["group_min_alignments"])
    return enough and max(f.cov_a, f.cov_b) >= float(cfg["group_min_coverage"])


def _meaningful(f: PairFeatures, cfg: dict[str, Any]) -> bool:
    """Whether the pair shares any content worth reporting (a fact, a quote)."""
    best = max((al.score for al in f.alignments), default=0.0)
    return _shares(f, cfg) or best >= float(cfg["meaningful_score"])


def _story_groups(
    ids: list[str], feats: dict[tuple[str, str], PairFeatures], cfg: dict[str, Any]
) -> list[list[str]]:
    """Groups of articles of one story: joined by substantial sharing; an article that
    joins no group keeps to the one it shares its best match with, if that match is
    meaningful. One stray match never merges two stories."""
    groups = _components(ids, [k for k, f in feats.items() if _shares(f, cfg)])
    where = {i: n for n, g in enumerate(groups) for i in g}
    for g in [g for g in groups if len(g) == 1]:
        (art,) = g
        partners = [
            (max(al.score for al in f.alignments), k[0] if k[1] == art else k[1])
            for k, f in feats.items()
            if art in k and _meaningful(f, cfg)
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


def same_house(a: Article, b: Article) -> str | None:
    """Why ``a`` and ``b`` come from one newsroom (outlet prefix or author), or ``None``."""
    ka, kb = _outlet_keys(a.outlet), _outlet_keys(b.outlet)
    if any(x.startswith(y) or y.startswith(x) for x in ka for y in kb):
        return f"same outlet ({a.outlet} / {b.outlet})"
    if a.author and b.author and a.author.strip().lower() == b.author.strip().lower():
        return f"same author ({a.author})"
    return None


def _confidence(f: PairFeatures, target: str, d: float, certain: bool) -> float:
    strength = min(1.0, f.wcov(target) / 0.6)
    sure = min(1.0, 0.5 + abs(d) / 2)
    conf = 0.5 * strength + 0.5 * sure
    return round(min(conf, 0.6) if not certain else conf, 3)


def _components(ids: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
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


def relate(story: Story, settings: dict[str, Any] | None = None) -> Story:
    """Fill ``story.relations`` and ``story.origins`` from ``story.alignments``.

    Args:
        story: a story that went through :func:`storytrace.align.align_story`.
        settings: the ``[relations]`` table; the configured one when omitted.

    Returns:
        A copy with relations (one parent per derived article, ``independent`` between
        origin roots sharing content), origins ``o1``..., and ``stats["story_groups"]``.
    """
    cfg = settings if settings is not None else section("relations")
    t0 = time.perf_counter()
    stats = dict(story.stats)
    warnings: list[str] = list(stats.get("warnings", []))
    arts = {a.id: a for a in story.articles if any(s.text.strip() for s in a.sentences)}
    ids = sorted(arts)
    by_pair: dict[tuple[str, str], list[Alignment]] = defaultdict(list)
    for al in story.alignments:
        if al.a in arts and al.b in arts:
            by_pair[(min(al.a, al.b), max(al.a, al.b))].append(al)
    shingle_sets = {i: outside_quote_shingles(arts[i]) for i in ids}
    artefact_sets = {i: artefacts(arts[i]) for i in ids}
    quote_sets = {i: quoted_sentences(arts[i]) for i in ids}
    feats = {
        key: pair_features(
            arts[key[0]],
            arts[key[1]],
            als,
            shingle_sets,
            artefact_sets,
            quote_sets,
            float(cfg["strong_score"]),
            float(cfg["roundtrip_min_coverage"]),
        )
        for key, als in sorted(by_pair.items())
    }
    linked = {k: f for k, f in feats.items() if _linked(f, cfg)}
    clues = {i: article_clues(arts[i]) for i in ids}
    for (x, y), f in linked.items():
        clues[x].convergence[y] = f.wcov(y)
        clues[y].convergence[x] = f.wcov(x)
    linked_count = len({i for k in linked for i in k})

    votes: dict[tuple[str, str], tuple[float, list[str]]] = {}
    for (x, y), f in linked.items():
        votes[(x, y)] = direction_vote(x, y, f, clues, linked_count, cfg)

    def tiebreak(i: str) -> tuple[object, ...]:
        return (clues[i].day or "9999", -sentence_chars(arts[i]), i)

    order = source_order(ids, {k: v[0] for k, v in votes.items()}, tiebreak)
    rank = {i: n for n, i in enumerate(order)}
    parent: dict[str, str] = {}
    relations: list[Relation] = []
    derived_rel: dict[str, Relation] = {}
    margin = float(cfg["direction_margin"])

    def derive(src: str, tgt: str, extra_reason: str | None = None) -> None:
        key = (min(src, tgt), max(src, tgt))
        f = feats[key]
        if key not in votes:
            votes[key] = direction_vote(key[0], key[1], f, clues, linked_count, cfg)
        d, reasons = votes[key]
        d_src = d if key[0] == src else -d
        certain = d_src >= margin
        kind, why = classify(arts[src], arts[tgt], f, clues, cfg)
        if arts[src].content_hash and arts[src].content_hash == arts[tgt].content_hash:
            kind, certain, why = "copy", False, ["identical text (same content hash)"]
        if not certain:
            why.append("direction uncertain: the clues do not clearly say which came first")
        if extra_reason:
            why.append(extra_reason)
        parent[tgt] = src
        derived_rel.pop(tgt, None)
        derived_rel[tgt] = Relation(
            source=src,
            target=tgt,
            kind=kind,
            confidence=_confidence(f, tgt, d_src, certain),
            coverage=round(f.cov(tgt), 4),
            source_coverage=round(f.cov(src), 4),
            direction_certain=certain,
            evidence=f.alignments,
            reasons=tuple(why + reasons),
        )

    def _earliest_version(src: str, tgt: str) -> str:
        """Climb from ``src`` to the earliest version of the same whole text.

        A full copy or round-trip translation says everything its original says, so a
        target matched through it is attached to the original when it shares content with
        it too (wording artefacts of the copy cannot be told from the target's own edits).
        """
        floor = float(cfg["equivalent_coverage"])
        while src in parent:
            up = parent[src]
            f = feats[(min(src, up), max(src, up))]
            if min(f.cov_a, f.cov_b) < floor or (min(up, tgt), max(up, tgt)) not in feats:
                break
            src = up
        return src

    for tgt in order:
        parents = [
            (f.wcov(tgt), y if x == tgt else x)
            for (x, y), f in linked.items()
            if tgt in (x, y) and rank[y if x == tgt else x] < rank[tgt]
        ]
        if parents:
            # Among parents that cover the target about equally well (a copy and its
            # original), the more original one is the likelier source.
            best_w = max(w for w, _ in parents)
            near = [p for w, p in parents if w >= best_w - float(cfg["parent_tie"])]
            derive(_earliest_version(min(near, key=lambda p: rank[p]), tgt), tgt)

    def root_of(i: str) -> str:
        while i in parent:
            i = parent[i]
        return i

    def path_up(i: str) -> list[str]:
        out = [i]
        while out[-1] in parent:
            out.append(parent[out[-1]])
        return out

    # A group of copies may hang on a copy that carries no link to the original while
    # another member does (the link sits on whichever copy the evidence reached): re-root
    # the group at that member and attach it to its source, when only uncertain copy
    # directions are turned around.
    for root in order:
        if root in parent:
            continue
        options = []
        for (x, y), f in linked.items():
            for m, s_ in ((x, y), (y, x)):
                if root_of(m) != root or rank[root_of(s_)] >= rank[root]:
                    continue
                d = votes[(x, y)][0] if (x, y) in votes else 0.0
                d_src = d if x == s_ else -d
                path = path_up(m)
                turned = [derived_rel[n] for n in path[:-1]]
                if d_src > -margin and not any(r.direction_certain for r in turned):
                    options.append((f.wcov(m), s_, m, path))
        if options:
            _, s_, m, path = max(options, key=lambda o: (o[0], o[1], o[2]))
            for child in path:
                derived_rel.pop(child, None)
                parent.pop(child, None)
            for child, up in itertools.pairwise(path):
                derive(child, up, "direction turned: the group of copies joins its source")
            derive(_earliest_version(s_, m), m)

    # Same newsroom: a root that shares content with an earlier origin of its outlet/author.
    for tgt in order:
        if tgt in parent:
            continue
        for src in order[: rank[tgt]]:
            key = (min(src, tgt), max(src, tgt))
            why = same_house(arts[src], arts[tgt])
            if key in feats and why and _meaningful(feats[key], cfg) and root_of(src) != tgt:
                derive(src, tgt, f"{why}: a re-edited version, not an independent origin")
                break

    relations.extend(derived_rel.values())
    roots = [i for i in order if i not in parent]
    origin_of = {r: f"o{n + 1}" for n, r in enumerate(roots)}
    members: dict[str, list[str]] = defaultdict(list)
    for i in order:
        members[root_of(i)].append(i)
    origins = tuple(Origin(origin_of[r], r, tuple(members[r])) for r in roots)

    groups = _story_groups(ids, feats, cfg)
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    root_index = {i: root_of(i) for i in ids}
    between: dict[tuple[str, str], list[PairFeatures]] = defaultdict(list)
    for k, f in feats.items():
        ra, rb = root_index[k[0]], root_index[k[1]]
        # Independent reports of one story only: a stray match across stories is no relation.
        same_story = group_of[ra] == group_of[rb]
        if ra != rb and same_story and _meaningful(f, cfg):
            between[(ra, rb) if rank[ra] < rank[rb] else (rb, ra)].append(f)
    for r1, r2 in sorted(between, key=lambda p: (rank[p[0]], rank[p[1]])):
        shared = between[(r1, r2)]
        direct = feats.get((min(r1, r2), max(r1, r2)))
        top = direct or max(shared, key=lambda f: len(f.alignments))
        relations.append(
            Relation(
                source=r1,
                target=r2,
                kind="independent",
                confidence=round(max(0.3, min(0.95, 1 - max(top.wcov_a, top.wcov_b))), 3),
                coverage=round(direct.cov(r2), 4) if direct else 0.0,
                source_coverage=round(direct.cov(r1), 4) if direct else 0.0,
                direction_certain=False,
                evidence=top.alignments,
                reasons=(
                    f"same event reported apart: {len(top.alignments)} matched sentences "
                    f"({top.a}/{top.b}), {top.wording:.0%} shared wording outside quotes",
                ),
            )
        )

    stats["story_groups"] = groups
    if len(groups) > 1:
        warnings.append(
            f"the input seems to hold {len(groups)} stories (articles sharing no content: "
            + "; ".join(", ".join(g) for g in groups)
            + ")"
        )
    for art in story.articles:
        if art.id not in arts:
            warnings.append(f"{art.id}: no sentences; not counted as an origin")
    stats["warnings"] = list(dict.fromkeys(warnings))
    stats["relate"] = {
        "pairs": len(feats),
        "linked": len(linked),
        "seconds": round(time.perf_counter() - t0, 4),
    }
    return dataclasses.replace(story, relations=tuple(relations), origins=origins, stats=stats)
