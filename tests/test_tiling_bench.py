"""bench/tiling.py: Greedy String Tiling by a heap of diagonal runs tiles as much as the
textbook algorithm (Wise 1993: rescan for the longest untiled matches, tile them, repeat)."""

from __future__ import annotations

import random
from types import ModuleType

import pytest

from benchload import bench_module


@pytest.fixture(scope="module")
def tiling() -> ModuleType:
    return bench_module("tiling")


def textbook_gst(target: list[str], source: list[str], min_len: int) -> int:
    """Words tiled by the textbook algorithm, scanning every untiled position pair."""
    used_t, used_s = [False] * len(target), [False] * len(source)
    tiled = 0
    while True:
        best, matches = min_len, []
        for i in range(len(target)):
            for j in range(len(source)):
                n = 0
                while (
                    i + n < len(target)
                    and j + n < len(source)
                    and target[i + n] == source[j + n]
                    and not used_t[i + n]
                    and not used_s[j + n]
                ):
                    n += 1
                if n > best:
                    best, matches = n, [(i, j)]
                elif n == best:
                    matches.append((i, j))
        if not matches:
            return tiled
        for i, j in matches:
            if not any(used_t[i : i + best]) and not any(used_s[j : j + best]):
                used_t[i : i + best] = [True] * best
                used_s[j : j + best] = [True] * best
                tiled += best


def test_tiles_as_much_as_the_textbook_algorithm(tiling: ModuleType) -> None:
    rng = random.Random(7)
    for _ in range(200):
        target = [rng.choice("abcd") for _ in range(rng.randint(0, 25))]
        source = [rng.choice("abcd") for _ in range(rng.randint(0, 25))]
        min_len = rng.choice([1, 2, 3])
        tiles = tiling.greedy_tiles(target, source, min_len)
        assert sum(t.length for t in tiles) == textbook_gst(target, source, min_len)
        for t in tiles:  # every tile is a real match
            assert target[t.target : t.target + t.length] == source[t.source : t.source + t.length]


def test_moved_block_is_tiled_but_not_in_order(tiling: ModuleType) -> None:
    said, when = "the minister said on monday", "talks would resume next week in geneva"
    source = f"{said} that {when}".split()
    target = f"{when} {said}".split()
    ev = tiling.tile_evidence(target, source, 2)
    assert ev["gst_t2"] == 1.0 and ev["gst_s2"] == pytest.approx(12 / 13)
    assert ev["gst_order2"] == pytest.approx(7 / 12)  # the longer block, kept in order
    assert ev["gst_moved2"] == pytest.approx(5 / 12)
    assert ev["gst_mean2"] == pytest.approx(0.6)
