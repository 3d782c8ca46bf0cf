"""Greedy String Tiling over word tokens, and the reuse evidence read from its tiles.

Greedy String Tiling (Wise 1993; one of the strongest single features for journalistic
text reuse in the METER corpus, Clough et al. 2002) covers the target with the longest
word runs it shares with the source, longest first, each token of either side in one tile
at most: unlike n-gram containment, a source phrase counts once however often the target
repeats its words, and a moved paragraph counts as much as one left in place.

Implementation: every maximal diagonal run (target position i, source position j, the
same tokens for ``length`` words, at least ``min_len``) goes on a heap, longest first; a
run popped when some of its tokens are already tiled is split into its untiled stretches,
which go back on the heap. That is the matches GST's repeated scans find, without the
rescans: O(R log R) for R runs.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tile:
    target: int  # first target position
    source: int  # first source position
    length: int  # in words


def maximal_runs(target: Sequence[str], source: Sequence[str], min_len: int) -> list[Tile]:
    """Every maximal run of the same words at target position i and source position j."""
    if min_len < 1 or len(target) < min_len or len(source) < min_len:
        return []
    where: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(source) - min_len + 1):
        where[tuple(source[j : j + min_len])].append(j)
    runs = []
    for i in range(len(target) - min_len + 1):
        for j in where.get(tuple(target[i : i + min_len]), ()):
            if i and j and target[i - 1] == source[j - 1]:
                continue  # inside a run that starts earlier
            n = min_len
            while i + n < len(target) and j + n < len(source) and target[i + n] == source[j + n]:
                n += 1
            runs.append(Tile(i, j, n))
    return runs


def greedy_tiles(target: Sequence[str], source: Sequence[str], min_len: int) -> list[Tile]:
    """The tiles of Greedy String Tiling with minimum match length ``min_len``."""
    heap = [(-r.length, r.target, r.source) for r in maximal_runs(target, source, min_len)]
    heapq.heapify(heap)
    used_t, used_s = bytearray(len(target)), bytearray(len(source))
    tiles = []
    while heap:
        neg, i, j = heapq.heappop(heap)
        n = -neg
        free = [not used_t[i + k] and not used_s[j + k] for k in range(n)]
        if all(free):
            used_t[i : i + n] = b"\x01" * n
            used_s[j : j + n] = b"\x01" * n
            tiles.append(Tile(i, j, n))
            continue
        start = None
        for k in range(n + 1):  # split into untiled stretches
            if k < n and free[k]:
                start = k if start is None else start
            elif start is not None:
                if k - start >= min_len:
                    heapq.heappush(heap, (-(k - start), i + start, j + start))
                start = None
    return tiles


def tile_evidence(target: Sequence[str], source: Sequence[str], min_len: int) -> dict[str, float]:
    """What the tiles say (names end in ``min_len``):

    - ``gst_t``: share of the target's words tiled (what it took, each source word once);
    - ``gst_s``: share of the source's words tiled (how much of the source it kept:
      wholly derived copy keeps more of its source than partially derived copy);
    - ``gst_mean``: mean tile length over 10 words, capped at 1 (verbatim stretches are
      long; two reports of one event share names and short phrases);
    - ``gst_order``: share of the target's words in the longest chain of tiles that keeps
      the source's order (a word-level LCS made of tiles);
    - ``gst_moved``: ``gst_t - gst_order``: tiled words in blocks the target reordered.
    """
    tiles = greedy_tiles(target, source, min_len)
    size_t, size_s = max(1, len(target)), max(1, len(source))
    covered = sum(t.length for t in tiles)
    order = _ordered_words(tiles)
    k = str(min_len)
    return {
        f"gst_t{k}": covered / size_t,
        f"gst_s{k}": covered / size_s,
        f"gst_mean{k}": min(1.0, covered / max(1, len(tiles)) / 10),
        f"gst_order{k}": order / size_t,
        f"gst_moved{k}": (covered - order) / size_t,
    }


def _ordered_words(tiles: list[Tile]) -> int:
    """Words in the heaviest chain of tiles increasing in both target and source position."""
    if not tiles:
        return 0
    ordered = sorted(tiles, key=lambda t: t.target)
    best = [0] * len(ordered)
    for a, t in enumerate(ordered):
        prev = [best[b] for b in range(a) if ordered[b].source < t.source]
        best[a] = t.length + max(prev, default=0)
    return max(best)
