"""HTTPClient against the real emulator: requests, gzip bodies, errors, retries, dropped connections."""

from __future__ import annotations

import socket
import threading

import pytest

from pygen_core.emulator import Emulator
from pygen_core.runtime import CDFAPIError, CDFConnectionError, ClientConfig, HTTPClient, Token

from .conftest import OMNI_SPACE, SleepRecorder, fast_config


def _view_count(http: HTTPClient) -> int:
    return len(http.get("/models/views", params={"space": OMNI_SPACE, "limit": 1000})["items"])


def test_get_returns_the_omni_views(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http:
        body = http.get("/models/views", params={"space": OMNI_SPACE, "limit": 1000, "cursor": None})
        assert len(body["items"]) == 23
        assert {view["space"] for view in body["items"]} == {OMNI_SPACE}
        assert http.stats.requests == 1
        assert http.stats.retries == 0


def test_gzip_post_body_is_understood(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http:
        listed = http.get("/models/views", params={"space": OMNI_SPACE, "limit": 1000})["items"]
        wanted = sorted((v["externalId"], v["version"]) for v in listed)[:5]
        ids = [{"space": OMNI_SPACE, "externalId": xid, "version": ver} for xid, ver in wanted]
        found = http.post("/models/views/byids", {"items": ids})["items"]
        assert sorted((v["externalId"], v["version"]) for v in found) == wanted


def test_error_body_becomes_cdf_api_error_with_request_id(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http, pytest.raises(CDFAPIError) as info:
        http.post("/models/views/byids", {"items": [{"space": OMNI_SPACE}] * 101})
    err = info.value
    assert err.status == 400
    assert err.code == 400
    assert err.request_id
    assert err.message
    assert str(err).startswith(f"CDF API error 400 (request id {err.request_id}): ")
    assert "\n" not in str(err)


def test_unknown_path_is_a_404_api_error(emulator: Emulator) -> None:
    with HTTPClient(emulator.client_config()) as http:
        with pytest.raises(CDFAPIError) as info:
            http.get("/models/no-such-thing")
        assert info.value.status == 404
        assert http.stats.retries == 0


def test_429_with_retry_after_is_retried_and_honoured(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("429", path="/models/views", count=2, retry_after=0.75)
    with HTTPClient(fast_config(emulator, backoff_cap=5.0), sleep=sleeps) as http:
        assert _view_count(http) == 23
        assert http.stats.retries == 2
        assert http.stats.requests == 3
        assert http.stats.backoff_seconds == pytest.approx(1.5)
    assert sleeps.delays == [0.75, 0.75]
    assert emulator.faults.count("429", "/models/views") == 2


def test_retry_after_is_capped_by_backoff_cap(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("429", path="/models/views", count=1, retry_after=30)
    with HTTPClient(fast_config(emulator, backoff_cap=2.0), sleep=sleeps) as http:
        assert _view_count(http) == 23
    assert sleeps.delays == [2.0]


def test_503_is_retried(emulator: Emulator) -> None:
    # Really sleeps: Retry-After 0.001 s.
    emulator.faults.inject("503", path="/models/views", count=3, retry_after=0.001)
    with HTTPClient(fast_config(emulator)) as http:
        assert _view_count(http) == 23
        assert http.stats.retries == 3
    assert emulator.faults.count("503") == 3


def test_retries_give_up_after_max_retries(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("503", path="/models/views", count=10, retry_after=0.5)
    with HTTPClient(fast_config(emulator, max_retries=2), sleep=sleeps) as http:
        with pytest.raises(CDFAPIError) as info:
            _view_count(http)
        assert info.value.status == 503
        assert "\n" not in str(info.value)
        assert http.stats.requests == 3
        assert http.stats.retries == 2
    assert emulator.faults.count("503") == 3


def test_max_retries_zero_disables_retrying(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("429", path="/models/views", count=1)
    with HTTPClient(fast_config(emulator, max_retries=0), sleep=sleeps) as http:
        with pytest.raises(CDFAPIError) as info:
            _view_count(http)
        assert info.value.status == 429
        assert http.stats.retries == 0
    assert sleeps.delays == []
    assert emulator.faults.count("429") == 1


def test_dropped_connections_are_retried(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("drop", path="/models/views", count=2)
    with HTTPClient(fast_config(emulator), sleep=sleeps) as http:
        assert _view_count(http) == 23
        assert http.stats.retries == 2
    assert len(sleeps.delays) == 2
    assert all(0.0 <= d <= 0.01 for d in sleeps.delays)


def test_dropped_post_is_retried_too(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("drop", path="/models/views/byids", method="POST", count=1)
    ids = [{"space": OMNI_SPACE, "externalId": "does-not-exist", "version": "1"}]
    with HTTPClient(fast_config(emulator), sleep=sleeps) as http:
        assert http.post("/models/views/byids", {"items": ids}) == {"items": []}
        assert http.stats.retries == 1


def test_persistent_drops_raise_connection_error(emulator: Emulator, sleeps: SleepRecorder) -> None:
    emulator.faults.inject("drop", path="/models/views", count=10)
    with HTTPClient(fast_config(emulator, max_retries=3), sleep=sleeps) as http:
        with pytest.raises(CDFConnectionError) as info:
            _view_count(http)
        assert http.stats.retries == 3
    message = str(info.value)
    assert "GET" in message
    assert "/models/views" in message
    assert "after 4 attempt(s)" in message
    assert "\n" not in message


def test_refused_connection_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = ClientConfig(f"http://127.0.0.1:{port}", "p", Token("t"), max_retries=2, backoff_base=0.0)
    sleeps = SleepRecorder()
    with HTTPClient(config, sleep=sleeps) as http:
        with pytest.raises(CDFConnectionError, match="ConnectError"):
            http.get("/models/spaces")
        assert http.stats.retries == 2
    assert sleeps.delays == [0.0, 0.0]


def test_concurrent_requests_share_one_token_and_count_retries(emulator: Emulator) -> None:
    emulator.faults.reseed(3)
    emulator.faults.inject("429", path="/models/views", rate=0.3, retry_after=0.001)
    config = fast_config(emulator, max_retries=20)
    errors: list[BaseException] = []
    counts: list[int] = []

    def work(http: HTTPClient) -> None:
        try:
            for _ in range(5):
                counts.append(_view_count(http))
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    with HTTPClient(config) as http:
        threads = [threading.Thread(target=work, args=(http,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert counts == [23] * 40
        assert http.stats.retries == emulator.faults.count("429") > 0
        assert http.stats.requests == 40 + http.stats.retries
    assert config.credentials.fetch_count == 1  # type: ignore[attr-defined]


def test_a_redirect_is_an_error_not_an_empty_result(emulator: Emulator) -> None:
    # starlette answers a trailing slash with a 307 redirect
    with HTTPClient(emulator.client_config()) as http:
        with pytest.raises(CDFAPIError) as info:
            http.get("/models/spaces/")
        assert http.stats.retries == 0
    assert 300 <= info.value.status < 400
    assert "GET /models/spaces/: unexpected redirect to " in str(info.value)
    assert "/models/spaces" in str(info.value)
