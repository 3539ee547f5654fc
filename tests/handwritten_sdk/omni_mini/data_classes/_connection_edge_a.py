"""Data classes of the view sp_pygen_models:ConnectionEdgeA/1."""

from __future__ import annotations

import datetime
from typing import ClassVar, Literal

from pydantic import Field

from .._runtime import (
    EdgeList,
    EdgeRead,
    EdgeWrite,
    TextProp,
    TimestampProp,
    ViewId,
)

VIEW_ID = ViewId("sp_pygen_models", "ConnectionEdgeA", "1")

ConnectionEdgeAFields = Literal["external_id", "end_time", "name", "start_time"]
ConnectionEdgeATextFields = Literal["name"]


class ConnectionEdgeAWrite(EdgeWrite):
    """Write class of ConnectionEdgeA (sp_pygen_models:ConnectionEdgeA/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    end_time: datetime.datetime | None = Field(default=None, serialization_alias="endTime")
    name: str | None = None
    start_time: datetime.datetime | None = Field(default=None, serialization_alias="startTime")


class ConnectionEdgeA(EdgeRead):
    """ConnectionEdgeA (sp_pygen_models:ConnectionEdgeA/1)."""

    _view_id: ClassVar[ViewId] = VIEW_ID
    end_time: datetime.datetime | None = Field(
        default=None, validation_alias=VIEW_ID.alias("endTime"), serialization_alias="endTime"
    )
    name: str | None = Field(default=None, validation_alias=VIEW_ID.alias("name"))
    start_time: datetime.datetime | None = Field(
        default=None, validation_alias=VIEW_ID.alias("startTime"), serialization_alias="startTime"
    )

    def as_write(self) -> ConnectionEdgeAWrite:
        """The write form of this instance."""
        return self._as_write(ConnectionEdgeAWrite)


class ConnectionEdgeAList(EdgeList[ConnectionEdgeA]):
    """A list of ConnectionEdgeA; ``.cursor`` resumes iteration."""

    def as_write(self) -> list[ConnectionEdgeAWrite]:
        """The write form of every item."""
        return [item.as_write() for item in self]


class ConnectionEdgeAFilter:
    """Typed filter builders for ConnectionEdgeA, combine with ``&``, ``|`` and ``~``."""

    end_time = TimestampProp(VIEW_ID, "endTime")
    name = TextProp(VIEW_ID, "name")
    start_time = TimestampProp(VIEW_ID, "startTime")
