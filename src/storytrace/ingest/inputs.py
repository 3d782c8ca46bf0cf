"""From what the user typed (paths, folders, globs, ``-``) to a stream of articles.

Expansion is done up front so that ids are stable: every input is resolved, duplicates are
dropped (and counted), and file stems shared by several inputs are made unique by adding
folder names, the same way every run. Reading then streams, one input at a time.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import EmptyInputError, InputError, TooLargeError
from ..types import Article, ReadReport
from .readers import InputFile, ReadOptions, match_suffix, reader_for, sniff_format

if TYPE_CHECKING:
    from ..settings import ReadSettings

Policy = Literal["raise", "skip"]
STDIN = "<stdin>"
_GLOB_CHARS = frozenset("*?[")


class NoMatchError(InputError):
    """A glob pattern that matched nothing."""

    reason = "no-match"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One expanded input: a file to read, or why the input could not be expanded."""

    given: str
    file: InputFile | None = None
    key: str = ""
    error: InputError | None = None


def read_options(max_bytes: int | None = None, settings: ReadSettings | None = None) -> ReadOptions:
    """The ``[read]`` settings (the packaged defaults when omitted), with an optional
    ``max_bytes`` override."""
    from ..settings import Settings

    cfg = settings if settings is not None else Settings.default().read
    return ReadOptions(
        max_bytes=max_bytes if max_bytes is not None else cfg.max_bytes,
        max_control_share=cfg.max_control_share,
        min_paragraph_chars=cfg.min_paragraph_chars,
    )


def read_inputs(
    inputs: Sequence[str],
    report: ReadReport,
    policy: Policy = "raise",
    *,
    max_bytes: int | None = None,
    settings: ReadSettings | None = None,
) -> Iterator[Article]:
    """Read articles from files, folders, glob patterns, JSONL files and ``-`` (stdin).

    Args:
        inputs: what to read, in order. Folders are read recursively in sorted order,
            skipping hidden files and folders.
        report: counts the articles read and every input or record skipped, by reason.
        policy: ``raise`` lets the first :class:`InputError` propagate; ``skip`` records it
            in ``report`` and goes on. A path read twice is always skipped as
            ``duplicate-input``, under either policy.
        max_bytes: overrides ``[read] max_bytes`` (the size limit of one article).
        settings: the ``[read]`` table (the packaged defaults when omitted).

    Yields:
        Articles with ``raw`` decoded (for HTML: the extracted main text), stable ids,
        ``source``, ``format``, ``content_hash`` and ``meta`` (``encoding``, ``bytes``).
    """
    if policy not in ("raise", "skip"):
        raise ValueError(f"policy must be 'raise' or 'skip', not {policy!r}")
    seen_ids: dict[str, int] = {}
    for entry in input_shards(inputs, report, max_bytes=max_bytes, settings=settings):
        try:
            for item in read_shard(entry):
                if isinstance(item, InputError):
                    _fail(item, report, policy)
                    continue
                article = _unique_id(item, seen_ids)
                if "id_made_up" in item.meta:
                    report.note(item.source, "missing-id", str(item.meta["id_made_up"]))
                if article is not item:
                    report.note(item.source, "renamed-id", str(article.meta["id_note"]))
                report.articles += 1
                yield article
        except InputError as exc:
            _fail(exc, report, policy)


def read_blobs(
    blobs: Sequence[tuple[str, str, bytes]],
    report: ReadReport,
    policy: Policy = "raise",
    *,
    settings: ReadSettings | None = None,
) -> Iterator[Article]:
    """Read articles from bytes already in memory (pages a server fetched), each given as
    ``(source, name, data)``: ``name``'s suffix picks the reader and its stem is the id,
    as if the bytes were a file of that name; no file is written or read back."""
    options = read_options(None, settings)
    seen_ids: dict[str, int] = {}
    for source, name, data in blobs:
        entry = _Entry(source, InputFile(source, _stem(Path(name)), data=data, options=options))
        try:
            for item in read_shard(entry, name):
                if isinstance(item, InputError):
                    _fail(item, report, policy)
                    continue
                article = _unique_id(item, seen_ids)
                report.articles += 1
                yield article
        except InputError as exc:
            _fail(exc, report, policy)


def input_shards(
    inputs: Sequence[str],
    report: ReadReport,
    *,
    max_bytes: int | None = None,
    settings: ReadSettings | None = None,
) -> list[_Entry]:
    """The expanded inputs in reading order, one shard each (a distributed engine reads
    them apart and puts their articles back in this order)."""
    return _assign_ids(_expand(inputs, read_options(max_bytes, settings), report))


def read_shard(entry: _Entry, name: str = "") -> Iterator[Article | InputError]:
    """The articles of one expanded input, and its bad records as errors (ids not yet
    made unique across the run: see :func:`unique_id`); raises an unreadable input."""
    if entry.error is not None:
        raise entry.error
    assert entry.file is not None
    try:
        f = _load_stdin(entry.file) if entry.file.source == STDIN else entry.file
        yield from reader_for(f.path.name if f.path else name)(f)
    except InputError:
        raise
    except Exception as exc:
        # lxml, trafilatura, warcio, feedparser and gzip raise their own errors on hostile
        # input; one bad file must not end a batch with a traceback.
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise InputError(
            entry.file.source, f"the reader failed on it ({detail}); check or re-create the file"
        ) from exc


