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
