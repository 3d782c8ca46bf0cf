"""``storytrace serve --demo`` (what ``make serve`` runs), ``--public``, and ``users add``,
``list`` and ``passwd``."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from webutil import free_port

httpx = pytest.importorskip("httpx")


def storytrace(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storytrace.cli", *args],
        input=stdin, text=True, capture_output=True, check=False, timeout=120,
    )  # fmt: skip


def test_users_add_checks_its_input(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    ok = storytrace("users", "add", "chief", "--role", "admin", "--data", data,
                    "--password-stdin", stdin="a long password\n")  # fmt: skip
    assert ok.returncode == 0 and "created admin 'chief'" in ok.stderr
    again = storytrace(
        "users", "add", "chief", "--data", data, "--password-stdin", stdin="another one\n"
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    short = storytrace("users", "add", "bob", "--data", data, "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    assert "Traceback" not in again.stderr + short.stderr


def test_users_list_and_passwd(tmp_path: Path) -> None:
    """A forgotten password is reset from the command line (it needed a new admin), which
    ends that user's sessions; ``users list`` shows who exists."""
    from storytrace.web import auth, db

    data = str(tmp_path / "d")
    storytrace("users", "add", "chief", "--role", "admin", "--data", data,
               "--password-stdin", stdin="a long password\n")  # fmt: skip
    storytrace("users", "add", "ana", "--data", data, "--password-stdin", stdin="ana's password\n")
    listed = storytrace("users", "list", "--data", data)
    rows = [line.split("\t")[:2] for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and rows == [["ana", "viewer"], ["chief", "admin"]]
    engine = db.make_engine(f"sqlite:///{data}/web.sqlite")
    cookie, _ = auth.login(engine, "chief", "a long password", 3600)
    assert auth.from_session(engine, cookie) is not None
    reset = storytrace("users", "passwd", "chief", "--data", data,
                       "--password-stdin", stdin="a new long password\n")  # fmt: skip
    assert reset.returncode == 0 and "sessions ended" in reset.stderr
    assert auth.from_session(engine, cookie) is None, "the old session is over"
    auth.login(engine, "chief", "a new long password", 3600)
    engine.dispose()
    nobody = storytrace("users", "passwd", "bob", "--data", data,
                        "--password-stdin", stdin="whatever long\n")  # fmt: skip
    assert nobody.returncode == 1 and "no user is named 'bob'" in nobody.stderr
    short = storytrace("users", "passwd", "ana", "--data", data, "--password-stdin", stdin="x\n")
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    typo = storytrace("users", "list", "--data", str(tmp_path / "typo"))
    assert typo.returncode == 1 and "no such data folder" in typo.stderr
    assert not (tmp_path / "typo").exists()
    assert "Traceback" not in nobody.stderr + short.stderr + typo.stderr


@pytest.mark.slow
@pytest.mark.parametrize("public", [False, True])
def test_serve_demo_shows_the_demo_story(tmp_path: Path, public: bool) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "storytrace.cli", "serve", "--data", str(tmp_path / "d"),
           "--port", str(port), "--demo", *(["--public"] if public else [])]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        password = None
        for _ in range(10):
            line = proc.stderr.readline()
            found = re.search(r"password '([^']+)'", line)
            if found:
                password = found.group(1)
            if "serving" in line:
                break
        assert password, "the demo admin's password is printed"
        c = httpx.Client(base_url=url, timeout=30)
        end = time.monotonic() + 240
        while True:
            try:
                if c.get("/login").status_code == 200:
                    break
            except httpx.ConnectError:
                pass
            assert time.monotonic() < end, "the server did not start"
            time.sleep(0.3)
        if not public:
            assert c.get("/api/stories").status_code == 401
            login = c.post("/api/session", json={"name": "demo", "password": password})
            assert login.status_code == 200
        while not c.get("/api/stories").json()["total"]:
            assert time.monotonic() < end, "the demo story never appeared"
            time.sleep(0.5)
        story = c.get("/api/stories").json()["stories"][0]
        assert story["size"] == 7
        if public:
            anon = httpx.post(url + "/api/articles", json={"articles": [{"text": "x"}]})
            assert anon.status_code == 401, "a public instance is read-only for strangers"
        c.close()
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()


def test_serve_on_a_taken_port_is_one_line_before_serving(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = storytrace("serve", "--data", str(tmp_path / "d"), "--port", str(port))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"storytrace: error: 127.0.0.1:{port}: cannot listen there (Address already in use); "
        "another server may hold the port: choose another with --port"
    ]


def test_serve_without_users_says_how_to_create_the_first_admin(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    cmd = [sys.executable, "-m", "storytrace.cli", "serve", "--data", data,
           "--port", str(free_port())]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        lines = []
        for _ in range(10):
            lines.append(proc.stderr.readline())
            if "serving" in lines[-1]:
                break
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()
    hint = f"storytrace users add NAME --role admin --data {data}"
    assert any("no users yet" in line and hint in line for line in lines), lines
    # ... and with a user, no such warning.
    ok = storytrace("users", "add", "chief", "--role", "admin", "--data", data,
                    "--password-stdin", stdin="a long password\n")  # fmt: skip
    assert ok.returncode == 0
    proc = subprocess.Popen([*cmd[:-1], str(free_port())], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(30)
        if proc.stderr:
            proc.stderr.close()
    assert first.startswith("storytrace: serving"), first
