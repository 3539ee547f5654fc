"""A model whose views form a long chain of connections must give an SDK whose classes validate.

Found by the benchmarks: in the SDK of a 200-view ring (each view points at the next), validating one node
of the first view raised RecursionError from pydantic's schema building (and from nested imports).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pygen_core.codegen import GenerateOptions, generate, write_files
from pygen_core.snapshot import parse_snapshot

from ._inputs import clean_environ

pytestmark = pytest.mark.slow  # a fresh interpreter per chain

_VALIDATE = """
import sdk
node = {"space": "s", "externalId": "x", "properties": {}}
print(type(sdk.View000.model_validate(node)).__name__)
"""

# A connection value, a nested write object and a write object's JSON dump, through the whole ring.
_CONNECT = """
import sdk
from sdk import NodeId
props = {"sp_chain": {"View000/1": {"next": {"space": "s", "externalId": "y"}}}}
node = {"space": "s", "externalId": "x", "properties": props}
read = sdk.View000.model_validate(node)
print(repr(read.next_))
inner = sdk.View001Write(space="s", external_id="b", next_=("s", "c"))
write = sdk.View000Write(space="s", external_id="a", next_=inner)
print(write.model_dump_json(by_alias=True, include={"next_"}))
last = getattr(sdk, sorted(name for name in dir(sdk) if name.startswith("View") and name[4:].isdigit())[-1])
print(type(last.model_validate({"space": "s", "externalId": "z"})).__name__)
"""

_EDGE_VALIDATE = """
import sdk
from sdk import NodeId
node = {"space": "s", "externalId": "x", "properties": {}}
read = sdk.View000.model_validate({**node, "linked": [NodeId("s", "y")]})
print(type(read).__name__, read.linked)
inner = sdk.View001Write(space="s", external_id="b")
write = sdk.View000Write(space="s", external_id="a", linked=[inner, ("s", "c")])
print([type(item).__name__ for item in write.linked or []])
"""


def _ref(index: int, count: int) -> dict[str, str]:
    return {"space": "sp_chain", "externalId": f"View{index % count:03d}", "version": "1"}


def _ring(count: int, edges: bool = False) -> dict[str, Any]:
    """``count`` views, each with a direct relation (or an edge) to the next one."""
    views = []
    for index in range(count):
        container = {"space": "sp_chain", "externalId": f"C{index}", "type": "container"}
        target = _ref(index + 1, count)
        link: dict[str, Any]
        if edges:
            link = {
                "type": {"space": "sp_chain", "externalId": f"link{index}"},
                "source": {**target, "type": "view"},
                "name": "linked",
                "edgeSource": None,
                "direction": "outwards",
                "connectionType": "multi_edge_connection",
            }
        else:
            link = {
                "container": container,
                "containerPropertyIdentifier": "next",
                "type": {"type": "direct", "list": False, "source": target},
                "nullable": True,
                "source": {**target, "type": "view"},
            }
        views.append(
            {
                **_ref(index, count),
                "implements": [],
                "writable": True,
                "usedFor": "node",
                "properties": {
                    "name": {
                        "container": container,
                        "containerPropertyIdentifier": "name",
                        "type": {"type": "text", "list": False},
                        "nullable": True,
                    },
                    "linked" if edges else "next": link,
                },
            }
        )
    return {"space": "sp_chain", "externalId": "Chain", "version": "1", "views": views}


def _run(tmp_path: Path, count: int, script: str, edges: bool = False) -> subprocess.CompletedProcess[str]:
    files = generate(parse_snapshot(_ring(count, edges), source="chain.json"), GenerateOptions(package="sdk"))
    write_files(files, tmp_path)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=clean_environ(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_short_chain_validates(tmp_path: Path) -> None:
    result = _run(tmp_path, 20, _VALIDATE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "View000"


def test_long_chain_validates(tmp_path: Path) -> None:
    result = _run(tmp_path, 200, _VALIDATE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "View000"


def test_300_view_chain_validates_connections_both_ways(tmp_path: Path) -> None:
    result = _run(tmp_path, 300, _CONNECT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        "NodeId('s', 'y')",
        '{"next":{"existing_version":null,"space":"s","external_id":"b","node_type":null,"name":null,'
        '"next":{"space":"s","externalId":"c"}}}',
        "View299",
    ]


def test_long_edge_ring_validates(tmp_path: Path) -> None:
    result = _run(tmp_path, 250, _EDGE_VALIDATE, edges=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["View000 [NodeId('s', 'y')]", "['View001Write', 'NodeId']"]
