"""Candidate pairs of a window and their learned same-story probability.

Refinement (:mod:`storytrace.cluster.refine`) regroups a window of articles from the
probability that two articles report one story, scored only for candidate pairs:

1. Candidates: each article's ``neighbours`` strongest links by ``w_words * cos(words) +
   w_entities * cos(names and numbers)`` (tf-idf, idf over the window). The product that
   finds them leaves out the window's ``common_terms`` most frequent words (each in more
   than ``common_share`` of the articles and ``common_min_df`` articles): they link nearly
   every pair, which made the
   product dense (6 of 11 million entries a block on 10,823 articles) for links under
   0.1. The strength of a kept pair is then computed exactly, common words included.
   Pairs in two languages that share names or numbers are added (:func:`cross_language`).
2. Features of each pair (:data:`FEATURES`): cosines of the words, the entities, the
   titles and the leads; the gap between the two dates (``published``, else a date
   written near the top; 0 unless both have one); whether both have a title; and the
   rank of each article among the other's candidates (best and worst of the two, log):
   two reports of one story are each other's nearest neighbours more often than any
   cosine says; and the pair's link strength over each article's strongest link (lower
   and higher of the two): ranks count every member of a large story as a weaker
   neighbour (the 10th of an ECB+ event of 15 reports), the ratio does not, so the model
   weighs a window of large stories (ECB+ topics) and one of stories of three (NeuS)
   alike (cross-validated on train, bench/fit_pair_model.py, ECB+ topics dealt once:
   mean NeuS / ECB+ ARI 0.785 -> 0.799, ECB+ 0.752 -> 0.770 at the picked thresholds).
   Between two languages the words, titles and leads are not comparable (what they
   share are names and numbers): the multilingual embedding of the two leads (mapped
   from ``[embed_low, embed_high]`` to ``[0, 1]``; 0 for a pair not embedded) stands in
   for all three, and names are compared by their cross-language keys
   (:func:`cross_bags`, ``cross_name_keys``: "Bidena", "Байден" meet Biden) in the
   search, the entity cosine and the names cosine.
3. A logistic regression over the features (weights in ``pair_model.json``, fitted by
   ``bench/fit_pair_model.py``) gives the probability. A pair in two languages also gets
   a second opinion from a model over what a translation keeps (:data:`CROSS_FEATURES`:
   the cosines of the names and of the numbers alone, and the entity cosine over each
   article's strongest entity link, lower and higher), fitted on the same train pairs:
   the first model learnt from one-language pairs that names without shared words mean
   another event, which is exactly what a report in another language looks like. Such a
   pair takes the higher of the two probabilities, where the two share names (names
   cosine at least ``cross_min_names``): the cross model's weights lean on the relative
   strengths, which are 1 for an article's strongest link however weak, and it gave
   German reports sharing one number or one weak name with a lone English report of
   another story P 0.25-0.43 (bench/bench_crosslang.py). "Both dated" is fitted too but not
   shipped: in ECB+ only some sources write datelines, so it told the corpus' halves
   apart (fitted alone, the gap took a positive weight for that reason); in a stream
   where every article is dated it would be a constant.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from ..errors import ConfigError
from ..settings import ClusterRefineSettings
from .features import Features, keyed_entities

EmbedFn = Callable[[Sequence[str]], np.ndarray]

FEATURES = (
    "words",
    "entities",
    "title",
    "lead",
    "date_gap",
    "titled",
    "rank_best",
    "rank_worst",
    "relative_low",
    "relative_high",
)
# What a pair in two languages is weighed by besides the embedding: nothing here reads
# the words of one language.
CROSS_FEATURES = ("names", "numbers", "entities_relative_low", "entities_relative_high")
_NO_DAY = -(10**9)


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic regression weights over :data:`FEATURES` (in that order), and those of
    the cross-language model over :data:`CROSS_FEATURES` (empty: none)."""

    coef: tuple[float, ...]
    intercept: float
    cross_coef: tuple[float, ...] = ()
    cross_intercept: float = 0.0

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(same story) of each row of ``x``."""
        z = x @ np.asarray(self.coef, np.float64) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def cross_probability(self, xc: np.ndarray) -> np.ndarray:
        """P(same story) of each row of ``xc`` (:data:`CROSS_FEATURES`) by names and
        numbers alone; zeros without a cross-language model."""
        if not self.cross_coef:
            return np.zeros(len(xc))
        z = xc @ np.asarray(self.cross_coef, np.float64) + self.cross_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def pair_probability(self, pairs: Pairs) -> np.ndarray:
        """P(same story) of each pair: the higher of the two models' for a pair in two
        languages that shares names (:data:`Pairs.cross` and :data:`Pairs.named`), the
        first model's otherwise."""
        prob = self.probability(pairs.x)
        second = pairs.cross & pairs.named
        if second.any():
            other = self.cross_probability(pairs.xc[second])
            prob[second] = np.maximum(prob[second], other)
        return prob


