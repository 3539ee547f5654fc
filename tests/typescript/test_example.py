"""examples/windfarm-ts on Node: its package is generated with the example's own ``npm run generate`` command
line, the app compiles against it (strict) and its report is right for the demo data on a seeded emulator.

``nox -s demo_ts`` does the same with a real ``npm install``; this keeps the example honest in the suite.
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from pygen_core.cli import main
from pygen_core.emulator import Emulator

from ._tooling import BIN, base_env, installed, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typescript")]  # slow: npm and node
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "windfarm-ts"
DATA = EXAMPLE.parent / "windfarm"


def test_example_app_runs_on_the_generated_package(tmp_path: Path) -> None:
    node, _npm = installed()
    script = json.loads((EXAMPLE / "package.json").read_text(encoding="utf-8"))["scripts"]["generate"]
    command = shlex.split(script)
    assert command[:2] == ["pygen", "generate"]
    args = [
        str(EXAMPLE / value) if previous == "--snapshot" else value
        for previous, value in zip(["", *command], command, strict=False)
    ][2:]
    output = args.index("--output")
    args[output + 1] = str(tmp_path / "sdk")
    assert main(["generate", *args]) == 0
    sdk = tmp_path / "sdk" / "windfarm-sdk"
    run([str(BIN / "tsc"), "-p", str(sdk)], base_env(), 300, "building the generated windfarm-sdk")

    app = tmp_path / "app"
    shutil.copytree(EXAMPLE / "src", app / "src")
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(EXAMPLE / name, app / name)
    (app / "node_modules").mkdir()
    (app / "node_modules" / "windfarm-sdk").symlink_to(sdk, target_is_directory=True)
    run([str(BIN / "tsc"), "-p", str(app)], base_env(), 300, "compiling the example app (strict)")

    data = json.loads((DATA / "demo-data.json").read_text(encoding="utf-8"))
    capacity: dict[str, float] = defaultdict(float)
    for item in data:
        props = item.get("properties", {}).get("sp_pygen_power", {}).get("WindTurbine/1")
        if props:
            capacity[props["windfarm"]] += props["capacity"]
    with Emulator(snapshots=[DATA / "pygen-snapshot.json"], seed=DATA / "demo-data.json") as emu:
        env = {
            **base_env(),
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_SCOPES": f"{emu.base_url}/.default",
        }
        out = run([node, str(app / "dist" / "report.js")], env, 120, "the example's report")
    turbines = sum(1 for item in data if "WindTurbine/1" in str(item.get("properties")))
    assert f"\n{turbines} wind turbines" in out
    for farm, total in capacity.items():
        assert f"  {farm:<10} {total:6.1f} MW in " in out
    assert "Search 'Utsira': " in out
    assert "met masts and their distance" in out
    assert "Upserted turbine:dogger-04: created" in out
    assert f"Deleted 1 turbine; Dogger is back to {capacity['Dogger']:.1f} MW" in out
    assert emu.client_secret not in out
