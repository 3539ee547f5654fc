"""Data classes of the view sp_pygen_models:PrimitiveNullable/1."""

from __future__ import annotations

import datetime
from typing import ClassVar, Literal

from pydantic import Field, JsonValue

from .._runtime import (
    BoolProp,
    DateProp,
    FloatProp,
    IntProp,
    JSONProp,
    NodeList,
    NodeRead,
    NodeWrite,
    TextProp,
    TimestampProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

VIEW_ID = ViewId("sp_pygen_models", "PrimitiveNullable", "1")

PrimitiveNullableFields = Literal[
    "external_id", "boolean", "date", "float_32", "float_64", "int_32", "int_64", "json_", "text", "timestamp"
]
PrimitiveNullableTextFields = Literal["text"]


class PrimitiveNullableWrite(NodeWrite):
    """Write class of PrimitiveNullable (sp_pygen_models:PrimitiveNullable/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    boolean: bool | None = None
    date: datetime.date | None = None
    float_32: float | None = Field(default=None, serialization_alias="float32")
    float_64: float | None = Field(default=None, serialization_alias="float64")
    int_32: int | None = Field(default=None, serialization_alias="int32")
    int_64: int | None = Field(default=None, serialization_alias="int64")
    json_: JsonValue | None = Field(default=None, serialization_alias="json")
    text: str | None = None
    timestamp: datetime.datetime | None = None


class PrimitiveNullable(NodeRead):
    """PrimitiveNullable (sp_pygen_models:PrimitiveNullable/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    boolean: bool | None = Field(default=None, validation_alias=VIEW_ID.alias("boolean"))
    date: datetime.date | None = Field(default=None, validation_alias=VIEW_ID.alias("date"))
    float_32: float | None = Field(
        default=None, validation_alias=VIEW_ID.alias("float32"), serialization_alias="float32"
    )
    float_64: float | None = Field(
        default=None, validation_alias=VIEW_ID.alias("float64"), serialization_alias="float64"
    )
    int_32: int | None = Field(
        default=None, validation_alias=VIEW_ID.alias("int32"), serialization_alias="int32"
    )
    int_64: int | None = Field(
        default=None, validation_alias=VIEW_ID.alias("int64"), serialization_alias="int64"
    )
    json_: JsonValue | None = Field(
        default=None, validation_alias=VIEW_ID.alias("json"), serialization_alias="json"
    )
    text: str | None = Field(default=None, validation_alias=VIEW_ID.alias("text"))
    timestamp: datetime.datetime | None = Field(default=None, validation_alias=VIEW_ID.alias("timestamp"))

    def as_write(self) -> PrimitiveNullableWrite:
        """The write form of this instance."""
        return self._as_write(PrimitiveNullableWrite)


class PrimitiveNullableList(NodeList[PrimitiveNullable]):
    """A list of PrimitiveNullable; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[PrimitiveNullableWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class PrimitiveNullableFilter:
    """Typed filter builders for PrimitiveNullable, combine with ``&``, ``|`` and ``~``."""

    boolean = BoolProp(VIEW_ID, "boolean")
    date = DateProp(VIEW_ID, "date")
    float_32 = FloatProp(VIEW_ID, "float32")
    float_64 = FloatProp(VIEW_ID, "float64")
    int_32 = IntProp(VIEW_ID, "int32")
    int_64 = IntProp(VIEW_ID, "int64")
    json_ = JSONProp(VIEW_ID, "json")
    text = TextProp(VIEW_ID, "text")
    timestamp = TimestampProp(VIEW_ID, "timestamp")
