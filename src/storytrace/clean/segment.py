"""Sentence segmentation by a single regex-driven scan (no model, no spaCy).

A sentence ends at ``. ! ? … 。 ！ ？`` (plus any closing quotes or brackets) when the next
text starts a sentence, except:

- after an abbreviation (``Mr.``, ``Gen.``, ``Jan.``, ``e.g.``, ``No. 5``), an initial
  (``J. R. Tolkien``) or a dotted acronym (``U.S.``) that is not followed by a common
  sentence opener (``the U.S. The talks`` splits, ``the U.S. Secretary`` does not);
- inside a matched quotation (“…”, «…», "…", „…“), so a quote of several sentences followed
  by its attribution stays one sentence. Only *matched* pairs protect: an unmatched opening
  or closing mark (common in copied news) is ignored, and a pair longer than
  ``[segment] max_quote_chars`` protects nothing, so one stray mark cannot swallow a paragraph.

A German day's ordinal before a month name (``am 14. Dezember``) goes on; a period glued to
a capitalised word after a lower-case one (``der Papst.Der Bruder``: copied news that lost
the space) ends the sentence, as does a period before German's closing mark (``.“``).

Decimals (``3.5``) and times (``5:26``) never split because a Latin terminator must be
followed by whitespace (but for the glued case above); CJK, Urdu (``۔``), Arabic (``؟``)
and Devanagari (``।``) terminators split with or without whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..settings import Settings
from ..text.abbrev import ABBREVIATIONS as _ABBREV
from ..text.abbrev import AMBIGUOUS as _AMBIGUOUS
from ..text.abbrev import DOTTED as _DOTTED
from ..text.abbrev import OPENERS as _OPENERS
from ..text.abbrev import is_abbreviation as is_abbreviation


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Latin, CJK full-width, Arabic question mark and full stop (؟ ۔), Devanagari danda (।).
_TERMINATOR = re.compile(r"[.!?…。！？؟۔।]+")
_CLOSERS = '”’"»)]）」』“'
# A run of terminators (group 1: the closing quotes/brackets after it, with one space
# allowed before » or ”; German „…“ closes with “; group 2: the whitespace after them).
_BOUNDARY = re.compile(r"[.!?…。！？؟۔।]+((?:[”’\"»)\]）」』“]|[ \u00a0\u202f][»”])*)(\s*)")
_OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", "‹": "›", "「": "」", "『": "』"}
# Terminators that end a sentence with or without a space after them (CJK full-width
# stops, the Urdu full stop and Arabic question mark, the Devanagari danda): none of them
# sits inside a number or an abbreviation, and Urdu/CJK text often runs on without a space.
_NOSPACE_TERM = frozenset("。！？۔؟।")
_QUOTE_MARK = re.compile('["“”«»„‹›「」『』]')
# After a closing quote, "“Why?” Wang asked." is one sentence: a capitalised name (or none)
# then a speech verb continues the sentence instead of opening a new one.
_SPEECH_AFTER_QUOTE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){0,3}(?:said|says|asked|asks|added|adds|told|tells|replied|"
    r"wrote|writes|explained|insisted|noted|stressed|continued|declared|warned|recalled|"
    r"argued|answered|shouted|a dit|a déclaré|dijo|afirmó)\b"
)
# German writes a day as an ordinal with a period ("am 14. Dezember", "vom 3. Mai 2010"): a
# one- or two-digit number, its period, then a month name continues the sentence.
_MONTHS = _words(
    """januar jänner februar feber märz april mai juni juli august september oktober
    november dezember"""
)
_DAY = re.compile(r"(?<![\w.])\d{1,2}$")
# A period glued to the capitalised word after it ("sagte der Papst.Der Bruder"): copied
# news loses the space; a lower-case word of two letters or more before it (no domain, no
# initial, no acronym) and a capitalised word after it end the sentence anyway.
_GLUED_BEFORE = re.compile(r"(?<![\w.@/])[^\W\d_]*[^\W\d_A-ZÀ-ÖØ-Þ]{2}$")
_GLUED_AFTER = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_A-ZÀ-ÖØ-Þ]{2,}\b(?![.@/]\w)")


def _settings() -> dict[str, int]:
    return {"max_quote_chars": Settings.default().segment.max_quote_chars}


def quote_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Matched quotation spans (start, end) within ``text``; unmatched marks are ignored."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for m in _QUOTE_MARK.finditer(text):
        i, ch = m.start(), m.group(0)
        if ch == '"':
            if straight_open is None:
                # A straight quote glued to a word on its left closes, otherwise opens.
                if i > 0 and (text[i - 1].isalnum() or text[i - 1] in ".,!?") and stack == []:
                    continue
                straight_open = i
            else:
                spans.append((straight_open, i + 1))
                straight_open = None
        elif ch in _OPEN_QUOTES and not (ch == "“" and stack and stack[-1][0] == "„"):
            stack.append((_OPEN_QUOTES[ch], i))
        else:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    spans.append((stack[depth][1], i + 1))
                    del stack[depth:]
                    break
    return [(s, e) for s, e in spans if e - s <= max_chars]


def _starts_sentence(text: str, pos: int) -> bool:
    """Whether the text at ``pos`` (after whitespace) can open a new sentence."""
    if pos >= len(text):
        return False
    ch = text[pos]
    if ch.isdigit() or ch.isupper() or ch in "“\"«„‘'([¿¡-—–•*":
        return True
    # Caseless scripts (Hangul, CJK, Arabic, Hebrew, Devanagari...) open sentences too.
    return ch.isalpha() and not ch.islower()


_NEXT_WORD = re.compile(r"[\w'’]+")
_WORD_CHARS = frozenset("_.'’-")
_WORD_RUN = re.compile(r"[\w.'’-]+")  # the characters _word_before scans back over


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(0).lower() if m else ""


def _word_before(text: str, dot: int) -> str | None:
    """The run of letters, digits and ``_ . ' ’ -`` that ends at ``dot`` (or just before a
    newline there), or None. Scans back from ``dot``: a ``…$`` regex would rescan the
    paragraph from its start for every period."""
    end = dot
    if end and text[end - 1] == "\n":
        end -= 1  # "$" also matches before a final newline
    # Most words follow a plain space: one C-level check of the run after it.
    space = text.rfind(" ", 0, end)
    if space + 1 < end and _WORD_RUN.fullmatch(text, space + 1, end):
        return text[space + 1 : end]
    k = end
    while k and (text[k - 1].isalnum() or text[k - 1] in _WORD_CHARS):
        k -= 1
    return text[k:end] if k < end else None


def _is_abbreviation(text: str, dot: int, after: int) -> bool:
    """Whether the period at ``dot`` belongs to an abbreviation rather than ending a sentence."""
    before = _word_before(text, dot)
    if before is None:
        return False
    word = before.lstrip("'’-")
    low = word.lower().rstrip(".")
    # A dotted acronym has a period inside ``word`` (the pattern never matches without one);
    # the next word is read only by the rules that need it.
    if low in _AMBIGUOUS or ("." in word and _DOTTED.match(word + ".")):
        return _next_word(text, after) not in _OPENERS
    if low in _ABBREV:
        if low in ("no", "nos", "nr", "art", "vol", "fig", "pp", "ch"):
            return after < len(text) and text[after].isdigit()
        return True
    # A single capital letter is an initial ("J. R. Tolkien"), unless a sentence opener follows.
    return len(word) == 1 and word.isupper() and _next_word(text, after) not in _OPENERS


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, max_quote_chars: int | None = None
) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return (start, end) offsets into ``text``.

    Spans are stripped of surrounding whitespace and never empty.
    """
    end = len(text) if end is None else end
    limit = _settings()["max_quote_chars"] if max_quote_chars is None else max_quote_chars
    chunk = text[start:end]
    # Quote interiors (s+1 .. e-2): few per paragraph, so test them directly instead of
    # building a per-character table.
    # A pair of 2 chars or fewer has no interior: with limit < 3 nothing is protected.
    pairs = quote_spans(chunk, limit) if limit >= 3 else []
    protected = [(s + 1, e - 2) for s, e in pairs if e - s > 2]
    # Without protected quotes the split depends on the text alone: memoised, so that the
    # repeat finder (no quote protection) and the segmenter split a paragraph only once.
    spans = _split(chunk, tuple(protected)) if protected else _split_plain(chunk)
    return [(start + s, start + e) for s, e in spans] if start else list(spans)


