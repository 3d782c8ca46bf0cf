"""Pair proposal for provenance: the 3-gram index finds what trying every pair finds."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.provenance.pairs import partners, run_sharing_pairs
from storytrace.provenance.reuse import article_grams
from storytrace.types import Article, Sentence

WORDS = ["mayor", "river", "bridge", "closed", "council", "vote", "storm", "north", "late"]


def _article(aid: str, text: str) -> Article:
    sent = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)
    return Article(id=aid, raw=text, sentences=(sent,))


def _all_pairs(ids: list[str], grams: dict, need: int) -> list[tuple[str, str]]:
    out = []
    for x, y in itertools.combinations(sorted(ids), 2):
        if need > 0 and len(grams[x].grams[2] & grams[y].grams[2]) >= need:
            out.append((x, y))
    return out


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join),
        min_size=0,
        max_size=12,
    ),
    need=st.integers(0, 4),
)
def test_run_sharing_pairs_equal_every_pair_in_small_stories(texts: list[str], need: int) -> None:
    ids = [f"a{k:02d}" for k in range(len(texts))]
    grams = {i: article_grams(_article(i, t)) for i, t in zip(ids, texts, strict=True)}
    cfg = {"reuse_min_shared_3grams": need, "reuse_gram_max_articles": 50, "reuse_max_partners": 24}
    assert run_sharing_pairs(ids, grams, cfg) == _all_pairs(ids, grams, need)


def test_run_sharing_pairs_skip_boilerplate_runs_of_big_stories() -> None:
    # 6 articles share one stock phrase; two of them also share their own wording.
    stock = "according to the latest figures"
    texts = {f"b{k}": f"{stock} item{k} stood alone today" for k in range(6)}
    texts["b1"] = f"{stock} the river bridge closed after the storm"
    texts["b4"] = f"{stock} the river bridge closed after the storm hit"
    grams = {i: article_grams(_article(i, t)) for i, t in texts.items()}
    cfg = {"reuse_min_shared_3grams": 3, "reuse_gram_max_articles": 3, "reuse_max_partners": 24}
    assert run_sharing_pairs(list(texts), grams, cfg) == [("b1", "b4")]
    # With room for the stock phrase every pair shares it.
    cfg["reuse_gram_max_articles"] = 50
    assert len(run_sharing_pairs(list(texts), grams, cfg)) == 15


def test_partners_index_both_sides_in_id_order() -> None:
    assert partners([("b", "c"), ("a", "c")]) == {"a": ["c"], "b": ["c"], "c": ["a", "b"]}


def test_run_sharing_pairs_keep_each_articles_strongest_partners() -> None:
    hub = " ".join(f"x{k}" for k in range(20))
    texts = {
        "h": hub,
        "a": "x0 x1 x2 x3 x4 x5 x6 x7",  # 6 3-grams with h
        "b": "x10 x11 x12 x13 x14 z1 z2 z3 z4",  # 3 with h, 6 with c
        "c": "x10 x11 x12 x13 x14 z1 z2 z3",  # 3 with h
    }
    grams = {i: article_grams(_article(i, t)) for i, t in texts.items()}
    cfg = {"reuse_min_shared_3grams": 3, "reuse_gram_max_articles": 50, "reuse_max_partners": 1}
    assert run_sharing_pairs(list(texts), grams, cfg) == [("a", "h"), ("b", "c")]
    # Two partners each: h keeps b (ties go to the id that sorts first), c keeps h.
    cfg["reuse_max_partners"] = 2
    assert run_sharing_pairs(list(texts), grams, cfg) == [
        ("a", "h"),
        ("b", "c"),
        ("b", "h"),
        ("c", "h"),
    ]
