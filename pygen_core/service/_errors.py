"""The service's error: an HTTP status, a stable code and a one-line message (plus findings, headers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["ServiceError", "error_body"]


class ServiceError(Exception):
    """Answered as ``{"error": {"code", "message"[, "findings"]}}`` with ``status``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        findings: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = " ".join(message.split())
        self.findings = findings
        self.headers = dict(headers or {})


def error_body(code: str, message: str, findings: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON body of an error answer."""
    error: dict[str, Any] = {"code": code, "message": " ".join(message.split())}
    if findings is not None:
        error["findings"] = findings
    return {"error": error}
