"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml`` files, and http(s) feed URLs).

One article per feed entry: the entry's full content when the feed carries it, else its
summary; HTML in either is reduced to text, one paragraph per line. The id is the entry's
``guid``/``id`` (else its link, else ``<file stem>:<entry number>``). A bad entry is yielded
as an error naming ``file#entry N``; the other entries are still read.

URLs are fetched with the standard library (10 s timeout). When the network is out of
reach the error names the URL and says to save the feed to a file instead.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

from ..errors import DependencyError, EmptyInputError, InputError, RecordError
from .html import iso_date
from .readers import InputFile, Item, ReadOptions

_BLOCK = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1>")
FETCH_TIMEOUT_S = 10


def _feedparser() -> Any:
    try:
        import feedparser
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise DependencyError("feedparser") from exc
    return feedparser


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, one block per line (entities decoded)."""
    import html

    text = _SCRIPT.sub(" ", fragment)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def read_feed(f: InputFile) -> Iterator[Item]:
    """Yield an :class:`Article` per entry of an RSS or Atom file."""
    with f.stream() as stream:
        data = stream.read(f.options.max_bytes + 1)
    yield from _entries(f, data)


def _entries(f: InputFile, data: bytes) -> Iterator[Item]:
    if len(data) > f.options.max_bytes:
        raise InputError(
            f.source,
            f"the feed is over {f.options.max_bytes:,} bytes ([read] max_bytes); "
            "raise the limit with --config",
        )
    if not data.strip():
        raise EmptyInputError(f.source, "the feed file is empty")
    parsed = _feedparser().parse(data)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        detail = f" ({str(why).strip()})" if why else ""
        raise InputError(f.source, f"not an RSS or Atom feed{detail}; pass a feed file or its URL")
    if not parsed.entries:
        raise EmptyInputError(f.source, "the feed has no entries")
    channel = parsed.get("feed", {})
    outlet = channel.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{f.source}#entry {n}"
        try:
            yield _article(f, entry, n, where, outlet)
        except InputError as exc:
            yield exc


def _article(f: InputFile, entry: Any, n: int, where: str, outlet: str | None) -> Any:
    body = ""
    for content in entry.get("content") or []:
        if len(content.get("value") or "") > len(body):
            body = content.get("value") or ""
    summary = entry.get("summary") or ""
    if len(summary) > len(body):
        body = summary
    if not isinstance(body, str):
        raise RecordError(where, "the entry's content is not text; skip it")
    text = (
        html_to_text(body)
        if "<" in body
        else "\n".join(" ".join(line.split()) for line in body.splitlines() if line.strip())
    )
    title = (entry.get("title") or "").strip() or None
    if not text.strip():
        raise EmptyInputError(where, "the entry has no content or summary text")
    ident = entry.get("id") or entry.get("link") or f"{f.stem}:{n}"
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    date = (
        f"{published.tm_year:04d}-{published.tm_mon:02d}-{published.tm_mday:02d}"
        if published
        else iso_date(entry.get("published") or entry.get("updated"))
    )
    return f.article(
        text,
        nbytes=len(body.encode("utf-8")),
        encoding="utf-8",
        id=str(ident).strip(),
        source=where,
        format="html" if "<" in body else "text",
        title=title,
        author=(entry.get("author") or None),
        outlet=outlet,
        published=date,
        url=entry.get("link") or None,
        meta={"container": "feed", "entry": n},
    )


def read_feed_url(url: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Fetch a feed URL and yield its entries; a fetch failure is one error naming the URL."""
    options = options or ReadOptions()
    request = urllib.request.Request(url, headers={"User-Agent": "storytrace feed reader"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
            data = response.read(options.max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        yield InputError(
            url,
            f"cannot fetch this feed ({reason}); check the address and the network, "
            "or save the feed to a file and pass the file",
        )
        return
    stem = re.sub(r"[^\w.-]+", "_", url.split("://", 1)[-1]).strip("_")[:80] or "feed"
    f = InputFile(source=url, stem=stem, data=data, options=options)
    try:
        yield from _entries(f, data)
    except InputError as exc:
        yield exc
