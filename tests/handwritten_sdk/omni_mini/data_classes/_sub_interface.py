"""Data classes of the view sp_pygen_models:SubInterface/1."""

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

VIEW_ID = ViewId("sp_pygen_models", "SubInterface", "1")

SubInterfaceFields = Literal["external_id", "main_value", "sub_value"]
SubInterfaceTextFields = Literal["main_value", "sub_value"]


class SubInterfaceWrite(NodeWrite):
    """Write class of SubInterface (sp_pygen_models:SubInterface/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    main_value: str | None = Field(default=None, serialization_alias="mainValue")
    sub_value: str | None = Field(default=None, serialization_alias="subValue")


class SubInterface(NodeRead):
    """SubInterface (sp_pygen_models:SubInterface/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    main_value: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("mainValue"), serialization_alias="mainValue"
    )
    sub_value: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("subValue"), serialization_alias="subValue"
    )

    def as_write(self) -> SubInterfaceWrite:
        """The write form of this instance."""
        return self._as_write(SubInterfaceWrite)


class SubInterfaceList(NodeList[SubInterface]):
    """A list of SubInterface; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[SubInterfaceWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class SubInterfaceFilter:
    """Typed filter builders for SubInterface, combine with ``&``, ``|`` and ``~``."""

    main_value = TextProp(VIEW_ID, "mainValue")
    sub_value = TextProp(VIEW_ID, "subValue")
