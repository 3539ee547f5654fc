"""Data classes of the view sp_pygen_models:MainInterface/1."""

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

VIEW_ID = ViewId("sp_pygen_models", "MainInterface", "1")

MainInterfaceFields = Literal["external_id", "main_value"]
MainInterfaceTextFields = Literal["main_value"]


class MainInterfaceWrite(NodeWrite):
    """Write class of MainInterface (sp_pygen_models:MainInterface/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    space: str = DEFAULT_INSTANCE_SPACE
    main_value: str | None = Field(default=None, serialization_alias="mainValue")


class MainInterface(NodeRead):
    """MainInterface (sp_pygen_models:MainInterface/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    main_value: str | None = Field(
        default=None, validation_alias=VIEW_ID.alias("mainValue"), serialization_alias="mainValue"
    )

    def as_write(self) -> MainInterfaceWrite:
        """The write form of this instance."""
        return self._as_write(MainInterfaceWrite)


class MainInterfaceList(NodeList[MainInterface]):
    """A list of MainInterface; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[MainInterfaceWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class MainInterfaceFilter:
    """Typed filter builders for MainInterface, combine with ``&``, ``|`` and ``~``."""

    main_value = TextProp(VIEW_ID, "mainValue")
