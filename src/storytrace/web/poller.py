"""Feeds on a schedule: a thread that queues a poll job for every feed that is due."""

from __future__ import annotations

import threading

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from . import db
from .jobs import JobQueue
from .problems import Problem


def add_feed(engine: Engine, url: str, interval_s: float) -> int:
    """Register a feed; a feed already registered is a 409 problem."""
    with engine.begin() as conn:
        if conn.execute(select(db.feeds.c.id).where(db.feeds.c.url == url)).first():
            raise Problem(409, "Feed exists", f"the feed {url} is already watched")
        row = conn.execute(
            insert(db.feeds).values(url=url, interval_s=interval_s, created=db.now(), items=0)
        )
    return int(row.inserted_primary_key[0])  # type: ignore[index]


def due_feeds(engine: Engine) -> list[int]:
    now = db.now()
    with engine.connect() as conn:
        rows = conn.execute(
            select(db.feeds.c.id, db.feeds.c.last_polled, db.feeds.c.interval_s)
        ).all()
    return [r.id for r in rows if r.last_polled is None or r.last_polled + r.interval_s <= now]


class Poller:
    """Every ``tick_s`` seconds, queue a poll of each due feed (never two at once)."""

    def __init__(self, engine: Engine, queue: JobQueue, tick_s: float = 2.0) -> None:
        self.engine = engine
        self.queue = queue
        self.tick_s = tick_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> list[int]:
        queued = []
        for feed_id in due_feeds(self.engine):
            if not self.queue.pending("poll", {"feed": feed_id}):
                self.queue.submit("poll", {"feed": feed_id})
                queued.append(feed_id)
        return queued

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="storytrace-feeds", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def _loop(self) -> None:
        while not self._stop.wait(self.tick_s):
            self.tick()
