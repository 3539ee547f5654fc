"""Per-view API base: list, iterate, retrieve, search, aggregate, histogram."""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import logging
import re
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast, overload

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ._binding import reading
from ._errors import CDFError, one_line
from ._filters import Filter, and_all, as_node_id, has_data
from ._ids import EdgeId, NodeId
from ._instances import (
    EdgeList,
    EdgeRead,
    NodeList,
    NodeRead,
    _InstanceRead,
    describe_invalid,
)
from ._results import AggregateResult, HistogramBucket, response_items
from ._sorting import SortDirection, sort_wire
from ._where import build_where

if TYPE_CHECKING:
    from concurrent.futures import Future

    import httpx

    from ._client import InstanceClient
    from ._spec import ViewSpec
    from ._sync import SyncResult

DEFAULT_LIMIT = 25
"""How many instances ``list()`` and ``search()`` return, and groups ``aggregate()``, when no ``limit`` is
given."""
_PAGE = 1000
_SEARCH_MAX = 1000
RetrieveConnections = Literal["skip", "identifier", "full"]
"""What reads load for connection properties: ``skip`` nothing beyond the stored direct relations;
``identifier`` the ids of connected instances (reverse relations and edges too); ``full`` the connected
instances themselves."""

_log = logging.getLogger(__name__)

_T = TypeVar("_T", bound=_InstanceRead)
_TList = TypeVar("_TList", bound="NodeList[Any] | EdgeList[Any]")
_NodeT = TypeVar("_NodeT", bound=NodeRead)
_NodeListT = TypeVar("_NodeListT", bound=NodeList[Any])
_EdgeT = TypeVar("_EdgeT", bound=EdgeRead)
_EdgeListT = TypeVar("_EdgeListT", bound=EdgeList[Any])

_ADAPTERS: dict[type[Any], TypeAdapter[list[Any]]] = {}
_META = {
    "external_id": "externalId",
    "space": "space",
    "version": "version",
    "created_time": "createdTime",
    "last_updated_time": "lastUpdatedTime",
}


class _Page(BaseModel, Generic[_T]):
    """A ``/list`` response; extra keys (``typing``) are ignored."""

    model_config = ConfigDict(defer_build=True)
    items: list[_T]
    nextCursor: str | None = None


_PAGE_ADAPTERS: dict[type[Any], TypeAdapter[_Page[Any]]] = {}
_LIST_PATH = "/models/instances/list"
_CURSOR = re.compile(rb'"nextCursor"\s*:\s*"([^"\\]+)"')


def _page_adapter(read_class: type[_T]) -> TypeAdapter[_Page[_T]]:
    adapter = _PAGE_ADAPTERS.get(read_class)
    if adapter is None:
        adapter = _PAGE_ADAPTERS[read_class] = TypeAdapter(_Page[read_class])  # type: ignore[valid-type]
    return adapter


def _peek_cursor(content: bytes) -> str | None:
    """A guess at a page's ``nextCursor`` without parsing it (the last such key; verified by the caller)."""
    at = content.rfind(b'"nextCursor"')
    found = _CURSOR.match(content, at) if at >= 0 else None
    return found.group(1).decode("ascii", "replace") if found else None


