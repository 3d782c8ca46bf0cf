"""Relations between the articles of a story, and the independent origins they trace to.

1. Measure every aligned pair (:mod:`.features`) and its document-level reuse both ways
   (:mod:`.reuse`). A pair is *linked* (one was made from the other) when the texts run
   in parallel or share strong non-quote matches (:func:`.rules.is_linked`), or when the
   calibrated model finds the target's wording and structure taken from the source
   (reworded, condensed wire copy: the reuse model in a language it was fitted on, the
   cross-language link model elsewhere; :func:`.reuse.verdict`); a pair that shares only
   some content is *related* (same event, reported apart). A headline and lead (a short
   pair) is linked only when it keeps copied wording outside quotes
   (:func:`.rules.short_in_own_words`; the reuse model in its fitted languages excepted).
   A model link that would put into one linked group two articles sharing content but
   no wording (the link model's P below ``reuse_conflict_probability`` both ways, and no
   rule links them) is refused: the group holds independent reports. So is a rules'
   link on meaning alone (:func:`.rules.on_meaning_alone`: a few sentences saying the
   same thing, no copied wording) that would join two groups of two texts or more: one
   such link must not merge two chains of rewrites that the rest of the story keeps
   apart; a single article (or copies of one text) joining a group is judged on its
   own pair, as a rewrite of its source in its own words must be.
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
from ..text import plural
from ..types import Alignment, Article, Origin, Relation, Story
from .direction import article_clues, direction_vote
from .features import (
    PairFeatures,
    artefacts,
    outside_quote_shingles,
    pair_features,
    quoted_sentences,
    sentence_chars,
)
from .forest import Forest, Pair, key
from .order import source_order
from .pairs import partners, run_sharing_pairs
from .reuse import ArticleGrams, ReuseVerdict, article_grams, reuse_evidence, verdict
from .rules import (
    components,
    is_linked,
    meaningful,
    on_meaning_alone,
    same_house,
    short_in_own_words,
    story_groups,
)


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
    forest = _measure(story, cfg)
    _link(forest, story)
    order = _order(forest)
    _attach_parents(forest, order)
    _reroot_copy_groups(forest, order)
    _join_same_house(forest, order)
    origins = _origins(forest, order)
    groups = story_groups(sorted(forest.arts), forest.feats, cfg)
    relations = [*forest.derived.values(), *_independent(forest, groups)]
    stats = _stats(story, forest, groups, time.perf_counter() - t0)
    return dataclasses.replace(
        story,
        relations=tuple(relations),
        origins=origins,
        stats=stats,
        warnings=story.warned(*_warnings(story, forest, groups)),
    )


def _pairs(story: Story, arts: dict[str, Article]) -> dict[Pair, list[Alignment]]:
    by_pair: dict[Pair, list[Alignment]] = defaultdict(list)
    for al in story.alignments:
        if al.a in arts and al.b in arts:
            by_pair[key(al.a, al.b)].append(al)
    return by_pair


def _measure(story: Story, cfg: dict[str, Any]) -> Forest:
    """Phase 1: what each aligned pair shares, and its reuse verdict in both directions."""
    arts = {a.id: a for a in story.articles if any(s.text.strip() for s in a.sentences)}
    ids = sorted(arts)
    by_pair = _pairs(story, arts)
    shingle_sets = {i: outside_quote_shingles(arts[i]) for i in ids}
    artefact_sets = {i: artefacts(arts[i]) for i in ids}
    quote_sets = {i: quoted_sentences(arts[i]) for i in ids}
    feats = {
        k: pair_features(
            arts[k[0]],
            arts[k[1]],
            als,
            shingle_sets,
            artefact_sets,
            quote_sets,
            float(cfg["strong_score"]),
            float(cfg["roundtrip_min_coverage"]),
        )
        for k, als in sorted(by_pair.items())
    }
    grams = {i: article_grams(arts[i]) for i in ids}
    # Reworded copy the aligner matched nowhere still shares word runs: such pairs are
    # measured too (no alignments), so the reuse model can see them.
    for k in run_sharing_pairs(ids, grams, cfg):
        if k not in feats and _shares_runs(grams[k[0]], grams[k[1]], cfg):
            feats[k] = pair_features(
                arts[k[0]], arts[k[1]], (), shingle_sets, artefact_sets, quote_sets
            )
    reuse: dict[tuple[str, str], ReuseVerdict] = {}
    for (x, y), f in feats.items():
        lang = arts[x].language if arts[x].language == arts[y].language else None
        for src, tgt in ((x, y), (y, x)):
            ev = reuse_evidence(arts[tgt], arts[src], grams[tgt], grams[src], f.alignments)
            reuse[(src, tgt)] = verdict(ev, language=lang)
    matched: dict[str, set[int]] = defaultdict(set)
    for al in story.alignments:
        matched[al.a].update(al.a_sents)
        matched[al.b].update(al.b_sents)
    clues = {i: article_clues(arts[i], matched[i]) for i in ids}
    return Forest(cfg, arts, feats, clues, reuse)


def _shares_runs(a: ArticleGrams, b: ArticleGrams, cfg: dict[str, Any]) -> bool:
    """Whether two articles share at least ``reuse_min_shared_3grams`` word 3-grams."""
    small, large = sorted((a.grams[2], b.grams[2]), key=len)
    need = int(cfg["reuse_min_shared_3grams"])
    return need > 0 and sum(1 for g in small if g in large) >= need


def _link(forest: Forest, story: Story) -> None:
    """Phase 2: the linked pairs (alignment rules or link model) and their direction votes."""
    cfg = forest.cfg
    candidates = []
    meaning = []
    ruled: set[Pair] = set()
    for k, f in forest.feats.items():
        if is_linked(f, cfg):
            ruled.add(k)
            if on_meaning_alone(f, cfg):
                meaning.append((max(f.wcov_a, f.wcov_b), k))
            else:
                forest.by_rules.add(k)
                forest.linked[k] = f
        elif (p := _model_link_p(forest, k)) is not None:
            candidates.append((p, k))
    _accept_joining(forest, meaning, ruled, within=True)
    _accept_joining(forest, candidates, ruled, within=False)
    for (x, y), f in forest.linked.items():
        forest.clues[x].convergence[y] = f.wcov(y)
        forest.clues[y].convergence[x] = f.wcov(x)
    forest.linked_count = len({i for k in forest.linked for i in k})
    for x, y in forest.linked:
        forest.vote(x, y)


def _model_link_p(forest: Forest, k: Pair) -> float | None:
    """The P that one article of the pair was made from the other (``ReuseVerdict.p_link``:
    the reuse model's in a language it was fitted on, else the link model's), when the
    pair may be linked by it (``None`` otherwise).

    Same-language pairs only (word n-grams say nothing across languages: translations
    are the alignment rules' to find), not a brief or lead in its own words
    (:func:`.rules.short_in_own_words`) unless the reuse model was fitted on its language,
    above ``reuse_link_probability`` and the word
    5-gram and wording floors.
    """
    f, cfg = forest.feats[k], forest.cfg
    if f.translated_share >= float(cfg["translation_min_share"]):
        return None
    src, tgt = _reading(forest, k)
    verdict_ = forest.reuse[(src, tgt)]
    if short_in_own_words(f, cfg) and not verdict_.in_fitted_language:
        # The reuse model was fitted on short newspaper rewrites of agency copy in its
        # languages; the link model elsewhere only on reports far apart or reprinted.
        return None
    if (
        verdict_.p_link >= float(cfg["reuse_link_probability"])
        and verdict_.evidence["c5"] >= float(cfg["reuse_min_5gram_containment"])
        and f.wording >= float(cfg["reuse_min_wording"])
    ):
        return verdict_.p_link
    return None


def _reading(forest: Forest, k: Pair) -> tuple[str, str]:
    """(source, target): the way round the model reads a pair, as it was fitted.

    The way the direction clues (dates, coverage, residue...) point. When they do not tell:
    in a language the reuse model was fitted on, the later published article is the target
    (it was fitted on newspaper stories read from the agency copy of the day before; a
    short agency copy read from a longer independent report looks derived to it: with the
    shorter article as target, the shipped models linked 21 of the 59 non-derived COUNTER
    dev pairs, with the later one 14); else, or with no dates or the same day, the shorter article
    (a derivative mostly condenses).
    """
    f, cfg, clues = forest.feats[k], forest.cfg, forest.clues
    d, _ = direction_vote(k[0], k[1], f, clues, 2, cfg)
    if abs(d) >= float(cfg["direction_margin"]):
        return k if d > 0 else (k[1], k[0])
    day0, day1 = clues[k[0]].day, clues[k[1]].day
    if forest.reuse[k].in_fitted_language and day0 and day1 and day0 != day1:
        return k if day0 < day1 else (k[1], k[0])
    shorter = sentence_chars(forest.arts[k[0]]) <= sentence_chars(forest.arts[k[1]])
    return (k[1], k[0]) if shorter else k


def _accept_joining(
    forest: Forest, links: list[tuple[float, Pair]], ruled: set[Pair], *, within: bool
) -> None:
    """Link ``links``, strongest first, where a link joins two groups of linked articles
    and would not put into one group two that report the story in their own words.

    The rules' links on copied wording come first; then their links on meaning alone
    (``within``: kept inside a group too, weighed only when both groups hold two texts or
    more), then the model's (between groups only). A link joins two groups; if a pair
    across them shares content (it was measured) while the rules do not link it and the
    link model finds no reuse in it either way (P below ``reuse_conflict_probability``),
    the groups hold independent reports, and this link's weaker evidence (a few sentences
    meaning alike, or word-level reuse) yields to that. A lone article is exempt from
    that check for a link on meaning: its own rewrites' siblings share content without
    wording with it as independent reports do (seed 000, a condensed re-edit, against
    002, a paraphrase of the same source).
    """
    conflict = float(forest.cfg["reuse_conflict_probability"])
    versions = _whole_versions(forest)
    group = {i: i for i in forest.arts}

    def find(i: str) -> str:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for x, y in forest.linked:
        group[find(x)] = find(y)
    for _, k in sorted(links, key=lambda c: (-c[0], c[1])):
        gx, gy = find(k[0]), find(k[1])
        if gx == gy and not within:
            # Already grouped by stronger links: a model link would only rearrange the
            # group's forest, and could join origins the rules kept apart.
            continue
        if gx != gy:
            left = [i for i in forest.arts if find(i) == gx]
            right = [i for i in forest.arts if find(i) == gy]
            chains = min(_texts(left, versions), _texts(right, versions)) >= 2
            if (chains or not within) and any(
                _independent_pair(forest, u, v, conflict, ruled, versions)
                for u in left
                for v in right
                if (u, v) != k
            ):
                continue
            group[gx] = gy
        forest.linked[k] = forest.feats[k]
        if k in ruled:
            forest.by_rules.add(k)


def _independent_pair(
    forest: Forest,
    u: str,
    v: str,
    conflict: float,
    ruled: set[Pair],
    versions: dict[str, set[str]],
) -> bool:
    """Whether ``u`` and ``v`` share content, the rules link neither them nor whole-text
    versions of them, and the link model finds no reuse either way.

    A copy or round trip of ``v`` is the same text: a link to it is a link to ``v``, and
    the pair measured once more through another copy is no second opinion."""
    k = key(u, v)
    if k not in forest.feats or k in forest.linked:
        return False
    if any(key(x, y) in ruled for x in versions[u] for y in versions[v] if x != y):
        return False
    return max(forest.reuse[(u, v)].p_link, forest.reuse[(v, u)].p_link) < conflict


def _texts(members: list[str], versions: dict[str, set[str]]) -> int:
    """How many distinct texts ``members`` hold (whole-text versions counted once)."""
    return len({min(versions[i]) for i in members})


def _whole_versions(forest: Forest) -> dict[str, set[str]]:
    """Each article and its whole-text versions: the articles joined to it by links on
    copied wording that cover both sides at least ``equivalent_coverage``."""
    floor = float(forest.cfg["equivalent_coverage"])
    pairs = [k for k, f in forest.linked.items() if min(f.cov_a, f.cov_b) >= floor]
    return {i: set(g) for g in components(sorted(forest.arts), pairs) for i in g}


def _order(forest: Forest) -> list[str]:
    """Articles laid out source-first by the direction votes (ties: day, length, id)."""
    clues, arts = forest.clues, forest.arts

    def tiebreak(i: str) -> tuple[object, ...]:
        return (clues[i].day or "9999", -sentence_chars(arts[i]), i)

    order = source_order(sorted(arts), {k: v[0] for k, v in forest.votes.items()}, tiebreak)
    forest.rank = {i: n for n, i in enumerate(order)}
    return order


def _attach_parents(forest: Forest, order: list[str]) -> None:
    """Phase 3: each article's parent, the linked article before it covering it best."""
    rank, tie = forest.rank, float(forest.cfg["parent_tie"])
    linked_to = partners(forest.linked)
    for tgt in order:
        parents = [
            (forest.linked[key(tgt, other)].wcov(tgt), other)
            for other in linked_to.get(tgt, ())
            if rank[other] < rank[tgt]
        ]
        if parents:
            # Among parents that cover the target about equally well (a copy and its
            # original), the more original one is the likelier source.
            best_w = max(w for w, _ in parents)
            near = [p for w, p in parents if w >= best_w - tie]
            src = forest.earliest_version(min(near, key=lambda p: rank[p]), tgt)
            forest.derive(src, tgt)


