"""Per-code control of findings in [tool.pygen.findings], and the report a failing build prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pygen_core import PygenError

from ._util import RecordingApp, make_project
from .test_hook_unit import initialize, one_line_error

# Omni's findings: PYG301 x5 (warnings), PYG105 x2 and PYG307 x2 (info).
OMNI = {"package": "omni_sdk", "snapshot": "omni.json"}


def omni(tmp_path: Path, **table: Any) -> Path:
    return make_project(tmp_path / "p", model="Omni", pygen={**OMNI, **table})


def test_strict_failure_prints_every_finding_then_one_line(tmp_path: Path) -> None:
    app = RecordingApp()
    with pytest.raises(PygenError) as info:
        initialize(omni(tmp_path, strict=True), app=app)
    message = str(info.value)
    assert "\n" not in message
    assert message == (
        "pygen: error: generating omni_sdk from omni.json failed: 5 error(s) in the data model (PYG301 x5); "
        "5 made errors by strict or the findings option: resolve each as its line says, "
        "or set its code's level in the findings option"
    )
    errors = [m for kind, m in app.messages if kind == "error"]
    assert len(errors) == 5
    assert all(line.startswith("pygen: PYG301 error sp_pygen_models:") for line in errors)
    assert all("names option" in line for line in errors)  # each line says how to resolve it
    others = [m for kind, m in app.messages if kind == "warning" and "PYG" in m]
    assert {line.split()[1] for line in others} == {"PYG105", "PYG307"}  # the rest of the report


def test_a_level_wins_over_strict(tmp_path: Path) -> None:
    app = RecordingApp()
    initialize(omni(tmp_path, strict=True, findings={"PYG301": "warning"}), app=app)
    warnings = app.text("warning")
    assert warnings.count("PYG301 warning") == 5


def test_ignore_drops_a_code_and_error_promotes_one(tmp_path: Path) -> None:
    app = RecordingApp()
    initialize(omni(tmp_path, findings={"PYG301": "ignore"}), app=app)
    assert "PYG301" not in app.text()
    root = omni(tmp_path / "again", findings={"PYG307": "error"})
    message = one_line_error(root)
    assert (
        "2 error(s) in the data model (PYG307 x2); 2 made errors by strict or the findings option" in message
    )


def test_every_finding_of_a_model_can_be_resolved_by_an_option(tmp_path: Path) -> None:
    app = RecordingApp()
    with pytest.raises(PygenError):
        initialize(omni(tmp_path, strict=True), app=app)
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    for _kind, line in app.messages:
        if not line.startswith("pygen: PYG"):
            continue
        code, _severity, location = line.split()[1:4]
        if code == "PYG301":  # the line says: set a name in the names option
            view, _, prop = location.rstrip(":").split(":", 1)[1].partition(".")
            names[f"{view.split('/')[0]}.{prop}"] = f"{prop.lower()}_value"
        else:  # informational: choose its level
            levels[code] = "ignore"
    assert names
    assert levels
    resolved = RecordingApp()
    initialize(omni(tmp_path / "resolved", strict=True, names=names, findings=levels), app=resolved)
    assert "PYG" not in resolved.text()


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        (
            {"pyg301": "ignore"},
            "tool.pygen.findings.pyg301: 'pyg301' is not a finding code (did you mean 'PYG301'?)",
        ),
        (
            {"PYG301": "quiet"},
            "tool.pygen.findings.PYG301: 'quiet' is not a finding level (use one of ignore, info,",
        ),
        (
            {"PYG305": "ignore"},
            "tool.pygen.findings.PYG305: PYG305 is an error (no SDK can be generated past it)",
        ),
        ({"PYG301": 1}, "tool.pygen.findings.PYG301: "),
    ],
)
def test_bad_levels_are_one_line_naming_the_key(
    tmp_path: Path, findings: dict[str, Any], expected: str
) -> None:
    message = one_line_error(omni(tmp_path, findings=findings))
    assert message.startswith(f"pyproject.toml: {expected}"), message
