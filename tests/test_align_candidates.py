"""Candidate sentence pairs: a big story keeps each article's strongest partner articles."""

from __future__ import annotations

import numpy as np

from storytrace.align.candidates import Unit, candidate_pairs
from storytrace.settings import Settings


def _twins(n_articles: int) -> tuple[list[Unit], np.ndarray]:
    """One sentence per article; articles 2k and 2k+1 say the same thing (cosine ~0.99),
    every other pair is about as close as unrelated news sentences of this model (~0.8)."""
    rng = np.random.default_rng(3)
    common = rng.standard_normal(64)
    topics = rng.standard_normal((n_articles // 2, 64))
    rows = []
    for a in range(n_articles):
        v = 2.0 * common / np.linalg.norm(common) + topics[a // 2] / np.linalg.norm(topics[a // 2])
        v = v + 0.02 * rng.standard_normal(64)
        rows.append(v / np.linalg.norm(v))
    units = [Unit(a, 0, f"line{a}") for a in range(n_articles)]
    return units, np.asarray(rows, dtype=np.float32)


def _article_pairs(units: list[Unit], pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    return {(units[i].article, units[j].article) for i, j in pairs}


def test_candidates_of_a_big_story_stay_among_each_articles_strongest_partners() -> None:
    units, vecs = _twins(44)
    cfg = Settings.default().align.with_values(big_story_partners=1, big_story_articles=40)
    got = _article_pairs(units, candidate_pairs(units, vecs, 44, cfg))
    assert got == {(2 * k, 2 * k + 1) for k in range(22)}


def test_candidates_below_the_big_story_size_keep_every_neighbour() -> None:
    units, vecs = _twins(44)
    cfg = Settings.default().align.with_values(big_story_partners=1, big_story_articles=100)
    got = _article_pairs(units, candidate_pairs(units, vecs, 44, cfg))
    assert {(2 * k, 2 * k + 1) for k in range(22)} < got
    assert len(got) > 10 * 22


def test_candidates_across_language_groups_leave_same_language_pairs_out() -> None:
    units, vecs = _twins(44)
    cfg = Settings.default().align.with_values(big_story_partners=1, big_story_articles=40)
    # Articles 4k and 4k+1 are one language, 4k+2 and 4k+3 another: the twins (2k, 2k+1)
    # are always one language, so only weaker pairs across the languages are left.
    groups = ["en" if (u.article // 2) % 2 == 0 else "fr" for u in units]
    got = _article_pairs(units, candidate_pairs(units, vecs, 44, cfg, groups))
    assert got
    assert all(groups[a] != groups[b] for a, b in got)
    assert not got & {(2 * k, 2 * k + 1) for k in range(22)}
    # Twins written in two languages are kept.
    groups = ["en" if u.article % 2 == 0 else "fr" for u in units]
    got = _article_pairs(units, candidate_pairs(units, vecs, 44, cfg, groups))
    assert got == {(2 * k, 2 * k + 1) for k in range(22)}
