"""Corpus commands: ``ingest`` and ``stories`` (store), ``cluster`` and ``eval clustering``.

Argument checks, printing and progress only: the workflows are :func:`storytrace.api.ingest`,
:func:`~storytrace.api.cluster` and :func:`~storytrace.api.stories`. Bad inputs and records
are counted by reason with examples, and a run fails (exit 1) only when nothing at all
could be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import api
from ..errors import InputError, StorytraceError
from ..types import ReadReport
from .progress import ProgressBars, print_notes, wanted

__all__ = ["cmd_cluster", "cmd_eval_clustering", "cmd_ingest", "cmd_stories"]


def _say(message: str) -> None:
    print(f"storytrace: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """``storytrace ingest INPUTS --db PATH``: add articles, link near-duplicates."""
    from ..store import IngestStats, default_db_path

    stats = IngestStats()
    report = ReadReport()
    bars = ProgressBars(wanted(args))
    path = default_db_path(args.db)
    try:
        api.ingest(
            args.inputs, args.db, args.settings, bars, stats, report, args.engine, args.address
        )
    except KeyboardInterrupt:
        bars.stop()
        _say(
            f"{path}: stopped; committed so far: {stats.summary()}; "
            "run the same command again to resume"
        )
        raise
    finally:
        bars.stop()
    for reason, examples in sorted(stats.examples.items()):
        for example in examples:
            print(f"  skipped [{reason}] {example}", file=sys.stderr)
        more = stats.skipped[reason] - len(examples)
        if more > 0:
            print(f"  ... and {more:,} more [{reason}]", file=sys.stderr)
    print_notes(report)
    if stats.read == 0:
        exists = "" if isinstance(path, str) or path.exists() else f"; {path} was not created"
        _say(
            "error: no article could be read from these inputs "
            f"(see the skipped inputs above){exists}"
        )
        return 1
    _say(f"{path}: {stats.summary()}")
    total = api.stories(args.db).articles
    _say(f"the store now holds {_count(total, 'article')}")
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    """``storytrace stories --db PATH [--json] [--limit N]``: the stories of a store, largest
    first."""
    listing = api.stories(args.db)
    stories = listing.stories
    limit = getattr(args, "limit", None)
    if limit is not None and limit < 0:
        _say(f"error: --limit {limit}: give a count of stories, 0 or more")
        return 2
    if limit is not None and len(stories) > limit:
        left = len(stories) - limit
        stories = stories[:limit]
        _say(
            f"{listing.path}: the {limit:,} largest of {limit + left:,} stories shown; "
            "--limit to show more"
        )
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
        if stories:
            print("story\tarticles\tdates\tlanguages\toutlets\ttitle")
        for s in stories:
            span = _span(s.first_published, s.last_published)
            langs = ",".join(s.languages) or "-"
            outlets = ", ".join(s.outlets[:3]) + (" ..." if len(s.outlets) > 3 else "")
            print(f"{s.id}\t{s.size}\t{span}\t{langs}\t{outlets or '-'}\t{s.title or '-'}")
    how = f"run 'storytrace cluster --db {listing.path}' to group them"
    if not stories:
        _say(f"{listing.path}: no stories yet ({listing.articles:,} articles in none); {how}")
    elif listing.unassigned:
        _say(f"{listing.path}: {listing.unassigned:,} article(s) are in no story yet; {how}")
    return 0


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "-"
    a, b = first[:10], (last or first)[:10]
    return a if a == b else f"{a}..{b}"


# -- cluster and eval clustering ------------------------------------------------------


def _print_skips(report: ReadReport, limit: int = 3) -> None:
    """Skipped inputs by reason, a few examples each, on stderr."""
    shown: dict[str, int] = {}
    for skip in report.skipped:
        shown[skip.reason] = shown.get(skip.reason, 0) + 1
        if shown[skip.reason] <= limit:
            print(f"  skipped [{skip.reason}] {skip.message}", file=sys.stderr)
    for reason, n in sorted(report.counts().items()):
        if n > limit:
            print(f"  ... and {n - limit:,} more [{reason}]", file=sys.stderr)


def cmd_cluster(args: argparse.Namespace) -> int:
    """``storytrace cluster [INPUTS] [--output FILE] [--db PATH]``: one story id per article;
    without inputs, the store's articles that are in no story yet are clustered. The
    stories stay in the store given with ``--db``; without one, ``--output`` is where they
    go."""
    import time

    if not args.inputs and not args.db:
        default = _default_store()
        if default is None:
            raise StorytraceError(
                "nothing to cluster: give article files, or --db PATH to cluster the articles "
                "of a store (added with 'storytrace ingest FILES --db PATH')"
            )
        # As 'ingest' and 'stories' do: the store they used without --db.
        args.db = default
    if not args.output and not args.db:
        raise StorytraceError(
            "say where the stories go: --output FILE (one JSON line per article), or "
            "--db PATH to keep them in a store"
        )
    started = time.perf_counter()
    bars = ProgressBars(wanted(args))
    try:
        result = api.cluster(args.inputs, args.db, args.settings, bars, args.engine, args.address)
    except api.NothingToClusterError as exc:
        bars.stop()
        _print_skips(exc.report)
        _say("error: no article could be read from these inputs (see the skipped inputs above)")
        return 1
    finally:
        bars.stop()
    where = f"{args.db} (list them: storytrace stories --db {args.db})"
    if args.output:
        _write_assignments(Path(args.output), result.assignments)
        where = args.output
    report = result.read
    skipped = sum(report.counts().values())
    detail = ", ".join(f"{n:,} {r}" for r, n in report.counts().items())
    _say(
        f"{_count(len(result.assignments), 'article')} in "
        f"{_count(result.stories, 'story', 'stories')} -> {where}"
        + (f"; skipped {skipped:,} ({detail})" if skipped else "")
        + f" ({time.perf_counter() - started:.1f} s)"
    )
    _print_skips(report)
    print_notes(report)
    return 0


def _default_store() -> str | None:
    """The store ``ingest`` and ``stories`` use without ``--db`` ($STORYTRACE_DB, else
    ./storytrace.sqlite) when there is one to cluster; None otherwise."""
    import os

    from ..store.store import DEFAULT_DB, ENV_DB

    if os.environ.get(ENV_DB):
        return os.environ[ENV_DB]
    return DEFAULT_DB if Path(DEFAULT_DB).is_file() else None


def _write_assignments(out: Path, assignments: Sequence[tuple[str, str]]) -> None:
    try:
        with out.open("w", encoding="utf-8") as fh:
            for article_id, story in assignments:
                fh.write(json.dumps({"id": article_id, "story": story}, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(str(out), f"cannot write the assignments ({exc.strerror})") from exc


def cmd_eval_clustering(args: argparse.Namespace) -> int:
    """``storytrace eval clustering --input X --gold Y [--label event] [--json]``."""
    bars = ProgressBars(wanted(args))
    try:
        evaluation = api.evaluate_clustering(args.input, args.gold, args.label, args.settings, bars)
    finally:
        bars.stop()
    _print_skips(evaluation.read)
    only_pred, only_gold = evaluation.only_input, evaluation.only_gold
    sides = ((only_pred, args.input, args.gold), (only_gold, args.gold, args.input))
    for ids, here, there in sides:
        if ids:
            # Gold for more articles than the input is normal (scoring one split).
            kind = "warning" if here == args.input else "note"
            _say(
                f"{kind}: {len(ids):,} article id(s) of {here} are missing from "
                f"{there} and are left out of the scores (e.g. {', '.join(ids[:3])})"
            )
    result = evaluation.scores
    if getattr(args, "json", False):
        payload = {
            **result.as_dict(),
            "missing_in_gold": len(only_pred),
            "missing_in_input": len(only_gold),
        }
        json.dump(payload, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"articles scored   {result.articles:,}")
    print(
        f"clusters          {result.predicted_clusters:,} predicted, "
        f"{result.gold_clusters:,} gold ({args.label})"
    )
    print(
        f"B-cubed           P {result.b3_precision:.4f}  R {result.b3_recall:.4f}  "
        f"F1 {result.b3_f1:.4f}"
    )
    print(f"ARI               {result.ari:.4f}")
    print(f"AMI               {result.ami:.4f}")
    return 0


def _count(n: int, word: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``, ``1,204 articles``."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"
