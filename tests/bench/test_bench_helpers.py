"""The benchmark helpers that read logs and count lines: if these were wrong, the bench would mislead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks._hook_bench import backend_seconds, cache_entries, hook_outcome, wheel_has_sdk
from benchmarks._util import count_lines
from tests.hook._util import RecordingApp, build, make_hook, make_project


@pytest.fixture(autouse=True)
def _no_pygen_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("PYGEN_"):
            monkeypatch.delenv(name)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_count_lines_leaves_out_the_runtime_and_bytecode(tmp_path: Path) -> None:
    _write(tmp_path / "__init__.py", "a\nb\n")
    _write(tmp_path / "sub" / "mod.py", "no newline at the end")
    _write(tmp_path / "py.typed", "")
    _write(tmp_path / "_runtime" / "base.py", "1\n2\n3\n")
    _write(tmp_path / "_runtime" / "deeper" / "x.py", "1\n")
    _write(tmp_path / "__pycache__" / "mod.cpython-311.pyc", "\n" * 50)
    assert count_lines(tmp_path, exclude=("_runtime",)) == (3, 3)
    assert count_lines(tmp_path) == (7, 5)
    assert count_lines(tmp_path / "_runtime") == (4, 2)


def test_count_lines_refuses_an_empty_output(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no generated lines"):
        count_lines(tmp_path / "missing")
    _write(tmp_path / "empty" / "py.typed", "")
    with pytest.raises(RuntimeError, match="no generated lines"):
        count_lines(tmp_path / "empty")


def test_hook_outcome_reads_what_the_hook_logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real hook's messages, so a change of its wording breaks this test and not the bench's checks.
    root = make_project(tmp_path / "p")
    logs = []
    for _ in range(2):
        app = RecordingApp()
        hook, data = make_hook(root, app=app)
        hook.initialize("standard", data)
        logs.append("  " + app.text().replace("\n", "\n  "))  # pip -v indents the backend's output
    assert [hook_outcome(log) for log in logs] == ["rendered", "from the cache"]
    assert cache_entries(root / ".pygen" / "cache") == 1
    monkeypatch.setenv("PYGEN_SKIP", "1")
    app = RecordingApp()
    hook, data = make_hook(root, app=app)
    hook.initialize("standard", data)
    assert hook_outcome(app.text()) == "skipped"


def test_hook_outcome_of_a_log_without_the_hook_or_with_two_outcomes() -> None:
    assert hook_outcome("Building wheel for demo-client (pyproject.toml): finished") is None
    assert hook_outcome("pygen: generated x (1 views, 2 files) into the wheel (rendered) and more") is None
    two = (
        "pygen: generated x (1 views, 2 files) into the wheel (rendered)\n"
        "pygen: generated x (1 views, 2 files) into the wheel (from the cache)\n"
    )
    with pytest.raises(RuntimeError, match="several hook outcomes"):
        hook_outcome(two)


def test_cache_entries_of_a_missing_cache_is_zero(tmp_path: Path) -> None:
    assert cache_entries(tmp_path / "nothing") == 0


def test_wheel_has_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.hook._util import OMNI_ID

    root = make_project(tmp_path / "p", model="Omni", pygen={"package": "omni_sdk", "data-models": [OMNI_ID]})
    build(root, out=tmp_path / "with")
    assert wheel_has_sdk(tmp_path / "with")
    monkeypatch.setenv("PYGEN_SKIP", "1")
    build(root, out=tmp_path / "without")
    assert not wheel_has_sdk(tmp_path / "without")
    with pytest.raises(RuntimeError, match="expected one wheel"):
        wheel_has_sdk(tmp_path / "nowhere")


# An isolated `pip wheel . -v --log FILE` (pip 26), shortened: environment creation, then the backend's calls.
_PIP_LOG = """\
2026-12-04T01:00:28,514 Ignoring indexes: https://pypi.org/simple
2026-12-04T01:00:28,576   Running command installing build dependencies
2026-12-04T01:00:31,911   Installing build dependencies: finished with status 'done'
2026-12-04T01:00:31,912   Running command Getting requirements to build wheel
2026-12-04T01:00:32,506   Getting requirements to build wheel: finished with status 'done'
2026-12-04T01:00:32,515   Running command Preparing metadata (pyproject.toml)
2026-12-04T01:00:33,101   pygen: generated omni_sdk (23 views, 46 files) into the wheel (rendered)
2026-12-04T01:00:33,363   Preparing metadata (pyproject.toml): finished with status 'done'
2026-12-04T01:00:33,368   Running command Building wheel for demo-client (pyproject.toml)
2026-12-04T01:00:33,470   Building wheel for demo-client (pyproject.toml): finished with status 'done'
2026-12-04T01:00:33,492 Successfully built demo-client
"""


def test_backend_seconds_spans_the_backend_calls_only() -> None:
    assert backend_seconds(_PIP_LOG) == pytest.approx(33.470 - 31.912)
    without_isolation = "\n".join(line for line in _PIP_LOG.splitlines() if "build dependencies" not in line)
    assert backend_seconds(without_isolation) == pytest.approx(33.470 - 31.912)


def test_backend_seconds_refuses_a_log_without_both_ends() -> None:
    unfinished = "\n".join(line for line in _PIP_LOG.splitlines() if "Building wheel" not in line)
    with pytest.raises(RuntimeError, match="no backend call"):
        backend_seconds(unfinished)
    with pytest.raises(RuntimeError, match="not a timestamp"):
        backend_seconds(_PIP_LOG.replace("2026-12-04T01:00:33,470", "yesterday"))
