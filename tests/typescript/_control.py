"""A small HTTP control server for the Node tests: they inject faults and steer auth of the running emulator.

Runs on 127.0.0.1 next to the emulator (which it controls in process); the Node tests find it through
``PYGEN_CONTROL_URL``. Routes (JSON in, JSON out):

- ``POST /faults`` ``{"kind", "path"?, "method"?, "count"?, "rate"?, "retry_after"?, "after"?}``
  → ``emu.faults.inject``
- ``POST /faults/clear`` → ``emu.faults.clear()``
- ``GET /faults/count?kind=&path=`` → ``{"count": n}``
- ``POST /auth`` ``{"token_ttl": seconds}``; ``POST /auth/revoke``;
  ``GET /auth`` → ``{"issued", "token_ttl"}``
- ``POST /token`` → ``{"token": ...}`` (a bearer token, for the static-token tests)
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pygen_core.emulator import Emulator


class ControlServer:
    """``with ControlServer(emu) as control: control.url``."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="pygen-ts-control", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> ControlServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Any:
        emu = self.emulator
        if (method, path) == ("POST", "/faults"):
            emu.faults.inject(
                body["kind"],
                path=body.get("path"),
                method=body.get("method"),
                rate=body.get("rate"),
                count=body.get("count"),
                retry_after=float(body.get("retry_after", 1.0)),
                after=int(body.get("after", 0)),
            )
            return {"ok": True}
        if (method, path) == ("POST", "/faults/clear"):
            emu.faults.clear()
            return {"ok": True}
        if (method, path) == ("GET", "/faults/count"):
            kind = query.get("kind", [None])[0]
            fault_path = query.get("path", [None])[0]
            return {"count": emu.faults.count(kind, fault_path)}  # type: ignore[arg-type]
        if (method, path) == ("POST", "/auth"):
            emu.auth.token_ttl = float(body["token_ttl"])
            return {"ok": True}
        if (method, path) == ("POST", "/auth/revoke"):
            emu.auth.revoke_all()
            return {"ok": True}
        if (method, path) == ("GET", "/auth"):
            return {"issued": emu.auth.issued, "token_ttl": emu.auth.token_ttl}
        if (method, path) == ("POST", "/token"):
            return {"token": emu.token()}
        raise KeyError(f"{method} {path}")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        control = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the Node output is what matters."""

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else {}
                    result = control._handle(method, parts.path, parse_qs(parts.query), body)
                    status, payload = 200, result
                except KeyError as exc:
                    status, payload = 404, {"error": f"unknown control route or field: {exc}"}
                except (ValueError, TypeError) as exc:
                    status, payload = 400, {"error": str(exc)}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler
