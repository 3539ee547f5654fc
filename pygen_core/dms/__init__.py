"""DMS wire models (pydantic v2, camelCase on the wire), ids and the schema client.

The wire models load on first use (pydantic is not imported by ``import pygen_core.dms``); the API's word
lists (``PROPERTY_TYPES``, ``CONNECTION_TYPES``, ``USED_FOR``) are plain data.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._vocabulary import CONNECTION_TYPES, PROPERTY_TYPES, USED_FOR

if TYPE_CHECKING:
    from ._base import (
        DMSModel,
    )
    from ._containers import (
        BTreeIndex,
        Constraint,
        ConstraintBase,
        Container,
        ContainerApply,
        ContainerProperty,
        Index,
        IndexBase,
        InvertedIndex,
        RequiresConstraint,
        UniquenessConstraint,
        UnknownConstraint,
        UnknownIndex,
    )
    from ._data_types import (
        BooleanProperty,
        DateProperty,
        DirectRelationProperty,
        EnumProperty,
        EnumValue,
        FileReferenceProperty,
        Float32Property,
        Float64Property,
        Int32Property,
        Int64Property,
        JSONProperty,
        PropertyType,
        PropertyTypeBase,
        SequenceReferenceProperty,
        TextProperty,
        TimeSeriesReferenceProperty,
        TimestampProperty,
        Unit,
        UnknownPropertyType,
    )
    from ._ids import (
        ContainerId,
        DataModelId,
        DirectRelationReference,
        ViewId,
    )
    from ._schema_client import (
        HTTPLike,
        SchemaClient,
    )
    from ._spaces import (
        Space,
        SpaceApply,
    )
    from ._validation import (
        format_validation_error,
    )
    from ._view_properties import (
        ConnectionBase,
        MappedProperty,
        MappedPropertyApply,
        MultiEdgeConnection,
        MultiEdgeConnectionApply,
        MultiReverseDirectRelation,
        MultiReverseDirectRelationApply,
        PropertyReference,
        SingleEdgeConnection,
        SingleEdgeConnectionApply,
        SingleReverseDirectRelation,
        SingleReverseDirectRelationApply,
        UnknownViewProperty,
        UnknownViewPropertyApply,
        ViewProperty,
        ViewPropertyApply,
        ViewPropertyBase,
    )
    from ._views import (
        DataModel,
        DataModelApply,
        View,
        ViewApply,
    )

__all__ = [
    "CONNECTION_TYPES",
    "PROPERTY_TYPES",
    "USED_FOR",
    "BTreeIndex",
    "BooleanProperty",
    "ConnectionBase",
    "Constraint",
    "ConstraintBase",
    "Container",
    "ContainerApply",
    "ContainerId",
    "ContainerProperty",
    "DMSModel",
    "DataModel",
    "DataModelApply",
    "DataModelId",
    "DateProperty",
    "DirectRelationProperty",
    "DirectRelationReference",
    "EnumProperty",
    "EnumValue",
    "FileReferenceProperty",
    "Float32Property",
    "Float64Property",
    "HTTPLike",
    "Index",
    "IndexBase",
    "Int32Property",
    "Int64Property",
    "InvertedIndex",
    "JSONProperty",
    "MappedProperty",
    "MappedPropertyApply",
    "MultiEdgeConnection",
    "MultiEdgeConnectionApply",
    "MultiReverseDirectRelation",
    "MultiReverseDirectRelationApply",
    "PropertyReference",
    "PropertyType",
    "PropertyTypeBase",
    "RequiresConstraint",
    "SchemaClient",
    "SequenceReferenceProperty",
    "SingleEdgeConnection",
    "SingleEdgeConnectionApply",
    "SingleReverseDirectRelation",
    "SingleReverseDirectRelationApply",
    "Space",
    "SpaceApply",
    "TextProperty",
    "TimeSeriesReferenceProperty",
    "TimestampProperty",
    "UniquenessConstraint",
    "Unit",
    "UnknownConstraint",
    "UnknownIndex",
    "UnknownPropertyType",
    "UnknownViewProperty",
    "UnknownViewPropertyApply",
    "View",
    "ViewApply",
    "ViewId",
    "ViewProperty",
    "ViewPropertyApply",
    "ViewPropertyBase",
    "format_validation_error",
]

_LAZY = {
    "BTreeIndex": "._containers",
    "BooleanProperty": "._data_types",
    "ConnectionBase": "._view_properties",
    "Constraint": "._containers",
    "ConstraintBase": "._containers",
    "Container": "._containers",
    "ContainerApply": "._containers",
    "ContainerId": "._ids",
    "ContainerProperty": "._containers",
    "DMSModel": "._base",
    "DataModel": "._views",
    "DataModelApply": "._views",
    "DataModelId": "._ids",
    "DateProperty": "._data_types",
    "DirectRelationProperty": "._data_types",
    "DirectRelationReference": "._ids",
    "EnumProperty": "._data_types",
    "EnumValue": "._data_types",
    "FileReferenceProperty": "._data_types",
    "Float32Property": "._data_types",
    "Float64Property": "._data_types",
    "HTTPLike": "._schema_client",
    "Index": "._containers",
    "IndexBase": "._containers",
    "Int32Property": "._data_types",
    "Int64Property": "._data_types",
    "InvertedIndex": "._containers",
    "JSONProperty": "._data_types",
    "MappedProperty": "._view_properties",
    "MappedPropertyApply": "._view_properties",
    "MultiEdgeConnection": "._view_properties",
    "MultiEdgeConnectionApply": "._view_properties",
    "MultiReverseDirectRelation": "._view_properties",
    "MultiReverseDirectRelationApply": "._view_properties",
    "PropertyReference": "._view_properties",
    "PropertyType": "._data_types",
    "PropertyTypeBase": "._data_types",
    "RequiresConstraint": "._containers",
    "SchemaClient": "._schema_client",
    "SequenceReferenceProperty": "._data_types",
    "SingleEdgeConnection": "._view_properties",
    "SingleEdgeConnectionApply": "._view_properties",
    "SingleReverseDirectRelation": "._view_properties",
    "SingleReverseDirectRelationApply": "._view_properties",
    "Space": "._spaces",
    "SpaceApply": "._spaces",
    "TextProperty": "._data_types",
    "TimeSeriesReferenceProperty": "._data_types",
    "TimestampProperty": "._data_types",
    "UniquenessConstraint": "._containers",
    "Unit": "._data_types",
    "UnknownConstraint": "._containers",
    "UnknownIndex": "._containers",
    "UnknownPropertyType": "._data_types",
    "UnknownViewProperty": "._view_properties",
    "UnknownViewPropertyApply": "._view_properties",
    "View": "._views",
    "ViewApply": "._views",
    "ViewId": "._ids",
    "ViewProperty": "._view_properties",
    "ViewPropertyApply": "._view_properties",
    "ViewPropertyBase": "._view_properties",
    "format_validation_error": "._validation",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
