"""One reader per input format, chosen by file suffix through :data:`READERS`.

A reader takes an :class:`InputFile` and yields :class:`Article` objects. A problem with the
whole input is *raised* as an :class:`InputError`; a problem with one record of a container
(a JSONL line, a WARC record, a feed entry) is *yielded* as an :class:`InputError` so that
the caller can count it and still read the other records.

Formats: ``Article.format`` names the body kind (``text`` or ``html``); inputs that hold
several articles record their container in ``meta["container"]`` (``jsonl``, ...).
"""

from __future__ import annotations

import gzip
import importlib
import io
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from ..errors import EmptyInputError, InputError, RecordError, TooLargeError
from ..types import Article
from .decode import content_hash, decode_bytes
from .html import extract_page, iso_date, looks_like_html

Item = Article | InputError
Reader = Callable[["InputFile"], Iterable[Item]]

_GZIP_MAGIC = b"\x1f\x8b"
_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_SNIFF_BYTES = 65_536


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """The ``[read]`` settings a reader needs."""

    max_bytes: int = 20_000_000
    max_control_share: float = 0.02
    min_paragraph_chars: int = 60


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input to read: a file on disk, or bytes already read (standard input).

    ``stem`` is the base of the ids of its articles: the file stem, made unique across the
    run (``parent/stem``) when two inputs share one; ``id_note`` then says so.
    """

    source: str
    stem: str
    path: Path | None = None
    data: bytes | None = None
    options: ReadOptions = ReadOptions()
    id_note: str | None = None

    def size(self) -> int:
        """Size in bytes, without reading the file."""
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        try:
            return self.path.stat().st_size
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    def read_bytes(self) -> bytes:
        """All bytes of a single-article input; refuses inputs over ``max_bytes`` unread."""
        size = self.size()
        if size > self.options.max_bytes:
            raise TooLargeError(
                self.source,
                f"{size:,} bytes is over the limit of {self.options.max_bytes:,} "
                "([read] max_bytes); split it, or raise the limit with --config",
            )
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    def head(self, n: int = _SNIFF_BYTES) -> bytes:
        """The first ``n`` bytes, for sniffing the format."""
        if self.data is not None:
            return self.data[:n]
        assert self.path is not None
        try:
            with self.path.open("rb") as fh:
                return fh.read(n)
        except OSError as exc:
            raise os_error(self.source, exc) from exc

    @contextmanager
    def stream(self) -> Iterator[IO[bytes]]:
        """A binary stream of the input, gunzipped when it starts with the gzip magic."""
        raw: IO[bytes]
        if self.data is not None:
            raw = io.BytesIO(self.data)
        else:
            assert self.path is not None
            try:
                raw = self.path.open("rb")
            except OSError as exc:
                raise os_error(self.source, exc) from exc
        with raw:
            magic = raw.read(2)
            raw.seek(0)
            if magic == _GZIP_MAGIC:
                with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                    yield cast(IO[bytes], unzipped)
            else:
                yield raw

    def article(self, raw: str, *, nbytes: int, encoding: str, **fields: Any) -> Article:
        """An :class:`Article` with id, source, hash and the common meta filled in."""
        meta: dict[str, Any] = {"encoding": encoding, "bytes": nbytes}
        meta.update(fields.pop("meta", {}))
        if self.id_note and "id" not in fields:
            meta["id_note"] = self.id_note
        fields.setdefault("id", self.stem)
        fields.setdefault("source", self.source)
        return Article(raw=raw, content_hash=content_hash(raw), meta=meta, **fields)


def os_error(source: str, exc: OSError) -> InputError:
    """An :class:`InputError` carrying the operating system's reason."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError):
        return InputError(source, f"is a folder, not a file ({reason}); pass the folder itself")
    return InputError(source, f"cannot read it ({reason}); check the path and its permissions")


# --- text and HTML ------------------------------------------------------------------


def read_text(f: InputFile) -> Iterator[Item]:
    """A plain-text article: the decoded file is ``raw``."""
    data = f.read_bytes()
    decoded = decode_bytes(data, f.source, f.options.max_control_share)
    yield f.article(decoded.text, nbytes=len(data), encoding=decoded.encoding, format="text")


def read_html(f: InputFile) -> Iterator[Item]:
    """A saved web page: ``raw`` is trafilatura's main text, one paragraph per line."""
    data = f.read_bytes()
    m = _CHARSET.search(data[:_SNIFF_BYTES])
    declared = m.group(1).decode("ascii", "replace") if m else None
    decoded = decode_bytes(data, f.source, f.options.max_control_share, declared)
    page = extract_page(decoded.text, f.source, None, f.options.min_paragraph_chars)
    yield f.article(
        page.text,
        nbytes=len(data),
        encoding=decoded.encoding,
        format="html",
        title=page.title,
        author=page.author,
        outlet=page.outlet,
        published=page.published,
        language=page.language,
        url=page.url,
        meta={"html_chars": page.html_chars},
    )


# --- JSONL --------------------------------------------------------------------------

_OPTIONAL = ("title", "url", "outlet", "published", "language", "author")


def read_jsonl(f: InputFile) -> Iterator[Item]:
    """One article per line: ``id``, ``text`` or ``html``, and optional metadata.

    ``max_bytes`` applies to each line (one article), not to the file: a JSONL file is a
    corpus. A record without ``id`` gets ``<stem>:<line>``. Bad lines are yielded as
    :class:`RecordError` naming ``file:line``; the other lines are still read.
    """
    records = 0
    line_no = 0
    try:
        with f.stream() as stream:
            for line_no, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                records += 1
                try:
                    yield _record(f, line, line_no)
                except InputError as exc:
                    yield exc
    except (OSError, EOFError, zlib.error) as exc:
        # A truncated or corrupt gzip stream: what was read so far stands.
        yield InputError(
            f.source,
            f"cannot read past line {line_no} ({exc}); re-create or re-download the file",
        )
        return
    if records == 0:
        raise EmptyInputError(f.source, "holds no JSONL records; add one JSON object per line")