def _json_type(value: Any) -> str:
    """How a decoded JSON value is named in error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _fingerprint(page: Sequence[_InstanceRead]) -> tuple[int, str, str, str, str]:
    """Identifies a non-empty page by its size and its first and last ids (to notice a server that sends
    one page again); constant time, so paging stays as fast as validation allows."""
    first, last = page[0], page[-1]
    return (len(page), first.space, first.external_id, last.space, last.external_id)


def _overshot(where: str, sent: int, asked: int) -> None:
    # The server's cursor resumes after the items dropped here: no cursor beats one that skips them.
    _log.warning(
        "%s: the server sent %d items where %d were asked for; the rest are dropped and "
        "the page has no cursor",
        where,
        sent,
        asked,
    )


def _adapter(read_class: type[_T]) -> TypeAdapter[list[_T]]:
    adapter = _ADAPTERS.get(read_class)
    if adapter is None:
        adapter = _ADAPTERS[read_class] = TypeAdapter(list[read_class])  # type: ignore[valid-type]
    return adapter


class _ViewAPI(Generic[_T, _TList]):
    """Common base of :class:`NodeAPI` and :class:`EdgeAPI`.

    A generated API class subclasses ``NodeAPI[<View>, <View>List]``; the read and list classes (and the
    view) are taken from those arguments.
    """

    _view: ViewSpec
    _read_class: type[_T]
    _list_class: type[_TList]
    _instance_type: Literal["node", "edge"] = "node"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cast("tuple[Any, ...]", cls.__dict__.get("__orig_bases__", ())):
            args = typing.get_args(base)
            if len(args) == 2 and all(isinstance(arg, type) for arg in args):
                cls._read_class, cls._list_class = args
                cls._view = cls._read_class._view

    def __init__(self, client: InstanceClient) -> None:
        self._client = client
        self._http = client._http
        self._default_space = client.default_space

    def __repr__(self) -> str:
        return f"{type(self).__name__}(view={self._view.view_id})"

    def _ref(self, identifier: str) -> list[str]:
        return self._view.view_id.property_ref(identifier)

    def _where(self, filters: Mapping[str, Any], method: str) -> Filter | None:
        return build_where(
            self._view, self._instance_type, filters, self._default_space, method
        )

    # -- shared request pieces -------------------------------------------------------------------
    def _full_filter(self, flt: Filter | None) -> dict[str, Any]:
        full = and_all(has_data(self._view.view_id), flt)
        assert full is not None
        return full.dump()

    def _property_id(self, name: str) -> str:
        if name in ("external_id", "externalId"):
            return "externalId"
        identifier = self._view.identifier(name)
        if identifier is None:
            raise ValueError(f"{self._read_class.__name__} has no property {name!r}")
        return identifier

    def _sort_ref(self, name: str) -> list[str]:
        if name in _META:
            return [self._instance_type, _META[name]]
        return self._ref(self._property_id(name))

    def _validate(self, raw: list[dict[str, Any]], cursor: str | None = None) -> _TList:
        try:
            with reading(self._client):
                items = _adapter(self._read_class).validate_python(raw)
        except ValidationError as error:
            raise CDFError(
                describe_invalid(error, raw, str(self._view.view_id))
            ) from None
        return self._list_class(items, cursor)

    def _has_view_data(self, item: dict[str, Any], where: str) -> bool:
        view = self._view.view_id
        properties: Any = item.get("properties", {})
        in_space: Any = (
            cast("dict[str, Any]", properties).get(view.space, {})
            if isinstance(properties, dict)
            else None
        )
        if not isinstance(in_space, dict):
            raise CDFError(f"{where}.properties' is not an object of spaces")
        return view.key in in_space

    # -- list / iterate ----------------------------------------------------------------------------
    def _pages(
        self,
        flt: Filter | None,
        *,
        chunk_size: int,
        limit: int | None,
        cursor: str | None,
        sort: list[dict[str, Any]] | None,
        retrieve_connections: RetrieveConnections,
    ) -> Iterator[_TList]:
        """Pages of the listing; the server is not trusted: never more than ``limit`` items in all, and a
        malformed page, a repeated cursor or a repeated page ends in one :class:`CDFError`."""
        if not 1 <= chunk_size <= _PAGE:
            raise ValueError(
                f"chunk_size must be between 1 and {_PAGE} (got {chunk_size})"
            )
        remaining = None if limit is None or limit < 0 else limit
        body: dict[str, Any] = {
            "instanceType": self._instance_type,
            "sources": [{"source": self._view.view_id.dump()}],
            "filter": self._full_filter(flt),
        }
        if sort:
            body["sort"] = sort
        seen_cursors: set[str] = {cursor} if cursor else set()
        seen_pages: dict[tuple[int, str, str, str, str], int] = {}
        what = f"list {self._view.view_id}"
        number = 0
        ahead: tuple[dict[str, Any], Future[httpx.Response]] | None = None
        try:
            warm = remaining is None or remaining > 0
            if (
                warm
                and retrieve_connections == "skip"
                and self._read_class not in _PAGE_ADAPTERS
            ):
                # First use of this class: build its validator while the first page is on its way.
                body["limit"] = (
                    chunk_size if remaining is None else min(chunk_size, remaining)
                )
                if cursor:
                    body["cursor"] = cursor
                first = dict(body)
                ahead = (
                    first,
                    self._client._prefetch(self._http.post_response, _LIST_PATH, first),
                )
                _page_adapter(self._read_class)
            while remaining is None or remaining > 0:
                body["limit"] = (
                    chunk_size if remaining is None else min(chunk_size, remaining)
                )
                if cursor:
                    body["cursor"] = cursor
                if ahead is not None and ahead[0] == body:
                    response = ahead[1].result()
                else:
                    if ahead is not None:
                        ahead[1].cancel()
                    response = self._http.post_response(_LIST_PATH, body)
                ahead = None
                number += 1
                where = f"{what}: page {number}"
                if retrieve_connections == "skip":
                    ahead = self._prefetch_next(
                        body, remaining, response.content, seen_cursors
                    )
                    page = self._page_from_bytes(response, where)
                else:
                    raw, next_cursor = self._raw_page(response, where)
                    if remaining is not None and len(raw) > remaining:
                        _overshot(where, len(raw), remaining)
                        raw, next_cursor = raw[:remaining], None
                    if raw:
                        from ._query import (
                            load_connections,
                        )  # only needed with connections

                        with reading(self._client):
                            load_connections(self, raw, retrieve_connections)
                    page = self._validate(raw, next_cursor)
                if remaining is not None and len(page) > remaining:
                    _overshot(where, len(page), remaining)
                    page = self._list_class(page[:remaining], None)
                if page:
                    fingerprint = _fingerprint(page)
                    if fingerprint in seen_pages:
                        raise CDFError(
                            f"{where}: the server sent page {seen_pages[fingerprint]} again "
                            "(it ignored the cursor); stopping"
                        )
                    seen_pages[fingerprint] = number
                if remaining is not None:
                    remaining -= len(page)
                yield page
                next_cursor = page.cursor
                if next_cursor is None or not page:
                    return
                if next_cursor in seen_cursors:
                    raise CDFError(
                        f"{where}: the server returned the same cursor twice; stopping"
                    )
                seen_cursors.add(next_cursor)
                cursor = next_cursor
        finally:
            if ahead is not None:
                ahead[1].cancel()

    def _raw_page(
        self, response: httpx.Response, where: str
    ) -> tuple[list[dict[str, Any]], str | None]:
        """The checked ``items`` and ``nextCursor`` of a ``/list`` response (one-line errors naming the
        JSON path otherwise)."""
        try:
            decoded: Any = response.json()
        except (ValueError, RecursionError):
            snippet = one_line(response.text, 80)
            raise CDFError(f"{where}: the response is not JSON: {snippet!r}") from None
        if not isinstance(decoded, dict):
            raise CDFError(
                f"{where}: the response is {_json_type(decoded)}, not an object"
            )
        page = cast("dict[str, Any]", decoded)
        if "items" not in page:
            raise CDFError(f"{where}: the response has no 'items'")
        items: Any = page["items"]
        if not isinstance(items, list):
            raise CDFError(f"{where}: 'items' is {_json_type(items)}, not an array")
        for index, item in enumerate(cast("Iterable[Any]", items)):
            if not isinstance(item, dict):
                raise CDFError(
                    f"{where}: 'items[{index}]' is {_json_type(item)}, not an object"
                )
        next_cursor: Any = page.get("nextCursor")
        if next_cursor is not None and not isinstance(next_cursor, str):
            raise CDFError(
                f"{where}: 'nextCursor' is {_json_type(next_cursor)}, not a string"
            )
        return cast("list[dict[str, Any]]", items), next_cursor or None

    def _page_from_bytes(self, response: httpx.Response, where: str) -> _TList:
        """One pass from bytes to typed items; anything unusual takes the decode-then-validate path, whose
        errors name the instance and JSON path."""
        try:
            with reading(self._client):
                wrapper = _page_adapter(self._read_class).validate_json(
                    response.content
                )
        except ValidationError:
            raw, next_cursor = self._raw_page(response, where)
            return self._validate(raw, next_cursor)
        return self._list_class(wrapper.items, wrapper.nextCursor or None)

    def _prefetch_next(
        self,
        body: dict[str, Any],
        remaining: int | None,
        content: bytes,
        seen: set[str],
    ) -> tuple[dict[str, Any], Future[httpx.Response]] | None:
        """Request the page after ``content`` (a full page assumed) on the prefetch pool; the caller uses it
        only if the body it then builds is the same, so a wrong guess costs one unused read."""
        guess = _peek_cursor(content)
        if guess is None or guess in seen or guess == body.get("cursor"):
            return None
        left = None if remaining is None else remaining - body["limit"]
        if left is not None and left <= 0:
            return None
        next_body = {**body, "cursor": guess}
        if left is not None:
            next_body["limit"] = min(body["limit"], left)
        return next_body, self._client._prefetch(
            self._http.post_response, _LIST_PATH, next_body
        )

    def _sort(
        self, sort_by: Any, direction: SortDirection, search: bool = False
    ) -> list[dict[str, Any]] | None:
        return sort_wire(sort_by, direction, self._sort_ref, search=search)

    def _list(
        self,
        filters: Mapping[str, Any],
        sort_by: Any = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _TList:
        flt = self._where(filters, "list")
        result = self._list_class()
        for page in self._pages(
            flt,
            chunk_size=_PAGE,
            limit=limit,
            cursor=None,
            sort=self._sort(sort_by, direction),
            retrieve_connections=retrieve_connections,
        ):
            result.extend(page)
            result.cursor = page.cursor
        return result

    def _iterate(
        self,
        filters: Mapping[str, Any],
        chunk_size: int = _PAGE,
        limit: int | None = None,
        cursor: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> Iterator[_TList]:
        return self._pages(
            self._where(filters, "iterate"),
            chunk_size=chunk_size,
            limit=limit,
            cursor=cursor,
            sort=None,
            retrieve_connections=retrieve_connections,
        )

    # -- sync ----------------------------------------------------------------------------------------
    def sync(
        self,
        cursor: str | None = None,
        *,
        filter: Filter | None = None,
        limit: int = 1000,
        backfill: bool = True,
    ) -> SyncResult[_TList]:
        """What changed since ``cursor``: created or updated items and the ids of deleted ones.

        Args:
            cursor: ``result.cursor`` of the previous call; None starts over.
            filter: Only items that match (e.g. ``<View>Filter.name.prefix("P")``); typed keywords:
                ``select().where(...).sync()``.
            limit: At most this many changes per call (1 to 2000).
            backfill: On the first call, also return what exists already (else only later changes).
        """
        from ._select import EdgeSelect, NodeSelect, _Select

        builder: _Select[_TList, str] = (
            EdgeSelect if self._instance_type == "edge" else NodeSelect
        )(self)
        if filter is not None:
            builder = builder._where([filter], {})
        return builder.sync(cursor, limit=limit, backfill=backfill)

    # -- retrieve ----------------------------------------------------------------------------------
    def _to_id(self, value: Any, space: str | None) -> NodeId | EdgeId:
        if isinstance(value, (NodeId, EdgeId)):
            return value
        default = space if space is not None else self._default_space
        node = as_node_id(value, default, f"retrieve {self._view.view_id}")
        return (
            EdgeId(node.space, node.external_id)
            if self._instance_type == "edge"
            else node
        )

    def _retrieve(
        self,
        external_id: Any,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _T | _TList | None:
        single = isinstance(external_id, (str, NodeId, EdgeId, tuple))
        ids = (
            [self._to_id(external_id, space)]
            if single
            else [self._to_id(v, space) for v in external_id]
        )
        unique = list(dict.fromkeys(ids))
        chunks = [unique[i : i + _PAGE] for i in range(0, len(unique), _PAGE)]
        raw_by_id: dict[NodeId | EdgeId, dict[str, Any]] = {}
        for raw_items in self._client._map_read(self._byids, chunks):
            for index, item in enumerate(raw_items):
                where = f"retrieve {self._view.view_id}: 'items[{index}]"
                space, xid = item.get("space"), item.get("externalId")
                if not isinstance(space, str) or not isinstance(xid, str):
                    raise CDFError(f"{where}' has no string 'space' and 'externalId'")
                if (
                    self._has_view_data(item, where)
                    and item.get("instanceType", self._instance_type)
                    == self._instance_type
                ):
                    key = (EdgeId if self._instance_type == "edge" else NodeId)(
                        space, xid
                    )
                    raw_by_id[key] = item
        ordered = [raw_by_id[i] for i in unique if i in raw_by_id]
        if retrieve_connections != "skip" and ordered:
            from ._query import load_connections

            with reading(self._client):
                load_connections(self, ordered, retrieve_connections)
        result = self._validate(ordered)
        if single:
            first: _T | None = result[0] if result else None
            return first
        return result

    def _byids(self, ids: list[NodeId | EdgeId]) -> list[dict[str, Any]]:
        body = {
            "items": [i.dump(include_instance_type=True) for i in ids],
            "sources": [{"source": self._view.view_id.dump()}],
        }
        return response_items(
            self._http.post("/models/instances/byids", body),
            f"retrieve {self._view.view_id}",
        )

    # -- search / aggregate ------------------------------------------------------------------------
    def _search(
        self,
        filters: Mapping[str, Any],
        query: str | None,
        properties: str | Sequence[str] | None,
        limit: int = DEFAULT_LIMIT,
        sort_by: Any = None,
        direction: SortDirection = "ascending",
    ) -> _TList:
        flt = self._where(filters, "search")
        sort = self._sort(sort_by, direction, search=True)
        if not 1 <= limit <= _SEARCH_MAX:
            raise ValueError(
                f"search limit must be between 1 and {_SEARCH_MAX} (got {limit})"
            )
        body: dict[str, Any] = {
            "view": self._view.view_id.dump(),
            "instanceType": self._instance_type,
            "limit": limit,
        }
        if query is not None:
            body["query"] = query
        if properties is not None:
            names = [properties] if isinstance(properties, str) else list(properties)
            body["properties"] = [self._property_id(name) for name in names]
        if flt is not None:
            body["filter"] = flt.dump()
        if sort:
            body["sort"] = sort
        response = self._http.post("/models/instances/search", body)
        return self._validate(response_items(response, f"search {self._view.view_id}"))

    def _aggregate_body(
        self, flt: Filter | None, query: str | None, limit: int | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "view": self._view.view_id.dump(),
            "instanceType": self._instance_type,
        }
        if flt is not None:
            body["filter"] = flt.dump()
        if query is not None:
            body["query"] = query
        if limit is not None:
            body["limit"] = limit
        return body

    def _aggregate(
        self,
        filters: Mapping[str, Any],
        aggregate: Any,
        property: str | None,
        group_by: str | Sequence[str] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        from ._aggregates import run_aggregate

        flt = self._where(filters, "aggregate")
        return run_aggregate(self, flt, aggregate, property, group_by, query, limit)

    def _histogram(
        self, filters: Mapping[str, Any], property: str, interval: float
    ) -> list[HistogramBucket]:
        flt = self._where(filters, "histogram")
        if not interval > 0:
            raise ValueError(f"histogram interval must be positive (got {interval})")
        body = self._aggregate_body(flt, None, None)
        body["aggregates"] = [
            {
                "histogram": {
                    "property": self._property_id(property),
                    "interval": interval,
                }
            }
        ]
        response = self._http.post("/models/instances/aggregate", body)
        buckets: list[HistogramBucket] = []
        try:
            for item in response_items(response, f"histogram {self._view.view_id}"):
                for agg in item.get("aggregates", []):
                    buckets.extend(
                        HistogramBucket(float(b["start"]), int(b["count"]))
                        for b in agg.get("buckets", [])
                    )
        except (AttributeError, KeyError, TypeError, ValueError):
            raise CDFError(
                f"histogram {self._view.view_id}: unexpected bucket in the response"
            ) from None
        return buckets


class NodeAPI(_ViewAPI[_NodeT, _NodeListT]):
    """Base of generated node-view APIs: ``retrieve`` here, the filtering methods in the generated class."""

    _instance_type: Literal["node", "edge"] = "node"

    @overload
    def retrieve(
        self,
        external_id: NodeId | tuple[str, str] | str,
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _NodeT | None: ...

    @overload
    def retrieve(
        self,
        external_id: list[NodeId | tuple[str, str] | str],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _NodeListT: ...

    def retrieve(
        self,
        external_id: NodeId
        | tuple[str, str]
        | str
        | list[NodeId | tuple[str, str] | str],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _NodeT | _NodeListT | None:
        """Nodes by id: one id gives the node or None, a list gives the nodes found (missing ones left out).

        Args:
            external_id: A ``NodeId``, a ``(space, external_id)`` pair or an external id (in ``space``
                or the SDK's default instance space), or a list of them.
            space: The space of bare external ids.
            retrieve_connections: "skip", "identifier" (ids) or "full" (the connected nodes).
        """
        return self._retrieve(external_id, space, retrieve_connections)


class EdgeAPI(_ViewAPI[_EdgeT, _EdgeListT]):
    """Base of generated edge-view APIs: ``retrieve`` here, the filtering methods in the generated class."""

    _instance_type: Literal["node", "edge"] = "edge"

    @overload
    def retrieve(
        self,
        external_id: EdgeId | tuple[str, str] | str,
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _EdgeT | None: ...

    @overload
    def retrieve(
        self,
        external_id: list[EdgeId | tuple[str, str] | str],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _EdgeListT: ...

    def retrieve(
        self,
        external_id: EdgeId
        | tuple[str, str]
        | str
        | list[EdgeId | tuple[str, str] | str],
        space: str | None = None,
        *,
        retrieve_connections: RetrieveConnections = "skip",
    ) -> _EdgeT | _EdgeListT | None:
        """Edges by id: one id gives the edge or None, a list gives the edges found.

        Args:
            external_id: An ``EdgeId``, a ``(space, external_id)`` pair or an external id (in ``space``
                or the SDK's default instance space), or a list of them.
            space: The space of bare external ids.
            retrieve_connections: "skip", "identifier" (ids) or "full" (connected nodes of edge views
                with connections).
        """
        return self._retrieve(external_id, space, retrieve_connections)
