"""What one pair of articles shares: coverage, kinds, order, wording, and residue.

Every measure here is computed from the alignments and the cleaned articles only, so a
relation's ``reasons`` can quote them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..align.text import shingles, words
from ..types import Alignment, Article

# Quoted speech is shared by independent reports of the same event; the wording *around*
# the quotes is what a copy shares and an independent report does not.
_QUOTED = re.compile(r"“[^”]{0,600}”|\"[^\"]{0,600}\"|«[^»]{0,600}»|„[^“”]{0,600}[“”]")
# Removal reasons that a republisher adds around a copied text (an original page has
# navigation and players, but not ads spliced into the body or forum headers).
REPOST_REASONS = frozenset(
    {
        "advertisement",
        "ad",
        "forum-header",
        "forum-residue",
        "repeated-block",
        "promo",
        "subscribe",
        "related",
    }
)
# Languages whose typography uses guillemets or a space before high punctuation.
_GUILLEMET_TEXT = """fr ru uk be de it es pt pl el ca no nb nn da cs sk sl hu tr ar fa he ro
bg sr hr sq hy az ka lt lv et fi rm eu gl"""
_GUILLEMET_LANGS = frozenset(_GUILLEMET_TEXT.split())
_FRENCH_SPACING_LANGS = frozenset({"fr", "br", "oc"})
_SPACE_BEFORE_PUNCT = re.compile(r"[^\s\d]\s+[,.;:!?](?=\s|$)")
# A French elision cut off by a round trip ("l'Ukraine" -> "'Ukraine"): a capitalised word
# opened by a lone apostrophe, alone as a fragment or inside a sentence with no other
# quote-like apostrophe (a quotation would open and close).
_ELIDED_FRAGMENT = re.compile(r"['’][A-Z][\w-]+[.!?]?")
_ELIDED_WORD = re.compile(r"\s['’][A-Z][a-z][\w-]*(?=[.,;:!?]?(?:\s|$))")
_QUOTE_LIKE = re.compile(r"(?:^|\s)['‘’]|['‘’](?:\s|$)")
_ROMANCE_ELISION = re.compile(r"\b[dlDL]['’][A-Z]\w+")
_SPACED_THOUSANDS = re.compile(r"\b\d{1,3}[  ]\d{3}\b|\d[  ]%")
_PLACE_CALQUE_PREPS = frozenset({"from", "of", "de", "du", "des", "von", "di", "del"})


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Measures of one unordered article pair (``a`` < ``b`` by id)."""

    a: str
    b: str
    alignments: tuple[Alignment, ...]
    cov_a: float  # share of a's sentence characters aligned with b
    cov_b: float
    wcov_a: float  # the same, each aligned sentence weighted by its match score
    wcov_b: float
    verbatim_share: float  # share of aligned characters in verbatim or close matches
    translated_share: float
    one_to_one: float  # share of alignments that are 1-1 (not merges)
    shortest: int  # sentences in the shorter article of the pair
    order: float  # longest order-keeping chain of alignments / alignments
    wording: float  # shared 4-word runs outside quotes / the smaller article's runs
    artefacts_a: int  # translation artefacts in a's matched text (whole text if parallel)
    artefacts_b: int
    strong: int  # matches scoring >= strong_score that are not mostly direct quotes
    calques_a: int  # place prepositions a inserts in close matches ("College from London")
    calques_b: int

    def artefact_score(self, article_id: str) -> int:
        """Translation artefacts plus inserted place calques of one side of the pair."""
        if article_id == self.a:
            return self.artefacts_a + self.calques_a
        return self.artefacts_b + self.calques_b

    def cov(self, article_id: str) -> float:
        return self.cov_a if article_id == self.a else self.cov_b

    def wcov(self, article_id: str) -> float:
        return self.wcov_a if article_id == self.a else self.wcov_b


def sentence_chars(art: Article) -> int:
    return sum(len(s.text) for s in art.sentences if s.text.strip())


def longest_increasing(seq: Iterable[int]) -> int:
    """Length of the longest strictly increasing subsequence (how much keeps its order)."""
    tails: list[int] = []
    for x in seq:
        k = bisect.bisect_left(tails, x)
        if k == len(tails):
            tails.append(x)
        else:
            tails[k] = x
    return len(tails)


