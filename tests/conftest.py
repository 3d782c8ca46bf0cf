"""Shared test fixtures. Keep this small: helpers for more than one test module only.

Also the run's rules:

- Under CI (``CI`` set to anything but ``""``, ``0``, ``false``, ``no``) a skipped test
  FAILS: a missing ``../shared``, browser, PostgreSQL or declared dependency must not pass
  silently. A test whose skip is about the platform, not a missing part, opts out with
  ``@pytest.mark.ci_may_skip``.
- Every run uses a new, empty embedding cache (``$STORYTRACE_CACHE`` in a temporary
  folder), so a warm user cache never hides a missing or changed model. Outside CI,
  ``STORYTRACE_TEST_CACHE=DIR`` keeps one between runs (keys include the model version).
- ``store_url`` runs a test against SQLite and against a real PostgreSQL server that the
  session starts on 127.0.0.1 from Debian's package (see ``tests/pgserver.py``).
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgserver import PgServer, PgUnavailable

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
_OWN_CACHE: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    keep = os.environ.get("STORYTRACE_TEST_CACHE", "")
    if keep and not CI:
        os.environ["STORYTRACE_CACHE"] = keep
    else:
        folder = tempfile.mkdtemp(prefix="storytrace-test-cache-")
        _OWN_CACHE.append(folder)
        os.environ["STORYTRACE_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _OWN_CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    allowed = item.get_closest_marker("ci_may_skip") is not None
    if CI and report.skipped and not hasattr(report, "wasxfail") and not allowed:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI, where every part must be present: {reason}\n"
            "(install what it names, or mark a platform-only skip @pytest.mark.ci_may_skip)"
        )
    return report


# Invented news text for generated pages (no outside text in the repo).
PARAGRAPHS = (
    "The harbour authority of Port Elvane approved a plan on Monday to deepen the main "
    "channel, a project it says will let larger cargo ships dock by the end of next year.",
    "Board chair Ines Marlow told reporters that the dredging would cost about 48 million "
    "and that two thirds of the money would come from a regional infrastructure fund.",
    "Fishing cooperatives have opposed the work for months, arguing that the sediment "
    "plume could harm the mussel beds that employ more than three hundred people nearby.",
    "An environmental review published in the spring found the risk to be limited if the "
    "dredgers paused during the spawning season, a condition the board has now adopted.",
)


def news_page(
    paragraphs: Sequence[str] = PARAGRAPHS,
    *,
    title: str = "Port Elvane votes to deepen its harbour channel",
    site: str = "Coastline Ledger",
    author: str = "Rafe Oduya",
    date: str = "2025-06-17",
    lang: str = "en",
) -> str:
    """An HTML news page with navigation, share links and a footer around the article."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(site)}</title>
<meta property="og:site_name" content="{html.escape(site)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{date}T08:30:00Z">
</head>
<body>
<header><nav>
<a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
</nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
{body}
</article></main>
<aside><a href="/share/fb">Share on Facebook</a> <a href="/share/x">Share on X</a></aside>
<footer><p>All rights reserved.</p> <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


@pytest.fixture
def make_page() -> Callable[..., str]:
    """Build an HTML news page from invented paragraphs (see :func:`news_page`)."""
    return news_page


@pytest.fixture
def seeds_dir() -> Path:
    """The five reference articles in ../shared/seeds; skips when they are absent."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


# Debian's chromium, driven by playwright, for the report and web app browser tests.
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the session (Debian's package, on 127.0.0.1); skips with the
    reason when none can be started (a failure under CI)."""
    server = PgServer()
    try:
        server.start()
    except PgUnavailable as exc:
        server.stop()
        pytest.skip(f"no PostgreSQL to test against: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives: a new SQLite file, or a new database on the session's
    PostgreSQL server; pass it to ``Store(...)`` or ``--db``."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database()


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts handed to the embedding model (the real one), in order."""
    from storytrace.align import embed as embed_module

    seen: list[str] = []
    real = embed_module.embed

    def counting(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(embed_module, "embed", counting)
    yield seen
