"""The error every emulator component raises; the HTTP layer turns it into CDF's error JSON."""

from __future__ import annotations

from typing import Any


class DMSError(Exception):
    """A request the real DMS API would reject: rendered as ``{"error": {"code", "message", ...}}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        missing: list[dict[str, Any]] | None = None,
        duplicated: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.missing = missing
        self.duplicated = duplicated

    def to_json(self) -> dict[str, Any]:
        """The CDF error body."""
        error: dict[str, Any] = {"code": self.status, "message": self.message}
        if self.missing:
            error["missing"] = self.missing
        if self.duplicated:
            error["duplicated"] = self.duplicated
        return {"error": error}
