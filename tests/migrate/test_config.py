"""``pygen migrate config`` on a realistic cognite-pygen project: dry run, --write, idempotence, errors."""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hatch_pygen._config import check_hook_table, load_config
from pygen_core import PygenError

from .conftest import PROJECT, SECRET, Run, files_under

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

Pygen = Callable[..., Run]


def _toml(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_dry_run_prints_the_diff_and_writes_nothing(project: Path, pygen: Pygen) -> None:
    before = files_under(project)
    run = pygen("migrate", "config", str(project))
    assert run.code == 0
    assert files_under(project) == before
    diff = run.out
    assert "--- a/pyproject.toml\n+++ b/pyproject.toml\n" in diff
    for line in (
        '-requires = ["hatchling"]',
        '+requires = ["hatchling", "hatch-pygen"]',
        '+    "httpx>=0.27",',
        '+    "pydantic>=2.6",',
        "+[tool.hatch.build.hooks.pygen]",
        '-top_level_package = "omni"  # the import name of the SDK',
        '+package = "omni"  # the import name of the SDK',
        '+client-name = "OmniClient"',
        '+data-models = ["sp_pygen_models:Omni/1"]',
        '+instance-space = "sp_omni_instances"',
        '-cdf_project = "omni-dev"',
        "-overwrite = true",
        "+.pygen/",
        '-packages = ["omni_app", "omni"]',
        '+packages = ["omni_app"]',
    ):
        assert line in diff.splitlines(), line
    assert "--- a/.gitignore\n+++ b/.gitignore\n" in diff
    # What it could not translate, and why.
    not_translated = diff.split("Not translated:")[1].split("Next steps:")[0]
    for key in ("overwrite = true", "format_code = false", 'output_dir = "omni"'):
        assert f"tool.pygen.{key}:" in not_translated
    # The command that pulls the snapshot, with the credentials as environment variables.
    exports = (
        "export CDF_CLUSTER=westeurope-1 CDF_PROJECT=omni-dev",
        "IDP_TENANT_ID=3a2c8b7e-0f1d-4c55-9e3a-6b1f2d4c8e90",
        "IDP_CLIENT_ID=7d6e5f4a-3b2c-4d1e-8f9a-0b1c2d3e4f5a",
    )
    assert " ".join(exports) in diff
    assert "export IDP_CLIENT_SECRET=..." in diff
    assert "pygen snapshot pull --data-model sp_pygen_models:Omni/1 -o pygen-snapshot.json" in diff
    assert "git rm -r omni" in diff  # the committed cognite-pygen package must go
    assert "dry run, nothing written" in run.err
    assert SECRET not in run.out + run.err


def test_write_result_is_a_valid_hook_setup(project: Path, pygen: Pygen) -> None:
    original = (project / "pyproject.toml").read_bytes()
    run = pygen("migrate", "config", str(project), "--write")
    assert run.code == 0, run.err
    assert (project / "pyproject.toml.bak").read_bytes() == original
    document = _toml(project / "pyproject.toml")
    tool = document["tool"]
    assert isinstance(tool, dict)
    config = load_config(tool["pygen"])
    assert (config.package, config.client_name) == ("omni", "OmniClient")
    assert config.data_models == ("sp_pygen_models:Omni/1",)
    assert config.instance_space == "sp_omni_instances"
    assert config.snapshot == "pygen-snapshot.json"
    check_hook_table(tool["hatch"]["build"]["hooks"]["pygen"], "tool.hatch.build.hooks.pygen")
    assert document["build-system"] == {
        "requires": ["hatchling", "hatch-pygen"],
        "build-backend": "hatchling.build",
    }
    project_table = document["project"]
    assert isinstance(project_table, dict)
    assert project_table["dependencies"][-2:] == ["httpx>=0.27", "pydantic>=2.6"]
    assert ".pygen/" in (project / ".gitignore").read_text().splitlines()
    assert ".secret.toml" in (project / ".gitignore").read_text().splitlines()
    # The user's comments and layout survive; untouched tables are byte-identical.
    text = (project / "pyproject.toml").read_text()
    assert text.startswith(
        "# Omni reporting app: reads and writes the Omni data model through a cognite-pygen SDK.\n"
    )
    assert '    "cognite-sdk>=7.60",  # the generated SDK wraps it\n' in text
    assert "# `pygen generate` (cognite-pygen) reads these\n" in text
    assert "[tool.ruff]\nline-length = 100\n" in text
    assert '[project.scripts]\nomni-report = "omni_app.report:main"\n' in text


def test_the_secret_never_leaves_secret_toml(project: Path, pygen: Pygen) -> None:
    before = {name for name, data in files_under(project).items() if SECRET.encode() in data}
    assert before == {".secret.toml"}
    runs = [pygen("migrate", "config", str(project)), pygen("migrate", "config", str(project), "--write")]
    after = {name for name, data in files_under(project).items() if SECRET.encode() in data}
    assert after == {".secret.toml"}
    assert all(SECRET not in run.out + run.err for run in runs)


def test_running_twice_changes_nothing_the_second_time(project: Path, pygen: Pygen) -> None:
    assert pygen("migrate", "config", str(project), "--write").code == 0
    written = files_under(project)
    again = pygen("migrate", "config", str(project), "--write")
    assert again.code == 0
    assert "already set up for hatch-pygen; nothing to change" in again.err
    assert "---" not in again.out  # no diff
    assert files_under(project) == written


def test_hook_and_cli_name_a_predecessor_table_in_one_line(project: Path, pygen: Pygen) -> None:
    table = _toml(project / "pyproject.toml")["tool"]["pygen"]  # type: ignore[index]
    with pytest.raises(PygenError) as raised:
        load_config(table)
    message = str(raised.value)
    assert "\n" not in message
    assert "cognite-pygen (v1) settings" in message
    assert "pygen migrate config" in message
    assert "unknown key" not in message
    # cognite-pygen's habit, `pygen generate`, in that project: the same line instead of argparse's.
    run = pygen("generate", cwd=project)
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "pygen migrate config" in run.err
    # Our own table with a snake_case typo still gets the "did you mean".
    with pytest.raises(PygenError, match=r"did you mean tool\.pygen\.client-name"):
        load_config({"package": "omni", "client_name": "X"})


def _write_pyproject(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(text)
    return tmp_path


def test_build_system_is_added_after_a_header_comment_and_other_backends_are_replaced(
    tmp_path: Path, pygen: Pygen
) -> None:
    project = _write_pyproject(
        tmp_path,
        '# header\n[project]\nname = "x"\nversion = "1"\n\n[tool.pygen]\ntop_level_package = "x_sdk"\n'
        'space = "sp"\nexternal_id = "Model"\nversion = "2"\n',
    )
    assert pygen("migrate", "config", str(project), "--write").code == 0
    text = (project / "pyproject.toml").read_text()
    assert text.startswith('# header\n\n[build-system]\nrequires = ["hatchling", "hatch-pygen"]\n')
    config = load_config(_toml(project / "pyproject.toml")["tool"]["pygen"])  # type: ignore[index]
    assert (config.package, config.client_name, config.data_models) == ("x_sdk", "MyClient", ("sp:Model/2",))

    other = tmp_path / "other"
    other.mkdir()
    _write_pyproject(
        other,
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "y"\nversion = "1"\n\n[tool.pygen]\ntop_level_package = "y_sdk"\n',
    )
    run = pygen("migrate", "config", str(other), "--write")
    assert run.code == 0
    document = _toml(other / "pyproject.toml")
    assert document["build-system"] == {
        "requires": ["setuptools>=61", "hatchling", "hatch-pygen"],
        "build-backend": "hatchling.build",
    }
    assert 'build-system.build-backend = "setuptools.build_meta": replaced by hatchling.build' in run.out
    assert "no data model in tool.pygen" in run.out


def test_private_link_keeps_the_cluster_scope(tmp_path: Path, pygen: Pygen) -> None:
    project = _write_pyproject(
        tmp_path,
        '[project]\nname = "x"\nversion = "1"\n\n[tool.pygen]\ntop_level_package = "x_sdk"\n'
        'data_models = [["sp", "M", "1"]]\ncdf_cluster = "westeurope-1"\n'
        'cdf_url = "https://p001.plink.westeurope-1.cognitedata.com"\ncdf_project = "p"\n'
        'token_url = "https://idp.example.com/token"\nclient_id = "cid"\naudience = "aud"\n',
    )
    run = pygen("migrate", "config", str(project))
    assert run.code == 0
    exports = next(line for line in run.out.splitlines() if line.strip().startswith("export CDF"))
    assert exports.split() == [
        "export",
        "CDF_URL=https://p001.plink.westeurope-1.cognitedata.com",
        "CDF_PROJECT=p",
        "IDP_TOKEN_URL=https://idp.example.com/token",
        "IDP_CLIENT_ID=cid",
        "IDP_AUDIENCE=aud",
        "IDP_SCOPES=https://westeurope-1.cognitedata.com/.default",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "no such file"),
        ('[project]\nname = "x"\nversion = "1"\n', "no [tool.pygen] table: nothing to migrate"),
        ("[tool.pygen\n", "not valid TOML"),
        (
            f'[project]\nname = "x"\n[tool.pygen]\ntop_level_package = "x"\nclient_secret = "{SECRET}"\n',
            "tool.pygen.client_secret: a secret in pyproject.toml",
        ),
        (
            '[project]\nname = "x"\n[tool.pygen]\ntop_level_package = "x"\ndata_models = [["sp", "M"]]\n',
            "tool.pygen.data_models[0]: expected [space, external_id, version]",
        ),
        ('[tool.pygen]\ntop_level_package = "x"\n', "no [project] table"),
        (
            '[project]\nname = "x"\n[tool.pygen]\ntop_level_package = "My.Pkg"\n',
            "not a lower-case import name",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, pygen: Pygen, text: str, expected: str
) -> None:
    if text:
        _write_pyproject(tmp_path, text)
    before = files_under(tmp_path)
    run = pygen("migrate", "config", str(tmp_path), "--write")
    assert run.code == 2
    assert run.err.startswith("pygen: error: ")
    assert run.err.count("\n") == 1
    assert expected in run.err
    assert SECRET not in run.out + run.err
    assert files_under(tmp_path) == before


def test_a_different_backup_is_never_overwritten(project: Path, pygen: Pygen) -> None:
    (project / "pyproject.toml.bak").write_text("an older backup\n")
    before = files_under(project)
    run = pygen("migrate", "config", str(project), "--write")
    assert run.code == 2
    assert "pyproject.toml.bak: a different backup exists" in run.err
    assert files_under(project) == before


def test_crlf_files_stay_crlf(tmp_path: Path, pygen: Pygen) -> None:
    text = (PROJECT / "pyproject.toml").read_text().replace("\n", "\r\n")
    (tmp_path / "pyproject.toml").write_bytes(text.encode())
    assert pygen("migrate", "config", str(tmp_path), "--write").code == 0
    data = (tmp_path / "pyproject.toml").read_bytes()
    assert b"\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load_config(tomllib.loads(data.decode())["tool"]["pygen"]).package == "omni"


def test_the_migrated_project_builds_its_wheel_through_the_hook(
    project: Path, snapshot: Path, pygen: Pygen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from hatchling.builders.wheel import WheelBuilder

    for name in list(os.environ):
        if name.startswith(("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PYGEN_OFFLINE", "1")
    monkeypatch.setenv("PYGEN_CACHE_DIR", str(tmp_path / "cache"))
    assert pygen("migrate", "config", str(project), "--write").code == 0

    def build() -> list[str]:
        (wheel,) = WheelBuilder(str(project)).build(directory=str(tmp_path / "dist"), versions=["standard"])
        with zipfile.ZipFile(wheel) as archive:
            return archive.namelist()

    # The SDK in the wheel is generated, never the committed cognite-pygen copy (dropped from packages).
    names = build()
    assert "omni/_client.py" in names
    assert "omni/_views/_primitive_nullable.py" in names
    assert "omni/_api_client.py" not in names
    assert not [name for name in names if name.startswith("omni/data_classes/")]
    assert "omni_app/report.py" in names
    shutil.rmtree(project / "omni")  # as the migration says
    assert build() == names


def test_a_half_migrated_table_keeps_our_keys(tmp_path: Path, pygen: Pygen) -> None:
    project = _write_pyproject(
        tmp_path,
        '[project]\nname = "x"\nversion = "1"\ndependencies = ["httpx", "pydantic>=2.7"]\n\n[tool.pygen]\n'
        'package = "x_sdk"\ndata-models = ["sp:M/1"]\ncdf_project = "p"\nformat_code = true\n',
    )
    run = pygen("migrate", "config", str(project), "--write")
    assert run.code == 0
    document = _toml(project / "pyproject.toml")
    assert document["tool"]["pygen"] == {  # type: ignore[index]
        "package": "x_sdk",
        "data-models": ["sp:M/1"],
        "client-name": "MyClient",
    }
    assert document["project"]["dependencies"] == ["httpx>=0.27", "pydantic>=2.7"]  # type: ignore[index]
    assert "project.dependencies: 'httpx' became 'httpx>=0.27'" in run.out
    assert "tool.pygen.client-name = 'MyClient': cognite-pygen's default" in run.out
    assert "kept the existing" not in run.out
    assert "export CDF_PROJECT=p " in run.out
