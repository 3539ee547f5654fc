"""Data classes of the view sp_pygen_models:ConnectionItemF/1."""

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
    from ._connection_edge_a import ConnectionEdgeA, ConnectionEdgeAWrite
    from ._connection_item_d import ConnectionItemD, ConnectionItemDWrite

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemF", "1")

ConnectionItemFFields = Literal["external_id", "direct_list", "name"]
ConnectionItemFTextFields = Literal["name"]

_CONNECTIONS: dict[str, Connection] = {
    "direct_list": DirectRelation("directList", target="ConnectionItemD"),
    "outwards_multi": EdgeConnection(
        NodeId("sp_pygen_models", "multiProperty"),
        "outwards",
        target="ConnectionItemG",
        edge_class="ConnectionEdgeA",
    ),
    "outwards_single": EdgeConnection(
        NodeId("sp_pygen_models", "singleProperty"),
        "outwards",
        target="ConnectionItemE",
        single=True,
        edge_class="ConnectionEdgeA",
    ),
}


class ConnectionItemFWrite(NodeWrite):
    """Write class of ConnectionItemF (sp_pygen_models:ConnectionItemF/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemF")
    direct_list: Annotated[list[ConnectionItemDWrite | NodeId | tuple[str, str] | str] | None, LazyRef] = (
        Field(default=None, serialization_alias="directList")
    )
    name: str | None = None
    outwards_multi: Annotated[list[ConnectionEdgeAWrite] | None, LazyRef] = None
    outwards_single: Annotated[ConnectionEdgeAWrite | None, LazyRef] = None


class ConnectionItemF(NodeRead):
    """ConnectionItemF (sp_pygen_models:ConnectionItemF/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    direct_list: Annotated[list[ConnectionItemD | NodeId] | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("directList"), serialization_alias="directList"
    )
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    outwards_multi: Annotated[list[ConnectionEdgeA] | None, LazyRef] = None
    outwards_single: Annotated[ConnectionEdgeA | None, LazyRef] = None

    def as_write(self) -> ConnectionItemFWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemFWrite)


class ConnectionItemFList(NodeList[ConnectionItemF]):
    """A list of ConnectionItemF; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemFWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemFFilter:
    """Typed filter builders for ConnectionItemF, combine with ``&``, ``|`` and ``~``."""

    direct_list = DirectProp(VIEW_ID, "directList")
    name = TextProp(VIEW_ID, "name")


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionEdgeA": "._connection_edge_a",
    "ConnectionEdgeAWrite": "._connection_edge_a",
    "ConnectionItemD": "._connection_item_d",
    "ConnectionItemDWrite": "._connection_item_d",
}
