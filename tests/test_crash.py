"""Crash safety: kill ``storytrace ingest`` mid-way, run it again, nothing lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchload import bench_module

N_ARTICLES = 8000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    path, _ = bench_module("bench_corpus").write_corpus(folder, N_ARTICLES, seed=11)
    return path


def ingest(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storytrace.cli", "ingest", str(corpus), "--db", str(db),
         "--no-progress"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def interrupt_midway(corpus: Path, db: Path, sig: int) -> subprocess.CompletedProcess[str]:
    proc = ingest(corpus, db)
    deadline = time.monotonic() + 120
    while stored(db) < 1000:  # two batches committed, more to come
        assert proc.poll() is None, f"ingest ended before it could be interrupted: {proc.stderr}"
        assert time.monotonic() < deadline, "ingest made no progress in 120 s"
        time.sleep(0.05)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def check_store(db: Path, corpus: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    wanted = [json.loads(line)["id"] for line in corpus.read_text().splitlines()]
    assert sorted(ids) == sorted(wanted)  # every input article exactly once
    assert len(ids) == len(set(ids))
    # Every stored article has its fingerprint and buckets: batches committed whole.
    assert conn.execute("SELECT COUNT(*) FROM fingerprints").fetchone()[0] == len(ids)
    orphans = conn.execute(
        "SELECT COUNT(*) FROM duplicates d LEFT JOIN articles a ON a.id = d.article"
        " WHERE a.id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    links = conn.execute("SELECT article, duplicate_of FROM duplicates").fetchall()
    conn.close()
    assert len(links) == len(set(links))
    return set(links)


@pytest.mark.slow
def test_kill_9_midway_then_rerun_loses_and_doubles_nothing(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite"
    killed = interrupt_midway(corpus, db, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    partial = stored(db)
    assert 1000 <= partial < N_ARTICLES
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    rerun = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "ingest", str(corpus), "--db", str(db),
         "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert f"added {N_ARTICLES - partial:,}; {partial:,} already present" in rerun.stderr
    links = check_store(db, corpus)

    # The same links as one uninterrupted run: the batch in flight was not half-linked.
    clean = tmp_path / "clean.sqlite"
    once = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "ingest", str(corpus), "--db", str(clean),
         "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert once.returncode == 0, once.stderr
    assert links == check_store(clean, corpus)
    assert len(links) > 1000  # the corpus plants thousands of copies


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resumes(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "int.sqlite"
    stopped = interrupt_midway(corpus, db, signal.SIGINT)
    assert stopped.returncode == 130
    assert "interrupted" in stopped.stderr and "Traceback" not in stopped.stderr
    assert "run the same command again to resume" in stopped.stderr
    partial = stored(db)
    assert partial % 500 == 0, stopped.stderr  # only whole batches were committed
    rerun = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "ingest", str(corpus), "--db", str(db),
         "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert rerun.returncode == 0 and f"{partial:,} already present" in rerun.stderr
    check_store(db, corpus)
