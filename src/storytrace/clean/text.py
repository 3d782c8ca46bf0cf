"""Small text helpers shared by the cleaning rules: normalisation, words, content words.

The rules ask for the words, normal form and fingerprint of the same line many times (one
line meets ~20 rules), so each helper is memoised on its text: an article's lines are
tokenised once, not once per rule. The caches are bounded (a few thousand recent lines).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache


def bmp_class(one_char: str) -> str:
    """The characters of the Basic Multilingual Plane that the one-character pattern
    ``one_char`` matches, as a character class of ranges.

    The regex engine tests ``[^\\W_]`` by looking up each character's Unicode category;
    the same set spelled as ranges is tested in a bitmap, ~40% faster on news text. Text
    with characters beyond the BMP (``beyond_bmp``) must use the category pattern.
    """
    # Every BMP character in code point order: each run of matches is one range.
    bmp = "".join(map(chr, range(0x10000)))
    parts = []
    for m in re.finditer(f"(?:{one_char})+", bmp):
        a, b = m.group(0)[0], m.group(0)[-1]
        parts.append(re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}")
    return "[" + "".join(parts) + "]"


def beyond_bmp(text: str) -> bool:
    """Whether ``text`` has a character outside the BMP (emoji, rare CJK)."""
    # UTF-16 spends 4 bytes on such a character, 2 on any other (a lone surrogate too);
    # encoding is ~25x faster than max(text), which builds a string per character.
    return not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


_NON_ALNUM = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@cache
def _word_bmp() -> re.Pattern[str]:
    """_WORD for text within the BMP (built on first use: ~15 ms)."""
    alnum = bmp_class(r"[^\W_]")
    return re.compile(rf"{alnum}+(?:['’\-]{alnum}+)*")


# The same tokens for ASCII-only text ([^\W_] is [A-Za-z0-9] there), about 25% faster.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
# Quotes and dashes unified by normalize(). Chained str.replace of the marks a line has is
# ~5x faster than str.translate, which looks every character up in a dict.
_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("«", '"'), ("»", '"'), ("–", "-"))


def wordset(text: str) -> frozenset[str]:
    """A frozen set of the whitespace-separated words of ``text``."""
    return frozenset(text.split())


_STOP = wordset(
    """the a an and or but of to in on at for with from by as is are was were be been being
    this that these those it its his her their our your my we you they he she i not no
    have has had will would can could should may might must do does did than then so
    about into over after before under more most also said says just only very some any
    all here there today now what which who whom when where while how why other such
    le la les de des du un une et est pour dans que qui el los las del por para con una
    der die das und ein eine mit für"""
)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Lower case, unified quotes and dashes, collapsed whitespace, NFKC."""
    if not text.isascii():  # ASCII text is NFKC already and has no quote to unify
        text = unicodedata.normalize("NFKC", text)
        for mark, plain in _QUOTES:
            if mark in text:
                text = text.replace(mark, plain)
    return " ".join(text.lower().split())


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Word tokens (letters/digits, with inner apostrophes and hyphens)."""
    if text.isascii():
        return tuple(_ASCII_WORD.findall(text))
    return tuple((_WORD if beyond_bmp(text) else _word_bmp()).findall(text))


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """Lower-cased words of 4+ characters that are not function words; possessives cut."""
    out = []
    for w in words(normalize(text)):
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) >= 4 and w not in _STOP and not w.isdigit():
            out.append(w)
    return tuple(out)


# ASCII bytes that are neither letters nor digits: deleted by bytes.translate, which is
# ~3x faster than a regex substitution (UTF-8 continuation bytes are all >= 0x80, so deleting
# ASCII bytes never cuts a multi-byte character).
_ASCII_JUNK = bytes(c for c in range(128) if not chr(c).isalnum())
# Non-ASCII marks of news text (NFKC and lower case leave them as they are).
_COMMON_MARKS = ("«", "»", "’", "‘", "“", "”", "„", "–", "—", "…", "€", "£", "°", "·", "•")


@lru_cache(maxsize=8192)
def fingerprint(text: str) -> str:
    """A key for duplicate detection: letters and digits only, lower case.

    Equal to the letters and digits of :func:`normalize`: the quotes and dashes it unifies
    and the whitespace it collapses are all removed here anyway, so only NFKC and lower
    case are applied (sentences are fingerprinted once each; no need to cache their
    normal form).
    """
    if text.isascii():
        return text.encode().lower().translate(None, _ASCII_JUNK).decode()
    text = unicodedata.normalize("NFKC", text).lower()
    # "surrogatepass": a lone surrogate (from a JSON escape) round-trips as 3 bytes >= 0x80.
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_JUNK)
    rest = data.decode("utf-8", "surrogatepass")
    # Non-ASCII punctuation (« » – …) is left: the regex takes it out ([\W_] is exactly
    # "not str.isalnum()").
    if rest.isalnum() or not rest:
        return rest
    for mark in _COMMON_MARKS:  # the non-ASCII punctuation of news text, without a regex
        if mark in rest:
            rest = rest.replace(mark, "")
    return rest if rest.isalnum() or not rest else _NON_ALNUM.sub("", rest)
