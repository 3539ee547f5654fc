"""Seed files: read-form instances (properties keyed by view or container) turned into records."""

from __future__ import annotations

import time
from typing import Any

from ._apply import identity
from ._instance_model import Instance, Key, Resolver, ref_key
from ._values import bad, check_value, node_ref


def _time(item: dict[str, Any], name: str, default: int, path: str) -> int:
    value = item.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise bad(f"{path}.{name}", f"expected epoch milliseconds, got {value!r}")
    return value


def seed_record(resolver: Resolver, item: Any, path: str) -> Instance:
    """One read-form instance → a record (versions and times kept); 400 naming the path when bad."""
    kind, key = identity(item, path)
    data: dict[Key, dict[str, Any]] = {}
    properties = item.get("properties") or {}
    if not isinstance(properties, dict):
        raise bad(f"{path}.properties", "expected an object {space: {view or container: {...}}}")
    for space, by_source in properties.items():
        if not isinstance(by_source, dict):
            raise bad(f"{path}.properties.{space}", "expected an object")
        for source_key, values in by_source.items():
            here = f"{path}.properties.{space}.{source_key}"
            if not isinstance(values, dict):
                raise bad(here, "expected an object of property values")
            if "/" in source_key:
                source = resolver.view_by_key(space, source_key, here)
            else:
                source = resolver.container(space, source_key, here)
            for container in source.containers:
                data.setdefault(container, {})
            for name, value in values.items():
                prop = source.props.get(name)
                if prop is None:
                    raise bad(f"{here}.{name}", "unknown property")
                if value is not None:
                    data[prop.container][prop.identifier] = check_value(value, prop.type, f"{here}.{name}")

    def opt(name: str) -> Key | None:
        ref = item.get(name)
        return None if ref is None else ref_key(node_ref(ref, f"{path}.{name}"))

    start, end = opt("startNode"), opt("endNode")
    if kind == "edge" and (start is None or end is None or item.get("type") is None):
        raise bad(path, "an edge needs type, startNode and endNode")
    now = int(time.time() * 1000)
    version = item.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise bad(f"{path}.version", f"expected a positive integer, got {version!r}")
    created = _time(item, "createdTime", now, path)
    return Instance(
        kind=kind,
        space=key[0],
        external_id=key[1],
        version=version,
        created_time=created,
        last_updated_time=_time(item, "lastUpdatedTime", created, path),
        type=opt("type"),
        start_node=start,
        end_node=end,
        data=data,
    )
