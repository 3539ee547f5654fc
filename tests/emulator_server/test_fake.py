"""``Emulator(fake=N, fake_seed=S)`` on every model in tests/data/models: valid, connected, deterministic.

The emulator accepted every fake instance through its ordinary upsert validation (a refusal fails the start).
These tests then check, from what the emulator serves, that every view has its instances, required
properties are set, direct relations and edges point at existing nodes of the right views, and that a seed
fixes the data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core import PygenError
from pygen_core.emulator import Emulator
from pygen_core.emulator._fake import fake_items
from tests._models import MODEL_FILES, model_path

from .conftest import api_client

N = 6
SPACE = "pygen_fake"
_MAINTAINED = {"pathLastUpdatedTime", "uploadedTime"}  # set by the emulator at write time, not by the fake


def _views(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text())["views"]


def _ref(view: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "view",
        "space": view["space"],
        "externalId": view["externalId"],
        "version": view["version"],
    }


def _all(
    emu: Emulator, kind: str, view: dict[str, Any] | None = None, flt: Any = None
) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"instanceType": kind, "limit": 1000}
    if view is not None:
        body["sources"] = [{"source": _ref(view)}]
    if flt is not None:
        body["filter"] = flt
    items: list[dict[str, Any]] = []
    while True:
        page = emu.instances.list(body)
        items += page["items"]
        if not page["nextCursor"]:
            return items
        body["cursor"] = page["nextCursor"]


def _members(emu: Emulator, view: dict[str, Any]) -> list[dict[str, Any]]:
    kind = "edge" if view.get("usedFor") == "edge" else "node"
    return _all(emu, kind, view, {"hasData": [_ref(view)]})


def _props(item: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    return item["properties"].get(view["space"], {}).get(f"{view['externalId']}/{view['version']}", {})


@pytest.fixture(scope="module", params=MODEL_FILES, ids=[p.stem for p in MODEL_FILES])
def faked(request: pytest.FixtureRequest) -> Iterator[tuple[Emulator, Path]]:
    with Emulator(snapshots=[request.param], fake=N, fake_seed=7) as emu:
        yield emu, request.param


def test_every_view_has_its_instances(faked: tuple[Emulator, Path]) -> None:
    emu, path = faked
    for view in _views(path):
        members = _members(emu, view)
        assert len(members) >= N, f"{view['externalId']}: {len(members)} instances"
        assert all(m["space"] == SPACE for m in members)


def test_required_properties_are_set(faked: tuple[Emulator, Path]) -> None:
    emu, path = faked
    checked = 0
    for view in _views(path):
        required = [
            name
            for name, prop in view["properties"].items()
            if "container" in prop and prop.get("nullable") is False
        ]
        if not required:
            continue
        for member in _members(emu, view):
            props = _props(member, view)
            if props:  # has data in the view's containers (filter-only members may not)
                missing = [name for name in required if props.get(name) is None]
                assert not missing, f"{view['externalId']} {member['externalId']}: {missing}"
                checked += 1
    assert checked or path.stem in ("OmniSub", "OmniMultiA")


def test_direct_relations_and_edges_resolve(faked: tuple[Emulator, Path]) -> None:
    emu, path = faked
    views = {(v["space"], v["externalId"], v["version"]): v for v in _views(path)}
    members = {key: {m["externalId"] for m in _members(emu, v)} for key, v in views.items()}
    nodes = {n["externalId"] for n in _all(emu, "node")}
    relations = 0
    for key, view in views.items():
        for item in _members(emu, view):
            props = _props(item, view)
            for name, prop in view["properties"].items():
                prop_type = prop.get("type") or {}
                if "container" not in prop or prop_type.get("type") != "direct" or name not in props:
                    continue
                target = prop_type.get("source")
                target_key = (target["space"], target["externalId"], target["version"]) if target else None
                for value in props[name] if isinstance(props[name], list) else [props[name]]:
                    assert value["externalId"] in nodes
                    assert value["externalId"] in (members.get(target_key, nodes) if target_key else nodes), (
                        f"{key[1]}.{name} -> {value}"
                    )
                    relations += 1
    # Every edge connection: (start view, end view) by edge type; an edge must fit one of its type's pairs.
    pairs: dict[str, list[tuple[set[str], set[str], str]]] = {}
    for key, view in views.items():
        for name, prop in view["properties"].items():
            if prop.get("connectionType") not in ("single_edge_connection", "multi_edge_connection"):
                continue
            far_key = (prop["source"]["space"], prop["source"]["externalId"], prop["source"]["version"])
            here, there = members[key], members.get(far_key, nodes)
            outwards = prop.get("direction", "outwards") == "outwards"
            pair = (here, there) if outwards else (there, here)
            pairs.setdefault(prop["type"]["externalId"], []).append((*pair, f"{key[1]}.{name}"))
    edges = _all(emu, "edge")
    for edge_type, options in pairs.items():
        typed = [e for e in edges if e["type"]["externalId"] == edge_type]
        for start, end, where in options:
            assert any(
                e["startNode"]["externalId"] in start and e["endNode"]["externalId"] in end for e in typed
            ), where
        for edge in typed:
            fits = [
                w
                for s, e, w in options
                if edge["startNode"]["externalId"] in s and edge["endNode"]["externalId"] in e
            ]
            assert fits, f"edge {edge['externalId']} of type {edge_type} fits no connection"
    for view in views.values():  # edges of connections with edge properties carry them
        for prop in view["properties"].values():
            edge_source = prop.get("edgeSource")
            edge_key = (
                (edge_source["space"], edge_source["externalId"], edge_source["version"])
                if edge_source
                else None
            )
            if edge_key in views:
                with_data = {e["externalId"] for e in _members(emu, views[edge_key])}
                typed_ids = {
                    e["externalId"] for e in edges if e["type"]["externalId"] == prop["type"]["externalId"]
                }
                assert typed_ids & with_data
    assert relations + len(edges) > 0 or path.stem in ("OmniMultiA", "OmniMultiB", "OmniMultiC")


def _dump(emu: Emulator, path: Path) -> list[Any]:
    out = []
    for view in _views(path):
        for item in _members(emu, view):
            props = {k: v for k, v in _props(item, view).items() if k not in _MAINTAINED}
            out.append(
                (view["externalId"], item["externalId"], item.get("type"), item.get("startNode"), props)
            )
    return sorted(out, key=json.dumps)


def test_the_same_seed_gives_the_same_data(faked: tuple[Emulator, Path]) -> None:
    emu, path = faked
    with Emulator(snapshots=[path], fake=N, fake_seed=7) as again:
        assert _dump(again, path) == _dump(emu, path)
    with Emulator(snapshots=[path], fake=N, fake_seed=8) as other:
        assert _dump(other, path) != _dump(emu, path)


def test_fake_items_are_deterministic_without_a_server() -> None:
    with Emulator(snapshots=[model_path("Omni.json")]) as emu:
        views = [(v["space"], v["externalId"], v["version"]) for v in _views(model_path("Omni.json"))]
        first = fake_items(emu.schema, views, 4, seed=3)
        second = fake_items(emu.schema, list(reversed(views)), 4, seed=3)
    assert json.dumps(first[:2], sort_keys=True) == json.dumps(second[:2], sort_keys=True)


def test_values_cover_types_and_ranges() -> None:
    with Emulator(snapshots=[model_path("Omni.json")], fake=60, fake_seed=1) as emu:
        view = next(v for v in _views(model_path("Omni.json")) if v["externalId"] == "PrimitiveRequired")
        rows = [_props(m, view) for m in _members(emu, view)]
    assert {r["int32"] for r in rows} >= {-(2**31), 2**31 - 1}
    assert {r["int64"] for r in rows} >= {-(2**63), 2**63 - 1}
    assert all(isinstance(r["json"], dict) and isinstance(r["boolean"], bool) for r in rows)
    assert all(r["timestamp"].endswith("+00:00") and len(r["date"]) == 10 for r in rows)
    assert len({r["text"] for r in rows}) > 10


def test_core_model_fakes_hierarchies_time_series_and_files() -> None:
    core = model_path("CogniteCore.json")
    asset_view = next(v for v in _views(core) if v["externalId"] == "CogniteAsset")
    with Emulator(snapshots=[core], fake=8, fake_seed=2) as emu:
        assets = {m["externalId"]: _props(m, asset_view) for m in _members(emu, asset_view)}
        for xid, props in assets.items():
            path = [ref["externalId"] for ref in props["path"]]
            assert path[-1] == xid
            assert props["root"]["externalId"] == path[0]
            parent = props.get("parent")
            if parent is None:
                assert path == [xid]
            else:
                assert path[:-1] == [ref["externalId"] for ref in assets[parent["externalId"]]["path"]]
        assert any(len(p["path"]) > 1 for p in assets.values())
        with api_client(emu) as client:
            series = client.post("/timeseries/list", json={"limit": 1000}).json()["items"]
            assert len(series) >= 8
            assert all(s["instanceId"]["space"] == SPACE for s in series)
            files = client.post("/files/list", json={"limit": 1000}).json()["items"]
            assert files == [] or all("instanceId" in f for f in files)


def test_fake_space_and_bad_counts() -> None:
    with Emulator(snapshots=[model_path("Pumps.json")], fake=2, fake_space="elsewhere") as emu:
        assert {n["space"] for n in _all(emu, "node")} == {"elsewhere"}
        assert sum(emu.fake_report.nodes.values()) == 4
        with httpx.Client() as plain:
            assert plain.get(f"{emu.base_url}/api/v1/projects/{emu.project}/models/spaces").status_code == 401
    with pytest.raises(PygenError, match="fake"):
        Emulator(fake=-1)
