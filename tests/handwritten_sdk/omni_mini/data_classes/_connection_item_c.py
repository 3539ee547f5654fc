"""Data classes of the view sp_pygen_models:ConnectionItemC/1."""

from __future__ import annotations

from typing import ClassVar, Literal

from .._runtime import (
    Connection,
    EdgeConnection,
    NodeId,
    NodeList,
    NodeRead,
    ViewId,
)

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
    connection_item_a: list[ConnectionItemA | NodeId] | None = None
    connection_item_b: list[ConnectionItemB | NodeId] | None = None


class ConnectionItemCList(NodeList[ConnectionItemC]):
    """A list of ConnectionItemC; ``.cursor`` resumes iteration."""


class ConnectionItemCFilter:
    """Typed filter builders for ConnectionItemC, combine with ``&``, ``|`` and ``~``."""

    _view_id = VIEW_ID


from ._connection_item_a import ConnectionItemA  # noqa: E402
from ._connection_item_b import ConnectionItemB  # noqa: E402
