"""Reliability: ``kill -9`` the server during an ingest job and during an analysis job,
start it again: the jobs resume, the store is consistent, nothing is lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from webutil import PASSWORD, demo_files, free_port

httpx = pytest.importorskip("httpx")


class Server:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "storytrace.cli", "serve", "--data", str(self.data),
               "--port", str(self.port)]  # fmt: skip
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
def test_kill_9_during_ingest_and_analysis_resumes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    add = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "users", "add", "ed", "--role", "editor",
         "--data", str(data), "--password-stdin"],
        input=PASSWORD + "\n", text=True, capture_output=True, check=False,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    server = Server(data)
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
    with sqlite3.connect(data / "storytrace.sqlite") as store:
        assert store.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 7
        assert store.execute("SELECT COUNT(DISTINCT hash) FROM articles").fetchone()[0] == 7
        assert store.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 7
    with sqlite3.connect(data / "web.sqlite") as web:
        assert web.execute("SELECT COUNT(*) FROM web_reports").fetchone()[0] == 1
        params = [
            json.loads(p)
            for (p,) in web.execute("SELECT params FROM web_jobs WHERE kind='analyze'")
        ]
    assert len({p["story"] for p in params}) == 1
