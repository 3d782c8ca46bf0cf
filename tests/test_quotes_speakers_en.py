"""English speaker rules (quotes/speakers.py) on invented sentences, the rules alone."""

from __future__ import annotations

import pytest

from storytrace.clean import prepare
from storytrace.quotes.names import PersonIndex
from storytrace.quotes.speakers import QuoteFinding, find_article_quotes
from storytrace.types import Article


def _quotes(text: str) -> list[QuoteFinding]:
    art = prepare(Article(id="a", raw=text, language="en"))
    index = PersonIndex(PersonIndex.vocabulary([text]))
    index.add_article(art.id, art.raw, list(art.paragraphs))
    found, _dropped = find_article_quotes(art, index, parse=False)
    return found


@pytest.mark.parametrize(
    "phrase", ["Another intelligence source", "Her campaign manager", "One harbour worker"]
)
def test_a_description_opened_by_a_determiner_names_no_one(phrase: str) -> None:
    (q,) = _quotes(f'"The boats will not sail before May," {phrase} said.')
    assert q.speaker is None  # not "Another", "Her" or "One"
    assert q.speaker_text == phrase


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a party tag after the name
        ('"We are going to win this district," Rep. Jo Kline (D-Wash.) said.', "Jo Kline"),
        # a quote that closes its own sentence, then only its cue
        (
            'Kline spoke on Monday. "If you are listening, I hope you find the files." Pike said.',
            "Pike",
        ),
        # a description with a name inside it before the speaker's name
        (
            'Rivers "offers support for the port. Does that fly?" former Harlow adviser '
            "Dan Ruiz asked on Twitter.",
            "Dan Ruiz",
        ),
    ],
)
def test_trailing_cues_after_the_closing_mark(text: str, speaker: str) -> None:
    qs = _quotes(text)
    assert qs[-1].speaker == speaker
    assert qs[-1].how == "trailing"


@pytest.mark.parametrize(
    ("cue", "speaker"),
    [
        # an organisation, then a description, then the name: the speaker was the organisation
        ("said Harlowsoft security response communications head Cris Budd", "Cris Budd"),
        ("said Pellmark vice president of engineering Mara Jones", "Mara Jones"),
        ("said Brindle House press secretary Sal Venn", "Sal Venn"),
        # capitalised words inside the description ("Watch", "Director", "Chief")
        ("said Tidal Watch president Tomas Fitt", "Tomas Fitt"),
        ("said Ostra police Chief Chuck Jorda", "Chuck Jorda"),
        # a role right before the name, after an organisation with "and" in it
        ("Ostra Department of Water and Power deputy director Mila Tidd said", "Mila Tidd"),
        # "and" joining two words of the description
        ("Ostra businessman and blogger Andi Halk said", "Andi Halk"),
        # "Watch" names a body ("Tidal Watch"); only the label "WATCH:" is none
        ("said Tidal Watch", "Tidal Watch"),
        # no name after the organisation: the organisation speaks
        ("said Harlowsoft on Monday", "Harlowsoft"),
    ],
)
def test_a_description_between_an_organisation_and_the_name(cue: str, speaker: str) -> None:
    (q,) = _quotes(f'"Everyone should install this update as soon as possible," {cue}.')
    assert q.speaker == speaker
    assert q.how == "trailing"


def test_a_clause_after_the_quote_is_no_description() -> None:
    text = (
        '"It seems extremely unlikely" that Rivers can catch Pike, said Steve Elmendorf, '
        "a former campaign manager."
    )
    (q,) = _quotes(text)
    assert q.speaker != "Pike"


