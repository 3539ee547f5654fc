"""Running the service: ``Service`` (a background uvicorn thread, for tests and benchmarks) and ``serve``."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

from .._errors import PygenError
from ._settings import ServiceSettings

__all__ = ["MISSING_EXTRA", "Service", "bind_socket", "require_extra"]

MISSING_EXTRA = "pygen serve needs FastAPI: pip install 'hatch-pygen[service]'"
_START_TIMEOUT = 60.0


def require_extra() -> None:
    """Fail in one line when the ``service`` extra is not installed."""
    try:
        import fastapi  # noqa: F401
        import fastapi_offline  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise PygenError(MISSING_EXTRA) from None


def bind_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (``port`` 0 picks a free one); one-line error when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP (no 40 ms stalls).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PygenError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    return sock


class Service:
    """The service on ``host:port`` (0: a free port) in a background thread; a context manager.

    ``base_url`` is valid once started. Worker processes start with it and stop with it.
    """

    def __init__(self, settings: ServiceSettings, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` (no trailing slash)."""
        if self._thread is None:
            raise RuntimeError("the service is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> Service:
        """Start serving; returns once the workers are up and the port accepts requests."""
        if self._thread is not None:
            raise RuntimeError("the service is already running")
        require_extra()
        import uvicorn

        from ._app import create_app

        app = create_app(self.settings)
        sock = bind_socket(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            app, http="h11", lifespan="on", log_level="warning", access_log=False, timeout_graceful_shutdown=5
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="pygen-service", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(timeout=10)
                sock.close()
                raise PygenError(f"the service failed to start on {self.host}:{self.port}")
            time.sleep(0.01)
        self._server, self._thread, self._socket = server, thread, sock
        return self

    def stop(self) -> None:
        """Stop serving and the worker processes (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
