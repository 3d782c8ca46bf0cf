"""Small helpers every report format shares: labels, origin colours, quote references."""

from __future__ import annotations

import re
from typing import Any

from ..types import ArticleCoverage, BriefSentence, Quote, QuoteVariant, Relation, Story

# Colour-blind-safe categorical palette (Okabe-Ito, then Tableau tones) for origins.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#8C6D31",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)
NO_ORIGIN = "#9AA0A6"
STATUS_ORDER = ("corroborated", "single-source", "disputed")


def article_label(story: Story, article_id: str) -> str:
    """Outlet name when known, else the domain of its URL, else the article id."""
    try:
        art = story.article(article_id)
    except KeyError:
        return article_id
    return art.outlet or url_domain(art.url) or art.id


def url_domain(url: str | None) -> str | None:
    """``www.example.org/a/b`` -> ``example.org``; None when there is no host."""
    if not url:
        return None
    from urllib.parse import urlsplit

    host = urlsplit(url if "://" in url else "//" + url).hostname or ""
    return host.removeprefix("www.") or None


def origin_of(story: Story) -> dict[str, str]:
    """Article id -> origin id."""
    out: dict[str, str] = {}
    for origin in story.origins:
        for art in origin.articles:
            out.setdefault(art, origin.id)
        out.setdefault(origin.root, origin.id)
    return out


def origin_colours(story: Story) -> dict[str, str]:
    """Origin id -> colour, stable in origin order."""
    return {o.id: PALETTE[i % len(PALETTE)] for i, o in enumerate(story.origins)}


def outlets_of(story: Story, article_ids: tuple[str, ...] | list[str]) -> str:
    """'A, B and C' for a list of articles."""
    names = list(dict.fromkeys(article_label(story, a) for a in article_ids))
    if len(names) <= 1:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " and " + names[-1]


def claim_sources(story: Story, b: BriefSentence) -> list[tuple[str, list[str]]]:
    """Each claim of a brief sentence with its own articles, when the facts of the sentence
    are stated by different articles (empty when every claim has the sentence's articles)."""
    claims = {c.id: c for c in story.claims}
    order = {a.id: i for i, a in enumerate(story.articles)}
    per_claim = [
        (cid, sorted(claims[cid].articles, key=lambda a: (order.get(a, 1 << 30), a)))
        for cid in b.claims
        if cid in claims
    ]
    if len(per_claim) < 2 or all(set(arts) == set(b.articles) for _, arts in per_claim):
        return []
    return per_claim


def brief_citations(story: Story, b: BriefSentence) -> str:
    """A brief sentence's sources: "articles; claim ids", or each claim with its own
    articles ("c45: a, b, d; c44: a, b") when the facts of the sentence are stated by
    different articles, so no article is cited for a fact it does not state."""
    per_claim = claim_sources(story, b)
    if not per_claim:
        return f"{', '.join(b.articles)}; {', '.join(b.claims)}"
    return "; ".join(f"{cid}: {', '.join(arts)}" for cid, arts in per_claim)


def single_source_label(story: Story, article_ids: tuple[str, ...] | list[str]) -> str:
    """'According to X only' naming the one origin (its root), not every copy of it."""
    origin = origin_of(story)
    origins = {origin[a] for a in article_ids if a in origin}
    roots = {o.id: o.root for o in story.origins}
    if len(origins) == 1:
        root = roots[origins.pop()]
        name = (
            article_label(story, root)
            if root in article_ids
            else article_label(story, article_ids[0])
        )
        others = len(article_ids) - 1
        tail = (
            f" (and {others} article{'s' if others > 1 else ''} derived from it)" if others else ""
        )
        return f"According to {name}{tail} only"
    return f"According to {outlets_of(story, article_ids)} only"


def grouped_values(story: Story, claim_ids: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Conflicting values of the claims as (value, articles) pairs, in first-seen order."""
    out: dict[str, list[str]] = {}
    for c in story.conflicts:
        if c.claim in claim_ids:
            for v in c.values:
                arts = out.setdefault(v.value, [])
                if v.article not in arts:
                    arts.append(v.article)
    return list(out.items())


def coverage_of(story: Story) -> dict[str, ArticleCoverage]:
    """Per article id: claims it adds, corroborated claims it omits, unsupported sentences."""
    return {c.article: c for c in story.coverage}


def reference_variant(story: Story, quote: Quote) -> QuoteVariant | None:
    """The variant the fidelities were measured against (recorded by the quotes stage);
    without that record, the one in an origin root, else the first."""
    if not quote.variants:
        return None
    if quote.reference is not None and 0 <= quote.reference < len(quote.variants):
        return quote.variants[quote.reference]
    roots = [o.root for o in sorted(story.origins, key=lambda o: (-len(o.articles), o.id))]
    rank = {r: i for i, r in enumerate(roots)}
    order = {a.id: i for i, a in enumerate(story.articles)}
    return min(
        quote.variants,
        key=lambda v: (
            rank.get(v.article, len(rank)),
            v.fidelity != "verbatim",
            order.get(v.article, 1 << 30),
        ),
    )


_WORD = re.compile(r"\w+|[^\w\s]+|\s+")


def word_tokens(text: str) -> list[str]:
    """Words, punctuation runs and whitespace runs; joining them gives ``text`` back."""
    return _WORD.findall(text)


def warnings_of(story: Story) -> list[str]:
    """The warnings the stages left on the story."""
    return list(story.warnings)


def excluded_of(story: Story) -> dict[str, str]:
    """Article id -> why it was left out of the analysis."""
    return {e.id: e.reason for e in story.run.excluded}


def skipped_of(story: Story) -> dict[str, int]:
    """Inputs the reader skipped, counted by reason."""
    return story.run.skipped_counts()


def run_stats(story: Story) -> dict[str, Any]:
    """``story.run`` and the story's counts as the report's ``stats`` keys (schema 1)."""
    out: dict[str, Any] = {
        "articles": len(story.articles) - len(story.run.excluded),
        "independent_sources": story.independent_sources,
        "warnings": list(story.warnings),
    }
    if story.coverage:
        out["coverage"] = {
            c.article: {
                "origin": c.origin,
                "claims": c.claims,
                "adds": list(c.adds),
                "omits": list(c.omits),
                "unsupported": [
                    {
                        "sentence": u.sentence,
                        "start": u.start,
                        "end": u.end,
                        "claim": u.claim,
                        "source": u.source,
                    }
                    for u in c.unsupported
                ],
            }
            for c in story.coverage
        }
    if story.run.timings:
        out["timings_s"] = story.run.timings_s()
    out["excluded"] = [{"id": e.id, "reason": e.reason} for e in story.run.excluded]
    if story.run.skipped is not None:
        out["skipped"] = {
            "counts": story.run.skipped_counts(),
            "inputs": [{"source": s.source, "reason": s.reason} for s in story.run.skipped],
        }
    return out


def reuse_label(r: Relation) -> str:
    """A relation's text-reuse level with the share of the target taken (``wholly 82%``)."""
    return "none" if r.reuse == "none" else f"{r.reuse} {r.derived_share:.0%}"
