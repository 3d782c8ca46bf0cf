"""The derivation forest of one story while :func:`.relate.relate` builds it.

One object holds what the phases of ``relate`` share (the measured pairs, the direction
votes, the reuse verdicts, the parent of each derived article and its relation), and the
few operations that change it: derive a target from a source, climb to the earliest
version of a source, walk up to a root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..types import Article, Relation
from .direction import ArticleClues, direction_vote
from .features import PairFeatures
from .reuse import ReuseVerdict
from .rules import classify, confidence

Pair = tuple[str, str]


def key(x: str, y: str) -> Pair:
    """The unordered pair ``(x, y)`` as stored (smaller id first)."""
    return (x, y) if x < y else (y, x)


@dataclass(slots=True)
class Forest:
    """Measured pairs of a story and the derivation forest built over them."""

    cfg: dict[str, Any]
    arts: dict[str, Article]
    feats: dict[Pair, PairFeatures]
    clues: dict[str, ArticleClues]
    reuse: dict[tuple[str, str], ReuseVerdict]  # (source, target) -> verdict
    linked: dict[Pair, PairFeatures] = field(default_factory=dict)
    by_rules: set[Pair] = field(default_factory=set)  # linked by the alignment rules
    votes: dict[Pair, tuple[float, list[str]]] = field(default_factory=dict)
    linked_count: int = 0
    rank: dict[str, int] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)
    derived: dict[str, Relation] = field(default_factory=dict)

    def vote(self, x: str, y: str) -> float:
        """The direction vote that ``x`` is the source of ``y`` (computed once per pair)."""
        k = key(x, y)
        if k not in self.votes:
            self.votes[k] = direction_vote(
                k[0], k[1], self.feats[k], self.clues, self.linked_count, self.cfg
            )
        d = self.votes[k][0]
        return d if k[0] == x else -d

    def derive(self, src: str, tgt: str, extra_reason: str | None = None) -> None:
        """Record ``tgt`` as derived from ``src``, replacing any earlier parent."""
        k = key(src, tgt)
        f = self.feats[k]
        d_src = self.vote(src, tgt)
        certain = d_src >= float(self.cfg["direction_margin"])
        kind, why = classify(self.arts[src], self.arts[tgt], f, self.clues, self.cfg)
        verdict = self.reuse.get((src, tgt))
        found_by_model = k not in self.by_rules and verdict is not None
        if found_by_model and kind == "copy":
            kind, why = "rewrite", []  # reworded wire copy the alignment rules did not link
        if verdict is not None and kind != "translation":
            why.append(verdict.reason(src))
        if (
            self.arts[src].content_hash
            and self.arts[src].content_hash == self.arts[tgt].content_hash
        ):
            kind, certain, why = "copy", False, ["identical text (same content hash)"]
        if not certain:
            why.append("direction uncertain: the clues do not clearly say which came first")
        if extra_reason:
            why.append(extra_reason)
        conf = confidence(f, tgt, d_src, certain)
        if verdict is not None and kind != "translation":
            # The calibrated model says how likely the derivation is; content clues never
            # make an uncertain direction more than a 0.6 bet.
            conf = round(min(verdict.p_derived, 0.6 if not certain else 0.99), 3)
        level = verdict.level if verdict is not None else "none"
        if level == "none":
            # Linked by the alignment rules (a translation, a parallel version) while the
            # word-level model sees no reuse: the target's coverage says how much.
            level = (
                "wholly" if f.cov(tgt) >= float(self.cfg["wholly_min_coverage"]) else "partially"
            )
        share = verdict.share if verdict is not None and kind != "translation" else f.wcov(tgt)
        self.parent[tgt] = src
        self.derived.pop(tgt, None)
        self.derived[tgt] = Relation(
            source=src,
            target=tgt,
            kind=kind,
            confidence=conf,
            coverage=round(f.cov(tgt), 4),
            source_coverage=round(f.cov(src), 4),
            direction_certain=certain,
            evidence=f.alignments,
            reasons=tuple(why + _weighed(self.votes[k][1], tgt)),
            reuse=level,
            derived_share=round(max(share, 0.0), 4),
        )

    def earliest_version(self, src: str, tgt: str) -> str:
        """Climb from ``src`` to the earliest version of the same whole text.

        A full copy or round-trip translation says everything its original says, so a
        target matched through it is attached to the original when it shares content with
        it too (wording artefacts of the copy cannot be told from the target's own edits).
        """
        floor = float(self.cfg["equivalent_coverage"])
        while src in self.parent:
            up = self.parent[src]
            f = self.feats[key(src, up)]
            if min(f.cov_a, f.cov_b) < floor or key(up, tgt) not in self.feats:
                break
            src = up
        return src

    def root_of(self, i: str) -> str:
        while i in self.parent:
            i = self.parent[i]
        return i

    def path_up(self, i: str) -> list[str]:
        out = [i]
        while out[-1] in self.parent:
            out.append(self.parent[out[-1]])
        return out


def _weighed(reasons: list[str], target: str) -> list[str]:
    """The direction clues of a relation, those that point the other way marked as outweighed.

    A pair's clues are collected both ways ("points to X as the source: ..."); listed as they
    are under a relation whose source is the other article, one read as a contradiction.
    """
    against = f"points to {target} as the source"
    return [f"outweighed: {r}" if r.startswith(against) else r for r in reasons]