@pytest.mark.parametrize(
    "text",
    [
        # a curly quote closed by a straight mark, the next one opened by one
        '“We fixed the roof in March," said Ines Marlow. "Then the rain came back.”',
        # a curly opening mark typed where the closing one belongs
        "“We fixed the roof in March,“ said Ines Marlow. “Then the rain came back.”",
    ],
)
def test_inconsistently_typed_marks_keep_the_cue_between_two_quotes(text: str) -> None:
    parts = [(p.text, q.speaker) for q in _quotes(text) for p in q.all_parts]
    assert parts == [
        ("We fixed the roof in March", "Ines Marlow"),
        ("Then the rain came back.", "Ines Marlow"),
    ]


def test_according_to_opening_the_sentence_names_the_source() -> None:
    text = "According to the harbour gazette, “the ferry will not run again before May.”"
    (q,) = _quotes(text)
    assert q.how == "according"
    assert q.speaker_text == "the harbour gazette"


def test_according_to_inside_the_quoted_words_is_the_quote_s_own() -> None:
    text = (
        '"The town is shrinking fast," the council report stated. '
        '"According to the county office, half the shops are empty."'
    )
    assert [q.speaker_text for q in _quotes(text)] == ["the council report"] * 2


def test_a_quote_paragraph_continues_after_a_long_cue_sentence() -> None:
    text = (
        "“We will keep the pier open,” Ines Marlow said during a visit to Port Ellis, the "
        "largest fishing town on the coast, ahead of the opening of the new St. Anne market.\n\n"
        "“Nobody should lose their boat over one bad winter.”"
    )
    qs = _quotes(text)
    assert [q.speaker for q in qs] == ["Ines Marlow", "Ines Marlow"]
    assert qs[1].how == "continued"


@pytest.mark.parametrize(
    ("signed", "speaker"),
    [("- Ines Marlow.", "Ines Marlow"), ("— Mayor Ines Marlow, at the town hall.", "Ines Marlow")],
)
def test_a_quote_paragraph_signed_on_the_next_line(signed: str, speaker: str) -> None:
    text = (
        "Ines Marlow spoke after the vote.\n\n"
        '"The pier stays open, whatever the council decides next winter."\n\n'
        f"{signed}\n\nThe council meets again in May."
    )
    (q,) = _quotes(text)
    assert q.speaker == speaker
    assert q.how == "signature"


def test_quotes_signed_with_a_dash_on_their_own_line() -> None:
    # a round-up of readers' answers, each quote signed after it on the same line
    text = (
        "We asked readers what the new ferry timetable means for them.\n\n"
        "\u201cI will have to leave home an hour earlier every morning.\u201d \u2015 Ines Marlow\n"
        "\u201cThe late boat was the only one my shift allowed.\u201d\u2015 Tomas R. Pike.\n"
        '"Nobody on the island was asked before they changed it." \u2014 Aldo Brenn, a fisherman'
    )
    qs = _quotes(text)
    assert [q.speaker_text for q in qs] == ["Ines Marlow", "Tomas R. Pike", "Aldo Brenn"]
    assert {q.how for q in qs} == {"signature"}


@pytest.mark.parametrize(
    "line",
    [
        # the dash goes on with the writer's own sentence, not a name
        '"The pier stays open," \u2014 and the council agreed.',
        # the quote does not fill its line: words of the writer's before it
        'Marlow called the plan "a pier that stays open for everyone" \u2014 Tomas Pike',
    ],
)
def test_a_dash_after_a_quote_is_no_signature_unless_a_name_ends_the_line(line: str) -> None:
    qs = _quotes(line)
    assert all(q.how != "signature" for q in qs)


