"""Reliability: ``kill -9`` the server during an ingest job and during an analysis job,
start it again: the jobs resume, the store is consistent, nothing is lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from storytrace.store import Store
from storytrace.store.schema import engine_url
from webutil import PASSWORD, demo_files, free_port

httpx = pytest.importorskip("httpx")


class Server:
    def __init__(self, data: Path, db: list[str]) -> None:
        self.data = data
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "storytrace.cli", "serve", "--data", str(self.data),
               "--port", str(self.port), *self.db]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        end = time.monotonic() + 90
        while True:
            assert self.proc.poll() is None, (
                self.proc.stderr.read().decode() if self.proc.stderr else ""
            )
            try:
                if httpx.get(self.url + "/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < end, "the server did not start"
            time.sleep(0.2)

    def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        if self.proc.stderr:
            self.proc.stderr.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()


def jobs(c: Any) -> list[dict[str, Any]]:
    return list(c.get("/api/jobs").json())


def wait_for(c: Any, kinds: tuple[str, ...], status: str, timeout: float = 240) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for j in jobs(c):
            if j["kind"] in kinds and j["status"] == status:
                return j
        time.sleep(0.05)
    raise AssertionError(f"no {kinds} job became {status}: {jobs(c)}")


def wait_all_done(c: Any, timeout: float = 300) -> list[dict[str, Any]]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        js = jobs(c)
        if js and all(j["status"] in ("done", "failed") for j in js):
            return js
        time.sleep(0.3)
    raise AssertionError(f"jobs still running: {jobs(c)}")


def signed_in(server: Server) -> tuple[Any, str]:
    c = httpx.Client(base_url=server.url, timeout=30)
    r = c.post("/api/session", json={"name": "ed", "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf_token"]


@pytest.mark.slow
def test_kill_9_during_ingest_and_analysis_resumes(tmp_path: Path, store_url: str) -> None:
    """SQLite: the data folder's files; PostgreSQL: ``--db URL`` for the article store and
    the service's tables."""
    data = tmp_path / "data"
    db = ["--db", store_url] if "://" in store_url else []
    add = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "users", "add", "ed", "--role", "editor",
         "--data", str(data), "--password-stdin", *db],
        input=PASSWORD + "\n", text=True, capture_output=True, check=False,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    server = Server(data, db)
    try:
        server.start()
        c, csrf = signed_in(server)
        files = [("files", f) for f in demo_files()]
        r = c.post("/api/articles/files", files=files, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 202, r.text
        # Ingest is two jobs: storing, then clustering (the slow part).
        killed = wait_for(c, ("ingest", "cluster"), "running")
        server.kill9()  # during ingest
        c.close()

        server.start()
        c, csrf = signed_in(server)
        wait_for(c, ("analyze",), "running")
        server.kill9()  # during the analysis job
        c.close()

        server.start()
        c, _ = signed_in(server)
        final = wait_all_done(c)
        stories = c.get("/api/stories").json()
        sid = stories["stories"][0]["id"]
        report = c.get(f"/api/stories/{sid}/report").json()
        c.close()
    finally:
        server.stop()

    assert all(j["status"] == "done" for j in final), final
    by_kind = {j["kind"]: j for j in final}
    assert by_kind[killed["kind"]]["attempts"] >= 2 and by_kind["analyze"]["attempts"] >= 2
    assert stories["total"] == 1 and stories["stories"][0]["size"] == 7
    assert len(report["articles"]) == 7
    with Store(store_url if db else data / "storytrace.sqlite", readonly=True) as store:
        assert store.count() == 7
        assert len({r.hash for batch in store.iter_records() for r in batch}) == 7
        assert len(store.assignments()) == 7
    web_url = store_url if db else f"sqlite:///{data / 'web.sqlite'}"
    engine = create_engine(engine_url(web_url))
    try:
        with engine.connect() as web:
            assert web.execute(text("SELECT COUNT(*) FROM web_reports")).scalar() == 1
            rows = web.execute(text("SELECT params FROM web_jobs WHERE kind='analyze'"))
            params = [json.loads(p) for (p,) in rows]
    finally:
        engine.dispose()
    assert len({p["story"] for p in params}) == 1
