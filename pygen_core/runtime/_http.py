"""A pooled, thread-safe JSON client for the CDF API: gzip bodies, auth, retries with full-jitter backoff.

Logging (``logging``, logger ``<package>._runtime._http``): every attempt at DEBUG (method, path, status,
milliseconds), every retry at INFO; never a header, a query string, a body or a token.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import gzip
import json
import logging
import math
import random
import socket
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, cast
from urllib.parse import urlsplit

import httpx

from ._config import ClientConfig
from ._errors import (
    CDFAPIError,
    CDFAuthError,
    CDFConnectionError,
    CDFError,
    one_line,
    parse_api_error,
    redact,
)

_log = logging.getLogger(__name__)

API_VERSION = "20230101"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
_RETRYABLE_TRANSPORT_ERRORS = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
_CONNECT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout)
CONNECT_RETRIES = 2
"""Retries of a connection that cannot be opened before the server has ever answered this client."""
CONNECT_BACKOFF_CAP = 1.0
"""Longest pause (seconds) between those retries."""
CONNECT_TIMEOUT = 10.0
"""Longest wait (seconds) for a connection to open (``timeout`` when that is shorter)."""


def connect_failure(exc: BaseException) -> str | None:
    """Why a connection could not be opened (an unknown host, a refused connection, no answer), or None
    when ``exc`` happened on an open connection (dropped mid-request, a read timeout)."""
    if not isinstance(exc, _CONNECT_ERRORS):
        return None
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"no answer ({detail})"
    cause: BaseException | None = exc
    for _ in range(10):
        if cause is None:
            break
        if isinstance(cause, socket.gaierror):
            return f"unknown host ({detail})"
        cause = cause.__cause__ or cause.__context__
    return detail


def backoff_delay(
    attempt: int, base: float, cap: float, rng: random.Random | None = None
) -> float:
    """Full-jitter exponential backoff: uniform in ``[0, min(cap, base * 2**attempt)]``, attempt 0-based."""
    ceiling = min(cap, base * 2.0 ** min(attempt, 64))
    return (rng or random).uniform(0.0, ceiling)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a numeric ``Retry-After`` header; None if absent, negative or not a number (a date)."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def retry_delay(
    attempt: int,
    config: ClientConfig,
    retry_after: float | None,
    rng: random.Random | None = None,
    cap: float | None = None,
) -> float:
    """The pause before retry ``attempt``: a server's Retry-After beats jitter; both stop at backoff_cap
    (or at ``cap`` when that is lower)."""
    ceiling = config.backoff_cap if cap is None else min(cap, config.backoff_cap)
    if retry_after is not None:
        return min(retry_after, ceiling)
    return backoff_delay(attempt, config.backoff_base, ceiling, rng)


def build_headers(config: ClientConfig, authorization: str) -> dict[str, str]:
    """The headers sent on every CDF request (the body is always gzip-compressed JSON)."""
    return {
        "Authorization": authorization,
        "Accept": "application/json",
        "Content-Type": "application/json",
        "cdf-version": API_VERSION,
        "x-cdp-sdk": f"hatch-pygen:{config.sdk_version}",
        "x-cdp-app": config.client_name,
    }


def encode_body(payload: Any) -> bytes:
    """Compact JSON, gzip-compressed with a zero mtime so that equal payloads give equal bytes."""
    return gzip.compress(
        json.dumps(
            payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8"),
        mtime=0,
    )


def is_retryable(response: httpx.Response) -> bool:
    """429/502/503/504, or an error CDF flags as auto-retryable (``cdf-is-auto-retryable: true`` header or
    ``"isAutoRetryable": true`` in the error body)."""
    if response.status_code in RETRY_STATUSES:
        return True
    if response.status_code < 400:
        return False
    if response.headers.get("cdf-is-auto-retryable", "").strip().lower() == "true":
        return True
    try:
        body = response.json()
    except ValueError:
        return False
    error: Any = (
        cast("dict[str, Any]", body).get("error") if isinstance(body, dict) else None
    )
    return (
        isinstance(error, dict)
        and cast("dict[str, Any]", error).get("isAutoRetryable") is True
    )


class HTTPStats:
    """Counters for one :class:`HTTPClient`, safe to read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: int = 0
        """HTTP attempts sent (retries included)."""
        self.retries: int = 0
        """Attempts repeated after a retryable status or a connection error."""
        self.token_refreshes: int = 0
        """Attempts repeated with a fresh token after a 401."""
        self.backoff_seconds: float = 0.0
        """Total time slept between retries."""

    def _add(self, name: str, amount: float = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + amount)

    def __repr__(self) -> str:
        return (
            f"HTTPStats(requests={self.requests}, retries={self.retries}, "
            f"token_refreshes={self.token_refreshes}, backoff_seconds={self.backoff_seconds:.3f})"
        )


