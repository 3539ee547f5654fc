"""A corpus of malformed inputs: each ends in ONE line naming the key, file or JSON path, and writes nothing.

Inputs reach pygen the way users feed them: ``[tool.pygen]`` tables through the hook's config loader and a
real in-process hatchling build, snapshot files through the loader and ``pygen snapshot show``, CLI
arguments through ``pygen_core.cli.main`` (and once as a subprocess), and raw HTTP requests to the emulator.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hatchling.builders.wheel import WheelBuilder

from hatch_pygen import load_config
from pygen_core import PygenError
from pygen_core.cli import main
from pygen_core.emulator import Emulator
from pygen_core.snapshot import load_snapshot

from ._inputs import (
    PUMPS,
    PUMPS_ID,
    STEERING,
    clean_environ,
    dangling_snapshot,
    snapshot_documents,
    write_project,
)
from .conftest import OMNI


def assert_one_line(message: str, fragment: str) -> None:
    assert fragment in message, message
    assert "\n" not in message.strip(), message
    assert "Traceback" not in message, message


@pytest.fixture(autouse=True)
def _no_steering(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(STEERING):
            monkeypatch.delenv(name)


# -- [tool.pygen] through the hook's config loader ----------------------------------------------------
CONFIG_TABLES: list[tuple[object, str]] = [
    ({}, "tool.pygen.package: required key is missing"),
    ({"pakage": "acme_sdk"}, "tool.pygen.pakage: unknown key; did you mean tool.pygen.package?"),
    ({"package": "Acme-SDK"}, "tool.pygen.package: 'Acme-SDK' is not a dotted lower-case"),
    ({"package": "acme_sdk", "strict": "yes"}, "tool.pygen.strict: expected a boolean"),
    ({"package": "acme_sdk", "data-models": "a:b/1"}, "tool.pygen.data-models: expected an array"),
    ({"package": "acme_sdk", "data-models": ["no-colon"]}, "tool.pygen.data-models[0]: 'no-colon'"),
    ({"package": "acme_sdk", "data-models": ["a:b/1", "a:b/1"]}, "tool.pygen.data-models: lists the same"),
    ({"package": "acme_sdk", "snapshot": "../outside.json"}, "tool.pygen.snapshot: '../outside.json'"),
    ({"package": "acme_sdk", "editable": "sometimes"}, "tool.pygen.editable: expected"),
    ({"package": "acme_sdk", "client-name": "class"}, "tool.pygen.client-name: 'class'"),
    ({"package": "acme_sdk", "names": ["x"]}, "tool.pygen.names: expected a table"),
    ({"package": "acme.sdk", "editable": "copy"}, "tool.pygen.editable: "),
    ("acme_sdk", "tool.pygen must be a table, got string"),
]


@pytest.mark.parametrize(("table", "fragment"), CONFIG_TABLES)
def test_config_table(table: object, fragment: str) -> None:
    with pytest.raises(PygenError) as caught:
        load_config(table, source="pyproject.toml")
    assert_one_line(str(caught.value), f"pyproject.toml: {fragment}")


# -- a real in-process hatchling build -------------------------------------------------------------------
BUILDS: list[tuple[str, str, bytes | None, str]] = [
    ('package = "pumps_sdk"\nstrict = "yes"', "", None, "tool.pygen.strict: expected a boolean"),
    ('pakage = "pumps_sdk"', "", None, "tool.pygen.pakage: unknown key"),
    ('package = "pumps_sdk"', 'package = "pumps_sdk"', None, "tool.hatch.build.hooks.pygen.package"),
    ('package = "pumps_sdk"', "", b'{"space": "s", "views": [', "pygen-snapshot.json: invalid JSON"),
    (
        f'package = "pumps_sdk"\nstrict = true\ndata-models = ["{PUMPS_ID}"]',
        "",
        dangling_snapshot(),
        "IntegrationTestsImmutable:Pump",
    ),
]


@pytest.mark.parametrize(("pygen_toml", "hook_toml", "snapshot", "fragment"), BUILDS)
def test_hatchling_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pygen_toml: str,
    hook_toml: str,
    snapshot: bytes | None,
    fragment: str,
) -> None:
    monkeypatch.setenv("PYGEN_OFFLINE", "1")
    root = write_project(tmp_path / "proj", pygen_toml, hook_toml=hook_toml, snapshot=snapshot)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    dist = tmp_path / "dist"
    with pytest.raises(PygenError) as caught:
        list(WheelBuilder(str(root)).build(directory=str(dist), versions=["standard"]))
    assert_one_line(str(caught.value), fragment)
    assert not list(tmp_path.rglob("*.whl"))
    after = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if not p.relative_to(root).as_posix().startswith(".pygen")
    )
    assert after == before
    assert not [p for p in root.rglob("*") if ".tmp" in p.name]


# -- snapshot files: the loader and `pygen snapshot show` ------------------------------------------------
SNAPSHOTS: list[tuple[str, str]] = [
    ("truncated.json", "truncated.json: invalid JSON at line"),
    ("empty.json", "empty.json: the file is empty"),
    ("array.json", "array.json: not a snapshot"),
    ("binary.json", "binary.json: not a UTF-8 text file"),
    ("wrong-type.json", "wrong-type.json: views[0].properties.name.type.type:"),
    ("wrong-bool.json", "wrong-bool.json: views[0].properties.name.nullable:"),
    ("no-space.json", "no-space.json: space:"),
    ("views-text.json", "views-text.json: views:"),
    ("list-flag.json", "list-flag.json: views[0].properties.name.type.list:"),
    ("future.json", "future.json: formatVersion 99 is newer"),
]


@pytest.fixture
def bad_snapshots(tmp_path: Path) -> Path:
    for name, content in snapshot_documents().items():
        (tmp_path / name).write_bytes(content)
    return tmp_path


@pytest.mark.parametrize(("name", "fragment"), SNAPSHOTS)
def test_snapshot_file(bad_snapshots: Path, name: str, fragment: str) -> None:
    with pytest.raises(PygenError) as caught:
        load_snapshot(bad_snapshots / name)
    assert_one_line(str(caught.value), fragment)


@pytest.mark.parametrize(("name", "fragment"), SNAPSHOTS)
def test_snapshot_show(
    bad_snapshots: Path, name: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshot", "show", str(bad_snapshots / name)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pygen: error: ")
    assert_one_line(captured.err, fragment)


# -- CLI arguments -----------------------------------------------------------------------------------
CLI: list[tuple[list[str], str]] = [
    (["generate"], "the following arguments are required: --snapshot, --package"),
    (["generate", "--snapshot", "{dir}/nope.json", "--package", "x"], "nope.json: no such file"),
    (["generate", "--snapshot", "{pumps}", "--package", "Bad-Name"], "package: 'Bad-Name'"),
    (
        ["generate", "--snapshot", "{pumps}", "--package", "x", "--client-name", "class"],
        "client_name: 'class'",
    ),
    (
        ["generate", "--snapshot", "{pumps}", "--package", "x", "--data-model", "a:b/1"],
        "data_models[0]: 'a:b/1'",
    ),
    (["generate", "--snapshot", "{dir}/truncated.json", "--package", "x"], "truncated.json: invalid JSON"),
    (["generate", "--snapshot", "{dir}/dangling.json", "--package", "x", "--strict"], "nowhere"),
    (["snapshot", "pull", "--data-model", "no-colon"], "'no-colon'"),
    (["snapshot", "pull", "--data-model", "a:b/1", "-o", "{dir}/out.json"], "CDF_PROJECT"),
    (["snapshot", "pull"], "the following arguments are required: --data-model"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    (["emulator", "--port", "abc"], "argument --port: invalid int value: 'abc'"),
    (["emulator", "--snapshot", "{dir}/empty.json"], "empty.json: the file is empty"),
]


@pytest.mark.parametrize(("argv", "fragment"), CLI)
def test_cli_arguments(
    bad_snapshots: Path, argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (bad_snapshots / "dangling.json").write_bytes(dangling_snapshot())
    before = sorted(p.name for p in bad_snapshots.iterdir())
    args = [a.format(dir=bad_snapshots, pumps=PUMPS) for a in argv]
    if args[0] == "generate" and len(args) > 1:
        args += ["--output", str(bad_snapshots / "sdk")]
    code: object
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse errors exit from inside main
        code = exit_.code
    assert code == 2
    captured = capsys.readouterr()
    assert ": error: " in captured.err
    assert_one_line(captured.err, fragment)
    assert sorted(p.name for p in bad_snapshots.iterdir()) == before


@pytest.mark.slow
def test_cli_subprocess(tmp_path: Path) -> None:
    (tmp_path / "wrong-type.json").write_bytes(snapshot_documents()["wrong-type.json"])
    result = subprocess.run(
        [sys.executable, "-m", "pygen_core", "generate", "--snapshot", "wrong-type.json", "--package", "x"],
        cwd=tmp_path,
        env=clean_environ(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line(result.stderr, "pygen: error: wrong-type.json: views[0].properties.name.type.type:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wrong-type.json"]


def test_failed_pull_writes_no_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "pygen-snapshot.json"
    target.write_bytes(b"old content\n")
    with Emulator(snapshots=[OMNI]) as emu, pytest.MonkeyPatch.context() as env:
        env.setenv("CDF_URL", emu.base_url)
        env.setenv("CDF_PROJECT", emu.project)
        env.setenv("IDP_CLIENT_ID", emu.client_id)
        env.setenv("IDP_CLIENT_SECRET", emu.client_secret)
        env.setenv("IDP_TOKEN_URL", emu.token_url)
        code = main(["snapshot", "pull", "--data-model", "sp_pygen_models:NoSuchModel/1", "-o", str(target)])
    assert code == 2
    assert_one_line(capsys.readouterr().err, "sp_pygen_models:NoSuchModel/1")
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pygen-snapshot.json"]


# -- raw requests to the emulator -------------------------------------------------------------------------
VIEW = {"type": "view", "space": "sp_pygen_models", "externalId": "PrimitiveNullable", "version": "1"}


def _node(i: int, properties: dict[str, Any] | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"instanceType": "node", "space": "s", "externalId": f"n{i}"}
    if properties is not None:
        node["sources"] = [{"source": VIEW, "properties": properties}]
    return node


REQUESTS: list[tuple[str, str, object, str]] = [
    ("POST", "/models/instances", b"{not json", "not valid JSON"),
    ("POST", "/models/instances", {"items": "x"}, "items: expected a non-empty list"),
    ("POST", "/models/instances", {"items": [{"instanceType": "node", "space": "s"}]}, "items[0].externalId"),
    ("POST", "/models/instances", {"items": [_node(i) for i in range(1001)]}, "items: at most 1000 items"),
    (
        "POST",
        "/models/instances",
        {"items": [_node(0, {"int64": "abc"})]},
        "items[0].sources[0].properties.int64",
    ),
    ("POST", "/models/instances", {"items": [_node(0, {"nope": 1})]}, "items[0].sources[0].properties.nope"),
    ("POST", "/models/instances", {"items": [{**_node(0), "instanceType": "blob"}]}, "items[0].instanceType"),
    ("POST", "/models/instances/list", {"limit": 100000}, "limit: expected an integer between 1 and 1000"),
    ("POST", "/models/instances/list", {"filter": {"frobnicate": {}}}, "filter: unknown filter type"),
    (
        "POST",
        "/models/instances/list",
        {"filter": {"equals": {"property": ["node"], "value": 1}}},
        "filter.equals.property",
    ),
    ("POST", "/models/instances/list", {"cursor": "garbage"}, "cursor: invalid cursor"),
    ("POST", "/models/instances/byids", {"items": [_node(i) for i in range(1001)]}, "items: at most 1000"),
    ("POST", "/models/views/byids", {"items": [{"space": 1}]}, "items[0].space"),
    ("GET", "/models/views?limit=abc", None, "limit: "),
    ("POST", "/models/instances/query", {"with": {}, "select": {}}, "with: "),
    (
        "POST",
        "/models/instances/aggregate",
        {"view": VIEW, "aggregates": [{"avg": {"property": "text"}}]},
        "aggregates[0].avg.property",
    ),
]


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with Emulator(snapshots=[OMNI]) as emu:
        headers = {"Authorization": f"Bearer {emu.token()}"}
        with httpx.Client(base_url=emu.project_url, headers=headers, timeout=30) as client:
            yield client


@pytest.mark.parametrize(("method", "path", "body", "fragment"), REQUESTS)
def test_emulator_request(http: httpx.Client, method: str, path: str, body: object, fragment: str) -> None:
    client = http
    content = body if isinstance(body, bytes) else None
    payload = None if isinstance(body, bytes) or body is None else body
    response = client.request(method, path, content=content, json=payload)
    assert response.status_code == 400
    assert response.headers.get("x-request-id")
    error = response.json()["error"]
    assert error["code"] == 400
    assert_one_line(error["message"], fragment)
    # Nothing was stored by a rejected write.
    listed = client.post("/models/instances/list", json={"limit": 1000}).json()
    assert listed["items"] == []
