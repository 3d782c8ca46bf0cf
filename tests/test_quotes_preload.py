"""The English parser loads beside a cold analysis's embedding (quotes/preload.py).

Invented articles. The analysis must read the same quotes and speakers whether spaCy was
loaded in the background or when the first quote needed it, and a warm analysis (vectors
cached) must not start a load at all."""

from __future__ import annotations

from typing import Any

import pytest

from storytrace.align.embed import get_embedder
from storytrace.clean import prepare
from storytrace.pipeline import analyze_story, default_components
from storytrace.quotes import parsed, preload
from storytrace.settings import Settings
from storytrace.types import Article, Story

pytestmark = pytest.mark.skipif(
    not parsed.parser_available(),
    reason="spaCy or en_core_web_sm missing: pip install -e '.[parse]'",
)

HARBOUR = (
    "Harbourton, 3 March. The pilots of the Harbourton ferry walked out on Monday.\n\n"
    '"We will not sail until the rota is fixed," Marta Velde, who leads the pilots\' union, '
    "told reporters at the quay.\n\n"
    "The operator, Tidewater Lines, said it would meet the union on Thursday.\n\n"
    'Velde, speaking to a crowd of commuters, urged the council to "stop pretending the '
    'timetable works".\n'
)
REPOST = (
    "The Harbourton ferry pilots went on strike on Monday, according to local reports.\n\n"
    '"We will not sail until the rota is fixed," said Marta Velde of the pilots\' union.\n\n'
    "Tidewater Lines, which runs the ferry, is to meet the union on Thursday.\n"
)


def _articles(*raws: str) -> list[Article]:
    return [prepare(Article(id=f"a{i}", raw=raw)) for i, raw in enumerate(raws)]


class _Loader:
    """Stands in for parsed._nlp in the trigger test: counts loads, loads nothing."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return None


def test_a_cold_english_story_with_quotes_starts_the_parser_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loader = _Loader()
    monkeypatch.setattr(parsed, "_nlp", loader)
    story = Story(articles=tuple(_articles(HARBOUR.replace("Monday", "a cold Monday"))))
    assert preload.start(story, Settings.default().quotes)
    preload.wait()
    assert loader.calls == 1
    # speakers not read from a parse: nothing to load
    off = Settings.default().quotes.with_values(parse_speakers=False)
    assert not preload.start(story, off)
    # no quotation mark in the story: nothing to parse
    plain = Story(articles=tuple(_articles("The ferry pilots of a cold harbour struck.\n")))
    assert not preload.start(plain, Settings.default().quotes)
    # warm: the sentences' vectors are cached, so no embedding to load beside
    get_embedder().embed([s.text for a in story.articles for s in a.sentences])
    assert not preload.start(story, Settings.default().quotes)
    assert loader.calls == 1


def test_quotes_are_the_same_with_the_parser_loaded_in_the_background() -> None:
    arts = _articles(HARBOUR, REPOST)
    parsed._nlp.cache_clear()  # as in a new process: spaCy not loaded yet
    before = preload._thread
    background = analyze_story(arts)  # cold: the parser loads beside the embedding
    assert preload._thread is not before
    # the same components passed in: no background load, the parser is already in memory
    settings = Settings.default()
    direct = analyze_story(arts, components=default_components(settings))
    assert background.quotes == direct.quotes
    speakers = {q.speaker for q in background.quotes}
    assert "Marta Velde" in speakers
