"""Sentence segmentation: abbreviations, decimals, quotes, other scripts, offsets."""

from __future__ import annotations

import pytest

from storytrace.clean.segment import quote_spans, sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials in the U.S. capital met Mr. Okafor. Talks ended late.",
            ["Officials in the U.S. capital met Mr. Okafor.", "Talks ended late."],
        ),
        (
            "Mrs. Lind and Dr. Sato visited St. Agnes on Jan. 4. They left at noon.",
            ["Mrs. Lind and Dr. Sato visited St. Agnes on Jan. 4.", "They left at noon."],
        ),
        (
            "Gen. Ruiz spoke at 5:30 p.m. on Tuesday. Growth was 3.5 percent.",
            ["Gen. Ruiz spoke at 5:30 p.m. on Tuesday.", "Growth was 3.5 percent."],
        ),
        (
            "The novel by J. R. Holm sold well. Item No. 5 was missing.",
            ["The novel by J. R. Holm sold well.", "Item No. 5 was missing."],
        ),
        (
            "Shares of Velto Inc. rose, e.g. after the report. Analysts agreed.",
            ["Shares of Velto Inc. rose, e.g. after the report.", "Analysts agreed."],
        ),
        (
            "The aid went to the U.S. The funds arrived later.",
            ["The aid went to the U.S.", "The funds arrived later."],
        ),
        ("Is it over? Nobody knows! Wait.", ["Is it over?", "Nobody knows!", "Wait."]),
    ],
)
def test_split_english_rules(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_multi_sentence_quote_stays_one_sentence() -> None:
    text = "“We will rebuild. We have no choice,” the mayor said. Crews began work."
    assert split_sentences(text) == [
        "“We will rebuild. We have no choice,” the mayor said.",
        "Crews began work.",
    ]


def test_straight_quotes_and_attribution_after_question() -> None:
    text = '"Can we wait?" Lund asked. "No, we cannot."'
    assert split_sentences(text) == ['"Can we wait?" Lund asked.', '"No, we cannot."']


def test_unbalanced_closing_quote_does_not_swallow_paragraph() -> None:
    # A closing mark with no opening one (copy damage): sentences still split.
    text = "The vote is close. I doubt it will pass,” Tamsin Roe said. Results come Friday."
    assert split_sentences(text) == [
        "The vote is close.",
        "I doubt it will pass,” Tamsin Roe said.",
        "Results come Friday.",
    ]


def test_unbalanced_opening_quote_is_ignored() -> None:
    text = "He began: “We will see. Nothing is settled. The board meets Monday."
    assert len(split_sentences(text)) == 3


def test_overlong_quote_protects_nothing() -> None:
    inner = " ".join(["This is a sentence."] * 10)
    text = f"“{inner}” And more."
    assert len(sentence_spans(text, max_quote_chars=50)) > 5
    assert len(sentence_spans(text, max_quote_chars=1000)) == 2


def test_french_guillemets_and_spanish_marks() -> None:
    fr = "Le ministre a dit : « Nous partons. Demain ? » Puis il est sorti."
    assert split_sentences(fr) == [
        "Le ministre a dit : « Nous partons. Demain ? »",
        "Puis il est sorti.",
    ]
    es = "¿Qué pasó ayer? Nadie lo sabe. ¡Increíble!"
    assert split_sentences(es) == ["¿Qué pasó ayer?", "Nadie lo sabe.", "¡Increíble!"]


def test_korean_and_cjk_punctuation() -> None:
    ko = "정부는 오늘 새 정책을 발표했다. 시장은 즉시 반응했다! 다음 단계는？"
    assert split_sentences(ko) == [
        "정부는 오늘 새 정책을 발표했다.",
        "시장은 즉시 반응했다!",
        "다음 단계는？",
    ]
    zh = "政府今天宣布了新政策。市场立即作出反应！"
    assert split_sentences(zh) == ["政府今天宣布了新政策。", "市场立即作出反应！"]


def test_spans_point_into_the_text_with_offset() -> None:
    raw = "Title line\n\nFirst one here. Second one here.\n"
    start = raw.index("First")
    spans = sentence_spans(raw, start, len(raw))
    assert [raw[s:e] for s, e in spans] == ["First one here.", "Second one here."]
    assert spans[0][0] == start


def test_quote_spans_only_matched_pairs() -> None:
    text = "a “b” c ” d « e » f"
    assert [text[s:e] for s, e in quote_spans(text, 100)] == ["“b”", "« e »"]


def test_arabic_and_hindi_terminators() -> None:
    ar = "هل انتهى الاجتماع؟ نعم، انتهى مساء أمس."
    assert split_sentences(ar) == ["هل انتهى الاجتماع؟", "نعم، انتهى مساء أمس."]
    hi = "बैठक समाप्त हो गई। सभी सदस्य घर चले गए।"
    assert split_sentences(hi) == ["बैठक समाप्त हो गई।", "सभी सदस्य घर चले गए।"]


def test_stray_closing_mark_joins_the_sentence_before() -> None:
    assert split_sentences('The day was calm. It was a personal bond. "') == [
        "The day was calm.",
        'It was a personal bond. "',
    ]


def test_ranks_and_state_abbreviations() -> None:
    text = "Cpl. Dana Reyes and Det. Omar Hale of Tacoma, Wash., spoke. The Wash. The end."
    assert split_sentences(text)[0] == "Cpl. Dana Reyes and Det. Omar Hale of Tacoma, Wash., spoke."


@pytest.mark.parametrize(
    ("word", "abbrev"),
    [
        ("Mr", True),
        ("Gen.", True),
        ("U.S", True),
        ("Jan", True),
        ("Calif", True),
        ("said", False),
        ("Beijing", False),
    ],
)
def test_is_abbreviation(word: str, abbrev: bool) -> None:
    from storytrace.clean.segment import is_abbreviation

    assert is_abbreviation(word) is abbrev


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Die Hafenbehörde öffnet am 14. Dezember 2031 wieder. Danach kommen die Fähren.",
            ["Die Hafenbehörde öffnet am 14. Dezember 2031 wieder.", "Danach kommen die Fähren."],
        ),
        (
            "Vom 3. Mai bis zum 21. Jänner blieb der Steg zu. Die Gemeinde zahlte.",
            ["Vom 3. Mai bis zum 21. Jänner blieb der Steg zu.", "Die Gemeinde zahlte."],
        ),
        # a year before a month name still ends its sentence: only a day's ordinal joins
        ("Der Bau begann 2019. Mai war der Monat.", ["Der Bau begann 2019.", "Mai war der Monat."]),
    ],
)
def test_german_ordinal_day_before_a_month_goes_on(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Das bestätigte die Bürgermeisterin.Der Kämmerer schwieg dazu.",
            ["Das bestätigte die Bürgermeisterin.", "Der Kämmerer schwieg dazu."],
        ),
        (
            "Er sagte: „Die Fähre lag fest.“Niemand kam an Bord.",
            ["Er sagte: „Die Fähre lag fest.“", "Niemand kam an Bord."],
        ),
        # “ after a stop opens an English quote when no „ is open: no glued end there
        (
            "The ferry left.“They will return,” she said.",
            ["The ferry left.“They will return,” she said."],
        ),
        # a domain, an acronym, an initial or a lower-case word after the period: no sentence end
        ("Mehr steht auf hafenblatt.de heute.", ["Mehr steht auf hafenblatt.de heute."]),
        ("Die Seite www.Hafenblatt.com ist neu.", ["Die Seite www.Hafenblatt.com ist neu."]),
        ("Der Verein e.V.Nordkai zahlte.", ["Der Verein e.V.Nordkai zahlte."]),
        ("Im Programm node.Js läuft es.", ["Im Programm node.Js läuft es."]),
    ],
)
def test_period_glued_to_a_capitalised_word_ends_the_sentence(
    text: str, expected: list[str]
) -> None:
    assert split_sentences(text) == expected
