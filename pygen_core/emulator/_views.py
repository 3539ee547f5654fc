"""Pure schema transformations: view/container normal forms, read-form rendering and container inference."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

# Keys of a mapped view property that belong to the view (the rest comes from the container).
_MAPPED_OWN_KEYS = ("container", "containerPropertyIdentifier", "name", "description")
# Keys of a container property (besides "type") that a read view repeats for each mapped property.
_CONTAINER_PROPERTY_KEYS = ("nullable", "immutable", "autoIncrement", "defaultValue")
# Read-only fields a snapshot may carry for a view; kept as given, computed when absent.
VIEW_READ_ONLY = ("writable", "queryable", "usedFor", "isGlobal", "mappedContainers")

ViewKey = tuple[str, str, str]
ContainerKey = tuple[str, str]


def container_ref(ref: dict[str, Any]) -> dict[str, Any]:
    return {"space": ref["space"], "externalId": ref["externalId"], "type": "container"}


def view_ref(ref: dict[str, Any]) -> dict[str, Any]:
    return {"space": ref["space"], "externalId": ref["externalId"], "version": ref["version"], "type": "view"}


def is_mapped(prop: dict[str, Any]) -> bool:
    return "connectionType" not in prop and isinstance(prop.get("container"), dict)


def normalize_view_property(prop: dict[str, Any]) -> dict[str, Any]:
    """Store form of a view property: mapped ones keep only what the view owns (and a direct ``source``)."""
    if not is_mapped(prop):
        out = copy.deepcopy(prop)
        out.pop("targetsList", None)
        return out
    out = {key: copy.deepcopy(prop[key]) for key in _MAPPED_OWN_KEYS if key in prop}
    out["container"] = container_ref(prop["container"])
    source = prop.get("source")
    type_ = prop.get("type")
    if source is None and isinstance(type_, dict):
        source = type_.get("source")
    if isinstance(source, dict):
        out["source"] = view_ref(source) if "version" in source else copy.deepcopy(source)
    return out


def normalize_container_type(type_: dict[str, Any]) -> dict[str, Any]:
    """A container property type as stored: no view-level ``source``, ``list`` explicit where it applies."""
    out = copy.deepcopy(type_)
    out.pop("source", None)
    if out.get("type") != "enum":
        out.setdefault("list", False)
    if out.get("type") == "text":
        out.setdefault("collation", "ucs_basic")
    if out.get("type") == "direct" and isinstance(out.get("container"), dict):
        out["container"] = container_ref(out["container"])
    return out


def normalize_container_property(prop: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": normalize_container_type(prop.get("type") or {}),
        "nullable": prop.get("nullable", True),
        "immutable": prop.get("immutable", False),
        "autoIncrement": prop.get("autoIncrement", False),
    }
    if prop.get("defaultValue") is not None:
        out["defaultValue"] = copy.deepcopy(prop["defaultValue"])
    for key in ("name", "description"):
        if prop.get(key) is not None:
            out[key] = prop[key]
    return out


def render_container(stored: dict[str, Any]) -> dict[str, Any]:
    """Read form of a stored container."""
    out = copy.deepcopy(stored)
    out.setdefault("usedFor", "node")
    out.setdefault("isGlobal", False)
    out.setdefault("constraints", {})
    out.setdefault("indexes", {})
    for prop in out.get("properties", {}).values():
        prop.setdefault("constraintState", {})
    for item in (*out["constraints"].values(), *out["indexes"].values()):
        if isinstance(item, dict):
            item.setdefault("state", "current")
    return out


def collect_properties(
    key: ViewKey,
    get_stored: Callable[[ViewKey], dict[str, Any] | None],
    include_inherited: bool,
    _seen: frozenset[ViewKey] = frozenset(),
) -> dict[str, dict[str, Any]]:
    """A view's properties in store form; inherited ones first, later ``implements`` entries and then the
    view's own properties taking precedence."""
    stored = get_stored(key)
    if stored is None or key in _seen:
        return {}
    merged: dict[str, dict[str, Any]] = {}
    if include_inherited:
        for parent in stored.get("implements") or []:
            parent_key = (parent["space"], parent["externalId"], parent["version"])
            merged.update(collect_properties(parent_key, get_stored, True, _seen | {key}))
    merged.update(stored.get("properties") or {})
    return merged


def render_view(
    stored: dict[str, Any],
    get_stored: Callable[[ViewKey], dict[str, Any] | None],
    get_container: Callable[[ContainerKey], dict[str, Any] | None],
    include_inherited: bool,
) -> dict[str, Any]:
    """Read form of a stored view: container facts on mapped properties, ``type.source`` for direct relations,
    ``targetsList`` on reverse relations, plus ``writable``/``queryable``/``usedFor``/``mappedContainers``."""
    key = (stored["space"], stored["externalId"], stored["version"])
    properties = collect_properties(key, get_stored, include_inherited)
    out = {k: copy.deepcopy(v) for k, v in stored.items() if k != "properties"}
    out.setdefault("implements", [])
    rendered: dict[str, Any] = {}
    mapped: list[ContainerKey] = []
    for name, prop in properties.items():
        if is_mapped(prop):
            ckey = (prop["container"]["space"], prop["container"]["externalId"])
            if ckey not in mapped:
                mapped.append(ckey)
            rendered[name] = _render_mapped(prop, get_container(ckey))
        else:
            rendered[name] = _render_connection(prop, get_stored, get_container)
    out["properties"] = rendered
    containers = {ckey: get_container(ckey) for ckey in mapped}
    out.setdefault("mappedContainers", [container_ref({"space": s, "externalId": x}) for s, x in mapped])
    out.setdefault(
        "usedFor", _used_for(c.get("usedFor", "node") for c in containers.values() if c is not None)
    )
    out.setdefault("writable", _writable(properties, containers))
    out.setdefault("queryable", True)
    out.setdefault("isGlobal", False)
    return out


