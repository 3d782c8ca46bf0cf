"""``storytrace analyze``: inputs, skips, edge cases, outputs and messages.

The analysis components are replaced by the brief plus a stage that adds a warning, so these
tests pin the command's own behaviour; the end-to-end run with the real pipeline is
``test_analyze_end_to_end_with_the_real_pipeline``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from storytrace import pipeline
from storytrace.cli import main
from storytrace.report.brief import make_brief
from storytrace.types import Story

WIRE = (
    "Dam repairs begin in Lenvale\n\n"
    "Engineers began repairing the Lenvale dam on Monday, the regional water board said.\n\n"
    "The work will cost 42 million euros and last two years, according to the board.\n\n"
    "Residents were told to avoid the river banks while the works go on.\n"
)
COPY = WIRE.replace("Monday", "Monday morning")
JUNK = "Advertisement\n\nShare on Facebook\n\nRead more\n"


def _warn(story: Story) -> Story:
    return replace(story, warnings=story.warned("these articles may be about different stories"))


@pytest.fixture
def light_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pipeline, "default_components", lambda *_: [("provenance", _warn), ("brief", make_brief)]
    )


def _write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.usefixtures("light_pipeline")
def test_analyze_out_writes_three_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = _write(tmp_path, "wire.txt", WIRE), _write(tmp_path, "copy.txt", COPY)
    out = tmp_path / "out"
    assert main(["analyze", a, b, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    for name in ("report.json", "report.md", "report.html"):
        assert (out / name).is_file()
        assert f"wrote {out / name}" in captured.out
    assert "provenance ..." in captured.err and "brief done in" in captured.err
    assert "warning: these articles may be about different stories" in captured.err
    rep = json.loads((out / "report.json").read_text("utf-8"))
    assert [x["id"] for x in rep["articles"]] == ["wire", "copy"]


@pytest.mark.usefixtures("light_pipeline")
def test_analyze_without_output_prints_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", _write(tmp_path, "wire.txt", WIRE)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# storytrace report")
    assert "## Summary" in captured.out
    assert "one article only" in captured.err


@pytest.mark.usefixtures("light_pipeline")
def test_analyze_reports_skips_and_lists_empty_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wire = _write(tmp_path, "wire.txt", WIRE)
    junk = _write(tmp_path, "junk.txt", JUNK)
    _write(tmp_path, "blank.txt", "  \n")
    _write(tmp_path, "bin.txt", bytes(range(256)) * 2)
    out = tmp_path / "r.json"
    assert main(["analyze", str(tmp_path), wire, junk, "--json", str(out)]) == 0
    err = capsys.readouterr().err
    assert "skipped 4 input(s): binary 1, duplicate-input 2, empty 1" in err
    assert "junk: empty after cleaning; listed but left out of the analysis" in err
    rep = json.loads(out.read_text("utf-8"))
    excluded = {a["id"]: a["excluded"] for a in rep["articles"]}
    assert excluded == {"wire": None, "junk": "empty after cleaning"}
    assert rep["stats"]["skipped"]["counts"] == {"binary": 1, "duplicate-input": 2, "empty": 1}


def test_analyze_exits_1_when_nothing_could_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = _write(tmp_path, "blank.txt", "\n\n")
    assert main(["analyze", blank]) == 1
    err = capsys.readouterr().err
    assert "nothing could be read from the 1 input(s)" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["analyze"], "nothing to analyze"),
        (["analyze", "--story", "s1"], "--story needs --db"),
        (["analyze", "--db", "x.sqlite"], "--story ID"),
    ],
)
def test_analyze_argument_errors_are_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.usefixtures("light_pipeline")
def test_analyze_reads_a_story_from_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import storytrace.store as store_mod
    from storytrace import api

    db = tmp_path / "c.sqlite"
    arts = api.load_articles(
        [_write(tmp_path, "wire.txt", WIRE), _write(tmp_path, "copy.txt", COPY)]
    )
    with store_mod.Store(db) as store:
        store.add_articles(arts)
        store.save_assignments({a.id: "s1" for a in arts})
        store.refresh_stories()
    out = tmp_path / "r.json"
    assert main(["analyze", "--db", str(db), "--story", "s1", "--json", str(out)]) == 0
    rep = json.loads(out.read_text("utf-8"))
    assert sorted(a["id"] for a in rep["articles"]) == ["copy", "wire"]
    assert main(["analyze", "--db", str(db), "--story", "nope"]) == 1
    err = capsys.readouterr().err
    assert "no story 'nope'" in err
    assert f"list them with 'storytrace stories --db {db}'" in err  # a command to copy


# --- end to end, with the real pipeline ------------------------------------------------

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
CHESS = (
    "Teenager wins national chess title\n\n"
    "A 15-year-old from Porthaven won the national chess championship on Sunday after a "
    "tense final game.\n\n"
    "She beat the defending champion in 62 moves, the chess federation said.\n\n"
    "Her coach said she had trained six hours a day for the tournament.\n"
)


def _full_pipeline() -> None:
    try:
        pipeline.default_components()
    except ImportError as exc:
        pytest.skip(f"the analysis pipeline is not complete in this checkout: {exc}")


def test_analyze_end_to_end_with_the_real_pipeline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the seed articles live outside the repository")
    _full_pipeline()
    out = tmp_path / "out"
    assert main(["analyze", str(SEEDS), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    for stage in ("align", "provenance", "quotes", "claims", "framing", "brief"):
        assert f"{stage} done in" in err
    rep = json.loads((out / "report.json").read_text("utf-8"))
    assert rep["schema"] == "storytrace.report/1"
    assert len(rep["articles"]) == 5
    assert rep["independent_sources"] == len(rep["origins"]) >= 1
    # Offsets index the original decoded input: check them against the files themselves.
    raw = {p.stem: p.read_bytes().decode("utf-8") for p in SEEDS.glob("*.txt")}
    spans = [
        (m["article"], m["start"], m["end"], m["text"])
        for c in rep["claims"]
        for m in c["mentions"]
    ]
    spans += [
        (v["article"], v["start"], v["end"], v["text"])
        for q in rep["quotes"]
        for v in q["variants"]
        if "fragments" not in v
    ]
    for v in (v for q in rep["quotes"] for v in q["variants"]):
        parts = [raw[v["article"]][s:e] for s, e in v.get("fragments", [[v["start"], v["end"]]])]
        # a statement quoted in parts: its text joins them (docs/report-schema.md)
        assert " … ".join(parts) == v["text"]
        if "content" in v:  # a mixed quote's reported clause holds its quoted words
            s, e = v["content"]
            assert all(p in raw[v["article"]][s:e] for p in parts)
    spans += [
        (a["id"], r["start"], r["end"], r["text"]) for a in rep["articles"] for r in a["removed"]
    ]
    assert len(spans) > 50
    for art, start, end, text in spans:
        assert raw[art][start:end] == text
    assert rep["brief"] and all(b["articles"] and b["claims"] for b in rep["brief"])
    html_page = (out / "report.html").read_text("utf-8")
    assert "<svg" in html_page and "https://" not in html_page


def test_analyze_warns_when_articles_tell_different_stories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _full_pipeline()
    files = [_write(tmp_path, "dam.txt", WIRE), _write(tmp_path, "chess.txt", CHESS)]
    assert main(["analyze", *files, "--md", str(tmp_path / "r.md")]) == 0
    err = capsys.readouterr().err
    assert "storytrace: warning:" in err and "stories" in err
    assert "hint: to split 2 articles into stories first: storytrace ingest INPUTS" in err
    text = (tmp_path / "r.md").read_text("utf-8")
    assert "- Warnings: 1" in text and "- Independent sources: 2" in text


def test_a_long_warning_is_cut_on_the_terminal_and_whole_in_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "the input seems to hold 60 stories: " + " | ".join(f"id-{i:04d}" for i in range(60))

    def warn_long(story: Story) -> Story:
        return replace(story, warnings=story.warned(long))

    monkeypatch.setattr(
        pipeline,
        "default_components",
        lambda *_: [("provenance", warn_long), ("brief", make_brief)],
    )
    files = [_write(tmp_path, "wire.txt", WIRE), _write(tmp_path, "copy.txt", COPY)]
    assert main(["analyze", *files, "--json", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "warning:" in x)
    assert len(line) < 500 and line.endswith(f"({len(long):,} characters; the report has it whole)")
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["stats"]["warnings"] == [long]


def test_a_corpus_given_to_analyze_gets_a_note_on_grouping_it_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storytrace.commands import analyze as analyze_cmd

    monkeypatch.setattr(pipeline, "default_components", lambda *_: [("brief", make_brief)])
    monkeypatch.setattr(analyze_cmd, "CORPUS_ARTICLES", 2)
    files = [_write(tmp_path, f"{i}.txt", WIRE.replace("Monday", d)) for i, d in
             enumerate(("Monday", "Tuesday", "Friday"))]  # fmt: skip
    assert main(["analyze", *files, "--json", str(tmp_path / "r.json")]) == 0
    err = capsys.readouterr().err
    assert err.count("note: analyze treats its inputs as one story, and 3 articles") == 1
    assert "storytrace cluster --db news.sqlite" in err
    assert main(["analyze", *files[:2], "--json", str(tmp_path / "r.json")]) == 0
    assert "look like a corpus" not in capsys.readouterr().err


@pytest.mark.usefixtures("light_pipeline")
def test_a_report_given_as_dash_goes_to_stdout_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [_write(tmp_path, "wire.txt", WIRE), _write(tmp_path, "copy.txt", COPY)]
    md = tmp_path / "r.md"
    assert main(["analyze", *files, "--json", "-", "--md", str(md)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["schema"] == "storytrace.report/1"  # nothing else on stdout
    assert f"wrote {md}" in err and md.exists() and not Path("-").exists()
    assert main(["analyze", *files, "--html", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert main(["analyze", *files, "--json", "-", "--md", "-"]) == 1
    assert "only one report can go to standard output" in capsys.readouterr().err


def test_analyze_json_is_the_same_for_the_same_input(tmp_path: Path) -> None:
    _full_pipeline()
    files = [_write(tmp_path, "wire.txt", WIRE), _write(tmp_path, "copy.txt", COPY)]
    reports = []
    for name in ("a.json", "b.json"):
        assert main(["analyze", *files, "--json", str(tmp_path / name)]) == 0
        rep = json.loads((tmp_path / name).read_text("utf-8"))
        reports.append(rep)
    # Wall-clock figures may differ, and live only under stats.
    stats = [r.pop("stats") for r in reports]
    assert reports[0] == reports[1]
    assert stats[0].keys() == stats[1].keys()
    assert reports[0]["relations"], "a near copy must be related to its source"
