"""Candidate sentence pairs: embedding neighbours plus a verbatim (word-shingle) index.

Scoring every sentence of every article against every sentence of every other article
grows as the square of the story. Instead each sentence asks a nearest-neighbour index for
its closest sentences in *other* articles (faiss, exact below ``[align] hnsw_above``
sentences, HNSW above), and a word-shingle inverted index adds every pair that shares a run
of ``[align] shingle_words`` words, so verbatim copies are never missed when many near
copies crowd the embedding neighbours. Only these pairs are scored.

In a big story (``[align] big_story_articles`` or more) the sentence neighbours of one
article still reach most other articles (each sentence asks for a fixed number of
neighbours, but every sentence reaches different ones), so the article pairs to align grow
as the square of the story. There each article keeps the ``[align] big_story_partners``
articles its sentences meet most strongly (sum of neighbour cosines, a shared word run
counting as a perfect neighbour), and a sentence pair is kept when its article pair is
among the partners of either article: article pairs, candidates and everything provenance
measures on them then grow linearly with the story.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..text.postings import pairs_sharing
from .text import content_words, norm_key, shingles, words


@dataclass(frozen=True, slots=True)
class Unit:
    """One alignable sentence: its article (position in the story) and sentence index."""

    article: int
    sentence: int
    text: str


#: up to this many units the exact search is one matrix product in numpy (16 MB of scores
#: at most): importing faiss alone took 0.16 s of a cold analysis of the seeds (155 units)
_NUMPY_UP_TO = 2048


def _knn(vecs: np.ndarray, k: int, hnsw_above: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest rows by inner product (itself included), best first."""
    n, dim = vecs.shape
    if n <= min(_NUMPY_UP_TO, hnsw_above):
        x = np.ascontiguousarray(vecs, dtype=np.float32)
        scores = x @ x.T
        top = (
            np.argpartition(-scores, k - 1, axis=1)[:, :k]
            if k < n
            else np.tile(np.arange(n), (n, 1))
        )
        part = np.take_along_axis(scores, top, axis=1)
        order = np.argsort(-part, axis=1, kind="stable")
        ids = np.take_along_axis(top, order, axis=1)
        return np.take_along_axis(part, order, axis=1), ids
    import faiss

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
    units: Sequence[Unit],
    vecs: np.ndarray,
    n_articles: int,
    settings: dict[str, Any],
    across: Sequence[str] | None = None,
) -> set[tuple[int, int]]:
    """Unordered unit-index pairs ``(i, j)``, ``i < j``, from different articles.

    Args:
        units: the alignable sentences of the story.
        vecs: their L2-normalised embeddings, one row per unit.
        n_articles: how many articles the units come from.
        settings: the ``[align]`` table.
        across: each unit's language group; when given, only pairs of two groups are kept
            (before the partner limit: the lexical path finds the others).
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
    below = (sims < floor).tolist()  # compared in float32, as the index returns them
    weight: dict[tuple[int, int], float] = {}
    for i in range(n):
        art_i = units[i].article
        taken: dict[int, int] = defaultdict(int)
        for sim, j, low in zip(sims[i].tolist(), ids[i].tolist(), below[i], strict=True):
            if j < 0 or low:
                continue
            art_j = units[j].article
            if art_j == art_i or taken[art_j] >= per_article:
                continue
            taken[art_j] += 1
            pair = (i, j) if i < j else (j, i)
            weight[pair] = max(weight.get(pair, 0.0), sim)
    for pair in _lexical_pairs(units, settings):
        weight[pair] = 1.0
    if across is not None:
        weight = {(i, j): w for (i, j), w in weight.items() if across[i] != across[j]}
    if n_articles >= int(settings["big_story_articles"]):
        return _among_partners(units, weight, int(settings["big_story_partners"]))
    return set(weight)


def _among_partners(
    units: Sequence[Unit], weight: dict[tuple[int, int], float], keep: int
) -> set[tuple[int, int]]:
    """The sentence pairs whose articles are among each other's ``keep`` strongest partners
    (by the summed weight of their sentence pairs)."""
    strength: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), w in weight.items():
        a, b = units[i].article, units[j].article
        strength[(a, b) if a < b else (b, a)] += w
    ranked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (a, b), w in strength.items():
        ranked[a].append((-w, b))
        ranked[b].append((-w, a))
    kept: set[tuple[int, int]] = set()
    for a, options in ranked.items():
        options.sort()
        kept.update((a, b) if a < b else (b, a) for _, b in options[:keep])
    out = set()
    for i, j in weight:
        a, b = units[i].article, units[j].article
        if ((a, b) if a < b else (b, a)) in kept:
            out.add((i, j))
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


def lexical_candidates(
    units: Sequence[Unit], groups: Sequence[str], n_articles: int, settings: dict[str, Any]
) -> set[tuple[int, int]]:
    """Candidate pairs found without vectors, within one language group (``groups[i]`` is
    unit ``i``'s language and script): pairs sharing a word run (as :func:`candidate_pairs`)
    and pairs sharing at least ``[align] lexical_min_shared_words`` content words that are
    in at most ``shingle_max_postings`` sentences (rarer words than "government"). A
    same-language match needs a shared content word (``min_content_dice``), so these reach
    the matches the embedding neighbours would, for the cost of an inverted index. Each
    article keeps its ``big_story_partners`` strongest partners (the summed shared words)."""
    if len(units) < 2 or n_articles < 2:
        return set()
    weight: dict[tuple[int, int], float] = {}
    for (i, j), w in _shared_word_pairs(units, groups, settings).items():
        weight[(i, j)] = w
    for i, j in _lexical_pairs(units, settings):
        if groups[i] == groups[j]:
            weight[(i, j)] = weight.get((i, j), 0.0) + 1.0  # a shared run: one word more
    return _among_partners(units, weight, int(settings["big_story_partners"]))


def _shared_word_pairs(
    units: Sequence[Unit], groups: Sequence[str], settings: dict[str, Any]
) -> dict[tuple[int, int], float]:
    """``(i, j) -> shared rare content words`` for unit pairs of different articles and one
    language group sharing at least ``lexical_min_shared_words`` of them (vectorised: every
    pair within a posting list once, a posting list holding at most ``cap`` units)."""
    word_id: dict[tuple[str, str], int] = {}
    w_col: list[int] = []
    u_col: list[int] = []
    for idx, unit in enumerate(units):
        for w in content_words(unit.text):
            w_col.append(word_id.setdefault((groups[idx], w), len(word_id)))
            u_col.append(idx)
    cap = int(settings["shingle_max_postings"])
    x, y, shared = pairs_sharing(w_col, u_col, cap, int(settings["lexical_min_shared_words"]))
    return {
        (i, j): float(k)
        for i, j, k in zip(x.tolist(), y.tolist(), shared.tolist(), strict=True)
        if units[i].article != units[j].article
    }


def translation_partners(
    texts: Sequence[str], foreign: set[int], settings: dict[str, Any]
) -> set[int]:
    """For each article in ``foreign``, the ``lexical_translation_partners`` other articles
    sharing most names and numbers with it (words written with a capital or a digit, which a
    translation keeps; one in more than ``shingle_max_postings`` articles is too common to
    tell partners apart)."""
    cap = int(settings["shingle_max_postings"])
    keep = int(settings["lexical_translation_partners"])
    names = [
        {t.strip(_PUNCT).lower() for t in text.split() if t[:1].isupper() or t[:1].isdigit()}
        for text in texts
    ]
    postings: dict[str, list[int]] = defaultdict(list)
    for a, words_a in enumerate(names):
        for w in words_a:
            postings[w].append(a)
    out: set[int] = set()
    for a in sorted(foreign):
        shared: dict[int, int] = defaultdict(int)
        for w in names[a]:
            members = postings[w]
            if len(members) <= cap:
                for b in members:
                    if b not in foreign:
                        shared[b] += 1
        out.update(b for _, b in sorted((-k, b) for b, k in shared.items())[:keep])
    return out


_PUNCT = ".,;:!?\"'()«»“”‘’"
