"""A human summary of a snapshot (for ``pygen snapshot show``)."""

from __future__ import annotations

from collections import Counter

from ..dms import MappedProperty, UnknownPropertyType, UnknownViewProperty, View, ViewProperty
from ._model import Snapshot

__all__ = ["summarize"]


def _safe(text: object) -> str:
    # Ids come from the data model (untrusted): never let control characters reach the terminal.
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


def _kind(prop: ViewProperty) -> str:
    if isinstance(prop, MappedProperty):
        if isinstance(prop.type, UnknownPropertyType):
            return f"unknown type {prop.type.type}"
        return prop.type.type
    if isinstance(prop, UnknownViewProperty):
        return f"unknown connection {prop.connection_type}"
    return prop.connection_type


def _is_list(prop: ViewProperty) -> bool:
    return isinstance(prop, MappedProperty) and bool(getattr(prop.type, "list", False))


def summarize(snapshot: Snapshot) -> str:
    """Models, views (by ``usedFor``) and property counts by type, one item a line."""
    views = snapshot.views
    lines = [f"snapshot {snapshot.content_hash} (format {snapshot.format_version})"]
    lines.append(f"data models: {len(snapshot.data_models)}")
    for model in snapshot.data_models:
        lines.append(f"  {_safe(model.id)}: {len(model.views)} views")
    used_for = Counter(view.used_for for view in views)
    breakdown = ", ".join(f"{key} {used_for[key]}" for key in ("node", "edge", "all"))
    others = ", ".join(
        f"{_safe(key)} {count}"
        for key, count in sorted(used_for.items())
        if key not in ("node", "edge", "all")
    )
    lines.append(f"views: {len(views)} ({breakdown}{', ' + others if others else ''})")
    for view in views:
        lines.append(f"  {_safe(view.id)} [{_safe(view.used_for)}]: {_property_count(view)}")
    kinds: Counter[str] = Counter()
    lists: Counter[str] = Counter()
    for view in views:
        for prop in view.properties.values():
            kinds[_kind(prop)] += 1
            lists[_kind(prop)] += _is_list(prop)
    lines.append(f"properties: {sum(kinds.values())} (across unique views)")
    width = max((len(kind) for kind in kinds), default=0)
    for kind in sorted(kinds):
        suffix = f" ({lists[kind]} list{'s' if lists[kind] > 1 else ''})" if lists[kind] else ""
        lines.append(f"  {_safe(kind).ljust(width)}  {kinds[kind]}{suffix}")
    lines.append(f"containers: {len(snapshot.containers)}")
    return "\n".join(lines) + "\n"


def _property_count(view: View) -> str:
    count = len(view.properties)
    return f"{count} propert{'y' if count == 1 else 'ies'}"
