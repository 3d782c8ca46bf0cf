"""Which article pairs of a story provenance looks at, without trying every pair.

Aligned pairs come from the aligner's candidates. Pairs the aligner matched nowhere are
measured by the reuse model when they share word runs; instead of testing every pair
(the square of the story), an inverted index of word 3-grams proposes the pairs that share
at least ``reuse_min_shared_3grams`` of them. A 3-gram found in more than
``[relations] reuse_gram_max_articles`` articles ("according to the") is boilerplate and
proposes nothing, so the index grows with the story, not its square; below that many
articles the proposal is exact (every pair sharing enough 3-grams).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from .reuse import ArticleGrams


def run_sharing_pairs(
    ids: Sequence[str], grams: Mapping[str, ArticleGrams], cfg: Any
) -> list[tuple[str, str]]:
    """Pairs ``(x, y)``, ``x < y``, sharing at least ``reuse_min_shared_3grams`` 3-grams
    that are in at most ``reuse_gram_max_articles`` articles, in id order."""
    need = int(cfg["reuse_min_shared_3grams"])
    cap = int(cfg["reuse_gram_max_articles"])
    order = sorted(ids)
    if need <= 0 or len(order) < 2:
        return []
    gram_id: dict[tuple[str, ...], int] = {}
    g_col: list[int] = []
    a_col: list[int] = []
    for pos, art in enumerate(order):
        for g in grams[art].grams[2]:
            g_col.append(gram_id.setdefault(g, len(gram_id)))
            a_col.append(pos)
    if not g_col:
        return []
    g = np.asarray(g_col, dtype=np.int64)
    a = np.asarray(a_col, dtype=np.int64)
    df = np.bincount(g)
    keep = (df[g] >= 2) & (df[g] <= cap)
    g, a = g[keep], a[keep]
    sort = np.lexsort((a, g))  # by gram, then article: within a gram, articles ascend
    g, a = g[sort], a[sort]
    n = len(order)
    codes = []
    # The k-th next posting of the same gram, for k = 1..cap-1: every pair in a posting
    # list once, in vectorised passes (a posting list holds at most `cap` articles).
    for step in range(1, min(cap, int(df.max())) + 1):
        if step >= len(g):
            break
        same = g[step:] == g[:-step]
        if not same.any():
            break
        codes.append(a[:-step][same] * n + a[step:][same])
    if not codes:
        return []
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    hits = pair_codes[counts >= need]
    return [(order[int(c) // n], order[int(c) % n]) for c in hits]


def partners(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each article's partners in ``pairs`` (both ways), partners in id order."""
    out: dict[str, list[str]] = defaultdict(list)
    for x, y in pairs:
        out[x].append(y)
        out[y].append(x)
    for v in out.values():
        v.sort()
    return out
