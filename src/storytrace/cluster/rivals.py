"""Rival names: two events of one topic told apart by the names each one recurs with.

Reports of two events of one topic (two title fights of one boxer years apart, two
emergency patches of one browser) share their topic's words and names, so the pair model
links them about as strongly as two reports of one event, and average linkage merges the
two events into one story. What each event has of its own is a name that nearly all its
reports carry and the other event's reports do not: the two fights share "Klitschko", but
one has "Rahman" in every report, the other "Thompson". Pieces of one event do not look
so: the names that recur in one piece recur in the other too.

:func:`split_rivals` walks each refined group's average-linkage tree from its root and
undoes a merge whose two sides (each at least ``rival_min_articles`` articles) both hold
such a name: one in at least ``rival_share`` of its side's articles and in at most
``rival_other_share`` of the other side's. Weekday and month names do not count (reports
of one event written on two days name two weekdays). Numbers do not count either: in
ECB+ only one half of each topic writes its year, so a year told the corpus' halves apart,
not the events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ..settings import ClusterRefineSettings
from ..text.dates import WEEKDAY_FORMS
from .features import MONTH_NAMES, Features

_DATE_WORDS = MONTH_NAMES | frozenset(WEEKDAY_FORMS)


def event_names(feats: Sequence[Features]) -> list[frozenset[str]]:
    """Each article's names (entity terms ``n:``), weekday and month names left out."""
    return [
        frozenset(t for t in f.entities if t.startswith("n:") and t[2:] not in _DATE_WORDS)
        for f in feats
    ]


def _own_name(
    side: Sequence[int],
    other: Sequence[int],
    names: Sequence[frozenset[str]],
    share: float,
    other_share: float,
) -> bool:
    """Whether a name is in ``share`` of ``side``'s articles and at most ``other_share``
    of ``other``'s."""
    here = Counter(t for i in side for t in names[i])
    there = Counter(t for i in other for t in names[i])
    return any(
        n >= share * len(side) and there[t] <= other_share * len(other) for t, n in here.items()
    )


def rivals(
    left: Sequence[int],
    right: Sequence[int],
    names: Sequence[frozenset[str]],
    s: ClusterRefineSettings,
) -> bool:
    """Whether two sides of a merge are two events: each at least ``rival_min_articles``
    articles, each with a name of its own (:func:`_own_name`)."""
    if min(len(left), len(right)) < s.rival_min_articles:
        return False
    share, other = s.rival_share, s.rival_other_share
    return _own_name(left, right, names, share, other) and _own_name(
        right, left, names, share, other
    )


def split_rivals(
    graph: sp.csr_matrix,
    labels: np.ndarray,
    names: Sequence[frozenset[str]],
    s: ClusterRefineSettings,
) -> np.ndarray:
    """``labels`` with each group cut where its average-linkage tree (over ``graph``'s
    probabilities, as :func:`.refine.group` built it) merged two rival events."""
    from scipy.cluster.hierarchy import linkage, to_tree

    out = labels.copy()
    next_label = int(labels.max()) + 1 if len(labels) else 0
    for lab in np.unique(labels):
        idx = np.flatnonzero(labels == lab)
        if len(idx) < 2 * s.rival_min_articles:
            continue
        dist = np.clip(1.0 - graph[idx][:, idx].toarray(), 0.0, 1.0)
        np.fill_diagonal(dist, 0.0)
        stack = [to_tree(linkage(dist[np.triu_indices(len(idx), k=1)], "average"))]
        parts = []
        while stack:
            node = stack.pop()
            if not node.is_leaf():
                left = idx[node.left.pre_order()].tolist()
                right = idx[node.right.pre_order()].tolist()
                if rivals(left, right, names, s):
                    stack += [node.left, node.right]
                    continue
            parts.append(idx[node.pre_order()])
        for members in parts[1:]:
            out[members] = next_label
            next_label += 1
    return out