@pytest.mark.parametrize(
    "text",
    [
        'According to the Harbour Gazette, Ines Marlow said the pier "stays open all winter."',
        "According to the Harbour Gazette, council spokeswoman Ines Marlow said the pier "
        '"stays open all winter."',
    ],
)
def test_an_outer_source_before_the_cue_is_kept_as_via(text: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker == "Ines Marlow"
    assert q.via == "the Harbour Gazette"


def test_according_to_with_more_than_a_description_before_the_cue_is_no_via() -> None:
    text = (
        "According to the Harbour Gazette, the vote was close, and Ines Marlow said the pier "
        '"stays open all winter."'
    )
    (q,) = _quotes(text)
    assert q.via is None


def test_a_nested_attribution_keeps_the_speaker_and_its_outer_source() -> None:
    text = '"The pier stays open," Ines Marlow said, according to the Harbour Gazette.'
    (q,) = _quotes(text)
    assert q.speaker == "Ines Marlow"
    assert q.via == "the Harbour Gazette"
    (plain,) = _quotes('"The pier stays open," Ines Marlow said on Monday.')
    assert plain.via is None


def test_a_plural_subject_with_a_present_tense_cue() -> None:
    (q,) = _quotes('"We cannot support the pier plan," the two councillors write in the letter.')
    assert q.speaker_text == "the two councillors"


@pytest.mark.parametrize(
    ("cue", "speaker"),
    [
        ("Marlow campaign manager Dan Ruiz said", "Dan Ruiz"),
        ("Harbour Party strategist Dan Ruiz said", "Dan Ruiz"),
        # an apposition or a list keeps its first name
        ("Dan Ruiz, a former Marlow aide, said", "Dan Ruiz"),
        ("Dan Ruiz of the Harbour Gazette said", "Dan Ruiz"),
    ],
)
def test_a_name_that_describes_the_speaker_is_not_the_speaker(cue: str, speaker: str) -> None:
    text = f'Ines Marlow spoke first. "The pier stays open," {cue}.'
    (q,) = _quotes(text)
    assert q.speaker == speaker


def test_a_quote_paragraph_after_an_attributed_quote_paragraph_continues_it() -> None:
    text = (
        "Ines Marlow spoke after the vote.\n\n"
        "“We will keep the pier open,” Marlow said. “Nobody should lose a boat.”\n\n"
        "“The council can vote again in May if it wants to.”"
    )
    qs = _quotes(text)
    assert [q.speaker for q in qs][-1] == "Ines Marlow"
    assert qs[-1].how == "continued"


def test_a_pronoun_after_its_speaker_in_the_same_sentence_is_that_speaker() -> None:
    # "Pike" is named first in the sentence; "she" is the one who speaks in it
    text = (
        "Maria Pike proposed closing the pier in winter.\n\n"
        'Asked about the plan of Maria Pike, Ines Marlow said "we will fight it at every '
        'council meeting until the spring," she said.'
    )
    (q,) = _quotes(text)
    assert q.speaker == "Ines Marlow"


@pytest.mark.parametrize("participle", ["tweeting at him", "writing", "asking the board"])
def test_a_participle_clause_of_speech_takes_its_clause_subject(participle: str) -> None:
    text = (
        f"Ines Marlow answered the mayor on Monday, {participle}, "
        '"Who decided to close the pier without a vote?"'
    )
    (q,) = _quotes(text)
    assert q.speaker == "Ines Marlow"
    assert q.how == "participle"


def test_a_transcript_speaker_label_with_title_and_party_tag() -> None:
    text = (
        'Rep. Jo Kline (D-Wash.):"Who told you the pier would stay open?"\n\n'
        'Harbour board chair Ines Marlow:"Nobody told me; I read the board\'s minutes."'
    )
    qs = _quotes(text)
    assert [q.speaker for q in qs] == ["Jo Kline", "Ines Marlow"]
    assert {q.how for q in qs} == {"colon"}


def test_a_delegate_title_is_no_name() -> None:
    text = '"This is a waste of the committee\'s time," said Del. Ines Marlow of the Harbour Isles.'
    (q,) = _quotes(text)
    assert q.speaker == "Ines Marlow"


@pytest.mark.parametrize(
    "text",
    [
        '"The pier stays open," Ines Marlow wrote, "whatever the board decides," after '
        "board chair Tomas Pike announced the vote.",
        '"The pier stays open" for the winter, said Ines Marlow.',
    ],
)
def test_a_phrase_of_the_writers_after_a_quote_is_no_speaker(text: str) -> None:
    qs = _quotes(text)
    assert "Tomas Pike" not in {q.speaker for q in qs}
    assert all(
        q.speaker_text is None or not q.speaker_text.startswith(("after", "for")) for q in qs
    )


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a cue before the quote, the body as subject
        (
            'The town claimed on Monday that the closures had "no effect" on the harvest.',
            "the town",
        ),
        # a cue after it, a body of two words
        ('"The ferry will run on Friday," the harbour authority said.', "the harbour authority"),
    ],
)
def test_a_body_that_speaks_as_one_is_the_speaker(text: str, speaker: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "phrase", ["A company", "The town's mayor", "The old man", "The Velde council of elders"]
)
def test_only_a_definite_body_noun_names_a_body(phrase: str) -> None:
    (q,) = _quotes(f'"The ferry will run on Friday," {phrase} said.')
    assert q.speaker is None or not q.speaker.startswith(("the ", "a "))


