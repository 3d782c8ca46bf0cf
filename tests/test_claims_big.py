"""Claims of a big story (claims/big.py): units paired by their words, only the units a
cosine decides embedded; the claims a reader sees stay those of the exact path (invented
text; the big path is forced with ``lexical_first_articles = 1``)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storytrace.claims import extract_claims
from storytrace.settings import Settings
from storytrace.types import Article, Story
from test_claims import COPY, INDEPENDENT, ORIGINAL, art, fishing_story

FORCED = Settings.default().claims.with_values(lexical_first_articles=1)

GERMAN = (
    "Die Behörden verhängten am Dienstag Geldstrafen gegen 120 Fischtrawler an der Nordküste. "
    "Der Hafen bleibt bis Freitag geschlossen."
)


def _groups(story: Story) -> set[frozenset[tuple[str, str]]]:
    return {frozenset((m.article, m.text) for m in c.mentions) for c in story.claims}


def test_forced_big_path_keeps_the_claims_of_the_exact_path() -> None:
    exact = extract_claims(fishing_story())
    big = extract_claims(fishing_story(), FORCED)
    assert _groups(big) == _groups(exact)
    fined = next(c for c in big.claims if "120 trawlers" in c.text)
    assert set(fined.articles) == {"orig", "copy", "indep"}
    assert fined.status == "corroborated"


def test_units_without_a_word_partner_are_not_embedded(embedded: list[str]) -> None:
    extract_claims(fishing_story(), FORCED)
    assert any("120 fishing trawlers" in t for t in embedded)
    assert not any("bakery" in t for t in embedded)  # shares no content word with anything
    assert not any("mystery and wonder" in t for t in embedded)
    # the copy's sentences have the same words as the original's: one vector for both
    assert sum("3 million crowns" in t for t in embedded) == 1


def test_small_story_embeds_every_unit(embedded: list[str]) -> None:
    extract_claims(fishing_story())
    assert any("bakery" in t for t in embedded)


def test_an_article_in_another_language_is_embedded_whole(embedded: list[str]) -> None:
    story = Story(
        articles=(
            art("orig", ORIGINAL),
            art("copy", COPY),
            art("indep", INDEPENDENT),
            Article(id="de", raw=GERMAN, language="de"),
        )
    )
    extract_claims(story, FORCED)
    assert any("geschlossen" in t for t in embedded)  # no English unit shares its words
    assert any("Geldstrafen" in t for t in embedded)


def test_an_empty_big_story_gives_no_claims() -> None:
    out = extract_claims(Story(articles=(art("empty", " "),)), FORCED)
    assert out.claims == ()


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seed_story_keeps_its_multi_article_claims_on_the_big_path() -> None:
    import storytrace

    story = storytrace.analyze(storytrace.load_articles([str(SEEDS)]))
    bare = replace(story, claims=(), conflicts=(), distortions=())
    exact, big = extract_claims(bare), extract_claims(bare, FORCED)

    def shared(st: Story) -> set[frozenset[tuple[str, int]]]:
        return {
            frozenset((m.article, m.start) for m in c.mentions)
            for c in st.claims
            if len(c.articles) > 1
        }

    # measured 46 of 49 identical (2026-12-06); the rest differ by a unit
    assert len(shared(exact) & shared(big)) >= 0.9 * len(shared(exact))
    assert [c.status for c in exact.claims].count("corroborated") == [
        c.status for c in big.claims
    ].count("corroborated")
    assert {(d.article, d.source, d.changed) for d in exact.distortions} == {
        (d.article, d.source, d.changed) for d in big.distortions
    }
