"""The store on SQLite and PostgreSQL: schema versions, idempotent adds, records, stories.

Schema migrations (Alembic, and stores made before it) are tested in test_store_schema.py;
many writers at once in test_store_writers.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from storytrace.cluster.dedup import Link
from storytrace.errors import StoreError
from storytrace.ingest.decode import content_hash
from storytrace.store import IngestSettings, Store, StoryInfo, load_story_articles
from storytrace.store.index import KeyIndex
from storytrace.store.light import Languages, prepare_rows
from storytrace.types import Article

BODY = (
    "The river authority of Colm Bay opened a second flood barrier on {day}, after three "
    "weeks of rain raised the water level by {n} centimetres above the seasonal mark.\n\n"
    "Engineers said the barrier would stay closed until the level drops, and {who} asked "
    "residents of the lower town to keep sandbags in place for at least another week."
)


def article(i: int, **kw: object) -> Article:
    text = BODY.format(day=f"day {i}", n=10 + i, who=f"mayor number {i}")
    fields: dict[str, object] = {"id": f"a{i}", "raw": text, "outlet": f"Outlet {i % 3}"}
    fields.update(kw)
    return Article(**fields)  # type: ignore[arg-type]


def test_adding_twice_adds_nothing_the_second_time(store_url: str) -> None:
    with Store(store_url) as store:
        first = store.add_articles([article(i) for i in range(5)])
        second = store.add_articles([article(i) for i in range(5)])
        assert (first.added, first.already_present) == (5, 0)
        assert (second.added, second.already_present) == (0, 5)
        assert store.count() == 5


def test_text_with_a_nul_character_is_skipped_with_its_reason(store_url: str) -> None:
    with Store(store_url) as store:
        stats = store.add_articles([article(1, raw="Broken\x00record text"), article(2)])
        assert (stats.added, stats.skipped) == (1, {"nul-character": 1})
        assert "a1: text contains NUL" in stats.examples["nul-character"][0]


def test_same_text_from_another_outlet_is_kept_and_linked(store_url: str) -> None:
    with Store(store_url) as store:
        store.add_articles([article(1, outlet="Wire")])
        stats = store.add_articles([article(1, id="copy", outlet="Daily")])
        links = list(store.duplicates())
    assert stats.added == 1
    assert [(k.article, k.duplicate_of, k.method, k.similarity) for k in links] == [
        ("copy", "a1", "exact", 1.0)
    ]


def test_taken_id_with_other_text_is_renamed(store_url: str) -> None:
    with Store(store_url) as store:
        store.add_articles([article(1)])
        other = article(2, id="a1", outlet="Outlet 1")
        stats = store.add_articles([other])
        ids = [r.id for batch in store.iter_records() for r in batch]
    assert stats.renamed == 1
    assert ids == ["a1", f"a1~{content_hash(other.raw)[:8]}"]


def test_one_id_with_two_texts_in_one_batch_keeps_both(store_url: str) -> None:
    with Store(store_url) as store:
        stats = store.add_articles([article(1, id="x"), article(2, id="x")])
        ids = [r.id for batch in store.iter_records() for r in batch]
    assert (stats.added, stats.renamed) == (2, 1)
    assert ids == ["x", f"x~{content_hash(article(2).raw)[:8]}"]


def test_records_come_in_ingest_order_in_batches(store_url: str) -> None:
    with Store(store_url) as store:
        store.add_articles(
            [article(i, title=f"Title {i}", published=f"2025-01-0{i + 1}") for i in range(7)]
        )
        batches = list(store.iter_records(batch_size=3))
        later = [r.id for b in store.iter_records(after_seq=batches[0][-1].seq) for r in b]
    assert [len(b) for b in batches] == [3, 3, 1]
    records = [r for b in batches for r in b]
    assert [r.id for r in records] == [f"a{i}" for i in range(7)]
    assert records[0].title == "Title 0" and records[0].published == "2025-01-01"
    assert records[0].lead.startswith("The river authority of Colm Bay")
    assert records[0].language == "en"
    assert later == [f"a{i}" for i in range(3, 7)]


def test_stories_are_summarised_from_assignments(store_url: str) -> None:
    path = store_url
    with Store(path) as store:
        store.add_articles(
            [
                article(0, title="Barrier opens", published="2025-03-02", outlet="Ledger"),
                article(1, title="Second barrier", published="2025-03-01", outlet="Post"),
                article(2, title="Other news", published="2025-04-01", outlet="Post"),
            ]
        )
        store.save_assignments({"a0": "story-1", "a1": "story-1", "a2": "story-2"})
        store.refresh_stories()
        stories = store.stories()
    assert [(s.id, s.size) for s in stories] == [("story-1", 2), ("story-2", 1)]
    first = stories[0]
    assert first.title == "Barrier opens"  # the earliest stored article's title
    assert (first.first_published, first.last_published) == ("2025-03-01", "2025-03-02")
    assert first.outlets == ("Ledger", "Post") and first.languages == ("en",)
    loaded = load_story_articles(path, "story-1")
    assert [a.id for a in loaded] == ["a0", "a1"]
    assert loaded[0].raw == article(0).raw and loaded[0].outlet == "Ledger"
    # The guessed language is listed, but analysis re-detects it on the whole text.
    assert loaded[0].language is None and loaded[0].meta["language_guess"] == "en"


def test_moved_articles_empty_a_story_and_refresh_drops_it(store_url: str) -> None:
    with Store(store_url) as store:
        store.add_articles([article(0), article(1)])
        store.save_assignments({"a0": "s1", "a1": "s2"})
        store.refresh_stories()
        store.save_assignments({"a1": "s1"})
        store.refresh_stories()
        assert [(s.id, s.size) for s in store.stories()] == [("s1", 2)]


def test_saved_story_info_round_trips(store_url: str) -> None:
    info = StoryInfo("s9", 4, "A title", "2025-01-01", "2025-01-03", ("en", "fr"), ("X",), "t")
    with Store(store_url) as store:
        store.save_stories([info])
        assert store.stories() == [info]


def test_unknown_story_names_the_way_to_list_stories(store_url: str) -> None:
    path = store_url
    with Store(path) as store:
        store.add_articles([article(0)])
    with pytest.raises(StoreError, match=r"no story .nope.*storytrace cluster"):
        load_story_articles(path, "nope")


def test_state_round_trips(store_url: str) -> None:
    with Store(store_url) as store:
        assert store.get_state("k") is None
        store.set_state("k", b"\x00\x01")
        assert store.get_state("k") == b"\x00\x01"


class CountingLanguages(Languages):
    """A language guesser that records what it was asked (always answers 'fr')."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def guess(self, texts: Sequence[str]) -> list[str | None]:
        self.asked += list(texts)
        return ["fr"] * len(texts)


