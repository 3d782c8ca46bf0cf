"""The per-story pipeline: each component takes a Story and returns a richer one."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from .progress import ProgressFn, report, reporting
from .settings import Settings
from .types import Article, Story

Component = Callable[[Story], Story]


def default_components(settings: Settings | None = None) -> list[tuple[str, Component]]:
    """The analysis components, in order, each bound to its settings table. Imported
    lazily: they load models."""
    from .align import align_story
    from .claims import extract_claims
    from .claims.framing import find_framing
    from .provenance import relate
    from .quotes import extract_quotes
    from .report.brief import make_brief

    s = settings if settings is not None else Settings.default()
    return [
        ("align", partial(align_story, settings=s.align)),
        ("provenance", partial(relate, settings=s.relations)),
        ("quotes", partial(extract_quotes, settings=s.quotes)),
        ("claims", partial(extract_claims, settings=s.claims)),
        ("framing", partial(find_framing, settings=s.framing)),
        ("brief", partial(make_brief, settings=s.brief)),
    ]


def analyze_story(
    articles: Sequence[Article],
    progress: ProgressFn | None = None,
    components: Sequence[tuple[str, Component]] | None = None,
    settings: Settings | None = None,
) -> Story:
    """Run every component over the story; record each one's wall time in ``story.run``.

    ``progress`` receives ``Progress("analyze", i, n, "steps", detail=<component>)`` as
    each component starts, and whatever the components report inside (the embedder
    reports ``embedding`` batches).
    """
    steps = list(components) if components is not None else default_components(settings)
    story = Story(articles=tuple(articles))
    if components is None:
        from .align.embed import use_settings
        from .quotes import preload

        s = settings if settings is not None else Settings.default()
        use_settings(s.align)  # the run's engine, cache and workers (--config)
        # spaCy loads in its own process beside the embedding of a cold analysis
        preload.start(story, s.quotes)
    timings: dict[str, float] = {}
    with reporting(progress):
        for i, (name, component) in enumerate(steps):
            report("analyze", i, len(steps), "steps", detail=name)
            t0 = time.perf_counter()
            story = component(story)
            timings[name] = round(time.perf_counter() - t0, 4)
        report("analyze", len(steps), len(steps), "steps")
    run = replace(story.run, timings=story.run.timings + tuple(timings.items()))
    return replace(story, run=run)
