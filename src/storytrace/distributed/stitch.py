"""Story clustering in partitions, stitched at their borders: pure functions.

The local clusterer reads every article once, in order, against every open story. A
distributed run cuts the corpus into partitions by language and time window (``window_days``
of published date; articles without one form one partition per language), clusters each with
the same :class:`~storytrace.cluster.stories.StoryClusterer`, and then repairs what the cuts
broke: a story spread over two windows, or an article in another language than its story.

Stitching replays: a story ``T`` that shares at least ``min_shared`` of its top names and
numbers with a story of a neighbouring partition ``P`` (the next or the same window in
another language; any window for undated ones) is fed, article by article, to a copy of
``P``'s final clusterer state. Where the majority of ``T``'s articles join one story of
``P``, as the local engine would have let them, the two become one story, named after the
earlier. The replay uses only the clusterer's public API, so the scoring, thresholds and
time rules are the local engine's own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..cluster.features import Record, extract, parse_published
from ..cluster.stories import ClusterState, EmbedFn, StoryClusterer, new_state
from ..settings import ClusterSettings, DistributedSettings

UNDATED = -(1 << 40)


def partition_of(record: Record, settings: ClusterSettings, window_days: int) -> tuple[str, int]:
    """``(language, window)`` of a record; records without a published date get the window
    ``UNDATED``. A date only written in the text does not place a record in a window: the
    clusterer never closes a story on such a date, and cutting by it split stories (ECB+
    dev, 772 articles: ARI against local 0.935 stitched, 1.000 without; docs/distributed.md)."""
    day = parse_published(record.published)
    window = UNDATED if day is None else day // window_days
    return record.language or "", window


@dataclass(frozen=True, slots=True)
class PartStory:
    """One story of one partition: its members (read orders) and its top names/numbers."""

    id: str
    partition: tuple[str, int]
    orders: tuple[int, ...]
    entities: frozenset[str]


@dataclass(slots=True)
class PartitionResult:
    """What clustering one partition gives back."""

    partition: tuple[str, int]
    assigned: dict[int, str]  # read order -> story id
    stories: list[PartStory]
    state: bytes
    records: dict[int, Record] = field(default_factory=dict)


@dataclass(slots=True)
class DocFreq:
    """Document frequencies as the clusterer counts them: terms and entities over all
    articles (key ``""``), terms within each language (counted per worker, then summed)."""

    docs: int = 0
    lang_docs: Counter[str] = field(default_factory=Counter)
    df: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, records: Iterable[Record], settings: ClusterSettings) -> DocFreq:
        for r in records:
            f = extract(r, settings.lead_chars, settings.lexical_chars, settings.date_chars)
            self.docs += 1
            self.df.setdefault("", Counter()).update([*f.terms, *f.entities])
            if f.language:
                self.lang_docs[f.language] += 1
                self.df.setdefault(f.language, Counter()).update(list(f.terms))
        return self

    def merge(self, other: DocFreq) -> DocFreq:
        self.docs += other.docs
        self.lang_docs.update(other.lang_docs)
        for lang, counts in other.df.items():
            self.df.setdefault(lang, Counter()).update(counts)
        return self


def seeded_state(settings: ClusterSettings, total: DocFreq, own: DocFreq) -> ClusterState:
    """A state without stories whose document frequencies hold every article outside the
    partition: IDF stays corpus-wide, as in one local pass, instead of the few hundred
    articles of one partition (where every word looks rare)."""
    state = new_state(settings)
    state.docs = total.docs - own.docs
    state.lang_docs = {
        k: n - own.lang_docs.get(k, 0) for k, n in total.lang_docs.items() if n > own.lang_docs[k]
    }
    ids = state.vocab.ids
    for counts in total.df.values():
        for term in counts:
            ids.setdefault(term, len(ids))
    for lang, counts in total.df.items():
        mine = own.df.get(lang, Counter())
        arr = np.zeros(len(ids), np.int32)
        for term, n in counts.items():
            arr[ids[term]] = n - mine.get(term, 0)
        state.df[lang] = arr
    return state


def cluster_partition(
    partition: tuple[str, int],
    rows: Sequence[tuple[int, Record]],
    settings: ClusterSettings,
    stitch: DistributedSettings,
    total: DocFreq | None = None,
    embed_fn: EmbedFn | None = None,
) -> PartitionResult:
    """Cluster one partition's records in read order with the local clusterer."""
    ordered = sorted(rows, key=lambda r: r[0])
    state = None
    if total is not None:
        state = seeded_state(settings, total, DocFreq().add([r for _, r in ordered], settings))
    clusterer = StoryClusterer(settings, state, embed_fn=embed_fn)
    pairs = clusterer.cluster([r for _, r in ordered])
    assigned = {order: story for (order, _), (_, story) in zip(ordered, pairs, strict=True)}
    members: dict[str, list[int]] = {}
    ents: dict[str, Counter[str]] = {}
    for order, record in ordered:
        story = assigned[order]
        members.setdefault(story, []).append(order)
        feats = extract(record, settings.lead_chars, settings.lexical_chars, settings.date_chars)
        ents.setdefault(story, Counter()).update(feats.entities)
    stories = [
        PartStory(sid, partition, tuple(orders), _top(ents[sid], stitch.story_entities))
        for sid, orders in members.items()
    ]
    return PartitionResult(partition, assigned, stories, clusterer.state.to_bytes(), dict(ordered))


