"""A real HTTP server on 127.0.0.1 that answers the way a test scripts it: a CDF that cannot be trusted.

``RogueServer(answer)`` calls ``answer(path, body)`` for every request (``body`` is the decoded JSON of a
gzip-compressed POST, ``None`` for GET) and sends back what it returns: a status and raw bytes, or a status
and a value that is sent as JSON. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pygen_core.runtime import ClientConfig, Token

Answer = Callable[[str, Any], tuple[int, Any]]
PROJECT = "rogue"


class RogueServer:
    """``with RogueServer(answer) as server: ...`` serves on ``server.base_url`` until the block ends."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests read ``requests``."""

            def do_GET(self) -> None:
                self._serve(None)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                self._serve(json.loads(raw) if raw else None)

            def _serve(self, body: Any) -> None:
                path = self.path.split("?", 1)[0].removeprefix(f"/api/v1/projects/{PROJECT}")
                with server._lock:
                    server.requests.append((path, body))
                status, payload = server.answer(path, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def config(self, **options: Any) -> ClientConfig:
        """A client config for this server (a static token; quick retries)."""
        settings: dict[str, Any] = {"max_retries": 2, "backoff_base": 0.001, "backoff_cap": 0.01}
        settings.update(options)
        return ClientConfig(self.base_url, PROJECT, Token("rogue-token-0123456789"), **settings)

    def list_bodies(self) -> list[Any]:
        """The bodies of the ``/models/instances/list`` requests received so far."""
        with self._lock:
            return [body for path, body in self.requests if path == "/models/instances/list"]

    def __enter__(self) -> RogueServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


@contextmanager
def rogue(answer: Answer) -> Iterator[RogueServer]:
    with RogueServer(answer) as server:
        yield server
