"""Refinement of stories over a window: regroup, split and merge, keeping story ids stable.

One pass of incremental assignment places each article once. :func:`refine` takes the
articles of a recent window with the story each holds now, and regroups them from their
pairwise similarity (average-linkage agglomerative clustering on a sparse candidate
graph): a story whose members form two groups is split, two stories that turn out to be
one are merged. It is a pure batch function (records and their current stories in, new
stories and the changes out), so it runs on any engine over any window.

Similarity of two articles: the probability that they report one story, from a logistic
regression over cheap pair features (word, entity, title and lead cosines, date gap, the
rank of each among the other's neighbours; :mod:`storytrace.cluster.pairs`), scored for
candidate pairs only; between two languages the multilingual embedding of the two leads
stands in for the words (computed for the articles of such pairs only; not for a pair
incremental assignment already put in one story when its article in the story's minority
language shares names only within that story: with ``embed_settled`` off that article keeps
its companions, see :func:`_keep_unweighable`). Two articles
whose *published* dates lie more than ``quiet_days`` apart are never linked (dates found
in the text are not trusted for that).

Candidate graph: each article's ``neighbours`` strongest candidates, pairs under
``edge_floor`` probability dropped; its connected components are clustered one by one
(average linkage, distance ``1 - probability``, pairs off the graph at distance 1, cut at
``1 - threshold``). A component larger than ``max_component`` is cut again at a higher
floor first, so memory stays bounded. A group whose tree merged two events of one topic,
each side with a name of its own that the other lacks, is cut there
(:mod:`storytrace.cluster.rivals`, ``rival_split``).

Stable ids: a new group takes the id of the story holding the most of its members
(ties: the larger story, then the smaller id) when it holds more than half of that
story's window members; otherwise it gets a new id. A story whose members now lie in
another story's group is recorded as merged into it; a group cut from a story that keeps
its id elsewhere is recorded as split from it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ..settings import ClusterRefineSettings, ClusterSettings
from .features import Features, Record, extract, parse_published
from .pairs import Pairs, load_model, minority, owners, pair_features
from .rivals import event_names, split_rivals

if TYPE_CHECKING:
    from .stories import ClusterState

EmbedFn = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True, slots=True)
class StoryChange:
    """A change refinement made to the stories: ``merge`` or ``split``.

    ``merge``: story ``source`` joined ``story`` (its id is retired). ``split``: the new
    story ``story`` was cut from ``source``. ``articles``: how many articles moved.
    """

    kind: str
    story: str
    source: str
    articles: int


@dataclass(frozen=True, slots=True)
class Refined:
    """The window's articles with their refined stories, in input order, and the changes."""

    assignments: list[tuple[str, str]]
    changes: list[StoryChange]
    embedded: int = 0


def similarity_graph(
    feats: Sequence[Features],
    settings: ClusterRefineSettings,
    embed_fn: EmbedFn | None = None,
    block: int = 1024,
    owner: np.ndarray | None = None,
) -> tuple[sp.csr_matrix, Pairs]:
    """The sparse candidate graph of same-story probabilities (:mod:`.pairs`), and the
    pairs it was built from (``Pairs.embedded``: how many leads were embedded). ``block``
    is kept for callers; candidates use their own.

    ``owner``: each article's current story (an int, -1 for none), to skip embedding the
    cross-language pairs incremental assignment settled (``embed_settled`` off)."""
    pairs = pair_features(feats, settings, embed_fn, owner=owner)
    prob = load_model(settings.pair_model).pair_probability(pairs)
    return probability_graph(feats, pairs, prob, settings), pairs


def probability_graph(
    feats: Sequence[Features], pairs: Pairs, prob: np.ndarray, settings: ClusterRefineSettings
) -> sp.csr_matrix:
    """The symmetric graph of the pairs' probabilities, pairs whose *published* dates lie
    more than ``quiet_days`` apart and pairs under ``edge_floor`` left off."""
    n = len(feats)
    days = np.array(
        [f.day if f.day is not None and not f.soft_date else -(10**9) for f in feats], np.int64
    )
    r, c = pairs.r, pairs.c
    dated = (days[r] > -(10**9)) & (days[c] > -(10**9))
    far = dated & (np.abs(days[r] - days[c]) > settings.quiet_days)
    keep = ~far & (prob >= settings.edge_floor)
    graph = sp.csr_matrix((prob[keep], (r[keep], c[keep])), shape=(n, n))
    return (graph + graph.T).tocsr()


