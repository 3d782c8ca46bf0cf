"""Scoring one candidate pair of sentences, and naming the kind of a match.

Embedding cosines of this model bunch high and shift with the language pair (an English
sentence and its Korean translation score ~0.82-0.86, its French translation ~0.92-0.94,
unrelated English news sentences ~0.70-0.80). So the semantic part of a score is the
*lift* of the cosine over the article pair's background: the mean cosine between all
sentences of the two articles, computed exactly as the dot product of their mean vectors.
Lexical overlap (character trigrams, content words) adds the evidence of shared wording.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np

from ..types import AlignKind
from .text import char_grams, content_words, dice, norm_key, words

# Per-language stopword profiles for articles whose language cleaning did not set.
_PROFILES = {
    lang: frozenset(text.split())
    for lang, text in {
        "en": "the and of to in is that was for on with as by at from it his be are",
        "fr": "le la les et des du un une est dans pour que qui sur au par pas avec",
        "es": "el la los las y del en que por con para una es se al lo como",
        "de": "der die das und ist nicht mit den von zu auf für im ein eine dem",
        "it": "il la di che e per con non una sono della nel gli del alla",
        "pt": "o a os as e do da em que para com não uma dos das no na",
    }.items()
}


def guess_language(texts: list[str]) -> str | None:
    """A rough language guess from stopword profiles; ``None`` when nothing matches."""
    counts = dict.fromkeys(_PROFILES, 0)
    for text in texts[:40]:
        for w in words(text):
            for lang, profile in _PROFILES.items():
                if w in profile:
                    counts[lang] += 1
    best = max(sorted(counts), key=lambda k: counts[k])
    return best if counts[best] >= 3 else None


def background(a_vecs: np.ndarray, b_vecs: np.ndarray, settings: dict[str, Any]) -> float:
    """Mean cosine between the sentences of two articles, clamped to the measured range."""
    bg = float(a_vecs.mean(axis=0) @ b_vecs.mean(axis=0))
    return min(max(bg, float(settings["background_min"])), float(settings["background_max"]))


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    cos: float
    lift: float
    chars: float
    accepted: bool


def score_pair(
    ta: str, tb: str, cos: float, bg: float, same_language: bool, settings: dict[str, Any]
) -> PairScore:
    """Score two texts (sentences or merged runs); symmetric in ``ta``/``tb``."""
    lift = cos - bg
    floor = min(float(settings["min_lift"]), float(settings["min_lift_translated"]))
    if lift < floor and cos < float(settings["lexical_cos_gate"]):
        # Neither similar in meaning nor a light edit (light edits keep cosines high):
        # skip the lexical measures, the costly part of scoring.
        return PairScore(0.0, cos, lift, 0.0, False)
    zero, full = float(settings["lift_zero"]), float(settings["lift_full"])
    sem = min(1.0, max(0.0, (lift - zero) / (full - zero)))
    chars = dice(char_grams(ta), char_grams(tb)) if same_language else 0.0
    content = dice(content_words(ta), content_words(tb))
    # Across languages shared words are only names, so the semantic part is the whole score.
    score = max(chars, min(1.0, 0.8 * sem + 0.2 * content)) if same_language else sem
    short = min(len(words(ta)), len(words(tb))) < int(settings["min_tokens"])
    if short:
        # A heading or fragment matches only when its words are the same.
        accepted = same_language and norm_key(ta) == norm_key(tb) and bool(norm_key(ta))
    elif same_language and chars >= float(settings["lexical_accept"]):
        accepted = True
    else:
        accepted = lift >= float(settings["min_lift" if same_language else "min_lift_translated"])
        if same_language:
            # Two sentences of one language that say the same thing share a name, a number
            # or a noun; generic lines ("We'll see what happens.") share none.
            accepted = (
                accepted
                and cos >= float(settings["min_cos_same_language"])
                and content >= float(settings["min_content_dice"])
            )
    return PairScore(round(score, 4), cos, lift, chars, accepted)


def score_lexical(ta: str, tb: str, settings: dict[str, Any]) -> PairScore:
    """Score two texts of one language without vectors (a big story's lexical path):
    accepted on character trigrams as :func:`score_pair` does, or when their content words
    overlap at least ``[align] lexical_min_content``; the score is the larger overlap."""
    chars = dice(char_grams(ta), char_grams(tb))
    content = dice(content_words(ta), content_words(tb))
    if min(len(words(ta)), len(words(tb))) < int(settings["min_tokens"]):
        accepted = norm_key(ta) == norm_key(tb) and bool(norm_key(ta))
    else:
        accepted = chars >= float(settings["lexical_accept"]) or content >= float(
            settings["lexical_min_content"]
        )
    return PairScore(round(max(chars, content), 4), 0.0, 0.0, chars, accepted)


def word_ratio(ta: str, tb: str, at_least: float = 0.0) -> float:
    """Share of words kept in order between two texts (max of both directions).

    Below ``at_least`` the exact value does not matter: when even the shared word counts
    cannot reach it, that bound is returned without aligning the sequences.
    """
    wa, wb = words(ta), words(tb)
    if not wa or not wb:
        return 0.0
    bound = 2 * sum((Counter(wa) & Counter(wb)).values()) / (len(wa) + len(wb))
    if bound < at_least:
        return bound
    r1 = SequenceMatcher(None, wa, wb, autojunk=False).ratio()
    r2 = SequenceMatcher(None, wb, wa, autojunk=False).ratio()
    return max(r1, r2)


def match_kind(ta: str, tb: str, same_language: bool, settings: dict[str, Any]) -> AlignKind:
    """``verbatim`` (same words), ``close`` (light edits), ``rewritten`` or ``translated``."""
    if not same_language:
        return "translated"
    if norm_key(ta) == norm_key(tb):
        return "verbatim"
    floor = float(settings["close_word_ratio"])
    if word_ratio(ta, tb, at_least=floor) >= floor:
        return "close"
    return "rewritten"
