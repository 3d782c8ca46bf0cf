"""Quotes of the five real seed articles (../shared/seeds; skipped when absent).

What a careful reader finds: 004 (an independent report) renders Xi's Chinese in its own
English, so its words differ from 003's without being altered; 004 quotes two parts of one
sentence of Xi separately; 001 and 002 both write the same two words of Blinken where 003
has the singular. Quotes are located by short patterns at run time, never copied here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storytrace.api import analyze, load_articles
from storytrace.types import Article, Quote, QuoteVariant, Story


@pytest.fixture(scope="module")
def seeds_story() -> Story:
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    paths = sorted(seeds.glob("*.txt"))
    if len(paths) != 5:
        pytest.skip(f"the five seed articles were not found at {seeds}")
    arts = load_articles([str(p) for p in paths])
    arts = [
        Article(**{**{f: getattr(a, f) for f in a.__dataclass_fields__}, "id": a.id[:3]})
        for a in arts
    ]
    return analyze(arts)


def _variant(story: Story, article: str, pattern: str) -> tuple[Quote, QuoteVariant]:
    for q in story.quotes:
        for v in q.variants:
            if v.article == article and re.search(pattern, v.text):
                return q, v
    raise AssertionError(f"no quote of {article} matches {pattern!r}")


def test_independent_translation_of_a_foreign_speaker(seeds_story: Story) -> None:
    q, v = _variant(seeds_story, "004", r"partners, not rivals")
    assert v.fidelity == "independent-translation"
    assert q.speaker is not None and q.speaker.startswith("Xi")
    # the same statement as 003's wording, not a quote of its own
    assert any(x.article == "003" for x in q.variants)


def test_two_parts_of_one_sentence_are_one_quote(seeds_story: Story) -> None:
    q, v = _variant(seeds_story, "004", r"partners, not rivals")
    assert len(v.fragments) == 2
    assert re.search(r"harm each other", v.text)
    # no other quote of 004 holds the second part alone
    others = [
        x
        for o in seeds_story.quotes
        if o.id != q.id
        for x in o.variants
        if x.article == "004" and re.search(r"harm each other", x.text)
    ]
    assert others == []
    raw = seeds_story.article("004").raw
    assert [raw[s:e] for s, e in v.fragments] == v.text.split(" … ")


def test_identical_words_get_one_fidelity(seeds_story: Story) -> None:
    texts: dict[str, set[str]] = {}
    for q in seeds_story.quotes:
        ref = next(v for v in q.variants if v.fidelity == "verbatim")
        for v in q.variants:
            if v is not ref:
                texts.setdefault(f"{q.id}:{v.text.strip(' .')}", set()).add(v.fidelity)
    assert all(len(f) == 1 for f in texts.values()), texts
    q, a = _variant(seeds_story, "001", r"^serious concerns?$")
    _q, b = _variant(seeds_story, "002", r"^serious concerns?$")
    assert a.fidelity == b.fidelity != "altered"


def test_a_possessive_opening_a_sentence_is_no_speaker(seeds_story: Story) -> None:
    # 000 writes a possessive of a capital before "support": no quote is given to it
    raw = seeds_story.article("000").raw
    m = re.search(r"\b([A-Z]\w+)[’']s support", raw)
    assert m is not None
    assert all(q.speaker != m.group(1) + "’s" for q in seeds_story.quotes)
