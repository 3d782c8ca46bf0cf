"""Web pages: main text and page metadata with trafilatura.

For HTML inputs ``Article.raw`` is the *extracted* main text, one paragraph per line, and
every later span (sentences, removed junk, alignments) is an offset into that text, not into
the HTML source: markup has no character-level mapping to extracted text. The page size is
kept in ``meta["html_chars"]``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..errors import DependencyError, InputError, NoArticleBodyError
from ..text.dates import NUMERIC_DATE, US_ZONE

_HTML_LANG = re.compile(
    rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I
)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-language[\"']?[^>]*?"
    rb"content\s*=\s*[\"']?([A-Za-z]{2,3})",
    re.I,
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# An en-US page (``<html lang="en-US">``, ``og:locale`` en_US, a content-language meta).
_EN_US = re.compile(rb"""\b(?:lang|content)\s*=\s*["']?en[-_]us\b""", re.I)
_HEAD_BYTES = 16_384


@dataclass(frozen=True, slots=True)
class PageText:
    """The main text of a page and what its markup said about it."""

    text: str
    title: str | None
    author: str | None
    outlet: str | None
    published: str | None
    language: str | None
    url: str | None
    html_chars: int


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes of an input are an HTML document."""
    lowered = head[:4096].lower()
    return b"<html" in lowered or lowered.lstrip().startswith(b"<!doctype html")


def page_language(html: str) -> str | None:
    """The ISO 639 code from ``<html lang>`` or a content-language meta tag."""
    head = html[:_HEAD_BYTES].encode("utf-8", "replace")
    for pattern in (_HTML_LANG, _META_LANG):
        m = pattern.search(head)
        if m:
            return m.group(1).decode("ascii").lower()
    return None


def extract_page(
    html: str,
    source: str,
    url: str | None = None,
    min_paragraph_chars: int = 60,
) -> PageText:
    """Extract the main text and metadata of one web page.

    Args:
        html: the decoded page source.
        source: the name errors report.
        url: the page address when known (helps trafilatura with dates and site names).
        min_paragraph_chars: a page whose longest extracted line is shorter than this
            (wide CJK characters count twice) has no article body, only menus or teasers.

    Returns:
        The main text, paragraphs one per line, with title, author, outlet (site name),
        published date (YYYY-MM-DD) and language from the page's metadata.

    Raises:
        NoArticleBodyError: the page has no main text (an index page, a login wall, a
            page that builds its text with JavaScript).
    """
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise DependencyError("trafilatura") from exc

    try:
        doc = bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            with_metadata=True,
        )
    except Exception as exc:  # any parser failure is a problem of this input, not a bug
        raise InputError(
            source,
            f"the HTML extractor failed on this page ({type(exc).__name__}: {exc}); "
            "save the article text into a .txt file instead",
        ) from exc
    text = _clean_lines(getattr(doc, "text", None) or "") if doc is not None else ""
    if not _has_paragraph(text, min_paragraph_chars):
        # trafilatura's fallbacks return link text for pages without an article; a body has
        # at least one real paragraph, a menu or teaser list has none.
        raise NoArticleBodyError(
            source,
            "no article text found in this web page (an index, paywall or script-built "
            "page?); save the article page itself, or paste its text into a .txt file",
        )
    assert doc is not None
    return PageText(
        text=text,
        title=_str(getattr(doc, "title", None)),
        author=_str(getattr(doc, "author", None)),
        outlet=_str(getattr(doc, "sitename", None)),
        published=month_first(html, iso_date(getattr(doc, "date", None))),
        language=page_language(html) or _str(getattr(doc, "language", None)),
        url=url or _str(getattr(doc, "url", None)),
        html_chars=len(html),
    )


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from a date string that starts with one; None otherwise."""
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def month_first(html: str, published: str | None) -> str | None:
    """``published`` as a US page means it: trafilatura (htmldate) reads a numeric date
    day first, so "UPDATED 05/03/2013 12:04 PM EDT" came out as 5 March. When the page is
    American (a US time zone after a clock time, or an en-US locale), the page writes
    this date with its day first and month second ("05/03/2013" for trafilatura's
    2013-03-05), and nowhere as an ISO date, the two swap. A day above 12 is no doubt."""
    m = _ISO_DATE.match(published or "")
    if published is None or m is None:
        return published
    year, month, day = (int(g) for g in m.groups())
    if day > 12 or day == month:
        return published
    if not (_EN_US.search(html[:_HEAD_BYTES].encode("utf-8", "replace")) or US_ZONE.search(html)):
        return published
    if published in html or f"{year}/{month:02d}/{day:02d}" in html:
        return published  # a machine-readable form (a meta tag, a URL path) says day first
    for d in NUMERIC_DATE.finditer(html):
        if (int(d.group(1)), int(d.group(3)), int(d.group(4))) == (day, month, year):
            return f"{year:04d}-{day:02d}-{month:02d}"
    return published


def _str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _has_paragraph(text: str, min_chars: int) -> bool:
    """True when one line is at least ``min_chars`` wide (wide CJK characters count 2)."""
    for line in text.splitlines():
        if len(line) >= min_chars:
            return True
        if len(line) * 2 >= min_chars:
            width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            if width >= min_chars:
                return True
    return False


def _clean_lines(text: str) -> str:
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
