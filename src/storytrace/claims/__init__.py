"""Claims: units of content, every sentence that states them, and who supports them.

``extract_claims(story)`` groups the sentences of all articles into claims
(:mod:`.cluster`), finds values that differ inside a claim (:mod:`.conflicts`), and rates
each claim ``corroborated`` (two or more independent origins), ``single-source`` or
``disputed`` (a conflict inside it). Every sentence of every article belongs to exactly one
claim. ``Claim.kind`` is ``quote`` (a mention holds a direct quote of ``story.quotes``),
``statement`` (its text reports speech: "X said", "according to") or ``fact``.
Per article, ``story.stats["coverage"][article_id]`` says what the article adds
(claims only its origin has), what it omits (corroborated claims it lacks) and, for a
derived article, the sentences that align with nothing in its source (``unsupported``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np

from ..config import section
from ..quotes.attribution import SPEECH_VERBS
from ..text import origin_map, sentences, share_setting
from ..types import Claim, Conflict, Mention, Sentence, Story
from .cluster import Node, Thresholds, cluster_sentences, key_content
from .conflicts import claim_conflicts
from .values import Value, extract_values

__all__ = ["extract_claims"]

_SPEECH = re.compile(
    r"\b(?:" + "|".join(re.escape(v) for vs in SPEECH_VERBS.values() for v in vs) + r")\b"
)


def _thresholds() -> tuple[Thresholds, float]:
    cfg = section("claims")
    th = Thresholds(
        alone=share_setting("claims", cfg, "match_alone", 0.93),
        with_key=share_setting("claims", cfg, "match_with_key", 0.90),
        floor=share_setting("claims", cfg, "cluster_floor", 0.84),
        duplicate=share_setting("claims", cfg, "repeat_similarity", 0.95),
    )
    return th, share_setting("claims", cfg, "rare_share", 0.1)


def extract_claims(story: Story) -> Story:
    """Group the story's sentences into claims; find conflicts; rate support per claim."""
    from ..align.embed import embed

    th, rare_share = _thresholds()
    sents: list[tuple[Sentence, ...]] = [sentences(a) for a in story.articles]
    flat = [s.text for ss in sents for s in ss]
    allv = embed(flat) if flat else np.zeros((0, 384), np.float32)
    vecs, k = [], 0
    for ss in sents:
        vecs.append(allv[k : k + len(ss)])
        k += len(ss)
    values = [[extract_values(s.text, s.start) for s in ss] for ss in sents]
    quote_keys = _quote_keys(story, sents)
    df: Counter[str] = Counter()
    for per_art in values:
        for vs in per_art:
            df.update({v.key for v in vs if v.kind in {"place", "name"}})
    limit = max(2.0, rare_share * max(1, len(flat)))
    rare = {key for key, n in df.items() if n <= limit}
    keys = [
        [key_content(vs, rare) | quote_keys.get((i, x), set()) for x, vs in enumerate(per_art)]
        for i, per_art in enumerate(values)
    ]
    omap = origin_map(story)
    origin_of = [omap[a.id] for a in story.articles]
    groups = cluster_sentences(story, sents, vecs, keys, values, origin_of, th)
    claims, conflicts = _build(story, sents, values, groups, omap)
    out = replace(story, claims=tuple(claims), conflicts=tuple(conflicts), stats=dict(story.stats))
    out.stats["claims"] = {
        "claims": len(claims),
        "sentences": len(flat),
        "multi_article": sum(len(c.articles) > 1 for c in claims),
        "corroborated": sum(c.status == "corroborated" for c in claims),
        "disputed": sum(c.status == "disputed" for c in claims),
        "single_source": sum(c.status == "single-source" for c in claims),
        "conflicts": len(conflicts),
        "origins_known": bool(story.origins),
    }
    out.stats["coverage"] = coverage(out, sents, groups)
    return out


