"""A feed entry's own full text (RSS ``content:encoded``, Atom ``content``), read instead of
fetching its page when it is the article rather than a teaser.

A poll fetched every item's page even when the feed carried the whole article. The entry's
content is taken when its text is at least ``[web] feed_full_text_min_chars`` long and at
least ``[web] feed_full_text_ratio`` times its summary's text (a summary equal to the
content counts as none): a teaser that repeats the summary with a "read more" link is
neither. Otherwise the page is fetched as before. The content becomes a small HTML page
(title, author, date, site name as meta tags) that the page readers read like a fetched
one.
"""

from __future__ import annotations

import email.utils
import html
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from ..ingest.feeds import html_to_text

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


@dataclass(frozen=True, slots=True)
class EntryText:
    """What a feed entry says of its article: title, author, date, content, summary."""

    title: str | None
    author: str | None
    published: str | None  # as the feed wrote it (RFC 822 or ISO 8601)
    content: str
    summary: str


@dataclass(frozen=True, slots=True)
class FullTextRule:
    """When an entry's content is the article: ``min_chars`` of text and ``ratio`` times
    the summary's."""

    min_chars: int
    ratio: float

    def takes(self, entry: EntryText) -> bool:
        text = len(_text(entry.content))
        if text < self.min_chars:
            return False
        summary = "" if entry.summary.strip() == entry.content.strip() else entry.summary
        return text >= self.ratio * len(_text(summary))


def _text(fragment: str) -> str:
    return html_to_text(fragment) if "<" in fragment else " ".join(fragment.split())


def rss_entry(item: Any) -> EntryText | None:
    """An RSS ``<item>``'s content:encoded, with its description as the summary."""
    content = item.findtext(CONTENT) or ""
    if not content.strip():
        return None
    return EntryText(
        _clean(item.findtext("title")),
        _clean(item.findtext(DC_CREATOR) or item.findtext("author")),
        _clean(item.findtext("pubDate")),
        content,
        item.findtext("description") or "",
    )


def atom_entry(entry: Any) -> EntryText | None:
    """An Atom ``<entry>``'s content (text, html or xhtml), with its summary."""
    node = entry.find(f"{ATOM}content")
    if node is None or node.get("src"):
        return None  # no content, or content that lives elsewhere
    if node.get("type") == "xhtml":
        content = "".join(ElementTree.tostring(child, encoding="unicode") for child in node)
    else:
        content = node.text or ""
    if not content.strip():
        return None
    return EntryText(
        _clean(entry.findtext(f"{ATOM}title")),
        _clean(entry.findtext(f"{ATOM}author/{ATOM}name")),
        _clean(entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")),
        content,
        entry.findtext(f"{ATOM}summary") or "",
    )


def parsed_entry(entry: Any) -> EntryText | None:
    """A feedparser entry's longest content, with its summary."""
    content = max((c.get("value") or "" for c in entry.get("content") or []), key=len, default="")
    if not isinstance(content, str) or not content.strip():
        return None
    return EntryText(
        _clean(entry.get("title")),
        _clean(entry.get("author")),
        _clean(entry.get("published") or entry.get("updated")),
        content,
        entry.get("summary") or "",
    )


def entry_page(entry: EntryText, site: str | None) -> bytes:
    """The entry as an HTML page for the page readers (meta tags carry its metadata)."""
    head = ['<meta charset="utf-8">']
    if entry.title:
        head.append(f"<title>{html.escape(entry.title)}</title>")
    if entry.author:
        head.append(f'<meta name="author" content="{html.escape(entry.author)}">')
    published = _iso(entry.published)
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    body = entry.content
    if "<" not in body:
        paras = (line.strip() for line in body.splitlines())
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paras if p)
    title = f"<h1>{html.escape(entry.title)}</h1>" if entry.title else ""
    page = f"<html><head>{''.join(head)}</head><body><article>{title}{body}</article></body></html>"
    return page.encode("utf-8")


def _iso(value: str | None) -> str | None:
    """An ISO 8601 date-time from an RFC 822 one (RSS ``pubDate``), or an ISO one as is."""
    if not value:
        return None
    if value[:4].isdigit():
        return value
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return None


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
