"""What each article adds to and omits from the whole story, and what it states unsupported.

Per article (``story.coverage``, one ``ArticleCoverage`` each):

- ``adds``: claims that only the article's own origin states (it brings them to the story;
  listed only when the story has more than one origin);
- ``omits``: claims that two or more independent origins state (the story's corroborated
  core) and that the article itself does not state, whether or not its own origin does;
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


def coverage(story: Story, units: list[list[Unit]]) -> tuple[ArticleCoverage, ...]:
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
    core = [c for c in story.claims if len(c.origins) >= 2]
    several = len({omap[a.id] for a in story.articles}) > 1
    out: list[ArticleCoverage] = []
    for i, art in enumerate(story.articles):
        mine = [c for c in story.claims if art.id in c.articles]
        adds = [c.id for c in mine if several and c.origins == (omap[art.id],)]
        omits = [c.id for c in core if art.id not in c.articles]
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
