"""Data for the side-by-side view: every article pair as rows of aligned sentences.

Rows are computed here, in Python, so the browser only displays them: each row holds the
sentence positions of the left and right article (either side may be empty), the alignment
kind and score. Sentence texts are sent once per article, as exact ``raw`` slices.
Positions (not character offsets) cross into JavaScript because JS strings count UTF-16
units while our offsets count code points.
"""

from __future__ import annotations

import json
from itertools import combinations
from typing import Any

from ..types import Article, Story
from .common import article_label

# Above this many article pairs (25 articles), only related or aligned pairs are offered.
MAX_ALL_PAIRS = 300


def _sentences(art: Article) -> list[str]:
    if art.sentences:
        return [art.raw[s.start : s.end] for s in art.sentences]
    text = art.text.strip()
    return [text] if text else []


def _positions(art: Article) -> dict[int, int]:
    return {s.index: i for i, s in enumerate(art.sentences)}


def pair_rows(story: Story, a: Article, b: Article) -> list[list[Any]]:
    """Rows ``[[left positions], [right positions], kind, score]`` in reading order."""
    pa, pb = _positions(a), _positions(b)
    aligned: list[tuple[list[int], list[int], str, float]] = []
    for al in story.alignments:
        if al.a == a.id and al.b == b.id:
            left, right = al.a_sents, al.b_sents
        elif al.a == b.id and al.b == a.id:
            left, right = al.b_sents, al.a_sents
        else:
            continue
        lp = sorted(pa[i] for i in left if i in pa)
        rp = sorted(pb[i] for i in right if i in pb)
        if lp and rp:
            aligned.append((lp, rp, al.kind, round(al.score, 3)))
    aligned.sort(key=lambda r: (r[0][0], r[1][0]))
    used_a = {i for r in aligned for i in r[0]}
    used_b = {i for r in aligned for i in r[1]}
    # Sort key: (anchor in the left article, tie-break). Right-only sentences follow the row
    # that holds the nearest earlier right sentence, so both columns keep reading order.
    keyed: list[tuple[tuple[float, int, int], list[Any]]] = []
    b_anchor: dict[int, float] = {}
    for lp, rp, kind, score in aligned:
        keyed.append(((lp[0], 0, rp[0]), [lp, rp, kind, score]))
        for i in rp:
            b_anchor[i] = float(lp[0])
    for i in range(len(a.sentences)):
        if i not in used_a:
            keyed.append(((float(i), 0, -1), [[i], [], "", 0.0]))
    last = -1.0
    for j in range(len(b.sentences)):
        if j in b_anchor:
            last = b_anchor[j]
        elif j not in used_b:
            keyed.append(((last, 1, j), [[], [j], "", 0.0]))
    keyed.sort(key=lambda kv: kv[0])
    return [row for _, row in keyed]


def _pair_kind(story: Story, a: str, b: str) -> str:
    for r in story.relations:
        if {r.source, r.target} == {a, b}:
            return r.kind
    return ""


def view_data(story: Story, excluded: set[str]) -> dict[str, Any]:
    """The JSON the side-by-side view reads: articles, then pairs (related pairs first)."""
    arts = [a for a in story.articles if a.id not in excluded]
    articles = {
        a.id: {"label": article_label(story, a.id), "title": a.title or "", "s": _sentences(a)}
        for a in arts
    }
    pairs: list[dict[str, Any]] = []
    for a, b in combinations(arts, 2):
        left, right = a, b
        for r in story.relations:
            # Show a derivation source on the left.
            if r.kind != "independent" and r.source == b.id and r.target == a.id:
                left, right = b, a
        kind = _pair_kind(story, a.id, b.id)
        pairs.append(
            {
                "a": left.id,
                "b": right.id,
                "kind": kind,
                "rows": pair_rows(story, left, right),
            }
        )
    if len(pairs) > MAX_ALL_PAIRS:
        # Large stories: every pair would make the file heavy; keep pairs with something to show.
        pairs = [p for p in pairs if p["kind"] or _aligned(p)]
    pairs.sort(key=lambda p: (p["kind"] in ("", "independent"), -len(_aligned(p)), p["a"]))
    return {"articles": articles, "pairs": pairs}


def _aligned(pair: dict[str, Any]) -> list[Any]:
    return [r for r in pair["rows"] if r[0] and r[1]]


def script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
