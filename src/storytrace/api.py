"""The one application layer: the command line, the web app and Python users call these.

Every workflow is a function here: read and prepare articles, analyze a story (from
inputs or from a store), ingest into a store, cluster into stories, list stories, get a
report. Each takes ``settings`` (a :class:`~storytrace.settings.Settings`, loaded once
with :func:`load_settings`; the packaged defaults when omitted) and, where it runs long,
``progress`` (a callback receiving :class:`~storytrace.progress.Progress` events).
Heavy modules are imported lazily so that ``storytrace --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from .app.analysis import Analysis, NothingReadError
from .app.corpus import Clustering, NothingToClusterError, StoryList
from .app.evaluate import ClusteringScore
from .progress import Progress, ProgressFn, reporting
from .settings import Settings
from .types import Article, Excluded, ReadReport, Story

Policy = Literal["raise", "skip"]
Engine = Literal["local", "ray"]

__all__ = [
    "Analysis",
    "Clustering",
    "ClusteringScore",
    "Excluded",
    "NothingReadError",
    "NothingToClusterError",
    "Progress",
    "ProgressFn",
    "Settings",
    "StoryList",
    "analyze",
    "analyze_inputs",
    "analyze_prepared",
    "analyze_stored",
    "cluster",
    "cluster_articles",
    "evaluate_clustering",
    "ingest",
    "load_articles",
    "load_settings",
    "prepare",
    "read_articles",
    "report_dict",
    "stories",
    "write_reports",
]


def load_settings(config: str | Path | None = None) -> Settings:
    """The packaged settings, overlaid with the TOML file ``config`` when given."""
    return Settings.load(config)


def read_articles(
    inputs: Sequence[str],
    report: ReadReport | None = None,
    policy: Policy = "raise",
    settings: Settings | None = None,
) -> Iterator[Article]:
    """Read articles (not yet cleaned) from files, directories, globs, JSONL or ``-``.

    Args:
        inputs: paths, directories, glob patterns, or ``-`` for standard input.
        report: collects what was skipped and why (a fresh one when omitted).
        policy: ``raise`` stops at the first bad input; ``skip`` counts it and goes on.
        settings: its ``[read]`` table applies.
    """
    from .ingest import read_inputs

    table = (settings if settings is not None else Settings.default()).read
    return read_inputs(
        inputs, report if report is not None else ReadReport(), policy=policy, settings=table
    )


def read_blobs(
    blobs: Sequence[tuple[str, str, bytes]],
    report: ReadReport | None = None,
    policy: Policy = "raise",
    settings: Settings | None = None,
) -> Iterator[Article]:
    """Read articles from bytes in memory, each ``(source, file name, data)``, exactly as
    :func:`read_articles` reads a file of that name (a fetched page, not written to disk)."""
    from .ingest.inputs import read_blobs as _read_blobs

    table = (settings if settings is not None else Settings.default()).read
    return _read_blobs(
        blobs, report if report is not None else ReadReport(), policy=policy, settings=table
    )


def prepare(
    article: Article, settings: Settings | None = None, progress: ProgressFn | None = None
) -> Article:
    """Clean, segment and detect the language of one article; ``progress`` hears its steps
    and, in a long text, its search for repeated paragraphs."""
    from .clean import prepare as _prepare

    if progress is None:
        return _prepare(article, settings)
    with reporting(progress):
        return _prepare(article, settings)


def load_articles(
    inputs: Sequence[str],
    report: ReadReport | None = None,
    policy: Policy = "raise",
    settings: Settings | None = None,
) -> list[Article]:
    """Read and prepare every article of ``inputs``."""
    report = report if report is not None else ReadReport()
    return [prepare(a, settings) for a in read_articles(inputs, report, policy, settings)]


def analyze(
    articles: Iterable[Article],
    progress: ProgressFn | None = None,
    settings: Settings | None = None,
) -> Story:
    """Run the story analysis on prepared articles.

    Returns:
        A :class:`Story` with alignments, relations, origins, claims, quotes, conflicts,
        framing cues and a brief.
    """
    from .pipeline import analyze_story

    return analyze_story(tuple(articles), progress=progress, settings=settings)


def analyze_inputs(
    inputs: Sequence[str],
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Read, prepare and analyze the articles of one story (bad inputs are skipped and
    counted; articles empty after cleaning are listed, not analyzed)."""
    from .app.analysis import analyze_inputs as _run

    return _run(inputs, settings, progress)


