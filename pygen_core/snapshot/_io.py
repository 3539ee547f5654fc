"""Reading and writing snapshot files (our format, or raw DMS data model JSON)."""

from __future__ import annotations

import os
from typing import Any

from pydantic import ValidationError

from .._errors import PygenError
from .._files import atomic_write_bytes
from ..dms import DataModel, ViewId, format_validation_error
from ._content import SnapshotContent, document_bytes, read_snapshot, snapshot_content
from ._model import Snapshot

__all__ = ["dump_snapshot", "load_snapshot", "parse_snapshot", "validate_content", "write_snapshot"]


def dump_snapshot(snapshot: Snapshot) -> bytes:
    """The snapshot file's bytes: sorted keys, sorted lists, a content hash, a trailing newline."""
    return document_bytes(snapshot.content())


def write_snapshot(snapshot: Snapshot, path: str | os.PathLike[str]) -> None:
    """Write the snapshot atomically (the file is either old or complete; a new one follows the umask)."""
    atomic_write_bytes(path, dump_snapshot(snapshot), create_parents=True)


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Load and validate a snapshot file: our format, a raw DMS data model with inline views, or
    ``{"items": [...]}``.

    Every problem raises :class:`PygenError` naming the file and the JSON path (or line and column).
    """
    return validate_content(read_snapshot(path))


def parse_snapshot(data: Any, *, source: str = "<snapshot>") -> Snapshot:
    """Build a snapshot from parsed JSON (any form :func:`load_snapshot` accepts); errors name ``source``."""
    return validate_content(snapshot_content(data, source=source))


def validate_content(content: SnapshotContent) -> Snapshot:
    """The wire-model snapshot of ``content`` (its file-level checks already passed)."""
    source = content.source
    raw = content.raw if content.raw is not None else content.content
    if isinstance(raw, dict) and "formatVersion" in raw:
        try:
            return Snapshot.model_validate(content.content)
        except ValidationError as exc:
            raise PygenError(f"{source}: {format_validation_error(exc)}") from None
    if isinstance(raw, dict) and "items" in raw:
        return _from_data_models([(f"items[{n}]", item) for n, item in enumerate(raw["items"])], source)
    return _from_data_models([("", raw)], source)


def _from_data_models(items: list[tuple[str, Any]], source: str) -> Snapshot:
    models = []
    for prefix, item in items:
        try:
            model = DataModel.model_validate(item)
        except ValidationError as exc:
            raise PygenError(f"{source}: {format_validation_error(exc, prefix)}") from None
        for n, view in enumerate(model.views):
            if isinstance(view, ViewId):
                where = f"{prefix}.views[{n}]" if prefix else f"views[{n}]"
                raise PygenError(
                    f"{source}: {where}: {view} is a view reference; a snapshot needs inline views "
                    "(retrieve the data model with inlineViews=true)"
                )
        models.append(model)
    return Snapshot(data_models=models)
