"""Shared test fixtures. Keep this small: helpers for more than one test module only."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

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