@lru_cache(maxsize=4096)
def _split_plain(chunk: str) -> tuple[tuple[int, int], ...]:
    """:func:`_split` without protected quotes (memoised on the text)."""
    return _split(chunk, ())


def _split(chunk: str, protected: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Sentence spans of ``chunk`` (offsets into it); no cut inside a ``protected`` range."""
    out: list[tuple[int, int]] = []
    prev = 0
    for cut in [*_cuts(chunk, protected), len(chunk)]:
        piece = chunk[prev:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            s = prev + lead
            if out and not any(ch.isalnum() for ch in stripped):
                # A stray closing mark after a space ('… relationship. "') is no sentence.
                out[-1] = (out[-1][0], s + len(stripped))
            else:
                out.append((s, s + len(stripped)))
        prev = cut
    return tuple(out)


def _cuts(chunk: str, protected: tuple[tuple[int, int], ...]) -> list[int]:
    """Offsets in ``chunk`` where a sentence ends (none inside a ``protected`` range)."""

    def inside(k: int) -> bool:
        return any(lo <= k <= hi for lo, hi in protected)

    cuts: list[int] = []
    size = len(chunk)
    for m in _BOUNDARY.finditer(chunk):
        # The terminators, then closing quotes/brackets (allowing one space before » or ”,
        # French « … ? »), then whitespace: one regex match instead of loops per character.
        t_end, ws = m.end(1), m.end(2)
        if protected and inside(m.start()) and (t_end - 1 >= size or inside(t_end - 1)):
            continue
        if t_end >= size:
            break
        cjk = chunk[m.start(1) - 1] in _NOSPACE_TERM
        if ws == t_end and not cjk and not _glued(chunk, m.start(), t_end):
            continue
        if not cjk and not _starts_sentence(chunk, ws):
            continue
        if chunk[t_end - 1] in _CLOSERS and _SPEECH_AFTER_QUOTE.match(chunk, ws):
            continue
        single_dot = m.start(1) - m.start() == 1 and chunk[m.start()] == "."
        if single_dot and _is_abbreviation(chunk, m.start(), ws):
            continue
        if single_dot and _ordinal_day(chunk, m.start(), ws):
            continue
        cuts.append(t_end)
    return cuts


def _ordinal_day(chunk: str, dot: int, after: int) -> bool:
    """Whether the period at ``dot`` ends a day's ordinal before a month name ("am 14.
    Dezember"): the sentence goes on."""
    return bool(_DAY.search(chunk, max(0, dot - 3), dot)) and _next_word(chunk, after) in _MONTHS


def _glued(chunk: str, dot: int, t_end: int) -> bool:
    """Whether a single period at ``dot`` (closing quotes may follow it) with no space after
    it joins two sentences: a lower-case word before it, a capitalised word right after it
    ("Papst.Der", "gut.“Der"); no domain ("www.Example.com"), no acronym, no initial."""
    if chunk[dot] != "." or any(ch not in _CLOSERS for ch in chunk[dot + 1 : t_end]):
        return False
    # “ closes a German „ but opens an English quote ('left.“They …'): glued only after „
    if "“" in chunk[dot + 1 : t_end] and chunk.rfind("„", 0, dot) <= chunk.rfind("“", 0, dot):
        return False
    return bool(_GLUED_BEFORE.search(chunk, max(0, dot - 40), dot)) and bool(
        _GLUED_AFTER.match(chunk, t_end)
    )


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings (a convenience over :func:`sentence_spans`)."""
    return [text[s:e] for s, e in sentence_spans(text)]


def segment_paragraphs(
    raw: str, paragraphs: Iterable[tuple[int, int]], max_quote_chars: int | None = None
) -> list[tuple[int, int, int]]:
    """Sentences of each kept paragraph: (start, end, paragraph index), offsets into ``raw``."""
    limit = _settings()["max_quote_chars"] if max_quote_chars is None else max_quote_chars
    out: list[tuple[int, int, int]] = []
    for p, (s, e) in enumerate(paragraphs):
        out.extend((a, b, p) for a, b in sentence_spans(raw, s, e, limit))
    return out
