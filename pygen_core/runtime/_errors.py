"""The runtime's single error hierarchy; every message is one line and free of secrets."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, cast

_MAX_MESSAGE_CHARS = 500
_REDACTED = "***"
_MIN_SECRET_CHARS = 8


def one_line(text: str, limit: int = _MAX_MESSAGE_CHARS) -> str:
    """Collapse whitespace (newlines included) and cut ``text`` to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in ``text`` with ``***`` (longest first).

    Values shorter than 8 characters are left alone: they would mangle ordinary words, and no real token or
    client secret is that short.
    """
    for secret in sorted(
        {s for s in secrets if len(s) >= _MIN_SECRET_CHARS}, key=len, reverse=True
    ):
        text = text.replace(secret, _REDACTED)
    return text


class CDFError(Exception):
    """Base of every error the runtime raises."""


class ConfigError(CDFError, ValueError):
    """Invalid or incomplete client configuration (a bad argument or a missing environment variable)."""


class CDFConnectionError(CDFError):
    """The server could not be reached, or the connection broke, after all retries."""


class CDFAuthError(CDFError):
    """Authentication failed: the token endpoint refused the credentials, or CDF kept answering 401."""

    def __init__(
        self, message: str, *, status: int | None = None, request_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id


class CDFAPIError(CDFError):
    """CDF answered with an error status; fields come from the ``{"error": {...}}`` body."""

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        *,
        missing: list[Any] | None = None,
        duplicated: list[Any] | None = None,
        request_id: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.status: int = status
        self.code: int | None = code
        self.message: str = message
        self.missing: list[Any] = missing or []
        self.duplicated: list[Any] = duplicated or []
        self.request_id: str | None = request_id
        self.extra: dict[str, Any] = extra or {}
        super().__init__(self._summary())

    def _summary(self) -> str:
        parts = [f"CDF API error {self.status}"]
        if self.request_id:
            parts.append(f" (request id {self.request_id})")
        parts.append(f": {one_line(self.message) or '<no message>'}")
        if self.missing:
            parts.append(f"; missing {len(self.missing)}: {_preview(self.missing)}")
        if self.duplicated:
            parts.append(
                f"; duplicated {len(self.duplicated)}: {_preview(self.duplicated)}"
            )
        return "".join(parts)

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "missing": self.missing,
            "duplicated": self.duplicated,
            "request_id": self.request_id,
            "extra": self.extra,
        }
        return (_rebuild_api_error, (self.status, self.code, self.message, kwargs))


def _rebuild_api_error(
    status: int, code: int | None, message: str, kwargs: dict[str, Any]
) -> CDFAPIError:
    return CDFAPIError(status, code, message, **kwargs)


def _preview(items: list[Any], shown: int = 3) -> str:
    text = ", ".join(
        json.dumps(item, sort_keys=True, separators=(",", ":"))
        for item in items[:shown]
    )
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return one_line(text, 200) + more


def parse_api_error(
    status: int,
    body: bytes | str,
    *,
    request_id: str | None = None,
    secrets: Iterable[str] = (),
) -> CDFAPIError:
    """Build a :class:`CDFAPIError` from an error response; non-JSON or odd bodies become the message text."""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    secret_list = list(secrets)
    try:
        payload: Any = json.loads(text) if text.strip() else None
    except ValueError:
        payload = None
    error: Any = (
        cast("Mapping[str, Any]", payload).get("error")
        if isinstance(payload, Mapping)
        else None
    )
    if not isinstance(error, Mapping):
        message = (
            one_line(text) if text.strip() else f"HTTP {status} with an empty body"
        )
        return CDFAPIError(
            status, None, redact(message, secret_list), request_id=request_id
        )
    error = cast("Mapping[str, Any]", error)
    raw_code = error.get("code")
    code = (
        raw_code
        if isinstance(raw_code, int) and not isinstance(raw_code, bool)
        else None
    )
    raw_message = error.get("message")
    message = raw_message if isinstance(raw_message, str) else json.dumps(raw_message)
    missing = error.get("missing")
    duplicated = error.get("duplicated")
    extra = {
        k: v
        for k, v in error.items()
        if k not in {"code", "message", "missing", "duplicated"}
    }
    if raw_code is not None and code is None:
        extra["code"] = raw_code
    return CDFAPIError(
        status,
        code,
        redact(message, secret_list),
        missing=(
            list(cast("Iterable[Any]", missing)) if isinstance(missing, list) else None
        ),
        duplicated=(
            list(cast("Iterable[Any]", duplicated))
            if isinstance(duplicated, list)
            else None
        ),
        request_id=request_id,
        extra=extra,
    )
