"""storytrace.clean: turn an article's ``raw`` text into metadata, kept paragraphs,
removed spans (with reasons), sentences and languages.

Public entry point: :func:`prepare` (``Article -> Article``). The reasons a span of ``raw``
can be removed for are listed in :data:`REASONS`. Every threshold lives in the
``[clean]``, ``[segment]`` and ``[language]`` tables of ``defaults.toml``.
"""

from __future__ import annotations

from .prepare import REASONS, prepare
from .segment import sentence_spans, split_sentences

__all__ = ["REASONS", "prepare", "sentence_spans", "split_sentences"]
