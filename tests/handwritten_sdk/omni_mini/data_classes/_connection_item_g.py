"""Data classes of the view sp_pygen_models:ConnectionItemG/1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from .._runtime import (
    Connection,
    EdgeConnection,
    LazyRef,
    NodeId,
    NodeList,
    NodeRead,
    NodeWrite,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

if TYPE_CHECKING:
    from ._connection_edge_a import ConnectionEdgeA, ConnectionEdgeAWrite

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemG", "1")

ConnectionItemGFields = Literal["external_id", "name"]
ConnectionItemGTextFields = Literal["name"]

_CONNECTIONS: dict[str, Connection] = {
    "inwards_multi_property": EdgeConnection(
        NodeId("sp_pygen_models", "multiProperty"),
        "inwards",
        target="ConnectionItemF",
        edge_class="ConnectionEdgeA",
    ),
}


class ConnectionItemGWrite(NodeWrite):
    """Write class of ConnectionItemG (sp_pygen_models:ConnectionItemG/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemG")
    name: str | None = None
    inwards_multi_property: Annotated[list[ConnectionEdgeAWrite] | None, LazyRef] = None


class ConnectionItemG(NodeRead):
    """ConnectionItemG (sp_pygen_models:ConnectionItemG/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    inwards_multi_property: Annotated[list[ConnectionEdgeA] | None, LazyRef] = None

    def as_write(self) -> ConnectionItemGWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemGWrite)


class ConnectionItemGList(NodeList[ConnectionItemG]):
    """A list of ConnectionItemG; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemGWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemGFilter:
    """Typed filter builders for ConnectionItemG, combine with ``&``, ``|`` and ``~``."""

    name = TextProp(VIEW_ID, "name")


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionEdgeA": "._connection_edge_a",
    "ConnectionEdgeAWrite": "._connection_edge_a",
}
