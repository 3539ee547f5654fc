"""Views and data models (read and write forms)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from ._base import TAG_PREFIX, DMSModel
from ._ids import ContainerId, DataModelId, ViewId
from ._view_properties import MappedProperty, ViewProperty, ViewPropertyApply

__all__ = ["DataModel", "DataModelApply", "View", "ViewApply"]


class _ViewFields(DMSModel):
    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None
    filter: dict[str, Any] | None = None
    implements: list[ViewId] = Field(default_factory=list)

    @property
    def id(self) -> ViewId:
        """The id of this view."""
        return ViewId(space=self.space, external_id=self.external_id, version=self.version)


class ViewApply(_ViewFields):
    """A view, write form (``filter`` is raw filter JSON; ``implements`` order is property precedence)."""

    properties: dict[str, ViewPropertyApply] = Field(default_factory=dict)


class View(_ViewFields):
    """A view, read form (properties include inherited ones and the mapped container definitions)."""

    properties: dict[str, ViewProperty] = Field(default_factory=dict)
    writable: bool = True
    queryable: bool = True
    used_for: str = "node"
    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None
    mapped_containers: list[ContainerId] = Field(default_factory=list)

    def as_apply(self) -> ViewApply:
        """The write form: the same properties (inherited ones included) without read-only fields."""
        data = {
            key: value
            for key, value in self.dump().items()
            if key in ("space", "externalId", "version", "name", "description", "filter", "implements")
        }
        data["properties"] = {name: prop.as_apply() for name, prop in self.properties.items()}
        return ViewApply.model_validate(data)

    def referenced_containers(self) -> list[ContainerId]:
        """The containers this view maps (``mappedContainers`` and the mapped properties), sorted."""
        found = set(self.mapped_containers)
        found.update(prop.container for prop in self.properties.values() if isinstance(prop, MappedProperty))
        return sorted(found)


def _view_or_id_tag(value: Any) -> str:
    if isinstance(value, dict):
        return TAG_PREFIX + ("view" if "properties" in value or value.get("type") != "view" else "id")
    return TAG_PREFIX + ("id" if isinstance(value, ViewId) else "view")


class _DataModelFields(DMSModel):
    space: str
    external_id: str
    version: str
    name: str | None = None
    description: str | None = None

    @property
    def id(self) -> DataModelId:
        """The id of this data model."""
        return DataModelId(space=self.space, external_id=self.external_id, version=self.version)


class DataModelApply(_DataModelFields):
    """A data model, write form: ``views`` are references or inline view definitions."""

    views: list[
        Annotated[
            Annotated[ViewId, Tag(TAG_PREFIX + "id")] | Annotated[ViewApply, Tag(TAG_PREFIX + "view")],
            Discriminator(_view_or_id_tag),
        ]
    ] = Field(default_factory=list)


class DataModel(_DataModelFields):
    """A data model, read form: ``views`` are inline views (``inlineViews=true``) or references."""

    views: list[
        Annotated[
            Annotated[View, Tag(TAG_PREFIX + "view")] | Annotated[ViewId, Tag(TAG_PREFIX + "id")],
            Discriminator(_view_or_id_tag),
        ]
    ] = Field(default_factory=list)
    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_apply(self) -> DataModelApply:
        """The write form, listing the views by reference."""
        data = {
            key: value
            for key, value in self.dump().items()
            if key in ("space", "externalId", "version", "name", "description")
        }
        data["views"] = self.view_ids
        return DataModelApply.model_validate(data)

    @property
    def view_ids(self) -> list[ViewId]:
        """The ids of the views of this model, in model order."""
        return [view if isinstance(view, ViewId) else view.id for view in self.views]
