"""``/files`` and ``/sequences`` over real HTTP: links, content, limits and errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator
from tests._models import model_path

from .conftest import api_client


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(snapshots=[model_path("CogniteCore.json")]) as emulator:
        yield emulator


@pytest.fixture
def client(emu: Emulator) -> Iterator[httpx.Client]:
    with api_client(emu) as http:
        yield http


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status
    return error


# -- files --------------------------------------------------------------------------------------------
def test_file_create_upload_download(client: httpx.Client) -> None:
    response = client.post("/files", json={"name": "a.txt", "externalId": "file-a", "mimeType": "text/plain"})
    assert response.status_code == 201
    created = response.json()
    assert created["uploaded"] is False
    assert created["name"] == "a.txt"
    upload_url = created["uploadUrl"]
    assert "/api/v1/projects/" not in upload_url  # not a project path: no bearer token needed
    put = httpx.put(upload_url, content=b"payload \x00\xff", headers={"content-type": "text/plain"})
    assert put.status_code == 200
    meta = client.post("/files/byids", json={"items": [{"externalId": "file-a"}]}).json()["items"][0]
    assert meta["uploaded"] is True
    assert meta["uploadedTime"] >= meta["createdTime"]
    links = client.post(
        "/files/downloadlink", json={"items": [{"externalId": "file-a"}, {"id": created["id"]}]}
    )
    assert [set(item) for item in links.json()["items"]] == [
        {"externalId", "downloadUrl"},
        {"id", "downloadUrl"},
    ]
    download = httpx.get(links.json()["items"][0]["downloadUrl"])
    assert download.content == b"payload \x00\xff"
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["content-disposition"] == "attachment"  # never rendered as an emulator page
    assert download.headers["x-content-type-options"] == "nosniff"
    assert httpx.get(upload_url.replace("/upload/", "/download/")).status_code == 404  # tokens are per kind
    assert httpx.get(upload_url.rsplit("/", 1)[0] + "/made-up").status_code in (404, 405)


def test_file_errors_and_overwrite(client: httpx.Client) -> None:
    first = client.post("/files", json={"name": "b", "externalId": "file-b"}).json()
    error = _error(client.post("/files", json={"name": "b2", "externalId": "file-b"}), 409)
    assert error["duplicated"] == [{"externalId": "file-b"}]
    again = client.post("/files", params={"overwrite": "true"}, json={"name": "b2", "externalId": "file-b"})
    assert again.status_code == 201
    assert again.json()["id"] == first["id"]
    assert again.json()["name"] == "b2"
    error = _error(client.post("/files", json={"externalId": "no-name"}), 400)
    assert "name" in error["message"]
    error = _error(client.post("/files", json={"name": "x", "colour": "red"}), 400)
    assert "colour" in error["message"]
    error = _error(client.post("/files/downloadlink", json={"items": [{"externalId": "file-b"}]}), 400)
    assert "uploaded" in error["message"]
    error = _error(client.post("/files/byids", json={"items": [{"externalId": "nope"}]}), 400)
    assert error["missing"] == [{"externalId": "nope"}]
    error = _error(client.post("/files/uploadlink", json={"items": [{"id": 10**9}]}), 400)
    assert error["missing"] == [{"id": 10**9}]


def test_file_upload_size_limit(emu: Emulator, client: httpx.Client) -> None:
    created = client.post("/files", json={"name": "big"}).json()
    emu.resources.files.max_upload_bytes = 1000
    try:
        too_big = httpx.put(created["uploadUrl"], content=b"x" * 1001)
        assert too_big.status_code == 413
        assert "1000" in too_big.json()["error"]["message"]
        assert httpx.put(created["uploadUrl"], content=b"x" * 1000).status_code == 200
    finally:
        emu.resources.files.max_upload_bytes = 100 * 1024 * 1024


def test_file_list_filters_update_and_delete(client: httpx.Client) -> None:
    for n in range(3):
        client.post(
            "/files",
            json={
                "name": f"doc{n}",
                "externalId": f"list-{n}",
                "directory": "/docs/x",
                "metadata": {"n": str(n)},
            },
        )
    page = client.post("/files/list", json={"filter": {"directoryPrefix": "/docs"}, "limit": 2}).json()
    assert len(page["items"]) == 2
    rest = client.post(
        "/files/list", json={"filter": {"directoryPrefix": "/docs"}, "cursor": page["nextCursor"]}
    )
    assert [f["externalId"] for f in page["items"] + rest.json()["items"]] == ["list-0", "list-1", "list-2"]
    updated = client.post(
        "/files/update",
        json={
            "items": [
                {
                    "externalId": "list-0",
                    "update": {"metadata": {"add": {"k": "v"}}, "source": {"set": "scanner"}},
                }
            ]
        },
    ).json()["items"][0]
    assert updated["metadata"] == {"n": "0", "k": "v"}
    assert updated["source"] == "scanner"
    assert client.post("/files/delete", json={"items": [{"externalId": "list-0"}]}).json() == {}
    _error(client.post("/files/byids", json={"items": [{"externalId": "list-0"}]}), 400)


def test_cognite_file_nodes(client: httpx.Client) -> None:
    node = {"space": "sp_files", "externalId": "drawing"}
    write = {
        "items": [
            {
                "instanceType": "node",
                **node,
                "sources": [
                    {
                        "source": {
                            "type": "view",
                            "space": "cdf_cdm",
                            "externalId": "CogniteFile",
                            "version": "v1",
                        },
                        "properties": {
                            "name": "drawing.pdf",
                            "mimeType": "application/pdf",
                            "directory": "/plans",
                        },
                    }
                ],
            }
        ]
    }
    assert client.post("/models/instances", json=write).status_code == 200
    link = client.post("/files/uploadlink", json={"items": [{"instanceId": node}]}).json()["items"][0]
    assert link["instanceId"] == node
    assert link["name"] == "drawing.pdf"
    assert link["uploaded"] is False
    assert httpx.put(link["uploadUrl"], content=b"%PDF").status_code == 200
    read = client.post(
        "/models/instances/byids",
        json={
            "items": [{"instanceType": "node", **node}],
            "sources": [
                {"source": {"type": "view", "space": "cdf_cdm", "externalId": "CogniteFile", "version": "v1"}}
            ],
        },
    )
    props = read.json()["items"][0]["properties"]["cdf_cdm"]["CogniteFile/v1"]
    assert props["isUploaded"] is True
    assert props["uploadedTime"].endswith("+00:00")
    download = client.post("/files/downloadlink", json={"items": [{"instanceId": node}]}).json()["items"][0]
    assert download["instanceId"] == node
    assert httpx.get(download["downloadUrl"]).content == b"%PDF"
    _error(client.post("/files/delete", json={"items": [{"instanceId": node}]}), 400)
    client.post("/models/instances/delete", json={"items": [{"instanceType": "node", **node}]})
    error = _error(client.post("/files/byids", json={"items": [{"instanceId": node}]}), 400)
    assert error["missing"] == [{"instanceId": node}]
    assert httpx.get(download["downloadUrl"]).status_code == 404


# -- sequences ------------------------------------------------------------------------------------------
def _sequence(client: httpx.Client, xid: str) -> dict[str, Any]:
    response = client.post(
        "/sequences",
        json={
            "items": [
                {
                    "externalId": xid,
                    "name": xid,
                    "columns": [
                        {"externalId": "text", "valueType": "STRING"},
                        {"externalId": "number", "valueType": "DOUBLE"},
                        {"externalId": "count", "valueType": "LONG"},
                    ],
                }
            ]
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["items"][0]


def test_sequence_rows_insert_retrieve_page_and_delete(client: httpx.Client) -> None:
    created = _sequence(client, "seq-a")
    assert [c["valueType"] for c in created["columns"]] == ["STRING", "DOUBLE", "LONG"]
    rows = [{"rowNumber": n, "values": [f"t{n}", n / 2, n * 10]} for n in range(250)]
    insert = {"items": [{"externalId": "seq-a", "columns": ["text", "number", "count"], "rows": rows}]}
    assert client.post("/sequences/data", json=insert).json() == {}
    collected: list[dict[str, Any]] = []
    cursor = None
    while True:
        body: dict[str, Any] = {"externalId": "seq-a", "start": 0, "end": None, "limit": 100}
        if cursor:
            body["cursor"] = cursor
        page = client.post("/sequences/data/list", json=body).json()
        assert [c["externalId"] for c in page["columns"]] == ["text", "number", "count"]
        collected += page["rows"]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    assert collected == rows
    partial = {
        "items": [{"externalId": "seq-a", "columns": ["count"], "rows": [{"rowNumber": 3, "values": [7]}]}]
    }
    assert client.post("/sequences/data", json=partial).status_code == 200
    window = client.post(
        "/sequences/data/list",
        json={"id": created["id"], "start": 2, "end": 5, "columns": ["number", "count"]},
    ).json()
    assert window["rows"] == [
        {"rowNumber": 2, "values": [1.0, 20]},
        {"rowNumber": 3, "values": [1.5, 7]},  # the other columns of row 3 were kept
        {"rowNumber": 4, "values": [2.0, 40]},
    ]
    delete = {"items": [{"externalId": "seq-a", "rows": [2, 4]}]}
    assert client.post("/sequences/data/delete", json=delete).json() == {}
    window = client.post("/sequences/data/list", json={"externalId": "seq-a", "start": 2, "end": 5}).json()
    assert [r["rowNumber"] for r in window["rows"]] == [3]
    latest = client.post("/sequences/data/latest", json={"externalId": "seq-a", "before": 100}).json()
    assert latest["rows"] == [{"rowNumber": 99, "values": ["t99", 49.5, 990]}]


def test_sequence_errors(client: httpx.Client) -> None:
    _sequence(client, "seq-b")
    error = _error(
        client.post(
            "/sequences", json={"items": [{"externalId": "seq-b", "columns": [{"externalId": "c"}]}]}
        ),
        409,
    )
    assert error["duplicated"] == [{"externalId": "seq-b"}]
    _error(client.post("/sequences", json={"items": [{"externalId": "no-columns", "columns": []}]}), 400)
    error = _error(
        client.post(
            "/sequences",
            json={
                "items": [
                    {"externalId": "twice", "columns": [{"externalId": "c"}]},
                    {"externalId": "twice", "columns": [{"externalId": "c"}]},
                ]
            },
        ),
        422,
    )
    assert error["duplicated"] == [{"externalId": "twice"}]
    error = _error(
        client.post("/sequences", json={"items": [{"columns": [{"externalId": "c", "valueType": "BLOB"}]}]}),
        400,
    )
    assert "items[0].columns[0].valueType" in error["message"]

    def insert(values: list[Any], columns: list[str] | None = None) -> httpx.Response:
        item = {
            "externalId": "seq-b",
            "columns": columns or ["text", "number", "count"],
            "rows": [{"rowNumber": 1, "values": values}],
        }
        return client.post("/sequences/data", json={"items": [item]})

    error = _error(insert([1, 2.0, 3]), 400)
    assert "items[0].rows[0].values" in error["message"]
    _error(insert(["a", "b", 3]), 400)
    _error(insert(["a", 1.0, 1.5]), 400)
    _error(insert(["a", 1.0]), 400)
    _error(insert([None, None, None]), 400)
    error = _error(insert(["a"], columns=["nope"]), 400)
    assert "nope" in error["message"]
    many = [{"rowNumber": n, "values": ["x", 1.0, 1]} for n in range(10_001)]
    error = _error(
        client.post(
            "/sequences/data",
            json={"items": [{"externalId": "seq-b", "columns": ["text", "number", "count"], "rows": many}]},
        ),
        400,
    )
    assert "10000" in error["message"]
    error = _error(client.post("/sequences/data/list", json={"externalId": "nope"}), 400)
    assert error["missing"] == [{"externalId": "nope"}]
    _error(client.post("/sequences/data/list", json={"externalId": "seq-b", "limit": 10_001}), 400)
    listed = client.post("/sequences/list", json={"filter": {"externalIdPrefix": "seq-b"}}).json()["items"]
    assert [s["externalId"] for s in listed] == ["seq-b"]
    assert client.post("/sequences/delete", json={"items": [{"externalId": "seq-b"}]}).json() == {}
    _error(client.post("/sequences/data/list", json={"externalId": "seq-b"}), 400)
