"""The CLI is a thin layer over ``storytrace.api``: both give the same results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storytrace import api, pipeline
from storytrace.cli import main
from storytrace.progress import Progress
from storytrace.report.brief import make_brief
from storytrace.settings import Settings
from test_stories import FIRE, FIRE_2, HARBOUR, HARBOUR_2

WIRE = "Dam repairs begin\n\nEngineers began repairing the Lenvale dam on Monday, the board said.\n"


def _light(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "default_components", lambda *_: [("brief", make_brief)])


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    report = json.loads(json.dumps(report))
    report.get("stats", {}).pop("timings_s", None)
    report.pop("generated_at", None)
    return report


def test_analyze_cli_and_api_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _light(monkeypatch)
    a, b, junk = tmp_path / "wire.txt", tmp_path / "copy.txt", tmp_path / "junk.bin"
    a.write_text(WIRE)
    b.write_text(WIRE.replace("Monday", "Monday morning"))
    junk.write_bytes(b"\x00\x01" * 50)
    inputs = [str(a), str(b), str(junk)]
    assert main(["analyze", *inputs, "--json", str(tmp_path / "r.json")]) == 0
    capsys.readouterr()
    from_cli = json.loads((tmp_path / "r.json").read_text("utf-8"))
    events: list[Progress] = []
    result = api.analyze_inputs(inputs, Settings.default(), events.append)
    assert _stable(api.report_dict(result.story)) == _stable(from_cli)
    assert result.read.counts() == {"binary": 1}
    assert [(e.done, e.total) for e in events if e.stage == "prepare"] == [(0, 2), (1, 2), (2, 2)]


def test_cluster_cli_and_api_give_the_same_stories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tmp_path / "hashed.toml"
    cfg.write_text('[cluster]\nrepresentation = "hashed"\n')
    items = [("h1", HARBOUR), ("f1", FIRE), ("h2", HARBOUR_2), ("f2", FIRE_2)]
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "title": t, "text": x}) + "\n" for i, (t, x) in items)
    )
    out = tmp_path / "a.jsonl"
    assert main(["--config", str(cfg), "cluster", str(src), "-o", str(out)]) == 0
    capsys.readouterr()
    cli = [tuple(json.loads(line).values()) for line in out.read_text().splitlines()]
    events: list[Progress] = []
    result = api.cluster([str(src)], settings=api.load_settings(cfg), progress=events.append)
    assert list(result.assignments) == cli
    assert events[-1] == Progress("cluster", 4, 4, "articles")


def test_ingest_and_stories_through_the_api(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": t[1]}) + "\n" for i, t in [("h1", HARBOUR), ("f1", FIRE)]
        )
    )
    db = str(tmp_path / "s.sqlite")
    events: list[Progress] = []
    stats = api.ingest([str(src)], db, progress=events.append)
    assert stats.added == 2 and events and events[-1].done == 2
    listing = api.stories(db)
    assert listing.articles == 2 and listing.unassigned == 2 and listing.stories == ()


def test_readme_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _light(monkeypatch)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    code = readme.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "wire.txt").write_text(WIRE)
    (tmp_path / "story" / "copy.txt").write_text(WIRE.replace("Monday", "Monday morning"))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "report.html").is_file()
    assert "prepare: 2/2 articles" in capsys.readouterr().out


def test_the_embedder_reports_its_batches_to_the_open_callback() -> None:
    import uuid

    from storytrace.align.embed import get_embedder
    from storytrace.progress import reporting

    events: list[Progress] = []
    run = uuid.uuid4().hex  # texts no cache has seen
    texts = [f"A sentence for the progress test {run}, number {i}." for i in range(3)]
    with reporting(events.append):
        get_embedder().embed(texts)
    get_embedder().embed([f"Outside the block nothing is reported {run}."])
    # one event per model batch (with several embedding workers, 3 texts are 2 batches)
    assert events[0] == Progress("embedding", 0, 3, "texts", "loading the model")
    assert events[-1] == Progress("embedding", 3, 3, "texts")
    done = [e.done for e in events]
    assert done == sorted(done) and len(events) <= 2 + get_embedder().workers


def test_progress_bars_take_every_event(capsys: pytest.CaptureFixture[str]) -> None:
    from storytrace.commands.progress import ProgressBars

    bars = ProgressBars(enabled=True)
    for event in (
        Progress("ingest", 0, None, "articles"),
        Progress("ingest", 500, None, "articles"),
    ):
        bars(event)
    bars(Progress("embedding", 64, 150, "texts"))
    bars.stop()
    bars(Progress("embedding", 150, 150, "texts"))  # after stop: ignored, no error
    assert "Traceback" not in capsys.readouterr().err
