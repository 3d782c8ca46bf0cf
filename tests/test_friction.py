"""Corpus mode as a new user meets it: one test per friction item of issue 9."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storytrace.cli import main
from storytrace.store import Store
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2

HASHED = '[cluster]\nrepresentation = "hashed"\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def jsonl(path: Path, records: list[dict[str, str]]) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def corpus(tmp_path: Path) -> str:
    items = [("h1", HARBOUR), ("f1", FIRE), ("h2", HARBOUR_2), ("f2", FIRE_2)]
    return jsonl(tmp_path / "c.jsonl", [{"id": i, "title": t, "text": x} for i, (t, x) in items])


def test_cluster_with_db_alone_clusters_the_stored_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "hashed.toml"
    cfg.write_text(HASHED)
    db, out = tmp_path / "c.sqlite", tmp_path / "a.jsonl"
    assert run(capsys, "ingest", corpus(tmp_path), "--db", str(db), "--no-progress")[0] == 0
    code, _, err = run(capsys, "--config", str(cfg), "cluster", "--db", str(db), "-o", str(out))
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    story = {r["id"]: r["story"] for r in rows}
    assert set(story) == {"h1", "f1", "h2", "f2"}
    assert story["h1"] == story["h2"] != story["f1"] == story["f2"]
    code, _, err = run(capsys, "cluster", "-o", str(out))
    assert code == 1 and "--db PATH" in err


def test_ingest_cluster_stories_without_db_use_the_same_default_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STORYTRACE_DB", raising=False)
    code, _, err = run(capsys, "cluster")
    assert code == 1 and "nothing to cluster" in err  # no store here yet
    assert run(capsys, "ingest", corpus(tmp_path), "--no-progress")[0] == 0
    code, _, err = run(capsys, "cluster", "--no-progress")
    assert code == 0 and "4 articles in 2 stories -> storytrace.sqlite" in err
    code, out, err = run(capsys, "stories")
    assert code == 0 and len(out.strip().splitlines()) == 3 and "no story yet" not in err


def test_stories_after_ingest_says_how_to_cluster_and_counts_loose_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    run(capsys, "ingest", corpus(tmp_path), "--db", str(db), "--no-progress")
    code, _, err = run(capsys, "stories", "--db", str(db))
    assert code == 0 and "4 articles in none" in err
    assert f"run 'storytrace cluster --db {db}' to group them" in err
    with Store(db) as store:
        store.save_assignments({"h1": "s1"})
        store.refresh_stories()
    _, _, err = run(capsys, "stories", "--db", str(db))
    assert "3 article(s) are in no story yet" in err and "storytrace cluster --db" in err
    # the suggested command works as printed
    assert run(capsys, "cluster", "--db", str(db), "--no-progress")[0] == 0
    assert "no story yet" not in run(capsys, "stories", "--db", str(db))[2]


def test_stories_limit_shows_the_largest_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite"
    run(capsys, "ingest", corpus(tmp_path), "--db", str(db), "--no-progress")
    with Store(db) as store:
        store.save_assignments({"h1": "big", "h2": "big", "f1": "small"})
        store.refresh_stories()
    code, out, err = run(capsys, "stories", "--db", str(db), "--limit", "1")
    rows = out.strip().splitlines()[1:]
    assert code == 0 and [r.split("\t")[:2] for r in rows] == [["big", "2"]]
    assert "the 1 largest of 2 stories shown" in err
    code, out, _ = run(capsys, "stories", "--db", str(db), "--limit", "1", "--json")
    assert code == 0 and [s["id"] for s in json.loads(out)] == ["big"]
    code, _, err = run(capsys, "stories", "--db", str(db), "--limit", "-1")
    assert code == 2 and "--limit -1" in err


def test_story_title_comes_from_the_root_article_not_a_copy(tmp_path: Path) -> None:
    body = HARBOUR[1]
    with Store(tmp_path / "t.sqlite") as store:
        from storytrace.types import Article

        copy = Article(id="copy", raw=body + "\n\nShare this story.", title="COPY: harbour")
        root = Article(id="root", raw=body, title="Harbour reopens", published="2025-01-01")
        rewrite = Article(
            id="ai", raw=FIRE[1], title="AI rewrite of the harbour", published="2025-01-03"
        )
        # The rewrite arrives first (the old rule took the first stored title).
        store.add_articles(iter([rewrite]))
        store.add_articles(iter([root]))
        store.add_articles(iter([copy]))
        assert [d.article for d in store.duplicates()] == ["copy"]
        store.save_assignments({"ai": "s", "copy": "s", "root": "s"})
        info = store.refresh_stories()
        assert info[0].title == "Harbour reopens"
    from storytrace.store.root import root_title

    members = [("COPY", "2024-12-31", True), ("AI rewrite", "2025-01-03", False)]
    assert root_title([*members, ("Original", "2025-01-01", False)]) == "Original"
    assert root_title([("Undated", None, False), ("Dated", "2025-01-02", False)]) == "Dated"
    assert root_title([("Only a copy", None, True), (None, "2025-01-01", False)]) == "Only a copy"


def test_jsonl_duplicate_and_missing_ids_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text(
        '{"id": "ok1", "text": "A first short article about the harbour."}\n'
        '{"id": "ok1", "text": "A second, different article about a fire."}\n'
        '{"text": "A record that has no id at all, about a vote."}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "inspect", "--json", str(path))
    assert code == 0
    assert [a["id"] for a in json.loads(out)] == ["ok1", "ok1#2", "b:3"]
    assert "1 record(s) reused an id already read; each was renamed" in err
    assert f"{path}:2: id 'ok1' was already used in this run; renamed 'ok1#2'" in err
    assert "1 record(s) had no 'id'" in err and f"{path}:3:" in err and "'b:3'" in err


def test_json_error_does_not_say_at_at(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "x", "text": "unterminated\n', encoding="utf-8")
    _, _, err = run(capsys, "inspect", str(path))
    assert "at column" in err and "at at" not in err


def test_ingesting_only_an_empty_file_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    db = tmp_path / "new.sqlite"
    code, _, err = run(capsys, "ingest", str(empty), "--db", str(db), "--no-progress")
    assert code == 1 and not db.exists()
    assert "was not created" in err and "empty" in err


def test_clean_of_several_files_asks_for_out_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storytrace import api

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read before the arguments were checked")

    monkeypatch.setattr(api, "read_articles", no_read)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("One article.")
    b.write_text("Another article.")
    code, out, err = run(capsys, "clean", str(a), str(b))
    assert code == 1 and out == "" and "--out DIR" in err


def test_help_lists_every_input_kind(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["ingest", "--help"], ["inspect", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        text = " ".join(capsys.readouterr().out.split())
        for kind in ("WARC", ".warc.gz", "RSS/Atom", ".jsonl.gz", ".html"):
            assert kind in text, (argv, kind)


def test_inspect_json_gives_the_sentences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "n.txt"
    path.write_text("The harbour reopened on Monday. Ships came back by noon.\n")
    _, out, _ = run(capsys, "inspect", "--json", str(path))
    row = json.loads(out)[0]
    assert row["sentences"] == 2
    texts = [s["text"] for s in row["sentence_list"]]
    assert texts == ["The harbour reopened on Monday.", "Ships came back by noon."]
    raw = path.read_text()
    assert all(raw[s["start"] : s["end"]] == s["text"] for s in row["sentence_list"])


def _warc_record(uri: str | None, html: bytes) -> bytes:
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    head = [b"WARC/1.0", b"WARC-Type: response", b"WARC-Record-ID: <urn:uuid:1>"]
    if uri:
        head.append(b"WARC-Target-URI: " + uri.encode())
    head += [b"WARC-Date: 2025-01-01T00:00:00Z", b"Content-Type: application/http"]
    head.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(head) + b"\r\n\r\n" + body + b"\r\n\r\n"


def test_warc_record_without_target_uri_is_counted_and_the_rest_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = b"<html><body><article><p>" + HARBOUR[1].encode() + b"</p></article></body></html>"
    path = tmp_path / "a.warc"
    path.write_bytes(_warc_record(None, page) + _warc_record("https://example.org/a", page))
    code, out, err = run(capsys, "inspect", "--json", str(path))
    assert code == 0
    assert [a["url"] for a in json.loads(out)] == ["https://example.org/a"]
    assert "without WARC-Target-URI" in err and "1 skipped" in err
    db = tmp_path / "w.sqlite"
    code, _, err = run(capsys, "ingest", str(path), "--db", str(db), "--no-progress")
    assert code == 0 and "added 1" in err and "without WARC-Target-URI" in err