def _quote_keys(story: Story, sents: list[tuple[Sentence, ...]]) -> dict[Node, set[str]]:
    pos = {a.id: i for i, a in enumerate(story.articles)}
    out: dict[Node, set[str]] = {}
    for q in story.quotes:
        if len(q.variants) < 2:
            continue
        for v in q.variants:
            i = pos.get(v.article)
            if i is None:
                continue
            for x, s in enumerate(sents[i]):
                if s.start < v.end and v.start < s.end:
                    out.setdefault((i, x), set()).add(f"quote:{q.id}")
    return out


def _build(
    story: Story,
    sents: list[tuple[Sentence, ...]],
    values: list[list[list[Value]]],
    groups: list[list[Node]],
    omap: dict[str, str],
) -> tuple[list[Claim], list[Conflict]]:
    arts = story.articles
    roots = {o.root for o in story.origins}
    quoted = {(v.article, v.start, v.end) for q in story.quotes for v in q.variants}

    def rep_of(group: list[Node]) -> Node:
        per_origin = Counter(omap[arts[i].id] for i, _ in group)

        def key(node: Node) -> tuple[int, int, str, int, int]:
            art = arts[node[0]]
            return (
                0 if art.id in roots else 1,
                -per_origin[omap[art.id]],
                str(art.published or "9999"),
                node[0],
                node[1],
            )

        return min(group, key=key)

    reps = {id(g): rep_of(g) for g in groups}
    ordered = sorted(groups, key=lambda g: reps[id(g)][:2])
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    for n, group in enumerate(ordered, 1):
        cid = f"c{n}"
        rep = reps[id(group)]
        mentions = tuple(
            Mention(arts[i].id, sents[i][x].start, sents[i][x].end, sents[i][x].text)
            for i, x in group
        )
        art_ids = tuple(dict.fromkeys(m.article for m in mentions))
        origins = tuple(sorted({omap[a] for a in art_ids}))
        found = claim_conflicts(
            cid,
            mentions,
            [values[i][x] for i, x in group],
            [sents[i][x].language or arts[i].language for i, x in group],
        )
        conflicts.extend(found)
        status = "disputed" if found else "corroborated" if len(origins) >= 2 else "single-source"
        text = sents[rep[0]][rep[1]].text
        kind = "fact"
        if any(
            m.article == a and m.start < e and s < m.end for m in mentions for a, s, e in quoted
        ):
            kind = "quote"
        elif _SPEECH.search(text):
            kind = "statement"
        claims.append(Claim(cid, text, mentions, art_ids, origins, status, kind))  # type: ignore[arg-type]
    return claims, conflicts


def coverage(
    story: Story, sents: list[tuple[Sentence, ...]], groups: list[list[Node]]
) -> dict[str, dict[str, Any]]:
    """Per article: claims it adds, corroborated claims it omits, unsupported additions."""
    omap = origin_map(story)
    sources: dict[str, list[str]] = {}
    for r in story.relations:
        if r.kind != "independent":
            sources.setdefault(r.target, []).append(r.source)
    claim_of: dict[tuple[str, int], str] = {}
    for c in story.claims:
        for m in c.mentions:
            claim_of[(m.article, m.start)] = c.id
    by_id = {c.id: c for c in story.claims}
    out: dict[str, dict[str, Any]] = {}
    for i, art in enumerate(story.articles):
        mine = [c for c in story.claims if art.id in c.articles]
        adds = [c.id for c in mine if c.origins == (omap[art.id],) and len(story.origins) > 1]
        omits = [
            c.id
            for c in story.claims
            if len(c.origins) >= 2 and art.id not in c.articles and omap[art.id] not in c.origins
        ]
        unsupported = []
        srcs = sources.get(art.id, [])
        for sent in sents[i] if srcs else ():
            cid = claim_of.get((art.id, sent.start))
            if cid is not None and not any(src in by_id[cid].articles for src in srcs):
                unsupported.append(
                    {
                        "sentence": sent.index,
                        "start": sent.start,
                        "end": sent.end,
                        "claim": cid,
                        "source": ", ".join(srcs),
                    }
                )
        out[art.id] = {
            "origin": omap[art.id],
            "claims": len(mine),
            "adds": adds,
            "omits": omits,
            "unsupported": unsupported,
        }
    return out
