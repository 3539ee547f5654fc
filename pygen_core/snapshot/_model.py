"""The snapshot: data models with inline views plus the containers they map, in a canonical order."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from ..dms import Container, DataModel, View, ViewId
from ._content import FORMAT_VERSION, canonical_hash

__all__ = ["FORMAT_VERSION", "Snapshot"]


def _view_key(view: View | ViewId) -> ViewId:
    return view if isinstance(view, ViewId) else view.id


class Snapshot(BaseModel):
    """Data models (inline views) and containers; lists are kept sorted by id, so equal content is equal."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")

    format_version: int = FORMAT_VERSION
    data_models: list[DataModel]
    containers: list[Container] = Field(default_factory=list)

    @field_validator("data_models")
    @classmethod
    def _views_are_inline(cls, models: list[DataModel]) -> list[DataModel]:
        for n, model in enumerate(models):
            for m, view in enumerate(model.views):
                if isinstance(view, ViewId):
                    raise ValueError(
                        f"dataModels[{n}].views[{m}] ({view}) is a view reference; "
                        "a snapshot needs inline views (retrieve data models with inlineViews=true)"
                    )
        return models

    @model_validator(mode="after")
    def _canonical_order(self) -> Snapshot:
        # Sorted copies: the caller's objects are left as they were.
        by_model_id: dict[Any, DataModel] = {}
        for model in self.data_models:
            by_model_id.setdefault(model.id, model)
        self.data_models = [
            by_model_id[key].model_copy(update={"views": sorted(by_model_id[key].views, key=_view_key)})
            for key in sorted(by_model_id)
        ]
        by_container_id: dict[Any, Container] = {}
        for container in self.containers:
            by_container_id.setdefault(container.id, container)
        self.containers = [by_container_id[key] for key in sorted(by_container_id)]
        return self

    @property
    def views(self) -> list[View]:
        """Every view of every data model, once each, sorted by id."""
        found: dict[ViewId, View] = {}
        for model in self.data_models:
            for view in model.views:
                if isinstance(view, View):
                    found.setdefault(view.id, view)
        return [found[key] for key in sorted(found)]

    def content(self) -> dict[str, Any]:
        """The canonical JSON content (what the hash covers: everything but the hash itself)."""
        return {
            "formatVersion": self.format_version,
            "dataModels": [model.dump() for model in self.data_models],
            "containers": [container.dump() for container in self.containers],
        }

    @property
    def content_hash(self) -> str:
        """``"sha256:<hex>"`` over the canonical content (equal to :attr:`SnapshotContent.content_hash` of the
        file :func:`dump_snapshot` writes; raw DMS JSON read as it is hashes as it is)."""
        return canonical_hash(self.content())
