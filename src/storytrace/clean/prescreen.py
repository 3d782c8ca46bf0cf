"""Paragraph languages read without lingua.

Scripts that name their language on their own (Hangul, kana, Han); function-word profiles
(:mod:`.function_words`) that leave no doubt about a Latin-script paragraph; and an
article's "familiar" paragraphs, made of its own most frequent words. :mod:`.language`
calls lingua only where these do not answer.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from . import function_words as fw

_LETTER = re.compile(r"[^\W\d_]")
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_NON_LATIN = re.compile("[^\x00-\u024f]")
# Any Hangul, kana or Han letter (the union of the three classes above).
_CJK = re.compile(
    "[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf]"
)
# Letters outside Latin (Cyrillic, Greek, Arabic, CJK...): such a paragraph goes to lingua.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f]")


def script_language(text: str, share: float) -> str | None:
    """``ko``/``ja``/``zh`` when that script makes up ``share`` of the letters."""
    if text.isascii() or not _NON_LATIN.search(text):
        return None  # fast path: Latin-only text
    if share > 0 and not _CJK.search(text):
        return None  # no Hangul, kana or Han: every share below is 0
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    hangul = len(_HANGUL.findall(text))
    kana = len(_KANA.findall(text))
    han = len(_HAN.findall(text))
    if hangul / letters >= share:
        return "ko"
    if kana and (kana + han) / letters >= share:
        return "ja"
    if han / letters >= share:
        return "zh"
    return None


_WORD = re.compile(r"[^\W\d_]+")


def familiar_paragraphs(
    paragraphs: Sequence[str], cfg: dict[str, Any], tokens: Sequence[list[str]] | None = None
) -> set[int]:
    """Paragraphs that are surely in the article's main language, found without lingua.

    The most frequent words of a long article are its language's function words; a
    paragraph made of them in the usual proportion is in that language. On ECB+ and the
    seeds, English paragraphs have 18-50% of their words among the article's top 40 (1%
    under 0.20); French, Spanish and German paragraphs inserted in them 0-10%.
    """
    if not paragraphs:
        return set()
    if tokens is None:
        tokens = [_WORD.findall(p.lower()) for p in paragraphs]
    if sum(len(t) for t in tokens) < cfg["prescreen_min_tokens"]:
        return set()
    counts: Counter[str] = Counter()
    for toks in tokens:
        counts.update(toks)  # counted in C, keys in first-seen order like a plain dict
    # nlargest keeps ties in first-seen order, like the stable sort it replaces.
    top = heapq.nlargest(cfg["prescreen_top_words"], counts.items(), key=itemgetter(1))
    common = {w for w, _ in top}
    out: set[int] = set()
    for p, toks in enumerate(tokens):
        if len(toks) < cfg["prescreen_min_paragraph_words"]:
            continue
        if script_language(paragraphs[p], cfg["script_share"]):
            continue
        if sum(map(common.__contains__, toks)) / len(toks) >= cfg["prescreen_share"]:
            out.add(p)
    return out


def profile_paragraph(
    paragraph: str, toks: list[str], members: Sequence[list[str]], cfg: dict[str, Any]
) -> tuple[str | None, dict[str, int] | None]:
    """The clear language (function words) of one paragraph, and its function-word counts
    (None for a paragraph with letters outside Latin: those go to lingua).

    A paragraph is clear only when each of its sentences that lingua would check alone
    (``members``: their tokens) has more function words of that language than of
    others: a short foreign sentence inside an English paragraph ("Un pêcheur … est
    toujours porté disparu.") carries none, and sends the paragraph to lingua.
    """
    if cfg["profile_min_hits"] <= 0:
        return None, None
    non_latin = not paragraph.isascii() and _NON_LATIN_LETTER.search(paragraph)
    if non_latin and not _profiled_script(paragraph, cfg["languages"]):
        return None, None
    counts = fw.hits(toks)
    code = fw.clear_language(
        counts,
        toks,
        cfg["languages"],
        cfg["prescreen_min_paragraph_words"],
        cfg["profile_min_hits"],
        cfg["profile_min_share"],
        cfg["profile_max_foreign"],
    )
    foreign = code is not None and len(counts) > 1
    if code is not None and all(_sentence_agrees(t, code, foreign) for t in members):
        return code, counts
    return None, counts


# Letters of the non-Latin scripts whose languages all have function-word lists; a paragraph
# with letters outside Latin and one of these (a Greek name in Urdu text) goes to lingua.
_SCRIPT_LETTERS = {
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "devanagari": re.compile("[\u0900-\u097f]"),
}


def _profiled_script(paragraph: str, languages: Sequence[str]) -> bool:
    """Whether ``paragraph``'s non-Latin letters are all of one script whose configured
    languages all have function-word lists (Urdu and Persian share the Arabic script:
    their function words, not the script, tell them apart)."""
    others = _NON_LATIN_LETTER.findall(paragraph)
    for script, pattern in _SCRIPT_LETTERS.items():
        if all(pattern.match(ch) for ch in others):
            known = fw.SCRIPT_LANGUAGES[script]
            return any(code in known for code in languages)
    return False


def _sentence_agrees(toks: list[str], code: str, foreign: bool) -> bool:
    """More function words of ``code`` than of any other language in one sentence.

    ``foreign``: whether the paragraph has any function word of another language; without
    one, a single word of ``code`` is enough and the others need no count.
    """
    own = sum(map(fw.OWNED[code].__contains__, toks))
    if own == 0 or not foreign:
        return own > 0
    return all(n < own for k, n in fw.hits(toks).items() if k != code)


def clear_paragraphs(
    paragraphs: Sequence[str],
    found: dict[int, str],
    counts: dict[int, dict[str, int]],
    familiar_lang: str | None,
    given: str | None,
    spot_checked: bool,
    cfg: dict[str, Any],
) -> dict[int, str]:
    """Clear paragraphs (``found``) known to be in the article language before any vote.

    The article language is the one the familiar spot-checks agreed on; in an article
    without them (short, or no familiar paragraph) it is the one language the clear
    paragraphs share, when they hold most of the text and no paragraph shows function
    words of another language. A bilingual article (the spot-checks disagreed), or markup
    declaring another language, gets no shortcut here.
    """
    if not found or (spot_checked and familiar_lang is None):
        return {}
    target = familiar_lang
    if target is None:
        codes = set(found.values())
        if len(codes) != 1:
            return {}
        target = codes.pop()
        total = sum(len(t) for t in paragraphs)
        if sum(len(paragraphs[p]) for p in found) * 2 <= total:
            return {}
        # A paragraph with a few function words of another language makes the article
        # mixed: lingua screens every paragraph, as without the profile.
        limit = cfg["profile_max_foreign"]
        if any(n > limit for c in counts.values() for k, n in c.items() if k != target):
            return {}
    if given is not None and given != target:
        return {}
    return {p: code for p, code in found.items() if code == target}
