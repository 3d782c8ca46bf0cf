"""Reports of one story in other languages and scripts join it by their names' keys
(cluster.features.keyed_entities, cluster.pairs): invented articles only."""

from __future__ import annotations

import numpy as np

from storytrace.cluster.features import Record, Vocabulary
from storytrace.cluster.refine import ClusterRefineSettings, cluster_stories, refine
from storytrace.cluster.state import ClusterState
from storytrace.cluster.stories import ClusterSettings
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2

SHIPPED = ClusterRefineSettings.from_config()
EXACT = ClusterRefineSettings.from_config(cross_name_keys=False)
DEFAULT = ClusterSettings.from_config()
DEFAULT_EXACT = ClusterSettings.from_config(refine=EXACT)

# An invented story: two English reports, and one each in Polish, Russian and German, where
# every name is inflected or transliterated (Voloshenko: Wołoszenki, Волошенко, Woloschenko).
PIPE = (
    "Voloshenko and Merzbach sign Tallor gas deal",
    "Karvian president Dmitri Voloshenko met chancellor Greta Merzbach in the port of Tallor "
    "on Tuesday to sign a gas pipeline deal. Voloshenko said the new link would carry gas "
    "to Vostrava before winter. Merzbach called the agreement a turning point for the region.",
)
PIPE_2 = (
    "Gas pipeline agreed in Tallor",
    "Chancellor Greta Merzbach and president Dmitri Voloshenko agreed in Tallor on Tuesday "
    "to build a gas pipeline that Voloshenko expects to reach Vostrava by winter. Merzbach "
    "said the deal marked a turning point.",
)
PIPE_PL = (
    "Wołoszenko i Merzbach podpisali umowę gazową",
    "Prezydent Karwii Dmitrij Wołoszenko spotkał się we wtorek z kanclerz Gretą Merzbach w "
    "porcie Tallor, gdzie podpisano umowę o gazociągu. Według Wołoszenki nowe połączenie "
    "dostarczy gaz do Wostrawy przed zimą. Kanclerz Merzbach nazwała porozumienie punktem "
    "zwrotnym dla regionu.",
)
PIPE_RU = (
    "Волошенко и Мерцбах подписали газовое соглашение",
    "Президент Карвии Дмитрий Волошенко во вторник встретился с канцлером Гретой Мерцбах в "
    "порту Таллор и подписал соглашение о газопроводе. По словам Волошенко, новая линия "
    "доставит газ в Вострову до зимы. Мерцбах назвала договор поворотным моментом для "
    "региона.",
)
PIPE_DE = (
    "Woloschenko und Merzbach unterzeichnen Gasabkommen",
    "Präsident Dmitrij Woloschenko und Kanzlerin Greta Merzbach haben am Dienstag in Tallor "
    "den Bau einer Gasleitung vereinbart, die nach Woloschenkos Worten noch vor dem Winter "
    "Wostrawa erreichen soll.",
)
# Another story in German that shares one short, common name with it (Greta).
OTHER_DE = (
    "Waldbrand bei Holmstedt gelöscht",
    "Die Feuerwehr von Holmstedt hat am Sonntag einen Waldbrand am Ufer der Lenne gelöscht. "
    "Sprecherin Greta Olsen sagte, 40 Hektar Wald seien verbrannt, verletzt wurde niemand.",
)


def _blind(texts: list[str]) -> np.ndarray:
    """An embedder that finds nothing in common between any two leads: the names alone
    must carry a pair across languages."""
    return np.eye(len(texts), 384, dtype=np.float32)


def _batch(*other: tuple[str, tuple[str, str], str]) -> list[Record]:
    english = [("p1", PIPE), ("p2", PIPE_2), ("h1", HARBOUR), ("h2", HARBOUR_2)]
    english += [("f1", FIRE), ("f2", FIRE_2)]
    out = [Record(i, t, b, "en") for i, (t, b) in english]
    return out + [Record(i, t, b, lang) for i, (t, b), lang in other]


def test_reports_in_polish_russian_and_german_join_their_story_by_name_keys() -> None:
    for aid, pair, lang in (("pl", PIPE_PL, "pl"), ("ru", PIPE_RU, "ru"), ("de", PIPE_DE, "de")):
        batch = _batch((aid, pair, lang))
        story = dict(refine(batch, {}, SHIPPED, _blind).assignments)
        assert story[aid] == story["p1"] == story["p2"] != story["h1"], aid
        # The names as written do not meet: without the keys the report stays apart.
        exact = dict(refine(batch, {}, EXACT, _blind).assignments)
        assert exact[aid] != exact["p1"], aid


def test_an_other_story_sharing_one_common_name_stays_apart() -> None:
    batch = _batch(("pl", PIPE_PL, "pl"), ("other", OTHER_DE, "de"))
    story = dict(refine(batch, {}, SHIPPED, _blind).assignments)
    assert story["pl"] == story["p1"]
    assert story["other"] not in {story["p1"], story["h1"], story["f1"]}


def test_a_small_batch_joins_by_name_keys_in_incremental_assignment() -> None:
    """A batch under ``min_window`` is not refined: incremental assignment alone places it,
    and compares an article with a story in another language by the names' keys too."""
    for aid, pair, lang in (("pl", PIPE_PL, "pl"), ("ru", PIPE_RU, "ru"), ("de", PIPE_DE, "de")):
        batch = _batch((aid, pair, lang), ("other", OTHER_DE, "de"))
        assert len(batch) < DEFAULT.refine.min_window
        story = dict(cluster_stories(batch, DEFAULT, embed_fn=_blind)[0])
        assert story[aid] == story["p1"] == story["p2"] != story["h1"], aid
        assert story["other"] not in {story["p1"], story["h1"], story["f1"]}, aid
        exact = dict(cluster_stories(batch, DEFAULT_EXACT, embed_fn=_blind)[0])
        assert exact[aid] != exact["p1"], aid


def test_the_vocabulary_knows_each_ids_term_after_a_reload() -> None:
    state = ClusterState(dim=4)
    state.vocab.profile({"n:putin": 1.0, "#2024": 2.0})
    state.vocab.profile({"n:putin": 1.0, "n:путин": 1.0})
    assert state.vocab.terms == ["n:putin", "#2024", "n:путин"]
    again = ClusterState.from_bytes(state.to_bytes())
    assert again.vocab.terms == state.vocab.terms
    assert Vocabulary({"a": 0, "b": 1}).terms == ["a", "b"]
    # ids written directly (a distributed partition's seeded state) are read back too
    vocab = Vocabulary()
    vocab.ids.setdefault("n:merkel", 0)
    vocab.profile({"n:меркель": 1.0})
    assert vocab.term_list() == ["n:merkel", "n:меркель"]
