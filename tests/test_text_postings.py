"""Pairs of items sharing keys, from an inverted index (text/postings.py)."""

from __future__ import annotations

import itertools
import random

from storytrace.text.postings import pairs_sharing


def _brute(sets: list[set[int]], cap: int, need: int) -> dict[tuple[int, int], int]:
    df: dict[int, int] = {}
    for s in sets:
        for k in s:
            df[k] = df.get(k, 0) + 1
    out = {}
    for x, y in itertools.combinations(range(len(sets)), 2):
        shared = sum(1 for k in sets[x] & sets[y] if df[k] <= cap)
        if shared >= need:
            out[(x, y)] = shared
    return out


def test_pairs_sharing_finds_every_pair_a_full_comparison_finds() -> None:
    rng = random.Random(4)
    sets = [set(rng.sample(range(40), rng.randint(0, 12))) for _ in range(30)]
    keys = [k for s in sets for k in sorted(s)]
    items = [i for i, s in enumerate(sets) for _ in s]
    for cap, need in ((3, 1), (8, 2), (30, 3)):
        x, y, shared = pairs_sharing(keys, items, cap, need)
        got = dict(zip(zip(x.tolist(), y.tolist(), strict=True), shared.tolist(), strict=True))
        assert got == _brute(sets, cap, need)


def test_a_key_held_by_more_than_cap_items_proposes_nothing() -> None:
    x, y, shared = pairs_sharing([0, 0, 0, 1, 1], [0, 1, 2, 0, 1], cap=2, need=1)
    assert list(zip(x.tolist(), y.tolist(), strict=True)) == [(0, 1)]
    assert shared.tolist() == [1]
    assert [len(a) for a in pairs_sharing([], [], cap=5, need=1)] == [0, 0, 0]
