"""Data classes of the view sp_pygen_models:PrimitiveRequiredListed/1."""

from __future__ import annotations

import datetime
from typing import ClassVar, Literal

from pydantic import Field, JsonValue

from .._runtime import (
    ListProp,
    NodeList,
    NodeRead,
    NodeWrite,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

VIEW_ID = ViewId("sp_pygen_models", "PrimitiveRequiredListed", "1")

PrimitiveRequiredListedFields = Literal[
    "external_id", "boolean", "date", "float_32", "float_64", "int_32", "int_64", "json_", "text", "timestamp"
]


class PrimitiveRequiredListedWrite(NodeWrite):
    """Write class of PrimitiveRequiredListed (sp_pygen_models:PrimitiveRequiredListed/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    boolean: list[bool]
    date: list[datetime.date]
    float_32: list[float] = Field(serialization_alias="float32")
    float_64: list[float] = Field(serialization_alias="float64")
    int_32: list[int] = Field(serialization_alias="int32")
    int_64: list[int] = Field(serialization_alias="int64")
    json_: list[JsonValue] = Field(serialization_alias="json")
    text: list[str]
    timestamp: list[datetime.datetime]


class PrimitiveRequiredListed(NodeRead):
    """PrimitiveRequiredListed (sp_pygen_models:PrimitiveRequiredListed/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    boolean: list[bool] | None = Field(default=None, validation_alias=VIEW_ID.alias("boolean"))
    date: list[datetime.date] | None = Field(default=None, validation_alias=VIEW_ID.alias("date"))
    float_32: list[float] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("float32"), serialization_alias="float32"
    )
    float_64: list[float] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("float64"), serialization_alias="float64"
    )
    int_32: list[int] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("int32"), serialization_alias="int32"
    )
    int_64: list[int] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("int64"), serialization_alias="int64"
    )
    json_: list[JsonValue] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("json"), serialization_alias="json"
    )
    text: list[str] | None = Field(default=None, validation_alias=VIEW_ID.alias("text"))
    timestamp: list[datetime.datetime] | None = Field(
        default=None, validation_alias=VIEW_ID.alias("timestamp")
    )

    def as_write(self) -> PrimitiveRequiredListedWrite:
        """The write form of this instance."""
        return self._as_write(PrimitiveRequiredListedWrite)


class PrimitiveRequiredListedList(NodeList[PrimitiveRequiredListed]):
    """A list of PrimitiveRequiredListed; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[PrimitiveRequiredListedWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class PrimitiveRequiredListedFilter:
    """Typed filter builders for PrimitiveRequiredListed, combine with ``&``, ``|`` and ``~``."""

    boolean = ListProp(VIEW_ID, "boolean")
    date = ListProp(VIEW_ID, "date")
    float_32 = ListProp(VIEW_ID, "float32")
    float_64 = ListProp(VIEW_ID, "float64")
    int_32 = ListProp(VIEW_ID, "int32")
    int_64 = ListProp(VIEW_ID, "int64")
    json_ = ListProp(VIEW_ID, "json")
    text = ListProp(VIEW_ID, "text")
    timestamp = ListProp(VIEW_ID, "timestamp")
