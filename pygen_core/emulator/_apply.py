"""Planning an instance upsert: validate every item first, then hand the new records to the store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._errors import DMSError
from ._instance_model import Instance, Key, MappedProp, Resolver, Source, key_ref, ref_key
from ._validate import SPACE_RE
from ._values import bad, check_value, node_ref

LiveLookup = Callable[[str, Key], "Instance | None"]
AnyLookup = Callable[[str, Key], "Instance | None"]
AutoIncrement = Callable[[Key, str], int]


@dataclass
class ApplyPlan:
    """What an accepted upsert writes (modified or created records, incl. auto-created nodes) and returns."""

    writes: list[Instance] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)


def _flag(body: dict[str, Any], name: str, default: bool) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise bad(name, f"expected a boolean, got {value!r}")
    return value


def identity(item: Any, path: str) -> tuple[str, Key]:
    """``(instanceType, (space, externalId))`` of a request item; 400 naming the path when malformed."""
    if not isinstance(item, dict):
        raise bad(path, "expected an object")
    kind = item.get("instanceType")
    if kind not in ("node", "edge"):
        raise bad(f"{path}.instanceType", f"expected 'node' or 'edge', got {kind!r}")
    space, xid = item.get("space"), item.get("externalId")
    if not isinstance(space, str) or not SPACE_RE.fullmatch(space):
        raise bad(f"{path}.space", f"expected a space id matching {SPACE_RE.pattern}, got {space!r}")
    if not isinstance(xid, str) or not 1 <= len(xid) <= 256 or "\x00" in xid:
        raise bad(f"{path}.externalId", f"expected a string of 1-256 characters without NUL, got {xid!r}")
    return kind, (space, xid)


def items_of(body: Any, limit: int = 1000) -> list[Any]:
    """The ``items`` list of a write/delete/byids body, 1..``limit`` long."""
    if not isinstance(body, dict):
        raise bad("body", "expected a JSON object")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise bad("items", "expected a non-empty list")
    if len(items) > limit:
        raise bad("items", f"at most {limit} items per request, got {len(items)}")
    return items


class Applier:
    """Validates one upsert request against the current state; nothing is written here."""

    def __init__(
        self, resolver: Resolver, live: LiveLookup, any_state: AnyLookup, auto: AutoIncrement, now: int
    ) -> None:
        self._resolver = resolver
        self._live = live
        self._any = any_state
        self._auto = auto
        self._now = now

    def plan(self, body: dict[str, Any]) -> ApplyPlan:
        items = items_of(body)
        replace = _flag(body, "replace", False)
        skip_conflicts = _flag(body, "skipOnVersionConflict", False)
        auto_direct = _flag(body, "autoCreateDirectRelations", True)
        auto_start = _flag(body, "autoCreateStartNodes", False)
        auto_end = _flag(body, "autoCreateEndNodes", False)

        plan = ApplyPlan()
        seen: set[tuple[str, Key]] = set()
        duplicated: list[dict[str, Any]] = []
        conflicts: list[str] = []
        refs: list[tuple[Key, bool]] = []  # (node, may auto-create)
        planned_nodes: set[Key] = set()
        for n, item in enumerate(items):
            path = f"items[{n}]"
            kind, key = identity(item, path)
            if (kind, key) in seen:
                duplicated.append({"instanceType": kind, **key_ref(key)})
                continue
            seen.add((kind, key))
            existing = self._live(kind, key)
            version = item.get("existingVersion")
            if version is not None and (
                not isinstance(version, int) or isinstance(version, bool) or version < 0
            ):
                raise bad(f"{path}.existingVersion", f"expected a non-negative integer, got {version!r}")
            if version is not None and existing is not None and existing.version > version:
                if skip_conflicts:
                    continue
                conflicts.append(f"{kind} {key[0]}:{key[1]} (version {existing.version} > {version})")
                continue
            record, item_refs = self._build(item, kind, key, existing, replace, path)
            if kind == "node":
                planned_nodes.add(key)
            refs.extend((ref, auto_direct) for ref in item_refs)
            if kind == "edge":
                assert record.start_node is not None
                assert record.end_node is not None
                refs.append((record.start_node, auto_start))
                refs.append((record.end_node, auto_end))
            modified = record is not existing
            if modified:
                plan.writes.append(record)
            plan.results.append(
                {
                    "instanceType": kind,
                    "space": key[0],
                    "externalId": key[1],
                    "version": record.version,
                    "wasModified": modified,
                    "createdTime": record.created_time,
                    "lastUpdatedTime": record.last_updated_time,
                }
            )
        if duplicated:
            raise DMSError(400, "Duplicate instances in the request", duplicated=duplicated)
        if conflicts:
            raise DMSError(
                409,
                "Version conflict (existingVersion is lower than the stored version): "
                + ", ".join(conflicts),
            )
        self._resolve_refs(refs, planned_nodes, plan)
        return plan

    def _resolve_refs(self, refs: list[tuple[Key, bool]], planned: set[Key], plan: ApplyPlan) -> None:
        missing: dict[Key, None] = {}
        created: set[Key] = set()
        for ref, may_create in refs:
            if ref in planned or ref in created or self._live("node", ref) is not None:
                continue
            if not may_create:
                missing[ref] = None
                continue
            created.add(ref)
            previous = self._any("node", ref)
            plan.writes.append(
                Instance(
                    kind="node",
                    space=ref[0],
                    external_id=ref[1],
                    version=previous.version + 1 if previous else 1,
                    created_time=self._now,
                    last_updated_time=self._now,
                )
            )
        if missing:
            refs_text = ", ".join(f"{s}:{x}" for s, x in missing)
            raise DMSError(
                400,
                f"Referenced nodes do not exist and auto-creation is off: {refs_text}",
                missing=[key_ref(k) for k in missing],
            )

    def _build(
        self, item: dict[str, Any], kind: str, key: Key, existing: Instance | None, replace: bool, path: str
    ) -> tuple[Instance, list[Key]]:
        """The record after this write (``existing`` when nothing changes) and the nodes it references."""
        node_type = ref_key(node_ref(item["type"], f"{path}.type")) if item.get("type") is not None else None
        start = end = None
        if kind == "edge":
            for name in ("type", "startNode", "endNode"):
                if item.get(name) is None:
                    raise bad(f"{path}.{name}", "is required for edges")
            start = ref_key(node_ref(item["startNode"], f"{path}.startNode"))
            end = ref_key(node_ref(item["endNode"], f"{path}.endNode"))
        writes, used = self._parse_sources(item.get("sources"), kind, f"{path}.sources")
        refs: list[Key] = []
        data = dict(existing.data) if existing is not None else {}
        for container, values in writes.items():
            full = self._resolver.container_or_none(container)
            props: dict[str, MappedProp]
            if full is not None and values.keys() <= full.props.keys():
                props = full.props
            else:  # no container definition: what the written views say about it
                props = {
                    p.identifier: p for src in used for p in src.props.values() if p.container == container
                }
                props.update(full.props if full is not None else {})
            old = existing.data.get(container) if existing is not None else None
            data[container] = self._merge(container, props, old, values, replace, f"{path}.sources")
            for ident, value in values.items():
                if value is not None and props[ident].type.get("type") == "direct":
                    refs.extend(ref_key(v) for v in (value if isinstance(value, list) else [value]))
        if existing is not None:
            if node_type is None and "type" not in item:
                node_type = existing.type
            unchanged = (
                data == existing.data
                and node_type == existing.type
                and start == existing.start_node
                and end == existing.end_node
            )
            if unchanged:
                return existing, refs
        previous = existing or self._any(kind, key)
        record = Instance(
            kind=kind,
            space=key[0],
            external_id=key[1],
            version=previous.version + 1 if previous is not None else 1,
            created_time=existing.created_time if existing is not None else self._now,
            last_updated_time=self._now,
            type=node_type,
            start_node=start,
            end_node=end,
            data=data,
        )
        return record, refs

    def _parse_sources(
        self, sources: Any, kind: str, path: str
    ) -> tuple[dict[Key, dict[str, Any]], list[Source]]:
        writes: dict[Key, dict[str, Any]] = {}
        used: list[Source] = []
        if sources is None:
            return writes, used
        if not isinstance(sources, list):
            raise bad(path, "expected a list")
        for n, entry in enumerate(sources):
            here = f"{path}[{n}]"
            if not isinstance(entry, dict):
                raise bad(here, "expected an object with 'source' and 'properties'")
            source = self._resolver.source(entry.get("source"), f"{here}.source")
            if not source.allows(kind):
                raise bad(
                    f"{here}.source",
                    f"{source.space}:{source.prop_key} is used for {source.used_for}s, not {kind}s",
                )
            props = entry.get("properties", {})
            if not isinstance(props, dict):
                raise bad(f"{here}.properties", "expected an object")
            used.append(source)
            for container in source.containers:
                writes.setdefault(container, {})
            for name, value in props.items():
                mapped_prop = source.props.get(name)
                if mapped_prop is None:
                    raise bad(
                        f"{here}.properties.{name}", f"unknown property of {source.space}:{source.prop_key}"
                    )
                if value is None:
                    if not mapped_prop.nullable:
                        raise bad(f"{here}.properties.{name}", "is required and cannot be null")
                    stored = None
                else:
                    stored = check_value(value, mapped_prop.type, f"{here}.properties.{name}")
                writes[mapped_prop.container][mapped_prop.identifier] = stored
        return writes, used

    def _merge(
        self,
        container: Key,
        props: dict[str, MappedProp],
        old: dict[str, Any] | None,
        values: dict[str, Any],
        replace: bool,
        path: str,
    ) -> dict[str, Any]:
        creating = old is None or replace
        current: dict[str, Any] = {} if creating or old is None else dict(old)
        for ident, value in values.items():
            if value is None:
                current.pop(ident, None)
            else:
                current[ident] = value
        where = f"{path} (container {container[0]}:{container[1]})"
        if creating:
            missing: list[str] = []
            for ident, prop in props.items():
                if ident in current:
                    continue
                if prop.auto_increment:
                    current[ident] = old[ident] if old and ident in old else self._auto(container, ident)
                elif prop.default is not None and ident not in values:
                    current[ident] = prop.default
                elif not prop.nullable:
                    missing.append(ident)
            if missing:
                raise bad(where, f"required properties are missing: {', '.join(sorted(missing))}")
        if old is not None:
            for ident, prop in props.items():
                if prop.immutable and ident in old and current.get(ident) != old[ident]:
                    raise bad(f"{where}.{ident}", "is immutable and already set")
        return current
