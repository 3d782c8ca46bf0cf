"""What each article adds to and omits from the whole story, and what it states unsupported.

Per article (``story.coverage``, one ``ArticleCoverage`` each):

- ``adds``: claims that only the article's own origin states (it brings them to the story;
  listed only when the story has more than one origin);
- ``omits``: claims that two or more independent origins state (the story's corroborated
  core) and that the article itself does not state, whether or not its own origin does. An
  article whose unit states the claim's numbers (those most of its mentions state) states
  it though the unit joined another claim: one sentence of two facts is one unit ("Two
  people have died and 1,200 residents have been driven from their homes after a storm
  surge swept ..." is the surge's; the toll is stated all the same);
- ``unsupported``: for a derived article, the fact units that no source of it states.
"""

from __future__ import annotations

from collections import deque

from ..text import origin_map
from ..types import ArticleCoverage, Story, Unsupported
from .units import Unit


def derivation_rank(story: Story) -> dict[str, int]:
    """Each article's distance from its origin's root along the derivation relations."""
    children: dict[str, list[str]] = {}
    for r in story.relations:
        if r.kind != "independent":
            children.setdefault(r.source, []).append(r.target)
    rank: dict[str, int] = {}
    for o in story.origins:
        queue = deque([(o.root, 0)])
        while queue:
            art, d = queue.popleft()
            if art in rank:
                continue
            rank[art] = d
            queue.extend((c, d + 1) for c in children.get(art, ()))
    return rank


def coverage(
    story: Story,
    units: list[list[Unit]],
    numbers: list[list[frozenset[str]]] | None = None,
) -> tuple[ArticleCoverage, ...]:
    """Per article: claims it adds, corroborated claims it omits, unsupported additions
    (``numbers``: the number and date keys of each unit, in ``units``' order)."""
    omap = origin_map(story)
    counted = numbers or [[frozenset() for _ in us] for us in units]
    stated = _claim_numbers(story, units, counted)
    sources: dict[str, list[str]] = {}
    for r in story.relations:
        if r.kind != "independent":
            sources.setdefault(r.target, []).append(r.source)
    claim_of: dict[tuple[str, int], str] = {}
    for c in story.claims:
        for m in c.mentions:
            claim_of[(m.article, m.start)] = c.id
    by_id = {c.id: c for c in story.claims}
    core = [c for c in story.claims if len(c.origins) >= 2]
    several = len({omap[a.id] for a in story.articles}) > 1
    out: list[ArticleCoverage] = []
    for i, art in enumerate(story.articles):
        mine = [c for c in story.claims if art.id in c.articles]
        adds = [c.id for c in mine if several and c.origins == (omap[art.id],)]
        omits = [
            c.id
            for c in core
            if art.id not in c.articles
            and not (stated.get(c.id) and any(stated[c.id] <= n for n in counted[i]))
        ]
        unsupported: list[Unsupported] = []
        srcs = sources.get(art.id, [])
        for unit in units[i] if srcs else ():
            cid = claim_of.get((art.id, unit.start))
            if cid is not None and not any(src in by_id[cid].articles for src in srcs):
                sentence = art.sentences[unit.sentence].index if art.sentences else unit.sentence
                unsupported.append(
                    Unsupported(sentence, unit.start, unit.end, cid, ", ".join(srcs))
                )
        out.append(
            ArticleCoverage(
                art.id, omap[art.id], len(mine), tuple(adds), tuple(omits), tuple(unsupported)
            )
        )
    return tuple(out)


def _claim_numbers(
    story: Story, units: list[list[Unit]], numbers: list[list[frozenset[str]]]
) -> dict[str, frozenset[str]]:
    """Per claim, the counts, shares and amounts that at least half of its mentions state:
    dates aside ("on Tuesday" is in every report of the story) and counts under ten
    ("the two powers", "three shelters": a claim about a meeting of two powers is not
    stated by a sentence about two peoples)."""
    at = {
        (art.id, u.start): numbers[i][x]
        for i, art in enumerate(story.articles)
        for x, u in enumerate(units[i])
    }
    out: dict[str, frozenset[str]] = {}
    for c in story.claims:
        seen = [at.get((m.article, m.start), frozenset()) for m in c.mentions]
        keys = {k for n in seen for k in n if _telling(k)}
        out[c.id] = frozenset(k for k in keys if 2 * sum(k in n for n in seen) >= len(seen))
    return out


def _telling(key: str) -> bool:
    """A number key that tells one fact from another: a share, an amount, a count >= 10."""
    if key.startswith(("pct:", "money-")):
        return True
    return key.startswith("count:") and float(key.split(":", 1)[1]) >= 10
