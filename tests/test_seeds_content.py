"""Quotes, claims, conflicts and framing on the five seed articles (read from ../shared/seeds).

The seed story: 003 is the original wire report; 001 is a machine-translated repost of it,
002 a forum rewrite of it with filler; 000 is a separate report by the same broadcaster's
other service and 004 an independent outlet. No seed text is copied here: sentences are
found by anchors of at most four words.

001's variant of the main quote is rated ``translated``: its words differ from 003's
("solve" for "address", an added "that") exactly as a round trip through another language
changes them, and provenance relates 001 to 003 as a translation; ``close`` is reserved for
differences a copy editor makes (punctuation, contractions, honorifics), which is 000's case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.api import load_articles
from storytrace.claims import extract_claims
from storytrace.claims.framing import find_framing
from storytrace.quotes import extract_quotes
from storytrace.types import Origin, Quote, Relation, Story

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _articles() -> tuple:  # type: ignore[type-arg]
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return tuple(load_articles([str(p) for p in sorted(SEEDS.glob("*.txt"))]))


def _id(story: Story, prefix: str) -> str:
    return next(a.id for a in story.articles if a.id.startswith(prefix))


@pytest.fixture(scope="module")
def story() -> Story:
    """Hand-given provenance (what the seeds are), so these checks test this stage alone."""
    arts = _articles()
    ids = {a.id[:3]: a.id for a in arts}
    base = Story(
        articles=arts,
        relations=(
            Relation(ids["003"], ids["001"], "translation", 0.9, 0.9),
            Relation(ids["003"], ids["002"], "rewrite", 0.9, 0.7),
        ),
        origins=(
            Origin("o1", ids["003"], (ids["003"], ids["001"], ids["002"])),
            Origin("o2", ids["000"], (ids["000"],)),
            Origin("o3", ids["004"], (ids["004"],)),
        ),
    )
    from storytrace.align import align_story

    aligned = align_story(base)
    return find_framing(extract_claims(extract_quotes(aligned)))


def _quote_with(story: Story, article: str, anchor: str) -> Quote:
    aid = _id(story, article)
    return next(
        q
        for q in story.quotes
        if any(v.article == aid and v.text.startswith(anchor) for v in q.variants)
    )


def test_main_quote_found_in_four_articles_with_fidelity(story: Story) -> None:
    q = _quote_with(story, "003", "I told Xi")
    assert q.speaker == "Antony Blinken"
    fid = {v.article[:3]: v.fidelity for v in q.variants}
    assert fid == {"003": "verbatim", "000": "close", "002": "altered", "001": "translated"}
    assert not q.single_origin and set(q.origins) == {"o1", "o2"}
    for v in q.variants:
        assert story.article(v.article).raw[v.start : v.end] == v.text


def test_interview_quotes_only_000_has_are_single_origin(story: Story) -> None:
    a000 = _id(story, "000")
    chong = [
        q
        for q in story.quotes
        if q.speaker == "Ian Chong" and all(v.article == a000 for v in q.variants)
    ]
    assert len(chong) >= 2
    assert all(q.single_origin and q.origins == ("o2",) for q in chong)


def test_partners_statement_is_corroborated_by_003_and_004(story: Story) -> None:
    q = _quote_with(story, "003", "China and the United")
    assert q.speaker == "Xi Jinping"
    arts = {v.article[:3] for v in q.variants}
    assert {"003", "004"} <= arts
    assert {"o1", "o3"} <= set(q.origins) and not q.single_origin
    short = next(v for v in q.variants if v.article[:3] == "004")
    assert len(short.text) < len(next(v for v in q.variants if v.article[:3] == "003").text)


def test_sanctions_count_is_corroborated_without_false_conflict(story: Story) -> None:
    a003 = _id(story, "003")
    claim = next(
        c
        for c in story.claims
        if any(m.article == a003 and "more than 100" in m.text for m in c.mentions)
    )
    assert {a[:3] for a in claim.articles} >= {"003", "004"}
    assert {"o1", "o3"} <= set(claim.origins)
    assert claim.status == "corroborated"  # 002's "over 100" is the same number


def test_wrong_country_in_001_is_a_distortion_not_a_conflict(story: Story) -> None:
    # 001 is a machine translation of 003 (one origin): its "war against Russia" is an error
    # the repost introduced, not a disagreement between sources.
    a003 = _id(story, "003")
    claim = next(
        c
        for c in story.claims
        if any(m.article == a003 and m.text.startswith("Near the top") for m in c.mentions)
    )
    assert claim.status != "disputed"
    assert not any(k.claim == claim.id for k in story.conflicts)
    d = next(d for d in story.distortions if d.claim == claim.id)
    assert d.kind == "place"
    assert (d.article[:3], d.changed.value) == ("001", "Russia")
    assert (d.source[:3], d.original.value) == ("003", "Ukraine")


def test_004_does_not_carry_the_main_quote(story: Story) -> None:
    q = _quote_with(story, "003", "I told Xi")
    assert all(not v.article.startswith("004") for v in q.variants)


def test_004_hedges_the_us_side(story: Story) -> None:
    a004 = _id(story, "004")
    cues = [c for c in story.framing if c.article == a004]
    assert any(
        c.term == "alleged" and c.kind == "hedge" and c.target == "Antony Blinken" for c in cues
    )
    assert any(
        c.term == "claimed" and c.kind == "attribution" and c.target == "Antony Blinken"
        for c in cues
    )
    assert "hedge:alleged" in story.stats["framing"]["only_in_origin"]["o3"]


def test_002_filler_is_unsupported_by_its_source(story: Story) -> None:
    a002 = _id(story, "002")
    cov = next(c for c in story.coverage if c.article == a002)
    texts = [story.article(a002).raw[u.start : u.end] for u in cov.unsupported]
    assert any(t.startswith("In conclusion") for t in texts)
    assert len(texts) < len(story.article(a002).sentences) // 2


def test_with_real_provenance_the_main_findings_hold() -> None:
    from storytrace.align import align_story
    from storytrace.provenance import relate

    st = relate(align_story(Story(articles=_articles())))
    st = find_framing(extract_claims(extract_quotes(st)))
    q = _quote_with(st, "003", "I told Xi")
    assert q.speaker == "Antony Blinken"
    assert {v.article[:3] for v in q.variants} == {"000", "001", "002", "003"}
    a003, a004 = _id(st, "003"), _id(st, "004")
    claim = next(
        c
        for c in st.claims
        if any(m.article == a003 and "more than 100" in m.text for m in c.mentions)
    )
    assert a004 in claim.articles and claim.status == "corroborated"


def test_a_different_statement_of_the_same_speaker_is_not_a_variant(story: Story) -> None:
    # 000 quotes Xi on another point (the "dialogue continues" remark); it shares the topic
    # and a few words with the "partners" statement but is not a version of it.
    partners = _quote_with(story, "003", "China and the United")
    assert "000" not in {v.article[:3] for v in partners.variants}
    assert "001" in {v.article[:3] for v in partners.variants}
    other = _quote_with(story, "000", "As China-US dialogue")
    assert other.id != partners.id and other.single_origin
