"""Credentials: a static token, or OAuth2 client credentials with a cached, thread-safe token."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import httpx

from ._errors import CDFAuthError, CDFConnectionError, ConfigError, one_line, redact

_HIDDEN = "***"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Credentials:
    """Base of all credentials: supplies the ``Authorization`` header for each request."""

    def authorization_header(self) -> str:
        """The ``Authorization`` header value, e.g. ``"Bearer <token>"``."""
        raise NotImplementedError

    def invalidate(self, header: str) -> bool:
        """Forget ``header`` after CDF rejected it; return True if a fresh one can be obtained."""
        return False

    def sensitive_values(self) -> tuple[str, ...]:
        """Strings that must never appear in a message, log line or repr."""
        return ()

    def close(self) -> None:
        """Release any resources (e.g. a connection pool to the token endpoint)."""


class Token(Credentials):
    """A static bearer token (e.g. ``CDF_TOKEN``); it cannot be refreshed."""

    def __init__(self, token: str) -> None:
        # Checked at run time too (``cast(object, ...)``): callers need not be type-checked.
        if not isinstance(cast(object, token), str) or not token.strip():
            raise ConfigError("Token: token must be a non-empty string")
        self._token = token.strip()

    def authorization_header(self) -> str:
        """``"Bearer <token>"``."""
        return f"Bearer {self._token}"

    def sensitive_values(self) -> tuple[str, ...]:
        """The token."""
        return (self._token,)

    def __repr__(self) -> str:
        return f"Token(token={_HIDDEN!r})"


class CachedTokenCredentials(Credentials):
    """An OAuth2 access token cached under a lock and renewed (``_renew``) when fewer than ``leeway``
    seconds of its lifetime remain or after CDF rejected it."""

    def __init__(
        self, leeway: float, timeout: float, clock: Callable[[], float]
    ) -> None:
        self.leeway: float = leeway
        self.timeout: float = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._http: httpx.Client | None = None

    def authorization_header(self) -> str:
        """``"Bearer <token>"``: the cached token, or a fresh one when it is (nearly) expired."""
        with self._lock:
            if self._token is None or self._clock() >= self._expires_at - self.leeway:
                self._token = None
                self._renew()
            return f"Bearer {self._token}"

    def invalidate(self, header: str) -> bool:
        """Drop the cached token if ``header`` carries it; a fresh one can always be obtained."""
        with self._lock:
            if self._token is not None and header == f"Bearer {self._token}":
                self._token = None
        return True

    def close(self) -> None:
        """Close the connection pool to the identity provider."""
        with self._lock:
            if self._http is not None:
                self._http.close()
                self._http = None

    def _renew(self) -> None:
        """Set ``_token`` and ``_expires_at`` (called with the lock held)."""
        raise NotImplementedError

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=self.timeout)
        return self._http

    def _clean(self, message: str) -> str:
        return redact(one_line(message), self.sensitive_values())


def scope_tuple(owner: str, scopes: Sequence[str]) -> tuple[str, ...]:
    """``scopes`` (one string or several) as a tuple; none, or a non-string, is a ``ConfigError``."""
    if isinstance(scopes, str):
        scopes = [scopes]
    if not scopes or not all(isinstance(cast(object, s), str) and s for s in scopes):
        raise ConfigError(f"{owner}: scopes must be a non-empty list of strings")
    return tuple(scopes)


class OAuthClientCredentials(CachedTokenCredentials):
    """OAuth2 client-credentials flow: form-encoded POST to ``token_url``; the token is cached and
    refreshed (once, under a lock) when fewer than ``leeway`` seconds of its lifetime remain.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: Sequence[str],
        *,
        extra_params: Mapping[str, str] | None = None,
        leeway: float = 30.0,
        timeout: float = 30.0,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        for name, value in (
            ("token_url", token_url),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ):
            if not isinstance(cast(object, value), str) or not value.strip():
                raise ConfigError(
                    f"OAuthClientCredentials: {name} must be a non-empty string"
                )
        if not token_url.startswith(("https://", "http://")):
            raise ConfigError(
                f"OAuthClientCredentials: token_url must start with https:// (got {token_url!r})"
            )
        scope_names = scope_tuple("OAuthClientCredentials", scopes)
        if leeway < 0 or timeout <= 0 or max_retries < 0:
            raise ConfigError(
                "OAuthClientCredentials: leeway and max_retries must be >= 0, timeout > 0"
            )
        super().__init__(leeway, timeout, clock)
        self.token_url: str = token_url
        self.client_id: str = client_id
        self._client_secret = client_secret
        self.scopes: tuple[str, ...] = scope_names
        self.extra_params: dict[str, str] = dict(extra_params or {})
        self.max_retries: int = max_retries
        self.fetch_count: int = 0
        """How many tokens were fetched from the IdP so far."""

    def __repr__(self) -> str:
        return (
            f"OAuthClientCredentials(token_url={self.token_url!r}, client_id={self.client_id!r}, "
            f"client_secret={_HIDDEN!r}, scopes={list(self.scopes)!r})"
        )

    def sensitive_values(self) -> tuple[str, ...]:
        """The client secret and the cached token, if any."""
        token = self._token
        return (self._client_secret, token) if token else (self._client_secret,)

    def _renew(self) -> None:
        self._token, lifetime = self._fetch_token()
        self._expires_at = self._clock() + lifetime

    def _fetch_token(self) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "scope": " ".join(self.scopes),
            **self.extra_params,
        }
        attempt = 0
        while True:
            try:
                response = self._client().post(
                    self.token_url, data=form, headers={"Accept": "application/json"}
                )
            except (
                httpx.TimeoutException,
                httpx.NetworkError,
                httpx.RemoteProtocolError,
            ) as exc:
                if attempt < self.max_retries:
                    attempt += 1
                    time.sleep(random.uniform(0, min(5.0, 0.2 * 2**attempt)))
                    continue
                message = f"cannot reach token endpoint {self.token_url}: {type(exc).__name__}: {exc}"
                raise CDFConnectionError(self._clean(message)) from None
            if response.status_code in _RETRY_STATUSES and attempt < self.max_retries:
                attempt += 1
                time.sleep(random.uniform(0, min(5.0, 0.2 * 2**attempt)))
                continue
            result = self._parse_token_response(response)
            self.fetch_count += 1
            return result

    def _parse_token_response(self, response: httpx.Response) -> tuple[str, float]:
        where = f"token request to {self.token_url} (client_id {self.client_id!r})"
        try:
            payload: Any = response.json()
        except ValueError:
            payload = None
        body = cast("dict[str, Any]", payload) if isinstance(payload, dict) else None
        if response.status_code >= 400 or body is None:
            detail = (
                _idp_error_detail(body)
                if body is not None
                else one_line(response.text, 200)
            )
            message = f"{where} failed with HTTP {response.status_code}: {detail or '<empty body>'}"
            raise CDFAuthError(self._clean(message), status=response.status_code)
        if "error" in body:
            raise CDFAuthError(
                self._clean(f"{where} failed: {_idp_error_detail(body)}")
            )
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise CDFAuthError(self._clean(f"{where}: response has no 'access_token'"))
        expires_in = body.get("expires_in")
        try:
            lifetime = float(expires_in) if expires_in is not None else float("inf")
        except (TypeError, ValueError):
            raise CDFAuthError(
                self._clean(f"{where}: 'expires_in' is not a number")
            ) from None
        return token, lifetime


def _idp_error_detail(payload: dict[str, Any]) -> str:
    error = payload.get("error")
    description = payload.get("error_description")
    parts = [str(part) for part in (error, description) if part]
    return one_line(": ".join(parts), 300)
