"""How faithfully a variant of a quote reproduces the reference wording.

``verbatim``: the same characters. ``close``: the same words once punctuation, case,
typographic quotes, contractions ("does not" / "doesn't") and honorifics ("Mr. Xi" / "Xi")
are set aside, or a contiguous fragment of the reference under that normalisation.
``translated``: other words, in another language or in an article that is a translation of
the reference's article. ``altered``: other words inside the quote marks.
"""

from __future__ import annotations

import re

from ..text import HONORIFICS as _HONORIFIC
from ..text import fold, words
from ..types import Fidelity

_CONTRACTIONS = {
    "n't": " not",
    "'re": " are",
    "'ve": " have",
    "'ll": " will",
    "'m": " am",
    "'d": " would",
}
_SPECIAL = {
    "won't": "will not",
    "can't": "cannot",
    "cannot": "cannot",
    "shan't": "shall not",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "here's": "here is",
    "what's": "what is",
    "let's": "let us",
    "he's": "he is",
    "she's": "she is",
}


def normal_words(text: str) -> list[str]:
    """Words with contractions expanded and honorifics dropped."""
    out: list[str] = []
    for w in words(text):
        w = w.strip("'.")
        if w in _HONORIFIC or not w:
            continue
        if w in _SPECIAL:
            out.extend(_SPECIAL[w].split())
            continue
        for suffix, full in _CONTRACTIONS.items():
            if w.endswith(suffix) and len(w) > len(suffix):
                out.extend((w[: -len(suffix)] + full).split())
                break
        else:
            out.extend(x for x in re.split(r"[.\-]", w) if x)
    return out


def is_fragment(short: list[str], long: list[str]) -> bool:
    """True when ``short`` occurs contiguously in ``long``."""
    n = len(short)
    if n == 0 or n > len(long):
        return False
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def fidelity(variant: str, reference: str, translated: bool) -> Fidelity:
    """The fidelity of ``variant`` against ``reference`` (see the module docstring)."""
    if variant == reference or (
        fold(variant) == fold(reference) and variant.strip() == reference.strip()
    ):
        return "verbatim"
    if reference.find(variant) >= 0 and len(variant.split()) >= 2:
        return "verbatim"
    a, b = normal_words(variant), normal_words(reference)
    if a == b or is_fragment(a, b):
        return "close"
    return "translated" if translated else "altered"


def token_cover(short: str, long: str) -> float:
    """Share of the content words of ``short`` found in ``long`` (fragments of a quote)."""
    a = [w for w in normal_words(short) if len(w) > 2]
    if not a:
        return 0.0
    b = set(normal_words(long))
    return sum(w in b for w in a) / len(a)
