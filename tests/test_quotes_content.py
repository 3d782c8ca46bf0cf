"""A mixed quote's reported content, continued quotes and markup attributes (invented text)."""

from __future__ import annotations

from storytrace.clean import prepare
from storytrace.quotes import extract_quotes
from storytrace.quotes.names import PersonIndex
from storytrace.quotes.spans import find_quotes
from storytrace.quotes.speakers import find_article_quotes
from storytrace.report.json_report import to_dict
from storytrace.types import Article, Story


def _findings(text: str):  # type: ignore[no-untyped-def]
    art = prepare(Article(id="a", raw=text, language="en"))
    index = PersonIndex(PersonIndex.vocabulary([text]))
    index.add_article(art.id, art.raw, list(art.paragraphs))
    found, dropped = find_article_quotes(art, index)
    return found, dropped


def test_a_mixed_quote_reports_its_whole_clause_and_keeps_its_quoted_words() -> None:
    text = (
        "The harbour board met on Monday. Mayor Ines Marlow said that the new toll was "
        "“a burden on every fisher” in the bay, but the board voted for it."
    )
    found, _ = _findings(text)
    assert len(found) == 1
    f = found[0]
    assert f.text == "a burden on every fisher"
    assert f.content is not None
    s, e = f.content
    assert text[s:e] == "that the new toll was “a burden on every fisher” in the bay"
    st = extract_quotes(Story(articles=(Article(id="a", raw=text, language="en"),)))
    v = to_dict(st)["quotes"][0]["variants"][0]
    assert v["text"] == "a burden on every fisher"
    assert text[v["content"][0] : v["content"][1]].startswith("that the new toll")


def test_a_quote_opening_right_after_its_cue_has_no_content_beyond_its_words() -> None:
    found, _ = _findings("Mayor Ines Marlow said: “We will rebuild the pier by May.”")
    assert [f.content for f in found] == [None]
    st = extract_quotes(
        Story(articles=(Article(id="a", raw="Ines Marlow said, “We rebuild it.”", language="en"),))
    )
    assert "content" not in to_dict(st)["quotes"][0]["variants"][0]


def test_a_short_phrase_closing_a_reported_clause_is_speech_a_lone_word_inside_is_a_term() -> None:
    found, dropped = _findings(
        "Ines Marlow called the new toll “daylight robbery.” "
        "The board called its plan an “innovative” measure."
    )
    assert [f.text for f in found] == ["daylight robbery."]
    assert dropped["scare-quote"] == 1


def test_a_quote_after_its_cue_sentence_continues_the_same_statement() -> None:
    found, _ = _findings(
        "“We asked for a pause,” said Rafe Oduya. “Nobody listened to the fishers.”\n\n"
        "“The catch is gone,” said Dana Kell."
    )
    assert [f.continues for f in found] == [False, True, False]
    assert [f.speaker for f in found] == ["Rafe Oduya", "Rafe Oduya", "Dana Kell"]


def test_markup_attribute_values_are_not_quotes() -> None:
    text = '<post id="1234" author="@harbour">The pier opens.</post> He said "we are ready now".'
    assert [q.text for q in find_quotes(text, [(0, len(text))])] == ["we are ready now"]


def test_a_colon_in_the_quotes_own_sentence_names_its_speaker() -> None:
    found, _ = _findings(
        "The harbour closed at noon. Ines Marlow leaned in and boomed: “We will rebuild it.” "
        "Rafe Oduya, the union head, shook his head: “Nobody will lose a job over this.”"
    )
    assert [f.speaker for f in found] == ["Ines Marlow", "Rafe Oduya"]
