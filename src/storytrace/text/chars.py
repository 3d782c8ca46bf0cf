"""Character classes by Unicode category that Python's ``re`` cannot spell (it has no
``\\p{...}``): letters of scripts without case, and combining marks. Built once, from one
pass over the Basic Multilingual Plane (characters beyond it are in neither class)."""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby


def _classes(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """For each name, the BMP characters of its categories as a class of ranges."""
    ranges: dict[str, list[str]] = {name: [] for name in groups}
    of = {cat: name for name, cats in groups.items() for cat in cats}
    code = 0
    # runs of one category, in code point order
    for cat, run in groupby(map(unicodedata.category, map(chr, range(0x10000)))):
        size = sum(1 for _ in run)
        if cat in of:
            a, b = re.escape(chr(code)), re.escape(chr(code + size - 1))
            ranges[of[cat]].append(a if size == 1 else f"{a}-{b}")
        code += size
    return {name: "[" + "".join(parts) + "]" for name, parts in ranges.items()}


_BUILT = _classes({"caseless": ("Lo", "Lm"), "mark": ("Mn", "Mc", "Me")})
#: a letter of a script without case: Arabic, Hebrew, Devanagari, CJK, Thai ...
CASELESS_LETTER = _BUILT["caseless"]
#: a combining mark: a vowel sign, virama or accent inside a word (not a word boundary)
MARK = _BUILT["mark"]
