"""Candidate sentence pairs: embedding neighbours plus a verbatim (word-shingle) index.

Scoring every sentence of every article against every sentence of every other article
grows as the square of the story. Instead each sentence asks a nearest-neighbour index for
its closest sentences in *other* articles (faiss, exact below ``[align] hnsw_above``
sentences, HNSW above), and a word-shingle inverted index adds every pair that shares a run
of ``[align] shingle_words`` words, so verbatim copies are never missed when many near
copies crowd the embedding neighbours. Only these pairs are scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .text import norm_key, shingles, words


@dataclass(frozen=True, slots=True)
class Unit:
    """One alignable sentence: its article (position in the story) and sentence index."""

    article: int
    sentence: int
    text: str


def _knn(vecs: np.ndarray, k: int, hnsw_above: int) -> tuple[np.ndarray, np.ndarray]:
    import faiss

    n, dim = vecs.shape
    index: Any
    if n > hnsw_above:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = max(64, 2 * k)
    else:
        index = faiss.IndexFlatIP(dim)
    index.add(np.ascontiguousarray(vecs, dtype=np.float32))
    sims, ids = index.search(np.ascontiguousarray(vecs, dtype=np.float32), k)
    return sims, ids


def candidate_pairs(
    units: Sequence[Unit], vecs: np.ndarray, n_articles: int, settings: dict[str, Any]
) -> set[tuple[int, int]]:
    """Unordered unit-index pairs ``(i, j)``, ``i < j``, from different articles.

    Args:
        units: the alignable sentences of the story.
        vecs: their L2-normalised embeddings, one row per unit.
        n_articles: how many articles the units come from.
        settings: the ``[align]`` table.
    """
    out: set[tuple[int, int]] = set()
    n = len(units)
    if n < 2 or n_articles < 2:
        return out
    per_article = int(settings["neighbours_per_article"])
    floor = float(settings["candidate_min_cos"])
    longest = max(np.bincount([u.article for u in units]))
    k = min(n, per_article * (n_articles - 1) + int(longest), int(settings["max_neighbours"]))
    if n_articles >= int(settings["big_story_articles"]):
        # A big story's copies crowd every sentence's neighbours: a fixed number of them
        # keeps candidates (and scoring) linear in the sentences.
        k = min(k, int(settings["big_story_neighbours"]))
    sims, ids = _knn(vecs, k, int(settings["hnsw_above"]))
    for i in range(n):
        art_i = units[i].article
        taken: dict[int, int] = defaultdict(int)
        for sim, j in zip(sims[i], ids[i], strict=True):
            if j < 0 or sim < floor:
                continue
            art_j = units[int(j)].article
            if art_j == art_i or taken[art_j] >= per_article:
                continue
            taken[art_j] += 1
            out.add((min(i, int(j)), max(i, int(j))))
    out |= _lexical_pairs(units, settings)
    return out


def _lexical_pairs(units: Sequence[Unit], settings: dict[str, Any]) -> set[tuple[int, int]]:
    size = int(settings["shingle_words"])
    cap = int(settings["shingle_max_postings"])
    postings: dict[object, list[int]] = defaultdict(list)
    for idx, unit in enumerate(units):
        toks = words(unit.text)
        keys: set[object] = (
            set(shingles(toks, size)) if len(toks) >= size else {norm_key(unit.text)}
        )
        for key in keys:
            postings[key].append(idx)
    out: set[tuple[int, int]] = set()
    for members in postings.values():
        # A shingle shared by very many sentences is boilerplate, not evidence of copying.
        if len(members) < 2 or len(members) > cap:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if units[i].article != units[j].article:
                    out.add((min(i, j), max(i, j)))
    return out
