"""The job worker and feed poller in a process of their own (``storytrace serve``).

The web process only queues jobs (rows in the database); this process claims and runs
them. It dies with its parent (Linux ``PR_SET_PDEATHSIG``, else it notices the parent
is gone), so a killed server never leaves a worker behind to race a restarted one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Any

from .settings import ServeSettings


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def run_worker(settings: ServeSettings, parent: int) -> None:
    """Run jobs and poll feeds until the parent process goes away or asks us to stop."""
    _die_with_parent()
    from .fetch import Fetcher
    from .jobs import JobQueue
    from .poller import Poller
    from .service import Service
    from .work import Work

    service = Service(settings)
    fetcher = Fetcher(settings)
    work = Work(service, fetcher)
    queue = JobQueue(service.engine, work.runners())
    work.queue = queue
    work.reader.warm()  # the page readers, started before the first feed poll needs them
    poller = Poller(service.engine, queue)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    queue.start()
    poller.start()
    while not stop.wait(1.0):
        if os.getppid() != parent:
            break
    poller.stop()
    queue.stop()
    work.close()
    fetcher.close()
    service.close()


def start_worker_process(settings: ServeSettings) -> Any:
    """Start :func:`run_worker` in a fresh (spawned) process; returns the process.

    Not a daemon process, since it starts processes of its own (the page readers,
    ``feedread.py``): :func:`stop_worker_process` stops it, also when the server's
    interpreter exits without its shutdown (multiprocessing would otherwise wait for it).
    """
    import atexit
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=run_worker, args=(settings, os.getpid()), name="storytrace-worker")
    proc.start()
    atexit.register(stop_worker_process, proc)
    return proc


def stop_worker_process(proc: Any, timeout: float = 30.0) -> None:
    """SIGTERM (the worker finishes its step and stops its readers), SIGKILL if it is
    still running after ``timeout`` seconds."""
    if proc.exitcode is not None:
        return
    proc.terminate()
    proc.join(timeout)
    if proc.exitcode is None:
        proc.kill()
        proc.join()
