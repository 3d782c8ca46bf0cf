"""Fact units, what is no claim, the fact signature and the brief's stand-alone test
(invented text)."""

from __future__ import annotations

import pytest

from storytrace.claims.facts import FactRule, Signature, same_fact, signature
from storytrace.claims.units import Unit, fact_units, readable_text, split_sentence
from storytrace.claims.values import extract_values
from storytrace.report.brief import reads_alone
from storytrace.text import sentences
from storytrace.types import Article, Sentence, Story


def parts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentence(text)]


def test_a_reporting_participle_starts_a_second_fact() -> None:
    text = "The ferry company cut its winter timetable, saying fuel costs had doubled since May."
    assert parts(text) == [
        "The ferry company cut its winter timetable",
        "saying fuel costs had doubled since May.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a cut inside quotation marks would split one utterance
        "“We will reopen the line, but only after the inspection,” the operator said.",
        # "not only ..., but also ..." is one fact in two parts
        "The storm damaged not only the pier at Lenholm, but also the lifeboat station.",
        # a part under four words is no fact of its own
        "Prices rose, but slowly.",
        # the quote opened in the sentence before: the cut would fall inside it
        "The ferry will run again on Friday, but not before the spring,” Edda Voss said.",
    ],
)
def test_sentences_that_state_one_fact_stay_whole(text: str) -> None:
    assert parts(text) == [text]


def test_a_leading_phrase_is_a_fact_only_when_it_names_an_event() -> None:
    met = "Speaking after a meeting with the fishing council, the minister promised new quotas."
    assert parts(met) == [
        "Speaking after a meeting with the fishing council",
        "the minister promised new quotas.",
    ]
    where = "Speaking outside the harbour office, the minister promised new quotas."
    assert parts(where) == [where]


def test_an_aside_between_commas_is_a_unit_inside_its_sentence() -> None:
    text = "The bridge, which opened in 1931 to great fanfare, will close for repairs in June."
    assert parts(text) == ["The bridge, which opened in 1931 to great fanfare", text]


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        # "built in the 1890s" alone does not say what was built: the noun comes with it
        (
            "Fishers have long said that the old stone pier, built in the 1890s, is unsafe.",
            "the old stone pier, built in the 1890s",
        ),
        # a preposition ends the phrase: the aside is about the wire, not the exports
        (
            "Exports of copper wire, which doubled in May after the strike, lifted the port.",
            "copper wire, which doubled in May after the strike",
        ),
        # a translation states the aside as its source does (else it reads as omitting it)
        (
            "Les pêcheurs disent que la vieille jetée, construite dans les années 1890, "
            "est dangereuse.",
            "la vieille jetée, construite dans les années 1890",
        ),
        # a phrase after a preposition comes with the phrase it hangs on: the delays, not
        # the levee, were blamed on costs
        (
            "Critics say the town's repeated delays on the levee, which officials blamed on "
            "rising costs, left the quay exposed.",
            "the town's repeated delays on the levee, which officials blamed on rising costs",
        ),
        # ... only a noun phrase of its own ("worked on" is a verb's)
        (
            "Grete Lund worked on the levee, which dates from 1931, for ten years.",
            "the levee, which dates from 1931",
        ),
        # a name is the whole phrase, up to the punctuation before it
        (
            "“We rebuilt it,” Edda Voss, who chairs the Lenholm harbour board, told the paper.",
            "Edda Voss, who chairs the Lenholm harbour board",
        ),
    ],
)
def test_an_aside_unit_carries_the_noun_it_describes(text: str, aside: str) -> None:
    assert aside in parts(text)


def _units_of(raw: str) -> tuple[Article, list[Unit]]:
    article = Article(id="a", raw=raw, language="en")
    units, _, _ = fact_units(Story(articles=(article,)))
    return article, units[0]


def test_a_unit_cut_off_its_sentence_head_shows_the_head_in_brackets() -> None:
    raw = "A plan to dredge the channel was approved in 2019 but has been delayed twice."
    article, units = _units_of(raw)
    sents = sentences(article)
    shown = [readable_text(raw, u, sents[u.sentence]) for u in units]
    assert shown == [
        "A plan to dredge the channel was approved in 2019",
        "[A plan to dredge the channel was approved in 2019] but has been delayed twice.",
    ]
    raw = "The ferry company cut its winter timetable, saying fuel costs had doubled since May."
    article, units = _units_of(raw)
    assert readable_text(raw, units[1], sentences(article)[0]) == (
        "[The ferry company cut its winter timetable,] saying fuel costs had doubled since May."
    )


def test_a_wire_dateline_is_not_shown_as_part_of_the_claim() -> None:
    """The dateline says where the copy was filed ("HALBERG, Norrland (Valley Wire) — "):
    the claim reads from the reporting on, and a unit cut off its head does not repeat it
    in brackets; the unit itself (what matching reads) still holds it."""
    raw = (
        "HALBERG, Norrland (Valley Wire) — A landslide closed the coast road before dawn on "
        "Monday, killing two drivers and forcing about 300 residents from their homes."
    )
    article, units = _units_of(raw)
    sent = sentences(article)[0]
    assert units[0].text.startswith("HALBERG")
    assert [readable_text(raw, u, sent) for u in units] == [
        "A landslide closed the coast road before dawn on Monday",
        "[A landslide closed the coast road before dawn on Monday,] killing two drivers and "
        "forcing about 300 residents from their homes.",
    ]
    plain = "HALBERG, Norrland — A landslide closed the coast road on Monday."
    article, units = _units_of(plain)  # no outlet in brackets: no dateline, shown whole
    assert readable_text(plain, units[0], sentences(article)[0]) == plain


