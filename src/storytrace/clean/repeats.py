"""Repeated content: a body that appears twice (forum re-posts, scraped pages that carry the
article and its "print" copy) and single duplicated paragraphs.

Units are compared by a fingerprint (letters and digits only), so quote style, spacing and
punctuation differences do not hide a copy. A run of consecutive kept units that repeats an
earlier run becomes one ``repeated-block``; a lone repeat becomes ``repeated-paragraph`` when
it is long enough to be real duplication rather than a short line that legitimately recurs.
The first copy is always the one kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import fingerprint


def find_repeats(
    texts: Sequence[str], min_paragraph_chars: int, min_block_units: int
) -> dict[int, str]:
    """Map unit index (into ``texts``) -> ``repeated-block`` | ``repeated-paragraph``.

    Args:
        texts: the kept units, in order.
        min_paragraph_chars: a lone repeated unit shorter than this is kept.
        min_block_units: consecutive repeated units needed to call it a block.
    """
    keys = [fingerprint(t) for t in texts]
    first_seen: dict[str, int] = {}
    repeated: list[bool] = []
    for i, key in enumerate(keys):
        seen = key in first_seen
        repeated.append(bool(key) and seen)
        if key and not seen:
            first_seen[key] = i
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
