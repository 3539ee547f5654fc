from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pygen_core.cli import main
from pygen_core.snapshot import load_snapshot, summarize, write_snapshot

from .conftest import MODEL_FILES


def test_show_summarises_every_shared_model(model_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "show", str(model_file)]) == 0
    out = capsys.readouterr().out
    raw = json.loads(model_file.read_text())
    assert out == summarize(load_snapshot(model_file))
    assert f"{raw['space']}:{raw['externalId']}/{raw['version']}: {len(raw['views'])} views" in out


def test_show_of_written_snapshot_matches_raw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "snap.json"
    write_snapshot(load_snapshot(MODEL_FILES[0]), target)
    assert main(["snapshot", "show", str(target)]) == 0
    from_snapshot = capsys.readouterr().out
    assert main(["snapshot", "show", str(MODEL_FILES[0])]) == 0
    assert capsys.readouterr().out == from_snapshot


def test_show_bad_file_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"space": "s",\n')
    assert main(["snapshot", "show", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    expected = "invalid JSON at line 2, column 1: Expecting property name enclosed in double quotes"
    assert captured.err == f"pygen: error: {bad}: {expected}\n"


def test_show_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "show", str(tmp_path / "nope.json")]) == 2
    assert capsys.readouterr().err == f"pygen: error: {tmp_path / 'nope.json'}: no such file\n"


@pytest.mark.parametrize(
    "argv", [["snapshot", "--help"], ["snapshot", "pull", "--help"], ["snapshot", "show", "--help"]]
)
def test_help_on_every_subcommand(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: pygen {' '.join(argv[:-1])}")


def test_pull_rejects_bad_data_model_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snapshot", "pull", "--data-model", "no-version", "-o", "x.json"]) == 2
    assert (
        capsys.readouterr().err
        == "pygen: error: invalid data model id 'no-version': expected SPACE:EXTERNAL_ID/VERSION\n"
    )


def test_pull_requires_a_data_model(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["snapshot", "pull"])
    assert info.value.code == 2
    assert "--data-model" in capsys.readouterr().err


@pytest.mark.slow
def test_show_in_a_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "snapshot", "show", str(MODEL_FILES[0])],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == summarize(load_snapshot(MODEL_FILES[0]))