class HTTPClient:
    """JSON over HTTP to ``{base_url}/api/v1/projects/{project}``; one instance may be shared by threads.

    Retries 429/502/503/504 (and errors CDF flags as retryable) and connections that break mid-request up
    to ``config.max_retries`` times. A connection that cannot be opened (unknown host, refused, no answer
    within 10 s) before the server has ever answered this client fails fast, after
    :data:`CONNECT_RETRIES` short retries: a wrong URL or no network is reported in seconds.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self.stats: HTTPStats = HTTPStats()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._reached = False
        workers = (
            config.max_read_workers
            + config.max_write_workers
            + config.max_delete_workers
        )
        self._client = httpx.Client(
            timeout=httpx.Timeout(
                config.timeout, connect=min(config.timeout, CONNECT_TIMEOUT)
            ),
            limits=httpx.Limits(
                max_connections=max(10, 2 * workers),
                max_keepalive_connections=max(10, workers),
            ),
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"HTTPClient(api_url={self.config.api_url!r})"

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET ``path`` (e.g. ``"/models/views"``) and return the decoded JSON object."""
        return self._request("GET", path, params, None)

    def post(
        self, path: str, json: Any, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """POST ``json`` (gzip-compressed) to ``path`` and return the decoded JSON object."""
        return self._request("POST", path, params, json)

    def post_response(
        self,
        path: str,
        json: Any,
        params: Mapping[str, Any] | None = None,
        *,
        accept: str | None = None,
    ) -> httpx.Response:
        """Like :meth:`post` (same retries and errors for non-2xx) but return the undecoded 2xx response.

        For callers that validate ``response.content`` themselves (``TypeAdapter.validate_json``); when the
        bytes are not what they expect, :meth:`decode` gives :meth:`post`'s decoded body or one-line error.
        ``accept`` replaces the ``Accept`` header (e.g. ``application/protobuf`` for datapoints).
        """
        return self._send("POST", path, params, json, accept)

    def decode(
        self, method: str, path: str, response: httpx.Response
    ) -> dict[str, Any]:
        """The JSON object of a 2xx response, or a one-line :class:`CDFAPIError` naming the request."""
        return self._decode(
            method, path, response, response.headers.get("x-request-id")
        )

    def close(self) -> None:
        """Close the connection pool (and the credentials' token client)."""
        self._client.close()
        self.config.credentials.close()

    def __enter__(self) -> HTTPClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _url(self, path: str) -> str:
        if not path.startswith("/"):
            raise ValueError(f"request path must start with '/' (got {path!r})")
        return self.config.api_url + path

    def _secrets(self) -> tuple[str, ...]:
        return self.config.credentials.sensitive_values()

    def _request(
        self, method: str, path: str, params: Mapping[str, Any] | None, payload: Any
    ) -> dict[str, Any]:
        return self.decode(method, path, self._send(method, path, params, payload))

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        payload: Any,
        accept: str | None = None,
    ) -> httpx.Response:
        url = self._url(path)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        content: bytes | None = None
        headers_extra: dict[str, str] = {}
        if method == "POST":
            try:
                content = encode_body(payload)
            except (TypeError, ValueError) as exc:
                raise CDFError(
                    f"{method} {path}: request body is not valid JSON: {one_line(str(exc))}"
                ) from None
            headers_extra["Content-Encoding"] = "gzip"
        if accept is not None:
            headers_extra["Accept"] = accept
        credentials = self.config.credentials
        attempt = 0
        refreshed = False
        started = time.monotonic()
        while True:
            authorization = credentials.authorization_header()
            headers = {**build_headers(self.config, authorization), **headers_extra}
            self.stats._add("requests")
            sent = time.perf_counter()
            try:
                response = self._client.request(
                    method, url, params=query, content=content, headers=headers
                )
            except _RETRYABLE_TRANSPORT_ERRORS as exc:
                reason = f"{type(exc).__name__}: {exc}"
                self._log_attempt(method, path, attempt, sent, None, reason)
                unreachable = None if self._reached else connect_failure(exc)
                budget = self.config.max_retries
                if unreachable is not None:
                    budget = min(budget, CONNECT_RETRIES)
                if attempt < budget:
                    cap = None if unreachable is None else CONNECT_BACKOFF_CAP
                    self._pause(method, path, attempt, reason, None, cap, budget)
                    attempt += 1
                    continue
                if unreachable is not None:
                    host = urlsplit(url).netloc
                    elapsed = time.monotonic() - started
                    raise CDFConnectionError(
                        self._clean(
                            f"{method} {url}: cannot connect to {host}: {unreachable} "
                            f"({attempt + 1} attempt(s) in {elapsed:.1f}s; check the base URL "
                            "or CDF_CLUSTER / CDF_URL, and the network)"
                        )
                    ) from None
                raise CDFConnectionError(
                    self._clean(
                        f"{method} {url} failed after {attempt + 1} attempt(s): {reason}"
                    )
                ) from None
            except httpx.HTTPError as exc:
                raise CDFConnectionError(
                    self._clean(f"{method} {url} failed: {type(exc).__name__}: {exc}")
                ) from None
            self._reached = True
            self._log_attempt(method, path, attempt, sent, response.status_code, None)
            status = response.status_code
            request_id = response.headers.get("x-request-id")
            if (
                status == 401
                and not refreshed
                and credentials.invalidate(authorization)
            ):
                refreshed = True
                self.stats._add("token_refreshes")
                _log.debug("%s %s: 401, retrying once with a fresh token", method, path)
                continue
            if is_retryable(response) and attempt < self.config.max_retries:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                self._pause(method, path, attempt, f"HTTP {status}", retry_after)
                attempt += 1
                continue
            if status == 401:
                error = parse_api_error(
                    status,
                    response.content,
                    request_id=request_id,
                    secrets=self._secrets(),
                )
                raise CDFAuthError(
                    f"{method} {path}: CDF rejected the credentials (401): {one_line(error.message)}",
                    status=status,
                    request_id=request_id,
                )
            if 300 <= status < 400:
                location = response.headers.get("location", "<no location>")
                message = f"{method} {path}: unexpected redirect to {location} (check the base URL)"
                raise CDFAPIError(
                    status, None, self._clean(message), request_id=request_id
                )
            if not 200 <= status < 300:
                raise parse_api_error(
                    status,
                    response.content,
                    request_id=request_id,
                    secrets=self._secrets(),
                )
            return response

    def _decode(
        self, method: str, path: str, response: httpx.Response, request_id: str | None
    ) -> dict[str, Any]:
        if not response.content:
            return {}
        try:
            body = response.json()
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, dict):
            snippet = one_line(response.text, 120)
            raise CDFAPIError(
                response.status_code,
                None,
                self._clean(
                    f"{method} {path}: expected a JSON object in the response, got {snippet!r}"
                ),
                request_id=request_id,
            )
        return cast("dict[str, Any]", body)

    def _log_attempt(
        self,
        method: str,
        path: str,
        attempt: int,
        sent: float,
        status: int | None,
        error: str | None,
    ) -> None:
        if not _log.isEnabledFor(logging.DEBUG):
            return
        milliseconds = round((time.perf_counter() - sent) * 1000, 1)
        outcome = f"HTTP {status}" if status is not None else self._clean(error or "")
        fields: dict[str, Any] = {
            "event": "http",
            "method": method,
            "path": path,
            "attempt": attempt + 1,
            "duration_ms": milliseconds,
        }
        if status is not None:
            fields["status"] = status
        else:
            fields["error"] = outcome
        _log.debug(
            "%s %s: %s in %.1f ms (attempt %d)",
            method,
            path,
            outcome,
            milliseconds,
            attempt + 1,
            extra={"pygen": fields},
        )

    def _pause(
        self,
        method: str,
        path: str,
        attempt: int,
        reason: str,
        retry_after: float | None,
        cap: float | None = None,
        budget: int | None = None,
    ) -> None:
        with self._rng_lock:
            delay = retry_delay(attempt, self.config, retry_after, self._rng, cap)
        self.stats._add("retries")
        self.stats._add("backoff_seconds", delay)
        cause = self._clean(reason)
        most = self.config.max_retries if budget is None else budget
        _log.info(
            "%s %s: %s, retry %d/%d in %.3fs",
            method,
            path,
            cause,
            attempt + 1,
            most,
            delay,
            extra={
                "pygen": {
                    "event": "retry",
                    "method": method,
                    "path": path,
                    "reason": cause,
                    "retry": attempt + 1,
                    "max_retries": most,
                    "delay_s": round(delay, 3),
                }
            },
        )
        self._sleep(delay)

    def _clean(self, message: str) -> str:
        return redact(one_line(message), self._secrets())