def _reroot_copy_groups(forest: Forest, order: list[str]) -> None:
    """Phase 4: re-root a group of copies at the member that carries the link to its source.

    A group of copies may hang on a copy that carries no link to the original while
    another member does (the link sits on whichever copy the evidence reached): the group
    is turned around when only uncertain copy directions are reversed.
    """
    margin, rank = float(forest.cfg["direction_margin"]), forest.rank
    linked_to = partners(forest.linked)
    # Turning one group only changes the parents inside it (and joins it to an earlier
    # root), so the groups of the roots still to come are the ones found here.
    group: dict[str, list[str]] = defaultdict(list)
    for i in order:
        group[forest.root_of(i)].append(i)
    for root in order:
        if root in forest.parent:
            continue
        options = []
        for m in group[root]:
            for s_ in linked_to.get(m, ()):
                if rank[forest.root_of(s_)] >= rank[root]:
                    continue
                path = forest.path_up(m)
                turned = [forest.derived[n] for n in path[:-1]]
                if forest.vote(s_, m) > -margin and not any(r.direction_certain for r in turned):
                    options.append((forest.linked[key(m, s_)].wcov(m), s_, m, path))
        if options:
            _, s_, m, path = max(options, key=lambda o: (o[0], o[1], o[2]))
            for child in path:
                forest.derived.pop(child, None)
                forest.parent.pop(child, None)
            for child, up in itertools.pairwise(path):
                forest.derive(child, up, "direction turned: the group of copies joins its source")
            forest.derive(forest.earliest_version(s_, m), m)


