"""Document-level text reuse: how much of a target article's wording and structure comes
from a source, and the calibrated model that turns it into a derivation verdict.

Newspapers rarely paste agency copy: they condense, reorder and reword it and add a line
of their own. Two reports of one event share facts, numbers and quotes but not wording
and structure. The evidence here (language-independent: word n-grams over the project's
tokenizer, numbers in any digit script, capitalised names where the script has case):

- ``c1``/``c2``/``c3``/``c5``: containment of the target's distinct word 1-, 2-, 3- and
  5-grams in the source;
- ``tiled``/``tiled2``: share of the target's words inside a word 3-gram (2-gram) the
  source also has;
- ``sentences``: share of the target's words in sentences that take at least 30% of their
  word 2-grams from one sentence of the source (a lexical, many-to-one sentence match:
  condensed copy keeps sentence structure, an independent report does not);
- ``anchors``: the target's numbers and names found in the source in the same order
  (longest order-keeping chain, over the target's count + 1); a number (any digit script,
  glued to a word or not) matches one written the same way, glued or apart;
- ``aligned``: share of the target's sentence text aligned with the source, weighted by
  match score (the sentence alignment, :mod:`storytrace.align`);
- ``merged``: share of the target's aligned sentences in many-to-one alignments (one
  sentence condensing several, or the reverse);
- ``length``: log2 of the target's length over the source's, clipped to [-2, 2].

Two models read this evidence, both fitted by ``bench/fit_derivation.py``:

- the reuse model (``derivation_model.json``, the 200 hand-labelled COUNTER dev pairs, Urdu):
  a multinomial logistic regression giving P(wholly), P(partially), P(none); it grades a
  derivation (its level and confidence);
- the link model (``link_model.json``, the COUNTER pairs and the ECB+ train topics, English):
  a binary logistic regression over evidence that reads the same in both languages, giving
  P(derived); :func:`storytrace.provenance.relate` links a pair the alignment rules do not
  link when it clears ``[relations] reuse_link_probability``. Fitted on Urdu alone, the
  reuse model reads English reports in their own words as derived (their function-word
  n-grams are shared as often as reworded Urdu copy's); the link model learned where two
  languages' independent reports sit.

Which P(derived) links a pair: the reuse model's where both articles are in a language it
was fitted on (its file's ``languages``: it was measured there, by cross-validation), the
link model's elsewhere. In its own language the reuse model finds the partially derived
copy that the link model, held back by English reports in their own words, misses:
COUNTER's partially derived pairs share as few word n-grams as ECB+'s independent English
reports (median 3-gram containment 0.08 vs 0.03, 5-gram 0.01 vs 0.00), so no word-level
model can link the first and keep the second apart in both languages at once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from ..align.text import words
from ..text import NumberRun, number_runs
from ..types import Alignment, Article
from .features import longest_increasing

ReuseLevel = Literal["wholly", "partially", "none"]
FEATURES = (
    "c1",
    "c2",
    "c3",
    "c5",
    "tiled",
    "tiled2",
    "sentences",
    "anchors",
    "aligned",
    "merged",
    "length",
)
# A target sentence is "taken" when this share of its word 2-grams is in one source sentence.
_SENTENCE_TAKEN = 0.3
_NAME = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class ArticleGrams:
    """An article's word sequence, its n-gram sets, its anchors (numbers, names), and each
    sentence's word 2-grams with its length in words."""

    tokens: tuple[str, ...]
    grams: tuple[frozenset[tuple[str, ...]], ...]  # n = 1, 2, 3, 5
    anchors: tuple[str, ...]
    sentences: tuple[tuple[frozenset[tuple[str, ...]], int], ...] = ()


def _written(run: NumberRun) -> str:
    """A number as an anchor: its digits and how it was written, glued to the word before
    ("<41") or after ("65>") or apart ("65"). A newspaper that copies the agency line keeps
    its numbers as the agency wrote them; one that reports the event types them anew."""
    return ("<" if run.glued_before else "") + run.digits + (">" if run.glued_after else "")


