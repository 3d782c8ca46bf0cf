"""Repeated content: a body that appears twice (forum re-posts, scraped pages that carry the
article and its "print" copy) and single duplicated paragraphs.

Units are compared by a fingerprint (letters and digits only), so quote style, spacing and
punctuation differences do not hide a copy; a unit whose every sentence was already seen
counts as a repeat too, so a copy with other paragraph breaks is found. A run of
consecutive repeated units becomes one ``repeated-block``; a lone repeat becomes
``repeated-paragraph`` when it is long enough to be real duplication rather than a short
line that legitimately recurs. The first copy is always the one kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..progress import report
from .segment import _TERMINATOR, sentence_spans
from .text import fingerprint

# Units between two progress reports (a 4 MB text of 16k paragraphs: ~1 s in all).
REPORT_EVERY = 512
# Past this many characters of earlier fingerprints the cheap test (_may_be_covered: one
# substring search in all the text before a unit) costs more than splitting every earlier
# unit into sentences once: it made the search quadratic, 24 s for an invented 3.8 MB text
# of 16k paragraphs against 1.1 s with eager splitting past 100,000 characters, same result
# (the test only ever skips units that cannot be covered). News articles stay below it.
FIND_LIMIT = 100_000


def _sentence_keys(text: str) -> list[str]:
    """Fingerprints of the sentences of ``text`` (quotes not protected), empty ones left out."""
    parts = [fingerprint(text[s:e]) for s, e in sentence_spans(text, max_quote_chars=0)]
    return [p for p in parts if p]


def _may_be_covered(text: str, key: str, keys: str, end: int) -> bool:
    """False when no sentence split can make every sentence of ``text`` an earlier one.

    ``keys`` holds every unit's fingerprint, joined by NUL; the earlier units' end at
    ``end``. The first sentence runs at least to the first terminator, and its fingerprint
    starts ``key``; if it was seen, it lies inside an earlier unit's fingerprint. So a
    prefix of ``key`` no longer than the text before the first terminator must occur there.
    """
    if not end:
        return False
    stop = _TERMINATOR.search(text)
    head = fingerprint(text[: stop.start()]) if stop else key
    probe = key[: min(len(head), 64)]
    # Fingerprints have no NUL: a match never straddles two of them.
    return not probe or keys.find(probe, 0, end) >= 0


def find_repeats(
    texts: Sequence[str], min_paragraph_chars: int, min_block_units: int
) -> dict[int, str]:
    """Map unit index (into ``texts``) -> ``repeated-block`` | ``repeated-paragraph``.

    Reports ``repeats`` progress every :data:`REPORT_EVERY` units (a long text only).

    Args:
        texts: the kept units, in order.
        min_paragraph_chars: a lone repeated unit shorter than this is kept.
        min_block_units: consecutive repeated units needed to call it a block.
    """
    keys = [fingerprint(t) for t in texts]
    joined = "\0".join(keys)
    seen_units: set[str] = set()
    seen_sentences: set[str] = set()
    split_upto = 0  # units before this one have their sentences in seen_sentences
    repeated: list[bool] = []
    end = 0  # where the earlier units' fingerprints end in ``joined``
    for j, (text, key) in enumerate(zip(texts, keys, strict=True)):
        if j and not j % REPORT_EVERY:
            report("repeats", j, len(texts), "paragraphs")
        covered = False
        if (
            key
            and key not in seen_units
            and (end > FIND_LIMIT or _may_be_covered(text, key, joined, end))
        ):
            # A copy re-wrapped differently (paragraphs split or merged) still repeats
            # every one of its sentences. Earlier units are split only now: most texts
            # have no repeat, and their units are never split here at all.
            for k in range(split_upto, j):
                seen_sentences.update(_sentence_keys(texts[k]))
            split_upto = j
            parts = _sentence_keys(texts[j])
            covered = bool(parts) and all(p in seen_sentences for p in parts)
        repeated.append(bool(key) and (key in seen_units or covered))
        seen_units.add(key)
        end += len(key) + 1
    if len(texts) > REPORT_EVERY:
        report("repeats", len(texts), len(texts), "paragraphs")
    out: dict[int, str] = {}
    i = 0
    while i < len(keys):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(keys) and repeated[j]:
            j += 1
        run = range(i, j)
        if len(run) >= min_block_units and sum(len(keys[k]) for k in run) >= min_paragraph_chars:
            for k in run:
                out[k] = "repeated-block"
        else:
            for k in run:
                if len(keys[k]) >= min_paragraph_chars:
                    out[k] = "repeated-paragraph"
        i = j
    return out
