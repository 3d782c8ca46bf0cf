"""Corpus commands: ``ingest`` and ``stories`` (store), ``cluster`` and ``eval clustering``.

``ingest`` reads with ``policy="skip"``: bad inputs and records are counted by reason with
examples, and the run fails (exit 1) only when nothing at all could be read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Article, ReadReport

_URL_PREFIXES = ("http://", "https://")
_COUNTED = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_UNKNOWN_SIZE = (".warc", ".warc.gz", ".rss", ".atom", ".xml")


def corpus_articles(inputs: Sequence[str], report: ReadReport) -> Iterator[Article]:
    """Articles of files, folders, globs, ``-`` and feed URLs (``policy="skip"``)."""
    from ..ingest import read_inputs

    paths = [i for i in inputs if not i.lower().startswith(_URL_PREFIXES)]
    urls = [i for i in inputs if i.lower().startswith(_URL_PREFIXES)]
    if paths:
        yield from read_inputs(paths, report, policy="skip")
    if urls:
        from ..ingest.feeds import read_feed_url

        for url in urls:
            for item in read_feed_url(url):
                if isinstance(item, InputError):
                    report.skip(item.source, item.reason, item.detail)
                else:
                    report.articles += 1
                    yield item


def _count_lines(path: Path) -> int:
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
    except (OSError, EOFError, zlib.error):
        pass  # the reader reports the damage; the estimate just stays low
    return n


def estimate_total(inputs: Sequence[str]) -> int | None:
    """About how many articles the inputs hold (for the ETA), or None when unknowable."""
    import glob

    total = 0
    for given in inputs:
        if given == "-" or given.lower().startswith(_URL_PREFIXES):
            return None
        p = Path(given)
        files = (
            [f for f in p.rglob("*") if f.is_file()]
            if p.is_dir()
            else [Path(m) for m in glob.glob(given, recursive=True)]
        )
        for f in files:
            name = f.name.lower()
            if name.endswith(_UNKNOWN_SIZE):
                return None
            total += _count_lines(f) if name.endswith(_COUNTED) else 1
    return total or None


class _Bar:
    """A rich progress bar on stderr with rate and ETA; a no-op when switched off."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self._progress: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]} articles/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("ingest", total=total, rate="-")
        self._progress.start()

    def update(self, read: int, added: int, seconds: float) -> None:
        if self._progress is not None:
            rate = f"{read / seconds:,.0f}" if seconds > 0 else "-"
            self._progress.update(self._task, completed=read, rate=rate)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()


def cmd_ingest(args: argparse.Namespace) -> int:
    """``storytrace ingest INPUTS --db PATH``: add articles, link near-duplicates."""
    import time

    from ..store import IngestStats, Store

    report = ReadReport()
    show = not args.no_progress and sys.stderr.isatty()
    started = time.perf_counter()
    with Store(args.db) as store:
        bar = _Bar(show, estimate_total(args.inputs) if show else None)
        stats = IngestStats()
        try:
            stats = store.add_articles(
                corpus_articles(args.inputs, report),
                report=report,
                progress=lambda read, added: bar.update(read, added, time.perf_counter() - started),
            )
        finally:
            bar.stop()
        print(f"storytrace: {store.path}: {stats.summary()}", file=sys.stderr)
        for reason, examples in sorted(stats.examples.items()):
            for example in examples:
                print(f"  skipped [{reason}] {example}", file=sys.stderr)
            more = stats.skipped[reason] - len(examples)
            if more > 0:
                print(f"  ... and {more:,} more [{reason}]", file=sys.stderr)
        total = store.count()
    print(f"storytrace: the store now holds {total:,} articles", file=sys.stderr)
    if stats.read == 0:
        print(
            "storytrace: error: no article could be read from these inputs "
            "(see the skipped inputs above)",
            file=sys.stderr,
        )
        return 1
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """``storytrace stories --db PATH [--json]``: the stories of a store, largest first."""
    from ..store import Store

    with Store(args.db, readonly=True) as store:
        stories = store.stories()
        articles = store.count()
        path = store.path
    if args.json:
        out = [
            {
                "id": s.id,
                "size": s.size,
                "title": s.title,
                "first_published": s.first_published,
                "last_published": s.last_published,
                "languages": list(s.languages),
                "outlets": list(s.outlets),
                "updated_at": s.updated_at,
            }
            for s in stories
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for s in stories:
            span = _span(s.first_published, s.last_published)
            langs = ",".join(s.languages) or "-"
            outlets = ", ".join(s.outlets[:3]) + (" ..." if len(s.outlets) > 3 else "")
            print(f"{s.id}\t{s.size}\t{span}\t{langs}\t{outlets or '-'}\t{s.title or '-'}")
    if not stories:
        print(
            f"storytrace: {path}: no stories yet ({articles:,} articles); "
            "run 'storytrace cluster' to group them",
            file=sys.stderr,
        )
    return 0


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    a, b = first[:10], (last or first)[:10]
    return a if a == b else f"{a}..{b}"
