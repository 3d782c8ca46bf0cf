"""Clustering metrics on hand-made label sets, gold/assignment readers and baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.cluster.evaluate import (
    bcubed,
    minhash_groups,
    read_labels,
    score,
    tfidf_agglomerative,
)
from storytrace.errors import InputError, RecordError


def test_bcubed_perfect_and_one_cluster() -> None:
    gold = ["a", "a", "b", "b"]
    assert bcubed(["x", "x", "y", "y"], gold) == (1.0, 1.0, 1.0)
    # Everything in one cluster: each item's cluster is half right; recall stays 1.
    p, r, f = bcubed(["x"] * 4, gold)
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)


def test_bcubed_known_values() -> None:
    # Gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}.
    pred = ["p", "p", "q", "q", "q"]
    gold = ["A", "A", "A", "B", "B"]
    p, r, f = bcubed(pred, gold)
    # Precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15. Recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15.
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_bcubed_singletons() -> None:
    p, r, _ = bcubed(["1", "2", "3", "4"], ["a", "a", "b", "b"])
    assert p == 1.0
    assert r == pytest.approx(0.5)


def test_score_uses_common_ids_and_counts_clusters() -> None:
    pred = {"1": "x", "2": "x", "3": "y", "extra": "z"}
    gold = {"1": "a", "2": "a", "3": "b", "4": "b"}
    s = score(pred, gold)
    assert s.articles == 3
    assert (s.predicted_clusters, s.gold_clusters) == (2, 2)
    assert s.b3_f1 == 1.0 and s.ari == pytest.approx(1.0) and s.ami == pytest.approx(1.0)
    with pytest.raises(ValueError, match="share no article id"):
        score({"q": "x"}, gold)


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_labels_good_file(tmp_path: Path) -> None:
    p = write(
        tmp_path / "g.jsonl", [json.dumps({"id": i, "event": e}) for i, e in [(1, "a"), (2, 7)]]
    )
    assert read_labels(p, "event", "gold") == {"1": "a", "2": "7"}


@pytest.mark.parametrize(
    ("lines", "error", "message"),
    [
        (['{"id": "1", "event": "a"}', "{not json"], RecordError, r"g\.jsonl:2: not valid JSON"),
        (['{"event": "a"}'], RecordError, "needs an 'id' field"),
        (['{"id": "1", "topic": "a"}'], RecordError, "no 'event' field .* --label"),
        (['{"id": "1", "event": "a"}', '{"id": "1", "event": "b"}'], RecordError, "appears twice"),
        ([""], InputError, "holds no records"),
    ],
)
def test_read_labels_bad_files(
    tmp_path: Path, lines: list[str], error: type[Exception], message: str
) -> None:
    p = write(tmp_path / "g.jsonl", lines)
    with pytest.raises(error, match=message):
        read_labels(p, "event", "gold")


def test_read_labels_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such gold file"):
        read_labels(tmp_path / "nope.jsonl", "event", "gold")


TEXTS = [
    "The harbour board of Port Elvane approved dredging of the main channel on Monday.",
    "Port Elvane harbour board approved the dredging of its main channel on Monday.",
    "A wildfire forced 1,200 residents of Carrow Ridge to leave their homes on Saturday.",
    "Some 1,200 Carrow Ridge residents left their homes as a wildfire spread on Saturday.",
]


def test_tfidf_baseline_groups_by_words() -> None:
    labels = tfidf_agglomerative(TEXTS, 0.8)
    assert labels[0] == labels[1] != labels[2] == labels[3]


def test_minhash_baseline_links_only_near_copies() -> None:
    copy = TEXTS[0] + " Officials said work would start soon."
    labels = minhash_groups([TEXTS[0], copy, TEXTS[1], TEXTS[2]], 0.5)
    assert labels[0] == labels[1]
    assert len({labels[0], labels[2], labels[3]}) == 3
