"""Property: cleaning accounts for every character.

For any text built from real and junk lines, kept paragraphs and removed spans never
overlap, each span's text is ``raw[start:end]``, and together (sorted by offset) they
rebuild ``raw`` once whitespace is ignored. Whitespace between spans (line breaks,
indentation, the gap after a cut-off header) is the only thing not accounted for.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.clean import prepare
from storytrace.types import Article

REAL = [
    "The harbour board of Port Elvane approved a plan on Monday to deepen the main channel.",
    "Board chair Ines Marlow said the dredging would cost about 48 million.",
    "“We will protect the mussel beds. We promised that,” Marlow said.",
    "Big questions",
    "Nobody objected.",
    "Fishing cooperatives have opposed the dredging for months, citing Dr. Sato's study.",
    "Le conseil régional a finalement adopté le budget après un long débat.",
    "정부는 오늘 새 정책을 발표했다. 시장은 즉시 반응했다!",
]
JUNK = [
    "Skip to content",
    "Advertisement",
    "Share on Facebook",
    "WATCH: Harbour board votes on dredging",
    "please wait",
    "0:00 0:02:10 0:00",
    "Dredgers work in the main channel, June 3, 2025.",
    "Brightpath Academy bootcamp: registration now open, book your seat at the early-bird price.",
    "Uploaded files:",
    "Reply",
    " date 2025-06-17 ",
    "Quote from Kira vale on June 3, 2025, 9:14 AM",
    "By Rafe Oduya",
    "Home | World | Business | Sport",
]
LINE = st.one_of(
    st.sampled_from(REAL),
    st.sampled_from(JUNK),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
)
SEP = st.sampled_from(["\n", "\n\n", "\r\n", " \n  ", ""])


def _squash(text: str) -> str:
    return "".join(text.split())


def _check(raw: str) -> None:
    art = prepare(Article(id="p", raw=raw))
    pieces: list[tuple[int, int, str]] = [(s, e, raw[s:e]) for s, e in art.paragraphs]
    for r in art.removed:
        assert raw[r.start : r.end] == r.text
        pieces.append((r.start, r.end, r.text))
    pieces.sort()
    for (_, e1, _), (s2, _, _) in itertools.pairwise(pieces):
        assert e1 <= s2, "spans overlap"
    assert _squash("".join(p[2] for p in pieces)) == _squash(raw)
    for s in art.sentences:
        assert raw[s.start : s.end] == s.text and s.text.strip() == s.text
        p_start, p_end = art.paragraphs[s.paragraph]
        assert p_start <= s.start < s.end <= p_end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(LINE, SEP), max_size=14))
def test_kept_plus_removed_rebuilds_raw(parts: list[tuple[str, str]]) -> None:
    _check("".join(line + sep for line, sep in parts))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(REAL + JUNK), min_size=1, max_size=10))
def test_doubled_text_rebuilds_raw(lines: list[str]) -> None:
    body = "\n".join(lines)
    _check(body + "\n" + body)


def test_empty_and_blank_inputs() -> None:
    for raw in ("", "   \n\n  ", "\u2028"):
        art = prepare(Article(id="e", raw=raw))
        assert art.paragraphs == () and art.removed == () and art.sentences == ()