def outside_quote_shingles(art: Article, n: int = 4) -> frozenset[tuple[str, ...]]:
    text = " ".join(s.text for s in art.sentences)
    text = _QUOTED.sub(" | ", text)
    out: set[tuple[str, ...]] = set()
    for part in text.split("|"):
        out |= shingles(words(part), n)
    return frozenset(out)


def _cased(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _calques(src: str, tgt: str) -> int:
    """Prepositions inserted before a capitalised name in a close edit of ``src``."""
    a, b = _cased(src), _cased(tgt)
    hits = 0
    sm = SequenceMatcher(None, [w.lower() for w in a], [w.lower() for w in b], autojunk=False)
    for op, i1, _i2, j1, j2 in sm.get_opcodes():
        if op != "insert" or j2 - j1 != 1 or not 0 < i1 < len(a):
            continue
        word = b[j1].lower()
        if word in _PLACE_CALQUE_PREPS and a[i1][:1].isupper() and a[i1 - 1][:1].isupper():
            hits += 1
    return hits


def _broken_elisions(text: str) -> int:
    t = text.strip()
    if _ELIDED_FRAGMENT.fullmatch(t):
        return 1
    if len(_QUOTE_LIKE.findall(t)) != 1:
        return 0
    return len(_ELIDED_WORD.findall(t))


def sentence_artefacts(text: str, language: str | None) -> dict[str, int]:
    """Traces of machine translation through another language in one sentence, by type."""
    lang = (language or "en").split("-")[0]
    out: dict[str, int] = {}
    if lang not in _GUILLEMET_LANGS:
        out["guillemets"] = text.count("«") + text.count("»")
    if lang not in _FRENCH_SPACING_LANGS:
        out["space-before-punct"] = len(_SPACE_BEFORE_PUNCT.findall(text))
        out["number-format"] = len(_SPACED_THOUSANDS.findall(text))
    if lang not in {"fr", "it", "ca", "oc"}:
        out["broken-elision"] = _broken_elisions(text) + len(_ROMANCE_ELISION.findall(text))
    return {k: v for k, v in out.items() if v}


def artefacts(art: Article) -> dict[int, dict[str, int]]:
    """Artefact counts of each sentence that has any, by sentence index."""
    out: dict[int, dict[str, int]] = {}
    for s in art.sentences:
        hits = sentence_artefacts(s.text, s.language or art.language)
        if hits:
            out[s.index] = hits
    return out


def count_artefacts(per_sentence: dict[int, dict[str, int]], only: set[int] | None) -> int:
    return sum(sum(h.values()) for i, h in per_sentence.items() if only is None or i in only)


def repost_residue(art: Article) -> int:
    """Removed spans whose reason marks a republisher (ads, forum headers, repeats)."""
    return sum(1 for r in art.removed if r.reason in REPOST_REASONS)


def quoted_share(text: str) -> float:
    """Share of ``text`` inside quotation marks (an unclosed opening quote runs to the end)."""
    if not text:
        return 0.0
    spans = quote_spans(text)
    inside = sum(e - s for s, e in spans)
    rest = text[spans[-1][1] :] if spans else text
    opened = re.search(r"[“«„\"]", rest)
    if opened:
        inside += len(rest) - opened.start()
    return min(1.0, inside / len(text))


_QUOTE_MARK = re.compile(r"[“”«»„\"]")
_CLOSER_FOR = {"“": "”", "«": "»", "„": "“”", '"': '"'}
# A quotation longer than this is a stray mark, not a quote (the segmenter's limit).
_MAX_QUOTE_CHARS = 800


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside matched quotation marks, across sentences and lines
    ("I partied. I had fun." inside one quote); unmatched marks open nothing."""
    marks = [m.start() for m in _QUOTE_MARK.finditer(text)]
    spans: list[tuple[int, int]] = []
    k = 0
    while k < len(marks):
        start = marks[k]
        closers = _CLOSER_FOR.get(text[start])
        k += 1
        if closers is None:
            continue
        for n in range(k, len(marks)):
            pos = marks[n]
            if pos - start > _MAX_QUOTE_CHARS:
                break
            if text[pos] in closers:
                spans.append((start, pos + 1))
                k = n + 1
                break
    return spans


def quoted_sentences(art: Article) -> dict[int, float]:
    """Share of each sentence that lies inside a quotation."""
    inside = bytearray(len(art.raw))
    for start, end in quote_spans(art.raw):
        inside[start:end] = b"\x01" * (end - start)
    out: dict[int, float] = {}
    for sent in art.sentences:
        size = sent.end - sent.start
        if size > 0:
            out[sent.index] = sum(inside[sent.start : sent.end]) / size
    return out


def pair_features(
    a: Article,
    b: Article,
    alignments: Sequence[Alignment],
    shingle_sets: dict[str, frozenset[tuple[str, ...]]],
    artefact_sets: dict[str, dict[int, dict[str, int]]],
    quote_sets: dict[str, dict[int, float]],
    strong_score: float = 0.8,
    parallel_coverage: float = 0.6,
) -> PairFeatures:
    """Measure what ``a`` and ``b`` (``a.id < b.id``) share through ``alignments``."""
    chars_a, chars_b = max(1, sentence_chars(a)), max(1, sentence_chars(b))
    cov_a: dict[int, float] = {}
    cov_b: dict[int, float] = {}
    kind_chars: dict[str, float] = {}
    calques_a = calques_b = strong = 0
    qa, qb = quote_sets[a.id], quote_sets[b.id]
    for al in alignments:
        # Independent reports quote the same people word for word: a shared quote is not
        # evidence that one text was made from the other.
        quoted = max(
            sum(qa.get(i, 0.0) for i in al.a_sents) / len(al.a_sents),
            sum(qb.get(j, 0.0) for j in al.b_sents) / len(al.b_sents),
        )
        if al.score >= strong_score and quoted < 0.5:
            strong += 1
        for i in al.a_sents:
            cov_a[i] = max(cov_a.get(i, 0.0), al.score)
        for j in al.b_sents:
            cov_b[j] = max(cov_b.get(j, 0.0), al.score)
        size = (al.a_span[1] - al.a_span[0] + al.b_span[1] - al.b_span[0]) / 2
        kind_chars[al.kind] = kind_chars.get(al.kind, 0.0) + size
        if al.kind == "close":
            ta, tb = a.raw[al.a_span[0] : al.a_span[1]], b.raw[al.b_span[0] : al.b_span[1]]
            calques_a += _calques(tb, ta)
            calques_b += _calques(ta, tb)
    total = sum(kind_chars.values()) or 1.0
    ordered = sorted(alignments, key=lambda al: (al.a_sents[0], al.b_sents[0]))
    order = longest_increasing([al.b_sents[0] for al in ordered]) / len(ordered) if ordered else 0.0
    sa, sb = shingle_sets[a.id], shingle_sets[b.id]
    wording = len(sa & sb) / max(1, min(len(sa), len(sb)))
    len_a = {s.index: len(s.text) for s in a.sentences}
    len_b = {s.index: len(s.text) for s in b.sentences}
    share_a = sum(len_a[i] for i in cov_a) / chars_a
    share_b = sum(len_b[j] for j in cov_b) / chars_b
    # Artefacts count where the two texts run in parallel: in matched sentences, or in the
    # whole text when each covers most of the other (a version of the whole article, whose
    # unmatched fragments such as a split-off ". 'Ukraine." belong to it too).
    parallel = min(share_a, share_b) >= parallel_coverage
    return PairFeatures(
        a=a.id,
        b=b.id,
        alignments=tuple(alignments),
        cov_a=share_a,
        cov_b=share_b,
        wcov_a=sum(len_a[i] * s for i, s in cov_a.items()) / chars_a,
        wcov_b=sum(len_b[j] * s for j, s in cov_b.items()) / chars_b,
        verbatim_share=(kind_chars.get("verbatim", 0.0) + kind_chars.get("close", 0.0)) / total,
        translated_share=kind_chars.get("translated", 0.0) / total,
        one_to_one=(
            sum(1 for al in alignments if len(al.a_sents) == len(al.b_sents) == 1)
            / max(1, len(alignments))
        ),
        order=order,
        shortest=min(len(len_a), len(len_b)),
        wording=wording,
        artefacts_a=count_artefacts(artefact_sets[a.id], None if parallel else set(cov_a)),
        artefacts_b=count_artefacts(artefact_sets[b.id], None if parallel else set(cov_b)),
        strong=strong,
        calques_a=calques_a,
        calques_b=calques_b,
    )