def _render_mapped(prop: dict[str, Any], container: dict[str, Any] | None) -> dict[str, Any]:
    out = copy.deepcopy(prop)
    source = out.pop("source", None)
    definition = (container or {}).get("properties", {}).get(prop.get("containerPropertyIdentifier"))
    if definition is None:
        out["type"] = {"type": "unknown"}
        return out
    out["type"] = copy.deepcopy(definition["type"])
    for key in _CONTAINER_PROPERTY_KEYS:
        out[key] = copy.deepcopy(definition.get(key))
    out["constraintState"] = copy.deepcopy(definition.get("constraintState", {}))
    if out["type"].get("type") == "direct" and source is not None:
        out["type"]["source"] = source
    out.setdefault("name", None)
    out.setdefault("description", None)
    return out


def _render_connection(
    prop: dict[str, Any],
    get_stored: Callable[[ViewKey], dict[str, Any] | None],
    get_container: Callable[[ContainerKey], dict[str, Any] | None],
) -> dict[str, Any]:
    out = copy.deepcopy(prop)
    out.setdefault("name", None)
    out.setdefault("description", None)
    if out.get("connectionType") in ("single_reverse_direct_relation", "multi_reverse_direct_relation"):
        out["targetsList"] = _through_is_list(out.get("through") or {}, get_stored, get_container)
    elif out.get("connectionType") in ("single_edge_connection", "multi_edge_connection"):
        out.setdefault("edgeSource", None)
        out.setdefault("direction", "outwards")
    return out


def _through_is_list(
    through: dict[str, Any],
    get_stored: Callable[[ViewKey], dict[str, Any] | None],
    get_container: Callable[[ContainerKey], dict[str, Any] | None],
) -> bool:
    source = through.get("source") or {}
    identifier = through.get("identifier")
    if not isinstance(source, dict) or "space" not in source:
        return False
    if "version" in source:
        props = collect_properties(
            (source["space"], source["externalId"], source["version"]), get_stored, True
        )
        target = props.get(str(identifier))
        if target is None or not is_mapped(target):
            return False
        ckey = (target["container"]["space"], target["container"]["externalId"])
        identifier = target["containerPropertyIdentifier"]
    else:
        ckey = (source["space"], source["externalId"])
    container = get_container(ckey) or {}
    definition = container.get("properties", {}).get(identifier) or {}
    return bool(definition.get("type", {}).get("list", False))


def _used_for(values: Iterable[str]) -> str:
    seen = set(values)
    if not seen:
        return "node"
    if len(seen) == 1:
        return next(iter(seen))
    return "all"


def _writable(
    properties: dict[str, dict[str, Any]], containers: dict[ContainerKey, dict[str, Any] | None]
) -> bool:
    """Writable when every required container property (not nullable, no default) is mapped by the view."""
    mapped_ids: dict[ContainerKey, set[str]] = {}
    for prop in properties.values():
        if is_mapped(prop):
            ckey = (prop["container"]["space"], prop["container"]["externalId"])
            mapped_ids.setdefault(ckey, set()).add(prop["containerPropertyIdentifier"])
    for ckey, container in containers.items():
        if container is None:
            return False
        for identifier, definition in container.get("properties", {}).items():
            required = not definition.get("nullable", True) and definition.get("defaultValue") is None
            if required and not definition.get("autoIncrement") and identifier not in mapped_ids[ckey]:
                return False
    return True


def infer_containers(views: Iterable[dict[str, Any]]) -> dict[ContainerKey, dict[str, Any]]:
    """Containers implied by read-form views: each mapped property contributes its container property
    (type, list, nullable, immutable, autoIncrement, defaultValue); ``usedFor`` follows the mapping views."""
    found: dict[ContainerKey, dict[str, Any]] = {}
    used: dict[ContainerKey, set[str]] = {}
    for view in views:
        for prop in (view.get("properties") or {}).values():
            if not is_mapped(prop) or not isinstance(prop.get("type"), dict):
                continue
            ckey = (prop["container"]["space"], prop["container"]["externalId"])
            container = found.setdefault(
                ckey,
                {"space": ckey[0], "externalId": ckey[1], "properties": {}, "constraints": {}, "indexes": {}},
            )
            identifier = prop["containerPropertyIdentifier"]
            if identifier not in container["properties"]:
                definition = normalize_container_property(prop)
                definition.pop("name", None)
                definition.pop("description", None)
                container["properties"][identifier] = definition
            used.setdefault(ckey, set()).add(str(view.get("usedFor", "node")))
    for ckey, container in found.items():
        container["usedFor"] = _used_for(used[ckey])
        container["properties"] = dict(sorted(container["properties"].items()))
    return dict(sorted(found.items()))
