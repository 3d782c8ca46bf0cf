"""Which article pairs of a story provenance looks at, without trying every pair.

Aligned pairs come from the aligner's candidates. Pairs the aligner matched nowhere are
measured by the reuse model when they share word runs; instead of testing every pair
(the square of the story), an inverted index of word 3-grams proposes the pairs that share
at least ``reuse_min_shared_3grams`` of them. A 3-gram found in more than
``[relations] reuse_gram_max_articles`` articles ("according to the") is boilerplate and
proposes nothing, so the index grows with the story, not its square; below that many
articles the proposal is exact (every pair sharing enough 3-grams). An article keeps at
most ``reuse_max_partners`` of these pairs, those sharing the most 3-grams (a pair stays
when either article keeps it), so a big story's word-run pairs grow linearly too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..text.postings import pairs_sharing
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
        for gram in grams[art].grams[2]:
            g_col.append(gram_id.setdefault(gram, len(gram_id)))
            a_col.append(pos)
    x, y, counts = pairs_sharing(g_col, a_col, cap, need)
    if not len(x):
        return []
    keep = _strongest(x, y, counts, int(cfg["reuse_max_partners"]))
    return [(order[int(i)], order[int(j)]) for i, j in zip(x[keep], y[keep], strict=True)]


def _strongest(x: np.ndarray, y: np.ndarray, weight: np.ndarray, keep: int) -> np.ndarray:
    """Mask of the pairs ``(x, y)`` that are among the ``keep`` heaviest of ``x`` or of
    ``y`` (ties: the partner that sorts first)."""
    m = len(x)
    if m == 0:
        return np.zeros(0, dtype=bool)
    art = np.concatenate([x, y])
    other = np.concatenate([y, x])
    w = np.concatenate([weight, weight])
    sort = np.lexsort((other, -w, art))
    art_sorted = art[sort]
    starts = np.flatnonzero(np.r_[True, art_sorted[1:] != art_sorted[:-1]])
    rank = np.arange(2 * m) - np.repeat(starts, np.diff(np.r_[starts, 2 * m]))
    top = np.zeros(2 * m, dtype=bool)
    top[sort] = rank < keep
    result: np.ndarray = top[:m] | top[m:]
    return result


def partners(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Each article's partners in ``pairs`` (both ways), partners in id order."""
    out: dict[str, list[str]] = defaultdict(list)
    for x, y in pairs:
        out[x].append(y)
        out[y].append(x)
    for v in out.values():
        v.sort()
    return out
