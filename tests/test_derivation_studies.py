"""The derivation studies' evidence (bench/derivation_wording.py, bench/derivation_errors.py):
Urdu normalisations that match a word written another way, order and sentence evidence
that tell a copy from a reordered text, and both studies measuring an Urdu pair."""

from __future__ import annotations

from types import ModuleType

import pytest

from benchload import bench_module
from storytrace.types import Article

# Two short Urdu texts written for this test: the second restates the first's two
# sentences in reverse order, with one compound written as one word ("ہوگا").
FIRST = "وزیر اعظم نے آج اجلاس کی صدارت کی۔ اجلاس میں بجٹ پر بات ہو گا۔"
SECOND = "اجلاس میں بجٹ پر بات ہوگا۔ وزیر اعظم نے آج اجلاس کی صدارت کی۔"


@pytest.fixture(scope="module")
def wording() -> ModuleType:
    return bench_module("derivation_wording")


@pytest.mark.parametrize(
    ("a", "b"),
    [("لئے", "لیے"), ("گذشتہ", "گزشتہ"), ("حملہ", "حملے"), ("وکٹوں", "وکٹیں")],
)
def test_stem_reads_spellings_and_inflections_alike(wording: ModuleType, a: str, b: str) -> None:
    assert wording.stem(a) == wording.stem(b)


def test_stem_leaves_short_words(wording: ModuleType) -> None:
    assert [wording.stem(w) for w in ("کی", "کے", "میں")] == ["کی", "کے", "میں"]


def test_joined_joins_only_words_the_other_side_writes_as_one(wording: ModuleType) -> None:
    tokens = ["بات", "ہو", "گا", "اور", "کر", "دیا"]
    assert wording.joined(tokens, {"ہوگا"}) == ["بات", "ہوگا", "اور", "کر", "دیا"]


def test_lcs_counts_words_in_order(wording: ModuleType) -> None:
    assert wording.lcs(["a", "b", "c", "d"], ["a", "c", "b", "d"]) == 3
    assert wording.lcs(["a", "b"], []) == 0


def article(text: str, name: str) -> Article:
    """The text prepared as the studies prepare a COUNTER article."""
    return bench_module("counter_pairs").article({"text": text}, name)


def test_a_copy_keeps_order_a_reordering_does_not(wording: ModuleType) -> None:
    src = article(FIRST, "src")
    same = wording.candidate_evidence(article(FIRST, "tgt"), src)
    moved = wording.candidate_evidence(article(SECOND, "tgt"), src)
    assert same["lcs"] > moved["lcs"]
    assert same["top"] == 1.0 and same["sent"] == 1.0
    # the compound written as one word matches once joined, not as written
    assert moved["seg_c1"] == 1.0 and moved["stem_c1"] < 1.0


def test_error_study_measures_an_urdu_pair() -> None:
    errors = bench_module("derivation_errors")
    ev = errors.candidate_evidence(article(SECOND, "tgt"), article(FIRST, "src"))
    assert set(ev) == {"headline", "numbers", "lead", "used", "used1"}
    assert ev["used1"] > 0.5


def test_the_studies_table_compares_each_row_with_the_first() -> None:
    """bench/fit_derivation.Table, the CV table all four studies print: mean (sd) of both
    scores, a row's own columns, and from the second row its per-repeat change."""
    import numpy as np

    fit = bench_module("fit_derivation")
    table = fit.Table(6)
    first = table.row("W", np.array([0.90, 0.92]), np.array([0.78, 0.80]), " x")
    assert first == "W        0.910 (0.010)   0.790 (0.010) x"
    second = table.row("W+a", np.array([0.91, 0.91]), np.array([0.80, 0.80]))
    assert second.startswith("W+a      0.910 (0.000)   0.800 (0.000)")
    assert "+0.000 (sd 0.010, 1/2 up), +0.010 (sd 0.010, 1/2 up)" in second
    nested = table.nested("nested", {"derived_f1": 0.9, "macro_f1": 0.8}, {"W": 3})
    assert nested == "nested          0.900          0.800   (set chosen per outer fold: {'W': 3})"
