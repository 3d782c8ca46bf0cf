"""storytrace.provenance: who derives from whom, and the independent origins.

Public entry point: :func:`relate`.
"""

from __future__ import annotations

from .relate import relate
from .rules import classify, same_house

__all__ = ["classify", "relate", "same_house"]