def _join_same_house(forest: Forest, order: list[str]) -> None:
    """Phase 5: a root sharing content with an earlier origin of its outlet or author is a
    re-edited version of it, not an independent origin."""
    arts, feats, cfg, rank = forest.arts, forest.feats, forest.cfg, forest.rank
    measured = partners(feats)
    for tgt in order:
        if tgt in forest.parent:
            continue
        # The earliest measured partner placed before it that qualifies (unmeasured pairs
        # never do).
        earlier = sorted(
            (p for p in measured.get(tgt, ()) if rank[p] < rank[tgt]), key=lambda p: rank[p]
        )
        for src in earlier:
            k = key(src, tgt)
            why = same_house(arts[src], arts[tgt])
            if k in feats and why and meaningful(feats[k], cfg) and forest.root_of(src) != tgt:
                forest.derive(src, tgt, f"{why}: a re-edited version, not an independent origin")
                break


def _origins(forest: Forest, order: list[str]) -> tuple[Origin, ...]:
    """Phase 6: one origin per root, with every article that derives from it."""
    roots = [i for i in order if i not in forest.parent]
    members: dict[str, list[str]] = defaultdict(list)
    for i in order:
        members[forest.root_of(i)].append(i)
    return tuple(Origin(f"o{n + 1}", r, tuple(members[r])) for n, r in enumerate(roots))


