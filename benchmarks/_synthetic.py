"""Synthetic data models (DMS JSON: a data model with inline views) of any size, for the benchmarks."""

from __future__ import annotations

from typing import Any

SPACE = "sp_bench"
# 14 properties per view: every primitive type, a list, an enum, a direct relation and an edge.
_PRIMITIVES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("name", {"type": "text", "list": False, "collation": "ucs_basic"}),
    ("description", {"type": "text", "list": False, "collation": "ucs_basic"}),
    ("tags", {"type": "text", "list": True, "collation": "ucs_basic"}),
    ("count32", {"type": "int32", "list": False}),
    ("count64", {"type": "int64", "list": False}),
    ("ratio32", {"type": "float32", "list": False}),
    ("ratio64", {"type": "float64", "list": False}),
    ("flag", {"type": "boolean", "list": False}),
    ("seen", {"type": "timestamp", "list": False}),
    ("day", {"type": "date", "list": False}),
    ("extra", {"type": "json", "list": False}),
    ("state", {"type": "enum", "values": {"open": {}, "closed": {}}}),
)
PROPERTIES_PER_VIEW = len(_PRIMITIVES) + 2


def _view_ref(index: int) -> dict[str, str]:
    return {"space": SPACE, "externalId": f"Entity{index:03d}", "version": "v1", "type": "view"}


def _mapped(container: str, identifier: str, kind: dict[str, Any]) -> dict[str, Any]:
    return {
        "container": {"space": SPACE, "externalId": container, "type": "container"},
        "containerPropertyIdentifier": identifier,
        "type": kind,
        "nullable": identifier != "name",
        "immutable": False,
        "autoIncrement": False,
        "source": kind.get("source"),
        "defaultValue": None,
        "name": identifier,
        "description": f"The {identifier} of the entity.",
    }


def _view(index: int, count: int) -> dict[str, Any]:
    container = f"Entity{index:03d}"
    properties = {ident: _mapped(container, ident, dict(kind)) for ident, kind in _PRIMITIVES}
    target = _view_ref((index + 1) % count)
    direct = {
        "type": "direct",
        "list": False,
        "source": {k: target[k] for k in ("space", "externalId", "version")},
    }
    properties["next"] = _mapped(container, "next", direct)
    properties["related"] = {
        "type": {"space": SPACE, "externalId": f"Entity{index:03d}.related"},
        "source": _view_ref((index + 2) % count),
        "name": "related",
        "description": None,
        "edgeSource": None,
        "direction": "outwards",
        "connectionType": "multi_edge_connection",
    }
    return {
        "space": SPACE,
        "externalId": f"Entity{index:03d}",
        "version": "v1",
        "name": f"Entity{index:03d}",
        "description": f"Synthetic entity number {index}.",
        "filter": None,
        "implements": [],
        "writable": True,
        "usedFor": "node",
        "isGlobal": False,
        "createdTime": 1700000000000,
        "lastUpdatedTime": 1700000000000,
        "properties": properties,
    }


def synthetic_model(views: int) -> dict[str, Any]:
    """A data model with ``views`` views of 14 properties each (50 views ≈ 700 properties)."""
    return {
        "space": SPACE,
        "externalId": f"Synthetic{views}",
        "name": f"Synthetic{views}",
        "description": "Generated for the benchmarks.",
        "version": "1",
        "isGlobal": False,
        "createdTime": 1700000000000,
        "lastUpdatedTime": 1700000000000,
        "views": [_view(i, views) for i in range(views)],
    }
