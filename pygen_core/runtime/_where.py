"""Filter keywords: the base of every view's ``<View>FilterArgs`` and how keywords become one DMS filter."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

from ._filters import (
    Filter,
    and_all,
    as_node_id,
    contains_any,
    equals,
    exists,
    in_,
    prefix,
    range_,
)
from ._ids import NodeId, NodeRef

if TYPE_CHECKING:
    from ._spec import ViewSpec

__all__ = ["EdgeFilterArgs", "NodeFilterArgs", "build_where"]


class NodeFilterArgs(TypedDict, total=False):
    """The filter keywords of every node view (each view's ``<View>FilterArgs`` adds its properties)."""

    external_id_prefix: str
    """The external id starts with this text."""
    space: str | Sequence[str]
    """In this space, or in one of these spaces."""
    filter: Filter
    """Any filter: a typed builder (``<View>Filter.name.prefix("P") & ...``) or a ``RawFilter``."""


class EdgeFilterArgs(NodeFilterArgs, total=False):
    """The filter keywords of every edge view."""

    start_node: NodeRef | Sequence[NodeRef]
    """The edge starts at this node, or at one of these nodes."""
    end_node: NodeRef | Sequence[NodeRef]
    """The edge ends at this node, or at one of these nodes."""


_ENDPOINTS: dict[str, Literal["startNode", "endNode"]] = {
    "start_node": "startNode",
    "end_node": "endNode",
}


def _unknown(key: str, known: Iterable[str], method: str) -> TypeError:
    hint = difflib.get_close_matches(key, sorted(known), n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    return TypeError(
        f"{method}() got an unexpected keyword argument {key!r}{suggestion}"
    )


def _node_ids(
    value: Any, default_space: str | None, what: str
) -> tuple[bool, list[NodeId]]:
    single = isinstance(value, (str, NodeId, tuple))
    values = cast("Iterable[Any]", [value] if single else value)
    return single, [as_node_id(v, default_space, what) for v in values]


def build_where(
    spec: ViewSpec,
    instance_type: Literal["node", "edge"],
    filters: Mapping[str, Any],
    default_space: str | None,
    method: str,
) -> Filter | None:
    """One DMS filter for the given filter keywords (None when there is nothing to filter on).

    Unknown keywords raise ``TypeError`` naming the method, as Python does for a misspelt argument.
    Keywords set to ``None`` are ignored; ``min_``/``max_`` bounds of one property share one range.
    """
    known = spec.filters
    base = (
        _ENDPOINTS.keys() | NodeFilterArgs.__optional_keys__
        if instance_type == "edge"
        else (NodeFilterArgs.__optional_keys__)
    )
    for key in filters:
        if key not in known and key not in base:
            raise _unknown(key, [*known, *base], method)
    parts: list[Filter] = []
    ranges: dict[str, dict[str, Any]] = {}
    for key, (op, identifier) in known.items():
        value = filters.get(key)
        if value is None:
            continue
        ref = spec.view_id.property_ref(identifier)
        if op in ("min", "max"):
            ranges.setdefault(identifier, {})["gte" if op == "min" else "lte"] = value
        elif op == "equals":
            parts.append(equals(ref, value))
        elif op == "in":
            if isinstance(value, (str, int, float, bool)):
                parts.append(equals(ref, value))
            else:
                parts.append(in_(ref, list(cast("Iterable[Any]", value))))
        elif op == "prefix":
            parts.append(prefix(ref, value))
        elif op == "exists":
            found = exists(ref)
            parts.append(found if value else ~found)
        else:  # node / nodes: direct relations
            single, ids = _node_ids(value, default_space, f"{method}() keyword {key!r}")
            if op == "nodes":
                parts.append(contains_any(ref, ids))
            else:
                parts.append(equals(ref, ids[0]) if single else in_(ref, ids))
    for identifier, bounds in ranges.items():
        parts.append(range_(spec.view_id.property_ref(identifier), **bounds))
    for key, which in _ENDPOINTS.items():
        value = filters.get(key)
        if instance_type == "edge" and value is not None:
            single, ids = _node_ids(value, default_space, f"{method}() keyword {key!r}")
            parts.append(
                equals(["edge", which], ids[0]) if single else in_(["edge", which], ids)
            )
    xid_prefix = filters.get("external_id_prefix")
    if xid_prefix is not None:
        parts.append(prefix([instance_type, "externalId"], xid_prefix))
    space = filters.get("space")
    if isinstance(space, str):
        parts.append(equals([instance_type, "space"], space))
    elif space is not None:
        parts.append(in_([instance_type, "space"], list(cast("Iterable[str]", space))))
    extra = filters.get("filter")
    if extra is not None:
        if not isinstance(extra, Filter):
            raise TypeError(
                f"{method}() keyword 'filter' must be a Filter, got {type(extra).__name__}"
            )
        parts.append(extra)
    return and_all(*parts)
