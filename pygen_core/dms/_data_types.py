"""Container property types, discriminated on ``type``; unknown types load as :class:`UnknownPropertyType`."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Tag

from ._base import TAG_PREFIX, UNKNOWN_TAG, DMSModel, field_value, tag_for
from ._ids import ContainerId, ViewId
from ._vocabulary import PROPERTY_TYPES

__all__ = [
    "BooleanProperty",
    "DateProperty",
    "DirectRelationProperty",
    "EnumProperty",
    "EnumValue",
    "FileReferenceProperty",
    "Float32Property",
    "Float64Property",
    "Int32Property",
    "Int64Property",
    "JSONProperty",
    "PropertyType",
    "PropertyTypeBase",
    "SequenceReferenceProperty",
    "TextProperty",
    "TimeSeriesReferenceProperty",
    "TimestampProperty",
    "Unit",
    "UnknownPropertyType",
]


class PropertyTypeBase(DMSModel):
    """Base of every property type."""

    _always_dump: ClassVar[tuple[str, ...]] = ("type",)


class _ListableType(PropertyTypeBase):
    list: bool = False
    max_list_size: int | None = None


class Unit(DMSModel):
    """The unit of a numeric property."""

    external_id: str
    source_unit: str | None = None


class _NumericType(_ListableType):
    unit: Unit | None = None


class TextProperty(_ListableType):
    """``text``; ``max_text_size`` is the maximum UTF-8 byte length."""

    type: Literal["text"] = "text"
    collation: str = "ucs_basic"
    max_text_size: int | None = None


class BooleanProperty(_ListableType):
    """``boolean``."""

    type: Literal["boolean"] = "boolean"


class Int32Property(_NumericType):
    """``int32``."""

    type: Literal["int32"] = "int32"


class Int64Property(_NumericType):
    """``int64``."""

    type: Literal["int64"] = "int64"


class Float32Property(_NumericType):
    """``float32``."""

    type: Literal["float32"] = "float32"


class Float64Property(_NumericType):
    """``float64``."""

    type: Literal["float64"] = "float64"


class TimestampProperty(_ListableType):
    """``timestamp``."""

    type: Literal["timestamp"] = "timestamp"


class DateProperty(_ListableType):
    """``date``."""

    type: Literal["date"] = "date"


class JSONProperty(_ListableType):
    """``json``."""

    type: Literal["json"] = "json"


class TimeSeriesReferenceProperty(_ListableType):
    """``timeseries`` (values are time series external ids)."""

    type: Literal["timeseries"] = "timeseries"


class FileReferenceProperty(_ListableType):
    """``file`` (values are file external ids)."""

    type: Literal["file"] = "file"


class SequenceReferenceProperty(_ListableType):
    """``sequence`` (values are sequence external ids)."""

    type: Literal["sequence"] = "sequence"


class DirectRelationProperty(_ListableType):
    """``direct``: ``container`` is the required type of the target node, ``source`` (read views) its view."""

    type: Literal["direct"] = "direct"
    container: ContainerId | None = None
    source: ViewId | None = None


class EnumValue(DMSModel):
    """One value of an enum property."""

    name: str | None = None
    description: str | None = None


class EnumProperty(PropertyTypeBase):
    """``enum``: ``values`` maps each value key to its name/description (enums are never lists)."""

    type: Literal["enum"] = "enum"
    values: dict[str, EnumValue]
    unknown_value: str | None = None


class UnknownPropertyType(PropertyTypeBase):
    """A property type this version does not know; every key is kept as loaded."""

    type: str

    @property
    def raw(self) -> dict[str, Any]:
        """The wire JSON as loaded."""
        return self.dump()


def _property_type_tag(value: Any) -> str:
    if isinstance(value, UnknownPropertyType):
        return UNKNOWN_TAG
    return tag_for(field_value(value, "type", "type"), PROPERTY_TYPES)


PropertyType = Annotated[
    Annotated[TextProperty, Tag(TAG_PREFIX + "text")]
    | Annotated[BooleanProperty, Tag(TAG_PREFIX + "boolean")]
    | Annotated[Int32Property, Tag(TAG_PREFIX + "int32")]
    | Annotated[Int64Property, Tag(TAG_PREFIX + "int64")]
    | Annotated[Float32Property, Tag(TAG_PREFIX + "float32")]
    | Annotated[Float64Property, Tag(TAG_PREFIX + "float64")]
    | Annotated[TimestampProperty, Tag(TAG_PREFIX + "timestamp")]
    | Annotated[DateProperty, Tag(TAG_PREFIX + "date")]
    | Annotated[JSONProperty, Tag(TAG_PREFIX + "json")]
    | Annotated[TimeSeriesReferenceProperty, Tag(TAG_PREFIX + "timeseries")]
    | Annotated[FileReferenceProperty, Tag(TAG_PREFIX + "file")]
    | Annotated[SequenceReferenceProperty, Tag(TAG_PREFIX + "sequence")]
    | Annotated[DirectRelationProperty, Tag(TAG_PREFIX + "direct")]
    | Annotated[EnumProperty, Tag(TAG_PREFIX + "enum")]
    | Annotated[UnknownPropertyType, Tag(UNKNOWN_TAG)],
    Discriminator(_property_type_tag),
]
"""Any property type (discriminated on ``type``)."""
