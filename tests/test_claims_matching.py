"""Which units of two origins state one fact (invented text): what a unit's signature
counts as its actors, and when the fact rule's routes hold."""

from __future__ import annotations

from storytrace.claims.cluster import key_content
from storytrace.claims.facts import FactRule, same_fact, signature
from storytrace.claims.values import extract_values


def test_a_wire_dateline_names_no_actor_of_the_fact() -> None:
    sig = signature(
        "VELDE, Norland (Harbour Gazette) — A gale flooded the quay of Velde on Monday."
    )
    assert sig.lead == "n:velde"
    assert "n:gazette" not in sig.actors and "n:norland" not in sig.actors
    plain = signature("VELDE — Pilots refused to sail on Monday.")
    assert plain.actors == {"n:pilots"}
    # a hyphen after a capitalised subject is no dateline; a sentence starts there
    assert signature("NORCOM - the grid operator cut power.").lead == "n:norcom"


def test_a_spelled_number_opening_a_sentence_is_no_actor() -> None:
    sig = signature("Three fishermen were rescued from the reef.")
    assert not sig.actors and sig.lead is None


def test_the_same_actors_alone_are_not_the_same_fact() -> None:
    # every sentence of a story about Norland and Ostmark names them both
    rule = FactRule()
    a = signature("Norland voiced alarm over Ostmark's grain exports to Velmora on Friday.")
    b = signature("Norland is ready to impose tariffs on Ostmark and Velmora, its envoy said.")
    assert a.actors == b.actors
    assert not same_fact(a, b, 0.92, 0.9, 0.9, True, rule)
    c = signature("Norland met Ostmark's envoy in Velde.")
    d = signature("Norland's meeting with Ostmark took place in Velde.")
    assert same_fact(c, d, 0.92, 0.93, 0.9, True, rule)


def test_a_weekday_is_key_content_only_when_rare() -> None:
    values = extract_values("The quay flooded on Tuesday, killing 2 people.")
    assert key_content(values, set()) == {"number:count:2"}
    assert "date:wd:tuesday" in key_content(values, {"wd:tuesday"})
