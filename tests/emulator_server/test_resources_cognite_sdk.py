"""cognite-sdk, unchanged, against the emulator's time series, datapoints, files and sequences endpoints.

cognite-sdk asks ``/timeseries/data/list`` for protobuf; these tests prove the emulator's protobuf answer, its
cursors and limits are what the SDK's fetching strategies rely on.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from cognite.client import ClientConfig, CogniteClient
from cognite.client.credentials import OAuthClientCredentials
from cognite.client.data_classes import (
    FileMetadataWrite,
    SequenceColumnWrite,
    SequenceWrite,
    TimeSeriesWrite,
)
from cognite.client.data_classes.data_modeling import NodeId
from cognite.client.data_classes.data_modeling.cdm.v1 import CogniteFileApply, CogniteTimeSeriesApply
from cognite.client.exceptions import CogniteAPIError, CogniteNotFoundError

from pygen_core.emulator import Emulator
from tests._models import model_path

T0 = 1_700_000_000_000
HOUR = 3_600_000


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[model_path("CogniteCore.json")]) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def sdk(emu: Emulator) -> CogniteClient:
    credentials = OAuthClientCredentials(
        token_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        scopes=[f"{emu.base_url}/.default"],
    )
    config = ClientConfig(
        client_name="emulator-test", project=emu.project, base_url=emu.base_url, credentials=credentials
    )
    return CogniteClient(config)


def test_time_series_create_retrieve_delete(sdk: CogniteClient) -> None:
    created = sdk.time_series.create(TimeSeriesWrite(external_id="sdk-meta", name="Meta", unit="kW"))
    assert created.id is not None
    assert created.unit == "kW"
    got = sdk.time_series.retrieve(external_id="sdk-meta")
    assert got is not None
    assert got.id == created.id
    assert got.name == "Meta"
    sdk.time_series.delete(external_id="sdk-meta")
    assert sdk.time_series.retrieve(external_id="sdk-meta") is None
    with pytest.raises(CogniteNotFoundError):
        sdk.time_series.delete(external_id="sdk-meta")


@pytest.mark.slow  # seconds: many pages of datapoints
def test_datapoints_insert_and_retrieve_unlimited(sdk: CogniteClient) -> None:
    sdk.time_series.create(TimeSeriesWrite(external_id="sdk-raw"))
    points = [(T0 + i * 1000, math.cos(i / 100) * 50) for i in range(250_000)]
    sdk.time_series.data.insert(points, external_id="sdk-raw")  # the SDK chunks to 100,000 per request
    got = sdk.time_series.data.retrieve(external_id="sdk-raw", start=0, end=T0 + 10**9)
    assert got is not None
    assert got.timestamp == [t for t, _ in points]
    assert got.value == [v for _, v in points]
    arrays = sdk.time_series.data.retrieve_arrays(external_id="sdk-raw", start=T0, end=T0 + 5000 * 1000)
    assert arrays is not None
    assert len(arrays) == 5000
    limited = sdk.time_series.data.retrieve(external_id="sdk-raw", start=T0, end=T0 + 10**9, limit=123_456)
    assert limited is not None
    assert len(limited) == 123_456
    assert limited.timestamp[-1] == points[123_455][0]


def test_datapoints_outside_points_latest_and_delete_range(sdk: CogniteClient) -> None:
    sdk.time_series.create(TimeSeriesWrite(external_id="sdk-small"))
    sdk.time_series.data.insert([(T0 + i * 10, float(i)) for i in range(100)], external_id="sdk-small")
    got = sdk.time_series.data.retrieve(
        external_id="sdk-small", start=T0 + 105, end=T0 + 155, include_outside_points=True
    )
    assert got is not None
    assert got.timestamp == [T0 + 100, T0 + 110, T0 + 120, T0 + 130, T0 + 140, T0 + 150, T0 + 160]
    latest = sdk.time_series.data.retrieve_latest(external_id="sdk-small")
    assert latest is not None
    assert latest.value == 99.0
    earlier = sdk.time_series.data.retrieve_latest(external_id="sdk-small", before=T0 + 500)
    assert earlier is not None
    assert earlier.value == 49.0
    sdk.time_series.data.delete_range(start=T0 + 100, end=T0 + 900, external_id="sdk-small")
    left = sdk.time_series.data.retrieve(external_id="sdk-small", start=0, end=T0 + 10**6)
    assert left is not None
    assert left.value == [float(i) for i in (*range(10), *range(90, 100))]


def test_datapoints_aggregates(sdk: CogniteClient) -> None:
    sdk.time_series.create(TimeSeriesWrite(external_id="sdk-agg"))
    start = T0 - T0 % HOUR
    sdk.time_series.data.insert(
        [(start + i * 60_000, float(i % 60)) for i in range(24 * 60)], external_id="sdk-agg"
    )
    got = sdk.time_series.data.retrieve(
        external_id="sdk-agg",
        start=start,
        end=start + 24 * HOUR,
        aggregates=["average", "max", "min", "count", "sum"],
        granularity="1h",
    )
    assert got is not None
    assert got.timestamp == [start + h * HOUR for h in range(24)]
    assert got.count == [60] * 24
    assert got.average == [29.5] * 24
    assert got.max == [59.0] * 24
    assert got.min == [0.0] * 24
    assert got.sum == [1770.0] * 24
    two_hours = sdk.time_series.data.retrieve(
        external_id="sdk-agg",
        start=start,
        end=start + 24 * HOUR,
        aggregates="count",
        granularity="2h",
        limit=5,
    )
    assert two_hours is not None
    assert two_hours.count == [120] * 5


def test_string_datapoints_and_missing_ids(sdk: CogniteClient) -> None:
    sdk.time_series.create(TimeSeriesWrite(external_id="sdk-str", is_string=True))
    sdk.time_series.data.insert([(T0, "open"), (T0 + 1, "closed")], external_id="sdk-str")
    got = sdk.time_series.data.retrieve(external_id="sdk-str", start=T0, end=T0 + 10)
    assert got is not None
    assert got.value == ["open", "closed"]
    with pytest.raises(CogniteNotFoundError):
        sdk.time_series.data.retrieve(external_id="sdk-nope", start=0, end=T0)
    assert sdk.time_series.data.retrieve(external_id="sdk-nope", ignore_unknown_ids=True) is None
    with pytest.raises(CogniteAPIError) as failure:
        sdk.time_series.data.insert([(T0, 1.0)], external_id="sdk-str")
    assert failure.value.code == 400


def test_instance_id_time_series(sdk: CogniteClient) -> None:
    node = NodeId("sp_sdk", "pressure")
    sdk.data_modeling.instances.apply(
        CogniteTimeSeriesApply(
            node.space, node.external_id, is_step=False, time_series_type="numeric", name="P"
        )
    )
    sdk.time_series.data.insert([(T0 + i, float(i)) for i in range(10)], instance_id=node)
    got = sdk.time_series.data.retrieve(instance_id=node, start=T0, end=T0 + 100)
    assert got is not None
    assert got.instance_id == node
    assert got.value == [float(i) for i in range(10)]
    meta = sdk.time_series.retrieve(instance_id=node)
    assert meta is not None
    assert meta.name == "P"
    latest = sdk.time_series.data.retrieve_latest(instance_id=node)
    assert latest is not None
    assert latest.value == 9.0


def test_files_upload_download_retrieve_delete(sdk: CogniteClient) -> None:
    content = bytes(range(256)) * 100
    meta = sdk.files.upload_bytes(
        content, name="blob.bin", external_id="sdk-file", mime_type="application/x-test"
    )
    assert meta.id is not None
    assert sdk.files.download_bytes(external_id="sdk-file") == content
    got = sdk.files.retrieve(external_id="sdk-file")
    assert got is not None
    assert got.uploaded is True
    assert got.name == "blob.bin"
    assert got.mime_type == "application/x-test"
    sdk.files.upload_bytes(b"second", name="blob.bin", external_id="sdk-file", overwrite=True)
    assert sdk.files.download_bytes(id=meta.id) == b"second"
    sdk.files.delete(external_id="sdk-file")
    assert sdk.files.retrieve(external_id="sdk-file") is None


def test_cognite_file_node_upload(sdk: CogniteClient) -> None:
    node = NodeId("sp_sdk", "manual")
    sdk.data_modeling.instances.apply(CogniteFileApply(node.space, node.external_id, name="manual.txt"))
    sdk.files.upload_content_bytes("hello, manual", instance_id=node)
    assert sdk.files.download_bytes(instance_id=node) == b"hello, manual"
    meta = sdk.files.retrieve(instance_id=node)
    assert meta is not None
    assert meta.uploaded is True
    assert meta.name == "manual.txt"
    read = sdk.data_modeling.instances.retrieve(node, sources=[("cdf_cdm", "CogniteFile", "v1")]).nodes[0]
    props = read.properties[("cdf_cdm", "CogniteFile", "v1")]
    assert props["isUploaded"] is True
    assert props["uploadedTime"]


@pytest.mark.slow  # seconds: many pages of rows
def test_sequences_rows(sdk: CogniteClient) -> None:
    sequence = sdk.sequences.create(
        SequenceWrite(
            external_id="sdk-seq",
            columns=[
                # CDF takes the value type in any case; the SDK's Literal lists upper case only.
                SequenceColumnWrite(external_id="name", value_type="String"),  # type: ignore[arg-type]
                SequenceColumnWrite(external_id="depth", value_type="Double"),  # type: ignore[arg-type]
                SequenceColumnWrite(external_id="count", value_type="Long"),  # type: ignore[arg-type]
            ],
        )
    )
    assert [c.value_type for c in sequence.columns] == ["STRING", "DOUBLE", "LONG"]
    rows: list[tuple[int, list[str | float]]] = [(n, [f"r{n}", n * 1.5, n]) for n in range(25_000)]
    sdk.sequences.data.insert(rows, columns=["name", "depth", "count"], external_id="sdk-seq")
    got = sdk.sequences.data.retrieve(external_id="sdk-seq", start=0, end=None)
    assert len(got) == 25_000
    assert got.get_column("depth")[:3] == [0.0, 1.5, 3.0]
    part = sdk.sequences.data.retrieve(external_id="sdk-seq", start=10, end=13, columns=["count"])
    assert [(r, v) for r, v in part.items()] == [(10, [10]), (11, [11]), (12, [12])]
    sdk.sequences.data.delete(rows=[10, 11], external_id="sdk-seq")
    after = sdk.sequences.data.retrieve(external_id="sdk-seq", start=9, end=13)
    assert [number for number, _ in after.items()] == [9, 12]
    last = sdk.sequences.data.retrieve_last_row(external_id="sdk-seq")
    assert [number for number, _ in last.items()] == [24_999]
    sdk.sequences.delete(external_id="sdk-seq")
    assert sdk.sequences.retrieve(external_id="sdk-seq") is None


def test_file_metadata_create_without_upload(sdk: CogniteClient) -> None:
    created, upload_url = sdk.files.create(FileMetadataWrite(name="later.txt", external_id="sdk-later"))
    assert upload_url.startswith("http://127.0.0.1")
    assert created.uploaded is False
    with pytest.raises(CogniteAPIError):
        sdk.files.download_bytes(external_id="sdk-later")
