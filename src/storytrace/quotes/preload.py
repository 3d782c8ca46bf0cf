"""Load the English parser in the background while a cold analysis embeds its sentences.

Reading quote speakers from a dependency parse (:mod:`.parsed`) loads spaCy, about a
second of CPU for the import and the model, all of it Python holding the GIL. A cold
analysis first spends seconds in the embedding model's C code, which releases the GIL, so
the parser can load on the side instead of after it: :func:`start` begins that load when the
analysis will parse (``[quotes] parse_speakers``, spaCy installed, an English article with a
quotation mark) and will embed (a sentence among the first few has no cached vector). A
warm analysis, whose vectors are cached, starts nothing: its parses are usually cached too,
so spaCy never loads at all. :func:`wait` (called by ``extract_quotes`` before it parses)
lets the load finish, so the model is never loaded twice.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from ..types import Story

__all__ = ["start", "wait"]

#: sentences checked for cached vectors: one without a vector means the embedding model runs
_PROBE = 32
_QUOTE_MARKS = frozenset('"“”„«»')

_lock = threading.Lock()
_thread: threading.Thread | None = None


def _will_parse(story: Story, parse: bool) -> bool:
    from . import parsed

    if not parse or not parsed.parser_available():
        return False
    loaded = getattr(parsed._nlp, "cache_info", None)
    if loaded is not None and loaded().currsize:
        return False  # loaded by an earlier analysis in this process
    return any(
        (a.language or "").startswith("en") and any(c in _QUOTE_MARKS for c in a.raw)
        for a in story.articles
    )


def _will_embed(story: Story) -> bool:
    from ..align.embed import get_embedder

    probe = [s.text for a in story.articles for s in a.sentences[:_PROBE] if s.text.strip()]
    return bool(probe) and get_embedder().uncached(probe[:_PROBE]) > 0


def _load() -> None:
    from . import parsed

    # A model that fails to load is not remembered (functools.cache keeps no exception):
    # the parse meets the same error in the analysis's own thread, which reports it.
    with contextlib.suppress(Exception):
        parsed._nlp()


def start(story: Story, settings: Any = None) -> bool:
    """Begin loading the parser in a daemon thread when ``story``'s analysis will both parse
    and embed; True when a load started."""
    global _thread
    from ..settings import Settings

    cfg: Any = settings if settings is not None else Settings.default().quotes
    if not _will_parse(story, bool(cfg.get("parse_speakers", True))) or not _will_embed(story):
        return False
    with _lock:
        if _thread is not None and _thread.is_alive():
            return False
        _thread = threading.Thread(target=_load, name="storytrace-parser-load", daemon=True)
        _thread.start()
    return True


def wait() -> None:
    """Let a background parser load finish (at once when none runs)."""
    with _lock:
        thread = _thread
    if thread is not None:
        thread.join()
