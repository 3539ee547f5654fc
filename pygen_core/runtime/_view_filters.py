"""Bases of the generated ``<View>Filter`` classes: the instance's own properties and view-wide filters.

A generated class names its view's properties (``name = rt.TextProp(VIEW_ID, "name")``) and declares its
view as a class keyword: ``class PumpFilter(rt.NodeFilters, view=_VIEW)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from ._filters import (
    DirectProp,
    Filter,
    IntProp,
    TextProp,
    TimestampProp,
    has_data,
    instance_references,
    match_all,
)
from ._ids import EdgeId, NodeId, ViewId
from ._spec import ViewSpec

__all__ = ["EdgeFilters", "NodeFilters"]


class _ViewFilters:
    """Typed filter builders of one view; combine them with ``&``, ``|`` and ``~``."""

    _view_id: ClassVar[ViewId | None] = None

    def __init_subclass__(cls, view: ViewSpec | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if view is not None:
            cls._view_id = view.view_id

    @classmethod
    def has_data(cls) -> Filter:
        """Instances with data in this view (its filter and the filters of the views it implements)."""
        if cls._view_id is None:
            raise TypeError(f"{cls.__name__} is not bound to a view")
        return has_data(cls._view_id)

    @staticmethod
    def instance_references(
        ids: Sequence[NodeId | EdgeId | tuple[str, str]],
    ) -> Filter:
        """The instance is one of ``ids``."""
        return instance_references(ids)

    @staticmethod
    def match_all() -> Filter:
        """Every instance (the neutral filter)."""
        return match_all()


class NodeFilters(_ViewFilters):
    """Base of generated node-view filter classes: ``external_id``, ``space``, ``node_type`` and the
    timestamps are there for every view."""

    external_id: ClassVar[TextProp] = TextProp("node", "externalId")
    space: ClassVar[TextProp] = TextProp("node", "space")
    node_type: ClassVar[DirectProp] = DirectProp("node", "type")
    version: ClassVar[IntProp] = IntProp("node", "version")
    created_time: ClassVar[TimestampProp] = TimestampProp("node", "createdTime")
    last_updated_time: ClassVar[TimestampProp] = TimestampProp(
        "node", "lastUpdatedTime"
    )


class EdgeFilters(_ViewFilters):
    """Base of generated edge-view filter classes: the edge's own properties and end points."""

    external_id: ClassVar[TextProp] = TextProp("edge", "externalId")
    space: ClassVar[TextProp] = TextProp("edge", "space")
    edge_type: ClassVar[DirectProp] = DirectProp("edge", "type")
    start_node: ClassVar[DirectProp] = DirectProp("edge", "startNode")
    end_node: ClassVar[DirectProp] = DirectProp("edge", "endNode")
    version: ClassVar[IntProp] = IntProp("edge", "version")
    created_time: ClassVar[TimestampProp] = TimestampProp("edge", "createdTime")
    last_updated_time: ClassVar[TimestampProp] = TimestampProp(
        "edge", "lastUpdatedTime"
    )
