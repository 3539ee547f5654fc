"""Data classes of the view sp_pygen_models:ConnectionItemA/1."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .._runtime import (
    Connection,
    DirectProp,
    DirectRelation,
    EdgeConnection,
    NodeId,
    NodeList,
    NodeRead,
    NodeWrite,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

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
    other_direct: NodeId | tuple[str, str] | str | None = Field(
        default=None, serialization_alias="otherDirect"
    )
    properties_: str | None = Field(default=None, serialization_alias="properties")
    self_direct: ConnectionItemAWrite | NodeId | tuple[str, str] | str | None = Field(
        default=None, serialization_alias="selfDirect"
    )
    outwards: list[ConnectionItemBWrite | NodeId | tuple[str, str] | str] | None = None


class ConnectionItemA(NodeRead):
    """ConnectionItemA (sp_pygen_models:ConnectionItemA/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    other_direct: ConnectionItemC | NodeId | None = Field(
        default=None, validation_alias=VIEW_ID.alias("otherDirect"), serialization_alias="otherDirect"
    )
    properties_: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("properties"), serialization_alias="properties"
    )
    self_direct: ConnectionItemA | NodeId | None = Field(
        default=None, validation_alias=VIEW_ID.alias("selfDirect"), serialization_alias="selfDirect"
    )
    outwards: list[ConnectionItemB | NodeId] | None = None

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


from ._connection_item_b import ConnectionItemB, ConnectionItemBWrite  # noqa: E402
from ._connection_item_c import ConnectionItemC  # noqa: E402
