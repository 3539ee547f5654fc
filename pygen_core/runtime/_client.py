"""Client base of generated SDKs: concurrent, chunked upsert and delete with per-item outcomes."""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ._config import ClientConfig
from ._credentials import Credentials
from ._errors import CDFAPIError, CDFError
from ._http import HTTPClient

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor
    from typing import TypeAlias

    from typing_extensions import Self

    from ._ids import EdgeId, NodeId
    from ._instances import EdgeRead, EdgeWrite, NodeRead, NodeWrite
    from ._namespaces import ModelNamespace
    from ._results import DeleteResult, FailedItem, InstanceResult, UpsertResult

    Deletable: TypeAlias = (
        NodeWrite
        | EdgeWrite
        | NodeRead
        | EdgeRead
        | NodeId
        | EdgeId
        | tuple[str, str]
        | str
    )

_CHUNK = 1000
_PREFETCH_START_WAIT = 0.02
_POOLS_LOCK = threading.Lock()
_In = TypeVar("_In")
_Out = TypeVar("_Out")
_SPLITTABLE = frozenset({400, 404, 409, 422})


class _LazyAPI:
    """A view API attribute of the client, imported and built on first access (then cached)."""

    __slots__ = ("name", "target")

    def __init__(self, name: str, target: str) -> None:
        self.name = name
        self.target = target

    def __get__(
        self, client: InstanceClient | None, owner: type[InstanceClient]
    ) -> Any:
        if client is None:
            return self
        module, _, class_name = self.target.partition(":")
        package = owner.__module__.rpartition(".")[0]
        api = getattr(importlib.import_module(module, package), class_name)(client)
        client.__dict__[self.name] = api
        return api


