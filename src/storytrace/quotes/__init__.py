"""Direct quotes: found in each article, attributed to a speaker, grouped across articles.

``extract_quotes(story)`` (:mod:`.stage`) finds the words between quotation marks in every
article (:mod:`.spans`), reads the attribution around them (:mod:`.attribution`), resolves
it to one canonical person per story (:mod:`.names`), groups the same statement across
outlets and languages (embedding similarity of the quote text, same speaker) and rates each
variant against the group's reference wording (:mod:`.fidelity`). Per-article finding and
speaker resolution live in :mod:`.speakers`.

The names below are imported on first use: the parser's own process
(:mod:`.parse_server`) imports :mod:`.parsed` alone, and this package's stage would cost it
~0.3 CPU-s beside a cold analysis's embedding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .speakers import QuoteFinding, find_article_quotes
    from .stage import extract_quotes, origin_map

__all__ = ["QuoteFinding", "extract_quotes", "find_article_quotes", "origin_map"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import stage

        return getattr(stage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
