"""The article links of a polled feed, read with the standard library's XML parser when
the feed is plain RSS 2.0 or Atom: feedparser builds a full entry (dates, summaries,
sanitised content) for every item, where a poll needs only each item's link and the feed's
title. Anything unusual (not well-formed, a DOCTYPE, another format, a relative, missing or
second link) goes to feedparser as before, so the links are the ones feedparser gives.
Entries that carry their article's text keep it (``texts``, ``web/feedtext.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from .feedtext import EntryText, atom_entry, parsed_entry, rss_entry

ATOM = "{http://www.w3.org/2005/Atom}"
_ABSOLUTE = ("http://", "https://")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedLinks:
    """What a poll reads from a feed: is it one, its title, each entry's link (or id), and
    by link the entries' own content (RSS content:encoded, Atom content) where they have
    one."""

    is_feed: bool
    title: str | None
    links: tuple[str, ...]
    entries: int
    texts: dict[str, EntryText] = field(default_factory=dict)


def feed_links(data: bytes) -> FeedLinks:
    """Each entry's ``link`` (else its ``id``), in feed order, as feedparser reads them."""
    fast = _plain(data)
    if fast is not None:
        return fast
    import feedparser

    parsed = feedparser.parse(data)
    links = tuple(str(link) for e in parsed.entries if (link := e.get("link") or e.get("id")))
    is_feed = bool(parsed.get("version")) or bool(parsed.entries)
    title = parsed.get("feed", {}).get("title")
    texts = {
        str(link): text
        for e in parsed.entries
        if (link := e.get("link") or e.get("id")) and (text := parsed_entry(e)) is not None
    }
    return FeedLinks(is_feed, title, links, len(parsed.entries), texts)


def _plain(data: bytes) -> FeedLinks | None:
    """The links of a well-formed RSS 2.0 or Atom document whose every entry has an absolute
    link; None for anything else."""
    if _DOCTYPE.search(data):
        return None  # entities and the like: feedparser's (defused) parser decides
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return None
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            return None
        items = list(channel.iterfind("item"))
        found = [_rss_link(item) for item in items]
        texts = [rss_entry(item) for item in items]
        title = channel.findtext("title")
    elif root.tag == f"{ATOM}feed":
        items = list(root.iterfind(f"{ATOM}entry"))
        found = [_atom_link(entry) for entry in items]
        texts = [atom_entry(entry) for entry in items]
        title = root.findtext(f"{ATOM}title")
    else:
        return None
    links: list[str] = []
    for link in found:
        if link is None or not link.startswith(_ABSOLUTE):
            return None
        links.append(link)
    own = {link: text for link, text in zip(links, texts, strict=True) if text is not None}
    return FeedLinks(True, title.strip() or None if title else None, tuple(links), len(found), own)


def _rss_link(item: Any) -> str | None:
    links = item.findall("link")
    if len(links) != 1:
        return None  # a guid only, or several links: feedparser decides
    return (links[0].text or "").strip() or None


def _atom_link(entry: Any) -> str | None:
    links = entry.findall(f"{ATOM}link")
    if len(links) != 1 or links[0].get("rel", "alternate") != "alternate":
        return None  # an id only, another rel, several links: feedparser decides
    return str(links[0].get("href", "")).strip() or None
