"""``storytrace inspect`` and ``storytrace clean``: look at articles one by one.

Both read with ``policy="skip"``: a bad input is counted and listed on stderr, and the run
fails (exit 1) only when no article at all could be read.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, StorytraceError
from ..progress import ProgressFn
from ..settings import Settings
from ..types import Article, ReadReport, Removed
from .progress import ProgressBars, print_notes, wanted

_UNSAFE = re.compile(r"[^\w.#-]+")


def load(
    inputs: list[str],
    report: ReadReport,
    settings: Settings | None = None,
    progress: ProgressFn | None = None,
) -> list[Article]:
    """Read and prepare every article; inputs that fail either step are skipped.
    ``progress`` hears each article's cleaning steps (a long text takes seconds a step)."""
    from .. import api

    out: list[Article] = []
    for article in api.read_articles(inputs, report, "skip", settings):
        try:
            out.append(api.prepare(article, settings, progress))
        except InputError as exc:
            report.articles -= 1
            report.skip(exc.source, exc.reason, exc.detail)
    return out


def _load_with_bars(args: argparse.Namespace, report: ReadReport) -> list[Article]:
    """:func:`load` with live progress bars on a terminal (unless ``--no-progress``)."""
    bars = ProgressBars(wanted(args))
    try:
        return load(list(args.inputs), report, args.settings, bars)
    finally:
        bars.stop()


def summarize(report: ReadReport, articles: int) -> None:
    """One summary line on stderr, then one line per skipped input."""
    counts = report.counts()
    line = f"storytrace: {articles} article{'s' if articles != 1 else ''} read"
    if counts:
        total = sum(counts.values())
        by_reason = ", ".join(f"{reason}: {n}" for reason, n in counts.items())
        line += f"; {total} skipped ({by_reason})"
    print(line, file=sys.stderr)
    for skip in report.skipped:
        print(f"  skipped {skip.source} [{skip.reason}]: {skip.message}", file=sys.stderr)
    print_notes(report)


def _nothing_read(report: ReadReport) -> int:
    """Exit 1 with one line: the single skip itself, or after the list of skips."""
    if len(report.skipped) == 1:
        skip = report.skipped[0]
        print(f"storytrace: error: {skip.source}: {skip.message}", file=sys.stderr)
        return 1
    summarize(report, 0)
    print(
        "storytrace: error: no article could be read from these inputs (see the skips above)",
        file=sys.stderr,
    )
    return 1


def article_dict(a: Article) -> dict[str, Any]:
    """What ``inspect --json`` shows of one prepared article."""
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "author": a.author,
        "published": a.published,
        "language": a.language,
        "url": a.url,
        "format": a.format,
        "source": a.source,
        "content_hash": a.content_hash,
        "chars": len(a.raw),
        "encoding": a.meta.get("encoding"),
        "paragraphs": len(a.paragraphs),
        "sentences": len(a.sentences),
        "sentence_list": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "language": s.language or a.language,
                "text": s.text,
            }
            for s in a.sentences
        ],
        # HTML offsets are into the extracted main text, which is what ``raw`` holds.
        "offsets_into": "extracted text" if a.format == "html" else "decoded input",
        # What every offset (here and in reports) points into: for a web page, no other
        # command prints the extracted text as it was before cleaning.
        "raw": a.raw,
        "removed": [
            {"text": r.text, "reason": r.reason, "start": r.start, "end": r.end} for r in a.removed
        ],
    }


def _short(text: str, n: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"


def _table(articles: list[Article]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=True)
    for col in ("id", "title", "outlet", "published", "lang", "sentences", "removed"):
        table.add_column(col, justify="right" if col == "sentences" else "left")
    for a in articles:
        removed = "\n".join(_removed_lines(a.removed)) or "-"
        table.add_row(
            a.id,
            a.title or "-",
            a.outlet or "-",
            a.published or "-",
            a.language or "-",
            str(len(a.sentences)),
            removed,
        )
    Console(file=sys.stdout, width=max(120, Console().width)).print(table)


def _removed_lines(removed: Sequence[Removed]) -> list[str]:
    """One table line per run of consecutive spans with the same reason (a doubled body is
    one block of many lines); ``--json`` keeps every span."""
    out: list[str] = []
    for reason, run in itertools.groupby(removed, key=lambda r: r.reason):
        spans = list(run)
        if len(spans) == 1:
            out.append(f"{reason}: {_short(spans[0].text)}")
        else:
            chars = sum(r.end - r.start for r in spans)
            out.append(f"{reason} ({len(spans)} lines, {chars} chars): {_short(spans[0].text)}")
    return out


def cmd_inspect(args: argparse.Namespace) -> int:
    """Show metadata, language, sentence counts and removed junk of each article."""
    report = ReadReport()
    articles = _load_with_bars(args, report)
    if getattr(args, "json", False):
        json.dump([article_dict(a) for a in articles], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif articles:
        _table(articles)
    if not articles:
        return _nothing_read(report)
    summarize(report, len(articles))
    return 0


def _several(inputs: list[str]) -> bool:
    """Whether the inputs name more than one file before anything is read (several
    arguments, a folder, a glob pattern)."""
    if len(inputs) > 1:
        return True
    given = inputs[0] if inputs else "-"
    return given != "-" and (Path(given).is_dir() or (not Path(given).exists() and "*" in given))


def safe_name(article_id: str) -> str:
    """A file name for an id: path separators and other odd characters become ``_``."""
    return _UNSAFE.sub("_", article_id).strip("._") or "article"


def cmd_clean(args: argparse.Namespace) -> int:
    """Print the clean text of one article, or write ``<id>.txt`` per article with --out."""
    if getattr(args, "out", None) is None and _several(list(args.inputs)):
        raise StorytraceError(
            "several inputs give several clean texts: add --out DIR to write one .txt file "
            "per article (without --out, give one article)"
        )
    report = ReadReport()
    articles = []
    for a in _load_with_bars(args, report):
        if a.text.strip():
            articles.append(a)
            continue
        # Everything was junk: there is no clean text to print, so it is a skip, not "".
        report.articles -= 1
        report.skip(
            a.source,
            "empty-after-cleaning",
            f"nothing left after cleaning ({len(a.removed)} spans removed); "
            "run 'storytrace inspect' on it to see why",
        )
    out_dir = getattr(args, "out", None)
    if not articles:
        return _nothing_read(report)
    if out_dir is None:
        if len(articles) > 1:
            summarize(report, len(articles))
            print(
                f"storytrace: error: {len(articles)} articles read; use --out DIR to write "
                "one .txt file per article",
                file=sys.stderr,
            )
            return 1
        sys.stdout.write(articles[0].text.rstrip("\n") + "\n")
        if report.skipped:
            summarize(report, 1)
        return 0
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorytraceError(
            f"{folder}: cannot create the output folder ({exc.strerror}); choose another --out"
        ) from exc
    used: set[str] = set()
    for a in articles:
        name = safe_name(a.id)
        base, n = name, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        target = folder / f"{name}.txt"
        try:
            target.write_text(a.text.rstrip("\n") + "\n", encoding="utf-8")
        except OSError as exc:
            raise StorytraceError(f"{target}: cannot write it ({exc.strerror})") from exc
    summarize(report, len(articles))
    print(f"storytrace: wrote {len(articles)} clean text files to {folder}", file=sys.stderr)
    return 0
