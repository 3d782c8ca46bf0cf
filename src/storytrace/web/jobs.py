"""Long work as persisted jobs: ingest (uploads, JSON bodies, fetched URLs, feed polls),
story analysis and ad-hoc analysis.

A job is a row in ``web_jobs`` (kind, JSON params, status, progress). One worker thread
runs them: storing first (ingest, fetch, poll), then clustering, then analyses. A server
killed mid-job finds the job ``running`` on restart, puts it back in the queue and runs it
again: every step is idempotent (articles are keyed by content hash, stories already
assigned are not re-clustered, a report whose membership is unchanged is not rebuilt,
fetched pages are kept on disk), so nothing is lost or doubled.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.engine import Engine

from . import db

KINDS = ("ingest", "fetch", "poll", "cluster", "analyze", "adhoc")
# Claimed in this order: storing first (what users wait for), then clustering, then analyses.
PRIORITY = (("ingest", "fetch", "poll"), ("cluster",), ("analyze", "adhoc"))
PROGRESS_EVERY_S = 0.3

Runner = Callable[[dict[str, Any], "JobContext"], dict[str, Any]]


class JobContext:
    """What a running job may do: report progress and enqueue follow-up jobs."""

    def __init__(self, queue: JobQueue, job_id: int) -> None:
        self.queue = queue
        self.job_id = job_id
        self._last = 0.0

    def step(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY_S and done < total:
            return
        self._last = now
        with self.queue.engine.begin() as conn:
            conn.execute(
                update(db.jobs)
                .where(db.jobs.c.id == self.job_id)
                .values(step=what, done=done, total=total, updated=db.now())
            )


class JobQueue:
    """The persisted queue and the one worker thread that drains it."""

    def __init__(self, engine: Engine, runners: dict[str, Runner]) -> None:
        self.engine = engine
        self.runners = runners
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(self, kind: str, params: dict[str, Any], user_id: int | None = None) -> int:
        """Queue a job; an identical queued job (same kind and params) is reused."""
        text = json.dumps(params, sort_keys=True)
        with self.engine.begin() as conn:
            same = conn.execute(
                select(db.jobs.c.id).where(
                    and_(
                        db.jobs.c.kind == kind,
                        db.jobs.c.params == text,
                        db.jobs.c.status == "queued",
                    )
                )
            ).first()
            if same is not None:
                return int(same.id)
            row = conn.execute(
                insert(db.jobs).values(
                    kind=kind, params=text, status="queued", step="queued", done=0, total=0,
                    attempts=0, user_id=user_id, created=db.now(), updated=db.now(),
                )
            )  # fmt: skip
        self._wake.set()
        return int(row.inserted_primary_key[0])  # type: ignore[index]

    def get(self, job_id: int) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(select(db.jobs).where(db.jobs.c.id == job_id)).first()

    def recent(self, limit: int = 50, status: str | None = None) -> list[Any]:
        query = select(db.jobs).order_by(db.jobs.c.id.desc()).limit(limit)
        if status:
            query = query.where(db.jobs.c.status == status)
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def pending(self, kind: str, params: dict[str, Any]) -> bool:
        return self.pending_job(kind, params) is not None

    def pending_job(self, kind: str, params: dict[str, Any]) -> int | None:
        """The id of a queued or running job of ``kind`` with these params, or None."""
        text = json.dumps(params, sort_keys=True)
        with self.engine.connect() as conn:
            row = conn.execute(
                select(db.jobs.c.id)
                .where(
                    db.jobs.c.kind == kind,
                    db.jobs.c.params == text,
                    db.jobs.c.status.in_(("queued", "running")),
                )
                .order_by(db.jobs.c.id.desc())
            ).first()
        return None if row is None else int(row.id)

    def resume(self) -> int:
        """Put jobs a killed server left ``running`` back in the queue; how many."""
        with self.engine.begin() as conn:
            res = conn.execute(
                update(db.jobs)
                .where(db.jobs.c.status == "running")
                .values(status="queued", step="resumed after a restart", updated=db.now())
            )
        return int(res.rowcount or 0)

    def _claim(self) -> Any:
        with self.engine.begin() as conn:
            for all_kinds in PRIORITY:
                # A queue runs only the kinds it has runners for: a worker may take a share
                # of the jobs (feed polls only, say) and leave the rest to another.
                kinds = [k for k in all_kinds if k in self.runners]
                if not kinds:
                    continue
                row = conn.execute(
                    select(db.jobs)
                    .where(db.jobs.c.status == "queued", db.jobs.c.kind.in_(kinds))
                    .order_by(db.jobs.c.id)
                    .limit(1)
                ).first()
                if row is None:
                    continue
                claimed = conn.execute(
                    update(db.jobs)
                    .where(db.jobs.c.id == row.id, db.jobs.c.status == "queued")
                    .values(status="running", attempts=row.attempts + 1, updated=db.now())
                )
                if claimed.rowcount:
                    return row
        return None

    def run_one(self) -> bool:
        """Run the next queued job, if any; whether one ran."""
        row = self._claim()
        if row is None:
            return False
        ctx = JobContext(self, row.id)
        status, result, error = "done", None, None
        try:
            result = self.runners[row.kind](json.loads(row.params), ctx)
        except Exception as exc:  # a job's failure is recorded, the worker goes on
            from .problems import Problem

            status = "failed"
            error = exc.detail if isinstance(exc, Problem) else f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, Problem):
                traceback.print_exc()
        with self.engine.begin() as conn:
            conn.execute(
                update(db.jobs)
                .where(db.jobs.c.id == row.id)
                .values(
                    status=status,
                    step=status,
                    result=None if result is None else json.dumps(result, ensure_ascii=False),
                    error=error,
                    updated=db.now(),
                )
            )
        return True

    def start(self) -> None:
        self.resume()
        self._thread = threading.Thread(target=self._loop, name="storytrace-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                ran = self.run_one()
            except Exception:  # the database went away for a moment: log, wait, go on
                traceback.print_exc()
                ran = False
            if not ran:
                # Woken at once by a job queued in this process; jobs queued by another
                # process (the web app, when the worker runs apart) within half a second.
                self._wake.wait(0.5)
                self._wake.clear()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Until no job is queued or running (tests and ``make serve``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.engine.connect() as conn:
                busy = conn.execute(
                    select(db.jobs.c.id).where(db.jobs.c.status.in_(("queued", "running")))
                ).first()
            if busy is None:
                return True
            time.sleep(0.2)
        return False
