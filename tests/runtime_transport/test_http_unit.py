"""Pure parts of the HTTP client: backoff math, Retry-After parsing, headers and body encoding."""

from __future__ import annotations

import gzip
import json
import random

import httpx
import pytest

from pygen_core.runtime import ClientConfig, HTTPClient, Token
from pygen_core.runtime._http import (
    API_VERSION,
    backoff_delay,
    build_headers,
    encode_body,
    is_retryable,
    parse_retry_after,
    retry_delay,
)


def _config(**kwargs: object) -> ClientConfig:
    return ClientConfig("https://x.cognitedata.com", "p", Token("tok"), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("attempt", range(12))
def test_backoff_stays_within_full_jitter_bounds(attempt: int) -> None:
    rng = random.Random(attempt)
    ceiling = min(8.0, 0.5 * 2**attempt)
    delays = [backoff_delay(attempt, 0.5, 8.0, rng) for _ in range(200)]
    assert all(0.0 <= d <= ceiling for d in delays)
    # full jitter spreads over the whole window, not just near the ceiling
    assert min(delays) < ceiling * 0.2
    assert max(delays) > ceiling * 0.8


def test_backoff_is_capped_and_survives_huge_attempts() -> None:
    rng = random.Random(1)
    assert all(backoff_delay(10_000, 1.0, 3.0, rng) <= 3.0 for _ in range(100))


def test_backoff_is_deterministic_for_a_seeded_rng() -> None:
    first = [backoff_delay(i, 0.1, 10, random.Random(7)) for i in range(5)]
    second = [backoff_delay(i, 0.1, 10, random.Random(7)) for i in range(5)]
    assert first == second


def test_backoff_zero_base_means_no_wait() -> None:
    assert backoff_delay(5, 0.0, 10.0) == 0.0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("3", 3.0),
        (" 0.25 ", 0.25),
        ("0", 0.0),
        ("-1", None),
        ("nan", None),
        ("inf", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
        ("", None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header) == expected


def test_retry_after_overrides_jitter_but_respects_cap() -> None:
    config = _config(backoff_base=0.001, backoff_cap=5.0)
    assert retry_delay(0, config, 2.0) == 2.0
    assert retry_delay(0, config, 60.0) == 5.0
    assert 0.0 <= retry_delay(3, config, None, random.Random(0)) <= 0.008


def test_headers() -> None:
    config = _config(client_name="my-app", sdk_version="1.2.3")
    headers = build_headers(config, "Bearer abc")
    assert headers["Authorization"] == "Bearer abc"
    assert headers["cdf-version"] == API_VERSION == "20230101"
    assert headers["x-cdp-sdk"] == "hatch-pygen:1.2.3"
    assert headers["x-cdp-app"] == "my-app"
    assert headers["Content-Type"] == "application/json"
    assert headers["Accept"] == "application/json"


def test_body_is_gzip_json_and_deterministic() -> None:
    payload = {"items": [{"space": "s", "externalId": "æøå", "n": 1.5}]}
    body = encode_body(payload)
    assert body == encode_body(payload)
    assert json.loads(gzip.decompress(body)) == payload


def test_body_rejects_nan() -> None:
    with pytest.raises(ValueError, match="JSON"):
        encode_body({"x": float("nan")})


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {}, True),
        (502, {}, True),
        (503, {}, True),
        (504, {}, True),
        (500, {}, False),
        (400, {}, False),
        (409, {"cdf-is-auto-retryable": "true"}, True),
        (500, {"cdf-is-auto-retryable": "True"}, True),
        (400, {"cdf-is-auto-retryable": "false"}, False),
        (200, {"cdf-is-auto-retryable": "true"}, False),
    ],
)
def test_is_retryable(status: int, headers: dict[str, str], expected: bool) -> None:
    assert is_retryable(httpx.Response(status, headers=headers)) is expected


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (409, {"error": {"code": 409, "message": "conflict", "isAutoRetryable": True}}, True),
        (409, {"error": {"code": 409, "message": "conflict", "isAutoRetryable": False}}, False),
        (400, {"error": {"code": 400, "message": "bad", "isAutoRetryable": "true"}}, False),
        (400, ["not", "an", "object"], False),
        (200, {"error": {"isAutoRetryable": True}}, False),
    ],
)
def test_is_retryable_reads_the_error_body_flag(status: int, body: object, expected: bool) -> None:
    assert is_retryable(httpx.Response(status, json=body)) is expected


def test_is_retryable_tolerates_non_json_error_bodies() -> None:
    assert is_retryable(httpx.Response(400, content=b"<html>oops</html>")) is False


def test_paths_must_be_relative_to_the_project() -> None:
    with HTTPClient(_config()) as http:
        with pytest.raises(ValueError, match="must start with '/'"):
            http.get("models/views")
        assert http.stats.requests == 0


def test_unserialisable_body_is_a_clear_error_before_any_request() -> None:
    from pygen_core.runtime import CDFError

    with HTTPClient(_config()) as http:
        with pytest.raises(CDFError, match="POST /models/views: request body is not valid JSON"):
            http.post("/models/views", {"items": [object()]})
        assert http.stats.requests == 0


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"json": {"items": []}}, {"items": []}), ({"content": b""}, {})],
)
def test_successful_bodies_are_decoded(kwargs: dict[str, object], expected: dict[str, object]) -> None:
    with HTTPClient(_config()) as http:
        assert http._decode("GET", "/models/spaces", httpx.Response(200, **kwargs), "r1") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("content", [b"<html>ok</html>", b"[1, 2]", b'"text"'])
def test_successful_non_object_bodies_are_a_clear_error(content: bytes) -> None:
    from pygen_core.runtime import CDFAPIError

    with HTTPClient(_config()) as http, pytest.raises(CDFAPIError) as info:
        http._decode("GET", "/models/spaces", httpx.Response(200, content=content), "r1")
    assert info.value.request_id == "r1"
    assert "GET /models/spaces: expected a JSON object in the response" in str(info.value)
