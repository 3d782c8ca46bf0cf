"""The speed shortcuts of the cleaning helpers answer exactly as the plain definitions do."""

from __future__ import annotations

import importlib
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.clean import (
    boilerplate,
    clear_caches,
    dates,
    function_words,
    segment,
    sentence_spans,
)
from storytrace.clean import text as text_helpers
from storytrace.clean.dates import dateline
from storytrace.clean.repeats import find_repeats
from storytrace.clean.text import fingerprint, normalize, words

prepare_module = importlib.import_module("storytrace.clean.prepare")

# Letters that stress the shortcuts: Greek sigma (lower case depends on context), dotted
# capital I, compatibility forms, curly quotes and dashes, odd whitespace, combining marks.
_TRICKY = "ΣσςΑαİıſKﬁ’‘“”«»–-'\" \u00a0\u2028\t\n.!?x\u0301éE1"
_TEXT = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=40)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-"})


def _plain_normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.lower().split())


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_normalize_and_fingerprint_match_their_definitions(text: str) -> None:
    clear_caches()
    assert normalize(text) == _plain_normalize(text)
    # The fingerprint is the letters and digits of the normal form.
    assert fingerprint(text) == re.sub(r"[\W_]+", "", _plain_normalize(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_words_match_the_unicode_pattern(text: str) -> None:
    assert list(words(text)) == re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text)


def test_split_is_the_same_at_any_offset_and_after_caching() -> None:
    para = 'Gen. Marlow arrived. "It is late. We wait," she said. The U.S. Navy left.'
    raw = "Header line\n\n" + para + "\n"
    start = raw.index("Gen.")
    clear_caches()
    alone = sentence_spans(para, max_quote_chars=0)
    inside = sentence_spans(raw, start, start + len(para), 0)
    assert inside == [(start + s, start + e) for s, e in alone]
    # The quote protects its inner stop only when quotes are protected.
    protected = sentence_spans(para)
    assert len(protected) == len(alone) - 1
    assert sentence_spans(para, max_quote_chars=0) == alone  # memoised answer, same spans


def test_dateline_needs_a_digit() -> None:
    assert dateline("Updated June 3, 2025 10:42 GMT") == "2025-06-03"
    assert dateline("Published on Monday") is None


_DATE_BITS = st.sampled_from(
    ["June", "jun.", "JUIN", "Mär", "März", "sept", "Dismay", "de", "3", "03", "2025", "1999",
     "-", "/", ".", ",", " ", "  ", "th", "er", "İ", "ſ", "K", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_DATE_BITS, max_size=12).map("".join))
def test_date_prefilters_never_hide_a_date(text: str) -> None:
    # The cheap tests may say "maybe" wrongly, never "no" wrongly.
    if dates._DATE_RE.search(text):
        assert dates.may_hold_date(text)
    if dates._PARTIAL.search(text):
        assert dates.names_a_month(text)


def _plain_repeats(texts: list[str], min_chars: int, min_units: int) -> dict[int, str]:
    """find_repeats as first written: every unit split into sentences up front."""
    keys = [fingerprint(t) for t in texts]
    seen_units: set[str] = set()
    seen_sentences: set[str] = set()
    repeated = []
    for text, key in zip(texts, keys, strict=True):
        parts = [fingerprint(text[s:e]) for s, e in sentence_spans(text, max_quote_chars=0)]
        parts = [p for p in parts if p]
        covered = bool(parts) and all(p in seen_sentences for p in parts)
        repeated.append(bool(key) and (key in seen_units or covered))
        seen_units.add(key)
        seen_sentences.update(parts)
    out: dict[int, str] = {}
    i = 0
    while i < len(keys):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(keys) and repeated[j]:
            j += 1
        long_run = j - i >= min_units and sum(len(keys[k]) for k in range(i, j)) >= min_chars
        for k in range(i, j):
            if long_run:
                out[k] = "repeated-block"
            elif len(keys[k]) >= min_chars:
                out[k] = "repeated-paragraph"
        i = j
    return out


_SENTENCES = st.sampled_from(
    ["The port closed.", "It reopened on Friday!", "Yes.", "“Why?” she asked.", "No. 5 won.",
     "Mr. Hale left. He said so.", "« Non. »", "...", "The U.S. Navy came.", "A b c."]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=4).map(" ".join), max_size=8))
def test_repeats_split_lazily_but_answer_as_before(texts: list[str]) -> None:
    clear_caches()
    assert find_repeats(texts, 20, 2) == _plain_repeats(texts, 20, 2)


def _plain_cuts(chunk: str) -> list[int]:
    """The sentence cuts of segment._split as first written (loops per character)."""
    cuts: list[int] = []
    for m in segment._TERMINATOR.finditer(chunk):
        t_end = m.end()
        while t_end < len(chunk):
            if chunk[t_end] in segment._CLOSERS:
                t_end += 1
            elif (
                chunk[t_end] in " \u00a0\u202f"
                and t_end + 1 < len(chunk)
                and chunk[t_end + 1] in "»”"
            ):
                t_end += 2
            else:
                break
        if t_end >= len(chunk):
            break
        cjk = m.group(0)[-1] in segment._NOSPACE_TERM
        ws = t_end
        while ws < len(chunk) and chunk[ws].isspace():
            ws += 1
        glued = ws == t_end and not cjk and segment._glued(chunk, m.start(), t_end)
        if (ws == t_end and not cjk and not glued) or (
            not cjk and not segment._starts_sentence(chunk, ws)
        ):
            continue
        if chunk[t_end - 1] in segment._CLOSERS and segment._SPEECH_AFTER_QUOTE.match(chunk, ws):
            continue
        if m.group(0) == "." and segment._is_abbreviation(chunk, m.start(), ws):
            continue
        if m.group(0) == "." and segment._ordinal_day(chunk, m.start(), ws):
            continue
        cuts.append(t_end)
    return cuts


