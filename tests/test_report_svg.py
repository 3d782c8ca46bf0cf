"""The provenance graph layout: roots on top, derivatives below, no overlapping nodes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storytrace.report.svg import NODE_H, layers, layout, render_svg
from storytrace.types import Article, Relation, Story
from test_report_data import build_story


def _no_overlap(story: Story) -> None:
    nodes, width, height = layout(story)
    assert len(nodes) == len(story.articles)
    for n in nodes:
        assert n.x >= 0 and n.x + n.w <= width and n.y >= 0 and n.y + NODE_H <= height
    for a in nodes:
        for b in nodes:
            if a is not b and a.layer == b.layer:
                assert a.x + a.w <= b.x or b.x + b.w <= a.x


def test_roots_on_top_and_derivatives_below() -> None:
    story = build_story()
    depth = layers(story)
    assert depth == {"wire": 0, "gazette": 0, "daily": 1, "evil": 1}
    _no_overlap(story)
    at = {n.id: n for n in layout(story)[0]}
    assert at["wire"].y < at["daily"].y
    # Each origin has its own colour; members share their root's.
    assert at["wire"].colour == at["daily"].colour != at["gazette"].colour


def test_svg_labels_are_escaped() -> None:
    story = build_story()
    svg = render_svg(story)
    assert "Copy &amp; Paste News" in svg and "Dam &lt;b&gt;news&lt;/b&gt;" in svg
    assert svg.count('class="node"') == 4
    assert svg.count('class="edge independent"') == 1
    assert svg.count('marker-end="url(#arrow)"') == 2


@given(
    st.integers(min_value=1, max_value=8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=14),
        )
    )
)
def test_layout_terminates_and_places_every_article(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    n, edges = case
    arts = tuple(Article(id=f"a{i}", raw="x") for i in range(n))
    rels = tuple(Relation(f"a{s}", f"a{t}", "copy", 1.0, 1.0) for s, t in edges)
    story = Story(articles=arts, relations=rels)
    _no_overlap(story)
    depth = layers(story)
    acyclic = all(s < t for s, t in edges)
    if acyclic:
        for s, t in edges:
            assert depth[f"a{t}"] > depth[f"a{s}"]
    assert render_svg(story).count('class="node"') == n
