"""Fault injection: 429 / 503 / dropped connections, scripted or by seeded rate, with counters."""

from __future__ import annotations

import httpx
import pytest

from pygen_core.emulator import Emulator, Faults
from pygen_core.runtime import CDFAPIError, HTTPClient

from .conftest import api_client


def test_scripted_429_carries_retry_after_and_cdf_error(
    omni_emulator: Emulator, omni_client: httpx.Client
) -> None:
    omni_emulator.faults.inject("429", path="/models/views", count=2, retry_after=3)
    first = omni_client.get("/models/views")
    second = omni_client.get("/models/views")
    third = omni_client.get("/models/views")
    assert [first.status_code, second.status_code, third.status_code] == [429, 429, 200]
    assert first.headers["Retry-After"] == "3"
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert first.json()["error"]["code"] == 429
    assert omni_emulator.faults.count("429", "/models/views") == 2


def test_503_only_hits_the_scripted_path(omni_emulator: Emulator, omni_client: httpx.Client) -> None:
    omni_emulator.faults.inject("503", path="/models/containers", count=1)
    assert omni_client.get("/models/views").status_code == 200
    assert omni_client.get("/models/containers").status_code == 503
    assert omni_client.get("/models/containers").status_code == 200
    assert omni_emulator.faults.counts == {"503": 1}


def test_dropped_connection_closes_without_a_response(
    omni_emulator: Emulator, omni_client: httpx.Client
) -> None:
    omni_emulator.faults.inject("drop", path="/models/spaces/byids", method="POST")
    with pytest.raises(httpx.RemoteProtocolError):
        omni_client.post("/models/spaces/byids", json={"items": [{"space": "sp_pygen_models"}]})
    again = omni_client.post("/models/spaces/byids", json={"items": [{"space": "sp_pygen_models"}]})
    assert again.status_code == 200
    assert again.json()["items"] == [again.json()["items"][0]]
    assert omni_emulator.faults.count("drop") == 1


def test_glob_and_method_filters(omni_emulator: Emulator, omni_client: httpx.Client) -> None:
    omni_emulator.faults.inject("503", path="/models/*/byids", method="POST", count=5)
    assert omni_client.get("/models/views").status_code == 200
    assert (
        omni_client.post(
            "/models/views/byids", json={"items": [{"space": "x", "externalId": "y"}]}
        ).status_code
        == 503
    )
    assert omni_client.post("/models/spaces/byids", json={"items": [{"space": "x"}]}).status_code == 503
    assert omni_emulator.faults.rules[0].remaining == 3


def test_token_endpoint_is_only_faulted_when_named(omni_emulator: Emulator) -> None:
    omni_emulator.faults.inject("503", count=1)
    with api_client(omni_emulator) as client:  # fetches a token: must not be hit by the path-less rule
        assert client.get("/models/spaces").status_code == 503
    omni_emulator.faults.inject("429", path="/oauth2/token", count=1)
    response = httpx.post(omni_emulator.token_url, data={"grant_type": "client_credentials"})
    assert response.status_code == 429
    omni_emulator.faults.clear()


def _pattern(seed: int, rate: float, n: int) -> list[int]:
    with Emulator(fault_seed=seed) as emu:
        emu.faults.inject("503", rate=rate)
        with api_client(emu) as client:
            return [client.get("/models/spaces").status_code for _ in range(n)]


def test_rate_faults_are_reproducible_for_a_seed() -> None:
    first = _pattern(7, 0.5, 40)
    assert first == _pattern(7, 0.5, 40)
    assert 5 < first.count(503) < 35
    assert set(first) == {200, 503}


def test_rate_zero_and_one() -> None:
    faults = Faults(seed=1)
    faults.inject("429", rate=0.0)
    assert all(faults.decide("GET", "/models/views") is None for _ in range(50))
    faults.clear()
    faults.inject("429", rate=1.0)
    assert all(faults.decide("GET", "/models/views") is not None for _ in range(50))
    assert faults.count("429") == 50


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "500"}, "fault kind"),
        ({"kind": "429", "rate": 1.5}, "rate"),
        ({"kind": "429", "rate": 0.1, "count": 2}, "either"),
        ({"kind": "429", "count": -1}, "count"),
    ],
)
def test_invalid_rules_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Faults().inject(**kwargs)  # type: ignore[arg-type]


def test_runtime_client_retries_through_injected_faults(omni_emulator: Emulator) -> None:
    omni_emulator.faults.clear()
    omni_emulator.faults.inject("429", path="/models/views", count=2, retry_after=0)
    omni_emulator.faults.inject("503", path="/models/views", count=1, retry_after=0)
    omni_emulator.faults.inject("drop", path="/models/views", count=1)
    config = omni_emulator.client_config(backoff_base=0.001, backoff_cap=0.002)
    with HTTPClient(config) as http:
        body = http.get("/models/views", params={"limit": 1})
        assert len(body["items"]) == 1
        assert http.stats.retries == 4
    assert omni_emulator.faults.counts == {"429": 2, "503": 1, "drop": 1}
    omni_emulator.faults.clear()


def test_runtime_client_gives_up_after_max_retries(omni_emulator: Emulator) -> None:
    omni_emulator.faults.clear()
    omni_emulator.faults.inject("503", path="/models/spaces", rate=1.0, retry_after=0)
    config = omni_emulator.client_config(max_retries=2, backoff_base=0.001, backoff_cap=0.002)
    with HTTPClient(config) as http, pytest.raises(CDFAPIError) as info:
        http.get("/models/spaces")
    assert info.value.status == 503
    assert omni_emulator.faults.count("503") == 3
    omni_emulator.faults.clear()


def test_after_lets_the_first_requests_through(omni_emulator: Emulator, omni_client: httpx.Client) -> None:
    omni_emulator.faults.inject("503", path="/models/views", after=2, count=1)
    statuses = [omni_client.get("/models/views").status_code for _ in range(4)]
    assert statuses == [200, 200, 503, 200]


def test_negative_after_is_refused() -> None:
    with pytest.raises(ValueError, match="after"):
        Faults().inject("503", after=-1)
