"""Each direction vote alone points the right way (a flipped sign fails its test).

Every case builds a linked pair where exactly one clue differs between the two articles,
so the vote's sign and its reason come from that clue only.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from storytrace.provenance.direction import ArticleClues, direction_vote
from storytrace.provenance.features import PairFeatures
from storytrace.settings import Settings

CFG = Settings.default().relations


def pair(**changes: object) -> PairFeatures:
    """A balanced pair "x"/"y": equal coverage, no artefacts, no calques."""
    base = PairFeatures(
        a="x",
        b="y",
        alignments=(),
        cov_a=0.8,
        cov_b=0.8,
        wcov_a=0.7,
        wcov_b=0.7,
        verbatim_share=0.5,
        translated_share=0.0,
        one_to_one=1.0,
        shortest=6,
        order=1.0,
        wording=0.3,
        artefacts_a=0,
        artefacts_b=0,
        strong=3,
        calques_a=0,
        calques_b=0,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def clues(**changes: object) -> ArticleClues:
    base = ArticleClues(artefacts={}, residue=0, day=None, outlet=None, text="", filler=0)
    return replace(base, **changes)  # type: ignore[arg-type]


def vote(
    f: PairFeatures, cx: ArticleClues, cy: ArticleClues, linked: int = 2, extra: dict | None = None
) -> tuple[float, list[str]]:
    all_clues = {"x": cx, "y": cy, **(extra or {})}
    return direction_vote("x", "y", f, all_clues, linked, CFG)


def test_balanced_pair_has_no_vote() -> None:
    d, reasons = vote(pair(), clues(), clues())
    assert d == 0 and reasons == []


def test_coverage_vote_points_to_the_fuller_article() -> None:
    """y is mostly covered by x, x only partly by y: x is the source."""
    d, reasons = vote(pair(cov_a=0.3, cov_b=0.9), clues(), clues())
    assert d > 0
    assert reasons == [reasons[0]] and "points to x as the source" in reasons[0]


def test_artefact_vote_points_away_from_the_translated_text() -> None:
    d, reasons = vote(pair(artefacts_b=2), clues(), clues(artefacts={1: {"guillemets": 2}}))
    assert d > 0 and "points to x" in reasons[0] and "guillemets" in reasons[0]


def test_place_calque_vote_points_away_from_the_calque() -> None:
    d, _ = vote(pair(calques_a=1), clues(), clues())
    assert d < 0


def test_residue_vote_points_away_from_the_republisher() -> None:
    d, reasons = vote(pair(), clues(residue=3), clues())
    assert d < 0 and "points to y" in reasons[0]


def test_filler_vote_points_away_from_the_commentary() -> None:
    d, reasons = vote(pair(), clues(), clues(filler=2))
    assert d > 0 and "points to x" in reasons[0]


def test_date_vote_points_to_the_earlier_day() -> None:
    d, reasons = vote(pair(), clues(day="2025-03-07"), clues(day="2025-03-06"))
    assert d < 0 and "points to y" in reasons[0] and "2025-03-06" in reasons[0]


def test_reporting_credit_vote_points_to_the_credited_outlet() -> None:
    """y's text says its source "told the Harbour Gazette": x, the Gazette's, came first."""
    cx = clues(outlet="Harbour Gazette", text="The mayor spoke at noon.")
    cy = clues(outlet="Daily Relay", text="The mayor told the Harbour Gazette at noon.")
    d, reasons = vote(pair(), cx, cy)
    assert d > 0
    assert any("points to x" in r and "credits Harbour Gazette" in r for r in reasons)
    d_rev, _ = vote(pair(), cy, cx)
    assert d_rev < 0


def test_dropped_credit_vote_points_to_the_text_that_keeps_it() -> None:
    """x (outlet unknown) credits a paper with an interview that y (a known outlet) drops:
    x is closer to the paper's own text."""
    cx = clues(text="The minister, speaking to the Lakeside Courier, denied it.")
    cy = clues(outlet="Daily Relay", text="The minister denied it.")
    d, reasons = vote(pair(), cx, cy)
    assert d > 0 and any("credits Lakeside Courier" in r for r in reasons)
    d_rev, _ = vote(pair(), cy, cx)
    assert d_rev < 0


