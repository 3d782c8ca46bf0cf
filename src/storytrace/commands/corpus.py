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
            self._progress = None


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
            store.add_articles(
                corpus_articles(args.inputs, report),
                report=report,
                progress=lambda read, added: bar.update(read, added, time.perf_counter() - started),
                stats=stats,
            )
        except KeyboardInterrupt:
            bar.stop()
            print(
                f"storytrace: {store.path}: stopped; committed so far: {stats.summary()}; "
                "run the same command again to resume",
                file=sys.stderr,
            )
            raise
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
        if stories:
            print("story\tarticles\tdates\tlanguages\toutlets\ttitle")
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


# -- cluster and eval clustering ------------------------------------------------------

CLUSTER_STATE_KEY = "cluster.stories/1"
CLUSTER_CHANGES_KEY = "cluster.changes/1"  # JSON list of story merges and splits


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


def _cluster_bar(enabled: bool, total: int) -> tuple[Any, Any]:
    """A rich progress bar on stderr and its task, or ``(None, None)``."""
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("cluster"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("cluster", total=total)
    bar.start()
    return bar, task


def cluster_articles(
    articles: Sequence[Article],
    db: str | None,
    progress: bool = False,
) -> list[tuple[str, str]]:
    """Store ``articles`` (in ``db``, else a temporary store), continue the store's cluster
    state with them, save the assignments; return ``(input id, story id)`` in order."""
    import tempfile

    from ..cluster.features import Record
    from ..cluster.refine import cluster_stories
    from ..cluster.stories import ClusterSettings, ClusterState
    from ..store import Store

    settings = ClusterSettings.from_config()
    with (
        tempfile.TemporaryDirectory(prefix="storytrace-") as tmp,
        Store(db or str(Path(tmp) / "cluster.sqlite")) as store,
    ):
        store.add_articles(iter(articles))
        # An input id the store already holds for another text is stored as id~hash8:
        # cluster (and save) under the stored id, so no other article's story is touched.
        renamed = {a.id: f"{a.id}~{a.content_hash[:8]}" for a in articles}
        wanted = set(renamed) | set(renamed.values())
        stored: dict[str, tuple[str, str | None]] = {}
        for batch in store.iter_records():
            stored.update((r.id, (r.hash, r.language)) for r in batch if r.id in wanted)
        ids = {
            a.id: a.id
            if stored.get(a.id, (a.content_hash,))[0] == a.content_hash
            or renamed[a.id] not in stored
            else renamed[a.id]
            for a in articles
        }
        blob = store.get_state(CLUSTER_STATE_KEY)
        where = f"{store.path} (cluster state)"
        state = ClusterState.from_bytes(blob, where) if blob is not None else None
        # The store guessed a language for articles whose input named none.
        records = [
            Record(
                ids[a.id],
                a.title,
                a.raw,
                a.language or stored.get(ids[a.id], ("", None))[1],
                a.published,
            )
            for a in articles
        ]
        bar, task = _cluster_bar(progress, len(records))
        try:
            # Incremental assignment, then refinement of this batch (splits and merges,
            # story ids kept stable: docs/clustering.md).
            pairs, changes, state = cluster_stories(
                records,
                settings,
                state=state,
                progress=None if bar is None else lambda n: bar.advance(task, n),
            )
        finally:
            if bar is not None:
                bar.stop()
        store.save_assignments({k: v for k, v in pairs if k in stored})
        store.refresh_stories({story for _, story in pairs})
        store.set_state(CLUSTER_STATE_KEY, state.to_bytes())
        if changes:
            # Merges and splits, appended run after run, so a user can follow a story.
            old = store.get_state(CLUSTER_CHANGES_KEY)
            log = json.loads(old) if old else []
            log.extend({"kind": c.kind, "story": c.story, "source": c.source,
                        "articles": c.articles} for c in changes)  # fmt: skip
            store.set_state(CLUSTER_CHANGES_KEY, json.dumps(log).encode("utf-8"))
    return [(a.id, story) for a, (_, story) in zip(articles, pairs, strict=True)]


def cmd_cluster(args: argparse.Namespace) -> int:
    """``storytrace cluster INPUTS --output FILE [--db PATH]``: one story id per article."""
    import time

    started = time.perf_counter()
    report = ReadReport()
    articles = list(corpus_articles(args.inputs, report))
    if not articles:
        _print_skips(report)
        print(
            "storytrace: error: no article could be read from these inputs "
            "(see the skipped inputs above)",
            file=sys.stderr,
        )
        return 1
    show = not args.no_progress and sys.stderr.isatty() and len(articles) >= 100
    pairs = cluster_articles(articles, args.db, progress=show)
    out = Path(args.output)
    try:
        with out.open("w", encoding="utf-8") as fh:
            for article_id, story in pairs:
                fh.write(json.dumps({"id": article_id, "story": story}, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError(str(out), f"cannot write the assignments ({exc.strerror})") from exc
    stories = len({s for _, s in pairs})
    skipped = sum(report.counts().values())
    seconds = time.perf_counter() - started
    detail = ", ".join(f"{n:,} {r}" for r, n in report.counts().items())
    print(
        f"storytrace: {len(pairs):,} articles in {stories:,} stories -> {out}"
        + (f"; skipped {skipped:,} ({detail})" if skipped else "")
        + f" ({seconds:.1f} s)",
        file=sys.stderr,
    )
    _print_skips(report)
    return 0


def _input_kind(path: Path) -> str:
    """``assignments`` when the first record has ``id`` + ``story``, else ``articles``."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        return "articles"  # the reader reports the bad line
                    if isinstance(rec, dict) and "story" in rec and "text" not in rec:
                        return "assignments"
                    return "articles"
    except FileNotFoundError as exc:
        raise InputError(str(path), "no such input file; check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the input ({exc})") from exc
    raise InputError(str(path), "the input file is empty")


def cmd_eval_clustering(args: argparse.Namespace) -> int:
    """``storytrace eval clustering --input X --gold Y [--label event] [--json]``."""
    from ..cluster.evaluate import read_labels, score

    gold = read_labels(Path(args.gold), args.label, "gold")
    path = Path(args.input)
    if _input_kind(path) == "assignments":
        pred = read_labels(path, "story", "assignments")
    else:
        report = ReadReport()
        articles = list(corpus_articles([args.input], report))
        _print_skips(report)
        if not articles:
            raise InputError(args.input, "no article could be read to cluster")
        pred = dict(cluster_articles(articles, None, progress=sys.stderr.isatty()))
    only_pred = sorted(set(pred) - set(gold))
    only_gold = sorted(set(gold) - set(pred))
    sides = ((only_pred, args.input, args.gold), (only_gold, args.gold, args.input))
    for ids, here, there in sides:
        if ids:
            # Gold for more articles than the input is normal (scoring one split).
            kind = "warning" if here == args.input else "note"
            print(
                f"storytrace: {kind}: {len(ids):,} article id(s) of {here} are missing from "
                f"{there} and are left out of the scores (e.g. {', '.join(ids[:3])})",
                file=sys.stderr,
            )
    if len(only_pred) == len(pred):
        raise InputError(
            args.input,
            f"no article id in common with {args.gold}; are these the same articles?",
        )
    result = score(pred, gold)
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
