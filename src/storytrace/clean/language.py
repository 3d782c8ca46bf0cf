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

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import DependencyError
from ..settings import LanguageSettings, Settings
from . import function_words as fw
from .prescreen import clear_paragraphs, familiar_paragraphs, profile_paragraph, script_language

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
    read = _read_paragraphs(paragraphs, sentences, cfg)
    only = _one_clear_language(paragraphs, read, given)
    if only is not None:
        # Every screenable paragraph is clearly in one language (the markup's, if it names
        # one) and they hold most of the text: the steps below would give that language
        # to the article and to every sentence without a lingua call. Checked here, the
        # familiar-paragraph count and the spot checks are not needed.
        calls = _Calls(profiled_paragraphs=len(read.screenable))
        return only, [only] * len(sentences), calls.as_dict()
    lingua = _Lingua(paragraphs, cfg)
    spot = _spot_check(paragraphs, read, given, lingua, cfg)
    clear, deferred = _screen_unclear(paragraphs, read, spot, given, lingua, cfg)
    article = given
    if article is None:
        article = _vote(paragraphs, lingua.values, spot, [*clear.items(), *deferred.items()], cfg)
    for p, code in deferred.items():
        if code == article:
            clear[p] = code
        else:
            lingua.screen(p)
    calls = lingua.calls
    calls.familiar_paragraphs = len(spot.familiar)
    calls.profiled_paragraphs = len(clear)
    if article is None:
        return None, [article] * len(sentences), calls.as_dict()
    return article, _sentence_languages(sentences, article, lingua, cfg), calls.as_dict()


@dataclass(slots=True)
class _Calls:
    """How an article's languages were found: lingua calls, and paragraphs that needed none."""

    paragraph_calls: int = 0
    sentence_calls: int = 0
    familiar_paragraphs: int = 0
    profiled_paragraphs: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "paragraph_calls": self.paragraph_calls,
            "sentence_calls": self.sentence_calls,
            "familiar_paragraphs": self.familiar_paragraphs,
            "profiled_paragraphs": self.profiled_paragraphs,
        }


@dataclass(slots=True)
class _Lingua:
    """lingua's answers for one article's screened paragraphs, and the calls they took."""

    paragraphs: Sequence[str]
    cfg: dict[str, Any]
    values: dict[int, list[tuple[str, float]]] = field(default_factory=dict)
    calls: _Calls = field(default_factory=_Calls)

    def screen(self, p: int, limit: int | None = None) -> None:
        """One fast call on paragraph ``p``'s first ``limit`` (``sample_chars``) characters."""
        self.calls.paragraph_calls += 1
        chars = self.cfg["sample_chars"] if limit is None else limit
        self.values[p] = confidences(self.paragraphs[p][:chars], self.cfg)


@dataclass(frozen=True, slots=True)
class _Read:
    """An article's paragraphs read by their function words, before any lingua call."""

    tokens: list[list[str]]  # each paragraph's word tokens
    screenable: list[int]  # paragraphs long enough (or in a telling script) to screen
    profiled: dict[int, tuple[str | None, dict[str, int] | None]]  # profile_paragraph of each


def _read_paragraphs(
    paragraphs: Sequence[str], sentences: Sequence[tuple[str, int]], cfg: dict[str, Any]
) -> _Read:
    """Tokens of every paragraph, and the function-word reading of the screenable ones."""
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
        p: profile_paragraph(paragraphs[p], tokens[p], checked.get(p, ()), cfg) for p in screenable
    }
    return _Read(tokens, screenable, profiled)


def _one_clear_language(paragraphs: Sequence[str], read: _Read, given: str | None) -> str | None:
    """The language every screenable paragraph clearly reads as, when they hold most of
    the text and agree with the markup's language (if any); else None."""
    codes = {code for code, _ in read.profiled.values()}
    only = codes.pop() if len(codes) == 1 else None
    if (
        only is not None
        and given in (None, only)
        and sum(len(paragraphs[p]) for p in read.screenable) * 2 > sum(len(t) for t in paragraphs)
    ):
        return only
    return None


@dataclass(frozen=True, slots=True)
class _SpotCheck:
    """What the familiar paragraphs' spot checks found."""

    familiar: set[int]  # familiar paragraphs that stand for themselves without a call
    language: str | None  # the language the spot checks agreed on
    checked: bool  # whether any familiar paragraph was picked for a check


