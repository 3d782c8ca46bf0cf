"""``storytrace cluster`` and ``storytrace eval clustering`` as a user runs them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from storytrace.cli import main as cli_main
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2, VOTE, VOTE_2

HASHED_CONFIG: list[str] = []


@pytest.fixture(autouse=True)
def hashed(tmp_path: Path) -> Iterator[None]:
    """Cluster with the fast hashed representation (no model load), via --config."""
    cfg = tmp_path / "hashed.toml"
    cfg.write_text('[cluster]\nrepresentation = "hashed"\n', encoding="utf-8")
    HASHED_CONFIG[:] = ["--config", str(cfg)]
    yield
    HASHED_CONFIG.clear()


def main(argv: list[str]) -> int:
    return cli_main([*HASHED_CONFIG, *argv])


def articles_file(path: Path, items: list[tuple[str, tuple[str, str]]], bad: bool = False) -> Path:
    lines = [json.dumps({"id": i, "title": t, "text": x}) for i, (t, x) in items]
    if bad:
        lines.insert(1, "{this is not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ITEMS = [("h1", HARBOUR), ("f1", FIRE), ("v1", VOTE), ("h2", HARBOUR_2), ("f2", FIRE_2)]
GOLD = {"h1": "harbour", "h2": "harbour", "f1": "fire", "f2": "fire", "v1": "vote", "v2": "vote"}


def gold_file(path: Path, gold: dict[str, str] = GOLD) -> Path:
    path.write_text(
        "\n".join(json.dumps({"id": k, "event": v}) for k, v in gold.items()) + "\n",
        encoding="utf-8",
    )
    return path


def read_assignments(path: Path) -> dict[str, str]:
    return {r["id"]: r["story"] for r in map(json.loads, path.read_text().splitlines())}


def test_cluster_writes_one_story_per_article_and_counts_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = articles_file(tmp_path / "in.jsonl", ITEMS, bad=True)
    out = tmp_path / "a.jsonl"
    assert main(["cluster", str(src), "--output", str(out), "--no-progress"]) == 0
    got = read_assignments(out)
    assert list(got) == [i for i, _ in ITEMS]
    assert got["h1"] == got["h2"] and got["f1"] == got["f2"]
    assert len(set(got.values())) == 3
    err = capsys.readouterr().err
    assert "5 articles in 3 stories" in err
    assert "skipped 1 (1 malformed-record)" in err


def test_cluster_with_db_continues_stories_across_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "st.sqlite"
    first = articles_file(tmp_path / "one.jsonl", ITEMS[:3])
    second = articles_file(tmp_path / "two.jsonl", [("h2", HARBOUR_2), ("v2", VOTE_2)])
    a1, a2 = tmp_path / "a1.jsonl", tmp_path / "a2.jsonl"
    assert main(["cluster", str(first), "-o", str(a1), "--db", str(db), "--no-progress"]) == 0
    assert main(["cluster", str(second), "-o", str(a2), "--db", str(db), "--no-progress"]) == 0
    one, two = read_assignments(a1), read_assignments(a2)
    assert two["h2"] == one["h1"] and two["v2"] == one["v1"]
    capsys.readouterr()
    assert main(["stories", "--db", str(db), "--json"]) == 0
    listed = {s["id"]: s["size"] for s in json.loads(capsys.readouterr().out)}
    assert listed == {one["h1"]: 2, one["v1"]: 2, one["f1"]: 1}


def test_cluster_into_a_store_needs_no_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "st.sqlite"
    src = articles_file(tmp_path / "in.jsonl", ITEMS[:3])
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["cluster", "--db", str(db), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert f"-> {db} (list them: storytrace stories --db {db})" in err
    assert main(["stories", "--db", str(db), "--json"]) == 0
    assert sum(s["size"] for s in json.loads(capsys.readouterr().out)) == 3


def test_cluster_without_output_or_store_says_so_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = articles_file(tmp_path / "in.jsonl", ITEMS[:3])
    assert main(["cluster", str(src), "--no-progress"]) != 0
    err = capsys.readouterr().err
    assert "--output FILE" in err and "--db PATH" in err and "Traceback" not in err


def test_cluster_nothing_readable_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["cluster", str(empty), "-o", str(tmp_path / "a.jsonl"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "no article could be read" in err and "empty" in err


def test_eval_scores_assignments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pred = tmp_path / "pred.jsonl"
    rows = {"h1": "s1", "h2": "s1", "f1": "s2", "f2": "s3", "v1": "s4", "zz": "s9"}
    pred.write_text("\n".join(json.dumps({"id": k, "story": v}) for k, v in rows.items()))
    gold = gold_file(tmp_path / "gold.jsonl")
    assert main(["eval", "clustering", "--input", str(pred), "--gold", str(gold), "--json"]) == 0
    captured = capsys.readouterr()
    scores = json.loads(captured.out)
    assert scores["articles"] == 5
    assert (scores["predicted_clusters"], scores["gold_clusters"]) == (4, 3)
    assert scores["b3_precision"] == 1.0
    assert scores["b3_recall"] == pytest.approx(0.8)  # f1, f2 each see half their event
    assert scores["missing_in_gold"] == 1 and scores["missing_in_input"] == 1
    assert "1 article id(s) of" in captured.err and "zz" in captured.err


def test_eval_clusters_articles_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = articles_file(tmp_path / "in.jsonl", ITEMS)
    gold = gold_file(tmp_path / "gold.jsonl")
    assert main(["eval", "clustering", "--input", str(src), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "B-cubed" in out and "F1 1.0000" in out
    assert "3 predicted, 3 gold (event)" in out


@pytest.mark.parametrize(
    ("gold_text", "message"),
    [
        ('{"id": "h1", "topic": "x", "split": "dev"}\n', "--label (its fields: topic, split)"),
        ('{"id": "h1", "event": "x"}\n{oops\n', "gold.jsonl:2: not valid JSON"),
        ('{"id": "other", "event": "x"}\n', "no article id in common"),
    ],
)
def test_eval_bad_gold_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], gold_text: str, message: str
) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text('{"id": "h1", "story": "s1"}\n', encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(gold_text, encoding="utf-8")
    assert main(["eval", "clustering", "--input", str(pred), "--gold", str(gold)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("storytrace: error:")


def test_eval_missing_input_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = gold_file(tmp_path / "gold.jsonl")
    missing = tmp_path / "nope.jsonl"
    assert main(["eval", "clustering", "--input", str(missing), "--gold", str(gold)]) == 1
    assert "nope.jsonl: no such input file" in capsys.readouterr().err


def test_cluster_with_db_keeps_a_taken_id_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "st.sqlite"
    first = articles_file(tmp_path / "one.jsonl", ITEMS)
    # Same id "h1", other text (the stadium story): the store keeps it as h1~<hash>.
    second = articles_file(tmp_path / "two.jsonl", [("h1", VOTE_2)])
    a1, a2 = tmp_path / "a1.jsonl", tmp_path / "a2.jsonl"
    assert main(["cluster", str(first), "-o", str(a1), "--db", str(db), "--no-progress"]) == 0
    assert main(["cluster", str(second), "-o", str(a2), "--db", str(db), "--no-progress"]) == 0
    one, two = read_assignments(a1), read_assignments(a2)
    assert two["h1"] == one["v1"]
    from storytrace.store import Store

    with Store(db, readonly=True) as store:
        saved = store.assignments()
    assert saved["h1"] == one["h1"]
    assert [v for k, v in saved.items() if k.startswith("h1~")] == [one["v1"]]


def test_the_summary_line_counts_one_story_in_the_singular(tmp_path: Path) -> None:
    from storytrace.commands.corpus import _count

    assert _count(1, "story", "stories") == "1 story"
    assert _count(2, "story", "stories") == "2 stories"
    assert _count(1204, "article") == "1,204 articles"


def test_demo_in_corpus_mode_is_one_story(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo ingested as a corpus (7 articles: too few to refine) is one story,
    its French translation included: placed in published order, the translation meets
    the original's story, not only the independent report's (alphabetical file order)."""
    demo = Path(__file__).resolve().parents[1] / "src" / "storytrace" / "demo"
    answers = json.loads((demo / "answers.json").read_text(encoding="utf-8"))
    db = tmp_path / "demo.sqlite"
    assert main(["ingest", str(demo / "articles"), "--db", str(db), "--no-progress"]) == 0
    assert main(["cluster", "--db", str(db), "--no-progress"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", str(db), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [s["size"] for s in listed] == [len(answers["articles"])]
