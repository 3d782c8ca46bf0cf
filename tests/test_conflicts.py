"""Value extraction and conflicts between mentions of one claim (invented sentences)."""

from __future__ import annotations

import pytest

from storytrace.claims.conflicts import claim_conflicts, pair_conflicts
from storytrace.claims.values import extract_values
from storytrace.types import Mention


def conflicts(a: str, b: str, same_language: bool = True) -> list[tuple[str, str]]:
    return [
        (x.text, y.text)
        for x, y in pair_conflicts(extract_values(a), extract_values(b), same_language)
    ]


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("fines on more than 100 trawlers", "number", "count:100"),
        ("a rise of 2,000% last year", "number", "pct:2000"),
        ("a grant of $3.5 billion", "number", "money-usd:3.5e+09"),
        ("a grant of 40 euros", "number", "money-eur:40"),
        ("three ferries sank", "number", "count:3"),
        # French groups thousands with a plain space: 1,200, not 1 and 200
        ("quelque 1 200 habitants", "number", "count:1200"),
        ("plus de 12 500 votes", "number", "count:12500"),
        # scale words and currencies of the other languages read as the English ones
        ("une aide de 4,5 millions d'euros", "number", "money-eur:4.5e+06"),
        ("eine Hilfe von 4,5 Millionen Euro", "number", "money-eur:4.5e+06"),
        ("una ayuda de 2 mil millones de dólares", "number", "money-usd:2e+09"),
        ("rund 1,2 Mrd. Euro", "number", "money-eur:1.2e+09"),
        ("un aumento del 5 per cento", "number", "pct:5"),
        ("stieg um 5 Prozent", "number", "pct:5"),
        ("a rise of 5%.", "number", "pct:5"),
        ("five Europeans", "number", "count:5"),
        ("the vote on Tuesday", "date", "wd:tuesday"),
        ("signed on 12 March", "date", "md:march 12"),
        ("signed on March 12", "date", "md:march 12"),
        ("the treaty of 1994", "date", "year:1994"),
        ("the war against Norway", "place", "Norway"),
        ("the Norwegian navy", "place", "Norway"),
        ("talks in Oslo", "place", "Norway"),
    ],
)
def test_values_are_extracted_with_comparable_keys(text: str, kind: str, key: str) -> None:
    assert (kind, key) in {(v.kind, v.key) for v in extract_values(text)}


def test_a_space_groups_thousands_only_in_groups_of_three() -> None:
    keys = {v.key for v in extract_values("quelque 1 200 habitants")}
    assert "count:1" not in keys and "count:200" not in keys
    # a comma ends the date before a count; a year is no group of three
    assert {v.key for v in extract_values("On March 13, 200 people left.")} >= {"count:200"}
    assert "count:200" in {v.key for v in extract_values("approved in 2019 200 metres away")}


def test_value_spans_are_offsets_into_the_text() -> None:
    text = "The board fined more than 100 trawlers on Tuesday."
    for v in extract_values(text, 0):
        assert text[v.start : v.end] == v.text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Regulators fined more than 100 trawlers.", "Regulators fined over 100 trawlers."),
        ("Exports rose by about 2,000%.", "Exports rose by more than 2,000%."),
        ("The ban covers 1,500,000 tonnes.", "The ban covers 1.5 million tonnes."),
        # absent on one side: an omission, not a conflict
        ("The council met on Tuesday and fined 12 boats.", "The council fined 12 boats."),
        # the same values in another order
        ("Talks between Norway and Iceland resumed.", "Talks between Iceland and Norway resumed."),
        # a capital standing for its country
        ("Norway's navy left the fjord.", "Oslo's navy left the fjord."),
        # a currency conversion is no disagreement
        ("The deal is worth €103 million.", "The deal is worth $136 million."),
        # a shorter form of the same name
        ("Climbers died on Aoraki Mount Cook.", "Climbers died on Mt Cook."),
        # organisations are not compared as names
        (
            "The ban was confirmed by Harbour Rowing Club.",
            "The ban was confirmed by North Quay Union.",
        ),
        # one year each, in differently worded sentences, dates different things
        ("He joined the board in 2005.", "He first became a councillor in 1972."),
    ],
)
def test_no_false_conflicts(a: str, b: str) -> None:
    assert conflicts(a, b) == []


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Regulators fined 120 trawlers.", "Regulators fined 210 trawlers.", ("120", "210")),
        (
            "The vote took place on Tuesday.",
            "The vote took place on Thursday.",
            ("Tuesday", "Thursday"),
        ),
        (
            "Ships bound for its war against Norway were stopped.",
            "Ships bound for its war against Iceland were stopped.",
            ("Norway", "Iceland"),
        ),
        (
            "Harbour chief Ines Marlow met the minister.",
            "Harbour chief Dana Kell met the minister.",
            ("Ines Marlow", "Dana Kell"),
        ),
    ],
)
def test_conflicts_are_found(a: str, b: str, expected: tuple[str, str]) -> None:
    assert expected in conflicts(a, b)


def test_translated_names_are_not_compared_but_numbers_are() -> None:
    a = "Le ministre Jean Morel a signé avec la Norvège un accord de 40 navires."
    b = "Minister John Morel signed a deal with Norway for 45 ships."
    found = conflicts(a, b, same_language=False)
    assert found == [("40", "45")]


def test_claim_conflicts_group_values_by_kind_with_article_spans() -> None:
    texts = [
        "Regulators fined 120 trawlers on Tuesday.",
        "Regulators fined 210 trawlers on Tuesday.",
    ]
    mentions = [Mention(f"a{i}", 0, len(t), t) for i, t in enumerate(texts)]
    out = claim_conflicts("c7", mentions, [extract_values(t) for t in texts], ["en", "en"])
    assert len(out) == 1
    c = out[0]
    assert (c.claim, c.kind) == ("c7", "number")
    assert [(v.article, v.value) for v in c.values] == [("a0", "120"), ("a1", "210")]
    assert all(texts[int(v.article[1])][v.start : v.end] == v.value for v in c.values)
