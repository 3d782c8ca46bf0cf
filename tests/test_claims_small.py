"""Claims of a small story (claims/small.py): a unit cut out of a sentence is embedded only
when a cosine can decide something for it, and the claims stay those of every unit
embedded (invented text; the seeds when ../shared is there)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storytrace.claims import extract_claims, small
from storytrace.types import Story
from test_claims import INDEPENDENT, art, fishing_story

# One sentence, two facts: the cut falls before "saying" (claims/units.py).
CUT = (
    "Regulators fined 120 trawlers for illegal fishing off the northern coast on Tuesday, "
    "saying that gulls nesting on the lighthouse cliffs had kept the keepers awake. "
    "The harbour stays closed until Friday."
)


def _every_unit_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cut-out unit counts as one a cosine decides for (as before claims/small.py)."""
    monkeypatch.setattr(small, "_decided_by_cosine", lambda *args: set(args[-1]))


def _claims(story: Story) -> list[tuple[str, frozenset[tuple[str, int, int]]]]:
    return sorted(
        (c.status, frozenset((m.article, m.start, m.end) for m in c.mentions)) for c in story.claims
    )


def test_a_cut_out_part_no_other_article_can_match_is_not_embedded(
    embedded: list[str],
) -> None:
    story = Story(articles=(art("cut", CUT), art("indep", INDEPENDENT)))
    out = extract_claims(story)
    # the fined part states the independent report's fact: its cosine decides the match
    assert any(t.startswith("Regulators fined 120 trawlers") for t in embedded)
    assert not any("gulls" in t for t in embedded)
    fined = next(c for c in out.claims if "120 trawlers" in c.text)
    assert set(fined.articles) == {"cut", "indep"}
    gulls = next(c for c in out.claims if "gulls" in c.text)
    assert gulls.articles == ("cut",) and gulls.status == "single-source"


def test_whole_sentences_are_embedded_as_before(embedded: list[str]) -> None:
    extract_claims(fishing_story())
    assert any("bakery" in t for t in embedded)  # a whole sentence: alignment embeds it


def test_the_claims_are_those_of_every_unit_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    story = Story(articles=(art("cut", CUT), *fishing_story().articles))
    lean = extract_claims(story)
    _every_unit_embedded(monkeypatch)
    assert _claims(lean) == _claims(extract_claims(story))


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seed_claims_are_those_of_every_unit_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    import storytrace

    story = storytrace.analyze(storytrace.load_articles([str(SEEDS)]))
    bare = replace(story, claims=(), conflicts=(), distortions=())
    lean = extract_claims(bare)
    _every_unit_embedded(monkeypatch)
    full = extract_claims(bare)
    assert _claims(lean) == _claims(full)
    assert {(d.article, d.source, d.changed) for d in lean.distortions} == {
        (d.article, d.source, d.changed) for d in full.distortions
    }
