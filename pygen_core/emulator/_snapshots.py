"""Read the schema content the emulator serves from snapshot files (or already loaded snapshots)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._errors import PygenError

SnapshotContent = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def snapshot_content(source: Any) -> SnapshotContent:
    """``(data_models, containers)`` as plain read-form DMS JSON from a path or a ``Snapshot`` object.

    Uses ``pygen_core.snapshot.load_snapshot`` when that package provides it; otherwise reads raw DMS JSON:
    a data model with inline views, ``{"items": [...]}`` of data models, or ``{"dataModels": [...],
    "containers": [...]}``.
    """
    if hasattr(source, "data_models"):
        return _from_snapshot_object(source)
    path = Path(source)
    try:
        from ..snapshot import load_snapshot  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return _from_raw(path)
    return _from_snapshot_object(load_snapshot(path))


def _from_snapshot_object(snapshot: Any) -> SnapshotContent:
    models = [model.dump() for model in snapshot.data_models]
    containers = [container.dump() for container in getattr(snapshot, "containers", [])]
    return models, containers


def _from_raw(path: Path) -> SnapshotContent:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PygenError(f"{path}: cannot read snapshot ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise PygenError(f"{path}: not valid JSON ({exc})") from None
    if isinstance(data, dict) and "views" in data:
        models: Any = [data]
        containers: Any = data.get("containers") or []
    elif isinstance(data, dict) and isinstance(data.get("items"), list):
        models, containers = data["items"], []
    elif isinstance(data, dict) and ("dataModels" in data or "data_models" in data):
        models = data.get("dataModels", data.get("data_models"))
        containers = data.get("containers") or []
    else:
        raise PygenError(
            f"{path}: expected a data model with inline views, {{'items': [...]}} or a pygen snapshot"
        )
    if not isinstance(models, list) or not isinstance(containers, list):
        raise PygenError(f"{path}: dataModels and containers must be lists")
    for index, model in enumerate(models):
        where = f"{path}: dataModels[{index}]"
        if not isinstance(model, dict):
            raise PygenError(f"{where}: expected an object")
        for key in ("space", "externalId", "version"):
            if not isinstance(model.get(key), str):
                raise PygenError(f"{where}.{key}: expected a string")
        views = model.get("views") or []
        if not isinstance(views, list):
            raise PygenError(f"{where}.views: expected a list")
        for vindex, view in enumerate(views):
            _check_view(view, f"{where}.views[{vindex}]")
    for index, container in enumerate(containers):
        if not isinstance(container, dict) or not isinstance(container.get("properties"), dict):
            raise PygenError(f"{path}: containers[{index}]: expected an object with properties")
    return models, containers


def _check_view(view: Any, where: str) -> None:
    if not isinstance(view, dict):
        raise PygenError(f"{where}: expected an object")
    for key in ("space", "externalId", "version"):
        if not isinstance(view.get(key), str):
            raise PygenError(f"{where}.{key}: expected a string")
    properties = view.get("properties", {})
    if not isinstance(properties, dict):
        raise PygenError(f"{where}.properties: expected an object")
    for name, prop in properties.items():
        if not isinstance(prop, dict):
            raise PygenError(f"{where}.properties.{name}: expected an object")
        if "connectionType" not in prop and "container" in prop:
            container = prop.get("container")
            if not isinstance(container, dict) or not isinstance(
                prop.get("containerPropertyIdentifier"), str
            ):
                raise PygenError(f"{where}.properties.{name}: mapped property needs container and identifier")
            if not isinstance(prop.get("type"), dict) or not isinstance(prop["type"].get("type"), str):
                raise PygenError(f"{where}.properties.{name}.type.type: expected a string")