@lru_cache(maxsize=4)
def load_model(name: str) -> PairModel:
    """The pair model ``name``: a file path, or a model shipped in this package."""
    path = Path(name)
    try:
        if path.is_absolute() or path.exists():
            text = path.read_text(encoding="utf-8")
        else:
            text = resources.files(__package__).joinpath(name).read_text("utf-8")
        data = json.loads(text)
        if list(data["features"]) != list(FEATURES):
            raise ValueError(f"its features {data['features']} are not {list(FEATURES)}")
        cross = data.get("cross", {"features": list(CROSS_FEATURES), "coef": [], "intercept": 0})
        if list(cross["features"]) != list(CROSS_FEATURES):
            want = list(CROSS_FEATURES)
            raise ValueError(f"its cross features {cross['features']} are not {want}")
        return PairModel(
            tuple(float(c) for c in data["coef"]),
            float(data["intercept"]),
            tuple(float(c) for c in cross["coef"]),
            float(cross["intercept"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"[cluster.refine] pair_model: cannot use '{name}' ({exc}); give the path of a "
            "model written by bench/fit_pair_model.py, or the shipped 'pair_model.json'"
        ) from exc


def tfidf(bags: Sequence[dict[str, float]]) -> sp.csr_matrix:
    """Sublinear tf-idf rows (idf over ``bags``), L2-normalised."""
    vocab: dict[str, int] = {}
    put = vocab.setdefault
    n = len(bags)
    cols = np.fromiter((put(t, len(vocab)) for bag in bags for t in bag), np.int64)
    tf = np.fromiter((v for bag in bags for v in bag.values()), np.float64, len(cols))
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum([len(bag) for bag in bags], out=indptr[1:])
    m = sp.csr_matrix((1.0 + np.log(tf), cols, indptr), shape=(n, max(1, len(vocab))))
    m.sum_duplicates()
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    m.data *= idf[m.indices]
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n), np.diff(m.indptr)), m.data**2, n))
    norms[norms == 0] = 1.0
    m.data /= np.repeat(norms, np.diff(m.indptr))
    return m


def rowdot(m: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, chunk: int = 65536) -> np.ndarray:
    """``m[rows[k]] . m[cols[k]]`` for each k."""
    out = np.zeros(len(rows))
    for start in range(0, len(rows), chunk):
        r, c = rows[start : start + chunk], cols[start : start + chunk]
        out[start : start + len(r)] = np.asarray(m[r].multiply(m[c]).sum(axis=1)).ravel()
    return out


