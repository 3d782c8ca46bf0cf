"""Refinement's pair features and learned same-story probability (cluster.pairs)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from storytrace.cluster.features import Record
from storytrace.cluster.pairs import CROSS_FEATURES, FEATURES, load_model, pair_features
from storytrace.cluster.refine import ClusterRefineSettings, features_of
from storytrace.errors import ConfigError
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2, HARBOUR_FR, VOTE, VOTE_2

SHIPPED = ClusterRefineSettings.from_config()
SHIPPED_MODEL = Path(__file__).resolve().parents[1] / "src/storytrace/cluster/pair_model.json"


def test_two_reports_of_one_event_score_higher_than_two_events() -> None:
    texts = [HARBOUR, HARBOUR_2, FIRE, FIRE_2, VOTE, VOTE_2]
    feats = features_of([Record(f"a{i}", t, b, "en") for i, (t, b) in enumerate(texts)])
    pairs = pair_features(feats, SHIPPED)
    prob = load_model(SHIPPED.pair_model).probability(pairs.x)
    by = {(int(r), int(c)): p for r, c, p in zip(pairs.r, pairs.c, prob, strict=True)}
    same = [by[(0, 1)], by[(2, 3)], by[(4, 5)]]
    other = [p for (r, c), p in by.items() if r // 2 != c // 2]
    assert min(same) > SHIPPED.threshold > max(other, default=0.0)
    # Each report is the other's nearest neighbour: rank features at their best (log 1 = 0).
    at = list(by).index((0, 1))
    assert pairs.x[at, FEATURES.index("rank_best")] == 0.0


def test_relative_strength_is_one_for_each_articles_strongest_link() -> None:
    texts = [HARBOUR, HARBOUR_2, FIRE, FIRE_2, VOTE, VOTE_2]
    feats = features_of([Record(f"a{i}", t, b, "en") for i, (t, b) in enumerate(texts)])
    pairs = pair_features(feats, SHIPPED)
    low = pairs.x[:, FEATURES.index("relative_low")]
    high = pairs.x[:, FEATURES.index("relative_high")]
    assert ((low >= 0.0) & (low <= high) & (high <= 1.0)).all()
    # The two reports of one event are each other's strongest link: both ratios are 1.
    at = [(int(r), int(c)) for r, c in zip(pairs.r, pairs.c, strict=True)].index((0, 1))
    assert low[at] == high[at] == 1.0
    # Every article's strongest link gives it ratio 1, so the higher ratio of some pair is 1.
    for i in range(len(feats)):
        mine = (pairs.r == i) | (pairs.c == i)
        assert high[mine].max() == 1.0


def test_a_date_gap_lowers_the_probability() -> None:
    model = load_model(SHIPPED.pair_model)
    x = np.zeros((2, len(FEATURES)))
    x[:, FEATURES.index("words")] = 0.5
    x[1, FEATURES.index("date_gap")] = 1.0  # a year apart
    low, high = model.probability(x)[::-1]
    assert low < high


def test_a_model_file_with_other_features_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"features": ["words"], "coef": [1.0], "intercept": 0.0}))
    with pytest.raises(ConfigError, match=r"pair_model.*model\.json"):
        load_model(str(bad))


def _blind(texts: list[str]) -> np.ndarray:
    """An embedder that finds nothing in common between any two leads (as for a language
    it does not know): the names and numbers must carry the pair on their own."""
    return np.eye(len(texts), 384, dtype=np.float32)


def test_a_report_in_another_language_is_weighed_by_its_names_and_numbers() -> None:
    texts = [HARBOUR, HARBOUR_2, FIRE, FIRE_2, VOTE, VOTE_2]
    records = [Record(f"a{i}", t, b, "en") for i, (t, b) in enumerate(texts)]
    feats = features_of([*records, Record("fr", *HARBOUR_FR, "fr")])
    pairs = pair_features(feats, SHIPPED, _blind)
    model = load_model(SHIPPED.pair_model)
    words_model, both = model.probability(pairs.x), model.pair_probability(pairs)
    by = {(int(r), int(c)): k for k, (r, c) in enumerate(zip(pairs.r, pairs.c, strict=True))}
    # The French report shares no words with the English ones: the model fitted on
    # one-language pairs puts it under the threshold; its names and numbers lift it over.
    for en in (0, 1):
        assert pairs.cross[by[(en, 6)]]
        assert words_model[by[(en, 6)]] < SHIPPED.threshold < both[by[(en, 6)]]
    # Other stories stay apart, and a pair in one language keeps the first model's figure.
    story = [0, 0, 1, 1, 2, 2, 0]
    assert all(both[k] < SHIPPED.threshold for (r, c), k in by.items() if story[r] != story[c])
    same_language = ~pairs.cross
    assert (both[same_language] == words_model[same_language]).all()
    assert pairs.xc.shape == (len(pairs.r), len(CROSS_FEATURES))


def test_a_model_file_with_other_cross_features_is_refused(tmp_path: Path) -> None:
    shipped = json.loads(Path(SHIPPED_MODEL).read_text("utf-8"))
    shipped["cross"]["features"] = ["words"]
    bad = tmp_path / "cross.json"
    bad.write_text(json.dumps(shipped))
    with pytest.raises(ConfigError, match=r"cross\.json.*cross features"):
        load_model(str(bad))


def test_entities_of_one_language_do_not_weigh_a_pair_across_languages() -> None:
    """German capitalises its nouns: recurring in German reports and in no English one,
    they are not names another language spells alike, and left in they diluted the names
    a German and an English report share. A name of one article stays."""
    from storytrace.cluster.pairs import crossing

    bags = [
        {"n:johnson": 2.0, "n:regierung": 1.0, "n:downing": 1.0, "#2019": 1.0},
        {"n:johnson": 1.0, "n:tory": 1.0, "#2019": 1.0},
        {"n:regierung": 1.0, "n:berlin": 1.0},
    ]
    kept = crossing(bags, np.array(["de", "en", "de"]))
    assert kept == [
        {"n:johnson": 2.0, "n:downing": 1.0, "#2019": 1.0},
        {"n:johnson": 1.0, "n:tory": 1.0, "#2019": 1.0},
        {"n:berlin": 1.0},
    ]
    # An article of unknown language shows no entity to be of two languages.
    assert crossing(bags, np.array(["de", "", "de"]))[0] == {"n:downing": 1.0}


# An invented German report of another event (a warehouse fire) that shares with the
# wildfire report nothing but the number 14, written three times.
OTHER_FIRE_DE = (
    "Oberwald: 14 Verletzte",
    "In Oberwald sind am Dienstag 14 Arbeiter bei einem Brand verletzt worden, 14 Stunden "
    "nach dem Alarm war das Feuer gelöscht; 14 Wagen waren im Einsatz.",
)


def test_a_report_in_another_language_sharing_no_name_gets_no_second_opinion() -> None:
    """The cross model weighs relative strengths: a lone English report whose only link is
    a German report of another event sharing one number was its strongest link, and the
    cross model gave the pair 0.84 (NeuS + German Wikinews, bench/bench_crosslang.py: a
    German report on children's alcohol abuse joined reports on the gang MS-13 by "13").
    Without a shared name (names cosine under cross_min_names) the first model decides."""
    texts = [HARBOUR, HARBOUR_2, VOTE, VOTE_2, FIRE]
    records = [Record(f"a{i}", t, b, "en") for i, (t, b) in enumerate(texts)]
    feats = features_of([*records, Record("de", *OTHER_FIRE_DE, "de")])
    pairs = pair_features(feats, SHIPPED, _blind)
    model = load_model(SHIPPED.pair_model)
    at = [(int(r), int(c)) for r, c in zip(pairs.r, pairs.c, strict=True)].index((4, 5))
    assert pairs.cross[at] and not pairs.named[at]
    assert pairs.xc[at, CROSS_FEATURES.index("names")] < SHIPPED.cross_min_names
    assert model.cross_probability(pairs.xc)[at] > SHIPPED.threshold
    assert model.pair_probability(pairs)[at] == model.probability(pairs.x)[at]
    assert model.pair_probability(pairs)[at] < SHIPPED.threshold
