"""The service's wheel holds exactly what ``pip wheel`` of an equivalent project with the hook puts in one."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest

from tests._models import model_path

from .conftest import AUTH, findings_header, omni

pytestmark = pytest.mark.slow  # pip wheel

# Written by hand (not by the service's code): the project a user would commit for the same SDK.
PYPROJECT = """\
[build-system]
requires = ["hatchling", "hatch-pygen"]
build-backend = "hatchling.build"

[project]
name = "omni-sdk"
version = "1.2.3"
requires-python = ">=3.10"
dependencies = ["httpx>=0.27", "pydantic>=2.6"]

[tool.hatch.build.hooks.pygen]

[tool.pygen]
package = "omni_sdk"
client-name = "OmniClient"
instance-space = "omni_instances"
exclude-views = ["Empty"]
names = { "PrimitiveNullable.date" = "day" }
"""
OPTIONS = {
    "package": "omni_sdk",
    "format": "wheel",
    "project-name": "omni-sdk",
    "version": "1.2.3",
    "client-name": "OmniClient",
    "instance-space": "omni_instances",
    "exclude-views": ["Empty"],
    "names": {"PrimitiveNullable.date": "day"},
}
STEERING = ("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_", "SOURCE_DATE_EPOCH", "PIP_")


def _contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.xdist_group("service_wheel")
def test_wheel_equals_pip_wheel_of_an_equivalent_project(client: httpx.Client, tmp_path: Path) -> None:
    response = client.post("/v1/generate", json={"snapshot": omni(), "options": OPTIONS}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="omni_sdk-1.2.3-py3-none-any.whl"'
    assert response.headers["x-pygen-findings"] == findings_header(
        default_instance_space="omni_instances",
        exclude_views=("Empty",),
        names={"PrimitiveNullable.date": "day"},
    )

    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copyfile(model_path("Omni.json"), project / "pygen-snapshot.json")  # raw DMS JSON, as pulled
    env = {k: v for k, v in os.environ.items() if not k.startswith(STEERING)}
    env.update(PYGEN_OFFLINE="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-w",
            str(tmp_path / "dist"),
            ".",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (tmp_path / "dist").glob("*.whl")
    assert built.name == "omni_sdk-1.2.3-py3-none-any.whl"

    ours, theirs = _contents(response.content), _contents(built.read_bytes())
    assert sorted(ours) == sorted(theirs)
    assert any(name.startswith("omni_sdk/_runtime/") for name in ours)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == []
    assert [name for name, data in ours.items() if b"class OmniClient(" in data] == ["omni_sdk/_client.py"]
    # hatchling's archives are reproducible, so even the wheel files' bytes agree
    assert response.content == built.read_bytes()
