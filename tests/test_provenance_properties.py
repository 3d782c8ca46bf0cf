"""Property tests: one parent per derived article, an acyclic graph, origins that partition."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.align import align_story
from storytrace.provenance import relate
from storytrace.types import Article, Story
from test_align_texts import (
    CLOSE,
    EXCERPT,
    FRENCH,
    INDEPENDENT,
    REWRITE,
    ROUNDTRIP,
    SOURCE,
    UNRELATED,
    article,
    story,
)

POOL = [SOURCE, CLOSE, REWRITE, FRENCH, EXCERPT, INDEPENDENT, ROUNDTRIP, UNRELATED]
DAYS = [None, "2025-03-05", "2025-03-06", "2025-03-07"]


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    n = draw(st.integers(min_value=1, max_value=6))
    out = []
    for i in range(n):
        base = draw(st.sampled_from(POOL))
        sents = draw(st.lists(st.sampled_from(base), min_size=1, max_size=len(base), unique=True))
        out.append(
            article(
                f"x{i}",
                sents,
                published=draw(st.sampled_from(DAYS)),
                outlet=draw(
                    st.sampled_from([None, "Valley Herald", "Valley Herald Radio", "Dale Post"])
                ),
                removed=("advertisement",) if draw(st.booleans()) else (),
            )
        )
    return out


def check_graph(s: Story) -> None:
    ids = {a.id for a in s.articles if a.sentences}
    parents: dict[str, str] = {}
    for r in s.relations:
        assert 0.0 <= r.confidence <= 1.0 and 0.0 <= r.coverage <= 1.0
        if r.kind == "independent":
            continue
        assert r.target not in parents, f"{r.target} has two sources"
        parents[r.target] = r.source
    for start in parents:  # no cycles: every chain of parents ends
        seen = {start}
        node = start
        while node in parents:
            node = parents[node]
            assert node not in seen, f"cycle through {node}"
            seen.add(node)
    members = [a for o in s.origins for a in o.articles]
    assert sorted(members) == sorted(ids), "origins must partition the articles"
    for o in s.origins:
        assert o.root in o.articles and o.root not in parents
        for a in o.articles:
            node = a
            while node in parents:
                node = parents[node]
            assert node == o.root
    roots = {o.root for o in s.origins}
    for r in s.relations:
        if r.kind == "independent":
            assert r.source in roots and r.target in roots and r.source != r.target
    assert [o.id for o in s.origins] == [f"o{i + 1}" for i in range(len(s.origins))]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_relate_graph_is_a_forest_of_origins(arts: list[Article]) -> None:
    check_graph(relate(align_story(story(*arts))))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.integers(min_value=0, max_value=1000))
def test_relate_does_not_depend_on_input_order(arts: list[Article], seed: int) -> None:
    shuffled = list(arts)
    random.Random(seed).shuffle(shuffled)
    one = relate(align_story(story(*arts)))
    two = relate(align_story(story(*shuffled)))
    assert one.relations == two.relations and one.origins == two.origins
