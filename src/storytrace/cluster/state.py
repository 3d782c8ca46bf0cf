"""The state story clustering carries from one batch to the next, and its persistence.

:class:`ClusterState` holds per story (:class:`StoryState`) the summed vector, the capped
term and entity profiles, dates and languages; the vocabulary and document frequencies;
which story each article joined; and the nearest-neighbour index over article vectors.
It is saved and loaded as one ``.npz`` blob (the faiss index serialised as it is).
"""

from __future__ import annotations

import io
import json
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ConfigError
from .features import EMPTY, Profile, Vocabulary

STATE_VERSION = 2


@dataclass(slots=True)
class StoryState:
    """One story as the clusterer remembers it (profiles are capped, compact arrays)."""

    id: str
    size: int = 0
    vector: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # member sum
    terms: Profile = EMPTY
    entities: Profile = EMPTY
    first_day: int | None = None
    last_day: int | None = None
    last_published: int | None = None
    languages: dict[str, int] = field(default_factory=dict)
    terms_norm: float = 0.0
    entities_norm: float = 0.0
    first_published: int | None = None
    # the entity profile with names as cross-language keys, built when an article in
    # another language is scored against the story (not saved; None: to build)
    keyed: dict[str, float] | None = None

    @property
    def language(self) -> str | None:
        if not self.languages:
            return None
        return max(sorted(self.languages), key=lambda k: self.languages[k])


def _grow(arr: np.ndarray, size: int) -> np.ndarray:
    if len(arr) >= size:
        return arr
    out = np.zeros(max(size, 2 * len(arr), 1024), arr.dtype)
    out[: len(arr)] = arr
    return out


