"""storytrace: where does a news story really come from?"""

from __future__ import annotations

from .api import analyze, load_articles, prepare, read_articles, report_dict, write_reports
from .errors import InputError, StorytraceError
from .types import (
    Alignment,
    Article,
    Claim,
    Conflict,
    Distortion,
    Origin,
    Quote,
    ReadReport,
    Relation,
    Sentence,
    Story,
)

__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "Article",
    "Claim",
    "Conflict",
    "Distortion",
    "InputError",
    "Origin",
    "Quote",
    "ReadReport",
    "Relation",
    "Sentence",
    "Story",
    "StorytraceError",
    "__version__",
    "analyze",
    "load_articles",
    "prepare",
    "read_articles",
    "report_dict",
    "write_reports",
]
