"""Read-form rendering: source selectors (``sources``/``select``), instance JSON and ``typing``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._filters import FilterCompiler, Predicate
from ._instance_model import Instance, Key, Source, key_ref
from ._limits import SOURCES_MAX
from ._values import bad

SourceSelection = list[tuple[Source, "frozenset[str] | None"]]
Renderer = Callable[[Instance], dict[str, Any]]
_KINDS = ("node", "edge")


def selection(fc: FilterCompiler, sources: Any, path: str, *, with_properties: bool) -> SourceSelection:
    """CDF's source selectors → sources with an optional property restriction.

    ``with_properties`` (query and sync ``select``): each entry is ``{"source", "properties"}`` with property
    names or ``"*"``; otherwise (list, byids) ``{"source"}`` only. ``targetUnits`` is accepted and ignored.
    """
    if sources is None:
        return []
    if not isinstance(sources, list):
        raise bad(path, "expected a list of source selectors")
    if len(sources) > SOURCES_MAX:
        raise bad(path, f"at most {SOURCES_MAX} views can be selected, got {len(sources)}")
    allowed = {"source", "targetUnits"} | ({"properties"} if with_properties else set())
    selected: SourceSelection = []
    for n, entry in enumerate(sources):
        here = f"{path}[{n}]"
        if not isinstance(entry, dict):
            raise bad(here, "expected an object with 'source'")
        unknown = sorted(set(entry) - allowed)
        if unknown:
            raise bad(f"{here}.{unknown[0]}", "unknown field")
        source = fc.resolver.source(entry.get("source"), f"{here}.source", views_only=True)
        if not with_properties:
            selected.append((source, None))
            continue
        wanted = entry.get("properties")
        if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
            raise bad(f"{here}.properties", "expected a list of property names (or '*')")
        if "*" in wanted:
            selected.append((source, None))
            continue
        for name in wanted:
            if name not in source.props:
                raise bad(f"{here}.properties", f"{source.space}:{source.prop_key} has no property {name!r}")
        selected.append((source, frozenset(wanted)))
    return selected


def has_all_sources(fc: FilterCompiler, chosen: SourceSelection) -> Predicate | None:
    """List and byids return only instances with data in every selected view (CDF's rule)."""
    if not chosen:
        return None
    checks = [fc.has_data(source) for source, _ in chosen]
    return lambda i: all(c(i) for c in checks)


def renderer(fc: FilterCompiler, chosen: SourceSelection) -> Renderer:
    """A function turning records into read-form JSON with the properties of the selected sources."""
    plans = []
    for source, wanted in chosen:
        by_container: dict[Key, list[tuple[str, str]]] = {}
        for name, p in sorted(source.props.items()):
            if wanted is None or name in wanted:
                by_container.setdefault(p.container, []).append((name, p.identifier))
        kinds = frozenset(k for k in _KINDS if source.allows(k))
        plans.append(
            (
                source.space,
                source.prop_key,
                kinds,
                frozenset(source.containers),
                fc.has_data(source),
                list(by_container.items()),
            )
        )

    def render(record: Instance) -> dict[str, Any]:
        out: dict[str, Any] = {
            "instanceType": record.kind,
            "space": record.space,
            "externalId": record.external_id,
            "version": record.version,
            "createdTime": record.created_time,
            "lastUpdatedTime": record.last_updated_time,
        }
        if record.type is not None:
            out["type"] = key_ref(record.type)
        if record.kind == "edge":
            assert record.start_node is not None
            assert record.end_node is not None
            out["startNode"] = key_ref(record.start_node)
            out["endNode"] = key_ref(record.end_node)
        properties: dict[str, dict[str, Any]] = {}
        data = record.data
        for space, prop_key, kinds, containers, has_data, groups in plans:
            if record.kind not in kinds:
                continue
            if containers.isdisjoint(data) and not has_data(record):
                continue
            values = {}
            for container, fields in groups:
                stored = data.get(container)
                if stored is None:
                    continue
                for name, ident in fields:
                    value = stored.get(ident)
                    if value is not None:
                        values[name] = value
            properties.setdefault(space, {})[prop_key] = values
        out["properties"] = properties
        if record.deleted_time is not None:
            out["deletedTime"] = record.deleted_time
        return out

    return render


def typing(chosen: SourceSelection) -> dict[str, Any]:
    """The ``typing`` section for the selected sources."""
    out: dict[str, Any] = {}
    for source, wanted in chosen:
        props = {n: p.typing for n, p in sorted(source.props.items()) if wanted is None or n in wanted}
        out.setdefault(source.space, {})[source.prop_key] = props
    return out
