"""The per-text clues provenance reads: translation artefacts, quotes, credits, order."""

from __future__ import annotations

import pytest

from storytrace.provenance.direction import credited_names, credits
from storytrace.provenance.features import quoted_share, sentence_artefacts
from storytrace.provenance.order import source_order


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("« We will not wait », the mayor said.", "guillemets"),
        ('"We will not wait" , the mayor said.', "space-before-punct"),
        ("The army pushed on towards the south of 'Ukraine.", "broken-elision"),
        ("The works cost 12 500 000 euros.", "number-format"),
        ("Support rose to 45 % in the poll.", "number-format"),
    ],
)
def test_artefacts_found_in_english(text: str, kind: str) -> None:
    assert sentence_artefacts(text, "en").get(kind, 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        '"We will not wait," the mayor said.',
        "The army's 'special operation' went on, officials said.",
        "It cost 12,500,000 euros, or 45% of the budget.",
        "Mr. O'Neill said it was 5:30 p.m.",
    ],
)
def test_no_artefacts_in_ordinary_english(text: str) -> None:
    assert sentence_artefacts(text, "en") == {}


def test_french_typography_is_not_an_artefact_in_french() -> None:
    assert sentence_artefacts("« Nous n'attendrons pas », a dit le maire ; voilà.", "fr") == {}


def test_quoted_share_counts_open_quotes_to_the_end() -> None:
    assert quoted_share('"We are ready to act," he said.') > 0.6
    assert quoted_share("“We are ready to act and we will") == 1.0
    assert quoted_share("He said they were ready to act.") == 0.0


def test_credits_name_acronym_and_short_name() -> None:
    assert credits("Voice of America", "the analyst told VOA on Friday")
    assert credits("Voice of America", "As Voice of America correspondent Ana Ruiz reports")
    assert credits("The Valley Observer", "engineers contacted by the Observer disagreed")
    assert not credits("The Valley Observer", "the Observer building was flooded")
    assert not credits(None, "told VOA")


def test_source_order_keeps_strong_votes_and_breaks_cycles() -> None:
    votes = {("a", "b"): 2.0, ("b", "c"): 1.5, ("a", "c"): -0.2}  # a -> b -> c; weak c -> a
    order = source_order(["c", "b", "a"], votes, lambda i: (i,))
    assert order == ["a", "b", "c"]
    cyc = {("a", "b"): 1.0, ("b", "c"): 1.0, ("c", "a"): 0.5}
    order = source_order(["a", "b", "c"], cyc, lambda i: (i,))
    assert order.index("a") < order.index("b") < order.index("c")


@pytest.mark.parametrize(
    "text",
    [
        "'We respect the family's privacy at this time.",
        "\"They asked, 'How about if it had been fifty? '\" he said.",
        "She also hosted 'Dreamland ', the short-lived show.",
    ],
)
def test_quotes_in_single_marks_are_not_broken_elisions(text: str) -> None:
    assert "broken-elision" not in sentence_artefacts(text, "en")


def test_lone_elided_name_fragment_is_an_artefact() -> None:
    assert sentence_artefacts("'Ukraine.", "en") == {"broken-elision": 1}


def test_credited_names_are_outlets_not_people() -> None:
    text = (
        "Engineers contacted by the Valley Observer disagreed. The mayor told VOA it was "
        "safe, and the minister told Smith nothing."
    )
    assert credited_names(text) == {"Valley Observer", "VOA"}
