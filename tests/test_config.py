from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.config import load_settings, section
from storytrace.errors import ConfigError


def test_defaults_have_one_table_per_stage_family() -> None:
    settings = load_settings()
    for table in (
        "read",
        "clean",
        "segment",
        "language",
        "align",
        "relations",
        "claims",
        "quotes",
        "framing",
        "brief",
        "cluster",
        "store",
    ):
        assert table in settings, table


def test_user_file_overrides_a_value(tmp_path: Path) -> None:
    user = tmp_path / "my.toml"
    user.write_text("[read]\nmax_bytes = 123\n")
    assert section("read", str(user))["max_bytes"] == 123
    assert section("read")["max_bytes"] != 123


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[read]\nno_such_setting = 1\n", "unknown setting 'no_such_setting'"),
        ("[nosuchtable]\nx = 1\n", "unknown setting 'nosuchtable'"),
        ("[read\n", "not valid TOML"),
        ("read = 3\n", "'read' must be a table"),
    ],
)
def test_bad_user_file_names_the_file_and_the_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_settings(str(user))
    assert str(user) in str(info.value)
    assert message in str(info.value)


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read settings file"):
        load_settings(str(tmp_path / "absent.toml"))


def test_environment_variable_is_read_on_each_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "env.toml"
    user.write_text("[read]\nmax_bytes = 77\n")
    before = section("read")["max_bytes"]
    monkeypatch.setenv("STORYTRACE_CONFIG", str(user))
    assert section("read")["max_bytes"] == 77
    monkeypatch.delenv("STORYTRACE_CONFIG")
    assert section("read")["max_bytes"] == before
