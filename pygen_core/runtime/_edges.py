"""The edges of one edge connection, listed on their own: ``client.<view>.<connection>_edge.list(...)``.

Edge connections whose edges carry no properties have no view to list them through; this API lists the
edges of the connection's type, filtered by start and end node, space, external id prefix or any filter.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, overload

from pydantic import TypeAdapter, ValidationError

from ._connections import EdgeConnection
from ._errors import CDFError
from ._filters import Filter, and_all, equals
from ._ids import NodeRef, ViewId
from ._instances import EdgeList, EdgeRead, describe_invalid
from ._results import response_items
from ._spec import ViewSpec
from ._where import build_where

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._api import _ViewAPI

__all__ = ["Edge", "EdgeConnectionAPI"]

_PAGE = 1000
_NO_VIEW = ViewSpec(ViewId("", "", ""))


class Edge(EdgeRead):
    """An edge without properties: its id, type and end nodes."""

    _view: ClassVar[ViewSpec] = _NO_VIEW

    def dump(self) -> dict[str, Any]:
        """The DMS read form of this edge."""
        out = super().dump()
        out.pop("properties", None)
        return out


_ADAPTERS: dict[str, TypeAdapter[list[Edge]]] = {}


def _validate(raw: list[dict[str, Any]], what: str) -> list[Edge]:
    adapter = _ADAPTERS.get("edges")
    if adapter is None:
        adapter = _ADAPTERS["edges"] = TypeAdapter(list[Edge])
    try:
        return adapter.validate_python(raw)
    except ValidationError as error:
        raise CDFError(describe_invalid(error, raw, what)) from None


class EdgeConnectionAPI:
    """The edges of one edge connection of a view (a class attribute of the view's API)."""

    def __init__(self, connection: str, api: _ViewAPI[Any, Any] | None = None) -> None:
        self._connection = connection
        self._api = api
        self._name = connection

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, api: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, api: _ViewAPI[Any, Any], owner: type[Any]) -> Self: ...

    def __get__(self, api: _ViewAPI[Any, Any] | None, owner: type[Any]) -> Self:
        if api is None:
            return self
        bound = type(self)(self._connection, api)
        bound._name = self._name
        api.__dict__[self._name] = bound
        return bound

    def __repr__(self) -> str:
        where = "" if self._api is None else f" of {self._api._view.view_id}"
        return f"{type(self).__name__}({self._connection!r}{where})"

    def _spec(self) -> tuple[_ViewAPI[Any, Any], EdgeConnection]:
        api = self._api
        if api is None:
            raise TypeError(f"{self!r} is used through a view API, not its class")
        conn = api._view.connections.get(self._connection)
        if not isinstance(conn, EdgeConnection):
            raise TypeError(
                f"{api._view.view_id} has no edge connection {self._connection!r}"
            )
        return api, conn

    def iterate(
        self,
        chunk_size: int = _PAGE,
        *,
        start_node: NodeRef | Sequence[NodeRef] | None = None,
        end_node: NodeRef | Sequence[NodeRef] | None = None,
        space: str | Sequence[str] | None = None,
        external_id_prefix: str | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[EdgeList[Edge]]:
        """Pages of at most ``chunk_size`` edges of the connection's type; ``.cursor`` resumes."""
        api, conn = self._spec()
        if not 1 <= chunk_size <= _PAGE:
            raise ValueError(
                f"chunk_size must be between 1 and {_PAGE} (got {chunk_size})"
            )
        keywords = {
            "start_node": start_node,
            "end_node": end_node,
            "space": space,
            "external_id_prefix": external_id_prefix,
            "filter": filter,
        }
        where = build_where(
            ViewSpec(api._view.view_id), "edge", keywords, api._default_space, "list"
        )
        flt = and_all(equals(["edge", "type"], conn.edge_type), where)
        assert flt is not None
        what = f"list edges of {api._view.view_id}.{self._connection}"
        remaining = None if limit is None or limit < 0 else limit
        body: dict[str, Any] = {"instanceType": "edge", "filter": flt.dump()}
        while remaining is None or remaining > 0:
            body["limit"] = (
                chunk_size if remaining is None else min(chunk_size, remaining)
            )
            if cursor:
                body["cursor"] = cursor
            response = api._http.post("/models/instances/list", body)
            next_cursor = response.get("nextCursor") or None
            page = EdgeList(
                _validate(response_items(response, what), what), next_cursor
            )
            if remaining is not None:
                remaining -= len(page)
            yield page
            if next_cursor is None or not page or next_cursor == cursor:
                return
            cursor = next_cursor

    def list(
        self,
        start_node: NodeRef | Sequence[NodeRef] | None = None,
        end_node: NodeRef | Sequence[NodeRef] | None = None,
        *,
        space: str | Sequence[str] | None = None,
        external_id_prefix: str | None = None,
        filter: Filter | None = None,
        limit: int | None = 25,
    ) -> EdgeList[Edge]:
        """The edges of the connection's type, from ``start_node`` and/or to ``end_node``.

        Args:
            start_node: Edges starting at this node, or at one of these nodes.
            end_node: Edges ending at this node, or at one of these nodes.
            space: Edges in this space, or in one of these spaces.
            external_id_prefix: Edges whose external id starts with this text.
            filter: Any other filter on the edges.
            limit: At most this many edges (default 25); ``None`` for all.
        """
        result: EdgeList[Edge] = EdgeList()
        for page in self.iterate(
            start_node=start_node,
            end_node=end_node,
            space=space,
            external_id_prefix=external_id_prefix,
            filter=filter,
            limit=limit,
        ):
            result.extend(page)
            result.cursor = page.cursor
        return result
