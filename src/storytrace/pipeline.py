"""The per-story pipeline: each component takes a Story and returns a richer one."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from .types import Article, Story

Component = Callable[[Story], Story]


def default_components() -> list[tuple[str, Component]]:
    """The analysis components, in order. Imported lazily: they load models."""
    from .align import align_story
    from .claims import extract_claims
    from .claims.framing import find_framing
    from .provenance import relate
    from .quotes import extract_quotes
    from .report.brief import make_brief

    return [
        ("align", align_story),
        ("provenance", relate),
        ("quotes", extract_quotes),
        ("claims", extract_claims),
        ("framing", find_framing),
        ("brief", make_brief),
    ]


def analyze_story(
    articles: Sequence[Article],
    progress: Callable[[str], None] | None = None,
    components: Sequence[tuple[str, Component]] | None = None,
) -> Story:
    """Run every component over the story; record each one's wall time in ``stats``."""
    story = Story(articles=tuple(articles))
    timings: dict[str, float] = {}
    for name, component in components or default_components():
        if progress:
            progress(name)
        t0 = time.perf_counter()
        story = component(story)
        timings[name] = round(time.perf_counter() - t0, 4)
    story.stats.setdefault("timings_s", {}).update(timings)
    story.stats["articles"] = len(story.articles)
    story.stats["independent_sources"] = story.independent_sources
    return story
