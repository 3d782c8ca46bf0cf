from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storytrace.cli import main

NOTE = (
    "The lighthouse on Cape Morrow was relit on Saturday after a year of repairs.\n\n"
    "Keepers' descendants attended the ceremony, the parish council said. It drew 300 people.\n"
)


JUNKY = (
    "Advertisement\n\n"
    "The lighthouse on Cape Morrow was relit on Saturday after a year of repairs.\n\n"
    "Share on Facebook\n\n"
    "Keepers' descendants attended the ceremony, the parish council said. It drew 300 people.\n"
)


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_json_lists_each_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_page: Callable[..., str]
) -> None:
    (tmp_path / "cape.txt").write_text(JUNKY)
    (tmp_path / "harbour.html").write_text(make_page())
    code, out, err = run(capsys, "inspect", "--json", str(tmp_path))
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["cape", "harbour"]
    page = rows[1]
    assert page["title"] == "Port Elvane votes to deepen its harbour channel"
    assert page["outlet"] == "Coastline Ledger"
    assert page["published"] == "2025-06-17"
    assert page["language"] == "en"
    assert page["format"] == "html"
    for row in rows:
        assert isinstance(row["sentences"], int) and row["sentences"] >= 2
        assert len(row["content_hash"]) == 64
        for r in row["removed"]:
            assert set(r) >= {"text", "reason", "start", "end"}
    # Removed spans say why, and their offsets point into the decoded input.
    removed = rows[0]["removed"]
    assert "Share on Facebook" in [r["text"] for r in removed]
    for r in removed:
        assert JUNKY[r["start"] : r["end"]] == r["text"]
        assert r["reason"]
    assert rows[0]["offsets_into"] == "decoded input"
    assert page["offsets_into"] == "extracted text"
    # The page's extracted text is printed: a fact-checker can check any span against it.
    assert rows[0]["raw"] == JUNKY
    for sent in page["sentence_list"]:
        assert page["raw"][sent["start"] : sent["end"]] == sent["text"]
    assert err.strip() == "storytrace: 2 articles read"


def test_inspect_table_shows_ids_and_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "cape.txt").write_text(JUNKY)
    code, out, _ = run(capsys, "inspect", str(tmp_path / "cape.txt"))
    assert code == 0
    assert "cape" in out and "sentences" in out
    assert ": Share on Facebook" in out  # removed spans as "reason: text"


def test_inspect_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(NOTE.encode("cp1252")))
    code, out, _ = run(capsys, "inspect", "--json", "-")
    assert code == 0
    [row] = json.loads(out)
    assert row["id"] == "stdin" and row["source"] == "<stdin>"


def test_clean_reads_stdin_in_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "clean", "-"],
        input=NOTE.encode(),
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert "Cape Morrow was relit" in out and "parish council said" in out


def test_one_bad_and_one_good_input_exits_zero_and_reports_the_skip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "good.txt").write_text(NOTE)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00")
    code, out, err = run(
        capsys, "inspect", "--json", str(tmp_path / "bad.txt"), str(tmp_path / "good.txt")
    )
    assert code == 0
    assert [r["id"] for r in json.loads(out)] == ["good"]
    lines = err.strip().splitlines()
    assert lines[0] == "storytrace: 1 article read; 1 skipped (binary: 1)"
    assert lines[1].startswith(f"  skipped {tmp_path / 'bad.txt'} [binary]: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["inspect", "clean"])
def test_only_bad_inputs_exit_one_with_one_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", command, str(tmp_path / "empty.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"storytrace: error: {tmp_path / 'empty.txt'}: the input is empty")


def test_several_bad_inputs_are_listed_then_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "inspect", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "storytrace: 0 articles read; 2 skipped (unreadable: 2)"
    assert lines[-1].startswith("storytrace: error: no article could be read")
    assert len(lines) == 4


