"""Sentence alignment on invented article pairs: kinds, merges, spans, languages, order."""

from __future__ import annotations

import dataclasses

import pytest

from storytrace.align import align_story
from storytrace.align.score import match_kind, score_pair
from storytrace.settings import Settings
from storytrace.types import Alignment
from test_align_texts import (
    CLOSE,
    EXCERPT,
    FRENCH,
    KOREAN,
    REWRITE,
    SOURCE,
    UNRELATED,
    article,
    story,
)


def _pairs(als: tuple[Alignment, ...]) -> dict[tuple[int, ...], tuple[int, ...]]:
    return {al.a_sents: al.b_sents for al in als}


def test_align_verbatim_copy_matches_every_sentence_in_order() -> None:
    out = align_story(story(article("a", SOURCE), article("b", list(SOURCE))))
    assert len(out.alignments) == len(SOURCE)
    assert {al.kind for al in out.alignments} == {"verbatim"}
    assert _pairs(out.alignments) == {(i,): (i,) for i in range(len(SOURCE))}
    assert all(al.score >= 0.99 for al in out.alignments)


def test_align_light_edits_are_close_and_unchanged_sentences_verbatim() -> None:
    out = align_story(story(article("a", SOURCE), article("b", CLOSE)))
    kinds = {al.a_sents[0]: al.kind for al in out.alignments}
    assert len(kinds) == len(SOURCE)
    assert kinds[1] == kinds[5] == kinds[6] == "verbatim"
    # Contractions and an added "Mr." are not wording changes; "a"/"one" third is light.
    assert kinds[0] == kinds[2] == kinds[3] == kinds[4] == "close"


def test_align_paraphrase_is_rewritten_and_keeps_the_pairing() -> None:
    out = align_story(story(article("a", SOURCE), article("b", REWRITE)))
    pairs = _pairs(out.alignments)
    diagonal = sum(1 for a, b in pairs.items() if a == b)
    assert diagonal >= 6
    assert all(al.kind == "rewritten" for al in out.alignments)


@pytest.mark.parametrize("text", [FRENCH, KOREAN], ids=["french", "korean"])
def test_align_translation_aligns_with_its_english_source(text: list[str]) -> None:
    out = align_story(story(article("en", SOURCE), article("xx", text)))
    pairs = _pairs(out.alignments)
    diagonal = sum(1 for a, b in pairs.items() if a == b)
    assert diagonal >= len(text) - 1
    assert {al.kind for al in out.alignments} == {"translated"}


def test_align_two_sentences_merged_into_one_give_one_alignment_over_both() -> None:
    merged = (
        "The crack, about four metres long, was spotted during a routine drone survey on "
        "Wednesday afternoon and there is no immediate danger to the villages downstream, "
        "said board director Anselm Korvik."
    )
    target = [SOURCE[0], merged, *SOURCE[3:]]
    out = align_story(story(article("a", SOURCE), article("b", target)))
    pairs = _pairs(out.alignments)
    assert pairs.get((1, 2)) == (1,), pairs


def test_align_unrelated_story_has_no_alignment() -> None:
    out = align_story(story(article("a", SOURCE), article("b", UNRELATED)))
    assert out.alignments == ()


def test_align_spans_point_at_the_sentences_in_raw() -> None:
    a, b = article("a", SOURCE), article("b", EXCERPT)
    out = align_story(story(a, b))
    assert out.alignments
    for al in out.alignments:
        assert al.a == "a" and al.b == "b"
        first, last = a.sentences[al.a_sents[0]], a.sentences[al.a_sents[-1]]
        assert al.a_span == (first.start, last.end)
        assert a.raw[al.a_span[0] : al.a_span[1]].startswith(first.text)
        assert b.raw[al.b_span[0] : al.b_span[1]].endswith(b.sentences[al.b_sents[-1]].text)


def test_align_pairs_are_reported_in_id_order_whatever_the_story_order() -> None:
    x, y = article("zeta", SOURCE), article("alpha", REWRITE)
    one = align_story(story(x, y)).alignments
    two = align_story(story(y, x)).alignments
    assert one == two
    assert all(al.a == "alpha" and al.b == "zeta" for al in one)


def test_align_empty_article_is_left_out_with_a_warning() -> None:
    empty = dataclasses.replace(article("e", SOURCE[:1]), sentences=())
    out = align_story(story(article("a", SOURCE), empty, article("b", CLOSE)))
    assert all("e" not in (al.a, al.b) for al in out.alignments)
    assert any(w.startswith("e:") for w in out.warnings)
    assert out.stats["align"]["sentences"] == 2 * len(SOURCE)


def test_align_single_article_has_no_alignments() -> None:
    out = align_story(story(article("a", SOURCE)))
    assert out.alignments == ()


def test_score_pair_is_symmetric_and_short_lines_need_same_words() -> None:
    cfg = Settings.default().align
    s1 = score_pair(SOURCE[0], REWRITE[0], 0.93, 0.82, True, cfg)
    s2 = score_pair(REWRITE[0], SOURCE[0], 0.93, 0.82, True, cfg)
    assert s1 == s2 and s1.accepted
    assert not score_pair("Big news", "Small news", 0.97, 0.8, True, cfg).accepted
    assert score_pair("Big news.", "big news", 0.97, 0.8, True, cfg).accepted
    # Same language, unrelated: a high background leaves no lift.
    assert not score_pair(SOURCE[0], UNRELATED[0], 0.84, 0.82, True, cfg).accepted


def test_match_kind_ignores_punctuation_case_contractions_and_titles() -> None:
    cfg = Settings.default().align
    assert match_kind("He said: it's over.", "he said it's over", True, cfg) == "verbatim"
    assert match_kind("Mr. Lind does not agree.", "Lind doesn't agree", True, cfg) == "verbatim"
    assert match_kind(SOURCE[0], REWRITE[0], True, cfg) == "rewritten"
    assert match_kind(SOURCE[0], FRENCH[0], False, cfg) == "translated"


def test_align_hnsw_index_gives_the_flat_result_on_a_small_story() -> None:
    arts = story(article("a", SOURCE), article("b", REWRITE), article("c", FRENCH))
    flat = align_story(arts).alignments
    hnsw = align_story(arts, settings=Settings.default().align.with_values(hnsw_above=0)).alignments
    assert hnsw == flat and flat


def test_align_merge_works_across_languages() -> None:
    merged = (
        "La fissure, longue d'environ quatre mètres, a été repérée mercredi après-midi lors "
        "d'un survol de routine par drone, et il n'y a pas de danger immédiat pour les "
        "villages en aval, a déclaré le directeur de l'office, Anselm Korvik."
    )
    target = [FRENCH[0], merged, *FRENCH[3:]]
    out = align_story(story(article("a", SOURCE), article("b", target)))
    pairs = _pairs(out.alignments)
    assert pairs.get((1, 2)) == (1,), pairs
    assert {al.kind for al in out.alignments} == {"translated"}
