"""storytrace.clean: turn an article's ``raw`` text into metadata, kept paragraphs,
removed spans (with reasons), sentences and languages.

Public entry point: :func:`prepare` (``Article -> Article``). The reasons a span of ``raw``
can be removed for are listed in :data:`REASONS`. Every threshold lives in the
``[clean]``, ``[segment]`` and ``[language]`` tables of ``defaults.toml``.
"""

from __future__ import annotations

from . import boilerplate, language, segment, text
from .prepare import REASONS, prepare
from .segment import sentence_spans, split_sentences


def clear_caches() -> None:
    """Forget memoised per-line answers (benchmarks measure a first pass with this)."""
    for fn in (text.normalize, text.words, text.content_words, text.fingerprint):
        fn.cache_clear()
    boilerplate.navigation_reason.cache_clear()
    segment._split_plain.cache_clear()
    language._confidences.cache_clear()


__all__ = ["REASONS", "clear_caches", "prepare", "sentence_spans", "split_sentences"]
