"""Which [tool.pygen] tables are cognite-pygen's, and the two commands that reach our CLI."""

from __future__ import annotations

import sys
from importlib.metadata import distribution
from pathlib import Path

import pytest

from pygen_core.cli import main
from pygen_core.migrate import PREDECESSOR_KEYS, predecessor_keys, predecessor_message


@pytest.mark.parametrize(
    ("table", "keys"),
    [
        ({"top_level_package": "omni", "client_name": "C"}, ["client_name", "top_level_package"]),
        ({"data_models": [["sp", "M", "1"]]}, ["data_models"]),  # no `package`: not ours
        ({"package": "omni", "cdf_cluster": "westeurope-1"}, ["cdf_cluster"]),  # v1-only key
        ({"package": "omni", "client_name": "C"}, []),  # our table with a typo: "did you mean" applies
        ({"package": "omni", "client-name": "C"}, []),
        ({}, []),
    ],
)
def test_predecessor_keys(table: dict[str, object], keys: list[str]) -> None:
    assert predecessor_keys(table) == keys


def test_the_message_is_one_line_naming_the_command() -> None:
    message = predecessor_message(sorted(PREDECESSOR_KEYS), "app/pyproject.toml")
    assert "\n" not in message
    assert message.startswith("app/pyproject.toml: tool.pygen holds cognite-pygen (v1) settings (audience, ")
    assert "pygen migrate config" in message
    assert "hatch-pygen migrate config" in message


def test_both_command_names_run_our_cli() -> None:
    scripts = {
        ep.name: ep.value for ep in distribution("hatch-pygen").entry_points if ep.group == "console_scripts"
    }
    assert scripts == {"pygen": "pygen_core.cli:main", "hatch-pygen": "pygen_core.cli:main"}


@pytest.mark.parametrize(("command", "module"), [("config", "tomlkit"), ("code", "libcst")])
def test_a_missing_extra_is_named_in_one_line(
    command: str,
    module: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    (tmp_path / "app.py").write_text("import omni\n")
    args = ["migrate", "config", str(tmp_path)] if command == "config" else ["migrate", "code", str(tmp_path)]
    assert main([*args, "--package", "omni"] if command == "code" else args) == 2
    err = capsys.readouterr().err
    assert (
        err == f"pygen: error: pygen migrate {command} needs {module}: pip install 'hatch-pygen[migrate]'\n"
    )
