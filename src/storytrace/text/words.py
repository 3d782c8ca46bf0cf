"""Word-level helpers: folding for comparisons, tokens, and the one table of honorifics.

``fold`` and ``words`` are what quotes, claims and framing compare text with (lower case,
accents and typographic marks unified); ``normal_words`` is the alignment's normal form
(contractions written out, honorifics dropped, accents kept), memoised because the aligner
asks for the same sentence many times.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: honorifics, with or without their period, and the gender they imply (None: either)
HONORIFICS: dict[str, str | None] = {
    "mr": "m",
    "mr.": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dr": None,
    "dr.": None,
    "prof": None,
    "prof.": None,
    "sir": "m",
    "dame": "f",
    "madam": "f",
    "mme": "f",
    "mlle": "f",
    "m.": "m",
    "herr": "m",
    "frau": "f",
    "sr": "m",
    "sr.": "m",
    "sra": "f",
    "sra.": "f",
    "srta": "f",
    "rev.": None,
    "rev": None,
    "fr.": "m",
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents and typographic quotes/dashes unified: for comparisons only.

    Memoised: name finding folds the same words many times per story."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return text.casefold()


_WORD = re.compile(r"[\w']+(?:[-.][\w']+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Folded word tokens ("U.S." stays one token)."""
    return _WORD.findall(fold(text))


_NORMAL_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Contractions written out, so "doesn't" and "does not" count as the same words.
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
)
# Titles that editors add or drop freely ("Mr. Blinken" / "Blinken"): not a wording change.
_DROPPED = frozenset(h.rstrip(".") for h in HONORIFICS)


@lru_cache(maxsize=65536)
def normal_words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens, contractions expanded, honorifics dropped."""
    low = unicodedata.normalize("NFKC", text).translate(_APOS).lower()
    for pattern, repl in _CONTRACTIONS:
        low = pattern.sub(repl, low)
    out: list[str] = []
    for m in _NORMAL_WORD.finditer(low):
        tok = m.group(0)
        if tok.endswith("'s"):
            tok = tok[:-2]
        tok = tok.strip("'")
        if tok and tok not in _DROPPED:
            out.append(tok)
    return tuple(out)
