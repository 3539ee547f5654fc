"""View properties: mapped container properties and connections, discriminated on ``connectionType``.

A mapped property has no ``connectionType``.  Unknown connection types load as :class:`UnknownViewProperty`
(read) / :class:`UnknownViewPropertyApply` (write), keeping every key.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Tag, model_validator

from ._base import TAG_PREFIX, UNKNOWN_TAG, DMSModel, field_value, tag_for
from ._data_types import DirectRelationProperty, PropertyType
from ._ids import ContainerId, DirectRelationReference, ViewId
from ._vocabulary import CONNECTION_TYPES

__all__ = [
    "ConnectionBase",
    "MappedProperty",
    "MappedPropertyApply",
    "MultiEdgeConnection",
    "MultiEdgeConnectionApply",
    "MultiReverseDirectRelation",
    "MultiReverseDirectRelationApply",
    "PropertyReference",
    "SingleEdgeConnection",
    "SingleEdgeConnectionApply",
    "SingleReverseDirectRelation",
    "SingleReverseDirectRelationApply",
    "UnknownViewProperty",
    "UnknownViewPropertyApply",
    "ViewProperty",
    "ViewPropertyApply",
    "ViewPropertyBase",
]


def _view_or_container_tag(value: Any) -> str:
    if isinstance(value, dict):
        marker = value.get("type")
        if marker == "view" or marker == "container":
            return f"{TAG_PREFIX}{marker}"
        return TAG_PREFIX + ("view" if "version" in value else "container")
    return TAG_PREFIX + ("view" if isinstance(value, ViewId) else "container")


class PropertyReference(DMSModel):
    """``through`` of a reverse direct relation: property ``identifier`` of a view or container."""

    source: Annotated[
        Annotated[ViewId, Tag(TAG_PREFIX + "view")] | Annotated[ContainerId, Tag(TAG_PREFIX + "container")],
        Discriminator(_view_or_container_tag),
    ]
    identifier: str


class ViewPropertyBase(DMSModel):
    """Base of every view property (read and write)."""

    name: str | None = None
    description: str | None = None


class MappedPropertyApply(ViewPropertyBase):
    """A view property mapped to a container property, write form (``source``: direct relation target)."""

    container: ContainerId
    container_property_identifier: str
    source: ViewId | None = None


class MappedProperty(ViewPropertyBase):
    """A view property mapped to a container property, read form (with the container property's definition).

    The direct relation target view is ``source``; on the wire it is in ``type.source`` (read) or ``source``
    (write) and either is accepted.
    """

    container: ContainerId
    container_property_identifier: str
    type: PropertyType
    nullable: bool = True
    immutable: bool = False
    auto_increment: bool = False
    default_value: Any = None
    source: ViewId | None = None

    def as_apply(self) -> MappedPropertyApply:
        """The write form (container mapping, name, description and direct relation target)."""
        data = {
            "container": self.container,
            "containerPropertyIdentifier": self.container_property_identifier,
            "name": self.name,
            "description": self.description,
            "source": self.source,
        }
        return MappedPropertyApply.model_validate({k: v for k, v in data.items() if v is not None})

    @model_validator(mode="after")
    def _sync_source(self) -> MappedProperty:
        if isinstance(self.type, DirectRelationProperty):
            if self.source is None and self.type.source is not None:
                # Keep the wire position (type.source) for dumping; expose it as `source` too.
                object.__setattr__(self, "source", self.type.source)
                self.model_fields_set.discard("source")
            elif self.source is not None and self.type.source is None:
                object.__setattr__(self.type, "source", self.source)
        return self


class ConnectionBase(ViewPropertyBase):
    """Base of connection properties (edge connections and reverse direct relations)."""

    _always_dump: ClassVar[tuple[str, ...]] = ("connection_type",)


class _EdgeConnection(ConnectionBase):
    type: DirectRelationReference
    source: ViewId
    edge_source: ViewId | None = None
    direction: Literal["outwards", "inwards"] = "outwards"


class SingleEdgeConnectionApply(_EdgeConnection):
    """At most one edge of ``type`` to a ``source`` node, write form."""

    connection_type: Literal["single_edge_connection"] = "single_edge_connection"


class MultiEdgeConnectionApply(_EdgeConnection):
    """Any number of edges of ``type`` to ``source`` nodes, write form."""

    connection_type: Literal["multi_edge_connection"] = "multi_edge_connection"


class SingleEdgeConnection(_EdgeConnection):
    """At most one edge of ``type`` to a ``source`` node, read form."""

    connection_type: Literal["single_edge_connection"] = "single_edge_connection"

    def as_apply(self) -> SingleEdgeConnectionApply:
        """The write form."""
        return SingleEdgeConnectionApply.model_validate(self.dump())


class MultiEdgeConnection(_EdgeConnection):
    """Any number of edges of ``type`` to ``source`` nodes, read form."""

    connection_type: Literal["multi_edge_connection"] = "multi_edge_connection"

    def as_apply(self) -> MultiEdgeConnectionApply:
        """The write form."""
        return MultiEdgeConnectionApply.model_validate(self.dump())


class _ReverseDirectRelation(ConnectionBase):
    source: ViewId
    through: PropertyReference


class SingleReverseDirectRelationApply(_ReverseDirectRelation):
    """The one ``source`` node whose direct relation ``through`` points here, write form."""

    connection_type: Literal["single_reverse_direct_relation"] = "single_reverse_direct_relation"


class MultiReverseDirectRelationApply(_ReverseDirectRelation):
    """All ``source`` nodes whose direct relation ``through`` points here, write form."""

    connection_type: Literal["multi_reverse_direct_relation"] = "multi_reverse_direct_relation"


class SingleReverseDirectRelation(_ReverseDirectRelation):
    """The one ``source`` node whose direct relation ``through`` points here, read form."""

    connection_type: Literal["single_reverse_direct_relation"] = "single_reverse_direct_relation"
    targets_list: bool | None = None

    def as_apply(self) -> SingleReverseDirectRelationApply:
        """The write form (without the read-only ``targetsList``)."""
        data = self.dump()
        data.pop("targetsList", None)
        return SingleReverseDirectRelationApply.model_validate(data)


class MultiReverseDirectRelation(_ReverseDirectRelation):
    """All ``source`` nodes whose direct relation ``through`` points here, read form."""

    connection_type: Literal["multi_reverse_direct_relation"] = "multi_reverse_direct_relation"
    targets_list: bool | None = None

    def as_apply(self) -> MultiReverseDirectRelationApply:
        """The write form (without the read-only ``targetsList``)."""
        data = self.dump()
        data.pop("targetsList", None)
        return MultiReverseDirectRelationApply.model_validate(data)


class UnknownViewPropertyApply(ConnectionBase):
    """A connection type this version does not know, write form; every key is kept."""

    connection_type: str


class UnknownViewProperty(ConnectionBase):
    """A connection type this version does not know, read form; every key is kept."""

    connection_type: str

    def as_apply(self) -> UnknownViewPropertyApply:
        """The write form (every key as loaded)."""
        return UnknownViewPropertyApply.model_validate(self.dump())


_MAPPED_TAG = TAG_PREFIX + "mapped"


def _view_property_tag(value: Any) -> str:
    if isinstance(value, (UnknownViewProperty, UnknownViewPropertyApply)):
        return UNKNOWN_TAG
    if isinstance(value, (MappedProperty, MappedPropertyApply)):
        return _MAPPED_TAG
    connection_type = field_value(value, "connectionType", "connection_type")
    if connection_type is None:
        return _MAPPED_TAG
    return tag_for(connection_type, CONNECTION_TYPES)


ViewProperty = Annotated[
    Annotated[MappedProperty, Tag(_MAPPED_TAG)]
    | Annotated[SingleEdgeConnection, Tag(TAG_PREFIX + "single_edge_connection")]
    | Annotated[MultiEdgeConnection, Tag(TAG_PREFIX + "multi_edge_connection")]
    | Annotated[SingleReverseDirectRelation, Tag(TAG_PREFIX + "single_reverse_direct_relation")]
    | Annotated[MultiReverseDirectRelation, Tag(TAG_PREFIX + "multi_reverse_direct_relation")]
    | Annotated[UnknownViewProperty, Tag(UNKNOWN_TAG)],
    Discriminator(_view_property_tag),
]
"""Any view property, read form (discriminated on presence/value of ``connectionType``)."""

ViewPropertyApply = Annotated[
    Annotated[MappedPropertyApply, Tag(_MAPPED_TAG)]
    | Annotated[SingleEdgeConnectionApply, Tag(TAG_PREFIX + "single_edge_connection")]
    | Annotated[MultiEdgeConnectionApply, Tag(TAG_PREFIX + "multi_edge_connection")]
    | Annotated[SingleReverseDirectRelationApply, Tag(TAG_PREFIX + "single_reverse_direct_relation")]
    | Annotated[MultiReverseDirectRelationApply, Tag(TAG_PREFIX + "multi_reverse_direct_relation")]
    | Annotated[UnknownViewPropertyApply, Tag(UNKNOWN_TAG)],
    Discriminator(_view_property_tag),
]
"""Any view property, write form."""
