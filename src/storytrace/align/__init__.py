"""storytrace.align: sentence alignment across the articles of a story.

Public entry point: :func:`align_story`. Embeddings: :mod:`storytrace.align.embed`.
"""

from __future__ import annotations

from .aligner import align_story

__all__ = ["align_story"]
