"""bench/bench_derivation.py's direction figure: which way each linked pair runs, and the
share of derived pairs linked agency copy -> newspaper story."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from benchload import bench_module
from storytrace.types import Article, Relation, Story


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return bench_module("bench_derivation")


def relation(source: str, target: str, kind: str = "rewrite") -> Relation:
    return Relation(source=source, target=target, kind=kind, confidence=0.9, coverage=0.5)


def pair_story(*relations: Relation) -> Story:
    arts = (
        Article(id="src", raw="A.", published="2014-12-01"),
        Article(id="tgt", raw="B.", published="2014-12-02"),
    )
    return Story(articles=arts, relations=relations)


def test_agency_first_reads_the_derivation_not_the_independent_relation(bench: ModuleType) -> None:
    assert bench.agency_first(pair_story(relation("src", "tgt"))) == 1
    assert bench.agency_first(pair_story(relation("tgt", "src"))) == -1
    assert bench.agency_first(pair_story(relation("src", "tgt", "independent"))) == 0
    assert bench.agency_first(pair_story()) == 0


def test_undated_removes_every_date_and_keeps_the_rest(bench: ModuleType) -> None:
    story = pair_story(relation("src", "tgt"))
    out = bench.undated(story)
    assert [a.published for a in out.articles] == [None, None]
    assert [a.raw for a in out.articles] == ["A.", "B."]
    assert story.articles[0].published == "2014-12-01"


def test_direction_scores_count_derived_pairs_linked_each_way(bench: ModuleType) -> None:
    y = np.array([2, 1, 1, 1, 0, 0])  # WD, PD, PD, PD, ND, ND
    ways = np.array([[1, 1, -1, 0, 1, 0], [1, 1, 1, 1, 0, 0]])
    s = bench.direction_scores(y, ways)
    assert s["agency_first"] == pytest.approx((2 / 3 + 1) / 2)
    assert s["sd"] == pytest.approx(1 / 6)
    assert (s["linked"], s["derived"], s["nd_linked"]) == (3.5, 4.0, 0.5)
    # repeat 1: 3 of 4 derived found, 1 false link -> F1 6/8; repeat 2: 4 of 4 -> 1
    assert s["derived_f1"] == pytest.approx((0.75 + 1.0) / 2)
