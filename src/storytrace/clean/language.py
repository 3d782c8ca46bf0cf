"""Language of an article and of its sentences where they differ.

lingua is built once, lazily, from a restricted set of news languages (``[language]
languages``): building it with every language is slow and makes short texts less reliable.
Scripts that identify a language on their own (Hangul, kana, Han) are decided without it.

Cost control: the article language comes from one call on a sample of the kept text. Then
one call per paragraph; only paragraphs that do not confidently read as the article language
are checked sentence by sentence (sentences of ``min_sentence_chars`` or more), so a
monolingual article of 100 sentences costs ~20-40 calls of ~0.6 ms, not 100.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..config import section
from ..errors import DependencyError

_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...], precise: bool) -> Any:
    """The lingua detector for these ISO 639-1 codes (built once per set and mode).

    The low-accuracy mode (trigrams only) loads in ~0.1 s and is reliable on paragraphs and
    article samples; the precise mode loads all n-gram models (~4 s, once per process) and
    is used only for single sentences of paragraphs that look mixed.
    """
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise DependencyError("lingua-language-detector") from exc
    langs = []
    for code in codes:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            from ..errors import ConfigError

            raise ConfigError(f"[language] languages: '{code}' is not an ISO 639-1 code")
        langs.append(Language.from_iso_code_639_1(iso))
    with _LOCK:
        builder = LanguageDetectorBuilder.from_languages(*langs)
        return builder.build() if precise else builder.with_low_accuracy_mode().build()


def settings() -> dict[str, Any]:
    cfg = section("language")
    return {
        "languages": tuple(cfg.get("languages", ("en", "fr", "es", "de"))),
        "sample_chars": int(cfg.get("sample_chars", 2000)),
        "min_sentence_chars": int(cfg.get("min_sentence_chars", 40)),
        "paragraph_confidence": float(cfg.get("paragraph_confidence", 0.9)),
        "sentence_margin": float(cfg.get("sentence_margin", 0.5)),
        "script_share": float(cfg.get("script_share", 0.3)),
    }


def script_language(text: str, share: float) -> str | None:
    """``ko``/``ja``/``zh`` when that script makes up ``share`` of the letters."""
    hangul = kana = han = letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF:
            han += 1
    if not letters:
        return None
    if hangul / letters >= share:
        return "ko"
    if kana and (kana + han) / letters >= share:
        return "ja"
    if han / letters >= share:
        return "zh"
    return None


def confidences(text: str, cfg: dict[str, Any], precise: bool = False) -> list[tuple[str, float]]:
    """(code, confidence) best first; the script shortcut answers with confidence 1."""
    script = script_language(text, cfg["script_share"])
    if script:
        return [(script, 1.0)]
    values = _detector(cfg["languages"], precise).compute_language_confidence_values(text)
    return [(v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values]


def detect(text: str, cfg: dict[str, Any] | None = None) -> str | None:
    """The language of ``text`` (ISO 639-1, lower case), or None when nothing is readable."""
    cfg = cfg or settings()
    if not any(ch.isalpha() for ch in text):
        return None
    values = confidences(text[: cfg["sample_chars"]], cfg)
    return values[0][0] if values and values[0][1] > 0 else None


def _differs(values: list[tuple[str, float]], article: str, margin: float) -> str | None:
    """The other language when it beats the article language by ``margin``."""
    if not values:
        return None
    best, conf = values[0]
    if best == article:
        return None
    own = next((c for code, c in values if code == article), 0.0)
    return best if conf - own >= margin else None


def sentence_languages(
    paragraphs: Sequence[str],
    sentences: Sequence[tuple[str, int]],
    article: str | None,
    cfg: dict[str, Any] | None = None,
) -> tuple[list[str | None], dict[str, int]]:
    """Per-sentence language: the article language unless a sentence is confidently another.

    Args:
        paragraphs: texts of the kept paragraphs.
        sentences: (text, paragraph index) of each sentence.
        article: the article language.

    Returns:
        The language of each sentence and call counts (``paragraph_calls``, ``sentence_calls``).
    """
    cfg = cfg or settings()
    out: list[str | None] = [article] * len(sentences)
    stats = {"paragraph_calls": 0, "sentence_calls": 0}
    if article is None:
        return out, stats
    by_para: dict[int, list[int]] = {}
    for i, (_, p) in enumerate(sentences):
        by_para.setdefault(p, []).append(i)
    margin = cfg["sentence_margin"]
    for p, members in by_para.items():
        text = paragraphs[p]
        if len(text) < cfg["min_sentence_chars"] and not script_language(text, 0.3):
            continue
        stats["paragraph_calls"] += 1
        values = confidences(text, cfg)
        own = next((c for code, c in values if code == article), 0.0)
        if values and values[0][0] == article and own >= cfg["paragraph_confidence"]:
            continue
        para_lang = _differs(values, article, margin)
        for i in members:
            s_text = sentences[i][0]
            if len(s_text) < cfg["min_sentence_chars"] and not script_language(s_text, 0.3):
                out[i] = para_lang or article
                continue
            stats["sentence_calls"] += 1
            values = confidences(s_text, cfg, precise=True)
            out[i] = _differs(values, article, margin) or article
    return out, stats
