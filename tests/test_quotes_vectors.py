"""Quote grouping embeds only the texts whose cosine can decide something."""

from __future__ import annotations

from typing import Any

import pytest

import storytrace.align.embed as embed_module
from storytrace.api import prepare
from storytrace.quotes import extract_quotes
from storytrace.types import Article, Story

HARBOUR = "We will rebuild the harbour wall before the winter storms arrive"
TOURISM = "Tourism numbers fell sharply across the coast this summer"
QUOTAS = "Fishing quotas are a separate matter entirely"


def _story() -> Story:
    raws = {
        "a": f'The council met on Monday. "{HARBOUR}," said Mara Olsen. "{QUOTAS}," Olsen added.',
        "b": f'Mara Olsen spoke on Monday. "{HARBOUR}," said Mara Olsen. Rain is forecast.',
        "c": f'Hotels were half empty. "{TOURISM}," said Piet Vander.',
    }
    return Story(
        articles=tuple(prepare(Article(id=k, raw=v, language="en")) for k, v in raws.items())
    )


def test_quotes_ruled_out_by_their_words_are_not_embedded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    real = embed_module.embed

    def recording(texts: Any) -> Any:
        asked.extend(texts)
        return real(texts)

    monkeypatch.setattr(embed_module, "embed", recording)
    out = extract_quotes(_story())
    by_text = {q.variants[0].text: q for q in out.quotes}
    # the same statement in two articles is one quote, found through its cosine
    assert [v.article for v in by_text[HARBOUR].variants] == ["a", "b"]
    # another speaker's words and the same speaker's other statement share too few words
    # with any quote to be the same statement at any cosine: never embedded
    assert TOURISM not in asked and QUOTAS not in asked
    assert HARBOUR in asked
    assert out.stats["quotes"]["embedded"] == 1
    # a quote alone in its group is its own reference
    assert by_text[TOURISM].variants[0].similarity == 1.0
    assert len(by_text[QUOTAS].variants) == 1


def _one_speaker_story() -> Story:
    said = {
        "a": "The harbour must be rebuilt soon",
        "b": "The tourism season must be saved soon",
        "c": "The fishing fleet must be protected soon",
        "d": "The schools must be opened soon",
    }
    return Story(
        articles=tuple(
            prepare(
                Article(id=k, raw=f'News from the coast. "{v}," said Mara Olsen.', language="en")
            )
            for k, v in said.items()
        )
    )


def test_big_story_does_not_compare_quotes_met_through_their_speaker_alone() -> None:
    from storytrace.settings import Settings

    cfg = Settings.default().quotes
    small = extract_quotes(_one_speaker_story(), cfg)
    big = extract_quotes(_one_speaker_story(), cfg.with_values(lexical_first_articles=2))
    # every quote shares only words all of them use ("the", "must", "soon") and the speaker:
    # a small story compares them by cosine, a big one does not embed them at all
    assert small.stats["quotes"]["embedded"] == 4
    assert big.stats["quotes"]["embedded"] == 0
    assert [len(q.variants) for q in big.quotes] == [1, 1, 1, 1]
    assert {q.speaker for q in big.quotes} == {"Mara Olsen"}


def test_big_story_still_meets_a_translated_quote_through_its_speaker() -> None:
    from storytrace.settings import Settings

    raws = {
        "en": f'The council met on Monday. "{HARBOUR}," said Mara Olsen.',
        "en2": 'Hotels were half empty. "Tourism matters more than ever," said Mara Olsen.',
        "fr": "Le conseil s'est réuni lundi. « Nous reconstruirons le mur du port avant les "
        "tempêtes de l'hiver », a déclaré Mara Olsen.",
    }
    langs = {"en": "en", "en2": "en", "fr": "fr"}
    story = Story(
        articles=tuple(prepare(Article(id=k, raw=v, language=langs[k])) for k, v in raws.items())
    )
    cfg = Settings.default().quotes
    small = extract_quotes(story, cfg)
    big = extract_quotes(story, cfg.with_values(lexical_first_articles=2))
    # the French quote shares no word with the English ones: only its speaker meets them,
    # and across languages a big story still compares them by cosine
    groups = {tuple(v.article for v in q.variants) for q in big.quotes}
    assert ("en", "fr") in groups
    assert groups == {tuple(v.article for v in q.variants) for q in small.quotes}
