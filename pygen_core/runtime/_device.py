"""OAuth2 device-code login (RFC 8628) for interactive use: sign in once in a browser, then refresh.

The first request asks the identity provider for a device code, shows where to sign in (``prompt``, by
default a line on stderr), and polls the token endpoint at the interval the provider asks for until the
login is approved, denied or expired. The token is cached and renewed with the refresh token when one was
given, else by a new login.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import httpx

from ._credentials import CachedTokenCredentials, scope_tuple
from ._errors import CDFAuthError, CDFConnectionError, ConfigError, one_line

__all__ = ["OAuthDeviceCode"]

_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class OAuthDeviceCode(CachedTokenCredentials):
    """Device-code login: ``OAuthDeviceCode(device_code_url, token_url, client_id, scopes)``.

    For Entra ID the URLs are ``https://login.microsoftonline.com/<tenant>/oauth2/v2.0/devicecode`` and
    ``.../token`` (:meth:`entra`). ``prompt`` receives the one-line instruction for the user.
    """

    def __init__(
        self,
        device_code_url: str,
        token_url: str,
        client_id: str,
        scopes: Sequence[str],
        *,
        extra_params: Mapping[str, str] | None = None,
        prompt: Callable[[str], None] | None = None,
        leeway: float = 30.0,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        for name, value in (
            ("device_code_url", device_code_url),
            ("token_url", token_url),
            ("client_id", client_id),
        ):
            if not isinstance(cast(object, value), str) or not value.strip():
                raise ConfigError(f"OAuthDeviceCode: {name} must be a non-empty string")
        for name, url in (
            ("device_code_url", device_code_url),
            ("token_url", token_url),
        ):
            if not url.startswith(("https://", "http://")):
                raise ConfigError(
                    f"OAuthDeviceCode: {name} must start with https:// (got {url!r})"
                )
        scope_names = scope_tuple("OAuthDeviceCode", scopes)
        super().__init__(leeway, timeout, clock)
        self.device_code_url: str = device_code_url
        self.token_url: str = token_url
        self.client_id: str = client_id
        self.scopes: tuple[str, ...] = scope_names
        self.extra_params: dict[str, str] = dict(extra_params or {})
        self._prompt = prompt or _stderr
        self._sleep = sleep
        self._refresh: str | None = None
        self.logins: int = 0
        """How many device logins the user went through."""

    @classmethod
    def entra(
        cls,
        tenant_id: str,
        client_id: str,
        scopes: Sequence[str],
        **options: Any,
    ) -> OAuthDeviceCode:
        """Device-code login against Entra ID (Azure AD) tenant ``tenant_id``."""
        base = f"https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0"
        return cls(f"{base}/devicecode", f"{base}/token", client_id, scopes, **options)

    def __repr__(self) -> str:
        return (
            f"OAuthDeviceCode(device_code_url={self.device_code_url!r}, token_url={self.token_url!r}, "
            f"client_id={self.client_id!r}, scopes={list(self.scopes)!r})"
        )

    def sensitive_values(self) -> tuple[str, ...]:
        """The cached access and refresh tokens."""
        return tuple(v for v in (self._token, self._refresh) if v)

    # -- the flow ----------------------------------------------------------------------------------
    def _post(self, url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        try:
            response = self._client().post(
                url, data=form, headers={"Accept": "application/json"}
            )
        except httpx.HTTPError as exc:
            raise CDFConnectionError(
                self._clean(f"cannot reach {url}: {type(exc).__name__}: {exc}")
            ) from None
        try:
            payload: Any = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise CDFAuthError(
                self._clean(
                    f"{url} answered HTTP {response.status_code} without a JSON object: "
                    f"{one_line(response.text, 120)!r}"
                ),
                status=response.status_code,
            )
        return response.status_code, cast("dict[str, Any]", payload)

    def _renew(self) -> None:
        if self._refresh is not None:
            form = {
                "grant_type": "refresh_token",
                "refresh_token": self._refresh,
                "client_id": self.client_id,
                "scope": " ".join(self.scopes),
            }
            status, body = self._post(self.token_url, form)
            if status < 400 and "access_token" in body:
                self._accept(body)
                return
            self._refresh = None  # spent or revoked: sign in again
        self._login()

    def _login(self) -> None:
        form = {
            "client_id": self.client_id,
            "scope": " ".join(self.scopes),
            **self.extra_params,
        }
        status, start = self._post(self.device_code_url, form)
        if status >= 400 or "error" in start:
            raise CDFAuthError(
                self._clean(
                    f"device login at {self.device_code_url} failed: {_detail(start)}"
                ),
                status=status,
            )
        try:
            device_code = str(start["device_code"])
            user_code = str(start["user_code"])
            uri = str(
                start.get("verification_uri_complete") or start["verification_uri"]
            )
            interval = float(start.get("interval", 5))
            expires_at = self._clock() + float(start.get("expires_in", 900))
        except (KeyError, TypeError, ValueError):
            raise CDFAuthError(
                f"device login at {self.device_code_url}: the answer lacks device_code, user_code "
                "or verification_uri"
            ) from None
        self._prompt(f"To sign in to CDF, open {uri} and enter the code {user_code}")
        poll = {
            "grant_type": _GRANT,
            "device_code": device_code,
            "client_id": self.client_id,
        }
        while True:
            self._sleep(interval)
            if self._clock() >= expires_at:
                raise CDFAuthError(
                    "device login expired before it was approved; try again"
                )
            status, body = self._post(self.token_url, poll)
            error = body.get("error")
            if error == "authorization_pending":
                continue
            if error == "slow_down":
                interval += 5
                continue
            if error == "access_denied":
                raise CDFAuthError("device login was denied", status=status)
            if error == "expired_token":
                raise CDFAuthError(
                    "device login expired before it was approved; try again"
                )
            if error is not None or status >= 400:
                raise CDFAuthError(
                    self._clean(f"device login failed: {_detail(body)}"), status=status
                )
            self.logins += 1
            self._accept(body)
            return

    def _accept(self, body: dict[str, Any]) -> None:
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise CDFAuthError(
                f"token response from {self.token_url} has no 'access_token'"
            )
        try:
            lifetime = float(body.get("expires_in", float("inf")))
        except (TypeError, ValueError):
            raise CDFAuthError(
                f"token response from {self.token_url}: 'expires_in' is not a number"
            ) from None
        refresh = body.get("refresh_token")
        self._token = token
        self._refresh = refresh if isinstance(refresh, str) and refresh else None
        self._expires_at = self._clock() + lifetime


def _detail(payload: dict[str, Any]) -> str:
    parts = [
        str(p) for p in (payload.get("error"), payload.get("error_description")) if p
    ]
    return one_line(": ".join(parts), 300) or "no error given"
