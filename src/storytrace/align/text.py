"""Light text normalisation for comparing sentences across articles.

Everything here is symmetric and cheap (no model): word tokens with contractions expanded
and honorifics dropped, content words (stopwords out), character trigrams, and the script
a sentence is written in. Alignment scores and kinds are built from these.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..text.words import normal_words

#: the alignment's word tokens are the shared normal form (one tokenizer for every stage)
words = normal_words


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words of the languages news most often comes in; content words are the rest.
STOPWORDS = _set(
    """a an the and or but nor so yet of to in on at by for from with without about as into
    onto over under after before since until than then that this these those there here
    is are was were be been being am do does did done have has had having will would shall
    should can could may might must not no it its he him his she her hers they them
    their theirs we us our you your i me my who whom whose which what when where why how
    all any both each few more most other some such only own same too very also just
    while if because although though however said says say told tells according
    le la les un une des du de d l et ou mais donc car ni que qui quoi dont où au aux
    en dans par pour sur avec sans sous ce cet cette ces il elle ils elles on nous vous
    je tu se sa son ses leur leurs est sont a ont été être avait était qu n pas ne plus
    el los las unos unas y o pero del al con sin por para su sus es son fue lo
    der die das ein eine und oder aber von zu mit für auf ist sind war nicht den dem des
    il lo gli della di che e è per con non"""
)


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """Words that carry content: not stopwords, not one letter."""
    return frozenset(w for w in words(text) if w not in STOPWORDS and len(w) > 1)


def norm_key(text: str) -> str:
    """A key equal for two texts with the same words (punctuation and case aside)."""
    return " ".join(words(text))


@lru_cache(maxsize=65536)
def char_grams(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of the normalised words (spaces kept as word boundaries)."""
    s = f" {norm_key(text)} "
    return frozenset(s[i : i + n] for i in range(max(0, len(s) - n + 1)))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice overlap of two sets; 0 when both are empty."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@lru_cache(maxsize=65536)
def script(text: str) -> str:
    """The dominant script of ``text`` by letter count: latin, cyrillic, hangul, cjk, ...
    (ASCII text at once: its letters are all Latin)."""
    if text.isascii():
        return "latin" if any(ch.isalpha() for ch in text) else "none"
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        try:
            name = unicodedata.name(ch)
        except ValueError:
            continue
        key = name.split(" ", 1)[0].lower()
        if key in {"cjk", "hiragana", "katakana"}:
            key = "cjk"
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "none"
    return max(sorted(counts), key=lambda k: counts[k])


def shingles(tokens: tuple[str, ...], n: int) -> set[tuple[str, ...]]:
    """Word n-grams of a token sequence."""
    return {tokens[i : i + n] for i in range(len(tokens) - n + 1)}
