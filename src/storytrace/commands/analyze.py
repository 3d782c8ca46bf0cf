"""``storytrace analyze``: read one story's articles, analyze them, write the reports.

Reads inputs under the ``skip`` policy (every skip is reported on stderr, counted by
reason), or a stored story with ``--db PATH --story ID``. Articles that are empty after
cleaning are left out of the analysis with a warning but still listed in the reports.
Progress (stage names and timings) and warnings go to stderr; with no output option the
Markdown report goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import InputError, StorytraceError
from ..types import Article, ReadReport, Story


def _say(message: str) -> None:
    print(f"storytrace: {message}", file=sys.stderr, flush=True)


def _read_files(inputs: list[str], report: ReadReport) -> tuple[list[Article], list[Article]]:
    """Prepared articles, split into (usable, empty after cleaning)."""
    from .. import api

    usable: list[Article] = []
    empty: list[Article] = []
    for article in api.read_articles(inputs, report, policy="skip"):
        try:
            prepared = api.prepare(article)
        except InputError as exc:
            # Keep it listed: the reader found it, cleaning found nothing to analyze.
            empty.append(replace(article, meta={**article.meta, "excluded": exc.reason}))
            continue
        (usable if _has_text(prepared) else empty).append(prepared)
    return usable, empty


def _has_text(article: Article) -> bool:
    return bool(article.sentences) and bool(article.text.strip())


def _read_store(db: str, story_id: str) -> tuple[list[Article], list[Article]]:
    try:
        from ..store import load_story_articles
    except ImportError as exc:
        raise StorytraceError(
            f"{db}: this storytrace cannot read stories from a store "
            f"(storytrace.store.load_story_articles is missing: {exc}); "
            "analyze the article files instead"
        ) from exc
    from .. import api

    usable: list[Article] = []
    empty: list[Article] = []
    for article in load_story_articles(db, story_id):
        prepared = article if article.sentences else api.prepare(article)
        (usable if _has_text(prepared) else empty).append(prepared)
    return usable, empty


def _report_skips(report: ReadReport) -> None:
    if not report.skipped:
        return
    counts = ", ".join(f"{reason} {n}" for reason, n in report.counts().items())
    _say(f"skipped {len(report.skipped)} input(s): {counts}")
    for skip in report.skipped:
        _say(f"  skipped {skip.source} ({skip.reason}): {skip.message}")


class _Progress:
    """Prints each stage as it starts and how long the previous one took."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.t0 = 0.0

    def __call__(self, stage: str) -> None:
        self.finish()
        self.stage, self.t0 = stage, time.perf_counter()
        _say(f"{stage} ...")

    def finish(self) -> None:
        if self.stage is not None:
            _say(f"{self.stage} done in {time.perf_counter() - self.t0:.2f} s")
            self.stage = None


def _outputs(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    json_path = Path(args.json) if args.json else None
    md_path = Path(args.md) if args.md else None
    html_path = Path(args.html) if args.html else None
    if args.out:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise StorytraceError(f"{out}: --out must be a folder, and this is a file")
        json_path = json_path or out / "report.json"
        md_path = md_path or out / "report.md"
        html_path = html_path or out / "report.html"
    return json_path, md_path, html_path


def _finish_story(
    story: Story, empty: list[Article], report: ReadReport | None, seconds: float
) -> Story:
    """Add excluded articles back (listed, not analyzed) and the read report to ``stats``."""
    warnings: list[Any] = list(story.stats.get("warnings", []))
    excluded = []
    for art in empty:
        reason = str(art.meta.get("excluded", "empty after cleaning"))
        if reason == "empty":
            reason = "empty after cleaning"
        excluded.append({"id": art.id, "reason": reason})
        warnings.append(f"{art.id}: {reason}; listed but left out of the analysis")
    stats = dict(story.stats)
    stats["warnings"] = warnings
    stats["excluded"] = excluded
    if report is not None:
        stats["skipped"] = {
            "counts": report.counts(),
            "inputs": [{"source": s.source, "reason": s.reason} for s in report.skipped],
        }
    stats.setdefault("timings_s", {})["total"] = round(seconds, 4)
    return replace(story, articles=story.articles + tuple(empty), stats=stats)


def run_analysis(
    usable: list[Article],
    empty: list[Article],
    report: ReadReport | None,
    progress: Callable[[str], None] | None = None,
) -> Story:
    """Analyze the usable articles; list the empty ones; keep the read report in stats."""
    from .. import api

    t0 = time.perf_counter()
    story = api.analyze(usable, progress=progress) if usable else Story(articles=())
    return _finish_story(story, empty, report, time.perf_counter() - t0)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Entry point of ``storytrace analyze``; returns the exit code."""
    inputs = list(args.inputs or [])
    db, story_id = getattr(args, "db", None), getattr(args, "story", None)
    if story_id and not db:
        raise StorytraceError("--story needs --db PATH: the store that holds the story")
    if db and not story_id:
        raise StorytraceError(f"{db}: say which story to analyze with --story ID")
    if db and inputs:
        raise StorytraceError("give either article files or --db/--story, not both")
    if not db and not inputs:
        raise StorytraceError("nothing to analyze: give article files, or --db PATH --story ID")
    json_path, md_path, html_path = _outputs(args)

    report: ReadReport | None = None
    if db and story_id:
        usable, empty = _read_store(db, story_id)
        _say(f"read {len(usable) + len(empty)} article(s) of story {story_id} from {db}")
    else:
        report = ReadReport()
        usable, empty = _read_files(inputs, report)
        _report_skips(report)
        _say(f"read {len(usable) + len(empty)} article(s)")
    if not usable and not empty:
        where = f"story {story_id} in {db}" if db else f"the {len(inputs)} input(s)"
        _say(f"error: nothing could be read from {where}")
        return 1
    if not usable:
        _say("warning: every article was empty after cleaning; the report only lists them")
    elif len(usable) == 1:
        _say("note: one article only; the report has no relations or corroboration")

    progress = _Progress()
    story = run_analysis(usable, empty, report, progress)
    progress.finish()
    for warning in story.stats.get("warnings", []):
        _say(f"warning: {warning}")
    _say(
        f"{len(story.articles)} article(s), {len(story.origins)} origin(s), "
        f"{story.independent_sources} independent source(s), {len(story.claims)} claim(s)"
    )

    from ..report import write_reports

    if not (json_path or md_path or html_path):
        from ..report.markdown import to_markdown

        sys.stdout.write(to_markdown(story))
        return 0
    for path in write_reports(story, json_path=json_path, md_path=md_path, html_path=html_path):
        print(f"wrote {path}")
    return 0
