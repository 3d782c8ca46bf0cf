"""Refinement of stories over a window: regroup, split and merge, keeping story ids stable.

One pass of incremental assignment places each article once. :func:`refine` takes the
articles of a recent window with the story each holds now, and regroups them from their
pairwise similarity (average-linkage agglomerative clustering on a sparse candidate
graph): a story whose members form two groups is split, two stories that turn out to be
one are merged. It is a pure batch function (records and their current stories in, new
stories and the changes out), so it runs on any engine over any window.

Similarity of two articles (all cheap, no model):
``w_words * cos(tf-idf words) + w_entities * cos(tf-idf names and numbers)``, the idf
taken over the window. Between two languages the words are not comparable, so the pair
is scored on entities and, when it shares names or numbers (entity cosine at least
``cross_min_entities``), on the multilingual embedding of the two leads, computed for
those articles only; not for a pair that incremental assignment already put in one story
when its article in the story's minority language shares names only within that story
(``embed_settled`` off: that article keeps its companions, see :func:`_keep_unweighable`).
Two articles whose *published* dates lie more than ``quiet_days``
apart are never linked (dates found in the text are not trusted for that).

Candidate graph: pairs at or over ``candidate_floor`` (sparse products, row blocks), at
most ``neighbours`` per article; its connected components are clustered one by one
(average linkage, distance ``1 - similarity``, pairs off the graph at distance 1, cut at
``1 - refine_threshold``). A component larger than ``max_component`` is cut again at a
higher floor first, so memory stays bounded.

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
from .features import Features, Record, extract

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


def _tfidf(bags: Sequence[dict[str, float]]) -> sp.csr_matrix:
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


def similarity_graph(
    feats: Sequence[Features],
    settings: ClusterRefineSettings,
    embed_fn: EmbedFn | None = None,
    block: int = 1024,
    owner: np.ndarray | None = None,
) -> tuple[sp.csr_matrix, int]:
    """The sparse candidate graph of pair similarities, and how many leads were embedded.

    ``owner``: each article's current story (an int, -1 for none), to skip embedding the
    cross-language pairs incremental assignment settled (``embed_settled`` off)."""
    s = settings
    words = _tfidf([f.terms for f in feats])
    ents = _tfidf([f.entities for f in feats])
    joint = sp.hstack([words * np.sqrt(s.w_words), ents * np.sqrt(s.w_entities)]).tocsr()
    n = len(feats)
    langs = np.array([f.language or "" for f in feats])
    days = np.array(
        [f.day if f.day is not None and not f.soft_date else -(10**9) for f in feats], np.int64
    )
    parts = []
    for start in range(0, n, block):
        prod = (joint[start : start + block] @ joint.T).tocoo()
        keep = (prod.data >= s.candidate_floor) & (prod.row + start != prod.col)
        r, c, v = _strongest(prod.row[keep], prod.col[keep], prod.data[keep], s.neighbours)
        parts.append((r + start, c, v))
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    cols = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    vals = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    # Cross-language pairs: words cannot match, so score them on entities + embedding.
    cross_r, cross_c, embedded = _cross_language(feats, ents, langs, s, embed_fn, owner=owner)
    if len(cross_r):
        rows = np.concatenate([rows, cross_r[0]])
        cols = np.concatenate([cols, cross_r[1]])
        vals = np.concatenate([vals, cross_c])
    dated = (days[rows] > -(10**9)) & (days[cols] > -(10**9))
    far = dated & (np.abs(days[rows] - days[cols]) > s.quiet_days)
    rows, cols, vals = rows[~far], cols[~far], vals[~far]
    graph = sp.csr_matrix((vals, (rows, cols)), shape=(n, n))
    return graph.maximum(graph.T).tocsr(), embedded


def _strongest(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``k`` strongest links (ties: the lower column), one block at a time."""
    if not len(rows):
        return rows, cols, vals
    order = np.lexsort((cols, -vals, rows))
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < k
    return rows[keep], cols[keep], vals[keep]