def analyze_stored(
    db: str,
    story_id: str,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Analyze the story ``story_id`` of the store at ``db``."""
    from .app.analysis import analyze_stored as _run

    return _run(db, story_id, settings, progress)


def ingest(
    inputs: Sequence[str],
    db: str | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
    stats: Any = None,
    report: ReadReport | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> Any:
    """Add articles (files, folders, globs, feed URLs) to a store; link near-duplicates.

    Returns the store's ``IngestStats`` (read, added, skipped by reason ...); ``report``
    receives the reader's skips and notes. No store is created when nothing was read.
    ``engine="ray"`` reads and links on a Ray cluster (``address``, else a local one
    started for the run; ``pip install 'storytrace[ray]'``) and stores the same result.
    """
    from .app.corpus import ingest as _run

    return _run(inputs, db, settings, progress, stats, report, engine, address)


def cluster(
    inputs: Sequence[str] = (),
    db: str | None = None,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
    engine: Engine = "local",
    address: str | None = None,
) -> Clustering:
    """Group articles into stories. With ``inputs``: store them (in ``db``, else a
    temporary store) and cluster them; without: cluster the articles of ``db`` that are
    in no story yet. Returns one ``(article id, story id)`` per article.
    ``engine="ray"`` (with ``inputs``) clusters in partitions on a Ray cluster."""
    from .app.corpus import cluster_inputs, cluster_store
    from .errors import ConfigError

    if inputs:
        return cluster_inputs(inputs, db, settings, progress, engine, address)
    if engine != "local" or address:
        raise ConfigError(
            "--engine ray clusters the articles of inputs; to cluster the articles a store "
            "already holds, leave --engine out (the local engine)"
        )
    return cluster_store(db, settings, progress)


def stories(db: str | None = None) -> StoryList:
    """The stories of a store, largest first, with how many articles are in none."""
    from .app.corpus import list_stories

    return list_stories(db)


def evaluate_clustering(
    input_path: str,
    gold_path: str,
    label: str = "event",
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> ClusteringScore:
    """Score assignments (or articles, clustered first) against gold labels: ARI, AMI,
    B-cubed, and the ids only one side has."""
    from .app.evaluate import evaluate_clustering as _run

    return _run(input_path, gold_path, label, settings, progress)


def report_dict(story: Story) -> dict[str, Any]:
    """The versioned JSON report (``storytrace.report/1``) as a dict."""
    from .report.json_report import to_dict

    return to_dict(story)


def write_reports(
    story: Story,
    json_path: Path | None = None,
    md_path: Path | None = None,
    html_path: Path | None = None,
) -> list[Path]:
    """Write the requested reports; return the paths written."""
    from .report import write_reports as _write

    return _write(story, json_path=json_path, md_path=md_path, html_path=html_path)


def analyze_prepared(
    usable: Sequence[Article],
    empty: Sequence[Article] = (),
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> Analysis:
    """Analyze articles already prepared (:func:`prepare`); ``empty`` ones (nothing left
    after cleaning) are listed in the story as excluded, as ``storytrace analyze`` does."""
    from .app.analysis import analyze_prepared as _run

    return _run(usable, empty, None, settings, progress)


def cluster_articles(
    articles: Sequence[Article],
    db: str | Path,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> list[tuple[str, str]]:
    """Store ``articles`` in ``db``, continue its story clustering with them, save the
    assignments; ``(input id, story id)`` in order."""
    from .app.corpus import cluster_articles as _run

    return _run(articles, str(db), settings, progress)
