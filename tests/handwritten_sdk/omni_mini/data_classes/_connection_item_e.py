"""Data classes of the view sp_pygen_models:ConnectionItemE/1."""

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
    ReverseDirectRelation,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemE", "1")

ConnectionItemEFields = Literal["external_id", "direct_list_no_source", "direct_no_source", "name"]
ConnectionItemETextFields = Literal["name"]

_CONNECTIONS: dict[str, Connection] = {
    "direct_list_no_source": DirectRelation("directListNoSource"),
    "direct_no_source": DirectRelation("directNoSource"),
    "direct_reverse_multi": ReverseDirectRelation(
        ViewId("sp_pygen_models", "ConnectionItemD", "1"), "directMulti", target="ConnectionItemD"
    ),
    "direct_reverse_single": ReverseDirectRelation(
        ViewId("sp_pygen_models", "ConnectionItemD", "1"),
        "directSingle",
        target="ConnectionItemD",
        single=True,
    ),
    "inwards_single": EdgeConnection(
        NodeId("sp_pygen_models", "bidirectionalSingle"), "inwards", target="ConnectionItemD", single=True
    ),
    "inwards_single_property": EdgeConnection(
        NodeId("sp_pygen_models", "multiProperty"),
        "inwards",
        target="ConnectionItemF",
        single=True,
        edge_class="ConnectionEdgeA",
    ),
}


class ConnectionItemEWrite(NodeWrite):
    """Write class of ConnectionItemE (sp_pygen_models:ConnectionItemE/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemE")
    direct_list_no_source: list[NodeId | tuple[str, str] | str] | None = Field(
        default=None, serialization_alias="directListNoSource"
    )
    direct_no_source: NodeId | tuple[str, str] | str | None = Field(
        default=None, serialization_alias="directNoSource"
    )
    name: str | None = None
    inwards_single: ConnectionItemDWrite | NodeId | tuple[str, str] | str | None = None
    inwards_single_property: ConnectionEdgeAWrite | None = None


class ConnectionItemE(NodeRead):
    """ConnectionItemE (sp_pygen_models:ConnectionItemE/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    direct_list_no_source: list[NodeId] | None = Field(
        default=None,
        validation_alias=VIEW_ID.alias("directListNoSource"),
        serialization_alias="directListNoSource",
    )
    direct_no_source: NodeId | None = Field(
        default=None, validation_alias=VIEW_ID.alias("directNoSource"), serialization_alias="directNoSource"
    )
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    direct_reverse_multi: list[ConnectionItemD | NodeId] | None = None
    direct_reverse_single: ConnectionItemD | NodeId | None = None
    inwards_single: ConnectionItemD | NodeId | None = None
    inwards_single_property: ConnectionEdgeA | None = None

    def as_write(self) -> ConnectionItemEWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemEWrite)


class ConnectionItemEList(NodeList[ConnectionItemE]):
    """A list of ConnectionItemE; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemEWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemEFilter:
    """Typed filter builders for ConnectionItemE, combine with ``&``, ``|`` and ``~``."""

    direct_list_no_source = DirectProp(VIEW_ID, "directListNoSource")
    direct_no_source = DirectProp(VIEW_ID, "directNoSource")
    name = TextProp(VIEW_ID, "name")


from ._connection_edge_a import ConnectionEdgeA, ConnectionEdgeAWrite  # noqa: E402
from ._connection_item_d import ConnectionItemD, ConnectionItemDWrite  # noqa: E402
