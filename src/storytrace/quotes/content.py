"""The reported content around a quote: a mixed quote's whole reported clause.

Reporters often quote a few words inside their own paraphrase: ``X said that the plan was
"a disaster" for voters``. The quoted words are what fidelity compares across outlets; what
X is reported to have said is the clause from the speech verb to the end of the clause,
"that the plan was "a disaster" for voters". :func:`content_extent` finds that clause when
the cue stands before the quote in the quote's own sentence (``X said``, ``, saying``,
``According to X,``); a quote that opens right after its cue (``X said, "..."``) or whose
cue follows it has no content beyond its words.
"""

from __future__ import annotations

import re

from .attribution import Attribution
from .spans import QuoteSpan

__all__ = ["content_extent"]

# where a reported clause ends after its quote: a new clause with a subject of its own
_CLAUSE_BREAK = re.compile(
    r"\s*(?:;|\s[—–]\s|--|\((?!\w+\)),?|,\s+(?:but|while|whereas|although|though|as|and\s+"
    r"(?:he|she|they|it|then|also)|which|who|according\s+to|said|says|adding|saying)\b)"
)
_LEAD_IN = " \t\u00a0,:;"


def content_extent(
    raw: str, sent_end: int, quote: QuoteSpan, att: Attribution | None
) -> tuple[int, int] | None:
    """``(start, end)`` of the content reported with ``quote`` when it is more than the quoted
    words (a mixed quote), else None. ``sent_end``: end of the sentence the quote closes in."""
    if att is None or att.cue_end < 0 or att.cue_end > quote.open_at:
        return None
    start = att.cue_end
    while start < quote.open_at and raw[start] in _LEAD_IN:
        start += 1
    if len(raw[start : quote.open_at].split()) < 1:
        return None  # 'X said, "..."': the quote is the whole content
    if "\n" in raw[start : quote.open_at]:
        return None
    end = max(quote.close_at + 1, _clause_end(raw, quote.close_at + 1, sent_end))
    while end > start and raw[end - 1] in " \t\n\u00a0,;:":
        end -= 1
    return start, end


def _clause_end(raw: str, after: int, sent_end: int) -> int:
    """End of the clause that goes on after the closing mark at ``after`` (sentence end or the
    first break into a new clause)."""
    stop = raw.find("\n", after, sent_end)
    stop = sent_end if stop < 0 else stop
    m = _CLAUSE_BREAK.search(raw, after, stop)
    return m.start() if m else stop
