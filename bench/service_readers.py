"""The service bench's readers: client threads (in a few processes of their own) reading
story pages, the report JSON and the stories list while a feed is ingested.

Two kinds of reader (``MODES``):

- ``closed``: a closed loop with no think time and no HTTP cache, each client sending its
  next request the moment the last one answered: a load test at saturation, not a person.
  On a small machine it takes every CPU cycle it can from the ingest beside it.
- ``browser``: what a browser does for a person reading: it keeps each answer with its
  ``ETag`` (the service says ``Cache-Control: private, no-cache``) and revalidates with
  ``If-None-Match`` (``304 Not Modified`` while nothing changed), and the person pauses
  between requests (exponential think time, mean ``think_s``; a person reads a story page
  for far longer than the one second used by default). Readers arrive one think time
  apart on average, not all in the same instant.
"""

from __future__ import annotations

import multiprocessing
import random
import resource
import threading
import time
from typing import Any

import httpx

MODES = ("closed", "browser")
PROCESSES = 4


def reader(
    url: str, token: str, sid: str, mode: str, think_s: float, seed: int, stop: threading.Event,
    out: dict[str, list[tuple[float, float]]], errors: list[str], revalidated: list[str],
) -> None:  # fmt: skip
    """One client: the four endpoints in turn until ``stop``; ``(start time, latency)`` of
    each request to ``out``. A browser-like reader arrives after a think time of its own
    (people do not all open the page in the same instant)."""
    paths = {
        "story page": f"/stories/{sid}",
        "report JSON": f"/api/stories/{sid}/report",
        "stories API": "/api/stories",
        "stories page": "/",
    }
    browser = mode == "browser"
    tags: dict[str, str] = {}
    rng = random.Random(seed)
    if browser and stop.wait(rng.expovariate(1.0 / think_s)):
        return
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
        while not stop.is_set():
            for name, path in paths.items():
                headers = {"If-None-Match": tags[path]} if browser and path in tags else {}
                began = time.time()
                t0 = time.perf_counter()
                try:
                    r = c.get(path, headers=headers)
                    ok = r.status_code == 200 or (r.status_code == 304 and bool(headers))
                except httpx.HTTPError as exc:
                    ok, r = False, None
                    errors.append(f"{name}: {exc}")
                out.setdefault(name, []).append((began, time.perf_counter() - t0))
                if r is not None and not ok:
                    errors.append(f"{name}: HTTP {r.status_code}")
                elif r is not None and browser:
                    if r.status_code == 304:
                        revalidated.append(name)
                    if "etag" in r.headers:
                        tags[path] = r.headers["etag"]
                if browser and stop.wait(rng.expovariate(1.0 / think_s)):
                    return


def reader_process(
    url: str, token: str, sid: str, mode: str, think_s: float, n: int, first: int, stop: Any,
    results: Any,
) -> None:  # fmt: skip
    """``n`` reader threads until ``stop`` is set; their latencies, errors and 304s to
    ``results``."""
    lat: dict[str, list[tuple[float, float]]] = {}
    errors: list[str] = []
    revalidated: list[str] = []
    done = threading.Event()
    threads = [
        threading.Thread(
            target=reader,
            args=(url, token, sid, mode, think_s, first + i, done, lat, errors, revalidated),
        )
        for i in range(n)
    ]
    for t in threads:
        t.start()
    stop.wait()
    done.set()
    for t in threads:
        t.join()
    use = resource.getrusage(resource.RUSAGE_SELF)
    results.put((lat, errors, len(revalidated), use.ru_utime + use.ru_stime))


def start_readers(
    url: str, token: str, sid: str, clients: int, mode: str, think_s: float
) -> tuple[Any, Any, list[Any]]:
    """Readers in a few processes of their own, so that the clients' own interpreter lock
    does not add to the latencies measured: ``(stop event, results queue, processes)``."""
    mp = multiprocessing.get_context("spawn")
    stop = mp.Event()
    results = mp.Queue()
    per = [clients // PROCESSES + (i < clients % PROCESSES) for i in range(PROCESSES)]
    firsts = [sum(per[:i]) for i in range(PROCESSES)]
    procs = [
        mp.Process(
            target=reader_process,
            args=(url, token, sid, mode, think_s, n, first, stop, results),
            daemon=True,
        )
        for n, first in zip(per, firsts, strict=True)
        if n
    ]
    for p in procs:
        p.start()
    return stop, results, procs


def stop_readers(
    stop: Any, results: Any, procs: list[Any], since: float
) -> tuple[dict[str, list[float]], list[str], int, float]:
    """Stop the readers: the latencies by endpoint of the requests begun at or after
    ``since`` (``time.time()``: the readers' warm-up is not measured), errors, 304
    answers, and the CPU seconds their processes used (the clients share the machine with
    the service)."""
    stop.set()
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    revalidated = 0
    cpu = 0.0
    for _ in procs:
        part_lat, part_errors, part_304, part_cpu = results.get(timeout=120)
        for k, v in part_lat.items():
            lat.setdefault(k, []).extend(took for began, took in v if began >= since)
        errors += part_errors
        revalidated += part_304
        cpu += part_cpu
    for p in procs:
        p.join(30)
    return lat, errors, revalidated, cpu


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (seconds) in milliseconds."""
    values = sorted(values)
    return values[min(int(q * len(values)), len(values) - 1)] * 1000
