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
