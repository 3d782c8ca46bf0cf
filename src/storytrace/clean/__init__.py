"""storytrace.clean: turn an article's ``raw`` text into metadata, kept paragraphs,
removed spans (with reasons), sentences and languages.

Public entry point: :func:`prepare`.
"""

from __future__ import annotations

from .prepare import prepare
from .segment import sentence_spans, split_sentences

__all__ = ["prepare", "sentence_spans", "split_sentences"]
