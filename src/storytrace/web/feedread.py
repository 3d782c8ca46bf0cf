"""A feed poll's pages from the network into articles, fetching, reading and storing at
once.

Reading a fetched page (HTML extraction, metadata, decoding) is most of what a poll costs:
1.9 ms of CPU of a loopback page's 2.8 ms in the job worker (fetch 0.2-0.5, store 0.5; 1,000
bench pages, shared 2-core machine). So the pages go, a batch at a time, to a pool of
reader processes (:class:`PageReader`, ``[web] read_processes``) while the fetch threads
get the next batches and the job thread stores what was read: on two cores the reading
no longer waits for the store nor the store for the reading, where before one core
fetched, read and stored in turn.

Articles come out in feed order whatever finished first, so a poll stores what a
sequential one would (the concurrency tests compare with a sequential run).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any

from ..settings import Settings
from ..types import Article
from .fetch import Fetched, Fetcher, FetchError
from .service import Step, read_fetched

# Pages fetched and read per batch: bounds the bodies held in memory at once (each under
# [web] max_fetch_bytes) while the pool keeps its fetches going.
FETCH_BATCH = 32
# Batches fetched or being read ahead of the store (memory: AHEAD * FETCH_BATCH pages).
AHEAD = 8

_UNSAFE = re.compile(r"[^\w.-]+")

Page = tuple[str, str, bytes]
"""A fetched page as the reader takes it: (url, file name, body)."""
Read = tuple[list[Article], list[dict[str, str]]]
"""What reading a batch gave: the articles, and the pages skipped with why."""


def url_file_name(url: str, content_type: str) -> str:
    """The file name a fetched page is read (and, for uploads by URL, kept) under."""
    stem = _UNSAFE.sub("_", url.split("://", 1)[-1]).strip("._")[:100] or "page"
    return stem + (".txt" if content_type == "text/plain" else ".html")


def _reader_start(parent: int, nice: int) -> None:
    """In a reader process: lower its priority by ``nice`` (the web process answering
    requests goes first when the cores are busy), and exit once the job worker that
    started the pool is gone (a killed server must leave no reader behind; the worker
    itself dies with the server)."""
    if nice > 0:
        with contextlib.suppress(OSError):
            os.nice(nice)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="storytrace-orphan-watch", daemon=True).start()


def _read(pages: Sequence[Page], settings: Settings) -> Read:
    return read_fetched(pages, settings)


WARM_PAGE: Page = ("warm-up", "warm.html", b"<html><body><p>Warm-up.</p></body></html>")


class PageReader:
    """Reads fetched pages into articles in ``processes`` worker processes (spawned once,
    on the first batch, and kept for the service's life; ``nice``: that much lower a
    priority); with 0, in the calling thread."""

    def __init__(self, settings: Settings, processes: int, nice: int = 0) -> None:
        self.settings = settings
        self.processes = max(0, processes)
        self.nice = nice
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def warm(self) -> None:
        """Start the reader processes now, each reading a tiny page (imports the reading
        code: 0.6 s of CPU and 77 MB a process), so that a poll does not wait for them."""
        if self.processes and not self._closed:
            for _ in range(self.processes):
                self.submit([WARM_PAGE])

    def submit(self, pages: Sequence[Page], spawn: bool = True) -> Future[Read]:
        """Read ``pages`` in a reader process; here and now when there are none (or none
        running and ``spawn`` is false: a poll of one batch costs less than starting
        them) or nothing to read."""
        if not self.processes or not pages or self._closed or (not spawn and self._pool is None):
            done: Future[Read] = Future()
            try:
                done.set_result(_read(pages, self.settings))
            except Exception as exc:
                done.set_exception(exc)
            return done
        with self._lock:
            if self._pool is None:
                import multiprocessing

                self._pool = ProcessPoolExecutor(
                    self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_reader_start,
                    initargs=(os.getpid(), self.nice),
                )
            pool = self._pool
        try:
            return pool.submit(_read, list(pages), self.settings)
        except (BrokenProcessPool, RuntimeError):
            # A reader died (out of memory, killed): a new pool; or the pool was closed
            # meanwhile (the worker is stopping): read here.
            self.close(pool)
            return self.submit(pages, spawn)

    def read(self, pages: Sequence[Page], future: Future[Read]) -> Read:
        """The result of ``future``, or ``pages`` read here when its reader process died
        (or the readers were stopped meanwhile)."""
        try:
            return future.result()
        except (BrokenProcessPool, CancelledError):
            with self._lock:
                broken = self._pool
            if broken is not None:
                self.close(broken)
            return _read(pages, self.settings)

    def close(self, only: ProcessPoolExecutor | None = None) -> None:
        """Stop the reader processes for good (later batches are read in the calling
        thread); ``only``: that broken pool, if it is still the current one (a new one
        starts with the next batch)."""
        with self._lock:
            self._closed = self._closed or only is None
            pool = self._pool
            if pool is None or (only is not None and pool is not only):
                return
            self._pool = None
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class FeedPages:
    """The pages of ``links``: fetched ``workers`` at a time by ``fetcher``, read by
    ``reader`` a batch at a time, in order. After :meth:`articles` is exhausted:
    ``hashes`` (each fetched link's body hash), ``failed`` (links not fetched, why) and
    ``skipped`` (pages the reader could not use, why). ``spawn``: start the reader
    processes if they are not running. ``given``: pages already in hand by link (a feed
    entry's own full text), read without a fetch."""

    links: Sequence[str]
    fetcher: Fetcher
    reader: PageReader
    workers: int
    step: Step
    spawn: bool = True
    given: dict[str, bytes] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def articles(self) -> Iterator[Article]:
        """The articles read, in feed order, as their batches come in (each with its URL)."""
        ahead: queue.Queue[Any] = queue.Queue(maxsize=AHEAD)
        stop = threading.Event()
        producer = threading.Thread(
            target=self._produce, args=(ahead, stop), name="storytrace-feed-fetch", daemon=True
        )
        producer.start()
        try:
            while True:
                item = ahead.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                done, pages, future = item
                arts, bad = self.reader.read(pages, future)
                self.skipped += bad
                self.step("fetching", done, len(self.links))
                yield from (a if a.url else replace(a, url=a.source) for a in arts)
        finally:
            stop.set()
            with contextlib.suppress(queue.Empty):
                while True:  # let a producer blocked on a full queue see ``stop``
                    ahead.get_nowait()
            producer.join()

    def _produce(self, ahead: queue.Queue[Any], stop: threading.Event) -> None:
        """Fetch batch after batch and hand each to the reader; ``(links done, pages,
        future)`` to ``ahead`` in order, then None (an error instead, then None)."""

        def put(item: Any) -> None:
            while not stop.is_set():
                with contextlib.suppress(queue.Full):
                    ahead.put(item, timeout=0.2)
                    return

        def one(link: str) -> tuple[str, Fetched | FetchError]:
            if link in self.given:
                return link, Fetched(link, "text/html", self.given[link])
            try:
                return link, self.fetcher.get(link)
            except FetchError as exc:
                return link, exc

        try:
            with ThreadPoolExecutor(self.workers, thread_name_prefix="storytrace-fetch") as pool:
                for start in range(0, len(self.links), FETCH_BATCH):
                    if stop.is_set():
                        return
                    batch = self.links[start : start + FETCH_BATCH]
                    pages: list[Page] = []
                    for link, got in pool.map(one, batch):
                        if isinstance(got, FetchError):
                            self.failed.append({"url": link, "detail": got.detail})
                            continue
                        self.hashes[link] = hashlib.sha256(got.body).hexdigest()
                        pages.append((link, url_file_name(link, got.content_type), got.body))
                    put((start + len(batch), pages, self.reader.submit(pages, self.spawn)))
        except BaseException as exc:
            put(exc)
        finally:
            put(None)
