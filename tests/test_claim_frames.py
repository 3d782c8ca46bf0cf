"""Statement frames: one statement told in other words by independent reports (invented text).

An original reports what a ministry says in a reporting participle (", saying ..."); an
independent report carries the same statement inside its own sentence, as the ministry's
quoted words. Their wording and their sentence embeddings differ; the speaker, the predicate
and its object do not.
"""

from __future__ import annotations

import re

from storytrace.claims import extract_claims
from storytrace.claims.facts import signature, stem
from storytrace.claims.frames import Frame, FrameRule, speaking_for, unit_frames
from storytrace.claims.units import fact_units
from storytrace.types import Article, Claim, Quote, QuoteVariant, Story

ORIGINAL = (
    "Norland defended its grain deal with Ostmark, saying it only buys surplus harvest "
    "at fair market prices from a longstanding neighbour. "
    "The harbour of Velde reopened after the winter storms."
)
INDEPENDENT = (
    "Norland has accused its critics of bad faith for ignoring the flood damage while "
    "\u201cattacking the fair purchase of surplus harvest from Ostmark at market prices.\u201d "
    "Ferries to the islands resumed on Monday."
)
OTHER_SPEAKER = (
    "Velmora has accused its critics of bad faith for ignoring the flood damage while "
    "\u201cattacking the fair purchase of surplus harvest from Ostmark at market prices.\u201d "
    "Ferries to the islands resumed on Monday."
)
OTHER_STATEMENT = (
    "Norland has accused its critics of bad faith for ignoring the flood damage while "
    "\u201cdemanding that the harvest of Ostmark be stored in public silos for years.\u201d "
    "Ferries to the islands resumed on Monday."
)


def _quote(article: Article, speaker: str) -> Quote:
    m = re.search("\u201c(.+?)\u201d", article.raw)
    assert m
    v = QuoteVariant(article.id, m.group(1), m.start(1), m.end(1), "verbatim", speaker)
    return Quote(f"q-{article.id}", speaker, (v,))


def _story(second: str, speaker: str) -> Story:
    a = Article(id="orig", raw=ORIGINAL, language="en")
    b = Article(id="indep", raw=second, language="en")
    return Story(articles=(a, b), quotes=(_quote(b, speaker),))


def _claims_with(story: Story, article: str, words: str) -> list[Claim]:
    art = story.article(article)
    s = art.raw.index(words)
    e = s + len(words)
    return [
        c
        for c in story.claims
        if any(m.article == article and m.start < e and s < m.end for m in c.mentions)
    ]


def test_quoted_words_with_a_speaker_inside_a_longer_sentence_are_a_fact_of_their_own() -> None:
    story = _story(INDEPENDENT, "Norland")
    units, _, _ = fact_units(story)
    texts = [u.text for u in units[1]]
    assert "attacking the fair purchase of surplus harvest from Ostmark at market prices" in texts
    assert any(t.startswith("Norland has accused its critics") for t in texts)
    quoted = next(u for u in units[1] if u.speaker)
    assert quoted.speaker == "Norland"


def test_a_sentence_opening_with_the_quote_is_one_fact_not_two() -> None:
    # '"...," X told reporters': the sentence is the quote and its cue, so the quoted words
    # are not a second unit (the demo showed the mayor's quote twice in the claims matrix)
    said = (
        "\u201cThe grain stays in the silos of Velde until the spring floods have passed,\u201d "
        "Minister Arlo Brenn told reporters at a briefing outside the harbour office. "
        "Ferries to the islands resumed on Monday."
    )
    story = _story(said, "Arlo Brenn")
    units, _, _ = fact_units(story)
    assert not any(u.speaker for u in units[1])
    assert sum("grain stays in the silos" in u.text for u in units[1]) == 1


def test_a_participle_unit_speaks_for_its_sentences_subject() -> None:
    story = _story(INDEPENDENT, "Norland")
    units, _, _ = fact_units(story)
    sigs = speaking_for(units, [[signature(u.text) for u in us] for us in units])
    frames = unit_frames(story, units, sigs)
    saying = next(x for x, u in enumerate(units[0]) if u.text.startswith("saying"))
    (frame,) = frames[0][saying]
    assert isinstance(frame, Frame)
    assert frame.who == "n:norland" and "n:ostmark" in frame.actors
    assert "say" not in frame.stems  # the reporting verb is no content


def test_the_same_speaker_saying_the_same_thing_in_other_words_corroborates() -> None:
    story = extract_claims(_story(INDEPENDENT, "Norland"))
    claims = _claims_with(story, "orig", "saying it only buys surplus harvest")
    assert any(c.status == "corroborated" for c in claims), [c.articles for c in claims]
    # the accusation of bad faith is another fact of the same sentence
    assert _claims_with(story, "indep", "accused its critics")[0].status == "single-source"


def test_another_speaker_or_another_statement_on_the_same_topic_does_not() -> None:
    for text, speaker in ((OTHER_SPEAKER, "Velmora"), (OTHER_STATEMENT, "Norland")):
        story = extract_claims(_story(text, speaker))
        claims = _claims_with(story, "orig", "saying it only buys surplus harvest")
        assert all(c.status == "single-source" for c in claims), (text, claims)


def test_frame_thresholds_come_from_the_settings() -> None:
    from storytrace.claims import _thresholds
    from storytrace.settings import Settings

    th, _, _ = _thresholds(Settings.default().claims.with_values(frame_cosine=0.5))
    assert th.frame == FrameRule(0.5, th.frame.shared, th.frame.share, th.frame.rare_share)


def test_a_participle_unit_that_names_its_own_actors_keeps_them() -> None:
    text = (
        "At the harbour, Mayor Ilse Brandt gave no details, saying only that Kelby fined 40 boats."
    )
    story = Story(articles=(Article(id="a", raw=text, language="en"),))
    units, _, _ = fact_units(story)
    sigs = speaking_for(units, [[signature(u.text) for u in us] for us in units])
    saying = next(x for x, u in enumerate(units[0]) if u.text.startswith("saying"))
    assert sigs[0][saying].lead == "n:kelby"  # the fact is Kelby's; Brandt only reports it
    (frame,) = unit_frames(story, units, sigs)[0][saying]
    assert frame.who == "n:brandt"


def test_a_final_e_does_not_split_a_stem() -> None:
    assert stem("trade") == stem("trading") == stem("traded") == stem("trades")
