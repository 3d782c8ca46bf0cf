"""Word-level helpers: folding for comparisons, tokens, and the one table of honorifics.

``fold`` and ``words`` are what quotes, claims and framing compare text with (lower case,
accents and typographic marks unified); ``normal_words`` is the alignment's normal form
(contractions written out, honorifics dropped, accents kept), memoised because the aligner
asks for the same sentence many times. Both read numbers through :mod:`.numbers` (digits of
any script in ASCII, a number glued to a caseless word apart from it) and keep a word's
combining marks inside it (a Devanagari vowel sign or virama is no word boundary).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .chars import MARK
from .numbers import ascii_digits, split_glued

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

    Memoised: name finding folds the same words many times per story. ASCII text has no
    accents, typographic marks nor letter forms to unify: it is only lower-cased."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", ascii_digits(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    return text.translate(_LETTER_FORMS).casefold()


# Letters inside a word: word characters and combining marks (spacing vowel signs). ASCII
# text has no marks and takes the plain pattern (the alternation costs ~2x per character).
_IN = rf"(?:[\w']|{MARK})"
_WORD = re.compile(rf"{_IN}+(?:[-.]{_IN}+)*", re.UNICODE)
_ASCII_WORD = re.compile(r"[\w']+(?:[-.][\w']+)*")


def words(text: str) -> list[str]:
    """Folded word tokens ("U.S." stays one token; "65افراد" is two)."""
    folded = fold(text)
    if folded.isascii():
        return _ASCII_WORD.findall(folded)
    return _WORD.findall(split_glued(folded))


# Arabic-script vowel marks and signs: optional in Urdu, Persian and Arabic news text (a
# word is written with or without them), so dropped; hamza and madda above are not among
# them where NFKC has made them part of a letter ("آ", "ؤ").
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Arabic-keyboard letters that Urdu and Persian write with their own forms (Arabic yeh,
# alef maksura and kaf as Farsi yeh and keheh), the tatweel that only stretches a word,
# and the invisible joiner and soft hyphen: a word typed either way is one word. The zero
# width non-joiner stays a boundary: where a writer puts it, another puts a space.
_LETTER_FORMS = str.maketrans(
    {"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"}
    | dict.fromkeys(("\u0640", "\u200d", "\u00ad"), None)
)
_NORMAL_WORD = re.compile(rf"(?:[^\W_]|{MARK})+(?:[-'’](?:[^\W_]|{MARK})+)*", re.UNICODE)
_ASCII_NORMAL_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
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
    low = unicodedata.normalize("NFKC", ascii_digits(text)).translate(_APOS).lower()
    if not low.isascii():
        low = split_glued(_ARABIC_MARKS.sub("", low).translate(_LETTER_FORMS))
    for pattern, repl in _CONTRACTIONS:
        low = pattern.sub(repl, low)
    out: list[str] = []
    for m in (_ASCII_NORMAL_WORD if low.isascii() else _NORMAL_WORD).finditer(low):
        tok = m.group(0)
        if tok.endswith("'s"):
            tok = tok[:-2]
        tok = tok.strip("'")
        if tok and tok not in _DROPPED:
            out.append(tok)
    return tuple(out)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 conflict``, ``2 conflicts``, ``1,200 claims`` (``many`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
