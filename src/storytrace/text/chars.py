"""Character classes by Unicode category that Python's ``re`` cannot spell (it has no
``\\p{...}``): letters of scripts without case, and combining marks. Built once, from one
pass over the Basic Multilingual Plane (characters beyond it are in neither class)."""

from __future__ import annotations

import re
import unicodedata


def _classes(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """For each name, the BMP characters of its categories as a class of ranges."""
    ranges: dict[str, list[str]] = {name: [] for name in groups}
    of = {cat: name for name, cats in groups.items() for cat in cats}
    start, current = 0, None
    for code in range(0x10001):
        name = of.get(unicodedata.category(chr(code))) if code < 0x10000 else None
        if name != current:
            if current is not None:
                a, b = re.escape(chr(start)), re.escape(chr(code - 1))
                ranges[current].append(a if start == code - 1 else f"{a}-{b}")
            start, current = code, name
    return {name: "[" + "".join(parts) + "]" for name, parts in ranges.items()}


_BUILT = _classes({"caseless": ("Lo", "Lm"), "mark": ("Mn", "Mc", "Me")})
#: a letter of a script without case: Arabic, Hebrew, Devanagari, CJK, Thai ...
CASELESS_LETTER = _BUILT["caseless"]
#: a combining mark: a vowel sign, virama or accent inside a word (not a word boundary)
MARK = _BUILT["mark"]
