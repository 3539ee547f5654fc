"""Data classes of the view sp_pygen_models:Implementation1/1."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .._runtime import (
    NodeList,
    NodeRead,
    NodeWrite,
    TextProp,
    ViewId,
)
from .._settings import DEFAULT_INSTANCE_SPACE

VIEW_ID = ViewId("sp_pygen_models", "Implementation1", "1")

Implementation1Fields = Literal["external_id", "main_value", "sub_value", "value_1", "value_2"]
Implementation1TextFields = Literal["main_value", "sub_value", "value_1", "value_2"]


class Implementation1Write(NodeWrite):
    """Write class of Implementation1 (sp_pygen_models:Implementation1/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    main_value: str | None = Field(default=None, serialization_alias="mainValue")
    sub_value: str | None = Field(default=None, serialization_alias="subValue")
    value_1: str | None = Field(default=None, serialization_alias="value1")
    value_2: str = Field(serialization_alias="value2")


class Implementation1(NodeRead):
    """Implementation1 (sp_pygen_models:Implementation1/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    main_value: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("mainValue"), serialization_alias="mainValue"
    )
    sub_value: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("subValue"), serialization_alias="subValue"
    )
    value_1: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("value1"), serialization_alias="value1"
    )
    value_2: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("value2"), serialization_alias="value2"
    )

    def as_write(self) -> Implementation1Write:
        """The write form of this instance."""
        return self._as_write(Implementation1Write)


class Implementation1List(NodeList[Implementation1]):
    """A list of Implementation1; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[Implementation1Write]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class Implementation1Filter:
    """Typed filter builders for Implementation1, combine with ``&``, ``|`` and ``~``."""

    main_value = TextProp(VIEW_ID, "mainValue")
    sub_value = TextProp(VIEW_ID, "subValue")
    value_1 = TextProp(VIEW_ID, "value1")
    value_2 = TextProp(VIEW_ID, "value2")
