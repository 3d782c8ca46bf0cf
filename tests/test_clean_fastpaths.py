"""The speed shortcuts of the cleaning helpers answer exactly as the plain definitions do."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.clean import clear_caches, sentence_spans
from storytrace.clean.dates import dateline
from storytrace.clean.text import _QUOTES, fingerprint, normalize, words

# Letters that stress the shortcuts: Greek sigma (lower case depends on context), dotted
# capital I, compatibility forms, curly quotes and dashes, odd whitespace, combining marks.
_TRICKY = "ΣσςΑαİıſKﬁ’‘“”«»–-'\" \u00a0\u2028\t\n.!?x\u0301éE1"
_TEXT = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=40)


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
