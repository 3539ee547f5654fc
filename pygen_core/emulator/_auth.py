"""OAuth2 client-credentials tokens for the emulator: issue, expire, check."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass


class AuthError(Exception):
    """A request without a valid token; the message is safe to show (it never contains the token)."""


@dataclass(frozen=True)
class _Token:
    project: str
    expires_at: float


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
        self._lock = threading.Lock()
        self.issued = 0

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
        """Invalidate every token issued so far."""
        with self._lock:
            self._tokens.clear()

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
