"""The brief: a short, extractive account of the story, built from its claims.

Order of the main body:
1. corroborated claims (two or more independent origins), in the order the root article of
   the largest origin states them; corroborated claims that root does not state follow, in
   the order of their earliest relative position in any article;
2. single-source claims (one origin), labelled by ``status="single-source"``, dealt one
   origin at a time (the largest first, each origin's in its root's order), so each
   independent origin's first fact comes before any origin's second.
Disputed claims (articles disagree on a number, date, name or place) are left out of the
main body and appended with ``status="disputed"``; reports list them with their values.

Every brief sentence is the exact text of the sentence that holds one mention
(``raw[start:end]`` of that sentence; a claim's mention may be one fact unit of it), never
generated, and cites the articles that state the claim and the claim ids. Two claims whose
representative mentions sit in the same sentence become one brief sentence citing both. A
sentence states every fact in it, so it takes the status and cited articles of the claim
that covers most of it and lists every claim it states, that one first (a corroborated
aside does not make a one-origin sentence corroborated).

A brief sentence must read on its own: a sentence that opens with a connective ("However,",
"Instead,"), whose subject is a pronoun ("He emphasized ..."), or whose speaker is one
(``"...," he noted.``) points back to text the brief does not show. Another mention of the
same claim that reads on its own is shown instead; a claim with none is left out and counted
(``story.stats["brief"]["not_standalone"]``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..clean.metadata import agency_dateline
from ..settings import BriefSettings, Settings
from ..text import iso_day, sentences
from ..types import Article, BriefSentence, Claim, Mention, Origin, Story

_CONNECTIVE = re.compile(
    r"^[\W]*(?:however|but|instead|meanwhile|nonetheless|nevertheless|additionally|also|so|"
    r"and|yet|still|moreover|furthermore|therefore|thus|then|in conclusion|in addition|"
    r"as a result|by contrast|in turn|even so|otherwise|besides)\b",
    re.I,
)
_PRONOUN_SUBJECT = re.compile(
    r"^[\W]*(?:he|she|they|his|her|their|this|these|those|others|"
    r"it(?!\s+(?:is|was|'s|’s)\b))\b",
    re.I,
)
_PRONOUN_SPEAKER = re.compile(
    r"[,”\"»]\s*(?:he|she|they)\s+[a-z]+(?:\s+[a-z]+)?\W*$|\b(?:he|she|they)\s+(?:said|added|noted|stressed)\W*$",
    re.I,
)


def _closes_unopened(text: str) -> bool:
    """Whether ``text`` closes a quotation it did not open: the tail of a quote that began
    in an earlier sentence ('In the event they are, I look forward to clearing my name."',
    an ECB+ story's brief, read alone, said nothing of who or what)."""
    for ch in text:
        if ch in "“«„":
            return False
        if ch in "”»":
            return True
    return text.count('"') == 1 and text.endswith('"')


def reads_alone(text: str) -> bool:
    """Whether a sentence can be read without the one before it."""
    text = text.strip()
    return not (
        _CONNECTIVE.match(text)
        or _PRONOUN_SUBJECT.match(text)
        or _PRONOUN_SPEAKER.search(text)
        or _closes_unopened(text)
    )


def sentence_of(article: Article, mention: Mention) -> tuple[int, int]:
    """The span of the sentence of ``article`` that holds ``mention`` (the mention itself
    when no sentence does)."""
    for s in sentences(article):
        if s.start <= mention.start < s.end:
            return s.start, max(s.end, mention.end)
    return mention.start, mention.end


def _after_dateline(article: Article, start: int, end: int, mention: Mention) -> int:
    """Where a brief shows a sentence from: after a wire dateline that opens it
    ("MARROWICK, Ostermere (Marrowick Courier) — "), which says where the copy was filed,
    not what happened."""
    dateline = agency_dateline(article.raw, start, end)
    return dateline.end if dateline is not None and dateline.end < mention.end else start


def main_root(story: Story) -> str | None:
    """The root article of the largest origin; among origins as large, the root published
    first (dated before undated), then the one given first: the rule a store names a story
    by (:func:`storytrace.store.root.root_title`), so ``stories`` and a report of the same
    undated articles show one title (the longest root came first before)."""
    if story.origins:
        place = {a.id: k for k, a in enumerate(story.articles)}

        def rank(o: Origin) -> tuple[int, bool, str, int]:
            day = iso_day(story.article(o.root).published) if o.root in place else None
            return (-len(o.articles), day is None, day or "", place.get(o.root, len(place)))

        return min(story.origins, key=rank).root
    return story.articles[0].id if story.articles else None


def _relative_position(mention: Mention, lengths: dict[str, int]) -> float:
    return mention.start / max(lengths.get(mention.article, 1), 1)


def _order_key(claim: Claim, root: str | None, lengths: dict[str, int]) -> tuple[int, float, str]:
    """Root-article offset first; else earliest relative position in any article. The brief
    puts a claim more independent origins state first, and claims stated by as many in this
    order (a story of two origins reads in its main root's order; in one of nine ECB+
    reports of a browser patch, the main root, a blog post, opened the brief with an aside
    two origins shared, above the patch itself, which six reported)."""
    in_root = [m.start for m in claim.mentions if m.article == root]
    if in_root:
        return (0, float(min(in_root)), claim.id)
    if claim.mentions:
        return (1, min(_relative_position(m, lengths) for m in claim.mentions), claim.id)
    return (2, 0.0, claim.id)


def representative(
    claim: Claim,
    roots: list[str],
    order: dict[str, int],
    articles: dict[str, Article] | None = None,
) -> Mention | None:
    """The mention whose sentence the brief shows.

    Prefer the mention in the earliest-listed origin root (the largest origin first): the
    root is where the wording started; among equals the first in article order, then the
    earliest offset. With ``articles``, only a mention whose sentence reads on its own
    qualifies (``None`` when no mention's does).
    """
    if not claim.mentions:
        return None
    rank = {art: i for i, art in enumerate(roots)}
    ranked = sorted(
        claim.mentions,
        key=lambda m: (rank.get(m.article, len(rank)), order.get(m.article, 1 << 30), m.start),
    )
    if articles is None:
        return ranked[0]
    for m in ranked:
        art = articles.get(m.article)
        if art is None:
            return m
        s, e = sentence_of(art, m)
        if reads_alone(art.raw[s:e]):
            return m
    return None


def _roots_by_size(origins: tuple[Origin, ...]) -> list[str]:
    return [o.root for o in sorted(origins, key=lambda o: (-len(o.articles), o.id))]


def _each_origin_in_turn(
    claims: list[Claim], origins: tuple[Origin, ...], roots: list[str], lengths: dict[str, int]
) -> list[Claim]:
    """Single-source claims dealt one origin at a time (the largest origin first), each
    origin's in the order its root states them: what each independent origin alone says
    leads the list before any origin's second fact. Ordered by the main root alone, a
    story of three independent reports with no fact in common showed one outlet's
    sentences only (a real three-outlet story read in session 8)."""
    root_of = {o.id: o.root for o in origins}
    rank = {r: i for i, r in enumerate(roots)}
    queues: dict[int, list[Claim]] = {}
    for claim in claims:
        root = root_of.get(claim.origins[0]) if claim.origins else None
        queues.setdefault(rank.get(root, len(rank)) if root else len(rank), []).append(claim)
    for at, queue in queues.items():
        own = roots[at] if at < len(roots) else None
        queue.sort(key=lambda c: _order_key(c, own, lengths))
    turns = [queues[k] for k in sorted(queues)]
    dealt: list[Claim] = []
    for i in range(max((len(q) for q in turns), default=0)):
        dealt.extend(q[i] for q in turns if i < len(q))
    return dealt


def _cited_articles(claim: Claim, order: dict[str, int]) -> tuple[str, ...]:
    arts = set(claim.articles) | {m.article for m in claim.mentions}
    return tuple(sorted(arts, key=lambda a: (order.get(a, 1 << 30), a)))


def build_brief(
    story: Story,
    max_sentences: int = 12,
    max_single_source: int = 4,
    max_disputed: int = 6,
) -> tuple[BriefSentence, ...]:
    """The brief sentences of ``story`` (main body first, then disputed claims)."""
    return _brief(story, max_sentences, max_single_source, max_disputed)[0]


def _brief(
    story: Story, max_sentences: int, max_single_source: int, max_disputed: int
) -> tuple[tuple[BriefSentence, ...], list[str]]:
    """The brief and the claims left out because no mention reads on its own."""
    order = {a.id: i for i, a in enumerate(story.articles)}
    lengths = {a.id: len(a.raw) for a in story.articles}
    raws: dict[str, Article] = {a.id: a for a in story.articles}
    root = main_root(story)
    roots = _roots_by_size(story.origins)
    if root is not None and root not in roots:
        roots.insert(0, root)

    def ordered(status: str) -> list[Claim]:
        chosen = [c for c in story.claims if c.status == status]
        return sorted(chosen, key=lambda c: (-len(c.origins), *_order_key(c, root, lengths)))

    out: list[BriefSentence] = []
    where: list[tuple[str, int, int] | None] = []  # article and span of each shown sentence
    by_text: dict[tuple[bool, str], int] = {}
    left_out: list[str] = []

    def add(claims: list[Claim], status: str, limit: int) -> None:
        added = 0
        for claim in claims:
            mention = representative(claim, roots, order, raws)
            if mention is None:
                if claim.mentions:
                    left_out.append(claim.id)
                continue
            art = raws.get(mention.article)
            # The brief is extractive: show the article's exact sentence, trimmed of edges.
            span: tuple[str, int, int] | None = None
            if art is not None:
                s, e = sentence_of(art, mention)
                text = art.raw[_after_dateline(art, s, e, mention) : e]
                span = (art.id, s, e)
            else:
                text = mention.text
            text = text.strip() or claim.text.strip()
            if not text:
                continue
            # one sentence is shown once: a single-source fact unit of a sentence already
            # shown for a corroborated one joins it (disputed claims stay apart)
            key = (status == "disputed", " ".join(text.split()))
            cited = _cited_articles(claim, order)
            if key in by_text:
                i = by_text[key]
                prev = out[i]
                merged = tuple(
                    sorted(
                        set(prev.articles) | set(cited), key=lambda a: (order.get(a, 1 << 30), a)
                    )
                )
                out[i] = replace(prev, articles=merged, claims=(*prev.claims, claim.id))
                continue
            if added >= limit:
                continue
            by_text[key] = len(out)
            out.append(BriefSentence(text, cited, (claim.id,), claim.status))
            where.append(span)
            added += 1

    corroborated = ordered("corroborated")
    add(corroborated, "corroborated", max_sentences)
    room = max(0, max_sentences - len(out))
    single = _each_origin_in_turn(ordered("single-source"), story.origins, roots, lengths)
    add(single, "single-source", min(room, max_single_source))
    add(ordered("disputed"), "disputed", max_disputed)
    shown = [_as_main_claim(story, b, at, order) for b, at in zip(out, where, strict=True)]
    rank = {"corroborated": 0, "single-source": 1}
    shown.sort(key=lambda b: rank.get(b.status, 2))  # stable: each status keeps its order
    return tuple(shown), left_out


def _as_main_claim(
    story: Story, b: BriefSentence, at: tuple[str, int, int] | None, order: dict[str, int]
) -> BriefSentence:
    """A brief sentence is only as supported as the fact it mostly states.

    A sentence states every fact unit in it: "Residents have long complained that the
    harbour wall, built in the 1920s, is too low" is corroborated on the wall's age (an
    aside another origin states too) but reports the complaint from one origin only. The
    sentence takes the status and the cited articles of its main claim, the one whose
    mention covers most of it; every claim it states is listed, the main one first.
    """
    if at is None or b.status == "disputed":
        return b
    art, s, e = at
    inside: list[tuple[int, int, Claim]] = []
    for c in story.claims:
        spans = [m for m in c.mentions if m.article == art and s <= m.start and m.end <= e]
        if spans:
            m = min(spans, key=lambda m: m.start)
            inside.append((m.start, -max(x.end - x.start for x in spans), c))
    if not inside:
        return b
    inside.sort(key=lambda x: (x[0], x[1]))
    main = min(inside, key=lambda x: (x[1], x[0]))[2]  # the longest mention, then the first
    if main.status == "disputed":
        return b
    ids = [main.id] + [c.id for _, _, c in inside if c.id != main.id and c.status != "disputed"]
    return replace(b, articles=_cited_articles(main, order), claims=tuple(ids), status=main.status)


def make_brief(story: Story, settings: BriefSettings | None = None) -> Story:
    """Pipeline component: fill ``Story.brief`` using the ``[brief]`` settings."""
    cfg = settings if settings is not None else Settings.default().brief
    brief, left_out = _brief(
        story,
        max_sentences=cfg.max_sentences,
        max_single_source=cfg.max_single_source,
        max_disputed=cfg.max_disputed,
    )
    counts = {s: sum(1 for b in brief if b.status == s) for s in ("corroborated", "single-source")}
    counts["disputed"] = sum(1 for b in brief if b.status == "disputed")
    counts["not_standalone"] = len(left_out)
    return replace(story, brief=brief, stats={**story.stats, "brief": counts})
