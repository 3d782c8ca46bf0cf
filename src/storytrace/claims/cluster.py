"""Group the sentences of a story into claims without chaining.

Edges come from the sentence alignments inside one origin (derivative copies: trusted; an
alignment across origins only counts as shared evidence) and from
cross-article matching of the sentence embeddings: two sentences of different articles link
when each is the other's best match in that article (mutual nearest neighbours) and their
cosine is high, or a little lower but they share key content (a number, a date, a rare
name or place, a quote). Edges are merged strongest first, and two groups merge only when
every pair across them stays above a floor (complete linkage) and no article would
contribute two unrelated sentences, so A~B and B~C never pulls an unrelated C into A's claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..types import Sentence, Story
from .values import Value, same_number

Node = tuple[int, int]  # (article position, sentence position)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Cosine thresholds of sentence matching (see ``[claims]`` in defaults.toml)."""

    alone: float = 0.93
    with_key: float = 0.90
    floor: float = 0.84
    duplicate: float = 0.95


def key_content(values: Sequence[Value], rare: set[str]) -> set[str]:
    """The values that make two sentences about the same fact: numbers, dates, rare entities."""
    out = set()
    for v in values:
        if v.kind in {"number", "date"} or v.key in rare:
            out.add(f"{v.kind}:{v.key}")
    return out


def _shares_key(a: set[str], b: set[str], va: Sequence[Value], vb: Sequence[Value]) -> bool:
    if a & b:
        return True
    na = [v for v in va if v.kind == "number"]
    nb = [v for v in vb if v.kind == "number"]
    return any(same_number(x, y) for x in na for y in nb)


def cluster_sentences(
    story: Story,
    sents: list[tuple[Sentence, ...]],
    vecs: list[np.ndarray],
    keys: list[list[set[str]]],
    values: list[list[list[Value]]],
    origin_of: list[str],
    th: Thresholds,
) -> list[list[Node]]:
    """Claims as lists of sentence nodes, each sentence in exactly one."""
    pos = {a.id: k for k, a in enumerate(story.articles)}
    index_of = [{s.index: j for j, s in enumerate(ss)} for ss in sents]
    aligned: dict[tuple[Node, Node], float] = {}
    hinted: set[tuple[Node, Node]] = set()
    for al in story.alignments:
        if al.a not in pos or al.b not in pos:
            continue
        ia, ib = pos[al.a], pos[al.b]
        for sa in al.a_sents:
            for sb in al.b_sents:
                if sa in index_of[ia] and sb in index_of[ib]:
                    na, nb = (ia, index_of[ia][sa]), (ib, index_of[ib][sb])
                    if origin_of[ia] == origin_of[ib]:
                        aligned[(na, nb)] = aligned[(nb, na)] = max(float(al.score), 0.0)
                    else:
                        # across origins the aligner's pairs are hints, not derivation:
                        # they count as shared key content, the cosine still decides
                        hinted.add((na, nb))
                        hinted.add((nb, na))
    edges: list[tuple[float, Node, Node]] = [
        (1.0 + s, a, b) for (a, b), s in aligned.items() if a < b
    ]
    n = len(sents)
    sims: dict[tuple[int, int], np.ndarray] = {}
    for i in range(n):
        for j in range(i + 1, n):
            if not len(vecs[i]) or not len(vecs[j]):
                continue
            s = vecs[i] @ vecs[j].T
            sims[(i, j)] = s
            best_j = s.argmax(axis=1)
            best_i = s.argmax(axis=0)
            for x, y in enumerate(best_j):
                if best_i[y] != x:
                    continue
                c = float(s[x, y])
                ok = c >= th.alone or (
                    c >= th.with_key
                    and (
                        ((i, x), (j, int(y))) in hinted
                        or _shares_key(keys[i][x], keys[j][int(y)], values[i][x], values[j][int(y)])
                    )
                )
                if ok and ((i, x), (j, int(y))) not in aligned:
                    edges.append((c, (i, x), (j, int(y))))

    def affinity(a: Node, b: Node) -> float:
        if (a, b) in aligned:
            return 1.0
        if a[0] == b[0]:
            if abs(a[1] - b[1]) == 1:
                return (
                    1.0
                    if _merged_run(a, b, aligned)
                    else float(vecs[a[0]][a[1]] @ vecs[a[0]][b[1]])
                )
            return float(vecs[a[0]][a[1]] @ vecs[b[0]][b[1]])
        i, j = (a, b) if a[0] < b[0] else (b, a)
        return float(sims[(i[0], j[0])][i[1], j[1]])

    cluster_of: dict[Node, int] = {}
    members: dict[int, list[Node]] = {}
    for i, ss in enumerate(sents):
        for x in range(len(ss)):
            cid = len(members)
            cluster_of[(i, x)] = cid
            members[cid] = [(i, x)]
    for _score, a, b in sorted(edges, key=lambda t: (-t[0], t[1], t[2])):
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        ma, mb = members[ca], members[cb]
        if not _compatible(ma, mb, affinity, th):
            continue
        keep, drop = (ca, cb) if len(ma) >= len(mb) else (cb, ca)
        for node in members[drop]:
            cluster_of[node] = keep
        members[keep].extend(members.pop(drop))
    return [sorted(m) for m in members.values()]


def _merged_run(a: Node, b: Node, aligned: dict[tuple[Node, Node], float]) -> bool:
    partners_a = {y for (x, y) in aligned if x == a}
    partners_b = {y for (x, y) in aligned if x == b}
    return bool(partners_a & partners_b)


def _compatible(
    ma: list[Node], mb: list[Node], affinity: Callable[[Node, Node], float], th: Thresholds
) -> bool:
    """Complete linkage: every cross pair above the floor; one sentence per article unless
    the two are a merged run of one alignment or a repeated block."""
    for y in mb:
        for x in ma:
            score = affinity(x, y)
            if x[0] == y[0]:
                if score < 1.0 and score < th.duplicate:
                    return False
            elif score < th.floor:
                return False
    return True
