"""The pure steps of the Ray engine (no Ray needed): bucket pairs follow the local index's
lookups, links equal ``link_batch``'s, languages follow links as ingest lets them, and the
stitching helpers keep the local clusterer's counts and ids."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.cluster.dedup import Candidates, DedupParams, Link, fingerprints, link_batch
from storytrace.cluster.features import Record
from storytrace.cluster.stories import StoryClusterer
from storytrace.distributed.plan import (
    LanguageInput,
    Member,
    bucket_keys,
    bucket_pairs,
    components,
    link_one,
    resolve_languages,
)
from storytrace.distributed.stitch import (
    UNDATED,
    DocFreq,
    PartStory,
    merge_stories,
    neighbours,
    seeded_state,
)
from storytrace.settings import ClusterSettings

BASE = (
    "The river authority of Velmora approved a plan on Monday to widen the old canal, "
    "a project it says will let barges reach the grain terminal before the harvest ends. "
    "Board chair Tamsin Orrec said the work would cost about 31 million and that most of "
    "it would come from a regional transport fund agreed last winter."
)
OTHER = (
    "A choir from the hill town of Ardel won the national folk contest on Saturday with "
    "a song about shepherds, the first prize for the town in forty years of entries."
)


def _texts() -> list[str]:
    edited = BASE.replace("Monday", "Tuesday").replace("31 million", "32 million")
    return [BASE, OTHER, "Wire copy.\n\n" + BASE, edited, OTHER + " More soon.", "Short."]


def _plan_links(texts: list[str], batch_of: list[int], params: DedupParams) -> list[Link]:
    prints = fingerprints(texts, params)
    buckets: dict[tuple[str, int | str], list[Member]] = {}
    for order, fp in enumerate(prints):
        for key in bucket_keys(fp):
            buckets.setdefault(key, []).append(Member(order, batch_of[order], f"a{order}", fp))
    pairs_of: dict[int, list] = {}
    for (kind, key), members in buckets.items():
        for p in bucket_pairs(kind, key, members, max_bucket=50):
            pairs_of.setdefault(p.later.order, []).append(p)
    return [link for o in sorted(pairs_of) for link in link_one(pairs_of[o], params)]


def test_plan_links_equal_link_batch_over_one_batch() -> None:
    params = DedupParams()
    texts = _texts()
    prints = fingerprints(texts, params)
    local = link_batch([(f"a{i}", fp) for i, fp in enumerate(prints)], Candidates(), params)
    planned = _plan_links(texts, [0] * len(texts), params)
    assert planned == local
    assert {(k.article, k.duplicate_of) for k in planned} >= {("a2", "a0"), ("a3", "a0")}


def test_bucket_pairs_cap_earlier_batches_but_not_the_own_batch() -> None:
    fp = fingerprints(["one two three"], DedupParams())[0]
    members = [Member(o, b, f"a{o}", fp) for o, b in enumerate([-1, -1, 0, 0, 1, 1])]
    pairs = bucket_pairs("n", fp.norm_hash, members, max_bucket=2)
    met: dict[str, set[str]] = {}
    for p in pairs:
        met.setdefault(p.later.id, set()).add(p.earlier.id)
    assert "a0" not in met and "a1" not in met  # stored articles are not linked again
    assert met["a2"] == {"a0", "a1"}
    assert met["a3"] == {"a0", "a1", "a2"}  # its own batch: no cap
    assert met["a4"] == {"a0", "a1"}  # earlier batches: only the first max_bucket
    assert met["a5"] == {"a0", "a1", "a4"}


def test_components_are_connected_groups_largest_first() -> None:
    links = [Link("c", "a", 0.9, "minhash"), Link("b", "c", 0.8, "minhash"), Link("e", "d", 1, "x")]
    assert components(links) == [["a", "b", "c"], ["d", "e"]]


def test_languages_follow_links_as_ingest_does() -> None:
    link = lambda a, b: Link(a, b, 0.9, "minhash")  # noqa: E731
    arts = [
        LanguageInput("a", 0, None, ()),
        LanguageInput("b", 0, None, (link("b", "a"),)),  # same batch: a's, even unknown
        LanguageInput("c", 1, None, (link("c", "a"),)),  # a's unknown, earlier batch: guess
        LanguageInput("d", 1, "fr", (link("d", "a"),)),  # given wins
        LanguageInput("e", 1, None, (link("e", "s"),)),  # a stored article's language
    ]
    asked: list[str] = []

    def guess(aid: str) -> str | None:
        asked.append(aid)
        return "de"

    out = resolve_languages(arts, {"s": "es"}, {"a": None}, guess)
    assert out == {"a": None, "b": None, "c": "de", "d": "fr", "e": "es"}
    assert asked == ["c"]


def test_doc_freq_counts_what_the_clusterer_counts() -> None:
    """The corpus-wide IDF handed to partitions matches the clusterer's own bookkeeping."""
    settings = ClusterSettings.from_config(representation="hashed")
    records = [
        Record("r1", "Canal plan", BASE, "en", "2024-03-01"),
        Record("r2", None, OTHER, "en", None),
        Record("r3", None, BASE[:120], None, "2024-03-02"),
    ]
    clusterer = StoryClusterer(settings)
    clusterer.cluster(records)
    st = clusterer.state
    total = DocFreq().add(records, settings)
    seeded = seeded_state(settings, total, DocFreq())
    assert seeded.docs == st.docs and seeded.lang_docs == st.lang_docs
    for lang, arr in st.df.items():
        for term, i in st.vocab.ids.items():
            j = seeded.vocab.ids.get(term)
            want = int(arr[i]) if i < len(arr) else 0
            got = int(seeded.df[lang][j]) if j is not None and lang in seeded.df else 0
            assert got == want, (lang, term)
    own = DocFreq().add(records[:1], settings)
    partial = seeded_state(settings, total, own)
    assert partial.docs == 2
    assert int(np.sum(partial.df[""])) < int(np.sum(seeded.df[""]))


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        (("en", 3), ("en", 4), True),
        (("en", 3), ("en", 5), False),
        (("en", 3), ("fr", 3), True),
        (("en", 3), ("en", 3), False),
        (("en", UNDATED), ("fr", 9), True),
    ],
)
def test_neighbour_partitions(a: tuple[str, int], b: tuple[str, int], near: bool) -> None:
    assert neighbours(a, b) is near


def test_merged_stories_take_the_earliest_id() -> None:
    stories = [
        PartStory("late", ("en", 2), (7, 9), frozenset()),
        PartStory("early", ("en", 1), (3, 8), frozenset()),
        PartStory("alone", ("fr", 1), (5,), frozenset()),
    ]
    final = merge_stories(stories, [("late", "early")])
    assert final == {"late": "early", "early": "early", "alone": "alone"}
