"""Language of an article and of its sentences where they differ.

lingua is built once, lazily, from a restricted set of news languages (``[language]
languages``): building it with every language is slow and makes short texts less reliable.
Scripts that identify a language on their own (Hangul, kana, Han) are decided without it.

Cost control: one call of the fast (trigram-only, ~0.1 s to load) model per paragraph of
``min_sentence_chars`` or more, ~0.4 ms each; the article language is the length-weighted
vote of those paragraphs. Only paragraphs that do not confidently read as the article
language are checked sentence by sentence with the precise model (~4 s to load, once per
process, and only when some paragraph looks mixed), so a monolingual article of 100
sentences costs one call per paragraph, not one per sentence.

Fewer calls still: an article whose paragraphs all read clearly as one language by their
function words (:mod:`.function_words`) needs no call at all. Otherwise, in a long article,
"familiar" paragraphs (made of the article's most frequent words) are spot-checked (by
their function words, else their first ``spot_check_chars`` through lingua) and stand for
the rest; a Latin-script paragraph whose function words leave no doubt needs no call once
the article language is known. Answers are memoised per text (copies of a story repeat
paragraphs).
"""

from __future__ import annotations

import heapq
import re
import threading
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ..errors import DependencyError
from ..settings import LanguageSettings, Settings
from . import function_words as fw

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


def settings(table: LanguageSettings | None = None) -> dict[str, Any]:
    """The ``[language]`` table as the detector's dict (the packaged defaults if omitted)."""
    return (table if table is not None else Settings.default().language).as_dict()


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


def confidences(text: str, cfg: dict[str, Any], precise: bool = False) -> list[tuple[str, float]]:
    """(code, confidence) best first; the script shortcut answers with confidence 1."""
    return list(_confidences(text, cfg["languages"], cfg["script_share"], precise))


