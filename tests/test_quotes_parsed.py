"""Speakers read from a dependency parse when no written cue names them (quotes/parsed.py).

Invented sentences; each needs spaCy's small English model (extra ``parse``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.clean import prepare
from storytrace.quotes import parsed
from storytrace.quotes.around import doubtful_subject
from storytrace.quotes.attribution import Attribution
from storytrace.quotes.names import PersonIndex
from storytrace.quotes.parsed import parsed_attribution, parser_available
from storytrace.quotes.speakers import QuoteFinding, find_article_quotes
from storytrace.settings import Settings
from storytrace.types import Article

pytestmark = pytest.mark.skipif(
    not parser_available(), reason="spaCy or en_core_web_sm missing: pip install -e '.[parse]'"
)


def _quotes(text: str, parse: bool = True) -> list[QuoteFinding]:
    art = prepare(Article(id="a", raw=text, language="en"))
    index = PersonIndex(PersonIndex.vocabulary([text]))
    index.add_article(art.id, art.raw, list(art.paragraphs))
    found, _dropped = find_article_quotes(art, index, parse=parse)
    return found


def test_parsed_speaker_of_a_verb_the_rules_do_not_list() -> None:
    text = '"I would say this is the worst budget in a decade," Lena Ortiz answered.'
    (q,) = _quotes(text)
    assert q.speaker == "Lena Ortiz"
    assert q.how == "parsed"


def test_parsed_speaker_of_a_quote_inside_a_longer_clause() -> None:
    text = (
        "Greta Lund, a retired teacher from Dunmore, is confident that the school board "
        'will "come to its senses before the vote in May."'
    )
    (q,) = _quotes(text)
    assert q.speaker == "Greta Lund"
    # the reported clause runs from after the governing verb to the end of the quote
    assert q.content is not None
    clause = text[q.content[0] : q.content[1]]
    assert "that the school board will" in clause
    assert clause.endswith('May."') and "Dunmore" not in clause


def test_parsed_speaker_may_be_a_thing_that_speaks() -> None:
    text = (
        "The new radio ad from the Harlow campaign mocks the senator as "
        '"a career politician who never listens to farmers."'
    )
    (q,) = _quotes(text)
    assert q.speaker_text == "The new radio ad"


def test_parsed_pronoun_resolves_to_the_person_before() -> None:
    text = (
        "Tomas Berglund ran the harbour for twenty years.\n\n"
        'On Friday he ridiculed the plan as "a fantasy drawn up by people who never sailed."'
    )
    (q,) = _quotes(text)
    assert q.speaker == "Tomas Berglund"


def test_parse_off_keeps_the_rules_alone() -> None:
    text = '"I would say this is the worst budget in a decade," Lena Ortiz answered.'
    (q,) = _quotes(text, parse=False)
    assert q.speaker is None


def test_parsed_attribution_names_no_relative_pronoun() -> None:
    raw = 'It was a plan that "nobody in this town will ever forget."'
    assert parsed_attribution(raw, 0, len(raw), raw.index('"'), raw.rindex('"')) is None


def test_parse_speakers_is_a_packaged_setting() -> None:
    assert Settings.default().quotes.parse_speakers is True


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a place after a preposition is no subject, however close to the verb
        (
            "Dana Whitlock, speaking to reporters on Tuesday aboard her campaign plane en route "
            'to Tampa, said of the request: "We resolved all of this months ago."',
            "Dana Whitlock",
        ),
        # a comma clause before the cue: the parse names the cue's own subject
        (
            "Campaigning at a diner in Keene, New Hampshire, Ruth Almgren went after her rival, "
            'calling him "a total stranger to this state."',
            "Ruth Almgren",
        ),
        # an opening participle is no name
        (
            "Continuing his tour of the harbour, Rob Moss thanked the crews, stressing that "
            '"nobody goes out tonight."',
            "Rob Moss",
        ),
        # an opening word the story writes in lower case elsewhere is no name
        (
            "The vote is close, and when it comes the town will know. When asked about the "
            'plan, Oskar Lind gingerly said that was "an assessment the voters will make."',
            "Oskar Lind",
        ),
    ],
)
def test_doubtful_written_subject_is_read_from_the_parse(text: str, speaker: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker == speaker
    assert q.how == "leading"  # the cue is still the written one


def test_a_name_after_a_number_is_adoubtful_subject() -> None:
    raw = 'The town took in 250,000 Syrians, said "we are full."'
    s = raw.index("Syrians")
    att = Attribution("Syrians", s, s + 7, "leading", "said", raw.index("said") + 4)
    assert doubtful_subject(raw, att, 0, set())
    ok = Attribution("Dana Pike", 0, 9, "leading", "said", 14)
    assert not doubtful_subject('Dana Pike said "we are full."', ok, 0, set())


def test_parsed_speaker_after_a_quote_the_splitter_cut_at_its_own_mark() -> None:
    text = (
        "Some of that anger has turned to the mayor.\n\n"
        '"Hey, hey! Ho, ho! The mayor has got to go!" some protesters chanted, three days '
        "after the release, as they marched down the avenue."
    )
    (q,) = _quotes(text)
    assert q.speaker_text == "some protesters"


def test_parses_are_kept_on_disk_and_read_back_without_spacy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_CACHE", str(tmp_path))
    parsed._store.cache_clear()
    raw = 'Intro. "I would say this is the worst budget in years," Lena Ortiz answered.'
    s = raw.index('"')
    first = parsed_attribution(raw, s, len(raw), s, raw.rindex('"'))
    assert first is not None and first.text == "Lena Ortiz"
    assert list(tmp_path.glob("parses-*.jsonl"))

    def no_spacy() -> None:
        raise AssertionError("spaCy was loaded for a cached parse")

    parsed._store.cache_clear()
    monkeypatch.setattr(parsed, "_nlp", no_spacy)
    assert parsed_attribution(raw, s, len(raw), s, raw.rindex('"')) == first
    parsed._store.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        # the verb of the reported clause has a subject of its own: the one who worried
        'Dana Whitlock worried that the new ferry line was becoming "a toy for tourists '
        'and nobody else."',
        # the quote is inside a relative clause of the reported clause: the one who told
        "Dana Whitlock told the harbour board that the pier should be run by people "
        '"who actually fish for a living."',
        # the verb of saying is joined to another verb that has the subject
        "Dana Whitlock, who was speaking to the harbour board, did not mention the mayor by "
        "name, but told board members that the town should be governed by those "
        '"who put the interest of fishermen ahead of their own business."',
    ],
)
def test_parsed_speaker_is_the_subject_of_the_verb_that_reports_the_clause(text: str) -> None:
    (q,) = _quotes(text)
    assert q.speaker == "Dana Whitlock"


def test_parsed_speaker_may_be_one_of_a_group() -> None:
    text = (
        '"There is no path left for the ferry plan," said one of the harbour advisers, who '
        "asked not to be named."
    )
    (q,) = _quotes(text)
    assert q.speaker_text is not None
    assert q.speaker_text.startswith("one of the harbour advisers")


def test_a_parsed_subject_is_never_inside_the_quote() -> None:
    # the parse takes the quote's own "Some people" as the participle's subject
    text = (
        "Marlow seemed to be ready to riff on the incident in Lenholm, telling the crowd, "
        "\u201cSome people get a little carried away, have you noticed that?\u201d"
    )
    (q,) = _quotes(text)
    assert q.speaker == "Marlow"
