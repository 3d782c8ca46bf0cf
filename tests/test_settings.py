"""Typed settings: every key of defaults.toml is a typed field, user files are checked."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from storytrace.errors import ConfigError
from storytrace.settings import ClusterSettings, Settings, defaults_text

SRC = Path(__file__).resolve().parents[1] / "src" / "storytrace"


def test_every_defaults_key_is_a_field_and_every_field_a_key() -> None:
    """A helper adding a key to defaults.toml must add the field (and the reverse)."""
    tables = tomllib.loads(defaults_text())
    settings = Settings.default()
    assert set(tables) == {f.name for f in dataclasses.fields(Settings)} - {"source"}
    for name, values in tables.items():
        _same_keys_and_values(settings.table(name), values, name)


def _same_keys_and_values(table: object, values: dict[str, object], name: str) -> None:
    """``table`` has exactly the keys of ``values``, nested tables included."""
    assert set(values) == set(table.keys()), name  # type: ignore[attr-defined]
    for key, value in values.items():
        got = getattr(table, key)
        if isinstance(value, dict):
            _same_keys_and_values(got, value, f"{name}.{key}")
            continue
        assert (list(got) if isinstance(got, tuple) else got) == value, (name, key)


def test_a_nested_table_is_overlaid_key_by_key(tmp_path: Path) -> None:
    user = tmp_path / "nested.toml"
    user.write_text("[cluster.refine]\nthreshold = 0.3\n")
    loaded = Settings.load(user)
    shipped = Settings.default().cluster
    assert loaded.cluster.refine.threshold == 0.3
    assert loaded.cluster.refine.window == shipped.refine.window
    assert loaded.cluster.threshold == shipped.threshold
    bad = tmp_path / "bad-nested.toml"
    bad.write_text("[cluster.refine]\ntreshold = 0.3\n")
    with pytest.raises(ConfigError, match=r"unknown setting 'treshold' in \[cluster.refine\]"):
        Settings.load(bad)
    wrong = tmp_path / "wrong-nested.toml"
    wrong.write_text('[cluster.refine]\nwindow = "big"\n')
    with pytest.raises(ConfigError, match=r"\[cluster.refine\]: window must be a int"):
        Settings.load(wrong)


def test_tables_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings.default().read.max_bytes = 1  # type: ignore[misc]


def test_user_file_overrides_a_value_and_leaves_the_defaults_alone(tmp_path: Path) -> None:
    user = tmp_path / "my.toml"
    user.write_text("[read]\nmax_bytes = 123\n[cluster]\nthreshold = 2\n")
    loaded = Settings.load(user)
    assert loaded.read.max_bytes == 123
    assert loaded.cluster.threshold == 2.0 and isinstance(loaded.cluster.threshold, float)
    assert Settings.default().read.max_bytes != 123
    assert loaded.align == Settings.default().align


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[read]\nno_such_setting = 1\n", "unknown setting 'no_such_setting' in [read]"),
        ("[nosuchtable]\nx = 1\n", "unknown table [nosuchtable]"),
        ("[read\n", "not valid TOML"),
        ("read = 3\n", "'read' must be a table"),
        ('[read]\nmax_bytes = "big"\n', "[read]: max_bytes must be a int, not 'big'"),
        ("[store]\ndetect_language = 1\n", "detect_language must be a bool"),
        ("[language]\nlanguages = [1, 2]\n", "languages must be a list of strs"),
        ('[cluster]\nrepresentation = "bert"\n', "representation must be 'embed' or 'hashed'"),
    ],
)
def test_bad_user_file_names_the_file_and_the_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(text)
    with pytest.raises(ConfigError) as info:
        Settings.load(user)
    assert str(user) in str(info.value)
    assert message in str(info.value)


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read settings file"):
        Settings.load(tmp_path / "absent.toml")


def test_the_environment_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "env.toml"
    user.write_text("[read]\nmax_bytes = 77\n")
    monkeypatch.setenv("STORYTRACE_CONFIG", str(user))
    assert Settings.default().read.max_bytes != 77


def test_cluster_overrides_are_checked() -> None:
    assert ClusterSettings.from_config(threshold=2).threshold == 2.0
    with pytest.raises(ConfigError, match="unknown setting"):
        ClusterSettings.from_config(treshold=1.0)


def test_no_stage_reads_settings_behind_the_callers_back() -> None:
    """Thresholds reach stages as typed tables: no module reads a table by name or falls
    back to a number of its own."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name in {"settings.py", "config.py"}:
            continue
        text = path.read_text("utf-8")
        if re.search(r"\bsection\(\"|STORYTRACE_CONFIG", text):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


def test_config_flag_reaches_the_stages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from storytrace.cli import main

    cfg = tmp_path / "small.toml"
    cfg.write_text("[read]\nmax_bytes = 50\n")
    big = tmp_path / "big.txt"
    big.write_text("A sentence of some length that goes on. " * 5)
    assert main(["--config", str(cfg), "inspect", str(big)]) == 1
    assert "over the limit of 50" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text("[read]\nmax_byte = 50\n")
    assert main(["--config", str(bad), "inspect", str(big)]) == 1
    err = capsys.readouterr().err
    assert "unknown setting 'max_byte' in [read]" in err and "Traceback" not in err


def test_a_changed_user_file_is_read_again(tmp_path: Path) -> None:
    user = tmp_path / "live.toml"
    user.write_text("[brief]\nmax_sentences = 5\n")
    assert Settings.load(user).brief.max_sentences == 5
    user.write_text("[brief]\nmax_sentences = 7\n")
    assert Settings.load(user).brief.max_sentences == 7
