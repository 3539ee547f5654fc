"""Data classes of the view sp_pygen_models:ConnectionItemB/1."""

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
    from ._connection_item_a import ConnectionItemA, ConnectionItemAWrite

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemB", "1")

ConnectionItemBFields = Literal["external_id", "name"]
ConnectionItemBTextFields = Literal["name"]

_CONNECTIONS: dict[str, Connection] = {
    "inwards": EdgeConnection(
        NodeId("sp_pygen_models", "bidirectional"), "inwards", target="ConnectionItemA"
    ),
    "self_edge": EdgeConnection(NodeId("sp_pygen_models", "reflexive"), "outwards", target="ConnectionItemB"),
}


class ConnectionItemBWrite(NodeWrite):
    """Write class of ConnectionItemB (sp_pygen_models:ConnectionItemB/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemB")
    name: str | None = None
    inwards: Annotated[list[ConnectionItemAWrite | NodeId | tuple[str, str] | str] | None, LazyRef] = None
    self_edge: Annotated[list[ConnectionItemBWrite | NodeId | tuple[str, str] | str] | None, LazyRef] = None


class ConnectionItemB(NodeRead):
    """ConnectionItemB (sp_pygen_models:ConnectionItemB/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    inwards: Annotated[list[ConnectionItemA | NodeId] | None, LazyRef] = None
    self_edge: Annotated[list[ConnectionItemB | NodeId] | None, LazyRef] = None

    def as_write(self) -> ConnectionItemBWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemBWrite)


class ConnectionItemBList(NodeList[ConnectionItemB]):
    """A list of ConnectionItemB; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemBWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemBFilter:
    """Typed filter builders for ConnectionItemB, combine with ``&``, ``|`` and ``~``."""

    name = TextProp(VIEW_ID, "name")


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionItemA": "._connection_item_a",
    "ConnectionItemAWrite": "._connection_item_a",
}