def _record(f: InputFile, line: bytes, line_no: int) -> Article:
    where = f"{f.source}:{line_no}"
    if len(line) > f.options.max_bytes:
        raise TooLargeError(
            where,
            f"this record is {len(line):,} bytes, over the limit of {f.options.max_bytes:,} "
            "([read] max_bytes); split it, or raise the limit with --config",
        )
    if line_no == 1 and line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    decoded = decode_bytes(line, where, f.options.max_control_share)
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line"
        ) from exc
    if not isinstance(obj, dict):
        raise RecordError(
            where,
            f"a JSON {type(obj).__name__}, not an object with 'id' and 'text' or 'html'",
        )
    record_id = obj.get("id")
    if record_id is None:
        article_id = f"{f.stem}:{line_no}"
    elif isinstance(record_id, str) and record_id.strip():
        article_id = record_id.strip()
    elif isinstance(record_id, int) and not isinstance(record_id, bool):
        article_id = str(record_id)
    else:
        raise RecordError(
            where, f"'id' must be a non-empty string or an integer, not {record_id!r}"
        )
    fields: dict[str, Any] = {}
    for key in _OPTIONAL:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise RecordError(where, f"'{key}' must be a string, not {type(value).__name__}")
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    body_key = "text" if obj.get("text") is not None else "html"
    body = obj.get(body_key)
    if body is None:
        raise RecordError(where, "has neither 'text' nor 'html'; give the article body in one")
    if not isinstance(body, str):
        raise RecordError(where, f"'{body_key}' must be a string, not {type(body).__name__}")
    if not body.strip():
        raise EmptyInputError(where, f"'{body_key}' is empty; remove the line or add text")
    meta: dict[str, Any] = {"container": "jsonl", "line": line_no}
    extra = {k: v for k, v in obj.items() if k not in {"id", "text", "html", *_OPTIONAL}}
    if extra:
        meta["fields"] = extra
    if "published" in fields:
        meta["published_given"] = fields["published"]
        fields["published"] = iso_date(fields["published"]) or fields["published"]
    if body_key == "html":
        page = extract_page(body, where, fields.get("url"), f.options.min_paragraph_chars)
        meta["html_chars"] = page.html_chars
        for key, value in (
            ("title", page.title),
            ("author", page.author),
            ("outlet", page.outlet),
            ("published", page.published),
            ("language", page.language),
        ):
            if value and key not in fields:
                fields[key] = value
        raw = page.text
    else:
        raw = body
    return f.article(
        raw,
        nbytes=len(line),
        encoding=decoded.encoding,
        id=article_id,
        source=where,
        format=body_key,
        meta=meta,
        **fields,
    )


# --- inputs with no known suffix -----------------------------------------------------


def sniff_format(head: bytes) -> str:
    """``html``, ``jsonl`` or ``text`` from an input's first bytes."""
    if head.startswith(_GZIP_MAGIC):
        return "jsonl"  # the only gzipped single-stream format read without a suffix
    if looks_like_html(head):
        return "html"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            obj = json.loads(first)
        except ValueError:
            return "text"
        if isinstance(obj, dict) and ("text" in obj or "html" in obj):
            return "jsonl"
    return "text"


def read_sniffed(f: InputFile) -> Iterator[Item]:
    """An input with an unknown suffix (or stdin): look at its first bytes."""
    kind = sniff_format(f.head())
    reader = {"html": read_html, "jsonl": read_jsonl}.get(kind, read_text)
    yield from reader(f)


def lazy_reader(module: str, name: str) -> Reader:
    """A reader imported on first use, so optional formats cost nothing at start-up."""

    def read(f: InputFile) -> Iterable[Item]:
        func: Reader = getattr(importlib.import_module(module), name)
        return func(f)

    read.__name__ = name
    return read


# Suffix -> reader. Matching is by the longest suffix, case-insensitive, so ".jsonl.gz"
# wins over ".gz". Anything not listed is sniffed (HTML, JSONL, else text).
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".ndjson.gz": read_jsonl,
    # Corpus formats (ingest/warc.py, ingest/feeds.py) plug in here, one line each, imported
    # on first use so warcio and feedparser cost nothing when unused. Other modules can also
    # call register_reader(suffix, reader).
    ".warc": lazy_reader("storytrace.ingest.warc", "read_warc"),
    ".warc.gz": lazy_reader("storytrace.ingest.warc", "read_warc"),
    ".rss": lazy_reader("storytrace.ingest.feeds", "read_feed"),
    ".atom": lazy_reader("storytrace.ingest.feeds", "read_feed"),
    ".xml": lazy_reader("storytrace.ingest.feeds", "read_feed"),
}


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` (e.g. ``".warc.gz"``) with ``reader``."""
    READERS[suffix.lower()] = reader


def match_suffix(name: str) -> str | None:
    """The longest registered suffix ``name`` ends with, or None."""
    lowered = name.lower()
    best: str | None = None
    for suffix in READERS:
        longer = best is None or len(suffix) > len(best)
        if longer and lowered.endswith(suffix) and len(lowered) > len(suffix):
            best = suffix
    return best


def reader_for(name: str) -> Reader:
    """The reader for a file name: by suffix, else the sniffing reader."""
    suffix = match_suffix(name)
    return READERS[suffix] if suffix else read_sniffed
