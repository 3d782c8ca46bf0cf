"""The README's Python examples run as written, in order, on the bundled demo story."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import pytest

from storytrace import pipeline
from storytrace.report.brief import make_brief

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_python_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The analysis steps are measured elsewhere; here the calls, names and fields are checked.
    monkeypatch.setattr(pipeline, "default_components", lambda *_: [("brief", make_brief)])
    demo = resources.files("storytrace").joinpath("demo/articles")
    shutil.copytree(str(demo), tmp_path / "story")
    monkeypatch.chdir(tmp_path)
    blocks = python_blocks(README.read_text("utf-8"))
    assert len(blocks) >= 2, "the README's Python examples were not found"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert (tmp_path / "report.html").stat().st_size > 0
    assert (tmp_path / "news.sqlite").exists()
    # api.stories printed one line per story; the demo's seven articles are all stored.
    import storytrace.store as store_mod

    with store_mod.Store(tmp_path / "news.sqlite") as store:
        ids = [r.id for batch in store.iter_records() for r in batch]
        assert len(ids) == 7
        story_ids = set(store.assignments().values())
    assert story_ids and all(sid in out for sid in story_ids)
