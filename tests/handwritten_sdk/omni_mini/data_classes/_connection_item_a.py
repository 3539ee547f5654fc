"""Data classes of the view sp_pygen_models:ConnectionItemA/1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal

from pydantic import Field

from .._runtime import (
    Connection,
    DirectProp,
    DirectRelation,
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
    from ._connection_item_b import ConnectionItemB, ConnectionItemBWrite
    from ._connection_item_c import ConnectionItemC

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemA", "1")

ConnectionItemAFields = Literal["external_id", "name", "other_direct", "properties_", "self_direct"]
ConnectionItemATextFields = Literal["name", "properties_"]

_CONNECTIONS: dict[str, Connection] = {
    "other_direct": DirectRelation("otherDirect", target="ConnectionItemC"),
    "self_direct": DirectRelation("selfDirect", target="ConnectionItemA"),
    "outwards": EdgeConnection(
        NodeId("sp_pygen_models", "bidirectional"), "outwards", target="ConnectionItemB"
    ),
}


class ConnectionItemAWrite(NodeWrite):
    """Write class of ConnectionItemA (sp_pygen_models:ConnectionItemA/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemA")
    name: str | None = None
    other_direct: Annotated[NodeId | tuple[str, str] | str | None, LazyRef] = Field(
        default=None, serialization_alias="otherDirect"
    )
    properties_: str | None = Field(default=None, serialization_alias="properties")
    self_direct: Annotated[ConnectionItemAWrite | NodeId | tuple[str, str] | str | None, LazyRef] = Field(
        default=None, serialization_alias="selfDirect"
    )
    outwards: Annotated[list[ConnectionItemBWrite | NodeId | tuple[str, str] | str] | None, LazyRef] = None


class ConnectionItemA(NodeRead):
    """ConnectionItemA (sp_pygen_models:ConnectionItemA/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    other_direct: Annotated[ConnectionItemC | NodeId | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("otherDirect"), serialization_alias="otherDirect"
    )
    properties_: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("properties"), serialization_alias="properties"
    )
    self_direct: Annotated[ConnectionItemA | NodeId | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("selfDirect"), serialization_alias="selfDirect"
    )
    outwards: Annotated[list[ConnectionItemB | NodeId] | None, LazyRef] = None

    def as_write(self) -> ConnectionItemAWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemAWrite)


class ConnectionItemAList(NodeList[ConnectionItemA]):
    """A list of ConnectionItemA; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemAWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemAFilter:
    """Typed filter builders for ConnectionItemA, combine with ``&``, ``|`` and ``~``."""

    name = TextProp(VIEW_ID, "name")
    other_direct = DirectProp(VIEW_ID, "otherDirect")
    properties_ = TextProp(VIEW_ID, "properties")
    self_direct = DirectProp(VIEW_ID, "selfDirect")


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionItemB": "._connection_item_b",
    "ConnectionItemBWrite": "._connection_item_b",
    "ConnectionItemC": "._connection_item_c",
}
