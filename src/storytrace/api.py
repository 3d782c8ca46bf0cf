"""The public entry points the command line (and any app) calls.

Each function delegates to its stage family; heavy modules are imported lazily so that
``storytrace --help`` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from .types import Article, ReadReport, Story

Policy = Literal["raise", "skip"]


def read_articles(
    inputs: Sequence[str],
    report: ReadReport | None = None,
    policy: Policy = "raise",
) -> Iterator[Article]:
    """Read articles (not yet cleaned) from files, directories, globs, JSONL or ``-``.

    Args:
        inputs: paths, directories, glob patterns, or ``-`` for standard input.
        report: collects what was skipped and why (a fresh one when omitted).
        policy: ``raise`` stops at the first bad input; ``skip`` counts it and goes on.
    """
    from .ingest import read_inputs

    return read_inputs(inputs, report if report is not None else ReadReport(), policy=policy)


def prepare(article: Article) -> Article:
    """Clean, segment and detect the language of one article."""
    from .clean import prepare as _prepare

    return _prepare(article)


def load_articles(
    inputs: Sequence[str],
    report: ReadReport | None = None,
    policy: Policy = "raise",
) -> list[Article]:
    """Read and prepare every article of ``inputs``."""
    report = report if report is not None else ReadReport()
    return [prepare(a) for a in read_articles(inputs, report, policy)]


def analyze(
    articles: Iterable[Article],
    progress: Callable[[str], None] | None = None,
) -> Story:
    """Run the story analysis on prepared articles.

    Returns:
        A :class:`Story` with alignments, relations, origins, claims, quotes, conflicts,
        framing cues and a brief.
    """
    from .pipeline import analyze_story

    return analyze_story(tuple(articles), progress=progress)


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
    progress: Callable[[str], None] | None = None,
) -> Story:
    """Analyze prepared articles; ``empty`` ones (nothing left after cleaning) are listed in
    the story as excluded, as ``storytrace analyze`` does."""
    from .commands.analyze import run_analysis

    return run_analysis(list(usable), list(empty), None, progress)


def cluster_into_store(articles: Sequence[Article], db: str | Path) -> list[tuple[str, str]]:
    """Store ``articles`` in ``db``, continue its story clustering with them, save the
    assignments; ``(input id, story id)`` in order."""
    from .commands.corpus import cluster_articles

    return cluster_articles(articles, str(db))
