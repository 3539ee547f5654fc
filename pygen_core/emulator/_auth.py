"""OAuth2 for the emulator: client-credentials and device-code (RFC 8628) grants, refresh tokens, checks."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels (no words), no look-alikes


class AuthError(Exception):
    """A request without a valid token; the message is safe to show (it never contains the token)."""


@dataclass(frozen=True)
class _Token:
    project: str
    expires_at: float


@dataclass
class _Device:
    device_code: str
    user_code: str
    client_id: str
    expires_at: float
    interval: float
    polls: int = 0
    last_poll: float | None = None
    state: str = "pending"  # pending | approved | denied | used
    scope: str = field(default="")


class TokenIssuer:
    """Issues bearer tokens for one client id/secret and checks them on every API request.

    ``token_ttl`` (seconds) may be changed at any time; it applies to tokens issued afterwards.
    """

    def __init__(self, project: str, client_id: str, client_secret: str, token_ttl: float = 3600.0) -> None:
        self.project = project
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_ttl = token_ttl
        self._tokens: dict[str, _Token] = {}
        self._refresh: dict[str, str] = {}
        self._devices: dict[str, _Device] = {}
        self._lock = threading.Lock()
        self.issued = 0
        self.device_interval = 1.0
        """Seconds a device-code client waits between polls (``interval``); sooner → ``slow_down``."""
        self.device_ttl = 900.0
        """Seconds a device code stays valid (``expires_in``)."""
        self.device_auto_approve_after: int | None = 2
        """Polls answered ``authorization_pending`` before the emulator approves by itself (None: never)."""

    def __repr__(self) -> str:
        return f"TokenIssuer(project={self.project!r}, client_id={self.client_id!r}, client_secret=***)"

    def check_client(self, client_id: str | None, client_secret: str | None) -> bool:
        """True if the credentials match (constant-time comparison)."""
        if client_id is None or client_secret is None:
            return False
        same_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        same_secret = hmac.compare_digest(client_secret.encode(), self._client_secret.encode())
        return same_id and same_secret

    def issue(self) -> tuple[str, float]:
        """A new token and its lifetime in seconds."""
        token = secrets.token_urlsafe(32)
        ttl = self.token_ttl
        with self._lock:
            now = time.monotonic()
            self._tokens = {key: tok for key, tok in self._tokens.items() if tok.expires_at > now}
            self._tokens[token] = _Token(self.project, now + ttl)
            self.issued += 1
        return token, ttl

    def revoke_all(self) -> None:
        """Invalidate every token issued so far (refresh tokens too)."""
        with self._lock:
            self._tokens.clear()
            self._refresh.clear()

    # -- device code (RFC 8628) -----------------------------------------------------------------------------
    def start_device(
        self, client_id: str | None, scope: str, verification_uri: str
    ) -> tuple[int, dict[str, Any]]:
        """The device authorization response (or an OAuth error body) for ``POST /oauth2/devicecode``."""
        if client_id is None or not hmac.compare_digest(client_id.encode(), self.client_id.encode()):
            return 401, {"error": "invalid_client", "error_description": "Unknown client id"}
        user_code = "-".join("".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(4)) for _ in range(2))
        device = _Device(
            device_code=secrets.token_urlsafe(32),
            user_code=user_code,
            client_id=client_id,
            expires_at=time.monotonic() + self.device_ttl,
            interval=self.device_interval,
            scope=scope,
        )
        with self._lock:
            now = time.monotonic()
            self._devices = {k: d for k, d in self._devices.items() if d.expires_at > now}
            self._devices[device.device_code] = device
        interval = int(device.interval) if float(device.interval).is_integer() else device.interval
        expires = int(self.device_ttl) if float(self.device_ttl).is_integer() else self.device_ttl
        return 200, {
            "device_code": device.device_code,
            "user_code": user_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": f"{verification_uri}?user_code={user_code}",
            "expires_in": expires,
            "interval": interval,
            "message": f"To sign in, open {verification_uri} and enter the code {user_code}.",
        }

    def approve(self, user_code: str) -> None:
        """Approve a pending device login as the user would in a browser (unknown code: ``KeyError``)."""
        self._decide(user_code, "approved")

    def deny(self, user_code: str) -> None:
        """Refuse a pending device login: the next poll answers ``access_denied``."""
        self._decide(user_code, "denied")

    def pending_user_codes(self) -> list[str]:
        """User codes of device logins still waiting for approval."""
        with self._lock:
            now = time.monotonic()
            return [
                d.user_code for d in self._devices.values() if d.state == "pending" and d.expires_at > now
            ]

    def _decide(self, user_code: str, state: str) -> None:
        wanted = user_code.strip().upper()
        with self._lock:
            for device in self._devices.values():
                if (
                    device.user_code == wanted
                    and device.state == "pending"
                    and device.expires_at > time.monotonic()
                ):
                    device.state = state
                    return
        raise KeyError(f"no pending device login with user code {user_code!r}")

    def poll_device(self, device_code: str | None, client_id: str | None) -> tuple[int, dict[str, Any]]:
        """The token endpoint's answer to a ``device_code`` grant poll."""
        with self._lock:
            device = self._devices.get(device_code or "")
            if device is None or device.state == "used":
                return 400, {
                    "error": "invalid_grant",
                    "error_description": "Unknown or already used device code",
                }
            if client_id != device.client_id:
                return 401, {
                    "error": "invalid_client",
                    "error_description": "The device code belongs to another client",
                }
            now = time.monotonic()
            if device.expires_at <= now:
                return 400, {"error": "expired_token", "error_description": "The device code has expired"}
            if device.state == "denied":
                device.state = "used"
                return 400, {"error": "access_denied", "error_description": "The user declined the login"}
            too_soon = device.last_poll is not None and now - device.last_poll < device.interval
            device.last_poll = now
            if device.state == "pending" and too_soon:
                device.interval += 5.0
                return 400, {"error": "slow_down", "error_description": "Polling too often; wait longer"}
            device.polls += 1
            auto = self.device_auto_approve_after
            if device.state == "pending" and auto is not None and device.polls > auto:
                device.state = "approved"
            if device.state == "pending":
                return 400, {"error": "authorization_pending", "error_description": "Waiting for the user"}
            device.state = "used"
        return 200, self.token_response(refresh=True)

    def refresh(self, refresh_token: str | None, client_id: str | None) -> tuple[int, dict[str, Any]]:
        """The token endpoint's answer to a ``refresh_token`` grant (the refresh token rotates)."""
        with self._lock:
            owner = self._refresh.pop(refresh_token or "", None)
        if owner is None or owner != client_id:
            return 400, {
                "error": "invalid_grant",
                "error_description": "Unknown, used or revoked refresh token",
            }
        return 200, self.token_response(refresh=True)

    def token_response(self, *, refresh: bool = False) -> dict[str, Any]:
        """A new access token as the token endpoint's JSON body (with a refresh token when asked)."""
        access_token, ttl = self.issue()
        body: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": int(ttl) if float(ttl).is_integer() else ttl,
        }
        if refresh:
            token = secrets.token_urlsafe(32)
            with self._lock:
                self._refresh[token] = self.client_id
            body["refresh_token"] = token
        return body

    def verify(self, authorization: str | None, project: str) -> None:
        """Raise :class:`AuthError` unless ``authorization`` is a live bearer token for ``project``."""
        if not authorization:
            raise AuthError("Missing Authorization header: expected 'Bearer <token>'")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("Malformed Authorization header: expected 'Bearer <token>'")
        with self._lock:
            found = self._tokens.get(token.strip())
        if found is None:
            raise AuthError("Unknown or revoked bearer token")
        if found.expires_at <= time.monotonic():
            raise AuthError("Bearer token has expired")
        if found.project != project:
            raise AuthError(f"The token does not grant access to project {project!r}")
