"""storytrace: where does a news story really come from?

The corpus workflows are called through :mod:`storytrace.api` (``api.ingest``,
``api.cluster``, ``api.stories``): ``storytrace.ingest`` and ``storytrace.cluster`` name the
subpackages, and Python rebinds a package attribute to its subpackage when that is first
imported, so a function re-exported under either name turned into a module (not callable)
as soon as anything imported ``storytrace.store``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (
        analyze,
        analyze_inputs,
        analyze_stored,
        load_articles,
        load_settings,
        prepare,
        read_articles,
        report_dict,
        stories,
        write_reports,
    )
    from .errors import InputError, StorytraceError
    from .progress import Progress
    from .settings import Settings
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
    "Progress",
    "Quote",
    "ReadReport",
    "Relation",
    "Sentence",
    "Settings",
    "Story",
    "StorytraceError",
    "__version__",
    "analyze",
    "analyze_inputs",
    "analyze_stored",
    "load_articles",
    "load_settings",
    "prepare",
    "read_articles",
    "report_dict",
    "stories",
    "write_reports",
]

#: where each name of ``__all__`` lives: imported on first use, so that importing one module
#: of the package (the parser's own process imports ``quotes.parsed`` alone) does not load
#: the application layer
_HOME = {
    **dict.fromkeys(
        [
            "analyze",
            "analyze_inputs",
            "analyze_stored",
            "load_articles",
            "load_settings",
            "prepare",
            "read_articles",
            "report_dict",
            "stories",
            "write_reports",
        ],
        "api",
    ),
    "InputError": "errors",
    "StorytraceError": "errors",
    "Progress": "progress",
    "Settings": "settings",
    **dict.fromkeys(
        [
            "Alignment",
            "Article",
            "Claim",
            "Conflict",
            "Distortion",
            "Origin",
            "Quote",
            "ReadReport",
            "Relation",
            "Sentence",
            "Story",
        ],
        "types",
    ),
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
