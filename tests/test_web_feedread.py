"""A feed poll's pages read in reader processes beside the fetches (web/feedread.py): the
same articles in feed order as reading them in the worker itself, failures counted, a
dead reader process costs no page, readers yield the CPU to requests (nice), and no
reader outlives the worker that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import news_page
from httpsite import Answer, local_site
from storytrace.settings import Settings
from storytrace.web.feedread import FETCH_BATCH, FeedPages, PageReader
from storytrace.web.fetch import Fetcher
from webutil import settings_for

PAGES = 2 * FETCH_BATCH + 7  # three batches, the last one short

WORDS = [
    "harbour",
    "council",
    "ferry",
    "tide",
    "quay",
    "dredger",
    "pilot",
    "cargo",
    "berth",
    "channel",
]


def invented(i: int) -> bytes:
    """Page ``i``: invented text of its own (every fifth page names no text: skipped)."""
    if i % 5 == 4:
        return b"<html><body><nav>Home</nav></body></html>"
    paras = tuple(
        f"Report {i}, part {k}: the {WORDS[(i + k) % 10]} of Port Elvane met the "
        f"{WORDS[(i * 3 + k) % 10]} board on day {i + k} and agreed {i * 7 + k} new rules "
        "after a long evening of questions from residents and harbour staff."
        for k in range(3)
    )
    return news_page(paras, title=f"Harbour note {i}", date="2025-06-17").encode()


def route(path: str, base: str) -> Answer | None:
    if path.startswith("/p/"):
        i = int(path[3:].split(".")[0])
        return None if i % 11 == 10 else (200, "text/html; charset=utf-8", invented(i))
    return None


def read_all(tmp_path: Path, base: str, processes: int) -> tuple[list[Any], FeedPages]:
    settings = settings_for(tmp_path, allow_hosts=("127.0.0.1",), host_interval_s=0.0)
    reader = PageReader(Settings.default(), processes)
    steps: list[tuple[str, int, int]] = []
    pages = FeedPages(
        [f"{base}/p/{i}.html" for i in range(PAGES)], Fetcher(settings), reader, 4,
        lambda what, done, total: steps.append((what, done, total)),
    )  # fmt: skip
    try:
        arts = [(a.id, a.url, a.title, a.raw, a.content_hash) for a in pages.articles()]
    finally:
        reader.close()
    assert steps[-1] == ("fetching", PAGES, PAGES)
    return arts, pages


def test_pages_read_in_processes_as_in_the_worker_in_feed_order(tmp_path: Path) -> None:
    with local_site(route) as base:
        inline, plain = read_all(tmp_path / "a", base, 0)
        pooled, pool = read_all(tmp_path / "b", base, 2)
    assert pooled == inline
    missing = [i for i in range(PAGES) if i % 11 == 10]
    empty = [i for i in range(PAGES) if i % 5 == 4 and i % 11 != 10]
    assert [a[1] for a in pooled] == [
        f"{base}/p/{i}.html" for i in range(PAGES) if i not in missing and i not in empty
    ]
    for got in (plain, pool):
        assert [f["url"] for f in got.failed] == [f"{base}/p/{i}.html" for i in missing]
        assert all("HTTP 404" in f["detail"] for f in got.failed)
        assert [s["source"] for s in got.skipped] == [f"{base}/p/{i}.html" for i in empty]
        assert len(got.hashes) == PAGES - len(missing)


def test_a_dead_reader_process_costs_no_page() -> None:
    reader = PageReader(Settings.default(), 1)
    page = [("http://127.0.0.1/p/1.html", "p_1.html", invented(1))]
    try:
        first = reader.read(page, reader.submit(page))[0]
        pool = reader._pool
        assert pool is not None
        for pid in list(pool._processes):  # a reader killed (say, out of memory)
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        again = reader.read(page, reader.submit(page))[0]  # read here, or by a new pool
        third = reader.read(page, reader.submit(page))[0]
    finally:
        reader.close()
    assert [a.raw for a in again] == [a.raw for a in third] == [a.raw for a in first]
    assert first and first[0].title == "Harbour note 1"


ORPHAN = """
import sys, time
from storytrace.settings import Settings
from storytrace.web.feedread import PageReader
reader = PageReader(Settings.default(), 2, nice=5)
reader.warm()
page = [("http://127.0.0.1/p/1.html", "p_1.html", b"<html><body><p>x</p></body></html>")]
reader.read(page, reader.submit(page))
print(" ".join(str(p) for p in reader._pool._processes), flush=True)
time.sleep(600)
"""


def test_readers_run_nicer_and_exit_when_their_worker_is_killed() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", ORPHAN],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path.cwd(),
    ) as proc:
        try:
            assert proc.stdout is not None
            readers = [int(p) for p in proc.stdout.readline().split()]
            assert readers  # started as work arrives: one batch, one process at least
            assert all(alive(p) for p in readers)
            mine = os.getpriority(os.PRIO_PROCESS, 0)
            assert all(os.getpriority(os.PRIO_PROCESS, p) == min(mine + 5, 19) for p in readers)
        finally:
            proc.kill()  # as kill -9 of the server takes its worker with it
            proc.wait()
    end = time.monotonic() + 60
    while time.monotonic() < end and any(alive(p) for p in readers):
        time.sleep(0.2)
    assert not any(alive(p) for p in readers)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for init to reap it does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
