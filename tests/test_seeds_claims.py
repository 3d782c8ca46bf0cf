"""Claims, distortions, framing and coverage on the five seed articles, as a careful reader
reads them.

The seeds (../shared/seeds, never copied here) are one 2024 story: 000 a VOA original, 001 a
machine-translated repost, 002 an AI paraphrase, 003 a condensed VOA excerpt (000-003 are
one origin) and 004 an independent RT report. Sentences are located by short patterns at
run time.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import storytrace
from storytrace.report.markdown import to_markdown
from storytrace.types import Claim, Story

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS} (../shared is absent)"
)


@cache
def story() -> Story:
    return storytrace.analyze(storytrace.load_articles([str(SEEDS)]))


def art_id(prefix: str) -> str:
    return next(a.id for a in story().articles if a.id.startswith(prefix))


def span(prefix: str, pattern: str) -> tuple[str, int, int]:
    art = story().article(art_id(prefix))
    m = re.search(pattern, art.raw)
    assert m, f"{pattern!r} not in seed {prefix}"
    return art.id, m.start(), m.end()


def claims_at(prefix: str, pattern: str) -> list[Claim]:
    aid, s, e = span(prefix, pattern)
    return [
        c
        for c in story().claims
        if any(m.article == aid and m.start < e and s < m.end for m in c.mentions)
    ]


def mentions_overlap(claims: list[Claim], prefix: str, pattern: str) -> bool:
    aid, s, e = span(prefix, pattern)
    return any(m.article == aid and m.start < e and s < m.end for c in claims for m in c.mentions)


def test_rt_sentence_with_claimed_and_alleged_is_not_backed_by_unrelated_voa_sentences() -> None:
    claims = claims_at("004", r"Blinken claimed that China")
    assert claims
    assert not mentions_overlap(claims, "000", r"the top priority is stopping")
    assert not mentions_overlap(claims, "002", r"highlighted the escalating tensions")


def test_how_far_washington_will_go_is_not_backed_by_rts_wall_street_journal_sentence() -> None:
    claims = claims_at("003", r"It is not clear how far Washington will go")
    assert claims
    assert not mentions_overlap(claims, "004", r"Wall Street Journal also reported")
    assert all(c.status == "single-source" for c in claims)


def test_xis_partners_quote_is_backed_by_rt_and_not_by_a_different_xi_quote() -> None:
    claims = claims_at("003", r"should be partners rather than rivals")
    assert not mentions_overlap(claims, "000", r"As China-US dialogue continues")
    assert not mentions_overlap(claims, "000", r"should not take punitive measures")
    # RT reports the same words, translated on its own: that is corroboration
    assert mentions_overlap(claims, "004", r"should be partners, not rivals")
    assert any(c.status == "corroborated" and len(c.origins) == 2 for c in claims)


def test_rts_sanctions_sentence_is_not_in_the_serious_concern_claim() -> None:
    # the radio script's opening sentence states two facts (sanctions threatened; the
    # support for the defense industry) and joins its root's claim of the concern by
    # alignment; RT's sanctions sentence matches the script's, yet says nothing of it
    concern = claims_at("003", r"expressed \"serious concern\" about China")
    assert concern
    assert not mentions_overlap(concern, "004", r"ready to introduce more sanctions")
    # RT states the concern in a sentence of its own: that one corroborates it
    assert mentions_overlap(concern, "004", r"Russian defense industry raises")
    assert any(c.status == "corroborated" for c in concern)


def test_blinken_meeting_xi_in_beijing_is_corroborated_by_rt() -> None:
    claims = claims_at("004", r"following a meeting with Chinese President Xi")
    backed = [c for c in claims if c.status == "corroborated"]
    assert backed, [(c.id, c.status, c.articles) for c in claims]
    assert mentions_overlap(backed, "003", r"he met with Chinese President Xi")


def test_sanctions_on_more_than_100_entities_are_corroborated_by_rt() -> None:
    claims = claims_at("004", r"already imposed sanctions against more than 100")
    assert any(c.status == "corroborated" for c in claims)
    assert mentions_overlap(claims, "003", r"imposed sanctions on more than 100 Chinese entities")


def test_china_calling_its_trade_with_russia_normal_is_corroborated_by_rt() -> None:
    # RT says it inside Beijing's quoted accusation ("unreasonably criticizing the normal
    # trade ..."), in other words than VOA's (cosine 0.80-0.86, among the topic's other
    # sentences): the same speaker saying the same of the same partner matches
    claims = claims_at("003", r"saying it is only engaged in normal economic exchanges")
    backed = [c for c in claims if c.status == "corroborated"]
    assert backed, [(c.id, c.status, c.articles) for c in claims]
    assert mentions_overlap(backed, "004", r"criticizing the normal trade and economic")
    # the quoted words are a fact of their own: RT's accusation of hypocrisy is not in it
    assert not mentions_overlap(backed, "004", r"accused the US of hypocrisy")


def test_machine_translation_error_is_a_distortion_of_the_repost_not_a_dispute() -> None:
    st = story()
    aid, s, e = span("001", r"war against Russia")
    found = [d for d in st.distortions if d.article == aid and s <= d.changed.start < e]
    assert found, st.distortions
    d = found[0]
    assert d.changed.value == "Russia" and d.original.value == "Ukraine"
    src = st.article(d.source)
    assert src.raw[d.original.start : d.original.end] == "Ukraine"
    origin = {a: o.id for o in st.origins for a in o.articles}
    assert origin[d.source] == origin[aid]  # one origin: no conflict between sources
    claim = next(c for c in st.claims if c.id == d.claim)
    assert claim.status != "disputed"
    assert not any(c.claim == d.claim for c in st.conflicts)
    assert any(d.claim in b.claims and b.status != "disputed" for b in st.brief)


def test_subheadings_and_speakerless_quote_fragments_are_not_claims() -> None:
    texts = [m.text.strip() for c in story().claims for m in c.mentions]
    assert "Big challenges" not in texts
    assert not any(t.startswith("WATCH:") for t in texts)
    # the second sentence of Wang's quote: the speaker is named only in the sentence before
    assert not claims_at("003", r"This is a major question before our two countries")
    assert not claims_at("001", r"This is a major issue for both our countries")
    skipped = story().stats["claims"]["not_claims"]
    assert skipped["subheading"] >= 2 and skipped["quote-fragment"] >= 2


def test_brief_sentences_read_on_their_own() -> None:
    brief = story().brief
    assert brief
    texts = [b.text for b in brief]
    assert len(texts) == len(set(texts))  # a sentence of several facts is shown once
    for b in brief:
        assert not re.match(r"\W*(?:however|instead|but|additionally)\b", b.text, re.I), b.text
        assert not re.match(r"\W*(?:he|she|they)\b", b.text, re.I), b.text
        assert not re.search(r"\b(?:he|she) (?:noted|said|stressed|added)\W*$", b.text), b.text


def test_framing_counts_only_the_outlets_own_words() -> None:
    st = story()
    per_article = st.stats["framing"]["articles"]
    rt, repost = per_article[art_id("004")], per_article[art_id("001")]
    # "hypocritical" is the Chinese spokesman's word, "vicious" Xi's: both inside quotes
    # RT's own "accused the US of hypocrisy" (same lemma) is the outlet's; the quote is not
    assert rt["terms"]["loaded:hypocritical"] == 2
    assert rt["outlet_terms"]["loaded:hypocritical"] == 1
    assert "loaded:vicious" in repost["terms"]
    assert "loaded:vicious" not in repost["outlet_terms"]
    assert rt["quoted"] >= 1 and repost["quoted"] >= 1


def test_omits_compare_each_article_with_the_whole_story() -> None:
    st = story()
    cov = {c.article: c for c in st.coverage}
    entities = [c for c in claims_at("004", r"more than 100") if c.status == "corroborated"]
    assert entities
    # the VOA radio script never mentions the 100 entities, though its origin does
    assert entities[0].id in cov[art_id("000")].omits
    assert entities[0].id not in cov[art_id("003")].omits
    assert any(cov[a.id].omits for a in st.articles)


def test_every_claim_text_reads_on_its_own() -> None:
    # a unit cut out of its sentence ("saying it is only engaged ...", "shortly after he
    # met ...") or an aside ("which it claims can be used ...") named no subject
    for c in story().claims:
        assert not re.match(
            r"(?:but|while|whereas|since|because|unless|though|although|shortly after|saying|"
            r"stating|warning|noting|which|who|built)\b",
            c.text,
        ), (c.id, c.text)


def test_a_brief_sentence_cites_only_articles_that_state_its_main_claim() -> None:
    st = story()
    claims = {c.id: c for c in st.claims}
    for b in st.brief:
        main = claims[b.claims[0]]
        assert set(b.articles) <= set(main.articles), (b.text, b.articles, main.articles)
        if b.status != "disputed":
            assert b.status == main.status, (b.text, b.status, main.status)


def test_framing_cues_inside_quotes_are_marked_as_the_speakers() -> None:
    st = story()
    rt = art_id("004")
    # the spokesman's "irresponsible" sits inside his quote; RT's own "alleged" does not
    quoted = {(c.term.lower(), c.quoted) for c in st.framing if c.article == rt}
    assert ("irresponsible", True) in quoted
    assert ("alleged", False) in quoted
    report = to_markdown(st)
    table = report[report.index("## Framing") : report.index("Inside quotes")]
    assert "irresponsible" not in table and "alleged" in table
