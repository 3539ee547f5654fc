"""``Emulator``: the DMS emulator as a context manager running uvicorn in a background thread."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import secrets
import socket
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .._errors import PygenError
from ._auth import TokenIssuer
from ._faults import Faults
from ._schema import SchemaStore

if TYPE_CHECKING:
    from ..runtime import ClientConfig

logger = logging.getLogger("pygen_core.emulator")

_MISSING_EXTRA = "the emulator needs starlette and uvicorn: pip install 'hatch-pygen[emulator]'"
_START_TIMEOUT = 15.0


def open_database(db: str | os.PathLike[str]) -> sqlite3.Connection:
    """One SQLite connection shared by every request thread (callers serialise with one RLock)."""
    target = str(db)
    try:
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, check_same_thread=False)
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PygenError(f"{target}: cannot open the emulator database ({reason})") from None
    return conn


def _read_seed(path: Path) -> list[dict[str, Any]]:
    """Instances (read form) from a seed file: a JSON list or ``{"items": [...]}``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PygenError(f"{path}: cannot read seed instances ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise PygenError(f"{path}: seed instances are not valid JSON ({exc})") from None
    items = data.get("items") if isinstance(data, dict) else data
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise PygenError(f"{path}: expected a list of instances (read form) or {{'items': [...]}}")
    return items


class Emulator:
    """A local CDF data-modeling API on ``127.0.0.1`` (real HTTP, SQLite storage).

    ``with Emulator(snapshots=["model.json"], seed="instances.json") as emu:`` serves the snapshots'
    schema and the seeded instances at ``emu.base_url``; ``emu.client_config()`` authenticates with
    ``emu.token_url``. ``db`` is ``":memory:"`` (default) or a file path whose data survives restarts.
    ``emu.faults`` injects 429/503/dropped connections; ``token_ttl`` (seconds, adjustable via
    ``emu.auth.token_ttl``) forces expiry. ``strict_spaces=True`` refuses instance writes into spaces that do
    not exist (as CDF does); by default such a space is created on first write. ``fake=N`` fills every view
    of the snapshots with ``N`` valid, connected instances in ``fake_space``, the same for the same
    ``fake_seed``.
    """

    def __init__(
        self,
        snapshots: Sequence[Any] = (),
        seed: str | os.PathLike[str] | None = None,
        db: str | os.PathLike[str] = ":memory:",
        host: str = "127.0.0.1",
        port: int = 0,
        project: str = "pygen-emulator",
        client_id: str = "pygen-emulator",
        client_secret: str | None = None,
        *,
        token_ttl: float = 3600.0,
        fault_seed: int = 0,
        strict_spaces: bool = False,
        fake: int = 0,
        fake_seed: int = 0,
        fake_space: str = "pygen_fake",
    ) -> None:
        self.snapshots = list(snapshots)
        self.seed = seed
        self.db = db
        self.host = host
        self.port = port
        self.project = project
        self.client_id = client_id
        self.client_secret = client_secret if client_secret is not None else secrets.token_urlsafe(24)
        self.auth = TokenIssuer(project, client_id, self.client_secret, token_ttl)
        self.faults = Faults(fault_seed)
        self.strict_spaces = strict_spaces
        if not isinstance(fake, int) or isinstance(fake, bool) or fake < 0:
            raise PygenError(f"fake: expected a number of instances per view (0 or more), got {fake!r}")
        self.fake = fake
        self.fake_seed = fake_seed
        self.fake_space = fake_space
        self.fake_report: Any = None
        """What ``fake`` wrote: ``FakeReport`` with instance counts per view (None without fake data)."""
        self.lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._schema: SchemaStore | None = None
        self._instances: Any | None = None
        self._resources: Any | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def __repr__(self) -> str:
        state = self.base_url if self._thread is not None else "stopped"
        return f"Emulator(project={self.project!r}, client_id={self.client_id!r}, {state})"

    # ----------------------------------------------------------------- addresses
    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash), valid once started."""
        return f"http://{self._url_host()}:{self.port}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth2/token"

    @property
    def device_code_url(self) -> str:
        """The OAuth2 device authorization endpoint (RFC 8628); poll ``token_url`` with the device code."""
        return f"{self.base_url}/oauth2/devicecode"

    @property
    def project_url(self) -> str:
        """``{base_url}/api/v1/projects/{project}``."""
        return f"{self.base_url}/api/v1/projects/{self.project}"

    def _url_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def schema(self) -> SchemaStore:
        if self._schema is None:
            raise RuntimeError("the emulator is not started")
        return self._schema

    @property
    def instances(self) -> Any:
        """The instance engine (``InstanceStore``), or None if not available."""
        return self._instances

    @property
    def resources(self) -> Any:
        """Time series, datapoints, files and sequences (``_resources.Resources``), once started."""
        return self._resources

    def client_config(self, **overrides: Any) -> ClientConfig:
        """A runtime ``ClientConfig`` with OAuth client credentials for this emulator."""
        from ..runtime import ClientConfig, OAuthClientCredentials

        credentials = OAuthClientCredentials(
            token_url=self.token_url,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=[f"{self.base_url}/.default"],
        )
        return ClientConfig(
            base_url=self.base_url, project=self.project, credentials=credentials, **overrides
        )

    def token(self) -> str:
        """A fresh bearer token, issued without an HTTP round trip (for tests driving httpx directly)."""
        return self.auth.issue()[0]

    # ----------------------------------------------------------------- lifecycle
    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> Emulator:
        """Open the database, load snapshots and seed, and start serving; returns once the port is bound."""
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        try:
            import uvicorn

            from ._app import EmulatorState, build_app
            from ._schema_writes import SchemaWriter
        except ImportError:
            raise PygenError(_MISSING_EXTRA) from None
        from ._snapshots import snapshot_content

        # Read every input before touching the database: a bad file must not leave a database behind.
        contents = [
            (snapshot_content(source), "snapshot" if hasattr(source, "data_models") else str(source))
            for source in self.snapshots
        ]
        seed_items = _read_seed(Path(self.seed)) if self.seed is not None else None
        self._conn = open_database(self.db)
        try:
            self._schema = SchemaStore(self._conn, self.lock)
            for (models, containers), origin in contents:
                self._schema.load_snapshot(models, containers, origin)
            self._instances = self._make_instance_store()
            self._resources = self._make_resources()
            if seed_items is not None:
                self._seed(Path(str(self.seed)), seed_items)
            if self.fake:
                self._fill_fake([m for (models, _), _ in contents for m in models])
            state = EmulatorState(
                self.auth,
                self.faults,
                self._schema,
                SchemaWriter(self._schema),
                self._instances,
                resources=self._resources,
            )
            self._serve(uvicorn, build_app(state))
        except sqlite3.DatabaseError as exc:
            self._close_db()
            raise PygenError(f"{self.db}: not a usable emulator database ({exc})") from None
        except BaseException:
            self._close_db()
            raise
        return self

    def _make_instance_store(self) -> Any:
        try:
            from ._instances import InstanceStore  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            logger.warning("emulator: instance engine not available; instance endpoints answer 501")
            return None
        from ._assets import AssetHierarchy

        assert self._conn is not None
        assert self._schema is not None
        store = InstanceStore(self._conn, self.lock, self._schema)
        store.strict_spaces = self.strict_spaces
        AssetHierarchy(store)
        return store

    def _make_resources(self) -> Any:
        from ._resources import Resources

        assert self._conn is not None
        return Resources(self._conn, self.lock, self._instances)

    def _fill_fake(self, models: list[dict[str, Any]]) -> None:
        from ._errors import DMSError
        from ._fake import fill

        views = [
            (v["space"], v["externalId"], str(v["version"]))
            for model in models
            for v in model.get("views") or []
            if isinstance(v, dict) and "properties" in v
        ]
        assert self._schema is not None
        try:
            self.fake_report = fill(
                self._instances, self._schema, views, self.fake, self.fake_seed, self.fake_space
            )
        except DMSError as exc:
            raise PygenError(f"fake data for the snapshots was refused: {exc.message}") from None
        logger.info(
            "emulator: wrote %d fake nodes and %d edges in space %s",
            sum(self.fake_report.nodes.values()),
            sum(self.fake_report.edges.values()),
            self.fake_space,
        )

    def _seed(self, path: Path, items: list[dict[str, Any]]) -> None:
        if self._instances is None:
            raise PygenError(f"{path}: cannot seed instances, the instance engine is not available")
        from ._errors import DMSError

        try:
            self._instances.seed(items)
        except DMSError as exc:
            raise PygenError(f"{path}: {exc.message}") from None

    def _serve(self, uvicorn: Any, app: Any) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP,
        # and without it every response waits ~40 ms for the client's delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            raise PygenError(f"cannot listen on {self.host}:{self.port} ({exc.strerror or exc})") from None
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            http="h11",
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_keep_alive=30,
            timeout_graceful_shutdown=5,
        )
        server = _prompt_server(uvicorn)(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="pygen-emulator", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                sock.close()
                raise PygenError(f"the emulator failed to start on {self.host}:{self.port}")
            time.sleep(0.01)
        self._server, self._thread, self._socket = server, thread, sock

    def stop(self) -> None:
        """Stop serving and close the database (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
            wake = getattr(self._server, "wake", None)
            if wake is not None:
                wake()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
        self._resources = None
        self._close_db()

    def _close_db(self) -> None:
        if self._conn is not None:
            with self.lock:
                self._conn.close()
            self._conn = None


@functools.cache
def _prompt_server(uvicorn: Any) -> Any:
    """uvicorn's ``Server``, stopping as soon as it is asked (tests start and stop emulators by the hundred).

    uvicorn notices ``should_exit`` at its next 0.1 s tick and then pauses 0.1 s before closing
    connections. This one is woken at once by ``wake()`` and waits only while a response is still being
    sent (at most ``timeout_graceful_shutdown``).
    """

    class PromptServer(uvicorn.Server):  # type: ignore[misc]
        _loop: asyncio.AbstractEventLoop | None = None
        _woken: asyncio.Event | None = None

        def wake(self) -> None:
            loop, woken = self._loop, self._woken
            if loop is not None and woken is not None:
                with contextlib.suppress(RuntimeError):  # the loop has already ended
                    loop.call_soon_threadsafe(woken.set)

        async def main_loop(self) -> None:
            self._loop, self._woken = asyncio.get_running_loop(), asyncio.Event()
            counter = 0
            while not await self.on_tick(counter):
                counter = (counter + 1) % 864000
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._woken.wait(), 0.1)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            state = getattr(self, "server_state", None)
            servers = getattr(self, "servers", None)
            if state is None or servers is None:  # a uvicorn without these: its own shutdown
                await super().shutdown(sockets)
                return
            for server in servers:
                server.close()
            for sock in sockets or []:
                sock.close()
            for connection in list(state.connections):
                connection.shutdown()
            deadline = time.monotonic() + self.config.timeout_graceful_shutdown
            while (state.connections or state.tasks) and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            for task in list(state.tasks):
                task.cancel()
            for server in servers:
                await server.wait_closed()

    return PromptServer
