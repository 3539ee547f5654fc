"""Fetching a snapshot from CDF (or the emulator) through the schema client."""

from __future__ import annotations

from collections.abc import Sequence

from .._errors import PygenError
from ..dms import ContainerId, DataModelId, SchemaClient, View, ViewId
from ._model import Snapshot

__all__ = ["pull_snapshot"]

_SHOWN = 5


def _listing(ids: Sequence[object]) -> str:
    shown = ", ".join(str(i) for i in ids[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


def pull_snapshot(client: SchemaClient, ids: Sequence[DataModelId]) -> Snapshot:
    """The data models ``ids`` (inline views) and every container their views map."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise PygenError("no data model given to pull")
    retrieved = {model.id: model for model in client.retrieve_data_models(wanted, inline_views=True)}
    missing = [i for i in wanted if i not in retrieved]
    if missing:
        raise PygenError(f"data model(s) not found (or not readable): {_listing(missing)}")
    models = [retrieved[i] for i in wanted]
    container_ids: set[ContainerId] = set()
    for model in models:
        for view in model.views:
            if isinstance(view, ViewId):
                raise PygenError(f"data model {model.id}: the server returned view {view} as a reference")
            assert isinstance(view, View)
            container_ids.update(view.referenced_containers())
    wanted_containers = sorted(container_ids)
    containers = client.retrieve_containers(wanted_containers) if wanted_containers else []
    found = {container.id for container in containers}
    missing_containers = [i for i in wanted_containers if i not in found]
    if missing_containers:
        raise PygenError(f"container(s) mapped by the views not found: {_listing(missing_containers)}")
    return Snapshot(data_models=models, containers=[c for c in containers if c.id in container_ids])
