"""Scoring story assignments against gold labels, and the two baselines storytrace is
measured beside.

Metrics: B-cubed precision/recall/F1 (Bagga & Baldwin 1998, computed here), adjusted Rand
index and adjusted mutual information (scikit-learn). Baselines: TF-IDF + agglomerative
clustering (cosine, average linkage, a distance threshold), and MinHash-only grouping
(word-shingle MinHash LSH, linked at a Jaccard threshold, connected components).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, RecordError


@dataclass(frozen=True, slots=True)
class Scores:
    """Agreement of predicted stories with gold labels over the same articles."""

    articles: int
    predicted_clusters: int
    gold_clusters: int
    b3_precision: float
    b3_recall: float
    b3_f1: float
    ari: float
    ami: float

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of two labelings of the same items."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold must label the same items")
    if not pred:
        return 0.0, 0.0, 0.0
    pair = Counter(zip(pred, gold, strict=True))
    psize, gsize = Counter(pred), Counter(gold)
    # Each item of cell (p, g) sees pair[p, g] correct items in its cluster and in its class.
    precision = sum(n * n / psize[p] for (p, _), n in pair.items()) / len(pred)
    recall = sum(n * n / gsize[g] for (_, g), n in pair.items()) / len(pred)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(pred: Mapping[str, str], gold: Mapping[str, str]) -> Scores:
    """Score ``pred`` (id -> story) against ``gold`` (id -> label) over their common ids.

    Raises:
        ValueError: when the two share no id.
    """
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

    ids = sorted(set(pred) & set(gold))
    if not ids:
        raise ValueError("predicted and gold assignments share no article id")
    p = [pred[i] for i in ids]
    g = [gold[i] for i in ids]
    b_p, b_r, b_f = bcubed(p, g)
    return Scores(
        articles=len(ids),
        predicted_clusters=len(set(p)),
        gold_clusters=len(set(g)),
        b3_precision=b_p,
        b3_recall=b_r,
        b3_f1=b_f,
        ari=float(adjusted_rand_score(g, p)),
        ami=float(adjusted_mutual_info_score(g, p)),
    )


def read_labels(path: Path, field: str, what: str) -> dict[str, str]:
    """``id -> str(record[field])`` of a JSONL file; every bad line raises a clear error."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputError(str(path), f"no such {what} file; check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the {what} file ({exc})") from exc
    out: dict[str, str] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(
                f"{path}:{n}", f"not valid JSON ({exc.msg}); fix or remove the line"
            ) from exc
        if not isinstance(rec, dict) or "id" not in rec:
            raise RecordError(f"{path}:{n}", f"a {what} record needs an 'id' field")
        if rec.get(field) is None:
            others = ", ".join(k for k in rec if k != "id") or "none"
            raise RecordError(
                f"{path}:{n}",
                f"no '{field}' field in this {what} record; pick the label with --label "
                f"(its fields: {others})",
            )
        key = str(rec["id"])
        if key in out:
            raise RecordError(f"{path}:{n}", f"article id '{key}' appears twice in the {what} file")
        out[key] = str(rec[field])
    if not out:
        raise InputError(str(path), f"the {what} file holds no records")
    return out


# -- baselines ------------------------------------------------------------------------


def tfidf_agglomerative(texts: Sequence[str], distance_threshold: float) -> list[int]:
    """Baseline (a): TF-IDF vectors, agglomerative clustering (cosine, average linkage)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return [0] * len(texts)
    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray()
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=distance_threshold,
    )
    return [int(x) for x in model.fit_predict(matrix)]


_TOKEN = re.compile(r"\w+", re.UNICODE)
_MERSENNE = (1 << 61) - 1


def minhash_signatures(texts: Sequence[str], shingle: int = 3, perms: int = 128) -> np.ndarray:
    """``(len(texts), perms)`` MinHash signatures of lower-cased word ``shingle``-grams."""
    import zlib

    rng = np.random.default_rng(1)
    a = rng.integers(1, _MERSENNE, perms, dtype=np.uint64)
    b = rng.integers(0, _MERSENNE, perms, dtype=np.uint64)
    out = np.full((len(texts), perms), np.iinfo(np.uint64).max, dtype=np.uint64)
    for i, text in enumerate(texts):
        words = [w.lower() for w in _TOKEN.findall(text)]
        grams = {" ".join(words[j : j + shingle]) for j in range(max(1, len(words) - shingle + 1))}
        hashes = np.array([zlib.crc32(g.encode("utf-8")) for g in grams if g], dtype=np.uint64)
        if hashes.size:
            # (a*x + b) mod p with x < 2**32 and a < 2**61 would overflow: fold a to 32 bits.
            vals = (hashes[:, None] * (a[None, :] & 0xFFFFFFFF) + b[None, :]) % _MERSENNE
            out[i] = vals.min(axis=0)
    return out


def minhash_groups(
    texts: Sequence[str], jaccard: float, shingle: int = 3, perms: int = 128
) -> list[int]:
    """Baseline (b): link articles whose MinHash Jaccard estimate reaches ``jaccard``.

    Candidates come from LSH banding tuned to the threshold; linked pairs form groups
    (connected components).
    """
    sig = minhash_signatures(texts, shingle, perms)
    n = len(texts)
    bands = _bands_for(jaccard, perms)
    rows = perms // bands
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(bands):
        buckets: dict[bytes, list[int]] = {}
        for i in range(n):
            buckets.setdefault(sig[i, band * rows : (band + 1) * rows].tobytes(), []).append(i)
        for members in buckets.values():
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    if find(i) != find(j) and float(np.mean(sig[i] == sig[j])) >= jaccard:
                        parent[find(j)] = find(i)
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(n)]


def _bands_for(jaccard: float, perms: int) -> int:
    """The band count whose LSH S-curve midpoint (1/b)^(1/r) is nearest ``jaccard``."""
    best, best_gap = 1, 1.0
    for bands in range(1, perms + 1):
        if perms % bands:
            continue
        rows = perms // bands
        gap = abs((1 / bands) ** (1 / rows) - jaccard)
        if gap < best_gap:
            best, best_gap = bands, gap
    return best


def labels_of(ids: Sequence[str], clusters: Sequence[Any]) -> dict[str, str]:
    """``id -> str(cluster)`` for parallel sequences."""
    return {i: str(c) for i, c in zip(ids, clusters, strict=True)}