def _ngrams(tokens: Sequence[str], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def article_grams(art: Article) -> ArticleGrams:
    """The reuse view of one article (its kept sentences)."""
    tokens: list[str] = []
    anchors: list[str] = []
    sentences = []
    for sent in art.sentences:
        # the shared tokens: Arabic vowel marks dropped, digits of any script in ASCII,
        # numbers glued to a word apart from it (storytrace.text.numbers)
        text = sent.text
        toks = list(words(text))
        tokens.extend(toks)
        sentences.append((_ngrams(toks, 2), len(toks)))
        anchors.extend(_written(run) for run in number_runs(text))
        # Names: capitalised words after the first (scripts without case have none).
        names = _NAME.findall(text)[1:]
        anchors.extend(w.lower() for w in names if w[0].isupper() and len(w) > 1)
    return ArticleGrams(
        tuple(tokens),
        tuple(_ngrams(tokens, n) for n in (1, 2, 3, 5)),
        tuple(anchors),
        tuple(sentences),
    )


def _anchor_order(target: Sequence[str], source: Sequence[str]) -> float:
    """Target anchors found in the source in the same order, over the target count + 1."""
    first: dict[str, int] = {}
    for pos, a in enumerate(source):
        first.setdefault(a, pos)
    return longest_increasing(first[a] for a in target if a in first) / (len(target) + 1)


def _tiled(target: Sequence[str], source_grams: frozenset[tuple[str, ...]], n: int = 3) -> float:
    """Share of the target's words inside an n-gram of ``source_grams``."""
    covered = bytearray(len(target))
    # each run of n words, as a tuple (the shifted copies end unevenly: not strict)
    windows = zip(*(target[k:] for k in range(n)), strict=False)
    for i in [i for i, g in enumerate(windows) if g in source_grams]:
        covered[i : i + n] = b"\x01" * n
    return covered.count(1) / max(1, len(target))


def _sentences_taken(tg: ArticleGrams, sg: ArticleGrams) -> float:
    """Share of the target's words in sentences taking >= 30% of their 2-grams from one
    source sentence."""
    taken = 0
    every = sg.grams[1]  # the source's 2-grams, all its sentences' together
    for grams, size in tg.sentences:
        need = _SENTENCE_TAKEN * len(grams)
        # what the whole source does not give, no sentence of it gives; nor one with
        # fewer 2-grams than needed
        if (
            grams
            and len(grams & every) >= need
            and any(len(other) >= need and len(grams & other) >= need for other, _ in sg.sentences)
        ):
            taken += size
    return taken / max(1, sum(size for _, size in tg.sentences))


def _aligned(target: Article, alignments: Sequence[Alignment]) -> tuple[float, float]:
    """Weighted aligned share of the target's text, and its share in many-to-one matches."""
    best: dict[int, float] = {}
    merged: set[int] = set()
    for al in alignments:
        mine, theirs = (al.a_sents, al.b_sents) if al.a == target.id else (al.b_sents, al.a_sents)
        for i in mine:
            best[i] = max(best.get(i, 0.0), al.score)
            if len(mine) != len(theirs):
                merged.add(i)
    sizes = {s.index: len(s.text) for s in target.sentences}
    total = max(1, sum(sizes.values()))
    aligned = sum(sizes.get(i, 0) * s for i, s in best.items()) / total
    return aligned, len(merged) / max(1, len(best))


def reuse_evidence(
    target: Article,
    source: Article,
    tg: ArticleGrams,
    sg: ArticleGrams,
    alignments: Sequence[Alignment],
) -> dict[str, float]:
    """The reuse evidence (``FEATURES``) that ``target`` was made from ``source``.

    ``alignments`` are the pair's sentence alignments, with ``a`` either article.
    """
    cont = [len(t & s) / len(t) if t else 0.0 for t, s in zip(tg.grams, sg.grams, strict=True)]
    aligned, merged = _aligned(target, alignments)
    ratio = max(1, len(tg.tokens)) / max(1, len(sg.tokens))
    return {
        "c1": cont[0],
        "c2": cont[1],
        "c3": cont[2],
        "c5": cont[3],
        "tiled": _tiled(tg.tokens, sg.grams[2]),
        "tiled2": _tiled(tg.tokens, sg.grams[1], 2),
        "sentences": _sentences_taken(tg, sg),
        "anchors": _anchor_order(tg.anchors, sg.anchors),
        "aligned": aligned,
        "merged": merged,
        "length": max(-2.0, min(2.0, math.log2(ratio))),
    }


@dataclass(frozen=True, slots=True)
class DerivationModel:
    """A multinomial logistic regression over standardised reuse evidence."""

    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class
    intercept: tuple[float, ...]
    meta: dict[str, Any]
    # The languages of the articles it was fitted on (ISO 639-1): where its P is measured.
    languages: tuple[str, ...] = ()

    def probabilities(self, evidence: dict[str, float]) -> dict[str, float]:
        """P(class) for each class (reuse levels, or ``none``/``derived``), summing to 1."""
        x = [
            (evidence[f] - m) / s
            for f, m, s in zip(self.features, self.mean, self.scale, strict=True)
        ]
        logits = [
            b + sum(w * v for w, v in zip(row, x, strict=True))
            for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DerivationModel:
        return cls(
            features=tuple(data["features"]),
            classes=tuple(data["classes"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            coef=tuple(tuple(float(v) for v in row) for row in data["coef"]),
            intercept=tuple(float(v) for v in data["intercept"]),
            meta=dict(data.get("meta", {})),
            languages=tuple(data.get("languages", ())),
        )


@cache
def shipped_model() -> DerivationModel:
    """The reuse model shipped with the package (``provenance/derivation_model.json``)."""
    text = resources.files(__package__).joinpath("derivation_model.json").read_text("utf-8")
    return DerivationModel.from_dict(json.loads(text))


@cache
def shipped_link_model() -> DerivationModel:
    """The link model shipped with the package (``provenance/link_model.json``): classes
    ``none`` and ``derived``."""
    text = resources.files(__package__).joinpath("link_model.json").read_text("utf-8")
    return DerivationModel.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class ReuseVerdict:
    """What the model says about ``target`` made from ``source``."""

    p_derived: float  # P(wholly) + P(partially), the reuse model's
    # P(derived) that decides a link: p_derived in a language the reuse model was fitted
    # on, else the link model's P(derived).
    p_link: float
    level: ReuseLevel
    share: float  # share of the target's text taken from the source
    evidence: dict[str, float]
    in_fitted_language: bool = False  # p_link is the reuse model's

    def reason(self, source: str) -> str:
        e = self.evidence
        model = "reuse model" + (" (fitted on this language)" if self.in_fitted_language else "")
        return (
            f"{model}: P(derived from {source}) {self.p_derived:.2f} ({self.level}); "
            f"{e['c3']:.0%} of its word 3-grams and {e['anchors'] * 100:.0f}% of its numbers "
            f"and names in order come from it, {e['aligned']:.0%} of its text aligns"
        )


def verdict(
    evidence: dict[str, float],
    model: DerivationModel | None = None,
    link_model: DerivationModel | None = None,
    language: str | None = None,
) -> ReuseVerdict:
    """The reuse level, P(derived) and derived share of one target/source evidence (the
    shipped models when none are given).

    ``language``: the pair's language when both articles are in it (``None`` otherwise);
    where the reuse model was fitted on it, its P(derived) decides the link, else the link
    model's does.
    """
    reuse_model = model or shipped_model()
    probs = reuse_model.probabilities(evidence)
    p_none = probs.get("none", 0.0)
    own = language is not None and language in reuse_model.languages
    if own:
        p_link = 1.0 - p_none
    else:
        p_link = (link_model or shipped_link_model()).probabilities(evidence).get("derived", 0.0)
    if p_none >= 0.5:
        level: ReuseLevel = "none"
    else:
        level = "wholly" if probs.get("wholly", 0.0) > probs.get("partially", 0.0) else "partially"
    share = max(evidence["tiled"], evidence["aligned"])
    return ReuseVerdict(
        round(1.0 - p_none, 4), round(p_link, 4), level, round(min(1.0, share), 4), evidence, own
    )