def group(
    graph: sp.csr_matrix, threshold: float, max_component: int, step: float = 0.025
) -> np.ndarray:
    """Average-linkage groups (cut at similarity ``threshold``) of each graph component.

    A component over ``max_component`` articles has its weakest links dropped, ``step``
    at a time, until it falls apart into parts small enough to cluster densely (a floor
    above ``threshold`` can keep apart two parts that average linkage would have joined).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse.csgraph import connected_components

    n = graph.shape[0]
    labels = np.full(n, -1, np.int64)
    next_label = 0
    todo: list[tuple[np.ndarray, float]] = [(np.arange(n), 0.0)]
    while todo:
        members, floor = todo.pop()
        sub = graph[members][:, members]
        if floor:
            sub = sub.multiply(sub >= floor).tocsr()
        count, comp = connected_components(sub, directed=False)
        for c in range(count):
            idx = np.flatnonzero(comp == c)
            if len(idx) == 1:
                labels[members[idx[0]]] = next_label
                next_label += 1
                continue
            if len(idx) > max_component and floor < 1.0:
                # Too big to cluster densely: drop its weakest links first.
                todo.append((members[idx], min(1.0, floor + step)))
                continue
            dense = sub[idx][:, idx].toarray()
            dist = 1.0 - dense
            np.fill_diagonal(dist, 0.0)
            dist = np.clip(dist, 0.0, 1.0)
            iu = np.triu_indices(len(idx), k=1)
            tree = linkage(dist[iu], "average")
            flat = fcluster(tree, 1.0 - threshold, "distance")
            for lab in np.unique(flat):
                labels[members[idx[flat == lab]]] = next_label
                next_label += 1
    return labels


def _new_id(seed: str, taken: set[str]) -> str:
    digest = hashlib.sha1(seed.encode("utf-8")).hexdigest()
    sid, n = f"s{digest[:10]}", 1
    while sid in taken:
        sid, n = f"s{digest[:10]}-{n}", n + 1
    return sid


def stable_ids(
    ids: Sequence[str],
    labels: Sequence[int],
    previous: Mapping[str, str],
    taken: set[str] | None = None,
) -> tuple[list[str], list[StoryChange]]:
    """Story ids for new groups ``labels`` of ``ids`` that keep the ``previous`` ones.

    A group takes the id of the previous story with the most members in it (ties: the
    larger story, then the smaller id) when the group holds more than half of that story's
    members among ``ids``. Every other group gets a new id (the sha1 of its first member).
    """
    taken = set(taken or ()) | set(previous.values())
    old_size = Counter(previous[i] for i in ids if i in previous)
    groups: dict[int, list[int]] = {}
    for k, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(k)
    name: dict[int, str] = {}
    changes: list[StoryChange] = []
    for lab, members in groups.items():
        held = Counter(previous[ids[k]] for k in members if ids[k] in previous)
        if held:
            heir = min(held, key=lambda sid: (-held[sid], -old_size[sid], sid))
            if 2 * held[heir] > old_size[heir]:
                name[lab] = heir
    for lab, members in groups.items():
        if lab not in name:
            name[lab] = _new_id(ids[members[0]], taken)
            taken.add(name[lab])
    for lab, members in groups.items():
        held = Counter(previous[ids[k]] for k in members if ids[k] in previous)
        for sid, n in sorted(held.items()):
            if sid == name[lab]:
                continue
            kept = sid in name.values()
            kind = "split" if kept else "merge"
            if kind == "merge" and 2 * n <= old_size[sid]:
                continue  # most of that story went elsewhere: recorded there
            changes.append(
                StoryChange(kind, name[lab], sid, n)
                if kind == "merge"
                else StoryChange("split", name[lab], sid, n)
            )
    return [name[int(lab)] for lab in labels], changes


def features_of(
    records: Sequence[Record], settings: ClusterSettings | None = None
) -> list[Features]:
    """The features refinement compares: the ones incremental assignment reads."""
    c = settings or ClusterSettings.from_config()
    return [extract(r, c.lead_chars, c.lexical_chars, c.date_chars) for r in records]


def refine(
    records: Sequence[Record],
    previous: Mapping[str, str] | None = None,
    settings: ClusterRefineSettings | None = None,
    embed_fn: EmbedFn | None = None,
    taken: set[str] | None = None,
    features: Sequence[Features] | None = None,
) -> Refined:
    """Regroup the window ``records`` (ids unique) and name the groups stably.

    ``previous``: article id -> the story it holds now (for instance from incremental
    assignment); articles not in it are new. ``taken``: story ids a new story must not
    reuse. ``features``: the records' features when already extracted (same order).
    Returns every record's story, in input order, and the changes made.
    """
    s = settings or ClusterRefineSettings.from_config()
    if not records:
        return Refined([], [])
    feats = list(features) if features is not None else features_of(records)
    ids = [r.id for r in records]
    graph, pairs = similarity_graph(feats, s, embed_fn, owner=owners(ids, previous or {}))
    labels = group(graph, s.threshold, s.max_component)
    if s.rival_split:
        labels = split_rivals(graph, labels, event_names(feats), s)
    labels = _keep_unweighable(graph, feats, ids, labels, previous or {}, _searched(pairs, graph))
    names, changes = stable_ids(ids, labels.tolist(), previous or {}, taken)
    return Refined(list(zip(ids, names, strict=True)), changes, pairs.embedded)


def _searched(pairs: Pairs, graph: sp.csr_matrix) -> sp.csr_matrix:
    """The pairs the cross-language search found (names and numbers at
    ``cross_min_entities``), symmetric, graph-shaped."""
    r, c = pairs.r[pairs.searched], pairs.c[pairs.searched]
    m = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=graph.shape)
    return (m + m.T).tocsr()


def _keep_unweighable(
    graph: sp.csr_matrix,
    feats: Sequence[Features],
    ids: Sequence[str],
    labels: np.ndarray,
    previous: Mapping[str, str],
    searched: sp.csr_matrix,
) -> np.ndarray:
    """An article with no candidate link in its own language (a lone translation in the
    window) has no words refinement can weigh: it stays with the companions incremental
    assignment gave it that it is linked to (in the graph, or by the cross-language search
    ``searched``, as a settled pair is; the group most of them are in), instead of
    being split off on its few cross-language links. The demo's French translation was cut
    from its story so. So does an article in its story's minority language whose links in
    other languages all stay in that story (assignment and names agree: pairs
    :func:`.pairs.settled_pairs` did not embed). Companions it has no link to are not
    followed: incremental assignment put a German report on children's alcohol abuse with
    English reports on the gang MS-13 by the number 13 alone, and it stayed with two it
    shared nothing with (bench/bench_crosslang.py)."""
    langs = [f.language or "" for f in feats]
    owner = owners(ids, previous)
    few = minority(owner, np.array(langs))

    def stays(i: int) -> bool:
        near = graph.indices[graph.indptr[i] : graph.indptr[i + 1]]
        if not any(langs[j] == langs[i] for j in near):
            return True
        cross = [j for j in near if langs[j] != langs[i]]
        return bool(few[i] and cross and all(owner[j] == owner[i] for j in cross))

    lone = [i for i, aid in enumerate(ids) if aid in previous and langs[i] and stays(i)]
    if not lone:
        return labels
    members: dict[str, list[int]] = {}
    for j, other in enumerate(ids):
        if other in previous:
            members.setdefault(previous[other], []).append(j)
    out = labels.copy()
    for i in lone:
        near = set(graph.indices[graph.indptr[i] : graph.indptr[i + 1]].tolist())
        near.update(searched.indices[searched.indptr[i] : searched.indptr[i + 1]].tolist())
        mates = Counter(
            int(labels[j]) for j in members[previous[ids[i]]] if langs[j] != langs[i] and j in near
        )
        if mates:
            out[i] = min(mates, key=lambda lab: (-mates[lab], lab))
    return out


def arrival(record: Record) -> tuple[int, int, str]:
    """Where a record is placed in its batch: published articles by date, then id (the
    order a stream delivers them; a file's order, often alphabetical, says nothing), then
    the undated ones in input order (the sort is stable). In the demo corpus read in file
    order the French translation came second, when only the independent report's story
    existed, and started a story of its own (score 0.657 under threshold_hashed 0.75);
    published first, the original it translates is there before it."""
    day = parse_published(record.published)
    return (0, day, record.id) if day is not None else (1, 0, "")


def cluster_stories(
    records: Sequence[Record],
    settings: ClusterSettings | None = None,
    refine_settings: ClusterRefineSettings | None = None,
    state: ClusterState | None = None,
    embed_fn: EmbedFn | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[tuple[str, str]], list[StoryChange], ClusterState]:
    """The default path: incremental assignment of a batch, then refinement of the batch.

    A batch of fewer than ``min_window`` new records (not refined) is placed in published
    order (then id; undated records after, in input order: :func:`arrival`); a larger one
    in input order (the distributed engine's partitions and stitching name stories after
    the first article in read order). Each window of up to ``window`` new records is
    regrouped when it holds at least ``min_window`` of them (the pair model's ranks and
    idf mean little in a handful: a smaller batch keeps its incremental placement); the
    incremental state is moved to the refined stories, so the next batch continues them.
    Returns ``(article id, story id)`` in input order, the changes, and the state.
    """
    from .stories import StoryClusterer

    clusterer = StoryClusterer(settings, state, embed_fn)
    rs = refine_settings or clusterer.settings.refine
    changes: list[StoryChange] = []
    first: dict[str, Record] = {}
    for r in records:
        first.setdefault(r.id, r)  # an id seen twice is placed once, by its first record
    unique = list(first.values())
    if sum(r.id not in clusterer.state.assigned for r in unique) < rs.min_window:
        # Too few to refine: nothing will repair an order effect of incremental placement.
        unique.sort(key=arrival)
    for start in range(0, len(unique), rs.window):
        part = unique[start : start + rs.window]
        known = set(clusterer.state.assigned)
        pairs = clusterer.cluster(part, progress=progress)
        fresh = [r for r in part if r.id not in known]
        if rs.enabled and fresh and len(fresh) >= rs.min_window:
            taken = {story.id for story in clusterer.state.stories}
            feats = [clusterer.recent_features(r.id) for r in fresh]
            result = refine(fresh, dict(pairs), rs, embed_fn, taken, feats)
            clusterer.apply(result.assignments)
            changes.extend(result.changes)
    ids = clusterer.state.story_ids()
    return [(r.id, ids[r.id]) for r in records], changes, clusterer.state
