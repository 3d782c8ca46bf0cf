"""Direct quotes: found in each article, attributed to a speaker, grouped across articles.

``extract_quotes(story)`` finds the words between quotation marks in every article
(:mod:`.spans`), reads the attribution around them (:mod:`.attribution`), resolves it to one
canonical person per story (:mod:`.names`), groups the same statement across outlets and
languages (embedding similarity of the quote text, same speaker) and rates each variant
against the group's reference wording (:mod:`.fidelity`). Per-article finding and speaker
resolution live in :mod:`.speakers`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from ..settings import QuotesSettings, Settings
from ..text import origin_map, paragraphs, share_setting
from ..types import Quote, QuoteVariant, Story
from .fidelity import fidelity, normal_words, token_cover
from .names import PersonIndex
from .speakers import QuoteFinding, find_article_quotes

__all__ = ["QuoteFinding", "extract_quotes", "find_article_quotes", "origin_map"]


def _translation_pairs(story: Story) -> set[frozenset[str]]:
    """Article pairs whose derivation path (through the relation tree) has a translation."""
    parent: dict[str, tuple[str, bool]] = {}
    for r in story.relations:
        if r.kind != "independent" and r.target not in parent:
            parent[r.target] = (r.source, r.kind == "translation")

    def chain(a: str) -> list[tuple[str, bool]]:
        out, seen = [(a, False)], {a}
        while a in parent and parent[a][0] not in seen:
            a, tr = parent[a]
            seen.add(a)
            out.append((a, tr))
        return out

    ids = [art.id for art in story.articles]
    chains = {a: chain(a) for a in ids}
    out: set[frozenset[str]] = set()
    for i, a in enumerate(ids):
        up_a = {node: k for k, (node, _) in enumerate(chains[a])}
        for b in ids[i + 1 :]:
            for kb, (node, _) in enumerate(chains[b]):
                if node in up_a:
                    ka = up_a[node]
                    edges = [t for _, t in chains[a][1 : ka + 1]] + [
                        t for _, t in chains[b][1 : kb + 1]
                    ]
                    if any(edges):
                        out.add(frozenset((a, b)))
                    break
    return out


def extract_quotes(story: Story, settings: QuotesSettings | None = None) -> Story:
    """Find, attribute and group the direct quotes of every article of ``story``."""
    cfg: Any = settings if settings is not None else Settings.default().quotes
    same_speaker_sim = share_setting("quotes", cfg, "same_speaker_similarity", 0.88)
    alone_sim = share_setting("quotes", cfg, "alone_similarity", 0.95)
    cover = share_setting("quotes", cfg, "fragment_cover", 0.75)
    min_cover = share_setting("quotes", cfg, "shared_words", 0.25)
    tpairs = _translation_pairs(story)
    index = PersonIndex(PersonIndex.vocabulary([a.raw for a in story.articles]))
    for art in story.articles:
        index.add_article(art.id, art.raw, paragraphs(art))
    findings: list[QuoteFinding] = []
    dropped: Counter[str] = Counter()
    for art in story.articles:
        found, d = find_article_quotes(art, index)
        findings.extend(found)
        dropped.update(d)
    order = {a.id: k for k, a in enumerate(story.articles)}
    from ..align.embed import embed  # lazy: loads the model on first use

    texts = [f.span.text for f in findings]
    vecs = np.asarray(embed(texts), np.float32) if texts else np.zeros((0, 384), np.float32)
    norms = [normal_words(f.span.text) for f in findings]
    # Quotes of origin roots are placed first: they are the references variants are measured
    # against, so a variant meets its own statement's group before a longer, different
    # statement of the same speaker can take it in.
    root_ids = {o.root for o in story.origins}
    idx = sorted(
        range(len(findings)),
        key=lambda k: (
            findings[k].article not in root_ids,
            -len(norms[k]),
            order[findings[k].article],
            findings[k].span.start,
        ),
    )
    groups: list[list[int]] = []
    for k in idx:
        f = findings[k]
        best, best_sim = -1, -1.0
        for g, members in enumerate(groups):
            core = members[0]
            c = findings[core]
            sim = float(vecs[k] @ vecs[core])
            cross = _languages_differ(story, f.article, c.article) or (
                frozenset((f.article, c.article)) in tpairs
            )
            short, long = sorted((f.span.text, c.span.text), key=lambda t: len(normal_words(t)))
            tc = token_cover(short, long)
            if c.article == f.article:
                ok = norms[k] == norms[core]
            elif f.speaker is None or c.speaker is None or f.speaker == c.speaker:
                ok = (sim >= same_speaker_sim and (cross or tc >= min_cover)) or (
                    len([w for w in norms[k] if len(w) > 2]) >= 2
                    and tc >= cover
                    and (f.speaker is not None or c.speaker is not None)
                )
            else:
                ok = sim >= alone_sim
            if ok and sim > best_sim:
                best, best_sim = g, sim
        if best >= 0:
            groups[best].append(k)
        else:
            groups.append([k])
    omap = origin_map(story)
    roots = {o.root for o in story.origins}
    built: list[tuple[tuple[int, int], Quote, QuoteFinding]] = []
    for members in groups:
        members.sort(key=lambda k: (order[findings[k].article], findings[k].span.start))
        ref = _reference(members, findings, norms, roots, story)
        rf = findings[ref]
        ref_lang = story.article(rf.article).language
        variants = []
        for k in members:
            f = findings[k]
            lang = story.article(f.article).language
            translated = (lang is not None and ref_lang is not None and lang != ref_lang) or (
                frozenset((f.article, rf.article)) in tpairs
            )
            fid = "verbatim" if k == ref else fidelity(f.span.text, rf.span.text, translated)
            variants.append(
                QuoteVariant(
                    f.article,
                    f.span.text,
                    f.span.start,
                    f.span.end,
                    fid,
                    f.speaker_text,
                    round(float(vecs[k] @ vecs[ref]), 4),
                )
            )
        speakers = Counter(findings[k].speaker for k in members if findings[k].speaker)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        origins = tuple(sorted({omap[findings[k].article] for k in members}))
        first = findings[members[0]]
        built.append(
            (
                (order[first.article], first.span.start),
                Quote("", speaker, tuple(variants), origins, len(origins) == 1),
                rf,
            )
        )
    built.sort(key=lambda t: t[0])
    quotes = tuple(
        Quote(f"q{n}", q.speaker, q.variants, q.origins, q.single_origin)
        for n, (_, q, _ref) in enumerate(built, 1)
    )
    reference = {
        f"q{n}": {"article": r.article, "start": r.span.start, "end": r.span.end}
        for n, (_, _q, r) in enumerate(built, 1)
    }
    stats = {
        "found": len(findings),
        "attributed": sum(f.speaker is not None for f in findings),
        "groups": len(quotes),
        "multi_origin": sum(not q.single_origin for q in quotes),
        "dropped": dict(sorted(dropped.items())),
        "origins_known": bool(story.origins),
        # the variant each quote's fidelities are measured against
        "reference": reference,
        "speakers": dict(Counter(q.speaker for q in quotes if q.speaker).most_common()),
    }
    out = _replace(story, quotes)
    out.stats["quotes"] = stats
    return out


def _languages_differ(story: Story, a: str, b: str) -> bool:
    la, lb = story.article(a).language, story.article(b).language
    return la is not None and lb is not None and la != lb


def _reference(
    members: list[int],
    findings: list[QuoteFinding],
    norms: list[list[str]],
    roots: set[str],
    story: Story,
) -> int:
    in_root = [k for k in members if findings[k].article in roots]
    if in_root:
        omap = origin_map(story)
        per_origin = Counter(omap[findings[k].article] for k in members)
        order = {a.id: n for n, a in enumerate(story.articles)}
        return min(
            in_root,
            key=lambda k: (
                -per_origin[omap[findings[k].article]],
                str(story.article(findings[k].article).published or "9999"),
                order[findings[k].article],
                -len(norms[k]),
                findings[k].span.start,
            ),
        )
    counts = Counter(" ".join(norms[k]) for k in members)
    common, n = counts.most_common(1)[0]
    if n >= 2:
        return next(k for k in members if " ".join(norms[k]) == common)
    dated = [k for k in members if story.article(findings[k].article).published]
    if dated:
        return min(dated, key=lambda k: (str(story.article(findings[k].article).published), k))
    return members[0]


def _replace(story: Story, quotes: tuple[Quote, ...]) -> Story:
    from dataclasses import replace

    return replace(story, quotes=quotes, stats=dict(story.stats))
