"""Numbers as every stage reads them: digits of any script in ASCII, apart from words.

News in Urdu, Persian, Arabic, Hindi or Bengali writes numbers in its own digits ("۲۰۱۸",
"٢٠١٨", "२०१८") or in ASCII digits, often in one text, and Urdu glues a number to the word
beside it ("65افراد", "نے41", "2018ء"). Compared as written, "2018" and "۲۰۱۸" are two
tokens and "65افراد" is neither the number nor the word. Every stage that compares words
or reads numbers goes through this module:

- :func:`ascii_digits`: every decimal digit (Unicode category Nd) as its ASCII digit, and
  the Arabic decimal and thousands separators as "." and ","; one character for one, so
  spans found in the result are spans of the input;
- :func:`split_glued`: a space between a digit and a letter of a script without case
  (Arabic, Devanagari, CJK ...). In a script with case, a letter run glued to digits is
  an identifier written that way on purpose ("G7", "A320", "H1N1", "5G") and stays whole;
- :func:`number_runs`: the digit runs of a text, in ASCII, each with whether it was
  written glued to a word;
- ``GLUED_BEFORE`` / ``GLUED_AFTER``: lookarounds that let a number pattern start after,
  or end before, such a letter (a number reader's word boundary, for glued text).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .chars import CASELESS_LETTER

# Arabic decimal separator and thousands separator, as the ASCII ones the readers expect.
_SEPARATORS = {0x066B: ".", 0x066C: ","}


class _DigitTable(dict[int, int | str]):
    """``str.translate`` table filled on first sight of each character: a decimal digit
    of any script maps to its ASCII digit, anything else to itself (so the table never
    holds more than the characters the texts used)."""

    def __missing__(self, code: int) -> int | str:
        value = unicodedata.decimal(chr(code), None)
        out: int | str = str(value) if value is not None else _SEPARATORS.get(code, code)
        self[code] = out
        return out


_TABLE = _DigitTable()


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit in ASCII ("۲۰۱۸" -> "2018", "२०" -> "20") and the
    Arabic separators "٫" / "٬" as "." / ","; the same length, character for character."""
    return text if text.isascii() else text.translate(_TABLE)


#: a number may start right after a caseless letter ("نے41")
GLUED_BEFORE = rf"(?<={CASELESS_LETTER})"
#: a number may end right before a caseless letter ("65افراد", "2018ء")
GLUED_AFTER = rf"(?={CASELESS_LETTER})"
_GLUE = re.compile(rf"(?<=\d){GLUED_AFTER}|{GLUED_BEFORE}(?=\d)")


def split_glued(text: str) -> str:
    """``text`` with a space between a digit and a caseless letter it is glued to
    ("65افراد" -> "65 افراد", "۲۰۱۸ء" -> "۲۰۱۸ ء"; digits of any script). Digits glued
    to Latin, Greek or Cyrillic letters stay ("G7")."""
    if text.isascii():
        return text
    return _GLUE.sub(" ", text)


def number_text(text: str) -> str:
    """``text`` as word tokenizers read it: ASCII digits, glued numbers apart."""
    return split_glued(ascii_digits(text))


@dataclass(frozen=True, slots=True)
class NumberRun:
    """One run of digits as written: its ASCII digits and whether a caseless letter touches
    it on the left (``glued_before``) or right (``glued_after``)."""

    digits: str
    glued_before: bool
    glued_after: bool


_CASELESS = re.compile(CASELESS_LETTER)
_DIGITS = re.compile(r"[0-9]+")


def number_runs(text: str) -> list[NumberRun]:
    """The runs of digits of ``text`` (any script, read in ASCII), in order; a run glued to
    a Latin, Greek or Cyrillic letter is part of an identifier ("G7") and no number."""
    read = ascii_digits(text)
    out = []
    for m in _DIGITS.finditer(read):
        left = read[m.start() - 1] if m.start() else " "
        right = read[m.end()] if m.end() < len(read) else " "
        before, after = bool(_CASELESS.match(left)), bool(_CASELESS.match(right))
        if (left.isalpha() and not before) or (right.isalpha() and not after):
            continue
        out.append(NumberRun(m.group(), before, after))
    return out