def _spot_check(
    paragraphs: Sequence[str],
    read: _Read,
    given: str | None,
    lingua: _Lingua,
    cfg: dict[str, Any],
) -> _SpotCheck:
    """Spot-check a few familiar paragraphs spread over the article.

    If they disagree, the common words span two languages (a bilingual article) and every
    paragraph is screened. A pick whose function words leave no doubt (and agree with the
    markup's language, if any) needs no lingua call.
    """
    familiar = familiar_paragraphs(paragraphs, cfg, read.tokens)
    if not familiar:
        return _SpotCheck(familiar, None, False)
    ordered = sorted(familiar)
    k = min(int(cfg["prescreen_checks"]), len(ordered))
    picks = {ordered[(j * (len(ordered) - 1)) // max(1, k - 1)] for j in range(k)}
    seen: set[str] = set()
    for p in sorted(picks):
        known = read.profiled.get(p)  # a pick of 8+ words may still be under min_chars
        code = known[0] if known else profile_paragraph(paragraphs[p], read.tokens[p], (), cfg)[0]
        if code is not None and given in (None, code):
            seen.add(code)
            continue
        lingua.screen(p, cfg["spot_check_chars"])
        if lingua.values[p]:
            seen.add(lingua.values[p][0][0])
    if len(seen) != 1:
        return _SpotCheck(set(), None, bool(picks))
    # Profiled picks stay familiar: they need no check.
    return _SpotCheck(familiar - set(lingua.values), seen.pop(), bool(picks))


def _screen_unclear(
    paragraphs: Sequence[str],
    read: _Read,
    spot: _SpotCheck,
    given: str | None,
    lingua: _Lingua,
    cfg: dict[str, Any],
) -> tuple[dict[int, str], dict[int, str]]:
    """Screen the paragraphs neither familiar nor already checked, unless their function
    words clearly say the article language.

    Returns:
        (clear paragraphs: their language without a call, deferred paragraphs: clear ones
        of a long mixed article, screened later when not in the article language).
    """
    todo = [p for p in read.screenable if p not in spot.familiar and p not in lingua.values]
    found = {p: code for p in todo if (code := read.profiled[p][0]) is not None}
    counts = {p: hits for p in todo if (hits := read.profiled[p][1]) is not None}
    clear = clear_paragraphs(paragraphs, found, counts, spot.language, given, spot.checked, cfg)
    deferred: dict[int, str] = {}
    if not clear and sum(len(t) for t in read.tokens) >= cfg["profile_mixed_min_tokens"]:
        # A long mixed article: clear paragraphs vote with their own language; those not
        # in the language the vote picks are screened afterwards, for their sentences.
        deferred = found
    for p in todo:
        if p not in clear and p not in deferred:
            lingua.screen(p)
    return clear, deferred


def _vote(
    paragraphs: Sequence[str],
    values: dict[int, list[tuple[str, float]]],
    spot: _SpotCheck,
    unscreened: list[tuple[int, str]],
    cfg: dict[str, Any],
) -> str | None:
    """The article language: the length-weighted vote of screened paragraphs (by lingua's
    confidence), familiar ones and ``unscreened`` (paragraph, language) ones; one call on
    the whole text when nothing votes."""
    votes: dict[str, float] = {}
    for p, vals in values.items():
        if vals:
            code, conf = vals[0]
            votes[code] = votes.get(code, 0.0) + conf * len(paragraphs[p])
    if spot.language is not None:
        weight = float(sum(len(paragraphs[p]) for p in spot.familiar))
        votes[spot.language] = votes.get(spot.language, 0.0) + weight
    for p, code in unscreened:
        votes[code] = votes.get(code, 0.0) + len(paragraphs[p])
    if votes:
        return max(votes.items(), key=lambda kv: kv[1])[0]
    return detect("\n".join(paragraphs), cfg)


def _sentence_languages(
    sentences: Sequence[tuple[str, int]], article: str, lingua: _Lingua, cfg: dict[str, Any]
) -> list[str | None]:
    """Each sentence's language: the article's, unless its screened paragraph does not
    confidently read as it and the precise model confidently finds another."""
    out: list[str | None] = [article] * len(sentences)
    by_para: dict[int, list[int]] = {}
    for i, (_, p) in enumerate(sentences):
        by_para.setdefault(p, []).append(i)
    margin = cfg["sentence_margin"]
    min_chars = cfg["min_sentence_chars"]
    for p, members in by_para.items():
        para_values = lingua.values.get(p)
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
            lingua.calls.sentence_calls += 1
            precise = confidences(s_text[: cfg["sample_chars"]], cfg, precise=True)
            out[i] = _differs(precise, article, margin) or article
    return out