_PROSE = st.lists(
    st.sampled_from(
        ["The", "port", "U.S.", "Mr.", "No.", "5", "J.", "R.", "e.g.", "said", "she", "Wang",
         ".", "!", "?", "…", "。", "?!", "۔", "।", "؟", "ہے", "”", "»", " »", "\u00a0»", ")",
         "\"", "“", "«", "„", "14", "Mai", "Der",
         " ", "  ", "\n", "\u2028", "\u00a0", "a", "Il", "asked", "it"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(_PROSE)
def test_sentence_cuts_match_the_loop_they_replace(text: str) -> None:
    assert segment._cuts(text, ()) == _plain_cuts(text)


def test_bmp_classes_hold_exactly_the_characters_of_the_category_patterns() -> None:
    every = "".join(map(chr, range(0x10000)))
    for one_char in (r"[^\W_]", r"[^\W\d_]"):
        spelled = re.compile(text_helpers.bmp_class(one_char))
        category = re.compile(one_char)
        assert [bool(spelled.fullmatch(c)) for c in every] == [
            bool(category.fullmatch(c)) for c in every
        ]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_words_and_tokens_match_the_category_patterns(text: str) -> None:
    assert list(words(text)) == re.findall(r"[^\W_]+(?:['’\-][^\W_]+)*", text)
    assert function_words.tokens(text) == re.findall(r"[^\W\d_]+", text.lower())


_CAPTION_BITS = st.sampled_from(
    ["Photo", "photo", "PHOTO", " ", ":", "(", ")", "[", "]", "/", "|", ".", "AP", "Reuters",
     "REUTERſ", "getty images", "Getty Images", "EPA", "afp", " photo", "Jane Doe", "by",
     "credit", "The mayor speaks", "İ", "K", "x"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_CAPTION_BITS, max_size=10).map("".join))
def test_credit_line_prefilters_answer_as_the_pattern(text: str) -> None:
    plain = len(words(text)) <= 60 and bool(boilerplate._CREDIT_LINE.match(text.strip()))
    assert boilerplate.is_credit_line(text) == plain


def test_beyond_bmp_sees_astral_characters_only() -> None:
    assert text_helpers.beyond_bmp("a\U0001f600")
    assert not text_helpers.beyond_bmp("déjà \ud800 \uffff")
    assert not text_helpers.beyond_bmp("plain")


_CTA_SAMPLES = [
    "Register now", "REGISTER ONLINE", "opens registrations", "registrations are now open",
    "Subscribe today", "sign up for free", "our newsletter", "Early-bird", "early bird",
    "promo code", "Coupon code", "use code", "Click here", "tap here", "Download the app",
    "download our app", "Sponsored by", "sponsored content", "Join us", "join now",
    "join Acme Capital and invest", "invest today", "limited time offer", "Limited seats",
    "Book now", "book your seat", "enrol now", "Enroll today", "apply now", "Buy now",
    "shop now", "order now", "free trial", "Masterclass", "webinar", "bootcamp", "Mini-MBA",
]  # fmt: skip


def test_every_call_to_action_passes_the_keyword_prefilter() -> None:
    for phrase in _CTA_SAMPLES:
        line = f"Readers can {phrase} this week."
        assert boilerplate._CTA.search(line), phrase
        assert boilerplate._may_match(line, boilerplate._CTA_KEYS), phrase


def _plain_word_before(text: str, dot: int) -> str | None:
    end = dot - 1 if dot and text[dot - 1] == "\n" else dot
    k = end
    while k and (text[k - 1].isalnum() or text[k - 1] in "_.'’-"):
        k -= 1
    return text[k:end] if k < end else None


@settings(max_examples=500, deadline=None)
@given(_PROSE)
def test_word_before_matches_the_backward_scan(text: str) -> None:
    for dot in range(len(text) + 1):
        assert segment._word_before(text, dot) == _plain_word_before(text, dot)


def _plain_line_spans(raw: str) -> list[list[int]]:
    out: list[list[int]] = []
    for m in re.finditer(r"[^\n\r\u2028\u2029]+", raw):
        text = m.group(0)
        if text.strip():
            lead = len(text) - len(text.lstrip())
            out.append([m.start() + lead, m.start() + len(text.rstrip())])
    return out


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_line_spans_match_strip_per_line(raw: str) -> None:
    assert prepare_module._line_spans(raw) == _plain_line_spans(raw)


def test_line_spans_break_at_every_line_separator() -> None:
    for raw in ("a\u2028b", "a\u2029b", "a\rb", " a \n\n\t b\u00a0 ", "a \x0b b\x0cc"):
        assert prepare_module._line_spans(raw) == _plain_line_spans(raw), repr(raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_SENTENCES, min_size=1, max_size=4).map(" ".join), max_size=8))
def test_repeats_past_the_find_limit_answer_as_before(texts: list[str]) -> None:
    """A long text skips the substring test (quadratic there) and splits every unit."""
    from unittest import mock

    from storytrace.clean import repeats

    clear_caches()
    with mock.patch.object(repeats, "FIND_LIMIT", 0):
        assert find_repeats(texts, 20, 2) == _plain_repeats(texts, 20, 2)
