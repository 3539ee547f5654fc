"""The example project's application, on the SDK generated from its committed snapshot.

`nox -s demo` does the same through a real wheel build; this test keeps the example honest in the suite:
its code type-checks against the generated SDK and its report is right for the demo data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from mypy import api as mypy_api

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.emulator import Emulator
from pygen_core.snapshot import load_snapshot

pytestmark = pytest.mark.slow  # mypy and the example app in a subprocess

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "windfarm"


@pytest.fixture(scope="module")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10, where tomli is a dependency
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    config = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["tool"]["pygen"]
    snapshot = load_snapshot(EXAMPLE / config["snapshot"])
    options = GenerateOptions(
        package=config["package"],
        client_name=config["client-name"],
        default_instance_space=config["instance-space"],
        data_models=tuple(config["data-models"]),
    )
    out = tmp_path_factory.mktemp("sdk")
    write_files(generate(snapshot, options), out)
    return out


def test_example_app_type_checks_against_the_generated_sdk(sdk_dir: Path) -> None:
    stdout, stderr, status = _mypy(sdk_dir)
    assert status == 0, stdout + stderr


def _mypy(sdk_dir: Path) -> tuple[str, str, int]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MYPYPATH", str(sdk_dir))
        return mypy_api.run(["--strict", "--cache-dir", os.devnull, str(EXAMPLE / "windfarm_app")])


def test_example_report_matches_the_demo_data(sdk_dir: Path) -> None:
    data = json.loads((EXAMPLE / "demo-data.json").read_text())
    capacity: dict[str, float] = defaultdict(float)
    for item in data:
        props = item.get("properties", {}).get("sp_pygen_power", {}).get("WindTurbine/1")
        if props:
            capacity[props["windfarm"]] += props["capacity"]

    with Emulator(snapshots=[EXAMPLE / "pygen-snapshot.json"], seed=EXAMPLE / "demo-data.json") as emu:
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(sdk_dir), str(EXAMPLE)]),
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_SCOPES": f"{emu.base_url}/.default",
        }
        run = subprocess.run(
            [sys.executable, "-m", "windfarm_app.report"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        # The application deleted what it created: the emulator holds the seed data again.
        turbines = emu.instances.list(
            {
                "instanceType": "node",
                "sources": [
                    {
                        "source": {
                            "type": "view",
                            "space": "sp_pygen_power",
                            "externalId": "WindTurbine",
                            "version": "1",
                        }
                    }
                ],
                "filter": {
                    "hasData": [
                        {
                            "type": "view",
                            "space": "sp_pygen_power",
                            "externalId": "WindTurbine",
                            "version": "1",
                        }
                    ]
                },
            }
        )["items"]
    assert len(turbines) == sum(1 for item in data if "WindTurbine/1" in str(item.get("properties")))
    assert run.stderr == ""
    out = run.stdout
    assert f"{len(turbines)} wind turbines" in out
    for farm, total in capacity.items():
        assert f"{farm:<10} {total:6.1f} MW" in out
    assert emu.client_secret not in out
