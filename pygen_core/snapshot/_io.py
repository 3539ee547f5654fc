"""Reading and writing snapshot files (our format, or raw DMS data model JSON)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._errors import PygenError
from ..dms import DataModel, ViewId, format_validation_error
from ._model import FORMAT_VERSION, Snapshot, content_hash

__all__ = ["dump_snapshot", "load_snapshot", "parse_snapshot", "write_snapshot"]


def dump_snapshot(snapshot: Snapshot) -> bytes:
    """The snapshot file's bytes: sorted keys, sorted lists, a content hash, a trailing newline."""
    document = snapshot.content()
    document["contentHash"] = content_hash(document)
    return (json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_snapshot(snapshot: Snapshot, path: str | os.PathLike[str]) -> None:
    """Write the snapshot atomically (temp file + ``os.replace``): the file is either old or complete."""
    data = dump_snapshot(snapshot)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def load_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Load a snapshot file: our format, a raw DMS data model with inline views, or ``{"items": [...]}``.

    Every problem raises :class:`PygenError` naming the file and the JSON path (or line and column).
    """
    name = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PygenError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise PygenError(f"{name}: is a directory, not a snapshot file") from None
    except UnicodeDecodeError:
        raise PygenError(f"{name}: not a UTF-8 text file") from None
    except OSError as exc:
        raise PygenError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if not text.strip():
        raise PygenError(f"{name}: the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PygenError(
            f"{name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return parse_snapshot(data, source=name)


def parse_snapshot(data: Any, *, source: str = "<snapshot>") -> Snapshot:
    """Build a snapshot from parsed JSON (any form :func:`load_snapshot` accepts); errors name ``source``."""
    if isinstance(data, dict) and "formatVersion" in data:
        return _parse_own_format(data, source)
    if isinstance(data, dict) and "items" in data:
        items = data["items"]
        if not isinstance(items, list) or not items:
            raise PygenError(f"{source}: items: expected a non-empty list of data models")
        return _from_data_models([(f"items[{n}]", item) for n, item in enumerate(items)], source)
    if isinstance(data, dict) and "views" in data and "externalId" in data:
        return _from_data_models([("", data)], source)
    raise PygenError(
        f"{source}: not a snapshot: expected a pygen snapshot (formatVersion), a DMS data model object "
        'with inline views, or {"items": [data models]}'
    )


def _parse_own_format(data: dict[str, Any], source: str) -> Snapshot:
    version = data.get("formatVersion")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PygenError(f"{source}: formatVersion: expected a positive integer")
    if version > FORMAT_VERSION:
        raise PygenError(
            f"{source}: formatVersion {version} is newer than this pygen reads ({FORMAT_VERSION}); "
            "upgrade hatch-pygen"
        )
    body = dict(data)
    stored_hash = body.pop("contentHash", None)
    try:
        snapshot = Snapshot.model_validate(body)
    except ValidationError as exc:
        raise PygenError(f"{source}: {format_validation_error(exc)}") from None
    if stored_hash is not None and stored_hash != content_hash(snapshot.content()):
        raise PygenError(
            f"{source}: contentHash does not match the content (edited by hand? "
            "delete the contentHash key to accept the edit)"
        )
    return snapshot


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
