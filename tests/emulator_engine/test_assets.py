"""CogniteAsset ``root``/``path``/``pathLastUpdatedTime`` maintained from the ``parent`` chain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator import DMSError
from pygen_core.emulator._assets import AssetHierarchy
from pygen_core.emulator._instances import InstanceStore

from .conftest import ModelSchema, connect, load

SP = "sp_assets"
ASSET_VIEW = {"type": "view", "space": "cdf_cdm", "externalId": "CogniteAsset", "version": "v1"}


@pytest.fixture
def store() -> Iterator[InstanceStore]:
    conn = connect()
    instances = InstanceStore(conn, threading.RLock(), ModelSchema(load("CogniteCore.json")))
    AssetHierarchy(instances)
    yield instances
    conn.close()


def _asset(xid: str, parent: str | None = None, **props: Any) -> dict[str, Any]:
    properties = {"name": xid, **props}
    if parent is not None:
        properties["parent"] = {"space": SP, "externalId": parent}
    return {
        "instanceType": "node",
        "space": SP,
        "externalId": xid,
        "sources": [{"source": ASSET_VIEW, "properties": properties}],
    }


def _read(store: InstanceStore, *xids: str) -> dict[str, dict[str, Any]]:
    items = [{"instanceType": "node", "space": SP, "externalId": x} for x in xids]
    found = store.byids({"items": items, "sources": [{"source": ASSET_VIEW}]})["items"]
    return {
        item["externalId"]: {**item["properties"]["cdf_cdm"]["CogniteAsset/v1"], "_v": item["version"]}
        for item in found
    }


def _path(props: dict[str, Any]) -> list[str]:
    return [ref["externalId"] for ref in props["path"]]


def test_paths_are_root_first_and_end_with_the_node(store: InstanceStore) -> None:
    # children before their parents in one request: the order does not matter
    store.apply({"items": [_asset("pump", "station"), _asset("station", "plant"), _asset("plant")]})
    got = _read(store, "plant", "station", "pump")
    assert _path(got["plant"]) == ["plant"]
    assert _path(got["station"]) == ["plant", "station"]
    assert _path(got["pump"]) == ["plant", "station", "pump"]
    assert {p["root"]["externalId"] for p in got.values()} == {"plant"}
    assert all(p["pathLastUpdatedTime"].endswith("+00:00") for p in got.values())


def test_moving_a_node_rewrites_its_subtree(store: InstanceStore) -> None:
    store.apply({"items": [_asset("a"), _asset("b"), _asset("mid", "a"), _asset("leaf", "mid")]})
    before = _read(store, "leaf", "b")
    result = store.apply({"items": [_asset("mid", "b")]})
    assert [item["externalId"] for item in result["items"]] == ["mid"]
    after = _read(store, "mid", "leaf", "b")
    assert _path(after["mid"]) == ["b", "mid"]
    assert _path(after["leaf"]) == ["b", "mid", "leaf"]
    assert after["leaf"]["root"]["externalId"] == "b"
    assert after["leaf"]["_v"] == before["leaf"]["_v"] + 1  # rewritten by the hierarchy
    assert after["b"]["_v"] == before["b"]["_v"]  # untouched


def test_unchanged_writes_leave_descendants_alone(store: InstanceStore) -> None:
    store.apply({"items": [_asset("r"), _asset("c", "r")]})
    before = _read(store, "c")["c"]
    store.apply({"items": [_asset("r", description="now described")]})
    after = _read(store, "c")["c"]
    assert after["_v"] == before["_v"]
    assert after["pathLastUpdatedTime"] == before["pathLastUpdatedTime"]


def test_a_parent_that_is_not_an_asset_ends_the_chain(store: InstanceStore) -> None:
    store.apply({"items": [_asset("orphan", "ghost")]})  # ghost is auto-created without CogniteAsset data
    assert _path(_read(store, "orphan")["orphan"]) == ["orphan"]
    store.apply({"items": [_asset("ghost")]})
    assert _path(_read(store, "orphan")["orphan"]) == ["ghost", "orphan"]


def test_deleting_an_ancestor_shortens_the_paths_below(store: InstanceStore) -> None:
    store.apply({"items": [_asset("top"), _asset("mid", "top"), _asset("low", "mid")]})
    store.delete({"items": [{"instanceType": "node", "space": SP, "externalId": "top"}]})
    got = _read(store, "mid", "low")
    assert _path(got["mid"]) == ["mid"]
    assert _path(got["low"]) == ["mid", "low"]
    assert got["low"]["root"]["externalId"] == "mid"


def test_cycles_are_refused_and_nothing_is_written(store: InstanceStore) -> None:
    store.apply({"items": [_asset("x"), _asset("y", "x")]})
    before = _read(store, "x", "y")
    with pytest.raises(DMSError) as failure:
        store.apply({"items": [_asset("x", "y")]})
    assert failure.value.status == 400
    assert "cycle" in failure.value.message
    assert _read(store, "x", "y") == before
    with pytest.raises(DMSError):
        store.apply({"items": [_asset("self", "self")]})


def test_client_values_for_path_and_root_are_replaced(store: InstanceStore) -> None:
    bogus: dict[str, Any] = {
        "path": [{"space": SP, "externalId": "nowhere"}],
        "root": {"space": SP, "externalId": "nowhere"},
    }
    store.apply({"items": [_asset("honest", **bogus)]})
    got = _read(store, "honest")["honest"]
    assert _path(got) == ["honest"]
    assert got["root"]["externalId"] == "honest"


def test_nodes_written_through_the_container_count_too(store: InstanceStore) -> None:
    store.apply({"items": [_asset("base")]})
    item = {
        "instanceType": "node",
        "space": SP,
        "externalId": "raw",
        "sources": [
            {
                "source": {"type": "container", "space": "cdf_cdm", "externalId": "CogniteAsset"},
                "properties": {"assetHierarchy_parent": {"space": SP, "externalId": "base"}},
            }
        ],
    }
    store.apply({"items": [item]})
    # Written through one container only, the node has no data in the CogniteAsset view (which maps several
    # containers; CDF's list/byids skip it): its container data is checked directly.
    node = store.live("node", (SP, "raw"))
    assert node is not None
    paths = node.data[("cdf_cdm", "CogniteAsset")]["assetHierarchy_path"]
    assert [ref["externalId"] for ref in paths] == ["base", "raw"]


def test_seeded_hierarchies_get_paths(store: InstanceStore) -> None:
    def seed(xid: str, parent: str | None) -> dict[str, Any]:
        props: dict[str, Any] = {"name": xid}
        if parent:
            props["parent"] = {"space": SP, "externalId": parent}
        return {
            "instanceType": "node",
            "space": SP,
            "externalId": xid,
            "properties": {"cdf_cdm": {"CogniteAsset/v1": props}},
        }

    store.seed([seed("s2", "s1"), seed("s1", None)])
    assert _path(_read(store, "s2")["s2"]) == ["s1", "s2"]


def test_deep_hierarchies(store: InstanceStore) -> None:
    chain = [_asset("n0")] + [_asset(f"n{i}", f"n{i - 1}") for i in range(1, 60)]
    store.apply({"items": chain})
    assert _path(_read(store, "n59")["n59"]) == [f"n{i}" for i in range(60)]
    store.apply({"items": [_asset("n0", "other"), _asset("other")]})
    assert _path(_read(store, "n59")["n59"])[:2] == ["other", "n0"]
