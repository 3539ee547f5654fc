"""Data classes of the view sp_pygen_models:ConnectionItemE/1."""

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
    ReverseDirectRelation,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

if TYPE_CHECKING:
    from ._connection_edge_a import ConnectionEdgeA, ConnectionEdgeAWrite
    from ._connection_item_d import ConnectionItemD, ConnectionItemDWrite

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
    direct_list_no_source: Annotated[list[NodeId | tuple[str, str] | str] | None, LazyRef] = Field(
        default=None, serialization_alias="directListNoSource"
    )
    direct_no_source: Annotated[NodeId | tuple[str, str] | str | None, LazyRef] = Field(
        default=None, serialization_alias="directNoSource"
    )
    name: str | None = None
    inwards_single: Annotated[ConnectionItemDWrite | NodeId | tuple[str, str] | str | None, LazyRef] = None
    inwards_single_property: Annotated[ConnectionEdgeAWrite | None, LazyRef] = None


class ConnectionItemE(NodeRead):
    """ConnectionItemE (sp_pygen_models:ConnectionItemE/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    direct_list_no_source: Annotated[list[NodeId] | None, LazyRef] = Field(
        default=None,
        validation_alias=VIEW_ID.alias("directListNoSource"),
        serialization_alias="directListNoSource",
    )
    direct_no_source: Annotated[NodeId | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("directNoSource"), serialization_alias="directNoSource"
    )
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    direct_reverse_multi: Annotated[list[ConnectionItemD | NodeId] | None, LazyRef] = None
    direct_reverse_single: Annotated[ConnectionItemD | NodeId | None, LazyRef] = None
    inwards_single: Annotated[ConnectionItemD | NodeId | None, LazyRef] = None
    inwards_single_property: Annotated[ConnectionEdgeA | None, LazyRef] = None

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


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionEdgeA": "._connection_edge_a",
    "ConnectionEdgeAWrite": "._connection_edge_a",
    "ConnectionItemD": "._connection_item_d",
    "ConnectionItemDWrite": "._connection_item_d",
}
