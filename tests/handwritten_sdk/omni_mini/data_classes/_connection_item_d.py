"""Data classes of the view sp_pygen_models:ConnectionItemD/1."""

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
    from ._connection_item_e import ConnectionItemE, ConnectionItemEWrite

VIEW_ID = ViewId("sp_pygen_models", "ConnectionItemD", "1")

ConnectionItemDFields = Literal["external_id", "direct_multi", "direct_single", "name"]
ConnectionItemDTextFields = Literal["name"]

_CONNECTIONS: dict[str, Connection] = {
    "direct_multi": DirectRelation("directMulti", target="ConnectionItemE"),
    "direct_single": DirectRelation("directSingle", target="ConnectionItemE"),
    "outwards_single": EdgeConnection(
        NodeId("sp_pygen_models", "bidirectionalSingle"), "outwards", target="ConnectionItemE", single=True
    ),
}


class ConnectionItemDWrite(NodeWrite):
    """Write class of ConnectionItemD (sp_pygen_models:ConnectionItemD/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    space: str = DEFAULT_INSTANCE_SPACE
    node_type: NodeId | None = NodeId("sp_pygen_models", "ConnectionItemD")
    direct_multi: Annotated[list[ConnectionItemEWrite | NodeId | tuple[str, str] | str] | None, LazyRef] = (
        Field(default=None, serialization_alias="directMulti")
    )
    direct_single: Annotated[ConnectionItemEWrite | NodeId | tuple[str, str] | str | None, LazyRef] = Field(
        default=None, serialization_alias="directSingle"
    )
    name: str | None = None
    outwards_single: Annotated[ConnectionItemEWrite | NodeId | tuple[str, str] | str | None, LazyRef] = None


class ConnectionItemD(NodeRead):
    """ConnectionItemD (sp_pygen_models:ConnectionItemD/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    _connections: ClassVar[dict[str, Connection]] = _CONNECTIONS
    direct_multi: Annotated[list[ConnectionItemE | NodeId] | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("directMulti"), serialization_alias="directMulti"
    )
    direct_single: Annotated[ConnectionItemE | NodeId | None, LazyRef] = Field(
        default=None, validation_alias=VIEW_ID.alias("directSingle"), serialization_alias="directSingle"
    )
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    outwards_single: Annotated[ConnectionItemE | NodeId | None, LazyRef] = None

    def as_write(self) -> ConnectionItemDWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionItemDWrite)


class ConnectionItemDList(NodeList[ConnectionItemD]):
    """A list of ConnectionItemD; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionItemDWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionItemDFilter:
    """Typed filter builders for ConnectionItemD, combine with ``&``, ``|`` and ``~``."""

    direct_multi = DirectProp(VIEW_ID, "directMulti")
    direct_single = DirectProp(VIEW_ID, "directSingle")
    name = TextProp(VIEW_ID, "name")


# Bound by the runtime on first use; eager imports would nest along chains of views.
_TARGETS: dict[str, str] = {
    "ConnectionItemE": "._connection_item_e",
    "ConnectionItemEWrite": "._connection_item_e",
}
