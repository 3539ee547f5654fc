"""HTTPClient.post_response/decode: undecoded 2xx bodies with post()'s retries and errors."""

from __future__ import annotations

import json

import httpx
import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import CDFAPIError, HTTPClient

from .conftest import OMNI_SPACE, fast_config

_VIEW = {"type": "view", "space": OMNI_SPACE, "externalId": "PrimitiveNullable", "version": "1"}
_LIST = {"instanceType": "node", "sources": [{"source": _VIEW}], "limit": 5}


def test_post_response_returns_the_body_post_decodes(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http:
        response = http.post_response("/models/instances/list", _LIST)
        assert isinstance(response.content, bytes)
        assert json.loads(response.content) == http.decode("POST", "/models/instances/list", response)
        assert http.decode("POST", "/x", response) == http.post("/models/instances/list", _LIST)


def test_post_response_retries_like_post(emulator: Emulator) -> None:
    emulator.faults.inject("503", path="/models/instances/list", count=2, retry_after=0.001)
    with HTTPClient(fast_config(emulator)) as http:
        response = http.post_response("/models/instances/list", _LIST)
        assert response.status_code == 200
        assert http.stats.retries == 2


def test_post_response_raises_api_errors_like_post(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http, pytest.raises(CDFAPIError) as info:
        http.post_response("/models/views/byids", {"items": [{"space": OMNI_SPACE}] * 101})
    assert info.value.status == 400
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("content", [b"[1]", b"not json"])
def test_decode_of_a_non_object_names_the_request(emulator: Emulator, content: bytes) -> None:
    response = httpx.Response(200, content=content, headers={"x-request-id": "r9"})
    with HTTPClient(emulator.client_config()) as http, pytest.raises(CDFAPIError) as info:
        http.decode("POST", "/models/instances/list", response)
    assert info.value.request_id == "r9"
    assert "POST /models/instances/list: expected a JSON object in the response" in str(info.value)