class InstanceClient:
    """Base of a generated client: holds the HTTP client, worker pools and the default instance space.

    A generated client lists its views' APIs in ``_apis`` (attribute → ``"module:Class"``, relative to
    the client's package) and declares each attribute's type; the API is imported on first access.
    """

    _default_space: ClassVar[str | None] = None
    _apis: ClassVar[dict[str, str]] = {}
    _models: ClassVar[dict[str, type[ModelNamespace]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, target in cls.__dict__.get("_apis", {}).items():
            setattr(cls, name, _LazyAPI(name, target))
        from ._namespaces import namespace_attribute

        for name, namespace in cls.__dict__.get("_models", {}).items():
            setattr(cls, name, namespace_attribute(name, namespace))

    def __init__(
        self,
        config: ClientConfig,
        *,
        default_space: str | None = None,
        http: HTTPClient | None = None,
    ) -> None:
        self.config = config
        self.default_space: str | None = (
            default_space if default_space is not None else self._default_space
        )
        self._http = http if http is not None else HTTPClient(config)
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._limits = {
            "read": config.max_read_workers,
            "write": config.max_write_workers,
            "delete": config.max_delete_workers,
            # list/iterate fetch the next page here while the caller validates the current one; its tasks
            # never wait on other tasks, so a caller running on the read pool cannot deadlock on it.
            "prefetch": config.max_read_workers,
        }

    @classmethod
    def from_env(cls, **options: Any) -> Self:
        """Build the client from the ``CDF_*`` / ``IDP_*`` environment variables (``LOGIN_FLOW``
        chooses client credentials, a token or a device-code login)."""
        return cls(ClientConfig.from_env(**options))

    @classmethod
    def from_toml(
        cls, path: str | Path, section: str | None = None, **options: Any
    ) -> Self:
        """Build the client from a TOML file with the environment variables' keys (``CDF_PROJECT``,
        ``CDF_CLUSTER``, ``IDP_CLIENT_ID``, ...) at its top level or in ``[cognite]`` (or ``section``).
        Secrets stay in the environment: ``IDP_CLIENT_SECRET`` and ``CDF_TOKEN`` are read from there."""
        from ._setup import config_from_toml

        return cls(config_from_toml(path, section, **options))

    @classmethod
    def connect(
        cls,
        project: str,
        credentials: Credentials,
        *,
        cluster: str | None = None,
        base_url: str | None = None,
        **options: Any,
    ) -> Self:
        """Build the client for ``project`` on ``cluster`` (or at ``base_url``) with ``credentials``
        (``Token``, ``OAuthClientCredentials``, ``OAuthDeviceCode``)."""
        return cls(
            ClientConfig(base_url, project, credentials, cluster=cluster, **options)
        )

    @classmethod
    def device_login(
        cls,
        project: str,
        client_id: str,
        *,
        cluster: str | None = None,
        base_url: str | None = None,
        tenant_id: str | None = None,
        token_url: str | None = None,
        device_code_url: str | None = None,
        scopes: Sequence[str] | None = None,
        **options: Any,
    ) -> Self:
        """Build the client with an interactive device-code login (sign in once in a browser).

        Give ``tenant_id`` (Entra ID) or ``token_url`` (``device_code_url`` defaults to it with
        ``/devicecode`` for ``/token``); ``scopes`` default to ``<base URL>/.default``.
        """
        env = {"CDF_PROJECT": project, "IDP_CLIENT_ID": client_id}
        for key, value in (
            ("CDF_CLUSTER", cluster),
            ("CDF_URL", base_url),
            ("IDP_TENANT_ID", tenant_id),
            ("IDP_TOKEN_URL", token_url),
            ("IDP_DEVICE_CODE_URL", device_code_url),
            ("IDP_SCOPES", " ".join(scopes) if scopes else None),
        ):
            if value is not None:
                env[key] = value
        env["LOGIN_FLOW"] = "device_code"
        return cls(ClientConfig._from_values(env, "device_login argument", **options))

    @classmethod
    def from_cognite_client(cls, source: Any, **options: Any) -> Self:
        """Build the client from a cognite-sdk ``CogniteClient`` or ``ClientConfig`` (same project,
        base URL and credential provider); cognite-sdk itself is not a dependency."""
        from ._setup import config_from_cognite_sdk

        return cls(config_from_cognite_sdk(source, **options))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(project={self.config.project!r}, default_space={self.default_space!r})"

    def _repr_html_(self) -> str:
        from ._notebook import table_html

        rows = [
            [name, target.rpartition(":")[2]] for name, target in self._apis.items()
        ]
        rows += [[name, cls._data_model] for name, cls in self._models.items()]
        caption = f"{type(self).__name__} for project {self.config.project}"
        return table_html(["attribute", "API or data model"], rows, len(rows), caption)

    def close(self) -> None:
        """Stop the worker pools and close connections."""
        for pool in self._pools.values():
            pool.shutdown(wait=True)
        self._pools.clear()
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _pool(self, kind: str) -> ThreadPoolExecutor:
        from concurrent.futures import ThreadPoolExecutor

        pool = self._pools.get(kind)
        if pool is None:
            with (
                _POOLS_LOCK
            ):  # list/iterate may start the prefetch pool from several threads at once
                pool = self._pools.get(kind)
                if pool is None:
                    pool = self._pools[kind] = ThreadPoolExecutor(
                        self._limits[kind], thread_name_prefix=f"pygen-{kind}"
                    )
        return pool

    def _map(
        self, kind: str, fn: Callable[[_In], _Out], chunks: Sequence[_In]
    ) -> Iterator[_Out]:
        if len(chunks) <= 1 or self._limits[kind] == 1:
            return (fn(chunk) for chunk in chunks)
        return self._pool(kind).map(fn, chunks)

    def _prefetch(self, fn: Callable[..., _Out], *args: Any) -> Future[_Out]:
        """Run ``fn(*args)`` on the prefetch pool, returning once it has started (or after a short wait).

        The caller usually goes on with GIL-bound work (validating a page); waiting for the worker to start
        lets it send its request first instead of queueing behind that work.
        """
        started = threading.Event()

        def run() -> _Out:
            started.set()
            return fn(*args)

        future = self._pool("prefetch").submit(run)
        started.wait(_PREFETCH_START_WAIT)
        return future

    def _map_read(
        self, fn: Callable[[_In], _Out], chunks: Sequence[_In]
    ) -> Iterator[_Out]:
        return self._map("read", fn, chunks)

    # -- upsert ------------------------------------------------------------------------------------
    def upsert(
        self,
        items: NodeWrite | EdgeWrite | Sequence[NodeWrite | EdgeWrite],
        replace: bool = False,
    ) -> UpsertResult:
        """Create or update nodes and edges, nested write objects included (each instance once).

        Only properties that were set explicitly are sent; ``replace=True`` resets the others. Raises
        :class:`UpsertError` (with ``.result`` and ``.failed``) if any item failed.
        """
        from ._flatten import flatten
        from ._instances import EdgeWrite, NodeWrite
        from ._results import UpsertError, UpsertResult

        roots = [items] if isinstance(items, (NodeWrite, EdgeWrite)) else list(items)
        wire = flatten(roots, self.default_space)
        chunks = [wire[i : i + _CHUNK] for i in range(0, len(wire), _CHUNK)]

        def apply(
            chunk: list[dict[str, Any]],
        ) -> tuple[list[InstanceResult], list[FailedItem]]:
            body_extra = {
                "autoCreateStartNodes": True,
                "autoCreateEndNodes": True,
                "replace": replace,
            }
            return self._bisect(chunk, lambda part: self._apply(part, body_extra))

        result = UpsertResult()
        failed: list[FailedItem] = []
        for ok, bad in self._map("write", apply, chunks):
            result.items.extend(ok)
            failed.extend(bad)
        if failed:
            raise UpsertError(result, failed)
        return result

    def _apply(
        self, part: list[dict[str, Any]], extra: dict[str, Any]
    ) -> list[InstanceResult]:
        from ._results import InstanceResult, response_items

        response = self._http.post("/models/instances", {"items": part, **extra})
        return [
            InstanceResult.load(item) for item in response_items(response, "upsert")
        ]

    def _bisect(
        self,
        chunk: list[dict[str, Any]],
        send: Callable[[list[dict[str, Any]]], list[_Out]],
    ) -> tuple[list[_Out], list[FailedItem]]:
        """Send ``chunk``; on an item-level rejection split it to find exactly which items fail."""
        from ._results import FailedItem, instance_id

        try:
            return send(chunk), []
        except CDFAPIError as error:
            if error.status in _SPLITTABLE and len(chunk) > 1:
                middle = len(chunk) // 2
                ok_left, bad_left = self._bisect(chunk[:middle], send)
                ok_right, bad_right = self._bisect(chunk[middle:], send)
                return ok_left + ok_right, bad_left + bad_right
            return [], [FailedItem(instance_id(item), str(error)) for item in chunk]
        except CDFError as error:
            return [], [FailedItem(instance_id(item), str(error)) for item in chunk]

    # -- delete ------------------------------------------------------------------------------------
    def delete(
        self, items: Deletable | Sequence[Deletable], space: str | None = None
    ) -> DeleteResult:
        """Delete nodes/edges given as ids, ``(space, external_id)``, bare external ids (nodes in ``space``
        or the default space) or read/write objects. Raises :class:`DeleteError` if any item failed."""
        from ._results import DeleteError, DeleteResult, instance_id, response_items

        many = isinstance(items, Sequence) and not isinstance(items, (str, tuple))
        values: Iterable[Any] = items if many else [items]
        ids = list(dict.fromkeys(self._delete_id(value, space) for value in values))
        wire = [i.dump(include_instance_type=True) for i in ids]
        chunks = [wire[i : i + _CHUNK] for i in range(0, len(wire), _CHUNK)]

        def send(part: list[dict[str, Any]]) -> list[NodeId | EdgeId]:
            response = self._http.post("/models/instances/delete", {"items": part})
            return [instance_id(item) for item in response_items(response, "delete")]

        result = DeleteResult()
        failed: list[FailedItem] = []
        for ok, bad in self._map(
            "delete", lambda chunk: self._bisect(chunk, send), chunks
        ):
            result.deleted.extend(ok)
            failed.extend(bad)
        if failed:
            raise DeleteError(result, failed)
        return result

    def _delete_id(self, value: Any, space: str | None) -> NodeId | EdgeId:
        from ._filters import as_node_id
        from ._ids import EdgeId, NodeId
        from ._instances import EdgeRead, EdgeWrite, NodeRead, NodeWrite

        if isinstance(value, (NodeId, EdgeId)):
            return value
        if isinstance(value, (NodeWrite, NodeRead, EdgeRead)):
            return value.as_id()
        if isinstance(value, EdgeWrite):
            if value.space is None or value.external_id is None:
                raise ValueError(
                    "delete: an EdgeWrite needs space and external_id to be deleted"
                )
            return EdgeId(value.space, value.external_id)
        return as_node_id(
            value, space if space is not None else self.default_space, "delete"
        )
