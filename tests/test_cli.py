from __future__ import annotations

import subprocess
import sys

import pytest

from storytrace.cli import main


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert "storytrace" in capsys.readouterr().out


def test_bad_config_is_one_line_without_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text("[read\n")
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "storytrace.cli", "--config", str(bad), "inspect", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("storytrace")


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_is_taken_before_or_after_the_command(
    tmp_path,
    capsys: pytest.CaptureFixture[str],
    where: str,  # type: ignore[no-untyped-def]
) -> None:
    cfg = tmp_path / "small.toml"
    cfg.write_text("[read]\nmax_bytes = 10\n")
    article = tmp_path / "a.txt"
    article.write_text("Engineers began repairing the Lenvale dam on Monday, the board said.\n")
    config = ["--config", str(cfg)]
    argv = (
        [*config, "inspect", str(article)]
        if where == "before"
        else ["inspect", str(article), *config]
    )
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "a.txt" in err and "10" in err and "Traceback" not in err  # over the file's limit


def test_a_wrong_flag_shows_the_usage_of_its_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["analyze", "story/", "--frobnicate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: storytrace analyze ")
    assert "storytrace analyze: error: unrecognized arguments: --frobnicate" in err


def test_no_command_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "inspect" in err and "analyze" in err and "INPUT kinds" in err