def test_a_sentence_start_is_read_backwards_as_the_pattern_reads_it() -> None:
    """``_after_sentence_end`` (a backward scan, linear in the text) answers as the search
    it replaced (``[.!?:\\n“"«]\\s*$`` over ``text[:at]``, quadratic over a paragraph) on
    every short string of sentence ends, quote marks, spaces and letters."""
    import itertools
    import re

    from storytrace.quotes.name_runs import _after_sentence_end

    pattern = re.compile(r"[.!?:\n“\"«]\s*$")
    alphabet = "a .:\n“«\t\u00a0"
    for n in range(6):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            for at in range(len(text) + 1):
                assert _after_sentence_end(text, at) == bool(pattern.search(text[:at])), (
                    text,
                    at,
                )


def test_an_organisation_is_not_resolved_to_another_named_after_it() -> None:
    text = (
        "The Harlowsoft Security Response Alliance met on Monday.\n\n"
        '"Install the update now," said Harlowsoft.\n\n'
        'Xi Lan met the alliance. "We agree," Xi said. "It helps," said Budd.\n\n'
        "Cris Budd runs the alliance."
    )
    speakers = [q.speaker for q in _quotes(text)]
    # a surname-first name and a surname still stand for the full names
    assert speakers == ["Harlowsoft", "Xi Lan", "Cris Budd"]


def test_a_description_opening_the_sentence_is_no_person_a_pronoun_takes_up() -> None:
    """ "Assistant chief fire officer Peter Guest admitted ..." read the person "Assistant
    chief" (a run ending in a lower-case title), whom the next quote's "he" named."""
    text = (
        "Assistant chief fire officer Pia Gest admitted the hall was lost.\n\n"
        '"The fire grew very rapidly," she said.'
    )
    (q,) = _quotes(text)
    assert q.speaker == "Pia Gest"


def test_a_sentence_opening_conjunction_is_no_part_of_a_name() -> None:
    """ "Once Harlowsoft issues a warning ..." read the name "Once Harlowsoft", which the
    story's "Harlowsoft" then stood for; so did "Harlowsoft Active Protections Program"."""
    text = (
        "Once Harlowsoft issues a warning, attackers move fast.\n\n"
        "The Harlowsoft Active Protections Program shares the details.\n\n"
        '"Install the update," Harlowsoft said.'
    )
    assert [q.speaker for q in _quotes(text)] == ["Harlowsoft"]


def test_a_surname_that_is_also_a_title_stands_for_the_full_name() -> None:
    """ "Billy King" then '"…," King said.': the speaker was "King" (a title word)."""
    text = 'Club president Billy King spoke on Monday.\n\n"Mo is family," King said.'
    assert [q.speaker for q in _quotes(text)] == ["Billy King"]
    # a title with no such full name stays as written
    assert [q.speaker for q in _quotes('"We will win the vote," King said.')] == ["King"]