def test_copies_inherit_the_language_of_what_they_repeat() -> None:
    settings = IngestSettings()
    batch = [(article(0), "i0"), (article(0, id="copy"), "i1"), (article(1, id="late"), "i2")]
    links = [Link("copy", "a0", 0.9, "minhash"), Link("late", "old", 0.8, "minhash")]
    guesser = CountingLanguages()
    rows = prepare_rows(batch, settings, guesser, links, known={"old": "de"})
    assert [r.language for r in rows] == ["fr", "fr", "de"]
    assert len(guesser.asked) == 1  # only the original needed a guess


def test_plain_text_title_and_date_come_from_the_first_lines(store_url: str) -> None:
    raw = (
        "Home | World | Sport | Weather | Contact\n"
        "Tuesday 4 March 2025, 09:12 GMT\n"
        "Flood barrier opens early in Colm Bay\n" + article(0).raw
    )
    prose = article(1).raw  # starts with a sentence: no title is made up
    with Store(store_url) as store:
        store.add_articles([article(0, raw=raw), article(1, raw=prose)])
        records = {r.id: r for b in store.iter_records() for r in b}
    assert records["a0"].title == "Flood barrier opens early in Colm Bay"
    assert records["a0"].published == "2025-03-04"
    assert records["a1"].title is None and records["a1"].published is None


def test_key_index_keeps_earliest_seqs_across_merges() -> None:
    index = KeyIndex()
    for start in range(0, 200_000, 20_000):  # enough to merge the tail into the main run
        seqs = np.arange(start, start + 20_000, dtype=np.int64)
        index.add(seqs % 1000, seqs)  # key = seq mod 1000
    assert len(index) == 200_000
    found = index.lookup([7, 7, 999, 5000], limit=3)
    assert found == {7: [7, 1007, 2007], 999: [999, 1999, 2999]}
    assert index.lookup([], limit=3) == {}


def test_other_minhash_settings_are_refused_on_a_store(store_url: str) -> None:
    from storytrace.cluster.dedup import DedupParams
    from storytrace.store import ingest_articles

    with Store(store_url) as store:
        store.add_articles([article(0)])
        with pytest.raises(StoreError, match="new store"):
            ingest_articles(store, [article(1)], params=DedupParams(shingle=5))
        # Banding is not part of the signature: another banding just rebuilds the index.
        stats = ingest_articles(store, [article(2)], params=DedupParams(bands=16))
        assert stats.added == 1


def test_key_index_matches_a_plain_dictionary() -> None:
    rng = np.random.default_rng(3)
    index, truth = KeyIndex(), {}
    seq = 0
    for _ in range(40):
        n = int(rng.integers(1, 9000))
        keys = rng.integers(0, 5000, n).astype(np.int64)
        seqs = np.arange(seq, seq + n)
        seq += n
        index.add(keys, seqs)
        for k, s in zip(keys.tolist(), seqs.tolist(), strict=True):
            truth.setdefault(k, []).append(s)
    query = list(range(0, 6000, 7))
    assert index.lookup(query, limit=4) == {k: truth[k][:4] for k in query if k in truth}
