"""One reader per input format, chosen by file suffix through :data:`READERS`.

A reader takes an :class:`InputFile` and yields :class:`Article` objects. A problem with the
whole input is *raised* as an :class:`InputError`; a problem with one record of a container
(a JSONL line, a WARC record, a feed entry) is *yielded* as an :class:`InputError` so that
the caller can count it and still read the other records.

Formats: ``Article.format`` names the body kind (``text`` or ``html``); inputs that hold
several articles record their container in ``meta["container"]`` (``jsonl``, ...).
"""

import importlib
import json
import re
from collections.abc import Iterable, Iterator

from ..errors import UnsupportedFormatError
from .base import GZIP_MAGIC, SNIFF_BYTES, InputFile, Item, Reader, ReadOptions, os_error
from .decode import decode_bytes
from .html import extract_page, looks_like_html
from .records import read_json, read_jsonl

__all__ = [
    "READERS",
    "InputFile",
    "Item",
    "ReadOptions",
    "Reader",
    "lazy_reader",
    "match_suffix",
    "os_error",
    "read_html",
    "read_json",
    "read_jsonl",
    "read_sniffed",
    "read_text",
    "reader_for",
    "register_reader",
    "sniff_format",
]

_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)


# --- text and HTML ------------------------------------------------------------------


def read_text(f: InputFile) -> Iterator[Item]:
    """A plain-text article: the decoded file is ``raw``."""
    data = f.read_bytes()
    decoded = decode_bytes(data, f.source, f.options.max_control_share)
    yield f.article(decoded.text, nbytes=len(data), encoding=decoded.encoding, format="text")


def read_html(f: InputFile) -> Iterator[Item]:
    """A saved web page: ``raw`` is trafilatura's main text, one paragraph per line."""
    data = f.read_bytes()
    m = _CHARSET.search(data[:SNIFF_BYTES])
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


# --- formats that are not read -----------------------------------------------------

_TO_TEXT = "save it as plain text (.txt) or a web page (.html) and pass that"
_TO_JSONL = 'convert it to JSONL, one {"id": ..., "text": ...} object a line'
# Documents that would otherwise be sniffed as plain text and stored as one article of
# markup or table rows (a CSV dump became a single article); each says what to do.
CONVERT: dict[str, str] = {
    ".pdf": "extract its text first (for instance: pdftotext FILE.pdf FILE.txt)",
    ".doc": _TO_TEXT,
    ".docx": _TO_TEXT,
    ".odt": _TO_TEXT,
    ".rtf": _TO_TEXT,
    ".csv": _TO_JSONL,
    ".tsv": _TO_JSONL,
    ".xls": _TO_JSONL,
    ".xlsx": _TO_JSONL,
    ".ods": _TO_JSONL,
}


def _refusal(kind: str, advice: str) -> Reader:
    def read(f: InputFile) -> Iterator[Item]:
        raise UnsupportedFormatError(f.source, f"a {kind} file, not an article: {advice}")

    read.__name__ = f"refuse_{kind.lstrip('.')}"
    return read


# --- inputs with no known suffix -----------------------------------------------------


def sniff_format(head: bytes) -> str:
    """``html``, ``jsonl``, ``json`` or ``text`` from an input's first bytes."""
    if head.startswith(GZIP_MAGIC):
        return "jsonl"  # the only gzipped single-stream format read without a suffix
    if head.startswith(b"%PDF-"):
        return "pdf"
    if looks_like_html(head):
        return "html"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            obj = json.loads(first)
        except ValueError:
            return "json" if _parses(head) else "text"
        if isinstance(obj, dict) and ("text" in obj or "html" in obj):
            return "jsonl"
        return "json" if _parses(head) else "text"
    if stripped.startswith(b"[") and _parses(head):
        return "json"
    return "text"


def _parses(head: bytes) -> bool:
    """True when ``head`` (a whole small input) is one JSON value."""
    if len(head) >= SNIFF_BYTES:
        return False  # only part of the input: cannot tell, read it as text
    try:
        json.loads(head.decode("utf-8-sig"))
    except ValueError:
        return False
    return True


def read_sniffed(f: InputFile) -> Iterator[Item]:
    """An input with an unknown suffix (or stdin): look at its first bytes."""
    kind = sniff_format(f.head())
    if kind == "pdf":
        yield from _refusal(".pdf", CONVERT[".pdf"])(f)
    reader = {"html": read_html, "jsonl": read_jsonl, "json": read_json}.get(kind, read_text)
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
    ".json": read_json,
    ".ndjson.gz": read_jsonl,
    # Corpus formats (ingest/warc.py, ingest/feeds.py) plug in here, one line each, imported
    # on first use so warcio and feedparser cost nothing when unused. Other modules can also
    # call register_reader(suffix, reader).
    ".warc": lazy_reader("storytrace.ingest.warc", "read_warc"),
    ".warc.gz": lazy_reader("storytrace.ingest.warc", "read_warc"),
    ".rss": lazy_reader("storytrace.ingest.feeds", "read_feed"),
    ".atom": lazy_reader("storytrace.ingest.feeds", "read_feed"),
    ".xml": lazy_reader("storytrace.ingest.feeds", "read_feed"),
    ".parquet": lazy_reader("storytrace.ingest.parquet", "read_parquet"),
    **{suffix: _refusal(suffix, advice) for suffix, advice in CONVERT.items()},
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
