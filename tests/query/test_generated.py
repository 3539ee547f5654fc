"""The query builder of generated SDKs: a 3-level CogniteAsset hierarchy, connections inherited through
``implements`` (``source`` from CogniteSourceable), and hops to an interface (Omni's ConnectionItemH →
MainInterface, reaching nodes of views that implement it). Oracles are hand-chained ``list`` calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pygen_core.emulator import Emulator
from tests.functional.helpers import GeneratedSDK, generate_and_import

from .conftest import Recorder, model_file, xids

SPACE = "inst"


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GeneratedSDK, Any]]:
    sdk = generate_and_import(
        ("CogniteCore.json",), "query_core_sdk", tmp_path_factory.mktemp("core"), default_instance_space=SPACE
    )
    with (
        Emulator(snapshots=[model_file("CogniteCore.json")]) as emu,
        sdk.package.QueryCoreSdkClient(emu.client_config()) as client,
    ):
        pkg = sdk.package
        source = pkg.CogniteSourceSystemWrite(external_id="src:erp", name="ERP")
        assets = [pkg.CogniteAssetWrite(external_id="root", name="root", source=source)]
        for n in range(3):
            assets.append(
                pkg.CogniteAssetWrite(external_id=f"c{n}", name=f"child {n}", parent=("inst", "root"))
            )
            for m in range(2):
                name = f"grandchild {n}.{m}"
                assets.append(
                    pkg.CogniteAssetWrite(external_id=f"c{n}g{m}", name=name, parent=(SPACE, f"c{n}"))
                )
        client.upsert(assets)
        yield sdk, client


def test_three_level_hierarchy_against_hand_chained_list_calls(core: tuple[GeneratedSDK, Any]) -> None:
    _, client = core
    builder = (
        client.cognite_asset.select()
        .where(external_id_prefix="root")
        .traverse("children")
        .traverse("children")
    )
    with Recorder(client) as recorder:
        (root,) = builder.list()
    assert recorder.requests == 1
    assert sorted(xids(root.children)) == sorted(
        xids(client.cognite_asset.list(parent=(SPACE, "root"), limit=None))
    )
    for child in root.children:
        expected = client.cognite_asset.list(parent=child.as_id(), limit=None)
        assert sorted(xids(child.children)) == sorted(xids(expected))
        assert {g.external_id: g.name for g in child.children} == {g.external_id: g.name for g in expected}


def test_a_connection_inherited_through_implements(core: tuple[GeneratedSDK, Any]) -> None:
    _, client = core
    (root,) = client.cognite_asset.select().where(external_id_prefix="root").traverse("source").list()
    assert type(root.source).__name__ == "CogniteSourceSystem"
    assert root.source.name == client.cognite_source_system.retrieve("src:erp").name == "ERP"
    # and the other way: every asset whose source is ERP, from the source system's side of a filter
    assets = client.cognite_asset.select().where(source=(SPACE, "src:erp")).list()
    assert xids(assets) == ["root"]


def test_hierarchy_bottom_up_and_sorted_per_parent(core: tuple[GeneratedSDK, Any]) -> None:
    _, client = core
    leaves = (
        client.cognite_asset.select()
        .where(external_id_prefix="c0g")
        .traverse("parent")
        .traverse("parent")
        .list()
    )
    assert sorted(xids(leaves)) == ["c0g0", "c0g1"]
    assert {leaf.parent.external_id for leaf in leaves} == {"c0"}
    assert {leaf.parent.parent.external_id for leaf in leaves} == {"root"}
    (root,) = (
        client.cognite_asset.select()
        .where(external_id_prefix="root")
        .traverse("children")
        .sort_by("name", "descending")
        .limit(2)
        .list()
    )
    assert xids(root.children) == ["c2", "c1"]


@pytest.fixture(scope="module")
def omni(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GeneratedSDK, Any]]:
    sdk = generate_and_import(
        ("Omni.json",),
        "query_omni_sdk",
        tmp_path_factory.mktemp("omni"),
        default_instance_space="sp_omni_instances",
    )
    seed = model_file("Omni.instances.json")
    with (
        Emulator(snapshots=[model_file("Omni.json")], seed=seed) as emu,
        sdk.package.QueryOmniSdkClient(emu.client_config()) as client,
    ):
        yield sdk, client


def test_a_hop_to_an_interface_reaches_nodes_of_views_that_implement_it(
    omni: tuple[GeneratedSDK, Any],
) -> None:
    sdk, client = omni
    implementations = xids(client.implementation_1.list(limit=None))
    assert implementations
    interface_ids = set(xids(client.main_interface.list(limit=None)))
    assert set(implementations) <= interface_ids
    targets = [("sp_omni_instances", xid) for xid in implementations[:3]]
    client.upsert(sdk.package.ConnectionItemHWrite(external_id="qh:1", direct_parent_multi=targets))
    (h,) = (
        client.connection_item_h.select()
        .where(external_id_prefix="qh:")
        .traverse("direct_parent_multi")
        .list()
    )
    assert [t.external_id for t in h.direct_parent_multi] == implementations[:3]
    assert all(type(t).__name__ == "MainInterface" for t in h.direct_parent_multi)
    expected = {m.external_id: m.main_value for m in client.main_interface.retrieve(implementations[:3])}
    assert {t.external_id: t.main_value for t in h.direct_parent_multi} == expected
    # a view that implements the interface filters and sorts on the properties it inherits
    some = sorted(v for v in expected.values() if v)[0][:3]
    builder = (
        client.implementation_1.select().where(main_value_prefix=some).sort_by("main_value", "descending")
    )
    assert xids(builder.list()) == xids(
        client.implementation_1.list(
            main_value_prefix=some, sort_by="main_value", direction="descending", limit=None
        )
    )
