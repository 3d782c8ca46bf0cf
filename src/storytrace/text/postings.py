"""Pairs of items that share keys, from an inverted index, without trying every pair.

Used where a story's articles or sentences must be paired by shared words or word runs
(:mod:`storytrace.align.candidates`, :mod:`storytrace.provenance.pairs`): a key held by more
than ``cap`` items is too common to be evidence and proposes nothing, so the work grows with
the postings (at most ``cap`` squared per key), not with the square of the items.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def pairs_sharing(
    keys: Sequence[int], items: Sequence[int], cap: int, need: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Item pairs ``(x, y)``, ``x < y``, sharing at least ``need`` keys held by 2..``cap``
    items, with how many they share.

    Args:
        keys: the key of each posting (small whole numbers, e.g. ids of words).
        items: the item of each posting; a (key, item) posting must not repeat.
        cap: keys held by more items than this are ignored.
        need: the fewest shared keys a pair must have.

    Returns:
        Arrays ``x``, ``y`` and ``shared``, pairs ordered by ``x`` then ``y``.
    """
    empty = np.zeros(0, dtype=np.int64)
    if not keys:
        return empty, empty, empty
    g = np.asarray(keys, dtype=np.int64)
    a = np.asarray(items, dtype=np.int64)
    df = np.bincount(g)
    keep = (df[g] >= 2) & (df[g] <= cap)
    g, a = g[keep], a[keep]
    sort = np.lexsort((a, g))  # by key, then item: within a key, items ascend
    g, a = g[sort], a[sort]
    n = int(a.max()) + 1 if len(a) else 1
    codes = []
    # The k-th next posting of the same key, for k = 1..cap-1: every pair in a posting
    # list once, in vectorised passes (a posting list holds at most `cap` items).
    for step in range(1, cap):
        if step >= len(g):
            break
        same = g[step:] == g[:-step]
        if not same.any():
            break
        codes.append(a[:-step][same] * n + a[step:][same])
    if not codes:
        return empty, empty, empty
    pair_codes, counts = np.unique(np.concatenate(codes), return_counts=True)
    hit = counts >= need
    return pair_codes[hit] // n, pair_codes[hit] % n, counts[hit]
