"""``storytrace ingest`` and ``storytrace stories`` as a user runs them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storytrace.cli import main
from storytrace.store import Store

PARAS = [
    "Harbour pilots in Keswy went on strike on {d} over new shift rules, halting traffic "
    "for {n} cargo ships that were waiting outside the breakwater since early morning.",
    "The port company said talks with the pilots' union would resume on Thursday and "
    "that perishable cargo would be given priority once the first ships could dock.",
    "Union spokesperson {who} said the pilots wanted a written limit on night shifts, "
    "which they say have doubled since the container terminal was expanded last year.",
]


def story(i: int) -> str:
    return "\n\n".join(p.format(d=f"day {i}", n=i + 3, who=f"Tamsin Vell {i}") for p in PARAS)


def write_jsonl(path: Path, records: list[dict[str, object]], bad_lines: int = 0) -> Path:
    lines = [json.dumps(r) for r in records] + ["{not json"] * bad_lines
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_reports_counts_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    recs = [{"id": f"k{i}", "text": story(i), "outlet": "Keswy Post"} for i in range(6)]
    recs.append(
        {
            "id": "k0-copy",
            "text": story(0) + "\n\nMore at the Tidewater Times.",
            "outlet": "Tidewater",
        }
    )
    corpus = write_jsonl(tmp_path / "c.jsonl", recs, bad_lines=1)
    code, _, err = run(["ingest", str(corpus), "--db", str(db), "--no-progress"], capsys)
    assert code == 0
    assert "read 7; added 7; 0 already present" in err
    assert "near-duplicate links" in err
    assert "skipped 1 (1 malformed-record)" in err
    assert f"{corpus}:8" in err  # the bad record's line number
    code, _, err = run(["ingest", str(corpus), "--db", str(db), "--no-progress"], capsys)
    assert code == 0 and "added 0; 7 already present" in err
    with Store(db) as store:
        assert store.count() == 7
        links = [(k.article, k.duplicate_of) for k in store.duplicates()]
    assert ("k0-copy", "k0") in links


def test_ingest_reads_gzipped_jsonl_folders_and_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(story(1))
    (folder / "two.txt").write_text(story(2))
    write_jsonl(tmp_path / "c.jsonl.gz", [{"id": "z", "text": story(3)}])
    db = tmp_path / "s.sqlite"
    code, _, err = run(
        ["ingest", str(folder), str(tmp_path / "c.jsonl.gz"), "--db", str(db), "--no-progress"],
        capsys,
    )
    assert code == 0 and "added 3" in err
    with Store(db) as store:
        ids = sorted(r.id for b in store.iter_records() for r in b)
    assert ids == ["one", "two", "z"]


def test_ingest_of_nothing_readable_fails_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_text("")
    code, _, err = run(["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"),
                        "--db", str(tmp_path / "s.sqlite"), "--no-progress"], capsys)  # fmt: skip
    assert code == 1
    assert "no article could be read" in err
    assert "missing.txt" in err and "empty.txt" in err
    assert "Traceback" not in err


def test_ingest_default_db_from_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYTRACE_DB", str(tmp_path / "env.sqlite"))
    (tmp_path / "a.txt").write_text(story(1))
    code, _, err = run(["ingest", str(tmp_path / "a.txt"), "--no-progress"], capsys)
    assert code == 0 and str(tmp_path / "env.sqlite") in err


def test_ingest_into_a_non_store_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello " * 500)
    (tmp_path / "a.txt").write_text(story(1))
    code, _, err = run(
        ["ingest", str(tmp_path / "a.txt"), "--db", str(bad), "--no-progress"], capsys
    )
    assert code == 1
    assert err.startswith("storytrace: error:") and "not a storytrace store" in err
    assert "Traceback" not in err


def test_feed_url_without_network_fails_naming_the_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://feeds.invalid/news.rss"
    code, _, err = run(["ingest", url, "--db", str(tmp_path / "s.sqlite"), "--no-progress"], capsys)
    assert code == 1
    assert url in err and "cannot fetch this feed" in err


def test_stories_lists_stored_assignments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    recs = [
        {"id": f"k{i}", "text": story(i), "outlet": o, "published": d, "title": f"Strike day {i}"}
        for i, (o, d) in enumerate(
            [("Keswy Post", "2025-05-02"), ("Harbour FM", "2025-05-03"), ("Post", "2025-06-01")]
        )
    ]
    run(
        ["ingest", str(write_jsonl(tmp_path / "c.jsonl", recs)), "--db", str(db), "--no-progress"],
        capsys,
    )
    code, out, err = run(["stories", "--db", str(db)], capsys)
    assert (
        code == 0
        and out == ""
        and "no stories yet (3 articles in none)" in err
        and f"storytrace cluster --db {db}" in err
    )
    with Store(db) as store:
        store.save_assignments({"k0": "strike", "k1": "strike", "k2": "other"})
        store.refresh_stories()
    code, out, _ = run(["stories", "--db", str(db)], capsys)
    header, first_line = out.splitlines()[:2]
    assert header.split("\t") == ["story", "articles", "dates", "languages", "outlets", "title"]
    first = first_line.split("\t")
    assert first[:4] == ["strike", "2", "2025-05-02..2025-05-03", "en"]
    assert first[5] == "Strike day 0"
    code, out, _ = run(["stories", "--db", str(db), "--json"], capsys)
    data = json.loads(out)
    assert [(s["id"], s["size"]) for s in data] == [("strike", 2), ("other", 1)]
    assert data[0]["outlets"] == ["Harbour FM", "Keswy Post"]


def test_stories_of_missing_store_says_to_ingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["stories", "--db", str(tmp_path / "none.sqlite")], capsys)
    assert code == 1 and "storytrace ingest" in err


def test_eta_total_counts_jsonl_lines_and_gives_up_on_archives(tmp_path: Path) -> None:
    from storytrace.app.corpus import estimate_total

    write_jsonl(tmp_path / "a.jsonl", [{"id": str(i), "text": story(i)} for i in range(4)])
    write_jsonl(tmp_path / "b.jsonl.gz", [{"id": "x", "text": story(9)}])
    (tmp_path / "c.txt").write_text(story(1))
    assert estimate_total([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz")]) == 5
    assert estimate_total([str(tmp_path)]) == 6
    (tmp_path / "d.warc").write_bytes(b"WARC/1.0\r\n")
    assert estimate_total([str(tmp_path)]) is None
    assert estimate_total(["-"]) is None


def test_many_skips_show_three_examples_and_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "ok", "text": story(1)}], bad_lines=5)
    code, _, err = run(
        ["ingest", str(corpus), "--db", str(tmp_path / "s.sqlite"), "--no-progress"], capsys
    )
    assert code == 0
    assert err.count("skipped [malformed-record]") == 3
    assert "... and 2 more [malformed-record]" in err
    for line in (2, 3, 4):
        assert f"{corpus}:{line}:" in err
