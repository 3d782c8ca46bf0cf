"""The stories list and the article search in SQL (web/listing.py) give what a scan of
every story and article in Python gives (the plain definition below), page by page, on
SQLite and PostgreSQL, for ASCII and other scripts, LIKE's own wildcards included."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from storytrace.store import ArticleRecord, Store, StoryInfo
from storytrace.types import Article
from storytrace.web.listing import (
    article_hay,
    find_articles,
    find_stories,
    like_pattern,
    story_matches,
    story_members,
)
from storytrace.web.service import StoryFilter

pytest.importorskip("fastapi", reason="pip install 'storytrace[web]'")

TITLES = [
    "Harbour cranes stop after the storm",
    "HARBOUR workers return",
    "Müller Werft meldet Auftrag",
    "MÜLLER-Werft: zweiter Auftrag",
    "Écho du port: la grue tombe",
    "100% of the ferries cancelled",
    "snake_case in a headline",
    None,
]
OUTLETS = ["Coastal Press", "Der Küstenbote", "L'Écho du Port", 'Harbour "Daily"', None]
STORIES = [
    # id, size, title, first, last, languages, outlets, updated
    ("s1", 4, "Harbour cranes stop", "2026-03-01", "2026-03-04", ("en",), ("Coastal Press",), "2026-03-05T10:00:00"),
    ("s2", 9, "Müller Werft", "2026-02-10", "2026-02-12", ("de",), ("Der Küstenbote",), "2026-03-05T10:00:00"),
    ("s3", 2, "Écho du port", "2026-03-03", "2026-03-03", ("fr", "en"), ("L'Écho du Port",), "2026-03-01T08:00:00"),
    ("s4", 9, "100% cancelled", None, None, (), (), "2026-03-06T00:00:00"),
    ("s5", 1, None, "2026-03-10T09:00:00Z", "2026-03-11", ("en",), ('Harbour "Daily"', "Coastal Press"), "2026-03-02T00:00:00"),
    ("s6", 3, "snake_case story", "2026-01-01", "2026-01-02", ("de", "en"), ("ÉCHO Wire",), "2026-03-05T10:00:00"),
]  # fmt: skip
SUMMARIES = {
    # The analysis names s1's outlets from the text, and found s2's root title.
    "s1": SimpleNamespace(outlets=json.dumps(["Coastal Press Agency", "Der Küstenbote"]), root_title=None),
    "s2": SimpleNamespace(outlets=None, root_title="Werft in Kiel erhält Großauftrag"),
}  # fmt: skip


def named(s: StoryInfo) -> StoryInfo:
    extra = SUMMARIES.get(s.id)
    if extra is None or not extra.outlets:
        return s
    return replace(s, outlets=tuple(json.loads(extra.outlets)))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One store per database for the module (the tests only read it)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("listing") / "store.sqlite")
    else:
        url = request.getfixturevalue("pg_server").new_database("listing")
    with Store(url) as st:
        arts = [
            Article(
                id=f"art-{i}", raw=f"Article number {i} says the harbour crane {i} fell.\n\nMore.",
                title=title, outlet=OUTLETS[i % len(OUTLETS)],
                url=f"https://news{i % 3}.example/{i}" if i % 4 else None,
            )
            for i, title in enumerate(TITLES)
        ]  # fmt: skip
        st.add_articles(arts)
        st.save_stories(StoryInfo(*row) for row in STORIES)  # type: ignore[arg-type]
        st.save_assignments({"art-0": "s1", "art-3": "s1", "art-1": "s2"})
        yield st


def plain_stories(store: Store, f: StoryFilter) -> list[str]:
    """The list as a scan of every story in Python gives it."""
    infos = [named(s) for s in store.stories()]
    picked = [s for s in infos if story_matches(f, s, SUMMARIES.get(s.id))]
    if f.sort == "size":
        picked.sort(key=lambda s: (-s.size, s.id))
    else:
        picked.sort(key=lambda s: (s.updated_at, s.size), reverse=True)
    return [s.id for s in picked]


def plain_articles(store: Store, q: str) -> list[str]:
    needle = q.casefold().strip()
    hits = [
        r.id
        for batch in store.iter_records()
        for r in batch
        if not needle or needle in article_hay(r.title, r.outlet, r.url, r.id)
    ]
    return hits[::-1]


QUERIES = ["", "harbour", "HARBOUR", "müller", "MÜLLER", "écho", "ÉCHO", "küsten", "kiel",
           "%", "_", "100%", "snake_case", "\"daily\"", "press agency", "no such words"]  # fmt: skip


def filters() -> Iterator[StoryFilter]:
    for q in QUERIES:
        for sort in ("recent", "size"):
            yield StoryFilter(q=q, sort=sort)
    for language, outlet in itertools.product(["", "en", "fr", "FR", "e"], ["", "écho", "press"]):
        yield StoryFilter(language=language, outlet=outlet)
    for since, until in [("2026-03-03", ""), ("", "2026-03-03"), ("2026-02-11", "2026-03-01"),
                         ("2027-01-01", ""), ("", "2025-12-31")]:  # fmt: skip
        yield StoryFilter(since=since, until=until)


@pytest.mark.parametrize("f", list(filters()), ids=repr)
def test_stories_in_sql_are_the_plain_scan_page_by_page(store: Store, f: StoryFilter) -> None:
    want = plain_stories(store, f)
    for per_page in (2, 25):
        got: list[str] = []
        for page in range(1, len(want) // per_page + 3):
            total, infos = find_stories(store, f, page, per_page, SUMMARIES, named)
            assert total == len(want)
            assert len(infos) <= per_page
            got += [s.id for s in infos]
        assert got == want


def test_listed_stories_carry_the_outlets_their_analysis_named(store: Store) -> None:
    _, infos = find_stories(store, StoryFilter(q="press agency"), 1, 25, SUMMARIES, named)
    assert [(s.id, s.outlets) for s in infos] == [
        ("s1", ("Coastal Press Agency", "Der Küstenbote"))
    ]
    # A store outlet the analysis renamed no longer matches: the list shows the analysis'.
    assert find_stories(store, StoryFilter(outlet="coastal press"), 1, 25, SUMMARIES, named)[0] == 2


@pytest.mark.parametrize("q", [*QUERIES, "news1.example", "art-5", "l'écho"])
def test_article_search_in_sql_is_the_plain_scan(store: Store, q: str) -> None:
    want = plain_articles(store, q)
    got: list[ArticleRecord] = []
    for page in range(1, len(want) // 3 + 3):
        total, recs = find_articles(store, q, page, 3)
        assert total == len(want)
        got += recs
    assert [r.id for r in got] == want
    assert all(r.lead for r in got)  # whole records, as the list shows them


def test_story_members_list_articles_without_text_in_ingest_order(store: Store) -> None:
    members = story_members(store, "s1")
    assert [m.id for m in members] == ["art-0", "art-3"]
    # art-0 has no URL; art-3 names its outlet from the URL's domain when it has none.
    by_id: dict[str, Any] = {m.id: m for m in members}
    assert by_id["art-0"].outlet == "Coastal Press"
    assert by_id["art-3"].outlet == 'Harbour "Daily"'
    full = {a.id: a for a in store.get_articles(["art-0", "art-3"])}
    assert all(m.content_hash == full[m.id].content_hash for m in members)
    assert story_members(store, "nope") == []


@pytest.mark.parametrize(
    ("needle", "pattern"),
    [("Harbour", "%harbour%"), ("100%", "%100\\%%"), ("a_b", "%a\\_b%"), ("Müller", "%m%ller%"),
     ("ÉCHO", "%cho%"), ('"x"', "%x%"), ("  ", "%%")],
)  # fmt: skip
def test_like_pattern_is_lowered_escaped_and_wild_beyond_ascii(needle: str, pattern: str) -> None:
    assert like_pattern(needle) == pattern