@pytest.mark.parametrize("command", ["inspect", "clean", "analyze"])
def test_a_page_address_says_to_save_the_page_not_that_a_file_is_missing(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    url = "https://news.example.invalid/2025/06/harbour.html"
    code, out, err = run(capsys, command, url)
    assert code == 1 and out == ""
    assert f"curl -L -o page.html '{url}'" in err and "storytrace ingest" in err
    assert "no such file" not in err


def test_clean_prints_one_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cape.txt").write_text(JUNKY)
    code, out, err = run(capsys, "clean", str(tmp_path / "cape.txt"))
    assert code == 0 and err == ""
    assert out.startswith("The lighthouse on Cape Morrow")
    assert "Share on Facebook" not in out and "It drew 300 people." in out


def test_clean_with_several_articles_asks_for_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(NOTE)
    (tmp_path / "b.txt").write_text(NOTE.replace("Saturday", "Sunday"))
    code, out, err = run(capsys, "clean", str(tmp_path))
    assert code == 1 and out == ""
    assert "add --out DIR" in err


def test_clean_out_writes_one_file_per_article_with_safe_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "batch.jsonl"
    src.write_text(
        json.dumps({"id": "wire/2025/cape", "text": NOTE})
        + "\n"
        + json.dumps({"id": "local", "text": NOTE.replace("300", "250")})
        + "\n"
    )
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "clean", "--out", str(out_dir), str(src))
    assert out == ""
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["local.txt", "wire_2025_cape.txt"]
    assert "250 people" in (out_dir / "local.txt").read_text()
    assert "wrote 2 clean text files" in err


def test_clean_does_not_print_an_article_that_was_all_junk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "junk.txt").write_text("Advertisement\n\nShare on Facebook\n")
    code, out, err = run(capsys, "clean", str(tmp_path / "junk.txt"))
    assert code == 1 and out == ""
    assert err.startswith(f"storytrace: error: {tmp_path / 'junk.txt'}: nothing left after")


def _long_article(paragraphs: int) -> str:
    """An invented text of ``paragraphs`` distinct paragraphs."""
    return "\n\n".join(
        f"Paragraph {i}: the harbour board met again on a wet evening and argued about "
        f"the ferry timetable, the dredging budget and berth number {i}."
        for i in range(paragraphs)
    )


def test_inspect_reports_progress_while_cleaning_a_long_text(tmp_path: Path) -> None:
    """A long article took many seconds in cleaning with no progress at all; its steps and
    its search for repeated paragraphs now report while they run."""
    from storytrace.clean.repeats import REPORT_EVERY
    from storytrace.commands.articles import load
    from storytrace.progress import Progress
    from storytrace.types import ReadReport

    n = 3 * REPORT_EVERY + 10
    path = tmp_path / "long.txt"
    path.write_text(_long_article(n), encoding="utf-8")
    events: list[Progress] = []
    [article] = load([str(path)], ReadReport(), progress=events.append)
    assert len(article.paragraphs) == n
    repeats = [e.done for e in events if e.stage == "repeats"]
    assert repeats == [REPORT_EVERY, 2 * REPORT_EVERY, 3 * REPORT_EVERY, n]
    assert all(e.total == n for e in events if e.stage == "repeats")
    steps = [e.done for e in events if e.stage == "cleaning"]
    assert steps == [0, 1, 2, 3]
    # the repeats are reported inside the first step, before sentences are split
    order = [(e.stage, e.done) for e in events]
    assert order.index(("cleaning", 0)) < order.index(("repeats", n)) < order.index(("cleaning", 1))


def test_short_text_reports_its_steps_only(tmp_path: Path) -> None:
    from storytrace import api
    from storytrace.progress import Progress
    from storytrace.types import Article

    events: list[Progress] = []
    api.prepare(Article(id="s", raw=_long_article(3)), progress=events.append)
    assert {e.stage for e in events} == {"cleaning"}


def test_inspect_and_clean_take_no_progress(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(_long_article(2), encoding="utf-8")
    assert main(["inspect", "--no-progress", "--json", str(path)]) == 0
    assert main(["clean", "--no-progress", str(path)]) == 0