def _independent(forest: Forest, groups: list[list[str]]) -> list[Relation]:
    """Phase 7: ``independent`` relations between roots of one story that share content."""
    cfg, rank, feats = forest.cfg, forest.rank, forest.feats
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    root_index = {i: forest.root_of(i) for i in forest.arts}
    between: dict[Pair, list[PairFeatures]] = defaultdict(list)
    for k, f in feats.items():
        ra, rb = root_index[k[0]], root_index[k[1]]
        # Independent reports of one story only: a stray match across stories is no relation.
        if ra != rb and group_of[ra] == group_of[rb] and meaningful(f, cfg):
            between[(ra, rb) if rank[ra] < rank[rb] else (rb, ra)].append(f)
    out = []
    for r1, r2 in sorted(between, key=lambda p: (rank[p[0]], rank[p[1]])):
        shared = between[(r1, r2)]
        direct = feats.get(key(r1, r2))
        top = direct or max(shared, key=lambda f: len(f.alignments))
        out.append(
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
                    f"same event reported apart: {plural(len(top.alignments), 'matched sentence')} "
                    f"({top.a}/{top.b}), {top.wording:.0%} shared wording outside quotes",
                ),
                reuse="none",
                derived_share=0.0,
            )
        )
    return out


def _warnings(story: Story, forest: Forest, groups: list[list[str]]) -> list[str]:
    warnings: list[str] = []
    if len(groups) > 1:
        warnings.append(
            f"the input seems to hold {len(groups)} stories that share no content: "
            + " | ".join(", ".join(g) for g in groups)
            + "; analyse each group on its own for a clean provenance"
        )
    for art in story.articles:
        if art.id not in forest.arts:
            warnings.append(f"{art.id}: no sentences; not counted as an origin")
    return warnings


def _stats(story: Story, forest: Forest, groups: list[list[str]], seconds: float) -> dict[str, Any]:
    stats = dict(story.stats)
    stats["story_groups"] = groups
    stats["relate"] = {
        "pairs": len(forest.feats),
        "linked": len(forest.linked),
        "linked_by_reuse_model": len(forest.linked) - len(forest.by_rules),
        "seconds": round(seconds, 4),
    }
    return stats
