"""Upsert and delete for the schema store, with CDF's validation: each request is checked whole, then applied
atomically (all items or none)."""

from __future__ import annotations

import copy
from typing import Any

from ..dms._vocabulary import CONNECTION_TYPES, PROPERTY_TYPES, USED_FOR
from . import _views
from ._errors import DMSError
from ._schema import CONTAINER, DATA_MODEL, SPACE, VIEW, Key, SchemaStore, ident_of, key_of, now_ms
from ._validate import (
    EXTERNAL_ID_RE,
    PROPERTY_RE,
    RESERVED_PROPERTIES,
    VERSION_RE,
    bad,
    check_duplicates,
    optional_string,
    space_of,
    string,
)

_MAX_CONTAINER_PROPERTIES = 100
_MAX_VIEW_PROPERTIES = 300


class SchemaWriter:
    """The write half of the schema API over a :class:`SchemaStore`."""

    def __init__(self, store: SchemaStore) -> None:
        self.store = store

    # ----------------------------------------------------------------- identifiers
    def _ident(self, kind: str, item: dict[str, Any], path: str, *, writing: bool) -> Key:
        space_of(item, path, writing=writing)
        if kind != SPACE:
            string(item, "externalId", path, EXTERNAL_ID_RE if writing else None)
        if kind in (VIEW, DATA_MODEL):
            version = item.get("version")
            if isinstance(version, (int, float)) and not isinstance(version, bool):
                item = {**item, "version": str(version)}
            string(item, "version", path, VERSION_RE if writing else None)
        return key_of(kind, item)

    def _require_spaces(self, spaces: set[str]) -> None:
        missing = [{"space": s} for s in sorted(spaces) if self.store.stored(SPACE, (s, "", "")) is None]
        if missing:
            raise DMSError(400, "One or more spaces do not exist", missing=missing)

    # ----------------------------------------------------------------- upsert
    def upsert(self, kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Create or update ``items`` (write form) and return them in read form."""
        keys = [self._ident(kind, item, f"items[{i}]", writing=True) for i, item in enumerate(items)]
        check_duplicates(keys, [ident_of(kind, k) for k in keys])
        stamp = now_ms()
        with self.store._lock:
            if kind == SPACE:
                rows = [
                    self._space_row(item, key, stamp, f"items[{i}]")
                    for i, (item, key) in enumerate(zip(items, keys, strict=True))
                ]
                extra: list[tuple[str, dict[str, Any]]] = []
            elif kind == CONTAINER:
                self._require_spaces({k[0] for k in keys})
                rows = [
                    self._container_row(item, key, stamp, f"items[{i}]")
                    for i, (item, key) in enumerate(zip(items, keys, strict=True))
                ]
                extra = []
            elif kind == VIEW:
                self._require_spaces({k[0] for k in keys})
                rows = self._view_rows(items, keys, stamp)
                extra = []
            else:
                rows, extra = self._data_model_rows(items, keys, stamp)

            def changes() -> None:
                for extra_kind, row in extra:
                    self.store._put(extra_kind, row)
                for row in rows:
                    self.store._put(kind, row)

            self.store.write(changes)
            return {"items": [self.store.render(kind, key) for key in keys]}

    def _space_row(self, item: dict[str, Any], key: Key, stamp: int, path: str) -> dict[str, Any]:
        existing = self.store.stored(SPACE, key)
        return {
            "space": key[0],
            "name": optional_string(item, "name", path),
            "description": optional_string(item, "description", path),
            "isGlobal": False,
            "createdTime": existing["createdTime"] if existing else stamp,
            "lastUpdatedTime": stamp,
        }

    def _container_row(self, item: dict[str, Any], key: Key, stamp: int, path: str) -> dict[str, Any]:
        properties = item.get("properties")
        if not isinstance(properties, dict):
            raise bad(f"{path}.properties", "Expected an object of container properties")
        if len(properties) > _MAX_CONTAINER_PROPERTIES:
            raise bad(f"{path}.properties", f"At most {_MAX_CONTAINER_PROPERTIES} properties per container")
        used_for = item.get("usedFor", "node")
        if used_for not in USED_FOR:
            raise bad(f"{path}.usedFor", f"Must be one of {', '.join(sorted(USED_FOR))}")
        existing = self.store.stored(CONTAINER, key)
        normalized: dict[str, Any] = {}
        for ident, prop in properties.items():
            where = f"{path}.properties.{ident}"
            if not PROPERTY_RE.match(ident) or ident in RESERVED_PROPERTIES:
                raise bad(where, f"{ident!r} is not a valid property identifier")
            if not isinstance(prop, dict) or not isinstance(prop.get("type"), dict):
                raise bad(f"{where}.type", "Expected a property type object")
            type_name = prop["type"].get("type")
            if type_name not in PROPERTY_TYPES:
                raise bad(f"{where}.type.type", f"Unknown property type {type_name!r}")
            if type_name == "enum" and not isinstance(prop["type"].get("values"), dict):
                raise bad(f"{where}.type.values", "An enum needs an object of values")
            normalized[ident] = _views.normalize_container_property(prop)
            old = (existing or {}).get("properties", {}).get(ident)
            if old is not None and _type_signature(old["type"]) != _type_signature(normalized[ident]["type"]):
                raise bad(f"{where}.type", "Cannot change the type of an existing container property")
        for ident in (existing or {}).get("properties", {}):
            if ident not in normalized:
                raise bad(f"{path}.properties", f"Cannot remove the existing property {ident!r}")
        row: dict[str, Any] = {
            "space": key[0],
            "externalId": key[1],
            "name": optional_string(item, "name", path),
            "description": optional_string(item, "description", path),
            "usedFor": used_for,
            "properties": normalized,
            "constraints": copy.deepcopy(item.get("constraints") or {}),
            "indexes": copy.deepcopy(item.get("indexes") or {}),
            "isGlobal": False,
            "createdTime": existing["createdTime"] if existing else stamp,
            "lastUpdatedTime": stamp,
        }
        return row

    def _view_rows(
        self,
        items: list[dict[str, Any]],
        keys: list[Key],
        stamp: int,
        pending: dict[Key, dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        in_request = {**(pending or {}), **dict(zip(keys, items, strict=True))}
        rows = []
        for index, (item, key) in enumerate(zip(items, keys, strict=True)):
            path = f"items[{index}]"
            rows.append(self._view_row(item, key, stamp, path, in_request))
        return rows

    def _view_row(
        self, item: dict[str, Any], key: Key, stamp: int, path: str, in_request: dict[Key, dict[str, Any]]
    ) -> dict[str, Any]:
        implements = item.get("implements") or []
        if not isinstance(implements, list):
            raise bad(f"{path}.implements", "Expected a list of view references")
        missing = []
        refs = []
        for i, ref in enumerate(implements):
            parent_key = (
                self._ident(VIEW, ref, f"{path}.implements[{i}]", writing=False)
                if isinstance(ref, dict)
                else None
            )
            if parent_key is None:
                raise bad(f"{path}.implements[{i}]", "Expected a view reference")
            if parent_key not in in_request and self.store.stored(VIEW, parent_key) is None:
                missing.append(ident_of(VIEW, parent_key))
            refs.append(_views.view_ref(ident_of(VIEW, parent_key)))
        if missing:
            raise DMSError(400, f"{path}.implements: views do not exist", missing=missing)
        properties = item.get("properties") or {}
        if not isinstance(properties, dict):
            raise bad(f"{path}.properties", "Expected an object of view properties")
        if len(properties) > _MAX_VIEW_PROPERTIES:
            raise bad(f"{path}.properties", f"At most {_MAX_VIEW_PROPERTIES} properties per view")
        stored_props: dict[str, Any] = {}
        missing_containers: list[dict[str, Any]] = []
        for name, prop in properties.items():
            where = f"{path}.properties.{name}"
            if not PROPERTY_RE.match(name) or name in RESERVED_PROPERTIES:
                raise bad(where, f"{name!r} is not a valid property identifier")
            if not isinstance(prop, dict):
                raise bad(where, "Expected an object")
            if "connectionType" in prop:
                self._check_connection(prop, where)
            else:
                container = prop.get("container")
                if not isinstance(container, dict):
                    raise bad(f"{where}.container", "Expected a container reference")
                ckey = self._ident(CONTAINER, container, f"{where}.container", writing=False)
                ident = string(prop, "containerPropertyIdentifier", where)
                stored_container = self.store.stored(CONTAINER, ckey)
                if stored_container is None:
                    if ident_of(CONTAINER, ckey) not in missing_containers:
                        missing_containers.append(ident_of(CONTAINER, ckey))
                    continue
                if ident not in stored_container.get("properties", {}):
                    raise bad(
                        f"{where}.containerPropertyIdentifier",
                        f"Container {ckey[0]}:{ckey[1]} has no property {ident!r}",
                    )
            stored_props[name] = _views.normalize_view_property(prop)
        if missing_containers:
            raise DMSError(400, f"{path}.properties: containers do not exist", missing=missing_containers)
        existing = self.store.stored(VIEW, key)
        row: dict[str, Any] = {
            "space": key[0],
            "externalId": key[1],
            "version": key[2],
            "name": optional_string(item, "name", path),
            "description": optional_string(item, "description", path),
            "implements": refs,
            "properties": stored_props,
            "createdTime": existing["createdTime"] if existing else stamp,
            "lastUpdatedTime": stamp,
        }
        if item.get("filter") is not None:
            if not isinstance(item["filter"], dict):
                raise bad(f"{path}.filter", "Expected a filter object")
            row["filter"] = copy.deepcopy(item["filter"])
        return row

    def _view_reference(self, ref: Any, path: str) -> None:
        if not isinstance(ref, dict):
            raise bad(path, "Expected a view reference")
        self._ident(VIEW, ref, path, writing=False)

    def _check_connection(self, prop: dict[str, Any], where: str) -> None:
        connection = prop["connectionType"]
        if connection not in CONNECTION_TYPES:
            raise bad(f"{where}.connectionType", f"Unknown connection type {connection!r}")
        self._view_reference(prop.get("source"), f"{where}.source")
        if connection.endswith("_edge_connection"):
            type_ = prop.get("type")
            if not isinstance(type_, dict):
                raise bad(f"{where}.type", "An edge connection needs a type {space, externalId}")
            string(type_, "space", f"{where}.type")
            string(type_, "externalId", f"{where}.type")
            if prop.get("edgeSource") is not None:
                self._view_reference(prop["edgeSource"], f"{where}.edgeSource")
            if prop.get("direction", "outwards") not in ("outwards", "inwards"):
                raise bad(f"{where}.direction", "Must be outwards or inwards")
            return
        through = prop.get("through")
        if not isinstance(through, dict) or not isinstance(through.get("source"), dict):
            raise bad(f"{where}.through", "A reverse relation needs through {source, identifier}")
        source = through["source"]
        if "version" in source:
            self._ident(VIEW, source, f"{where}.through.source", writing=False)
        else:
            self._ident(CONTAINER, source, f"{where}.through.source", writing=False)
        string(through, "identifier", f"{where}.through")

    def _data_model_rows(
        self, items: list[dict[str, Any]], keys: list[Key], stamp: int
    ) -> tuple[list[dict[str, Any]], list[tuple[str, dict[str, Any]]]]:
        inline: dict[Key, dict[str, Any]] = {}
        for index, item in enumerate(items):
            views = item.get("views") or []
            if not isinstance(views, list):
                raise bad(f"items[{index}].views", "Expected a list of views")
            for vindex, view in enumerate(views):
                if isinstance(view, dict) and view.get("type") != "view":
                    inline[self._ident(VIEW, view, f"items[{index}].views[{vindex}]", writing=True)] = view
        self._require_spaces({k[0] for k in (*keys, *inline)})
        inline_keys = list(inline)
        view_rows = self._view_rows(list(inline.values()), inline_keys, stamp)
        rows = []
        for index, (item, key) in enumerate(zip(items, keys, strict=True)):
            path = f"items[{index}]"
            refs = []
            missing = []
            for vindex, view in enumerate(item.get("views") or []):
                if not isinstance(view, dict):
                    raise bad(f"{path}.views[{vindex}]", "Expected a view reference or view")
                vkey = self._ident(VIEW, view, f"{path}.views[{vindex}]", writing=False)
                if vkey not in inline and self.store.stored(VIEW, vkey) is None:
                    missing.append(ident_of(VIEW, vkey))
                refs.append(_views.view_ref(ident_of(VIEW, vkey)))
            if missing:
                raise DMSError(400, f"{path}.views: views do not exist", missing=missing)
            existing = self.store.stored(DATA_MODEL, key)
            rows.append(
                {
                    "space": key[0],
                    "externalId": key[1],
                    "version": key[2],
                    "name": optional_string(item, "name", path),
                    "description": optional_string(item, "description", path),
                    "views": refs,
                    "createdTime": existing["createdTime"] if existing else stamp,
                    "lastUpdatedTime": stamp,
                }
            )
        return rows, [(VIEW, row) for row in view_rows]

    # ----------------------------------------------------------------- delete
    def delete(self, kind: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        """Delete the items that exist and echo their identifiers; unknown ids are ignored."""
        keys = [self._ident(kind, item, f"items[{i}]", writing=False) for i, item in enumerate(items)]
        with self.store._lock:
            found = [k for k in dict.fromkeys(keys) if self.store.stored(kind, k) is not None]
            if kind == SPACE:
                for key in found:
                    for other in (CONTAINER, VIEW, DATA_MODEL):
                        if any(k[0] == key[0] for k in self.store.keys(other)):
                            raise DMSError(400, f"Space {key[0]!r} is not empty: delete its {other}s first")

            def changes() -> None:
                for key in found:
                    self.store._remove(kind, key)

            self.store.write(changes)
        return {"items": [ident_of(kind, k) for k in found]}


def _type_signature(type_: dict[str, Any]) -> tuple[Any, ...]:
    return (type_.get("type"), bool(type_.get("list", False)))
