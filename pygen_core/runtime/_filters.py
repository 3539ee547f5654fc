"""Composable DMS filters (``&``, ``|``, ``~``) and typed per-property builders."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Generic, TypeVar, cast

from ._ids import EdgeId, NodeId, ViewId
from ._instances import to_json_value

PropertyRef = Sequence[str]
_V = TypeVar("_V")


class Filter:
    """A DMS filter; combine with ``&`` (and), ``|`` (or) and ``~`` (not)."""

    __slots__ = ()

    def dump(self) -> dict[str, Any]:
        """The wire form, e.g. ``{"equals": {"property": [...], "value": ...}}``."""
        raise NotImplementedError

    def __and__(self, other: Filter) -> Filter:
        return And(self, other)

    def __or__(self, other: Filter) -> Filter:
        return Or(self, other)

    def __invert__(self) -> Filter:
        return Not(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filter) and self.dump() == other.dump()

    def __hash__(self) -> int:
        return hash(repr(self.dump()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dump()!r})"


class RawFilter(Filter):
    """Any DMS filter given as its wire dict (the escape hatch)."""

    __slots__ = ("_data",)

    def __init__(self, data: dict[str, Any]) -> None:
        if not isinstance(cast(object, data), dict) or len(data) != 1:
            raise ValueError(
                "RawFilter needs a dict with exactly one key, e.g. {'equals': {...}}"
            )
        self._data = data

    def dump(self) -> dict[str, Any]:
        """The wire dict as given."""
        return self._data


class _Logical(Filter):
    """Common base of :class:`And` and :class:`Or`."""

    __slots__ = ("filters",)
    _key = ""

    def __init__(self, *filters: Filter) -> None:
        flat: list[Filter] = []
        for item in filters:
            flat.extend(item.filters if type(item) is type(self) else (item,))
        self.filters: tuple[Filter, ...] = tuple(flat)

    def dump(self) -> dict[str, Any]:
        """Wire form: ``{"and"|"or": [...]}``."""
        return {self._key: [item.dump() for item in self.filters]}


class And(_Logical):
    """All of the filters."""

    __slots__ = ()
    _key = "and"


class Or(_Logical):
    """Any of the filters."""

    __slots__ = ()
    _key = "or"


class Not(Filter):
    """The negation of a filter."""

    __slots__ = ("filter",)

    def __init__(self, filter: Filter) -> None:
        self.filter: Filter = filter

    def dump(self) -> dict[str, Any]:
        """Wire form: ``{"not": ...}``."""
        return {"not": self.filter.dump()}


class _Leaf(Filter):
    __slots__ = ("_body", "_key")

    def __init__(self, key: str, body: Any) -> None:
        self._key = key
        self._body = body

    def dump(self) -> dict[str, Any]:
        return {self._key: self._body}


def equals(property: PropertyRef, value: Any) -> Filter:
    """``property == value``."""
    return _Leaf("equals", {"property": list(property), "value": to_json_value(value)})


def in_(property: PropertyRef, values: Sequence[Any]) -> Filter:
    """``property`` is one of ``values``."""
    return _Leaf(
        "in", {"property": list(property), "values": [to_json_value(v) for v in values]}
    )


def range_(
    property: PropertyRef,
    *,
    gt: Any = None,
    gte: Any = None,
    lt: Any = None,
    lte: Any = None,
) -> Filter:
    """``property`` within the given bounds (at least one bound)."""
    body: dict[str, Any] = {"property": list(property)}
    for key, value in (("gt", gt), ("gte", gte), ("lt", lt), ("lte", lte)):
        if value is not None:
            body[key] = to_json_value(value)
    if len(body) == 1:
        raise ValueError("range filter needs at least one of gt, gte, lt, lte")
    return _Leaf("range", body)


def prefix(property: PropertyRef, value: Any) -> Filter:
    """``property`` starts with ``value``."""
    return _Leaf("prefix", {"property": list(property), "value": to_json_value(value)})


def exists(property: PropertyRef) -> Filter:
    """``property`` is set (not null)."""
    return _Leaf("exists", {"property": list(property)})


def contains_any(property: PropertyRef, values: Sequence[Any]) -> Filter:
    """The list ``property`` contains at least one of ``values``."""
    return _Leaf(
        "containsAny",
        {"property": list(property), "values": [to_json_value(v) for v in values]},
    )


def contains_all(property: PropertyRef, values: Sequence[Any]) -> Filter:
    """The list ``property`` contains every one of ``values``."""
    return _Leaf(
        "containsAll",
        {"property": list(property), "values": [to_json_value(v) for v in values]},
    )


def has_data(*views: ViewId) -> Filter:
    """Instances with data in every one of ``views``."""
    return _Leaf("hasData", [view.dump() for view in views])


def overlaps(
    start: PropertyRef,
    end: PropertyRef,
    *,
    gt: Any = None,
    gte: Any = None,
    lt: Any = None,
    lte: Any = None,
) -> Filter:
    """The interval from property ``start`` to property ``end`` overlaps the given bounds."""
    body: dict[str, Any] = {"startProperty": list(start), "endProperty": list(end)}
    for key, value in (("gt", gt), ("gte", gte), ("lt", lt), ("lte", lte)):
        if value is not None:
            body[key] = to_json_value(value)
    return _Leaf("overlaps", body)


def nested(scope: PropertyRef, filter: Filter) -> Filter:
    """The node the direct relation ``scope`` points at matches ``filter``."""
    return _Leaf("nested", {"scope": list(scope), "filter": filter.dump()})


def instance_references(
    ids: Sequence[NodeId | EdgeId | tuple[str, str]],
) -> Filter:
    """The instance is one of ``ids`` (nodes or edges, by space and external id)."""
    refs: list[dict[str, str]] = []
    for value in ids:
        if isinstance(value, tuple):
            value = NodeId(*value)
        refs.append(value.dump())
    return _Leaf("instanceReferences", refs)


def match_all() -> Filter:
    """Every instance."""
    return _Leaf("matchAll", {})


def and_all(*filters: Filter | None) -> Filter | None:
    """AND of the non-None filters (None if there are none)."""
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else And(*present)


def as_node_id(
    value: NodeId | tuple[str, str] | str, default_space: str | None, what: str
) -> NodeId:
    """Normalize a node reference; a bare external id needs ``default_space``."""
    if isinstance(value, NodeId):
        return value
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(cast(object, part), str) for part in value)
    ):
        return NodeId(value[0], value[1])
    if isinstance(value, str):
        if default_space is None:
            raise ValueError(
                f"{what}: {value!r} is a bare external id but the SDK has no default instance space; "
                "pass NodeId(space, external_id)"
            )
        return NodeId(default_space, value)
    raise TypeError(
        f"{what}: expected NodeId, (space, external_id) or str, got {type(value).__name__}"
    )


class _Prop:
    """A property of a view (``ViewId``) or of the instance itself (``"node"``/``"edge"``)."""

    __slots__ = ("ref",)

    def __init__(self, owner: ViewId | str, identifier: str) -> None:
        self.ref: list[str] = (
            owner.property_ref(identifier)
            if isinstance(owner, ViewId)
            else [owner, identifier]
        )

    def exists(self) -> Filter:
        """The property is set."""
        return exists(self.ref)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.ref!r})"


class _Equatable(_Prop, Generic[_V]):
    """A property that can be compared for equality."""

    __slots__ = ()

    def equals(self, value: _V) -> Filter:
        """The property equals ``value``."""
        return equals(self.ref, value)

    def in_(self, values: Sequence[_V]) -> Filter:
        """The property is one of ``values``."""
        return in_(self.ref, values)


class _Rangeable(_Equatable[_V]):
    """A property with ordered values: range and overlaps filters."""

    __slots__ = ()

    def range(
        self,
        *,
        gt: _V | None = None,
        gte: _V | None = None,
        lt: _V | None = None,
        lte: _V | None = None,
    ) -> Filter:
        """The property is within the given bounds."""
        return range_(self.ref, gt=gt, gte=gte, lt=lt, lte=lte)

    def overlaps(
        self,
        end: _Rangeable[_V],
        *,
        gt: _V | None = None,
        gte: _V | None = None,
        lt: _V | None = None,
        lte: _V | None = None,
    ) -> Filter:
        """The interval from this property to ``end`` overlaps the given bounds (a missing start or
        end is open-ended)."""
        return overlaps(self.ref, end.ref, gt=gt, gte=gte, lt=lt, lte=lte)


class TextProp(_Rangeable[str]):
    """Filters on a text (or enum, or CDF reference) property."""

    __slots__ = ()

    def prefix(self, value: str) -> Filter:
        """The text starts with ``value``."""
        return prefix(self.ref, value)


class BoolProp(_Equatable[bool]):
    """Filters on a boolean property."""

    __slots__ = ()


class IntProp(_Rangeable[int]):
    """Filters on an int32/int64 property."""

    __slots__ = ()


class FloatProp(_Rangeable[float]):
    """Filters on a float32/float64 property."""

    __slots__ = ()


class TimestampProp(_Rangeable[datetime.datetime]):
    """Filters on a timestamp property (datetimes are sent with millisecond precision)."""

    __slots__ = ()


class DateProp(_Rangeable[datetime.date]):
    """Filters on a date property."""

    __slots__ = ()


class DirectProp(_Prop):
    """Filters on a direct-relation property (single or list)."""

    __slots__ = ()

    def _ids(self, values: Sequence[NodeId | tuple[str, str]]) -> list[NodeId]:
        return [as_node_id(v, None, str(self.ref)) for v in values]

    def equals(self, value: NodeId | tuple[str, str]) -> Filter:
        """The relation points at ``value``."""
        return equals(self.ref, as_node_id(value, None, str(self.ref)))

    def in_(self, values: Sequence[NodeId | tuple[str, str]]) -> Filter:
        """The relation points at one of ``values``."""
        return in_(self.ref, self._ids(values))

    def contains_any(self, values: Sequence[NodeId | tuple[str, str]]) -> Filter:
        """A list relation points at any of ``values``."""
        return contains_any(self.ref, self._ids(values))

    def contains_all(self, values: Sequence[NodeId | tuple[str, str]]) -> Filter:
        """A list relation points at all of ``values``."""
        return contains_all(self.ref, self._ids(values))

    def nested(self, filter: Filter) -> Filter:
        """The node the relation points at matches ``filter`` (a filter on the target view, e.g.
        ``<Target>Filter.name.prefix("P")``)."""
        return nested(self.ref, filter)


class JSONProp(_Prop):
    """A JSON property: only ``exists`` is filterable."""

    __slots__ = ()


class ListProp(_Prop):
    """Filters on a list property."""

    __slots__ = ()

    def contains_any(self, values: Sequence[Any]) -> Filter:
        """The list contains at least one of ``values``."""
        return contains_any(self.ref, values)

    def contains_all(self, values: Sequence[Any]) -> Filter:
        """The list contains all of ``values``."""
        return contains_all(self.ref, values)
