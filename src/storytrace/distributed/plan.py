"""Near-duplicate search as steps that partition: the pure functions the Ray engine runs.

The local engine (:func:`storytrace.store.ingest.ingest_articles`) links each batch of
``batch_size`` articles against the store's index. Here every article is a row with its
global read ``order`` and the number of the local ``batch`` it would fall in, and the same
links come out of three steps that each need only a part of the data:

1. :func:`bucket_keys`: each article files itself under its LSH band keys, its paragraph
   hashes and its normalised-text hash (the rows are grouped by key across workers);
2. :func:`bucket_pairs`: within one bucket, each article meets the earlier members the local
   engine would have looked up: those in its own batch, and the first ``max_bucket`` of the
   earlier batches (the cap the store's index applies);
3. :func:`link_one`: an article with all its candidate pairs is linked by
   :func:`storytrace.cluster.dedup.link_batch` itself.

Languages follow links the way :func:`storytrace.store.light.prepare_rows` lets them
(:func:`resolve_languages`), and duplicate groups are the connected components of the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..cluster.dedup import Candidates, DedupParams, Fingerprint, Link, link_batch

BAND, PARA, NORM = "b", "p", "n"


@dataclass(frozen=True, slots=True)
class Member:
    """One article filed under one bucket."""

    order: int
    batch: int  # -1: already in the store before this run
    id: str
    fingerprint: Fingerprint


@dataclass(frozen=True, slots=True)
class Pair:
    """``later`` may repeat ``earlier``: they share the bucket ``key`` of this ``kind``."""

    later: Member
    earlier: Member
    kind: str
    key: int | str


def bucket_keys(fp: Fingerprint) -> list[tuple[str, int | str]]:
    """Every bucket an article is filed under: ``(kind, key)``."""
    out: list[tuple[str, int | str]] = [(BAND, int(k)) for k in np.unique(fp.band_keys)]
    out += [(PARA, int(p)) for p in fp.paragraphs.tolist()]
    out.append((NORM, fp.norm_hash))
    return out


def bucket_pairs(
    kind: str, key: int | str, members: Sequence[Member], max_bucket: int
) -> list[Pair]:
    """The candidate pairs of one bucket, as the local engine would look them up.

    An article meets every earlier member of its own batch, and those of earlier batches
    (or of the store) among the bucket's first ``max_bucket``: the local store index
    returns only the earliest ``max_bucket`` stored articles per key. Batches follow the
    read order, so the earlier batches' members are a prefix of the sorted bucket.
    """
    ordered = sorted(members, key=lambda m: m.order)
    out: list[Pair] = []
    for i, later in enumerate(ordered):
        if later.batch < 0:
            continue  # stored articles were linked when they were added
        for pos in range(i):
            earlier = ordered[pos]
            if earlier.batch == later.batch or pos < max_bucket:
                out.append(Pair(later, earlier, kind, key))
    return out


def link_one(pairs: Sequence[Pair], params: DedupParams) -> list[Link]:
    """The links of one article (the ``later`` of all ``pairs``), by ``link_batch``."""
    if not pairs:
        return []
    me = pairs[0].later
    prints: dict[str, Fingerprint] = {}
    by_key: dict[int, list[str]] = {}
    by_para: dict[int, list[str]] = {}
    by_norm: dict[str, list[str]] = {}
    for p in pairs:
        other = p.earlier
        prints[other.id] = other.fingerprint
        if p.kind == BAND:
            by_key.setdefault(int(p.key), []).append(other.id)
        elif p.kind == PARA:
            by_para.setdefault(int(p.key), []).append(other.id)
        else:
            by_norm.setdefault(str(p.key), []).append(other.id)
    candidates = Candidates(prints, by_key, by_para, by_norm)
    return link_batch([(me.id, me.fingerprint)], candidates, params)


def components(links: Iterable[Link]) -> list[list[str]]:
    """Duplicate groups: connected components of the links (two or more articles each),
    members sorted, largest group first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for link in links:
        a, b = find(link.article), find(link.duplicate_of)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    for root in groups:
        if root not in groups[root]:
            groups[root].append(root)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


@dataclass(frozen=True, slots=True)
class LanguageInput:
    """What language resolution needs of one new article, in read order."""

    id: str
    batch: int
    given: str | None
    links: Sequence[Link]  # most similar first, as link_batch returns them


def resolve_languages(
    articles: Sequence[LanguageInput],
    stored: Mapping[str, str | None],
    guesses: Mapping[str, str | None],
    guess: Callable[[str], str | None] | None,
) -> dict[str, str | None]:
    """Each article's language, as :func:`storytrace.store.light.prepare_rows` sets it.

    The input's language; else that of the first article it repeats that is in its own
    batch (whatever that one's language) or earlier with a known language; else a guess:
    ``guesses`` (made in parallel for the articles without links), or ``guess(id)`` for
    the few whose links all lead to articles of unknown language. ``guess=None`` means
    language detection is off.
    """
    out: dict[str, str | None] = {}
    batch_of = {a.id: a.batch for a in articles}
    for a in articles:
        if a.given:
            out[a.id] = a.given
            continue
        found = False
        for link in a.links:
            src = link.duplicate_of
            if batch_of.get(src) == a.batch:
                out[a.id], found = out[src], True
                break
            known = out.get(src) if src in batch_of else stored.get(src)
            if known:
                out[a.id], found = known, True
                break
        if found:
            continue
        if guess is None:
            out[a.id] = None
        elif a.id in guesses:
            out[a.id] = guesses[a.id]
        else:
            out[a.id] = guess(a.id)
    return out
