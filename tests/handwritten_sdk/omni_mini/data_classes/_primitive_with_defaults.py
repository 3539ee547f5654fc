"""Data classes of the view sp_pygen_models:PrimitiveWithDefaults/1."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, JsonValue

from .._runtime import (
    BoolProp,
    FloatProp,
    IntProp,
    JSONProp,
    NodeList,
    NodeRead,
    NodeWrite,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

VIEW_ID = ViewId("sp_pygen_models", "PrimitiveWithDefaults", "1")

PrimitiveWithDefaultsFields = Literal[
    "external_id",
    "auto_increment_int_32",
    "default_boolean",
    "default_float_32",
    "default_object",
    "default_string",
]
PrimitiveWithDefaultsTextFields = Literal["default_string"]


class PrimitiveWithDefaultsWrite(NodeWrite):
    """Write class of PrimitiveWithDefaults (sp_pygen_models:PrimitiveWithDefaults/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    auto_increment_int_32: int | None = Field(default=None, serialization_alias="autoIncrementInt32")
    default_boolean: bool | None = Field(default=True, serialization_alias="defaultBoolean")
    default_float_32: float | None = Field(default=0.42, serialization_alias="defaultFloat32")
    default_object: JsonValue | None = Field(default=None, serialization_alias="defaultObject")
    default_string: str | None = Field(default="my default text", serialization_alias="defaultString")


class PrimitiveWithDefaults(NodeRead):
    """PrimitiveWithDefaults (sp_pygen_models:PrimitiveWithDefaults/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    auto_increment_int_32: int | None = Field(
        default=None,
        validation_alias=VIEW_ID.alias("autoIncrementInt32"),
        serialization_alias="autoIncrementInt32",
    )
    default_boolean: bool | None = Field(
        default=None, validation_alias=VIEW_ID.alias("defaultBoolean"), serialization_alias="defaultBoolean"
    )
    default_float_32: float | None = Field(
        default=None, validation_alias=VIEW_ID.alias("defaultFloat32"), serialization_alias="defaultFloat32"
    )
    default_object: JsonValue | None = Field(
        default=None, validation_alias=VIEW_ID.alias("defaultObject"), serialization_alias="defaultObject"
    )
    default_string: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("defaultString"), serialization_alias="defaultString"
    )

    def as_write(self) -> PrimitiveWithDefaultsWrite:
        """The write form of this instance."""
        return self._as_write(PrimitiveWithDefaultsWrite)


class PrimitiveWithDefaultsList(NodeList[PrimitiveWithDefaults]):
    """A list of PrimitiveWithDefaults; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[PrimitiveWithDefaultsWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class PrimitiveWithDefaultsFilter:
    """Typed filter builders for PrimitiveWithDefaults, combine with ``&``, ``|`` and ``~``."""

    auto_increment_int_32 = IntProp(VIEW_ID, "autoIncrementInt32")
    default_boolean = BoolProp(VIEW_ID, "defaultBoolean")
    default_float_32 = FloatProp(VIEW_ID, "defaultFloat32")
    default_object = JSONProp(VIEW_ID, "defaultObject")
    default_string = TextProp(VIEW_ID, "defaultString")
