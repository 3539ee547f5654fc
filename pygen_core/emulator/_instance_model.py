"""The instance record the engine keeps in memory, and per-request resolution of views and containers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ._errors import DMSError
from ._protocols import SchemaLookup

Key = tuple[str, str]
"""``(space, externalId)`` of an instance, or of a container."""


def ref_key(ref: dict[str, Any]) -> Key:
    """The key of an already validated ``{"space", "externalId"}`` reference."""
    return (ref["space"], ref["externalId"])


def key_ref(key: Key) -> dict[str, str]:
    """The wire reference for a key."""
    return {"space": key[0], "externalId": key[1]}


@dataclass(slots=True)
class Instance:
    """One node or edge; ``data`` holds property values per container (views are projections of it)."""

    kind: str
    space: str
    external_id: str
    version: int
    created_time: int
    last_updated_time: int
    type: Key | None = None
    start_node: Key | None = None
    end_node: Key | None = None
    data: dict[Key, dict[str, Any]] = field(default_factory=dict)
    deleted_time: int | None = None
    order: int = 0
    seq: int = 0

    @property
    def key(self) -> Key:
        return (self.space, self.external_id)

    def to_row(self) -> tuple[Any, ...]:
        """The SQLite row (see ``_instances._SCHEMA``)."""
        doc = {
            "version": self.version,
            "createdTime": self.created_time,
            "lastUpdatedTime": self.last_updated_time,
            "deletedTime": self.deleted_time,
            "type": self.type,
            "startNode": self.start_node,
            "endNode": self.end_node,
            "data": [[c[0], c[1], values] for c, values in self.data.items()],
        }
        return (self.kind, self.space, self.external_id, self.order, self.seq, json.dumps(doc))

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Instance:
        kind, space, external_id, order, seq, text = row
        doc = json.loads(text)

        def opt_key(value: Any) -> Key | None:
            return None if value is None else (value[0], value[1])

        return cls(
            kind=kind,
            space=space,
            external_id=external_id,
            version=doc["version"],
            created_time=doc["createdTime"],
            last_updated_time=doc["lastUpdatedTime"],
            deleted_time=doc["deletedTime"],
            type=opt_key(doc["type"]),
            start_node=opt_key(doc["startNode"]),
            end_node=opt_key(doc["endNode"]),
            data={(c_space, c_xid): values for c_space, c_xid, values in doc["data"]},
            order=order,
            seq=seq,
        )


@dataclass(frozen=True)
class MappedProp:
    """A property as stored: its container, identifier there, and the container's type facts."""

    container: Key
    identifier: str
    type: dict[str, Any]
    nullable: bool
    immutable: bool
    auto_increment: bool
    default: Any
    typing: dict[str, Any]


@dataclass
class Source:
    """A view or a container the engine reads or writes through."""

    is_view: bool
    space: str
    external_id: str
    version: str | None
    used_for: str
    props: dict[str, MappedProp]
    containers: tuple[Key, ...]
    filter: dict[str, Any] | None = None
    inherited_filters: tuple[Any, ...] = ()
    """Filters of the views this view implements (recursively); ``hasData`` respects them too."""

    @property
    def prop_key(self) -> str:
        """The key under ``properties[space]`` in read results."""
        return f"{self.external_id}/{self.version}" if self.is_view else self.external_id

    def allows(self, kind: str) -> bool:
        return self.used_for in ("all", kind)


def _mapped(definition: dict[str, Any], container: Key, identifier: str) -> MappedProp:
    typing: dict[str, Any] = {
        k: definition[k]
        for k in ("type", "nullable", "autoIncrement", "immutable", "defaultValue", "name", "description")
        if k in definition
    }
    return MappedProp(
        container=container,
        identifier=identifier,
        type=definition.get("type") or {},
        nullable=definition.get("nullable", True) is not False,
        immutable=bool(definition.get("immutable", False)),
        auto_increment=bool(definition.get("autoIncrement", False)),
        default=definition.get("defaultValue"),
        typing=typing,
    )


