"""The article as the per-story components read it: paragraphs, sentences, origins.

``sentences(article)`` returns the article's prepared sentences, or segments ``raw`` itself
when the article was not prepared (hand-built articles, a cleaning stage that kept none), so
every component sees the same sentence list and every span points into ``raw``.
"""

from __future__ import annotations

import re

from ..types import Article, Sentence, Story

_PARA = re.compile(r"[^\n]+")


def paragraphs(article: Article) -> list[tuple[int, int]]:
    """Kept paragraph spans of ``raw``; each non-blank line when the article is not prepared."""
    if article.paragraphs:
        return list(article.paragraphs)
    if article.sentences:
        return [(s.start, s.end) for s in article.sentences]
    out = []
    for m in _PARA.finditer(article.raw):
        lead = len(m.group()) - len(m.group().lstrip())
        if m.group().strip():
            out.append((m.start() + lead, m.start() + len(m.group().rstrip())))
    return out


def sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences (segmented here when the article has none)."""
    if article.sentences:
        return article.sentences
    # The cleaner's splitter, read lazily: only hand-built articles get here.
    from ..clean.segment import sentence_spans

    out: list[Sentence] = []
    for p, (ps, pe) in enumerate(paragraphs(article)):
        for s, e in sentence_spans(article.raw, ps, pe):
            out.append(Sentence(len(out), s, e, article.raw[s:e], p, article.language))
    return tuple(out)


#: quotation marks that open or close a quote (apostrophes are not among them)
_OPEN = '“«„"'
_CLOSE = '”»“"'


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of the quoted passages of one sentence or paragraph, marks included; an
    unclosed quote runs to the end (a quote that continues into the next sentence)."""
    out, start = [], -1
    for i, ch in enumerate(text):
        if start < 0 and ch in _OPEN and (ch != '"' or i == 0 or not text[i - 1].isalnum()):
            start = i
        elif start >= 0 and ch in _CLOSE and i > start:
            out.append((start, i + 1))
            start = -1
    if start >= 0:
        out.append((start, len(text)))
    return out


def article_language(article: Article, index: int | None = None) -> str | None:
    """Language of a sentence (when given and known) or of the article."""
    if index is not None:
        for s in article.sentences:
            if s.index == index and s.language:
                return s.language
    return article.language


def origin_map(story: Story) -> dict[str, str]:
    """Article id -> origin id (each article its own origin when none are known)."""
    out = {a: o.id for o in story.origins for a in o.articles}
    for art in story.articles:
        out.setdefault(art.id, art.id)
    return out
