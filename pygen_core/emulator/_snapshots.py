"""Read the schema content the emulator serves from snapshot files (or already loaded snapshots)."""

from __future__ import annotations

import os
from typing import Any

from ..snapshot import Snapshot, load_snapshot

SnapshotContent = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def snapshot_content(source: str | os.PathLike[str] | Snapshot) -> SnapshotContent:
    """``(data_models, containers)`` as plain read-form DMS JSON from a snapshot file or ``Snapshot``.

    Files are read with :func:`pygen_core.snapshot.load_snapshot` (our format or raw DMS JSON); its errors are
    ``PygenError``s naming the file and JSON path.
    """
    snapshot = source if isinstance(source, Snapshot) else load_snapshot(source)
    models = [model.dump() for model in snapshot.data_models]
    containers = [container.dump() for container in snapshot.containers]
    return models, containers