def _cross_language(
    feats: Sequence[Features],
    ents: sp.csr_matrix,
    langs: np.ndarray,
    s: ClusterRefineSettings,
    embed_fn: EmbedFn | None,
    block: int = 1024,
    owner: np.ndarray | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray, int]:
    """Pairs in two languages that share names or numbers, scored with the embedding
    (settled pairs, :func:`settled_pairs`, on their names and numbers alone)."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    if len(set(langs.tolist()) - {""}) < 2:
        return empty, np.zeros(0), 0
    found = []
    for start in range(0, ents.shape[0], block):
        prod = (ents[start : start + block] @ ents.T).tocoo()
        r = prod.row + start
        keep = (prod.data >= s.cross_min_entities) & (r < prod.col)
        keep &= (langs[r] != langs[prod.col]) & (langs[r] != "") & (langs[prod.col] != "")
        found.append((r[keep], prod.col[keep], prod.data[keep]))
    r = np.concatenate([f[0] for f in found]).astype(np.int64)
    c = np.concatenate([f[1] for f in found]).astype(np.int64)
    ent = np.concatenate([f[2] for f in found])
    if not len(r):
        return empty, np.zeros(0), 0
    settled = np.zeros(len(r), bool)
    if owner is not None and not s.embed_settled:
        settled = settled_pairs(r, c, owner, langs)
    score = s.w_entities * ent
    ask = ~settled
    if not ask.any():
        return (r, c), score, 0
    need = np.unique(np.concatenate([r[ask], c[ask]]))
    if embed_fn is None:
        from ..align.embed import embed

        embed_fn = embed
    vecs = np.asarray(embed_fn([feats[i].lead for i in need]), np.float32)
    at = np.searchsorted(need, r[ask]), np.searchsorted(need, c[ask])
    cos = np.einsum("ij,ij->i", vecs[at[0]], vecs[at[1]]).astype(np.float64)
    emb = np.clip((cos - s.embed_low) / (s.embed_high - s.embed_low), 0.0, 1.0)
    score[ask] += s.w_words * emb
    return (r, c), score, len(need)


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
    with no article outside it (so it follows its companions, :func:`_keep_unweighable`)."""
    same = (owner[r] >= 0) & (owner[r] == owner[c])
    few = minority(owner, langs)
    outside = np.zeros(len(owner), bool)
    outside[r[~same]] = True
    outside[c[~same]] = True
    calm = few & ~outside
    settled: np.ndarray = same & (calm[r] | calm[c])
    return settled


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
    owner = _owners(ids, previous or {})
    graph, embedded = similarity_graph(feats, s, embed_fn, owner=owner)
    labels = group(graph, s.threshold, s.max_component)
    labels = _keep_unweighable(graph, feats, ids, labels, previous or {})
    names, changes = stable_ids(ids, labels.tolist(), previous or {}, taken)
    return Refined(list(zip(ids, names, strict=True)), changes, embedded)


def _owners(ids: Sequence[str], previous: Mapping[str, str]) -> np.ndarray:
    """Each article's current story as an int (-1: none)."""
    number: dict[str, int] = {}
    return np.array(
        [number.setdefault(previous[i], len(number)) if i in previous else -1 for i in ids],
        np.int64,
    )


def _keep_unweighable(
    graph: sp.csr_matrix,
    feats: Sequence[Features],
    ids: Sequence[str],
    labels: np.ndarray,
    previous: Mapping[str, str],
) -> np.ndarray:
    """An article with no candidate link in its own language (a lone translation in the
    window) has no words refinement can weigh: it stays with the companions incremental
    assignment gave it (the group most of them are in), instead of being split off on its
    few cross-language links. The demo's French translation was cut from its story so.
    So does an article in its story's minority language whose links in other languages
    all stay in that story (assignment and names agree: pairs :func:`settled_pairs` did
    not embed)."""
    langs = [f.language or "" for f in feats]
    owner = _owners(ids, previous)
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
        mates = Counter(int(labels[j]) for j in members[previous[ids[i]]] if langs[j] != langs[i])
        if mates:
            out[i] = min(mates, key=lambda lab: (-mates[lab], lab))
    return out


def cluster_stories(
    records: Sequence[Record],
    settings: ClusterSettings | None = None,
    refine_settings: ClusterRefineSettings | None = None,
    state: ClusterState | None = None,
    embed_fn: EmbedFn | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[tuple[str, str]], list[StoryChange], ClusterState]:
    """The default path: incremental assignment of a batch, then refinement of the batch.

    Each window of up to ``window`` new records (in input order) is regrouped; the
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
    for start in range(0, len(unique), rs.window):
        part = unique[start : start + rs.window]
        known = set(clusterer.state.assigned)
        pairs = clusterer.cluster(part, progress=progress)
        fresh = [r for r in part if r.id not in known]
        if rs.enabled and fresh:
            taken = {story.id for story in clusterer.state.stories}
            feats = [clusterer.recent_features(r.id) for r in fresh]
            result = refine(fresh, dict(pairs), rs, embed_fn, taken, feats)
            clusterer.apply(result.assignments)
            changes.extend(result.changes)
    ids = clusterer.state.story_ids()
    return [(r.id, ids[r.id]) for r in records], changes, clusterer.state
