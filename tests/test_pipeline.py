from __future__ import annotations

import dataclasses

from storytrace.pipeline import analyze_story
from storytrace.progress import Progress
from storytrace.types import Article, Origin, Story


def _one_origin_per_article(story: Story) -> Story:
    origins = tuple(
        Origin(id=f"o{i + 1}", root=a.id, articles=(a.id,)) for i, a in enumerate(story.articles)
    )
    return dataclasses.replace(story, origins=origins)


def test_components_run_in_order_and_are_timed() -> None:
    seen: list[Progress] = []
    articles = (Article(id="a", raw="One."), Article(id="b", raw="Two."))
    story = analyze_story(
        articles,
        progress=seen.append,
        components=[("origins", _one_origin_per_article), ("noop", lambda s: s)],
    )
    assert [(p.done, p.total, p.detail) for p in seen] == [
        (0, 2, "origins"),
        (1, 2, "noop"),
        (2, 2, ""),
    ]
    assert story.independent_sources == 2
    assert set(story.run.timings_s()) == {"origins", "noop"}
    assert story.run.excluded == () and story.run.skipped is None
