"""Analyze one story: read and prepare its articles, run the pipeline, keep what was left out.

The CLI's ``analyze`` and any app call :func:`analyze_inputs` or :func:`analyze_stored`;
both return an :class:`Analysis` whose story carries, besides the findings, the articles
that were empty after cleaning (listed, not analyzed) and the inputs that were skipped.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..errors import InputError, StorytraceError
from ..progress import Progress, ProgressFn
from ..settings import Settings
from ..types import Article, Excluded, ReadReport, SkippedInput, Story


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of one analysis: the story (``story.run`` holds timings, excluded
    articles and skipped inputs) and the reader's full report."""

    story: Story
    read: ReadReport = field(default_factory=ReadReport)
    excluded: tuple[Excluded, ...] = ()
    analyzed: int = 0
    seconds: float = 0.0

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.story.warnings


def prepare_all(
    articles: Sequence[Article],
    settings: Settings,
    progress: ProgressFn | None = None,
) -> tuple[list[Article], list[Article]]:
    """Prepared articles split into (usable, empty after cleaning), reporting each one."""
    from ..clean import prepare

    usable: list[Article] = []
    empty: list[Article] = []
    for i, article in enumerate(articles):
        if progress:
            progress(Progress("prepare", i, len(articles), "articles", detail=article.id))
        if article.sentences:
            prepared = article
        else:
            try:
                prepared = prepare(article, settings)
            except InputError as exc:
                # Keep it listed: the reader found it, cleaning found nothing to analyze.
                empty.append(replace(article, meta={**article.meta, "excluded": exc.reason}))
                continue
        (usable if _has_text(prepared) else empty).append(prepared)
    if progress:
        progress(Progress("prepare", len(articles), len(articles), "articles"))
    return usable, empty


def _has_text(article: Article) -> bool:
    return bool(article.sentences) and bool(article.text.strip())


def analyze_prepared(
    usable: Sequence[Article],
    empty: Sequence[Article] = (),
    read: ReadReport | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Analyze the usable articles; list the empty ones; keep the read report."""
    from ..pipeline import analyze_story

    t0 = time.perf_counter()
    story = analyze_story(usable, progress, settings=settings) if usable else Story(articles=())
    return _finish(story, list(empty), read, time.perf_counter() - t0, len(usable))


def analyze_inputs(
    inputs: Sequence[str],
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Read ``inputs`` (skipping bad ones, counted by reason), prepare and analyze them.

    Raises:
        InputError: when no article at all could be read (the report says why).
    """
    from ..ingest import read_inputs

    settings = settings if settings is not None else Settings.default()
    report = ReadReport()
    articles = list(read_inputs(inputs, report, policy="skip", settings=settings.read))
    if not articles:
        raise NothingReadError(report, f"the {len(inputs)} input(s)")
    usable, empty = prepare_all(articles, settings, progress)
    return analyze_prepared(usable, empty, report, settings, progress)


def analyze_stored(
    db: str,
    story_id: str,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Analyze a story of the store at ``db``."""
    from ..store import load_story_articles

    settings = settings if settings is not None else Settings.default()
    articles = load_story_articles(db, story_id)
    if not articles:
        raise NothingReadError(ReadReport(), f"story {story_id} in {db}")
    usable, empty = prepare_all(articles, settings, progress)
    return analyze_prepared(usable, empty, None, settings, progress)


class NothingReadError(StorytraceError):
    """No article could be read; ``report`` holds every skip."""

    def __init__(self, report: ReadReport, where: str) -> None:
        super().__init__(f"nothing could be read from {where}")
        self.report = report


def _finish(
    story: Story, empty: list[Article], report: ReadReport | None, seconds: float, n: int
) -> Analysis:
    """Add excluded articles back (listed, not analyzed), the read report's skips and the
    total time to ``story.run``."""
    warnings: list[str] = []
    excluded = []
    for art in empty:
        reason = str(art.meta.get("excluded", "empty after cleaning"))
        if reason == "empty":
            reason = "empty after cleaning"
        excluded.append(Excluded(art.id, reason))
        warnings.append(f"{art.id}: {reason}; listed but left out of the analysis")
    skipped = (
        None if report is None else tuple(SkippedInput(s.source, s.reason) for s in report.skipped)
    )
    run = replace(
        story.run,
        timings=(*story.run.timings, ("total", round(seconds, 4))),
        excluded=tuple(excluded),
        skipped=skipped,
    )
    story = replace(
        story,
        articles=story.articles + tuple(empty),
        run=run,
        warnings=story.warned(*warnings),
    )
    return Analysis(story, report or ReadReport(), tuple(excluded), n, seconds)