def test_convergence_vote_points_to_the_hub() -> None:
    """Two other articles are covered by x, none by y: the story converges on x."""
    cx = clues(convergence={"y": 0.7, "u": 0.8, "v": 0.8})
    cy = clues(convergence={"x": 0.7})
    d, reasons = vote(pair(), cx, cy, linked=4, extra={"u": clues(), "v": clues()})
    assert d > 0 and "converge on it" in reasons[0] and "points to x" in reasons[0]


@pytest.mark.parametrize(
    ("weight", "changes"),
    [
        ("w_coverage", {"cov_a": 0.3, "cov_b": 0.9}),
        ("w_artefacts", {"artefacts_b": 2}),
    ],
)
def test_each_vote_passes_the_margin_alone(weight: str, changes: dict[str, float]) -> None:
    """One strong clue is enough for a certain direction (defaults.toml's promise)."""
    d, _ = vote(pair(**changes), clues(), clues())
    assert d >= float(CFG["direction_margin"]) and float(CFG[weight]) > 0


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2014-09-08", "2014-09-08"),
        ("2014-9-8", "2014-09-08"),
        ("2014-09-8T10:30:00Z", "2014-09-08"),
        ("2014-13-01", None),
        ("8 September 2014", None),
        (None, None),
    ],
)
def test_the_date_clue_reads_an_unpadded_day(published: str | None, day: str | None) -> None:
    from storytrace.provenance.direction import article_clues
    from storytrace.types import Article

    assert article_clues(Article(id="a", raw="Text.", published=published)).day == day


def test_wire_dateline_vote_points_to_the_agency_copy() -> None:
    """x's dateline credits a news agency, y's (a newspaper's desk) none: x is the wire copy
    the newspaper wrote from, with no date or outlet to tell."""
    d, reasons = vote(pair(), clues(wire="AP"), clues())
    assert d >= float(CFG["direction_margin"])
    assert any("points to x" in r and "news agency AP" in r for r in reasons)
    d_rev, _ = vote(pair(), clues(), clues(wire="AP"))
    assert d_rev <= -float(CFG["direction_margin"])
    d_both, _ = vote(pair(), clues(wire="AP"), clues(wire="AFP"))
    assert d_both == 0


@pytest.mark.parametrize(
    ("raw", "agency"),
    [
        ("WASHINGTON, March 3 (AP) — The senate passed the harbour bill on Monday night.", "AP"),
        ("OSLO (Reuters) - Ministers met on Tuesday to agree on the fishing quota.", "Reuters"),
        # An Urdu dateline keeps the credit in the opening sentence.
        ("کراچی (اے پی پی) وزیر اعلیٰ نے منگل کو نئے پل کا افتتاح کیا۔", "اے پی پی"),
        ("لاہور (آن لائن) شہر میں بارش کے بعد کئی سڑکیں بند رہیں۔", "آن لائن"),
        # A newspaper's own credit: a desk, a reporter, the paper itself.
        ("لاہور (سٹاف رپورٹر) شہر میں بارش کے بعد کئی سڑکیں بند رہیں۔", None),
        ("MARROWICK (Harbour Gazette) — The council voted to rebuild the sea wall.", None),
        ("The council voted to rebuild the sea wall after the storm damaged it.", None),
    ],
)
def test_wire_agency_reads_the_dateline(raw: str, agency: str | None) -> None:
    from storytrace.clean import prepare
    from storytrace.provenance.direction import wire_agency
    from storytrace.types import Article

    assert wire_agency(prepare(Article(id="a", raw=raw))) == agency


def test_wire_agency_ignores_a_bracket_far_into_the_text() -> None:
    from storytrace.clean import prepare
    from storytrace.provenance.direction import wire_agency
    from storytrace.types import Article

    raw = "The council voted to rebuild the sea wall. " * 4 + "A spokesman (AP) said so."
    assert wire_agency(prepare(Article(id="a", raw=raw))) is None