def _strongest(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` strongest links (ties: the lower column)."""
    if not len(rows):
        return rows, cols, vals
    order = np.lexsort((cols, -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < k
    return rows[keep], cols[keep], vals[keep]


def _ranks(n: int, r: np.ndarray, c: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank (0 = strongest) of each pair in ``r``'s and in ``c``'s list: best, worst."""
    rr, cc, vv = np.concatenate([r, c]), np.concatenate([c, r]), np.concatenate([v, v])
    order = np.lexsort((cc, -vv, rr))
    rs = rr[order]
    starts = np.flatnonzero(np.r_[True, rs[1:] != rs[:-1]])
    rank = np.empty(len(rr))
    rank[order] = np.arange(len(rr)) - np.repeat(starts, np.diff(np.r_[starts, len(rr)]))
    m = len(r)
    return np.minimum(rank[:m], rank[m:]), np.maximum(rank[:m], rank[m:])


def _relative(n: int, r: np.ndarray, c: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's strength ``v`` over ``r``'s and over ``c``'s strongest: lower, higher."""
    top = np.zeros(n)
    np.maximum.at(top, r, v)
    np.maximum.at(top, c, v)
    top[top <= 0] = 1.0
    a, b = v / top[r], v / top[c]
    return np.minimum(a, b), np.maximum(a, b)


def candidates(
    words: sp.csr_matrix, ents: sp.csr_matrix, s: ClusterRefineSettings, block: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs ``(r, c)``, ``r < c``: each article's ``neighbours`` strongest."""
    n = words.shape[0]
    df = np.bincount(words.indices, minlength=words.shape[1])
    common = np.argsort(-df, kind="stable")[: s.common_terms]
    common = common[df[common] > max(s.common_min_df, s.common_share * n)]
    rare = np.ones(words.shape[1], bool)
    rare[common] = False
    joint = sp.hstack([words[:, rare] * np.sqrt(s.w_words), ents * np.sqrt(s.w_entities)])
    joint = joint.tocsr()
    found_r, found_c = [], []
    for start in range(0, n, block):
        prod = (joint[start : start + block] @ joint.T).tocoo()
        keep = (prod.data >= s.candidate_floor) & (prod.row + start != prod.col)
        r, c, _ = _strongest(prod.row[keep], prod.col[keep], prod.data[keep], s.neighbours)
        found_r.append(r + start)
        found_c.append(c)
    r = np.concatenate(found_r).astype(np.int64) if found_r else np.zeros(0, np.int64)
    c = np.concatenate(found_c).astype(np.int64) if found_c else np.zeros(0, np.int64)
    key = np.unique(np.minimum(r, c) * n + np.maximum(r, c))
    return key // n, key % n


def cross_bags(feats: Sequence[Features], s: ClusterRefineSettings) -> list[dict[str, float]]:
    """The entity bags a pair in two languages is compared by: each name word as its
    cross-language key with ``cross_name_keys`` on ("Putinem", "Путин": one key), else
    the entities as they are."""
    if not s.cross_name_keys:
        return [f.entities for f in feats]
    return [keyed_entities(f.entities, s.name_key_consonants) for f in feats]


def cross_language(
    feats: Sequence[Features],
    s: ClusterRefineSettings,
    embed_fn: EmbedFn | None,
    block: int = 1024,
    owner: np.ndarray | None = None,
    bags: Sequence[dict[str, float]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Pairs in two languages that share names or numbers (entity cosine, without the
    entities of one language (:func:`crossing`), at least ``cross_min_entities``):
    ``r``, ``c`` (``r < c``), the mapped embedding cosine of
    their leads, and how many leads were embedded. With ``embed_settled`` off, pairs that
    incremental assignment settled (:func:`settled_pairs`, given ``owner``) are not
    embedded: their cosine stays 0 and the minority-language article keeps its companions
    (``refine._keep_unweighable``). ``bags``: :func:`cross_bags` of ``feats``, when known."""
    langs = np.array([f.language or "" for f in feats])
    empty = np.zeros(0, np.int64)
    if len(set(langs.tolist()) - {""}) < 2:
        return empty, empty, np.zeros(0), 0
    ents = tfidf(crossing(cross_bags(feats, s) if bags is None else bags, langs))
    found = []
    for start in range(0, ents.shape[0], block):
        prod = (ents[start : start + block] @ ents.T).tocoo()
        r = prod.row + start
        keep = (prod.data >= s.cross_min_entities) & (r < prod.col)
        keep &= (langs[r] != langs[prod.col]) & (langs[r] != "") & (langs[prod.col] != "")
        found.append((r[keep], prod.col[keep]))
    r = np.concatenate([f[0] for f in found]).astype(np.int64)
    c = np.concatenate([f[1] for f in found]).astype(np.int64)
    if not len(r):
        return empty, empty, np.zeros(0), 0
    ask = np.ones(len(r), bool)
    if owner is not None and not s.embed_settled:
        ask = ~settled_pairs(r, c, owner, langs)
    emb = np.zeros(len(r))
    if not ask.any():
        return r, c, emb, 0
    need = np.unique(np.concatenate([r[ask], c[ask]]))
    if embed_fn is None:
        from ..align.embed import embed

        embed_fn = embed
    vecs = np.asarray(embed_fn([feats[i].lead for i in need]), np.float32)
    at = np.searchsorted(need, r[ask]), np.searchsorted(need, c[ask])
    cos = np.einsum("ij,ij->i", vecs[at[0]], vecs[at[1]]).astype(np.float64)
    emb[ask] = np.clip((cos - s.embed_low) / (s.embed_high - s.embed_low), 0.0, 1.0)
    return r, c, emb, len(need)


def crossing(bags: Sequence[dict[str, float]], langs: np.ndarray) -> list[dict[str, float]]:
    """Each entity bag without the words of one language: entities found in two articles
    or more of the window, all of one language (German capitalises every noun:
    "Regierung", "Angriff" recur in German reports and in no English one). They cannot
    match across languages, and weighed in the cosine's norm they diluted the names a
    German and an English report share. Entities of two languages and those of a single
    article (names as far as the window can tell) stay. Keeping only the entities of two
    languages left a German article holding "USA" alone at cosine 1 with every English
    one naming it: on NeuS + ECB+ + German Wikinews (bench/bench_crosslang.py) 11,496
    German-English pairs reached cross_min_entities 0.3 (2 before; 76 with this rule)."""
    where: dict[str, set[str]] = {}
    df: Counter[str] = Counter()
    for bag, lang in zip(bags, langs.tolist(), strict=True):
        df.update(bag.keys())
        for t in bag:
            where.setdefault(t, set()).add(lang)
    local = {t for t, n in df.items() if n > 1 and len(where[t] - {""}) < 2}
    return [{t: v for t, v in bag.items() if t not in local} for bag in bags]


def owners(ids: Sequence[str], previous: Mapping[str, str]) -> np.ndarray:
    """Each article's current story as an int (-1: none)."""
    number: dict[str, int] = {}
    return np.array(
        [number.setdefault(previous[i], len(number)) if i in previous else -1 for i in ids],
        np.int64,
    )


def minority(owner: np.ndarray, langs: np.ndarray) -> np.ndarray:
    """Articles not in their current story's main language (within the window): the one
    most of its articles are in; a tie goes to the language more common in the window."""
    out = np.zeros(len(owner), bool)
    window = Counter(langs.tolist())
    per: dict[int, Counter[str]] = {}
    for o, lang in zip(owner.tolist(), langs.tolist(), strict=True):
        if o >= 0:
            per.setdefault(o, Counter())[lang] += 1
    main = {
        o: min(counts, key=lambda lang: (-counts[lang], -window[lang], lang))
        for o, counts in per.items()
    }
    for i, (o, lang) in enumerate(zip(owner.tolist(), langs.tolist(), strict=True)):
        out[i] = o >= 0 and lang != main[o]
    return out


def settled_pairs(r: np.ndarray, c: np.ndarray, owner: np.ndarray, langs: np.ndarray) -> np.ndarray:
    """Cross-language pairs the cheap features already decide: both articles in one
    current story, and the one in the story's minority language shares names and numbers
    with no article outside it (so it follows its companions)."""
    same = (owner[r] >= 0) & (owner[r] == owner[c])
    few = minority(owner, langs)
    outside = np.zeros(len(owner), bool)
    outside[r[~same]] = True
    outside[c[~same]] = True
    calm = few & ~outside
    settled: np.ndarray = same & (calm[r] | calm[c])
    return settled


@dataclass(frozen=True, slots=True)
class Pairs:
    """Candidate pairs of a window (``r < c``), their features and what it took."""

    r: np.ndarray
    c: np.ndarray
    x: np.ndarray  # one row per pair, columns as FEATURES
    cross: np.ndarray  # bool: the two articles are in different (known) languages
    embedded: int
    xc: np.ndarray  # one row per pair, columns as CROSS_FEATURES
    named: np.ndarray  # bool: the names cosine reaches cross_min_names
    searched: np.ndarray  # bool: found by the cross-language search (:func:`cross_language`)


def _cross_features(
    feats: Sequence[Features],
    bags: Sequence[dict[str, float]],
    r: np.ndarray,
    c: np.ndarray,
    ents: np.ndarray,
    cross: np.ndarray,
    s: ClusterRefineSettings,
) -> np.ndarray:
    """The :data:`CROSS_FEATURES` of pairs ``(r, c)`` with entity cosines ``ents``; the
    names cosine of a pair in two languages (``cross``) on the keys of ``bags``."""
    # The cross model reads every entity, as it was fitted: without the entities of one
    # language (:func:`crossing`) a German article's few names reach 1.0 relative
    # strength with any English report naming one of them, and the model joined 42 pairs
    # of other stories on NeuS + German Wikinews (bench/bench_crosslang.py).
    xc = np.zeros((len(r), len(CROSS_FEATURES)))
    for k, mark in enumerate(("n:", "#")):
        kind = [{t: v for t, v in f.entities.items() if t.startswith(mark)} for f in feats]
        xc[:, k] = rowdot(tfidf(kind), r, c)
    if s.cross_name_keys and cross.any():
        names = [{t: v for t, v in bag.items() if t.startswith("n:")} for bag in bags]
        xc[cross, 0] = rowdot(tfidf(names), r[cross], c[cross])
    xc[:, 2], xc[:, 3] = _relative(len(feats), r, c, ents)
    return xc


def pair_features(
    feats: Sequence[Features],
    s: ClusterRefineSettings,
    embed_fn: EmbedFn | None = None,
    owner: np.ndarray | None = None,
) -> Pairs:
    """The candidate pairs of ``feats`` and their :data:`FEATURES` (``owner``: see
    :func:`cross_language`)."""
    n = len(feats)
    words = tfidf([f.terms for f in feats])
    ents = tfidf([f.entities for f in feats])
    r, c = candidates(words, ents, s)
    langs = np.array([f.language or "" for f in feats])
    bags = cross_bags(feats, s) if len(set(langs.tolist()) - {""}) > 1 else []
    xr, xcol, emb, embedded = cross_language(feats, s, embed_fn, owner=owner, bags=bags)
    if len(xr):
        key = np.unique(np.concatenate([r * n + c, xr * n + xcol]))
        r, c = key // n, key % n
    cross = (langs[r] != langs[c]) & (langs[r] != "") & (langs[c] != "")
    x = np.zeros((len(r), len(FEATURES)))
    x[:, 0] = rowdot(words, r, c)
    x[:, 1] = rowdot(ents, r, c)
    x[:, 2] = rowdot(tfidf([f.title_terms for f in feats]), r, c)
    x[:, 3] = rowdot(tfidf([f.lead_terms for f in feats]), r, c)
    # Between two languages the words, title and lead the two share are names and numbers
    # (counted by the cross model); read as word overlap they made the first model join
    # reports that only share a name (NeuS + ECB+ + German Wikinews,
    # bench/bench_crosslang.py: 14 German-English pairs joined, none right, most at
    # p 0.41-0.67 on "words" 0.10-0.19 and "title" 0.21-0.32: Coca-Cola, Elon Musk,
    # Kirsten Gillibrand years apart). The embedding of the two leads stands in for all
    # three, 0 where the pair was not embedded.
    x[cross, 0] = x[cross, 2] = x[cross, 3] = 0.0
    if len(xr):
        at = np.searchsorted(r * n + c, xr * n + xcol)
        x[at, 0] = np.maximum(x[at, 0], emb)
        x[at, 2] = np.maximum(x[at, 2], emb)
        x[at, 3] = np.maximum(x[at, 3], emb)
    days = np.array([_NO_DAY if f.day is None else f.day for f in feats], np.int64)
    dated = (days[r] != _NO_DAY) & (days[c] != _NO_DAY)
    x[:, 4] = np.where(dated, np.minimum(1.0, np.abs(days[r] - days[c]) / 365.0), 0.0)
    titled = np.array([bool(f.title_terms) for f in feats])
    x[:, 5] = titled[r] & titled[c]
    link = s.w_words * x[:, 0] + s.w_entities * x[:, 1]
    best, worst = _ranks(n, r, c, link)
    x[:, 6], x[:, 7] = np.log1p(best), np.log1p(worst)
    x[:, 8], x[:, 9] = _relative(n, r, c, link)
    if s.cross_name_keys and cross.any():
        # A pair in two languages meets on its names' keys ("Merkels", "Меркель": Merkel);
        # after the ranks and strengths above, so a pair in one language keeps its own.
        x[cross, 1] = rowdot(tfidf(bags), r[cross], c[cross])
    xc = _cross_features(feats, bags, r, c, x[:, 1], cross, s)
    searched = np.isin(r * n + c, xr * n + xcol) if len(xr) else np.zeros(len(r), bool)
    return Pairs(r, c, x, cross, embedded, xc, xc[:, 0] >= s.cross_min_names, searched)