def _top(counts: Counter[str], n: int) -> frozenset[str]:
    return frozenset(k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def neighbours(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Partitions whose stories may continue each other."""
    if a == b:
        return False
    if UNDATED in (a[1], b[1]):
        return True
    gap = abs(a[1] - b[1])
    return gap == 1 if a[0] == b[0] else gap <= 1


def replay_jobs(
    stories: Sequence[PartStory], min_shared: int
) -> dict[tuple[str, int], list[PartStory]]:
    """Receiving partition -> the later stories of its neighbours worth replaying into it.

    A pair qualifies when the two stories share ``min_shared`` top names or numbers; the
    story whose first article comes later is replayed into the other's partition.
    """
    by_entity: dict[str, list[int]] = {}
    for i, s in enumerate(stories):
        for e in s.entities:
            by_entity.setdefault(e, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for members in by_entity.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if neighbours(stories[i].partition, stories[j].partition):
                    shared[(i, j)] += 1
    jobs: dict[tuple[str, int], dict[str, PartStory]] = {}
    for (i, j), n in shared.items():
        if n < min_shared:
            continue
        early, late = sorted((stories[i], stories[j]), key=lambda s: s.orders[0])
        jobs.setdefault(early.partition, {})[late.id] = late
    return {p: sorted(ts.values(), key=lambda s: s.orders[0]) for p, ts in jobs.items()}


def replay(
    state: bytes,
    story: PartStory,
    records: Sequence[Record],
    settings: ClusterSettings,
    majority: float,
    embed_fn: EmbedFn | None = None,
) -> str | None:
    """The story of the receiving partition that most of ``story``'s articles join when fed
    to (a copy of) its final state, if that is over ``majority`` of them; else None."""
    before = ClusterState.from_bytes(state)
    existing = {s.id for s in before.stories}
    clusterer = StoryClusterer(settings, before, embed_fn)
    joined = Counter(sid for _, sid in clusterer.cluster(list(records)) if sid in existing)
    if not joined:
        return None
    best, n = max(joined.items(), key=lambda kv: (kv[1], kv[0]))
    return best if n > majority * len(records) else None


def merge_stories(
    stories: Iterable[PartStory], merges: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Partition story id -> final story id: merged stories take the id of the one whose
    first article came first (the id the local engine gives a story)."""
    first = {s.id: s.orders[0] for s in stories}
    parent = {sid: sid for sid in first}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in merges:
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, drop = sorted((ra, rb), key=lambda s: first[s])
            parent[drop] = keep
    return {sid: find(sid) for sid in first}


def stitch_plan(results: Sequence[PartitionResult], stitch: DistributedSettings) -> Any:
    """Replay jobs of all partitions (receiving partition -> its state and the stories and
    records to replay)."""
    stories = [s for r in results for s in r.stories]
    records = {o: rec for r in results for o, rec in r.records.items()}
    states = {r.partition: r.state for r in results}
    jobs = replay_jobs(stories, stitch.min_shared)
    return [
        (states[p], [(t, [records[o] for o in t.orders]) for t in todo])
        for p, todo in sorted(jobs.items())
    ]
