"""File content and sequence rows through typed references and file nodes, over real HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import CDFAPIError, InstanceClient, NodeId
from pygen_core.runtime._references import FileContent, FileRef, SequenceRef

from .conftest import write_node


def test_file_reference_uploads_creates_and_downloads(client: InstanceClient, http: httpx.Client) -> None:
    ref = FileRef("report.csv", client)
    ref.upload(b"a,b\n1,2\n", mime_type="text/csv", name="Report")  # the file does not exist yet
    meta = http.post("/files/byids", json={"items": [{"externalId": "report.csv"}]}).json()["items"][0]
    assert (meta["name"], meta["mimeType"], meta["uploaded"]) == ("Report", "text/csv", True)
    assert ref.download() == b"a,b\n1,2\n"
    ref.upload(b"replaced")  # an existing file: a new upload link
    assert ref.download() == b"replaced"


def test_download_to_writes_atomically(client: InstanceClient, tmp_path: Path, emu: Emulator) -> None:
    ref = FileRef("big.bin", client)
    payload = bytes(range(256)) * 20_000  # 5 MB: streamed in chunks
    ref.upload(payload)
    target = tmp_path / "out" / "big.bin"
    assert ref.download_to(target) == target
    assert target.read_bytes() == payload
    emu.faults.inject("503", path="/emulator-files/download/*", count=1, retry_after=0)
    assert ref.download_to(target) == target  # retried
    assert target.read_bytes() == payload
    emu.faults.inject("503", path="/emulator-files/download/*", count=100, retry_after=0)
    target.write_bytes(b"old")
    with pytest.raises(CDFAPIError, match="503"):
        ref.download_to(target)
    emu.faults.clear()
    assert target.read_bytes() == b"old"  # a failed download leaves the old file
    assert [p.name for p in target.parent.iterdir()] == ["big.bin"]  # and no temporary file


def test_upload_from_a_path(client: InstanceClient, tmp_path: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("hello")
    ref = FileRef("notes.txt", client)
    ref.upload(source)
    assert ref.download() == b"hello"


def test_file_without_content_is_a_clear_error(client: InstanceClient, http: httpx.Client) -> None:
    assert http.post("/files", json={"externalId": "empty", "name": "empty"}).status_code == 201
    with pytest.raises(CDFAPIError) as caught:
        FileRef("empty", client).download()
    assert caught.value.status == 400


def test_file_nodes_by_instance_id(client: InstanceClient, http: httpx.Client) -> None:
    instance = write_node(
        http, "CogniteFile", "drawing", {"name": "drawing.pdf", "mimeType": "application/pdf"}
    )
    content = FileContent(NodeId(instance["space"], instance["externalId"]), client)
    content.upload(b"%PDF-1.7")
    assert content.download() == b"%PDF-1.7"
    source = {"type": "view", "space": "cdf_cdm", "externalId": "CogniteFile", "version": "v1"}
    read = http.post(
        "/models/instances/byids",
        json={"items": [{"instanceType": "node", **instance}], "sources": [{"source": source}]},
    )
    assert read.json()["items"][0]["properties"]["cdf_cdm"]["CogniteFile/v1"]["isUploaded"] is True
    assert repr(content) == "FileContent(NodeId('sp_res', 'drawing'))"


def _sequence(http: httpx.Client, xid: str, rows: int) -> None:
    columns = [
        {"externalId": "depth", "valueType": "DOUBLE"},
        {"externalId": "label", "valueType": "STRING"},
        {"externalId": "count", "valueType": "LONG"},
    ]
    assert (
        http.post("/sequences", json={"items": [{"externalId": xid, "columns": columns}]}).status_code == 201
    )
    for start in range(0, rows, 10_000):
        batch = [
            {"rowNumber": n, "values": [n * 0.5, f"r{n}", n]} for n in range(start, min(rows, start + 10_000))
        ]
        body = {"items": [{"externalId": xid, "columns": ["depth", "label", "count"], "rows": batch}]}
        assert http.post("/sequences/data", json=body).status_code == 200


def test_sequence_rows_page_and_project(client: InstanceClient, http: httpx.Client) -> None:
    _sequence(http, "well-log", 12_500)
    ref = SequenceRef("well-log", client)
    everything = ref.rows()
    assert len(everything) == 12_500  # two pages
    assert everything.columns == ["depth", "label", "count"]
    assert everything.value_types == ["DOUBLE", "STRING", "LONG"]
    assert everything.rows[12_499] == (12_499, [6249.5, "r12499", 12_499])
    some = ref.rows(10, 20, columns=["label"])
    assert some.rows == [(n, [f"r{n}"]) for n in range(10, 20)]
    assert len(ref.rows(limit=3)) == 3
    frame = ref.rows(0, 5).to_pandas()
    assert list(frame.columns) == ["depth", "label", "count"]
    assert list(frame.index) == [0, 1, 2, 3, 4]
    assert frame.index.name == "row_number"
    assert "<table>" in ref.rows(0, 5)._repr_html_()
    with pytest.raises(CDFAPIError):
        SequenceRef("nope", client).rows()
