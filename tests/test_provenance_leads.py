"""Short leads (a headline and a few sentences) of one event: written apart they are
separate origins even when they follow the same order and quote the same statement; a
lead reprinted from the wire is one origin with its source. Invented texts."""

from __future__ import annotations

from storytrace.align import align_story
from storytrace.provenance import relate
from storytrace.settings import Settings
from test_align_texts import article, story

STATEMENT = (
    '"We will not reopen the harbour until every crane has been inspected," port director '
    "Mirela Vance said in a statement."
)
LEAD_A = [
    "Storm shuts Tarrow harbour for a week.",
    "The port of Tarrow closed on Monday after overnight winds toppled two cranes onto "
    "the northern quay, the harbour authority said.",
    STATEMENT,
]
LEAD_B = [
    "Tarrow port closed after gale topples cranes.",
    "Gale-force gusts brought down a pair of cranes at Tarrow's northern dock late on "
    "Sunday, forcing the port to halt all shipping from Monday.",
    STATEMENT,
]
WIRE = [
    "Tarrow harbour closed as storm topples cranes.",
    "The port of Tarrow closed on Monday after overnight winds toppled two cranes onto "
    "the northern quay, the harbour authority said.",
    "No one was hurt, and ships due this week were sent to the nearby port of Elsk.",
    STATEMENT,
]


def test_leads_written_apart_sharing_a_quote_are_two_origins() -> None:
    out = relate(align_story(story(article("a", LEAD_A), article("b", LEAD_B))))
    assert out.independent_sources == 2
    assert all(r.kind == "independent" for r in out.relations)


def test_lead_reprinted_from_the_wire_is_one_origin() -> None:
    out = relate(align_story(story(article("wire", WIRE), article("a", LEAD_A))))
    assert out.independent_sources == 1
    (rel,) = out.relations
    assert rel.kind != "independent"


def test_old_floor_took_leads_written_apart_for_a_rewrite() -> None:
    # With the guard at the floor before (3 sentences, no wording floor) the same two leads
    # run in parallel and share a quote, and were taken for a rewrite: the NeuS failure.
    old = Settings.default().relations.with_values(
        short_link_sentences=3, short_link_min_wording=0.0
    )
    out = relate(align_story(story(article("a", LEAD_A), article("b", LEAD_B))), old)
    assert out.independent_sources == 1
