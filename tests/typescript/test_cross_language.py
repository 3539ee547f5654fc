"""One scenario through the generated Python SDK and the generated TypeScript SDK against one emulator: the
same ids, values (int64 beyond 2^53, timestamps with milliseconds, dates, JSON), filters, aggregates and
errors (a partial upsert failure item by item, an API error: kind, status, code, CDF's message) on both sides.

Each language writes its own nodes (``py-*``, ``ts-*``) with the same values, then both read everything back:
the two reads must be equal, and so must what each write reported (with its prefix taken out). The TypeScript
half is ``test/cross-language.ts`` (compiled against omni-mini, which ``test_generated.py`` proves is the
emitter's output); the Python half is ``cross_language.py`` on a Python SDK generated here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.emulator import Emulator
from pygen_core.snapshot import load_snapshot
from tests._models import model_path

from ._tooling import HERE, base_env, installed, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typescript")]  # slow: npm and node


def _without_prefix(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return value.replace(f"{prefix}-", "X-")
    if isinstance(value, list):
        return [_without_prefix(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _without_prefix(v, prefix) for k, v in value.items()}
    return value


def test_one_scenario_gives_the_same_results_in_python_and_typescript(tmp_path: Path) -> None:
    node, npm = installed()
    run([npm, "run", "build"], base_env(), 300, "npm run build (omni-mini and the Node scenario)")
    options = GenerateOptions(package="omni_py", default_instance_space="sp_omni_instances")
    write_files(generate(load_snapshot(model_path("Omni.json")), options), tmp_path)
    with Emulator(snapshots=[model_path("Omni.json")]) as emu:
        env = {
            **base_env(),
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "CDF_TOKEN": emu.token(),
            "PYTHONPATH": str(tmp_path),
        }

        def python(*args: str) -> Any:
            script = str(HERE / "cross_language.py")
            output = run([sys.executable, script, *args], env, 120, f"the Python scenario {args}")
            return json.loads(output.strip().splitlines()[-1])

        def typescript(*args: str) -> Any:
            script = str(HERE / "dist-test" / "cross-language.js")
            output = run([node, script, *args], env, 120, f"the TypeScript scenario {args}")
            return json.loads(output.strip().splitlines()[-1])

        written = {"py": python("write", "py"), "ts": typescript("write", "ts")}
        read = {"ts": typescript("read"), "py": python("read")}

    assert _without_prefix(written["py"], "py") == _without_prefix(written["ts"], "ts")
    assert read["py"] == read["ts"]

    # what both wrote, as both read it: the py-k and ts-k nodes hold the same values
    items = {i["externalId"]: i for i in read["py"]["items"]}
    assert sorted(items) == ["py-1", "py-2", "py-3", "ts-1", "ts-2", "ts-3"]
    for k in (1, 2, 3):
        assert {**items[f"py-{k}"], "externalId": ""} == {**items[f"ts-{k}"], "externalId": ""}
    assert items["ts-2"] == {
        "space": "sp_omni_instances",
        "externalId": "ts-2",
        "text": "alpha two",
        "boolean": False,
        "int32": 20,
        "int64": str(2**60 + 2),
        "float32": 1.0,
        "float64": 2.5,
        "date": "2024-05-02",
        "timestamp": "2024-05-31T02:12:22.500Z",
        "json": {"big": {"$bigint": str(2**60 + 7)}, "k": 2, "nested": {"x": None}, "tags": ["a", "b"]},
    }
    result = read["py"]
    assert result["filtered"] == ["py-2", "ts-2"]
    assert result["inList"] == ["py-1", "py-3", "ts-1", "ts-3"]
    assert result["sorted"] == ["ts-3", "ts-2", "ts-1"]
    assert result["builder"] == ["py-3", "ts-3"]
    assert [i["externalId"] for i in result["retrieved"]] == ["py-2", "ts-2"]
    assert result["search"] == ["py-1", "py-2", "ts-1", "ts-2"]
    assert (result["count"], result["sum"], result["avg"]) == (6, 120, 2.5)
    assert result["max"] == {"$bigint": str(2**60 + 3)}

    # the errors: the bad item fails with CDF's reason, the good one is written; an API error says why
    report = written["py"]
    assert report["upsert"] == [["py-1", "created"], ["py-2", "created"], ["py-3", "created"]]
    assert report["partial"] == {
        "kind": "partial",
        "failed": [
            {
                "externalId": "py-bad",
                "cdf": "items[0].sources[0].properties.int32: 1099511627776 is out of range for int32",
            }
        ],
    }
    assert report["apiError"] == {
        "kind": "api",
        "status": 400,
        "code": 400,
        "hasRequestId": True,
        "cdf": "aggregates[0].sum.property: 'text' is not a single-valued numeric property",
    }
    assert report["deleted"] == ["py-ok"]