def test_an_aside_and_a_whole_sentence_read_as_they_are() -> None:
    raw = "Fishers have long said that the old stone pier, built in the 1890s, is unsafe."
    article, units = _units_of(raw)
    sent = sentences(article)[0]
    assert [readable_text(raw, u, sent) for u in units] == [
        raw,
        "the old stone pier, built in the 1890s",
    ]


def test_quoted_words_of_a_known_speaker_show_the_speakers_name() -> None:
    raw = "The fund is what the councillor called “a first plaster, not a cure” on Monday."
    unit = Unit(0, 40, 67, raw[40:67], "en", "the councillor", "Ines Marlow")
    sent = Sentence(0, 0, len(raw), raw, 0, "en")
    assert readable_text(raw, unit, sent) == "Ines Marlow: “a first plaster, not a cure”"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "“The levee held for ninety years,” she said.",
            "“The levee held for ninety years,” [Ines Marlow] said.",
        ),
        (
            "He told the council: “The levee held for ninety years.”",
            "[Edda Voss] told the council: “The levee held for ninety years.”",
        ),
    ],
)
def test_a_pronoun_naming_a_quotes_speaker_shows_the_name(raw: str, shown: str) -> None:
    unit = Unit(0, 0, len(raw), raw, "en")
    sent = Sentence(0, 0, len(raw), raw, 0, "en")
    s = raw.index("The levee")
    e = raw.index("years") + len("years")
    who = "she" if "she" in raw else "He"
    name = "Ines Marlow" if who == "she" else "Edda Voss"
    assert readable_text(raw, unit, sent, [(s, e, who, name)]) == shown
    # a speaker never resolved, or no quote known: the text as written
    assert readable_text(raw, unit, sent, [(s, e, who, who)]) == raw
    assert readable_text(raw, unit, sent) == raw


def test_a_single_stray_word_is_no_claim() -> None:
    raw = "The ferry to Lenholm ran three hours late on Friday. 'Norland.\n"
    _, units = _units_of(raw)
    assert [u.text for u in units] == ["The ferry to Lenholm ran three hours late on Friday."]


def test_subheadings_teasers_and_speakerless_quote_fragments_are_not_claims() -> None:
    raw = (
        "The mayor of Lenholm said the ferry would run again on Friday.\n"
        "Harbour woes\n"
        "WATCH: The ferry leaves the harbour\n"
        "“We are doing all we can,” she said. “This will not happen again.”\n"
    )
    units, skipped, total = fact_units(Story(articles=(Article(id="a", raw=raw, language="en"),)))
    texts = [u.text for u in units[0]]
    assert texts == [
        "The mayor of Lenholm said the ferry would run again on Friday.",
        "“We are doing all we can,” she said.",
    ]
    assert skipped == {"subheading": 1, "teaser": 1, "quote-fragment": 1}
    assert total == 5
    for u in units[0]:
        assert raw[u.start : u.end] == u.text


RULE = FactRule()


def test_same_topic_with_a_different_reporting_actor_is_not_the_same_fact() -> None:
    a = signature("Cutting the Lenholm line would also hurt the coastal towns of Norland.")
    b = signature(
        "Earlier, the Harbour Gazette reported that Norland planned to cut the Lenholm line."
    )
    assert not same_fact(a, b, 0.95, 0.93, 0.90, True, RULE)


def test_the_same_actors_doing_the_same_thing_are_the_same_fact() -> None:
    a = signature("Norland's transport minister met Ines Marlow in Lenholm on Friday.")
    b = signature("Ines Marlow held talks with Norland's transport minister in Lenholm.")
    assert same_fact(a, b, 0.94, 0.93, 0.90, True, RULE)


def test_a_pronoun_subject_corroborates_nothing_but_a_near_copy() -> None:
    a = signature("He submitted to a breath test at the scene.")
    b = signature("The driver was asked to take a breath test.")
    assert not same_fact(a, b, 0.94, 0.93, 0.90, True, RULE)


def test_a_clause_cut_before_its_conjunction_keeps_its_pronoun_subject() -> None:
    # "though it warned ..." names its subject no more than "It warned ..." does: a close
    # cosine on the same topic (flooding, tides) is no corroboration of a different warning
    a = signature(
        "The coastal office warned that a second high tide on Sunday could flood the quay."
    )
    b = signature("though it warned that spring tides next month could flood the low streets.")
    assert b.anaphoric
    assert not same_fact(a, b, 0.93, 0.93, 0.90, True, RULE)
    # a near copy of the other's words still is the same fact
    c = signature("though it warned that a second high tide on Sunday could flood the quay.")
    assert same_fact(a, c, 0.97, 0.93, 0.90, True, RULE)


def _with_values(text: str) -> Signature:
    return signature(text, frozenset(v.key for v in extract_values(text) if v.kind == "number"))


def test_numbers_that_all_differ_and_no_actor_mean_two_facts() -> None:
    a, b = _with_values("She was 91."), _with_values("She was 85.")
    assert a.numbers and b.numbers
    assert not same_fact(a, b, 0.97, 0.93, 0.90, True, RULE)
    # the same actors doing the same thing with another number: one fact, two values
    a = _with_values("Inspectors in Lenholm found 48 cracked pylons along the ridge.")
    b = _with_values("Inspectors in Lenholm found 84 cracked pylons along the ridge.")
    assert same_fact(a, b, 0.98, 0.93, 0.90, True, RULE)


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("The ferry will run again on Friday, the mayor said.", True),
        ("It is not clear when the ferry will run again.", True),
        ("However, the ferry will not run on Friday.", False),
        ("Instead, he focused on the timetable.", False),
        ("He said the ferry would run again.", False),
        ("“We are fully prepared,” he noted.", False),
    ],
)
def test_a_brief_sentence_must_read_on_its_own(text: str, alone: bool) -> None:
    assert reads_alone(text) is alone