@dataclass(slots=True)
class ClusterState:
    """Everything incremental clustering carries from one batch to the next.

    Document frequencies are counted over all articles (key ``""``: entities, and words
    of articles whose language is unknown or still rare) and per language (words), so
    that the function words of a minority language are weighed as common words of that
    language, not as rare words of the corpus.
    """

    dim: int
    docs: int = 0
    vocab: Vocabulary = field(default_factory=Vocabulary)
    df: dict[str, np.ndarray] = field(default_factory=dict)  # language ("" all) -> df by id
    lang_docs: dict[str, int] = field(default_factory=dict)
    stories: list[StoryState] = field(default_factory=list)
    assigned: dict[str, int] = field(default_factory=dict)  # article id -> story index
    owners: array[int] = field(default_factory=lambda: array("i"))  # story of each vector
    _index: Any = None

    def story_ids(self) -> dict[str, str]:
        """Article id -> story id for every article seen."""
        return {a: self.stories[s].id for a, s in self.assigned.items()}

    def count(self, ids: np.ndarray, language: str) -> None:
        """Add one document holding ``ids`` to the frequencies of ``language``."""
        need = len(self.vocab.ids)
        arr = self.df[language] = _grow(self.df.get(language, np.zeros(0, np.int32)), need)
        arr[ids] += 1

    # -- nearest-neighbour index ------------------------------------------------------
    def vectors(self) -> np.ndarray:
        """The indexed article vectors, in index order (8-bit rounded once in HNSW)."""
        if self._index is None or self._index.ntotal == 0:
            return np.zeros((0, self.dim), np.float32)
        return np.asarray(self._index.reconstruct_n(0, self._index.ntotal), np.float32)

    def _ensure_index(self, hnsw_above: int) -> Any:
        import faiss

        want_hnsw = len(self.owners) > hnsw_above
        is_hnsw = self._index is not None and isinstance(self._index, faiss.IndexHNSWSQ)
        if self._index is None or (want_hnsw and not is_hnsw):
            arr = self.vectors()
            index: Any
            if want_hnsw:
                # 8-bit scalar quantizer (per-dimension ranges from the vectors so far):
                # a quarter of IndexHNSWFlat's memory; story scores were unchanged.
                sq8: Any = faiss.ScalarQuantizer.QT_8bit
                index = faiss.IndexHNSWSQ(self.dim, sq8, 32, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efSearch = 64
                index.train(arr)
            else:
                index = faiss.IndexFlatIP(self.dim)
            if len(arr):
                index.add(arr)
            self._index = index
        return self._index

    def _add_vector(self, vec: np.ndarray, story: int, hnsw_above: int) -> None:
        self.owners.append(story)
        index = self._ensure_index(hnsw_above)
        if index.ntotal < len(self.owners):
            index.add(vec.reshape(1, -1))

    # -- persistence ------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The whole state as one ``.npz`` blob (JSON metadata + arrays)."""
        languages = sorted(self.df)
        meta = {
            "version": STATE_VERSION,
            "dim": self.dim,
            "docs": self.docs,
            "vocab": list(self.vocab.ids),
            "languages": languages,
            "lang_docs": self.lang_docs,
            "stories": [{k: getattr(s, k) for k in _STORY_META} for s in self.stories],
            "assigned": self.assigned,
        }
        empty = np.zeros((0, self.dim), np.float32)
        arrays: dict[str, np.ndarray] = {
            "meta": np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8),
            "index": _index_bytes(self._index),
            "owners": np.asarray(self.owners, np.int32),
            "centroids": np.vstack([s.vector for s in self.stories]) if self.stories else empty,
        }
        for i, lang in enumerate(languages):
            arrays[f"df{i}"] = self.df[lang][: len(self.vocab.ids)]
        for name in ("terms", "entities"):
            profiles = [getattr(s, name) for s in self.stories]
            arrays[f"{name}_len"] = np.array([len(p[0]) for p in profiles], np.int64)
            arrays[f"{name}_ids"] = np.concatenate([p[0] for p in profiles] or [EMPTY[0]])
            arrays[f"{name}_w"] = np.concatenate([p[1] for p in profiles] or [EMPTY[1]])
        buf = io.BytesIO()
        np.savez(buf, **arrays)  # type: ignore[arg-type]
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes, where: str = "cluster state") -> ClusterState:
        """Read a state written by :meth:`to_bytes`; the faiss index is rebuilt on first use."""
        try:
            with np.load(io.BytesIO(blob)) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                if meta.get("version") != STATE_VERSION:
                    raise ConfigError(
                        f"{where}: cluster state version {meta.get('version')} is not "
                        f"{STATE_VERSION}; re-cluster into a new store"
                    )
                arrays = {k: np.asarray(data[k]) for k in data.files if k != "meta"}
        except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{where}: not a storytrace cluster state ({exc})") from exc
        state = cls(dim=int(meta["dim"]), docs=int(meta["docs"]))
        state.vocab = Vocabulary({t: i for i, t in enumerate(meta["vocab"])})
        state.df = {
            lang: arrays[f"df{i}"].astype(np.int32) for i, lang in enumerate(meta["languages"])
        }
        state.lang_docs = {k: int(v) for k, v in meta["lang_docs"].items()}
        profiles: dict[str, list[Profile]] = {}
        for name in ("terms", "entities"):
            cuts = np.cumsum(arrays[f"{name}_len"])[:-1]
            ids = np.split(arrays[f"{name}_ids"].astype(np.int32), cuts)
            ws = np.split(arrays[f"{name}_w"].astype(np.float32), cuts)
            profiles[name] = list(zip(ids, ws, strict=True))
        sums = arrays["centroids"].astype(np.float32)
        state.stories = [
            StoryState(
                **s,
                vector=sums[i].copy(),
                terms=profiles["terms"][i],
                entities=profiles["entities"][i],
            )
            for i, s in enumerate(meta["stories"])
        ]
        state.assigned = {k: int(v) for k, v in meta["assigned"].items()}
        state.owners = array("i", arrays["owners"].astype(np.int32).tolist())
        if len(arrays["index"]):
            import faiss

            state._index = faiss.deserialize_index(arrays["index"])
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


_STORY_META = (
    "id", "size", "first_day", "last_day", "last_published", "languages",
    "terms_norm", "entities_norm", "first_published",
)  # fmt: skip


def _index_bytes(index: Any) -> np.ndarray:
    """The faiss index as bytes: a reloaded state searches exactly the same graph."""
    if index is None:
        return np.zeros(0, np.uint8)
    import faiss

    return np.asarray(faiss.serialize_index(index), np.uint8)
