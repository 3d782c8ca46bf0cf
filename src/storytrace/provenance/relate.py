"""Relations between the articles of a story, and the independent origins they trace to.

1. Measure every aligned pair (:mod:`.features`). A pair is *linked* (one was made from the
   other, :func:`.rules.is_linked`) when the texts run in parallel or share strong
   non-quote matches; a pair that shares only some content is *related* (same event,
   reported apart).
2. Vote on each linked pair's direction (:mod:`.direction`) and lay the articles out
   source-first (:mod:`.order`). Each article takes as its one parent the linked article
   placed before it that covers it best, climbing to the earliest whole-text version of
   that parent, so the derivation graph is a forest by construction. A group of copies
   hanging on a member without a link is re-rooted at the member that has one.
3. Roots start origins; a root from the same outlet (name prefix) or the same author as an
   earlier origin that shares content with it joins that origin (a re-edited service
   version is not an independent report). Roots of different origins in one story that
   share content get an ``independent`` relation.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections import defaultdict
from typing import Any

from ..settings import RelationsSettings, Settings
from ..types import Alignment, Origin, Relation, Story
from .direction import article_clues, direction_vote
from .features import (
    PairFeatures,
    artefacts,
    outside_quote_shingles,
    pair_features,
    quoted_sentences,
    sentence_chars,
)
from .order import source_order
from .rules import classify, confidence, is_linked, meaningful, same_house, story_groups


def relate(story: Story, settings: RelationsSettings | None = None) -> Story:
    """Fill ``story.relations`` and ``story.origins`` from ``story.alignments``.

    Args:
        story: a story that went through :func:`storytrace.align.align_story`.
        settings: the ``[relations]`` table; the packaged defaults when omitted.

    Returns:
        A copy with relations (one parent per derived article, ``independent`` between
        origin roots sharing content), origins ``o1``..., and ``stats["story_groups"]``.
    """
    cfg: Any = settings if settings is not None else Settings.default().relations
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
    linked = {k: f for k, f in feats.items() if is_linked(f, cfg)}
    matched: dict[str, set[int]] = defaultdict(set)
    for al in story.alignments:
        matched[al.a].update(al.a_sents)
        matched[al.b].update(al.b_sents)
    clues = {i: article_clues(arts[i], matched[i]) for i in ids}
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
            confidence=confidence(f, tgt, d_src, certain),
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
            if key in feats and why and meaningful(feats[key], cfg) and root_of(src) != tgt:
                derive(src, tgt, f"{why}: a re-edited version, not an independent origin")
                break

    relations.extend(derived_rel.values())
    roots = [i for i in order if i not in parent]
    origin_of = {r: f"o{n + 1}" for n, r in enumerate(roots)}
    members: dict[str, list[str]] = defaultdict(list)
    for i in order:
        members[root_of(i)].append(i)
    origins = tuple(Origin(origin_of[r], r, tuple(members[r])) for r in roots)

    groups = story_groups(ids, feats, cfg)
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    root_index = {i: root_of(i) for i in ids}
    between: dict[tuple[str, str], list[PairFeatures]] = defaultdict(list)
    for k, f in feats.items():
        ra, rb = root_index[k[0]], root_index[k[1]]
        # Independent reports of one story only: a stray match across stories is no relation.
        same_story = group_of[ra] == group_of[rb]
        if ra != rb and same_story and meaningful(f, cfg):
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
            f"the input seems to hold {len(groups)} stories that share no content: "
            + " | ".join(", ".join(g) for g in groups)
            + "; analyse each group on its own for a clean provenance"
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
