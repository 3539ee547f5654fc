"""Fetching a snapshot from CDF (or the emulator) through the schema client."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from .._errors import PygenError
from ..dms import ContainerId, DataModelId, SchemaClient, View, ViewId
from ._model import Snapshot

__all__ = ["pull_snapshot", "pull_snapshot_file"]

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


def pull_snapshot_file(
    ids: Sequence[DataModelId],
    path: str | os.PathLike[str],
    *,
    environ: Mapping[str, str] | None = None,
    client_name: str = "pygen",
) -> Snapshot:
    """Pull the data models ``ids`` from CDF (credentials from ``environ``, default ``os.environ``) and write
    the snapshot file atomically (a failed pull leaves it as it was)."""
    from .. import __version__
    from ..runtime import CDFError, ClientConfig, HTTPClient
    from ._io import write_snapshot

    wanted = ", ".join(str(i) for i in ids)
    try:
        config = ClientConfig.from_env(environ, sdk_version=__version__, client_name=client_name)
        with HTTPClient(config) as http:
            snapshot = pull_snapshot(SchemaClient(http), ids)
    except CDFError as exc:
        # Runtime errors are one line and already scrubbed of tokens and secrets.
        raise PygenError(f"pulling {wanted} from CDF failed: {exc}") from None
    write_snapshot(snapshot, path)
    return snapshot
