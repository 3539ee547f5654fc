"""Data classes of the view sp_pygen_models:ConnectionItemC/1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from .._runtime import (
    Connection,
    EdgeConnection,
    LazyRef,
    NodeId,
    NodeList,
    NodeRead,
    ViewId,
)

if TYPE_CHECKING:
    from ._connection_item_a import ConnectionItemA
    from ._connection_item_b import ConnectionItemB

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemC", "1")

ConnectionItemCFields = Literal["external_id"]

_CONNECTIONS: dict[str, Connection] = {
    "connection_item_a": EdgeConnection(
        NodeId("sp_pygen_models", "unidirectional"), "outwards", target="ConnectionItemA"
    ),
    "connection_item_b": EdgeConnection(
        NodeId("sp_pygen_models", "unidirectional"), "outwards", target="ConnectionItemB"
    ),
}


class ConnectionItemC(NodeRead):
    """ConnectionItemC (sp_pygen_models:ConnectionItemC/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    connection_item_a: Annotated[list[ConnectionItemA | NodeId] | None, LazyRef] = None
    connection_item_b: Annotated[list[ConnectionItemB | NodeId] | None, LazyRef] = None


class ConnectionItemCList(NodeList[ConnectionItemC]):
    """A list of ConnectionItemC; ``.cursor`` resumes iteration."""


class ConnectionItemCFilter:
    """Typed filter builders for ConnectionItemC, combine with ``&``, ``|`` and ``~``."""

    _view_id = VIEW_ID


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionItemA": "._connection_item_a",
    "ConnectionItemB": "._connection_item_b",
}
