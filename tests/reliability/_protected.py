"""The names generated code relies on, derived from the runtime and from generated modules themselves, and a
data model that uses every one of them as a view name and as a property name (node and edge views)."""

from __future__ import annotations

import ast
import builtins
import inspect
import keyword
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pygen_core import runtime as rt

SPACE = "sp_clash"
_EXTERNAL_ID = re.compile(r"[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?")
_IDENTIFIER = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?")
# What CDF itself refuses (../reference/dms-api.md): no real model holds these.
_RESERVED_EXTERNAL_IDS = frozenset(
    {"Query", "Mutation", "Subscription", "String", "Int32", "Int64", "Int", "Float32", "Float64", "Float"}
    | {"Timestamp", "JSONObject", "Date", "Numeric", "Boolean", "PageInfo", "File", "Sequence", "TimeSeries"}
)
_RESERVED_IDENTIFIERS = frozenset(
    {"space", "externalId", "createdTime", "lastUpdatedTime", "deletedTime", "edge_id", "node_id"}
    | {"project_id", "property_group", "seq", "tg_table_name", "extensions"}
)
_CHUNK = 90  # properties per container and view (CDF allows 100 per container)
_OWNER_CHUNK = 90  # edge connections per owner view (more than one query holds: CDF allows 50 sets)


def _public(names: Iterable[str]) -> set[str]:
    return {name for name in names if not name.startswith("_")}


def runtime_instance_names() -> set[str]:
    """Every public attribute of the runtime's node and edge classes (pydantic's included)."""
    found: set[str] = set()
    for cls in (rt.NodeRead, rt.NodeWrite, rt.EdgeRead, rt.EdgeWrite):
        found |= _public(dir(cls)) | set(cls.model_fields)
    return found


def runtime_client_names() -> set[str]:
    """Every public attribute of the runtime's client base class."""
    return _public(dir(rt.InstanceClient))


def generated_module_names(package_dir: Path, view_classes: set[str]) -> set[str]:
    """Names the generated modules bind at module level besides the per-view classes: imports, constants."""
    found: set[str] = set()
    for path in package_dir.rglob("*.py"):
        if "_runtime" in path.parts:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    if alias.name != "*":
                        found.add((alias.asname or alias.name).split(".")[0])
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {name for name in found if not name.startswith("_") and name not in view_classes}


def generated_api_parameters(api_classes: Iterable[type]) -> set[str]:
    """Named parameters of the generated API methods that take filter keywords (``**filters``): a keyword
    named like one of them could not be passed."""
    found: set[str] = set()
    for cls in api_classes:
        for name, member in inspect.getmembers(cls, callable):
            if name.startswith("_"):
                continue
            parameters = inspect.signature(member).parameters.values()
            if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
                found |= {p.name for p in parameters if p.kind is not inspect.Parameter.VAR_KEYWORD}
    return found


def language_names() -> set[str]:
    """Python keywords, soft keywords and builtins."""
    return set(keyword.kwlist) | set(keyword.softkwlist) | _public(dir(builtins))


def usable_view_ids(names: Iterable[str]) -> list[str]:
    """The names a CDF view may carry as its externalId."""
    return sorted(n for n in set(names) if _EXTERNAL_ID.fullmatch(n) and n not in _RESERVED_EXTERNAL_IDS)


def usable_identifiers(names: Iterable[str]) -> list[str]:
    """The names (as they are and in camelCase) a CDF property may carry as its identifier."""
    forms = set()
    for name in names:
        parts = name.split("_")
        camel = (
            parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if "_" in name.strip("_") else name
        )
        forms |= {name, camel}
    return sorted(f for f in forms if _IDENTIFIER.fullmatch(f) and f not in _RESERVED_IDENTIFIERS)


def _ref(kind: str, external_id: str, space: str) -> dict[str, Any]:
    ref: dict[str, Any] = {"space": space, "externalId": external_id}
    if kind == "view":
        ref.update(type="view", version="1")
    else:
        ref["type"] = kind
    return ref


def _container(space: str, external_id: str, identifiers: list[str]) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": external_id,
        "usedFor": "all",
        "properties": {i: {"type": {"type": "text", "list": False}, "nullable": True} for i in identifiers},
    }


def _view(space: str, external_id: str, used_for: str, mapped: dict[str, tuple[str, str]]) -> dict[str, Any]:
    return {
        "space": space,
        "externalId": external_id,
        "version": "1",
        "usedFor": used_for,
        "writable": True,
        "filter": None,
        "implements": [],
        "properties": {
            identifier: {
                "container": _ref("container", container, space),
                "containerPropertyIdentifier": container_property,
                "type": {"type": "text", "list": False},
                "nullable": True,
            }
            for identifier, (container, container_property) in mapped.items()
        },
    }


def _edges(space: str, owner: str, targets: list[str]) -> dict[str, Any]:
    view = _view(space, owner, "node", {})
    for n, target in enumerate(targets):
        view["properties"][f"link{n}"] = {
            "connectionType": "multi_edge_connection",
            "type": {"space": space, "externalId": f"{owner}_link{n}"},
            "source": _ref("view", "Target", space),
            "edgeSource": _ref("view", target, space),
            "direction": "outwards",
        }
    return view


def clash_snapshot(
    named: str, view_ids: list[str], identifiers: list[str], space: str = SPACE
) -> dict[str, Any]:
    """A snapshot (in ``space``) whose ``named`` ("node" or "edge") views carry every id in ``view_ids`` as
    their externalId, and whose node and edge views hold every identifier in ``identifiers`` as a property."""
    containers = [_container(space, "Value", ["value"])]
    views: list[dict[str, Any]] = [_view(space, "Target", "node", {"value": ("Value", "value")})]
    edge_views: list[str] = []
    for n in range(0, len(identifiers), _CHUNK):
        chunk = identifiers[n : n + _CHUNK]
        name = f"Props{n // _CHUNK}"
        containers.append(_container(space, name, chunk))
        mapped = {identifier: (name, identifier) for identifier in chunk}
        views.append(_view(space, f"Node{name}", "node", mapped))
        views.append(_view(space, f"Edge{name}", "edge", mapped))
        edge_views.append(f"Edge{name}")
    for view_id in view_ids:
        views.append(_view(space, view_id, named, {"value": ("Value", "value")}))
        if named == "edge":
            edge_views.append(view_id)
    for n in range(0, len(edge_views), _OWNER_CHUNK):
        views.append(_edges(space, f"Owner{n // _OWNER_CHUNK}", edge_views[n : n + _OWNER_CHUNK]))
    model = {"space": space, "externalId": f"Clashes{named.title()}", "version": "1", "views": views}
    return {"formatVersion": 1, "dataModels": [model], "containers": containers}