class Resolver:
    """Looks up views and containers once per request; unknown ones → 400 naming the JSON path."""

    def __init__(self, schema: SchemaLookup) -> None:
        self._schema = schema
        self._views: dict[tuple[str, str, str | None], Source] = {}
        self._containers: dict[Key, Source] = {}

    def source(self, ref: Any, path: str, *, views_only: bool = False) -> Source:
        """A ``{"type": "view"|"container", "space", "externalId", "version"?}`` reference."""
        if (
            not isinstance(ref, dict)
            or not isinstance(ref.get("space"), str)
            or not isinstance(ref.get("externalId"), str)
            or ref.get("type", "view") not in ("view", "container")
        ):
            raise DMSError(400, f"{path}: expected a view or container reference, got {ref!r}")
        if ref.get("type") == "container":
            if views_only:
                raise DMSError(400, f"{path}: expected a view reference, got a container")
            return self.container(ref["space"], ref["externalId"], path)
        version = ref.get("version")
        if version is not None and not isinstance(version, (str, int)):
            raise DMSError(400, f"{path}.version: expected a string, got {version!r}")
        return self.view(ref["space"], ref["externalId"], version, path)

    def view(self, space: str, external_id: Any, version: Any, path: str) -> Source:
        cache_key = (space, str(external_id), None if version is None else str(version))
        found = self._views.get(cache_key)
        if found is not None:
            return found
        raw = self._schema.get_view(*cache_key)
        if raw is None:
            raise DMSError(400, f"{path}: view {space}:{external_id}/{version} does not exist")
        props: dict[str, MappedProp] = {}
        for name, definition in (raw.get("properties") or {}).items():
            if "container" in definition and "connectionType" not in definition:
                container = (definition["container"]["space"], definition["container"]["externalId"])
                props[name] = _mapped(definition, container, definition["containerPropertyIdentifier"])
        source = Source(
            is_view=True,
            space=space,
            external_id=str(external_id),
            version=str(raw.get("version", version)),
            used_for=str(raw.get("usedFor", "node")),
            props=props,
            containers=tuple(sorted({p.container for p in props.values()})),
            filter=raw.get("filter"),
            inherited_filters=tuple(self._inherited_filters(raw, {(space, str(external_id))})),
        )
        self._views[cache_key] = source
        return source

    def _inherited_filters(self, raw: dict[str, Any], seen: set[tuple[str, str]]) -> list[Any]:
        found: list[Any] = []
        for ref in raw.get("implements") or []:
            if not isinstance(ref, dict) or (ref.get("space"), ref.get("externalId")) in seen:
                continue
            seen.add((str(ref.get("space")), str(ref.get("externalId"))))
            version = ref.get("version")
            parent = self._schema.get_view(
                str(ref.get("space")), str(ref.get("externalId")), None if version is None else str(version)
            )
            if parent is None:
                continue
            if parent.get("filter") is not None:
                found.append(parent["filter"])
            found.extend(self._inherited_filters(parent, seen))
        return found

    def view_by_key(self, space: str, view_key: str, path: str) -> Source:
        """``"Xid/version"`` as used in property references and read results."""
        external_id, _, version = view_key.partition("/")
        return self.view(space, external_id, version or None, path)

    def container(self, space: str, external_id: Any, path: str) -> Source:
        key = (space, str(external_id))
        found = self._containers.get(key)
        if found is not None:
            return found
        raw = self._schema.get_container(*key)
        if raw is None:
            raise DMSError(400, f"{path}: container {space}:{external_id} does not exist")
        props = {
            name: _mapped(definition, key, name) for name, definition in (raw.get("properties") or {}).items()
        }
        source = Source(
            is_view=False,
            space=space,
            external_id=key[1],
            version=None,
            used_for=str(raw.get("usedFor", "node")),
            props=props,
            containers=(key,),
        )
        self._containers[key] = source
        return source

    def container_or_none(self, key: Key) -> Source | None:
        try:
            return self.container(key[0], key[1], "")
        except DMSError:
            return None