def _fail(exc: InputError, report: ReadReport, policy: Policy) -> None:
    if policy == "raise":
        raise exc
    report.skip(exc.source, exc.reason, exc.detail)


def _unique_id(article: Article, seen: dict[str, int]) -> Article:
    """Ids must be unique within a run: a repeated JSONL id gets ``#2``, ``#3`` ..."""
    new_id, note = unique_id(article.id, seen)
    if note is None:
        return article
    meta = dict(article.meta)
    meta["id_note"] = note
    return replace(article, id=new_id, meta=meta)


def unique_id(article_id: str, seen: dict[str, int]) -> tuple[str, str | None]:
    """The id to use for the next article read with ``article_id``, and why it changed."""
    n = seen.get(article_id, 0) + 1
    seen[article_id] = n
    if n == 1:
        return article_id, None
    new_id = f"{article_id}#{n}"
    seen[new_id] = 1
    return new_id, f"id '{article_id}' was already used in this run; renamed '{new_id}'"


def _expand(inputs: Sequence[str], options: ReadOptions, report: ReadReport) -> list[_Entry]:
    entries: list[_Entry] = []
    first_seen: dict[str, str] = {}

    def add(given: str, path: Path | None) -> None:
        key = STDIN if path is None else os.path.realpath(path)
        if key in first_seen:
            where = first_seen[key]
            report.skip(str(path or STDIN), "duplicate-input", f"already read as {where}")
            return
        source = STDIN if path is None else str(path)
        first_seen[key] = source
        f = InputFile(source=source, stem=_stem(path), path=path, options=options)
        entries.append(_Entry(given, f, key))

    for given in inputs:
        if given == "-":
            add(given, None)
            continue
        path = Path(given)
        if path.is_dir():
            found = _walk(path)
            if not found:
                entries.append(
                    _Entry(given, error=EmptyInputError(given, "folder holds no files to read"))
                )
            for p in found:
                add(given, p)
        elif path.exists() or path.is_symlink():
            add(given, path)
        elif _GLOB_CHARS & set(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                msg = "this pattern matched no files; check it (and quote it for the shell)"
                entries.append(_Entry(given, error=NoMatchError(given, msg)))
            for m in matches:
                mp = Path(m)
                for p in _walk(mp) if mp.is_dir() else [mp]:
                    add(given, p)
        elif given.lower().startswith(("http://", "https://")):
            # Corpus mode takes feed URLs before this point; a page URL here would
            # otherwise be reported as a missing file.
            msg = (
                "a web address, and this command reads files: save the page first "
                f"(curl -L -o page.html '{given}') and pass the file; 'storytrace ingest' "
                "and 'storytrace cluster' take feed URLs"
            )
            entries.append(_Entry(given, error=InputError(given, msg)))
        else:
            msg = "no such file or folder; check the path"
            entries.append(_Entry(given, error=InputError(given, msg)))
    return entries


def _walk(folder: Path) -> list[Path]:
    """Every non-hidden file under ``folder``, in a sorted, platform-independent order."""
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out.extend(Path(root, name) for name in files if not name.startswith("."))
    # Sort by path components, as `find | sort` would: a/one.txt, b/two.txt, zero.txt.
    return sorted(out, key=lambda p: p.relative_to(folder).parts)


def _stem(path: Path | None) -> str:
    if path is None:
        return "stdin"
    suffix = match_suffix(path.name)
    if suffix:
        return path.name[: -len(suffix)]
    return path.stem or path.name


def _assign_ids(entries: list[_Entry]) -> list[_Entry]:
    """Make stems unique: files sharing a stem get as many parent folders as needed."""
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        if e.file is not None and e.file.path is not None:
            groups.setdefault(e.file.stem, []).append(i)
    out = list(entries)
    for stem, members in groups.items():
        if len(members) < 2:
            continue
        paths = [Path(os.path.realpath(entries[i].key)) for i in members]
        names = _distinct_names(stem, paths)
        for i, name in zip(members, names, strict=True):
            f = entries[i].file
            assert f is not None
            note = f"{len(members)} inputs share the file stem '{stem}'; id uses its folder"
            out[i] = replace(entries[i], file=replace(f, stem=name, id_note=note))
    return out


def _distinct_names(stem: str, paths: list[Path]) -> list[str]:
    depth = max(len(p.parts) for p in paths)
    for k in range(1, depth):
        names = ["/".join([*p.parent.parts[-k:], stem]) for p in paths]
        if len(set(names)) == len(names):
            return names
    # Same folder, same stem, different suffixes (a.txt, a.html): keep the file name.
    for k in range(1, depth):
        names = ["/".join([*p.parent.parts[-k:], p.name]) for p in paths]
        if len(set(names)) == len(names):
            return names
    return [str(p) for p in paths]


def _load_stdin(f: InputFile) -> InputFile:
    """Read standard input (bytes) once; JSONL is read whole, other input up to the limit."""
    stream = sys.stdin.buffer
    head = stream.read(f.options.max_bytes + 1)
    if len(head) > f.options.max_bytes and sniff_format(head) != "jsonl":
        raise TooLargeError(
            STDIN,
            f"more than {f.options.max_bytes:,} bytes ([read] max_bytes); save it to a file "
            "and split it, or raise the limit with --config",
        )
    data = head + stream.read() if len(head) > f.options.max_bytes else head
    return replace(f, data=data)
