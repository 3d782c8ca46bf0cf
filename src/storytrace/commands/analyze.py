"""``storytrace analyze``: argument checks, printing and progress around
:func:`storytrace.api.analyze_inputs` / :func:`storytrace.api.analyze_stored`.

Every skipped input is reported on stderr, counted by reason. Stage names and timings,
a live bar (on a terminal) and warnings go to stderr; with no output option the Markdown
report goes to stdout, as does a report whose FILE is ``-``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .. import api
from ..errors import StorytraceError
from ..progress import Progress
from ..types import ReadReport, Story
from .progress import ProgressBars, print_notes, wanted


def _say(message: str) -> None:
    print(f"storytrace: {message}", file=sys.stderr, flush=True)


def _report_skips(report: ReadReport) -> None:
    print_notes(report)
    if not report.skipped:
        return
    counts = ", ".join(f"{reason} {n}" for reason, n in report.counts().items())
    _say(f"skipped {len(report.skipped)} input(s): {counts}")
    for skip in report.skipped:
        _say(f"  skipped {skip.source} ({skip.reason}): {skip.message}")


class _StageLog:
    """Prints each analysis step as it starts and how long the previous one took, and
    passes every event on to the live bars."""

    def __init__(self, bars: ProgressBars) -> None:
        self.bars = bars
        self.stage: str | None = None
        self.t0 = 0.0
        self.noted = False

    def __call__(self, event: Progress) -> None:
        if event.stage == "prepare" and not self.noted and (event.total or 0) > CORPUS_ARTICLES:
            self.noted = True
            _say(
                f"note: analyze treats its inputs as one story, and {event.total:,} articles "
                "look like a corpus (1,000 take minutes); to group them into stories first: "
                "storytrace ingest INPUTS --db news.sqlite, then storytrace cluster --db "
                "news.sqlite (Ctrl-C stops this run)"
            )
        if event.stage == "analyze":
            self.finish()
            if event.detail:
                self.stage, self.t0 = event.detail, time.perf_counter()
                _say(f"{event.detail} ...")
        self.bars(event)

    def finish(self) -> None:
        if self.stage is not None:
            _say(f"{self.stage} done in {time.perf_counter() - self.t0:.2f} s")
            self.stage = None


def _to_stdout(args: argparse.Namespace) -> str | None:
    """The report format given ``-`` (standard output), as ``-`` reads standard input."""
    dashed = [fmt for fmt in ("json", "md", "html") if getattr(args, fmt) == "-"]
    if len(dashed) > 1:
        raise StorytraceError(
            f"--{dashed[0]} - and --{dashed[1]} -: only one report can go to standard output"
        )
    return dashed[0] if dashed else None


def _outputs(args: argparse.Namespace) -> tuple[Path | None, Path | None, Path | None]:
    json_path = Path(args.json) if args.json and args.json != "-" else None
    md_path = Path(args.md) if args.md and args.md != "-" else None
    html_path = Path(args.html) if args.html and args.html != "-" else None
    if args.out:
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            raise StorytraceError(f"{out}: --out must be a folder, and this is a file")
        json_path = json_path or (out / "report.json" if args.json != "-" else None)
        md_path = md_path or (out / "report.md" if args.md != "-" else None)
        html_path = html_path or (out / "report.html" if args.html != "-" else None)
    return json_path, md_path, html_path


# More articles than this read as a corpus, not a story: the largest labelled event in
# the data we have holds 22 articles (ECB+ dev), the demo 7, a NeuS story 3; 1,000
# generated articles take 186 s cold as one story (README, bench/bench_stages.py).
CORPUS_ARTICLES = 200

# A warning past this many characters is cut on the terminal (the report keeps it whole):
# a feed and a WARC of 64 articles in 54 groups listed every id in a 1,527-character line.
WARNING_CHARS = 400


def _shortened(warning: str) -> str:
    if len(warning) <= WARNING_CHARS:
        return warning
    cut = warning[:WARNING_CHARS].rsplit(" ", 1)[0]
    return f"{cut} ... ({len(warning):,} characters; the report has it whole)"


def _check(args: argparse.Namespace) -> None:
    inputs, db, story_id = list(args.inputs or []), args.db, args.story
    if story_id and not db:
        raise StorytraceError("--story needs --db PATH: the store that holds the story")
    if db and not story_id:
        raise StorytraceError(f"{db}: say which story to analyze with --story ID")
    if db and inputs:
        raise StorytraceError("give either article files or --db/--story, not both")
    if not db and not inputs:
        raise StorytraceError("nothing to analyze: give article files, or --db PATH --story ID")


def cmd_analyze(args: argparse.Namespace) -> int:
    """Entry point of ``storytrace analyze``; returns the exit code."""
    _check(args)
    to_stdout = _to_stdout(args)
    json_path, md_path, html_path = _outputs(args)
    bars = ProgressBars(wanted(args))
    log = _StageLog(bars)
    try:
        if args.db:
            result = api.analyze_stored(args.db, args.story, args.settings, log)
        else:
            result = api.analyze_inputs(list(args.inputs), args.settings, log)
    except api.NothingReadError as exc:
        bars.stop()
        _report_skips(exc.report)
        _say(f"error: {exc}")
        return 1
    finally:
        bars.stop()
        log.finish()
    _report_skips(result.read)
    story = result.story
    where = f" of story {args.story} from {args.db}" if args.db else ""
    _say(f"read {len(story.articles)} article(s){where}")
    if not result.analyzed:
        _say("warning: every article was empty after cleaning; the report only lists them")
    elif result.analyzed == 1:
        _say("note: one article only; the report has no relations or corroboration")
    for warning in result.warnings:
        _say(f"warning: {_shortened(warning)}")
    groups = story.stats.get("story_groups") or []
    if len(groups) > 1 and not args.db:
        _say(
            f"hint: to split {len(story.articles)} articles into stories first: "
            "storytrace ingest INPUTS --db news.sqlite; storytrace cluster --db news.sqlite; "
            "storytrace stories --db news.sqlite; then analyze one story with "
            "--db news.sqlite --story ID"
        )
    _say(
        f"{len(story.articles)} article(s), {len(story.origins)} origin(s), "
        f"{story.independent_sources} independent source(s), {len(story.claims)} claim(s)"
    )
    for path in api.write_reports(story, json_path, md_path, html_path):
        # On stderr when a report goes to stdout, so that a pipe gets the report alone.
        print(f"wrote {path}", file=sys.stderr if to_stdout else sys.stdout)
    if to_stdout or not (json_path or md_path or html_path):
        sys.stdout.write(_render(story, to_stdout or "md"))
    return 0


def _render(story: Story, fmt: str) -> str:
    if fmt == "json":
        from ..report.json_report import dumps

        return dumps(story)
    if fmt == "html":
        from ..report.html import to_html

        return to_html(story)
    from ..report.markdown import to_markdown

    return to_markdown(story)
