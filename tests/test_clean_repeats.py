"""Repeated blocks and paragraphs: the first copy stays, later copies go with a reason."""

from __future__ import annotations

from storytrace.clean import prepare
from storytrace.clean.repeats import find_repeats
from storytrace.types import Article

BODY = [
    "The harbour board of Port Elvane approved a plan on Monday to deepen the main channel.",
    "Board chair Ines Marlow said the dredging would cost about 48 million.",
    "Fishing cooperatives have opposed the dredging for months.",
    "An environmental review found the risk to the mussel beds limited.",
    "Work on the channel is due to start in the autumn, the board said.",
]
AD = "Brightpath Academy bootcamp: registration now open, book your seat at the early-bird price."


def test_whole_body_twice_keeps_one_copy() -> None:
    raw = "\n".join([*BODY, *BODY[:2], AD, *BODY[2:]])
    art = prepare(Article(id="r", raw=raw))
    for line in BODY:
        assert art.text.count(line) == 1
    counts = art.meta["clean"]["removed"]
    assert counts == {"repeated-block": 5, "advertisement": 1}
    # The later copy is the one removed.
    first_removed = min(r.start for r in art.removed if r.reason == "repeated-block")
    assert first_removed > max(e for _, e in art.paragraphs)


def test_copy_with_other_quotes_and_spacing_is_still_a_copy() -> None:
    line = 'Marlow said: "We will protect the mussel beds of the harbour."'
    variant = "Marlow  said: “We will protect the mussel beds of the harbour.”"
    out = find_repeats([line, BODY[0], variant], 40, 2)
    assert out == {2: "repeated-paragraph"}


def test_short_repeated_lines_survive() -> None:
    texts = ["Q:", BODY[0], "A:", "Q:", BODY[1], "A:", "Yes."]
    assert find_repeats(texts, 40, 2) == {}


def test_single_repeated_paragraph() -> None:
    raw = "\n\n".join([BODY[0], BODY[1], BODY[2], BODY[1], BODY[3]])
    art = prepare(Article(id="r", raw=raw))
    assert [r.reason for r in art.removed] == ["repeated-paragraph"]
    assert art.text.count(BODY[1]) == 1


def test_real_repeated_phrase_inside_different_paragraphs_is_kept() -> None:
    a = "Prices rose again, the board said. Fishing crews were not consulted."
    b = "Prices rose again, the board said. The dredging starts in autumn."
    art = prepare(Article(id="r", raw="\n\n".join([a, BODY[0], b])))
    assert art.removed == ()


def test_copy_with_other_paragraph_breaks_is_found() -> None:
    first = "\n\n".join([" ".join(BODY[:3]), " ".join(BODY[3:])])
    second = "\n".join(BODY)
    art = prepare(Article(id="r", raw=first + "\n\n" + second))
    assert art.meta["clean"]["removed"] == {"repeated-block": 5}
    for line in BODY:
        assert art.text.count(line) == 1
