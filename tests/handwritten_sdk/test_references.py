"""Typed CDF references on read classes (the reference SDK against the emulator): time series, files and
sequences named by the seeded CDFExternalReferences nodes, reached through the nodes read from CDF."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

T0 = 1_700_000_000_000


@pytest.fixture(scope="module")
def http(emulator: Emulator) -> Any:
    headers = {"Authorization": f"Bearer {emulator.token()}"}
    with httpx.Client(base_url=emulator.project_url, headers=headers) as plain:
        yield plain


def test_reference_fields_are_typed_and_still_their_external_ids(client: Any, rt: ModuleType) -> None:
    node = client.cdf_external_references.retrieve("CDFExternalReferences:Colleen")
    assert isinstance(node.timeseries, rt.TimeSeriesRef)
    assert isinstance(node.file, rt.FileRef)
    assert isinstance(node.sequence, rt.SequenceRef)
    assert (node.timeseries, node.file, node.sequence) == (
        "timeseries_michelle",
        "file_matthew",
        "sequence_jeffrey",
    )
    wire = node.dump()["properties"]["sp_pygen_models"]["CDFExternalReferences/1"]
    assert wire == {
        "file": "file_matthew",
        "sequence": "sequence_jeffrey",
        "timeseries": "timeseries_michelle",
    }
    written = node.as_write()
    assert type(written.timeseries) is str
    assert written.timeseries == "timeseries_michelle"
    assert node.model_dump()["timeseries"] == "timeseries_michelle"
    listed = client.cdf_external_references_listed.retrieve("CDFExternalReferencesListed:Steven")
    assert all(isinstance(ref, rt.TimeSeriesRef) for ref in listed.timeseries)
    assert listed.files[1] == "file_christopher"


def test_datapoints_through_a_listed_node(client: Any, http: httpx.Client) -> None:
    assert http.post("/timeseries", json={"items": [{"externalId": "timeseries_chloe"}]}).status_code == 201
    nodes = client.cdf_external_references.list(timeseries_exists=True, limit=None)
    daniel = next(n for n in nodes if n.external_id == "CDFExternalReferences:Daniel")
    assert daniel.timeseries.insert([(T0 + i, float(i)) for i in range(5)]) == 5
    got = daniel.timeseries.retrieve(T0, T0 + 5)
    assert list(got.values) == [0.0, 1.0, 2.0, 3.0, 4.0]
    latest = daniel.timeseries.latest()
    assert latest is not None
    assert latest.value == 4.0
    frame = got.to_pandas()
    assert list(frame.columns) == ["timeseries_chloe"]


def test_file_and_sequence_through_nodes(client: Any, http: httpx.Client) -> None:
    node = client.cdf_external_references.retrieve("CDFExternalReferences:Austin")
    node.file.upload(b"spec sheet", mime_type="text/plain")  # creates file_katelyn
    again = client.cdf_external_references.retrieve("CDFExternalReferences:Austin")
    assert again.file.download() == b"spec sheet"
    columns = [{"externalId": "x", "valueType": "LONG"}]
    assert (
        http.post(
            "/sequences", json={"items": [{"externalId": "sequence_kayla", "columns": columns}]}
        ).status_code
        == 201
    )
    rows = {
        "items": [
            {"externalId": "sequence_kayla", "columns": ["x"], "rows": [{"rowNumber": 1, "values": [7]}]}
        ]
    }
    assert http.post("/sequences/data", json=rows).status_code == 200
    assert node.sequence.rows().rows == [(1, [7])]


def test_references_of_hand_built_objects_need_a_client(dc: ModuleType, client: Any, rt: ModuleType) -> None:
    built = dc.CDFExternalReferences.model_validate(
        {
            "space": "s",
            "externalId": "x",
            "properties": {"sp_pygen_models": {"CDFExternalReferences/1": {"timeseries": "t"}}},
        }
    )
    assert isinstance(built.timeseries, rt.TimeSeriesRef)
    with pytest.raises(rt.CDFError, match="not bound to a client"):
        built.timeseries.latest()
    assert built.timeseries.bind(client)._client() is client
