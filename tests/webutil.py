"""Helpers for the web service tests: a real uvicorn on 127.0.0.1 in a thread, sign-in."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="pip install 'storytrace[web]'")

import httpx
import uvicorn

from storytrace.web import auth
from storytrace.web.app import create_app
from storytrace.web.settings import ServeSettings

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Live:
    """A running app: its base URL, settings and state (service, queue ...)."""

    def __init__(self, app: Any, url: str, settings: ServeSettings) -> None:
        self.app = app
        self.url = url
        self.settings = settings
        self.st = app.state.st

    def client(self, **kw: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kw)

    def add_user(self, name: str, role: str) -> None:
        auth.add_user(self.st.service.engine, name, role, PASSWORD)

    def signed_in(self, name: str) -> tuple[httpx.Client, str]:
        """A client with a session cookie, and its CSRF token."""
        with self.client() as c:
            r = c.post("/api/session", json={"name": name, "password": PASSWORD})
            assert r.status_code == 200, r.text
            cookies = httpx.Cookies(c.cookies)
        return self.client(cookies=cookies), r.json()["csrf_token"]

    def token(self, name: str, scope: str) -> str:
        c, csrf = self.signed_in(name)
        with c:
            r = c.post(
                "/api/tokens", json={"name": f"{name}-{scope}", "scope": scope},
                headers={"X-CSRF-Token": csrf},
            )  # fmt: skip
        assert r.status_code == 201, r.text
        return str(r.json()["token"])

    def last_job(self, c: httpx.Client, url: str) -> dict[str, Any]:
        """The job at ``url``, or the last of the jobs it handed on to (ingest -> cluster)."""
        job: dict[str, Any] = c.get(url).json()
        while job.get("result") and job["result"].get("next"):
            job = c.get(f"/api/jobs/{job['result']['next']}").json()
        return job

    def wait_idle(self, timeout: float = 300) -> None:
        assert self.st.queue.wait_idle(timeout), "jobs still running"


@contextmanager
def live_server(settings: ServeSettings) -> Iterator[Live]:
    app = create_app(settings)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    end = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < end, "the server did not start"
        time.sleep(0.05)
    try:
        yield Live(app, f"http://127.0.0.1:{port}", settings)
    finally:
        server.should_exit = True
        thread.join(15)
        app.state.st.service.close()


def demo_files() -> list[tuple[str, bytes]]:
    folder = resources.files("storytrace").joinpath("demo/articles")
    return sorted((p.name, p.read_bytes()) for p in folder.iterdir() if p.name[0] != ".")


def settings_for(data: Path, **kw: Any) -> ServeSettings:
    return ServeSettings.from_settings(data=data).with_(**kw)
