"""Generated SDKs for what a predecessor user does every day: one namespace per data model in a multi-model
SDK (OmniMultiA/B/C), and core-model time series and files reached from their nodes (CogniteCore)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen_core.emulator import Emulator

from .helpers import MODELS_DIR, GeneratedSDK, generate_and_import

MULTI = ("OmniMultiA.json", "OmniMultiB.json", "OmniMultiC.json")
T0 = 1_700_000_000_000


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSDK:
    return generate_and_import(
        MULTI, "parity_multi", tmp_path_factory.mktemp("multi"), default_instance_space="sp_m"
    )


@pytest.fixture(scope="module")
def multi_client(multi: GeneratedSDK) -> Iterator[Any]:
    with (
        Emulator(snapshots=[MODELS_DIR / m for m in MULTI]) as emu,
        multi.package.ParityMultiClient(emu.client_config()) as client,
    ):
        yield client


def test_each_model_is_a_namespace_and_shared_views_are_one_api(
    multi: GeneratedSDK, multi_client: Any
) -> None:
    client = multi_client
    assert {type(client.omni_multi_a).__name__, type(client.omni_multi_c).__name__} == {
        "OmniMultiAModel",
        "OmniMultiCModel",
    }
    # A view in two models (and flat on the client) is one API object.
    assert client.omni_multi_a.main_interface is client.main_interface
    assert client.omni_multi_b.main_interface is client.main_interface
    assert client.omni_multi_a.sub_interface is client.omni_multi_b.sub_interface
    # Same name, different views: each model's own, and no ambiguous flat attribute.
    b_impl = client.omni_multi_b.implementation_1
    c_impl = client.omni_multi_c.implementation_1
    assert str(b_impl._view.view_id) == "pygen-models:Implementation1/2"
    assert str(c_impl._view.view_id) == "pygen-models-other:Implementation1/1"
    assert not hasattr(client, "implementation_1")
    assert not hasattr(client, "implementation_1_v_1")
    assert "implementation_1" in dir(client.omni_multi_b)
    expected = "OmniMultiBModel(pygen-models:OmniMultiB/1: implementation_1, main_interface, sub_interface)"
    assert repr(client.omni_multi_b) == expected


def test_namespaced_apis_work_over_http(multi: GeneratedSDK, multi_client: Any) -> None:
    pkg = multi.package
    client = multi_client
    client.upsert(
        [
            pkg.Implementation1Write(external_id="b1", main_value="m", sub_value="s", value_2="v2"),
            pkg.Implementation1V1Write(external_id="c1", main_value="m", value_1="v1", value_2="w"),
        ]
    )
    b1 = client.omni_multi_b.implementation_1.retrieve("b1")
    assert type(b1) is pkg.Implementation1
    assert b1.sub_value == "s"
    c1 = client.omni_multi_c.implementation_1.retrieve("c1")
    assert type(c1) is pkg.Implementation1V1
    assert c1.value_1 == "v1"
    assert {n.external_id for n in client.main_interface.list()} >= {"b1", "c1"}
    html = client._repr_html_()
    assert "<td>omni_multi_c</td><td>pygen-models:OmniMultiC/1</td>" in html


def test_the_client_module_declares_namespaces_as_types(multi: GeneratedSDK) -> None:
    source = (multi.root / "parity_multi" / "_client.py").read_text()
    assert "class OmniMultiBModel(rt.ModelNamespace):" in source
    assert "    omni_multi_b: OmniMultiBModel\n" in source
    assert "    implementation_1: Implementation1V1API\n" in source  # in OmniMultiCModel
    assert "    main_interface: MainInterfaceAPI\n" in source


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> GeneratedSDK:
    return generate_and_import(
        ("CogniteCore.json",),
        "parity_core",
        tmp_path_factory.mktemp("core"),
        default_instance_space="sp_core",
    )


@pytest.fixture(scope="module")
def core_client(core: GeneratedSDK) -> Iterator[Any]:
    with (
        Emulator(snapshots=[MODELS_DIR / "CogniteCore.json"]) as emu,
        core.package.ParityCoreClient(emu.client_config()) as client,
    ):
        yield client


def test_time_series_nodes_have_datapoints(core: GeneratedSDK, core_client: Any, tmp_path: Path) -> None:
    pkg, rt = core.package, core.package._runtime
    assert issubclass(pkg.CogniteTimeSeries, rt.TimeSeriesNode)
    assert issubclass(pkg.CogniteFile, rt.FileNode)
    assert not issubclass(pkg.CogniteAsset, rt.TimeSeriesNode)
    core_client.upsert(
        [pkg.CogniteTimeSeriesWrite(external_id="flow", type_="numeric", is_step=False, name="Flow")]
    )
    (node,) = core_client.cognite_time_series.list(name="Flow")
    node.datapoints.insert([(T0 + i * 1000, i * 1.5) for i in range(100)])
    got = node.datapoints.retrieve(T0, T0 + 100_000)
    assert list(got.values) == [i * 1.5 for i in range(100)]
    assert got.name == "sp_core:flow"
    again = core_client.cognite_time_series.retrieve("flow")
    latest = again.datapoints.latest()
    assert latest is not None
    assert latest.value == 99 * 1.5
    average = again.datapoints.retrieve(T0, T0 + 100_000, aggregates="average", granularity="1m")
    buckets: dict[int, list[float]] = {}
    for i in range(100):  # minute buckets, aligned to whole minutes
        buckets.setdefault((T0 + i * 1000) // 60_000, []).append(i * 1.5)
    expected = [sum(values) / len(values) for values in buckets.values()]
    assert list(average.aggregates["average"]) == pytest.approx(expected)


def test_file_nodes_have_content(core: GeneratedSDK, core_client: Any, tmp_path: Path) -> None:
    pkg = core.package
    core_client.upsert(
        [pkg.CogniteFileWrite(external_id="manual", name="manual.txt", mime_type="text/plain")]
    )
    node = core_client.cognite_file.retrieve("manual")
    node.content.upload(b"read me")
    assert core_client.cognite_file.retrieve("manual").is_uploaded is True
    assert node.content.download() == b"read me"
    target = node.content.download_to(tmp_path / "manual.txt")
    assert target.read_text() == "read me"


def test_resource_helper_names_are_kept_free(tmp_path: Path) -> None:
    """A time-series view with a property called ``datapoints`` gets it renamed, reported (PYG301)."""
    import json

    from pygen_core.ir import build_ir
    from pygen_core.snapshot import parse_snapshot

    data = json.loads((MODELS_DIR / "CogniteCore.json").read_text())
    series = next(v for v in data["views"] if v["externalId"] == "CogniteTimeSeries")
    series["properties"]["datapoints"] = dict(series["properties"]["name"])
    result = build_ir(parse_snapshot(data, source="core.json"))
    view = next(v for v in result.model.views if v.ref.external_id == "CogniteTimeSeries")
    assert view.get_property("datapoints").names.python == "datapoints_"
    assert any(f.code == "PYG301" and "time-series nodes" in f.message for f in result.findings)
