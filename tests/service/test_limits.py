"""Limits and safety over real HTTP: sizes, snapshot shape, rate limit, timeout, logs, temp files."""

from __future__ import annotations

import copy
import gzip
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen_core.service import Service
from pygen_core.service._pool import PoolBusy, WorkerPool

from .conftest import AUTH, KEY, OTHER_KEY, LogRecorder, omni, pumps, settings

pytestmark = pytest.mark.slow  # worker pools filled, killed and timed out

CANARY = "canary-secret-0123456789-must-never-be-logged"


@pytest.fixture(scope="module")
def small() -> Iterator[Service]:
    limits = settings(
        max_body_bytes=100_000,
        max_json_bytes=200_000,
        max_views=20,
        max_properties=100,
        max_depth=12,
        cdf_urls=(),
    )
    with Service(limits) as running:
        yield running


@pytest.fixture
def small_client(small: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=small.base_url, timeout=60) as http:
        yield http


def _wait_until(condition: Callable[[], bool], seconds: float) -> None:
    """Poll ``condition`` until it holds or ``seconds`` pass (the assertions after it say what failed)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.002)


def _body(snapshot: Any, package: str = "p_sdk") -> dict[str, Any]:
    return {"snapshot": snapshot, "options": {"package": package}}


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


def test_views_and_properties_over_their_limits_are_named(small_client: httpx.Client) -> None:
    error = _error(small_client.post("/v1/validate", json=_body(omni()), headers=AUTH), 400)
    assert error == {
        "code": "limit_exceeded",
        "message": "snapshot: 23 views is over the limit of 20 (max_views)",
    }
    wide = pumps()
    template = next(iter(wide["views"][0]["properties"].values()))
    for n in range(120):
        wide["views"][0]["properties"][f"extra{n}"] = template
    error = _error(small_client.post("/v1/validate", json=_body(wide), headers=AUTH), 400)
    assert error["message"] == "snapshot: 123 properties is over the limit of 100 (max_properties)"
    assert small_client.post("/v1/validate", json=_body(pumps()), headers=AUTH).status_code == 200


def test_nesting_depth_is_limited_even_past_the_json_parsers_recursion(small_client: httpx.Client) -> None:
    nested: Any = "x"
    for _ in range(20):
        nested = {"a": nested}
    error = _error(small_client.post("/v1/validate", json=_body(nested), headers=AUTH), 400)
    assert error == {
        "code": "limit_exceeded",
        "message": "request JSON: nested deeper than the limit of 12 (max_depth)",
    }
    hostile = b'{"snapshot": ' + b"[" * 49_000 + b"]" * 49_000 + b', "options": {"package": "p"}}'
    response = small_client.post(
        "/v1/validate", content=hostile, headers={**AUTH, "Content-Type": "application/json"}
    )
    assert _error(response, 400)["message"] == "request JSON: nested deeper than the limit of 12 (max_depth)"


def test_bodies_over_the_limit_are_refused_with_413(small_client: httpx.Client) -> None:
    big = json.dumps(_body({"views": [], "pad": "x" * 150_000})).encode()
    error = _error(small_client.post("/v1/generate", content=big, headers=AUTH), 413)
    assert error == {
        "code": "too_large",
        "message": f"request body of {len(big)} bytes is over the limit of 100000 bytes (max_body_bytes)",
    }

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    error = _error(small_client.post("/v1/generate", content=chunks(), headers=AUTH), 413)
    assert error["message"] == "request body is over the limit of 100000 bytes (max_body_bytes)"


def test_gzip_bodies_are_limited_after_decompression(small_client: httpx.Client) -> None:
    headers = {**AUTH, "Content-Encoding": "gzip", "Content-Type": "application/json"}
    ok = small_client.post(
        "/v1/validate", content=gzip.compress(json.dumps(_body(pumps())).encode()), headers=headers
    )
    assert ok.status_code == 200, ok.text
    bomb = gzip.compress(b'{"snapshot": "' + b" " * 20_000_000 + b'"}')
    assert len(bomb) < 100_000
    error = _error(small_client.post("/v1/validate", content=bomb, headers=headers), 413)
    assert error["message"] == (
        "request JSON after gzip decompression is over the limit of 200000 bytes (max_json_bytes)"
    )
    error = _error(small_client.post("/v1/validate", content=b"not gzip at all", headers=headers), 400)
    assert error["message"] == "request body: not valid gzip data"
    response = small_client.post("/v1/validate", content=b"{}", headers={**AUTH, "Content-Encoding": "br"})
    assert _error(response, 415)["code"] == "unsupported_encoding"


def test_rate_limit_per_key_answers_429_with_retry_after() -> None:
    with (
        Service(settings(rate_per_minute=60, burst=2)) as running,
        httpx.Client(base_url=running.base_url) as http,
    ):
        body = _body(pumps())
        assert [http.post("/v1/validate", json=body, headers=AUTH).status_code for _ in range(2)] == [
            200,
            200,
        ]
        refused = http.post("/v1/validate", json=body, headers=AUTH)
        error = _error(refused, 429)
        assert error["code"] == "rate_limited"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        # another key has its own bucket; unknown keys are refused before they could spend any
        assert http.post("/v1/validate", json=body, headers={"X-API-Key": OTHER_KEY}).status_code == 200
        assert http.post("/v1/validate", json=body, headers={"X-API-Key": "x" * 20}).status_code == 401
        assert http.get("/v1/health").status_code == 200


def _big_model(copies: int) -> dict[str, Any]:
    model = omni()
    views = []
    for n in range(copies):
        for view in model["views"]:
            renamed = copy.deepcopy(view)
            renamed["externalId"] = f"{view['externalId']}X{n}"
            views.append(renamed)
    model["views"] = views
    return model


def test_a_generation_past_the_timeout_is_stopped_and_the_service_goes_on() -> None:
    with (
        Service(settings(timeout=0.5, max_views=5000)) as running,
        httpx.Client(base_url=running.base_url, timeout=60) as http,
    ):
        pool = running_pool(running)
        before = pool.pids()
        error = _error(http.post("/v1/generate", json=_body(_big_model(80)), headers=AUTH), 504)
        assert error == {
            "code": "timeout",
            "message": "generation ran longer than the limit of 0.5 s (timeout)",
        }
        after = pool.pids()
        assert len(after) == 1
        assert after != before  # the overrunning worker was killed and replaced
        with pytest.raises(ProcessLookupError):
            os.kill(before[0], 0)
        ok = http.post("/v1/generate", json=_body(pumps()), headers=AUTH)
        assert ok.status_code == 200, ok.text


def running_pool(running: Service) -> WorkerPool:
    app = running._server.config.app  # the FastAPI app uvicorn serves
    pool: WorkerPool = app.state.service.pool
    return pool


def test_the_pool_refuses_work_past_max_waiting() -> None:
    pool = WorkerPool(1, max_waiting=1)
    pool.start()
    try:
        slow = {"snapshot": _big_model(20), "options": {"package": "big_sdk"}, "format": "zip"}
        fast = {"snapshot": pumps(), "options": {"package": "p_sdk"}, "format": "zip"}
        results: list[str] = []
        threads = [
            threading.Thread(target=lambda: results.append(pool.run("generate", slow, 60)[0])),
            threading.Thread(target=lambda: results.append(pool.run("generate", fast, 60)[0])),
        ]
        threads[0].start()
        time.sleep(0.2)
        threads[1].start()
        _wait_until(lambda: pool._waiting >= 1, 10)
        with pytest.raises(PoolBusy, match="1 requests are already waiting"):
            pool.run("generate", fast, 60)
        for thread in threads:
            thread.join(60)
        assert results == ["ok", "ok"]
    finally:
        pool.close()
    with pytest.raises(PoolBusy, match="shutting down"):
        pool.run("generate", {}, 1)


def test_callers_arriving_while_the_workers_start_are_not_refused() -> None:
    # The first caller starts the workers (about a second); callers meanwhile count against the pool's
    # capacity (size + max_waiting), not against the waiting line alone.
    pool = WorkerPool(1, max_waiting=1)
    try:
        fast = {"snapshot": pumps(), "options": {"package": "p_sdk"}, "format": "zip"}
        results: list[str] = []
        threads = [
            threading.Thread(target=lambda: results.append(pool.run("generate", fast, 60)[0]))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        _wait_until(lambda: pool._inside >= 2, 10)
        with pytest.raises(PoolBusy, match="1 requests are already waiting"):
            pool.run("generate", fast, 60)
        for thread in threads:
            thread.join(60)
        assert results == ["ok", "ok"]
    finally:
        pool.close()


def test_access_log_has_the_fields_and_never_a_key_or_token(
    small_client: httpx.Client, service_log: LogRecorder
) -> None:
    body = json.dumps(_body(pumps())).encode()
    small_client.post("/v1/validate", content=body, headers=AUTH)
    small_client.post("/v1/validate", content=body, headers={"Authorization": f"Bearer {CANARY}"})
    small_client.post(
        f"/v1/generate?token={CANARY}",
        json={"cdf": {"base-url": "http://127.0.0.1:9", "project": "p"}, "options": {"package": "p_sdk"}},
        headers={**AUTH, "X-CDF-Token": CANARY, "Cookie": f"session={CANARY}"},
    )
    _wait_until(lambda: len(service_log.events()) >= 3, 5)
    events = [e for e in service_log.events() if e.get("event") == "request"]
    assert len(events) == 3
    ok, refused, pulled = events
    assert {
        "ts",
        "method",
        "path",
        "status",
        "duration_ms",
        "key_id",
        "model_bytes",
        "views",
        "properties",
    } <= set(ok)
    assert (ok["method"], ok["path"], ok["status"], ok["key_id"]) == ("POST", "/v1/validate", 200, "tester")
    assert (ok["model_bytes"], ok["views"], ok["properties"]) == (len(body), 2, 3)
    assert ok["duration_ms"] > 0
    assert (refused["status"], refused["key_id"]) == (401, None)
    assert pulled["path"] == "/v1/generate"  # the query string is never logged
    assert pulled["status"] == 400  # this service fetches from no CDF
    assert CANARY not in service_log.text
    assert KEY not in service_log.text


def test_no_file_is_left_behind_in_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    with Service(settings()) as running, httpx.Client(base_url=running.base_url, timeout=120) as http:
        wheel = http.post(
            "/v1/generate",
            json={"snapshot": pumps(), "options": {"package": "p_sdk", "format": "wheel"}},
            headers=AUTH,
        )
        assert wheel.status_code == 200, wheel.text
        strict = {"snapshot": omni(), "options": {"package": "o_sdk", "format": "wheel", "strict": True}}
        assert http.post("/v1/generate", json=strict, headers=AUTH).status_code == 422
        hostile = {"package": "p_sdk", "format": "wheel", "names": {"Pump": "../../escape"}}
        answer = http.post("/v1/generate", json={"snapshot": pumps(), "options": hostile}, headers=AUTH)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["message"].startswith(
            "1 error(s) in the data model: PYG305 options.names"
        )
        assert list(private.iterdir()) == []
    assert not list(tmp_path.glob("**/escape*"))


def test_a_worker_that_died_while_idle_is_replaced_before_the_next_job() -> None:
    with (
        Service(settings(processes=1)) as running,
        httpx.Client(base_url=running.base_url, timeout=60) as http,
    ):
        pool = running_pool(running)
        (victim,) = pool.pids()
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while (
            Path(f"/proc/{victim}").exists() and "State:\tZ" not in Path(f"/proc/{victim}/status").read_text()
        ):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        ok = http.post("/v1/generate", json=_body(pumps()), headers=AUTH)
        assert ok.status_code == 200, ok.text
        (replacement,) = pool.pids()
        assert replacement != victim


def test_requests_past_processes_plus_max_waiting_get_503_busy() -> None:
    slow = _body(_big_model(40))  # about a second per generation: the four requests overlap
    with Service(settings(processes=1, max_waiting=1, max_views=5000)) as running:
        answers: list[int] = []

        def post() -> None:
            with httpx.Client(base_url=running.base_url, timeout=120) as http:
                answers.append(http.post("/v1/generate", json=slow, headers=AUTH).status_code)

        threads = [threading.Thread(target=post) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    assert sorted(answers) == [200, 200, 503, 503]
