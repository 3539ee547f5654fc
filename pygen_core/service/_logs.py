"""The service's log: one JSON line per request (the access log), and where ``pygen serve`` writes it."""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

__all__ = ["AccessLog", "access_logger", "log_to_stderr"]

access_logger = logging.getLogger("pygen_core.service.access")


class AccessLog:
    """One JSON line per request: method, path, status, duration, key id, model size; never headers, query
    strings or bodies. Also marks every answer ``X-Content-Type-Options: nosniff``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Any) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-content-type-options", b"nosniff")]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            state = scope.get("state") or {}
            event = {
                "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "event": "request",
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "key_id": state.get("key_id"),
                "model_bytes": state.get("model_bytes"),
                "views": state.get("views"),
                "properties": state.get("properties"),
            }
            access_logger.info(json.dumps(event, sort_keys=True))


def log_to_stderr() -> None:
    """Send the service's log (JSON lines) to stderr, once per process."""
    service_logger = logging.getLogger("pygen_core.service")
    if any(getattr(handler, "pygen_service", False) for handler in service_logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.pygen_service = True  # type: ignore[attr-defined]
    service_logger.addHandler(handler)
    service_logger.setLevel(logging.INFO)
    service_logger.propagate = False