@lru_cache(maxsize=4096)
def _confidences(
    text: str, languages: tuple[str, ...], share: float, precise: bool
) -> tuple[tuple[str, float], ...]:
    """Memoised: copies of a story (syndication, re-posts) repeat its paragraphs verbatim."""
    script = script_language(text, share)
    if script:
        return ((script, 1.0),)
    values = _detector(languages, precise).compute_language_confidence_values(text)
    return tuple((v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values)


def detect(text: str, cfg: dict[str, Any] | None = None) -> str | None:
    """The language of ``text`` (ISO 639-1, lower case), or None when nothing is readable."""
    cfg = cfg or settings()
    if not any(ch.isalpha() for ch in text):
        return None
    # Short texts need the precise model; long ones are reliable in the fast mode.
    sample = text[: cfg["sample_chars"]]
    values = confidences(sample, cfg, precise=len(sample) < cfg["precise_below_chars"])
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


_WORD = re.compile(r"[^\W\d_]+")


def _familiar_paragraphs(
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


def _profile_one(
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


def _clear_paragraphs(
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


def article_languages(
    paragraphs: Sequence[str],
    sentences: Sequence[tuple[str, int]],
    given: str | None = None,
    cfg: dict[str, Any] | None = None,
) -> tuple[str | None, list[str | None], dict[str, int]]:
    """The article language and each sentence's language.

    Every paragraph is first read by its function words: when all those long enough to be
    screened clearly agree on one language, that is the answer, with no lingua call.
    Otherwise, in a long article, paragraphs made of the article's own most frequent words are
    "familiar": a few of them spread over the article are checked and, when they agree,
    stand for all; every other paragraph of ``min_sentence_chars`` or more
    gets one fast call. The article language is the length-weighted vote (or one call on
    the whole text when every paragraph is short). A sentence gets another language only when
    its paragraph does not confidently read as the article language and the precise model
    finds the sentence confidently in another language.

    Args:
        paragraphs: texts of the kept paragraphs.
        sentences: (text, paragraph index) of each sentence; the sentences of a paragraph
            cover all its words (a paragraph without any is tokenised on its own).
        given: the article language if the markup declared it.

    Returns:
        (article language, per-sentence languages, call counts).
    """
    cfg = cfg or settings()
    stats = {
        "paragraph_calls": 0,
        "sentence_calls": 0,
        "familiar_paragraphs": 0,
        "profiled_paragraphs": 0,
    }
    min_chars = cfg["min_sentence_chars"]
    # Each sentence is tokenised once; a paragraph's tokens are its sentences' (they cover
    # its letters: sentence splits fall on whitespace or punctuation).
    sentence_tokens = [fw.tokens(text) for text, _ in sentences]
    joined: dict[int, list[str]] = {}
    for (_, p), toks in zip(sentences, sentence_tokens, strict=True):
        joined.setdefault(p, []).extend(toks)
    tokens = [joined[p] if p in joined else fw.tokens(t) for p, t in enumerate(paragraphs)]
    # Sentences lingua would check alone, by paragraph.
    checked: dict[int, list[list[str]]] = {}
    for (text, p), toks in zip(sentences, sentence_tokens, strict=True):
        if len(text) >= min_chars or script_language(text, cfg["script_share"]):
            checked.setdefault(p, []).append(toks)
    # Every paragraph long enough to be screened, read by its function words first.
    screenable = [
        p
        for p, text in enumerate(paragraphs)
        if len(text) >= min_chars or script_language(text, cfg["script_share"])
    ]
    profiled = {
        p: _profile_one(paragraphs[p], tokens[p], checked.get(p, ()), cfg) for p in screenable
    }
    codes = {code for code, _ in profiled.values()}
    only = codes.pop() if len(codes) == 1 else None
    if (
        only is not None
        and given in (None, only)
        and sum(len(paragraphs[p]) for p in screenable) * 2 > sum(len(t) for t in paragraphs)
    ):
        # Every screenable paragraph is clearly in one language (the markup's, if it names
        # one) and they hold most of the text: the steps below would give that language
        # to the article and to every sentence without a lingua call. Checked here, the
        # familiar-paragraph count and the spot checks are not needed.
        stats["profiled_paragraphs"] = len(screenable)
        return only, [only] * len(sentences), stats
    familiar = _familiar_paragraphs(paragraphs, cfg, tokens)
    values: dict[int, list[tuple[str, float]]] = {}

    def screen(p: int, limit: int = cfg["sample_chars"]) -> None:
        stats["paragraph_calls"] += 1
        values[p] = confidences(paragraphs[p][:limit], cfg)

    familiar_lang: str | None = None
    picks: set[int] = set()
    if familiar:
        # Spot-check a few familiar paragraphs spread over the article: if they disagree,
        # the common words span two languages (a bilingual article) and every paragraph
        # is screened. A pick whose function words leave no doubt (and agree with the
        # markup's language, if any) needs no lingua call.
        ordered = sorted(familiar)
        k = min(int(cfg["prescreen_checks"]), len(ordered))
        picks = {ordered[(j * (len(ordered) - 1)) // max(1, k - 1)] for j in range(k)}
        seen: set[str] = set()
        for p in sorted(picks):
            known = profiled.get(p)  # a pick of 8+ words may still be under min_chars
            code = known[0] if known else _profile_one(paragraphs[p], tokens[p], (), cfg)[0]
            if code is not None and given in (None, code):
                seen.add(code)
                continue
            screen(p, cfg["spot_check_chars"])
            if values[p]:
                seen.add(values[p][0][0])
        if len(seen) == 1:
            familiar_lang = seen.pop()
            familiar -= set(values)  # profiled picks stay familiar: they need no check
        else:
            familiar = set()
    stats["familiar_paragraphs"] = len(familiar)
    todo = [p for p in screenable if p not in familiar and p not in values]
    # Paragraphs whose function words clearly say the article language need no call.
    found = {p: code for p in todo if (code := profiled[p][0]) is not None}
    counts = {p: hits for p in todo if (hits := profiled[p][1]) is not None}
    clear = _clear_paragraphs(paragraphs, found, counts, familiar_lang, given, bool(picks), cfg)
    deferred: dict[int, str] = {}
    if not clear and sum(len(t) for t in tokens) >= cfg["profile_mixed_min_tokens"]:
        # A long mixed article: clear paragraphs vote with their own language; those not
        # in the language the vote picks are screened afterwards, for their sentences.
        deferred = found
    for p in todo:
        if p not in clear and p not in deferred:
            screen(p)
    article = given
    if article is None:
        votes: dict[str, float] = {}
        for p, vals in values.items():
            if vals:
                code, conf = vals[0]
                votes[code] = votes.get(code, 0.0) + conf * len(paragraphs[p])
        if familiar_lang is not None:
            weight = float(sum(len(paragraphs[p]) for p in familiar))
            votes[familiar_lang] = votes.get(familiar_lang, 0.0) + weight
        for p, code in [*clear.items(), *deferred.items()]:
            votes[code] = votes.get(code, 0.0) + len(paragraphs[p])
        if votes:
            article = max(votes.items(), key=lambda kv: kv[1])[0]
        else:
            article = detect("\n".join(paragraphs), cfg)
    for p, code in deferred.items():
        if code == article:
            clear[p] = code
        else:
            screen(p)
    stats["profiled_paragraphs"] = len(clear)
    out: list[str | None] = [article] * len(sentences)
    if article is None:
        return None, out, stats
    by_para: dict[int, list[int]] = {}
    for i, (_, p) in enumerate(sentences):
        by_para.setdefault(p, []).append(i)
    margin = cfg["sentence_margin"]
    for p, members in by_para.items():
        para_values = values.get(p)
        if not para_values:
            continue
        own = next((c for code, c in para_values if code == article), 0.0)
        if para_values[0][0] == article and own >= cfg["paragraph_confidence"]:
            continue
        para_lang = _differs(para_values, article, margin)
        for i in members:
            s_text = sentences[i][0]
            if len(s_text) < min_chars and not script_language(s_text, cfg["script_share"]):
                out[i] = para_lang or article
                continue
            stats["sentence_calls"] += 1
            precise = confidences(s_text[: cfg["sample_chars"]], cfg, precise=True)
            out[i] = _differs(precise, article, margin) or article
    return article, out, stats
