"""As strict as CDF over HTTP: body size limits (413), strict JSON, nesting limits, instance spaces."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core.emulator import Emulator

from .conftest import OMNI, api_client

NODE = {"instanceType": "node", "space": "fresh_space", "externalId": "n1"}


def post_raw(client: httpx.Client, path: str, content: bytes, encoding: str | None = None) -> httpx.Response:
    headers = {"content-type": "application/json"}
    if encoding:
        headers["content-encoding"] = encoding
    return client.post(path, content=content, headers=headers, timeout=60)


def error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == status
    assert response.headers["x-request-id"]
    message: str = body["message"]
    return message


def test_bodies_larger_than_the_limit_are_413_and_the_server_stays_up(omni_client: httpx.Client) -> None:
    big = json.dumps({"items": [{"x": "a" * (11 * 1024 * 1024)}]}).encode()
    assert "exceeds 10485760 bytes" in error(post_raw(omni_client, "/models/instances/list", big), 413)
    bomb = gzip.compress(b'{"items": ["' + b" " * (60 * 1024 * 1024) + b'"]}', compresslevel=1)
    assert len(bomb) < 1024 * 1024
    message = error(post_raw(omni_client, "/models/instances", bomb, "gzip"), 413)
    assert "decompressed request body exceeds 52428800 bytes" in message
    deflated = zlib.compress(b" " * (51 * 1024 * 1024))
    error(post_raw(omni_client, "/models/spaces", deflated, "deflate"), 413)
    assert omni_client.get("/models/spaces").status_code == 200


@pytest.mark.parametrize(
    ("content", "encoding", "fragment"),
    [
        (b"[" * 150 + b"]" * 150, None, "nests deeper than 100 levels"),
        (b"[" * 200_000, None, "nests deeper than 100 levels"),
        (b'{"limit": NaN}', None, "NaN is not valid JSON"),
        (b'{"limit": Infinity}', None, "Infinity is not valid JSON"),
        (b'{"limit": ' + b"9" * 5000 + b"}", None, "not valid JSON"),
        (b"\xff\xfe", None, "not valid JSON"),
        (gzip.compress(b'{"limit": 1}', mtime=0)[:-5], "gzip", "not valid gzip data"),
        (gzip.compress(b'{"limit": 1}', mtime=0) + b"junk", "gzip", "not valid gzip data"),
        (b"   ", None, "Request body is empty"),
    ],
    ids=[
        "deep",
        "very-deep",
        "nan",
        "infinity",
        "huge-int",
        "not-utf8",
        "truncated-gzip",
        "gzip-junk",
        "blank",
    ],
)
def test_malformed_bodies_are_400s(
    omni_client: httpx.Client, content: bytes, encoding: str | None, fragment: str
) -> None:
    assert fragment in error(post_raw(omni_client, "/models/instances/list", content, encoding), 400)


def test_gzip_with_several_members_is_read_whole(omni_client: httpx.Client) -> None:
    body = json.dumps({"limit": 5}).encode()
    content = gzip.compress(body[:5]) + gzip.compress(body[5:])
    response = post_raw(omni_client, "/models/instances/list", content, "gzip")
    assert response.status_code == 200, response.text


def test_missing_instance_space_is_created_by_default(emulator: Emulator) -> None:
    with api_client(emulator) as client:
        response = client.post("/models/instances", json={"items": [NODE]})
        assert response.status_code == 200, response.text
        spaces = [s["space"] for s in client.get("/models/spaces").json()["items"]]
    assert "fresh_space" in spaces


def test_strict_spaces_refuse_writes_into_missing_spaces_as_cdf(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps([{"instanceType": "node", "space": "seeded_space", "externalId": "s1"}]))
    with Emulator(snapshots=[OMNI], seed=seed, strict_spaces=True) as emu, api_client(emu) as client:
        refused = client.post("/models/instances", json={"items": [NODE]})
        assert error(refused, 400) == "One or more spaces do not exist"
        assert refused.json()["error"]["missing"] == [{"space": "fresh_space"}]
        auto = {
            "instanceType": "node",
            "space": "seeded_space",
            "externalId": "n2",
            "sources": [
                {
                    "source": {
                        "type": "view",
                        "space": "sp_pygen_models",
                        "externalId": "ConnectionItemA",
                        "version": "1",
                    },
                    "properties": {"otherDirect": {"space": "elsewhere", "externalId": "x"}},
                }
            ],
        }
        missing_target = client.post("/models/instances", json={"items": [auto]})
        assert missing_target.json()["error"]["missing"] == [{"space": "elsewhere"}]
        ok: dict[str, Any] = {
            "items": [{**NODE, "space": "seeded_space"}, {**NODE, "space": "sp_pygen_models"}]
        }
        assert client.post("/models/instances", json=ok).status_code == 200
        assert client.post("/models/spaces", json={"items": [{"space": "fresh_space"}]}).status_code == 200
        assert client.post("/models/instances", json={"items": [NODE]}).status_code == 200
        listed = client.post(
            "/models/instances/list",
            json={"filter": {"equals": {"property": ["node", "space"], "value": "fresh_space"}}},
        )
    assert [i["externalId"] for i in listed.json()["items"]] == ["n1"]


@pytest.mark.parametrize("space", ["1bad", "a" * 44, "bad space", "space", "node", "x\n"])
def test_instance_space_ids_follow_cdfs_pattern(emulator: Emulator, space: str) -> None:
    with api_client(emulator) as client:
        response = client.post("/models/instances", json={"items": [{**NODE, "space": space}]})
    assert response.status_code == 400, response.text
    assert "space" in response.json()["error"]["message"]
