"""Aggregations: one aggregate or several in one request (``{"avg": "capacity", "count": None}``)."""

# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, cast

from ._results import AggregateGroup, AggregateResult, response_items

if TYPE_CHECKING:
    from ._api import _ViewAPI
    from ._filters import Filter

__all__ = ["Aggregates", "Aggregation", "run_aggregate"]

Aggregation = Literal["count", "sum", "avg", "min", "max"]
"""A metric ``aggregate()`` computes over a property (``count`` also over the instances themselves)."""
_NAMES: tuple[str, ...] = ("count", "sum", "avg", "min", "max")
_MAX_AGGREGATES = 5  # CDF: at most 5 aggregates per request
_F = TypeVar("_F", bound=str)

Aggregates: TypeAlias = Mapping[Aggregation, _F | None]
"""Several aggregates in one call: aggregate name → property (None for a plain count)."""


def _specs(aggregate: Any, property: str | None) -> list[tuple[str, str | None]]:
    if isinstance(aggregate, str):
        specs = [(aggregate, property)]
    elif isinstance(aggregate, Mapping):
        if property is not None:
            raise ValueError(
                "aggregate: give the properties in the mapping, not as 'property'"
            )
        specs = list(cast("Mapping[str, str | None]", aggregate).items())
        if not specs:
            raise ValueError("aggregate: the mapping names no aggregate")
    else:
        raise TypeError(
            f"aggregate must be a name or a mapping of names to properties, got {type(aggregate).__name__}"
        )
    if len(specs) > _MAX_AGGREGATES:
        raise ValueError(
            f"aggregate: at most {_MAX_AGGREGATES} aggregates in one call (CDF's limit)"
        )
    for name, prop in specs:
        if name not in _NAMES:
            raise ValueError(
                f"aggregate must be one of count, sum, avg, min, max (got {name!r})"
            )
        if prop is None and name != "count":
            raise ValueError(f"aggregate {name!r} needs a property")
    return specs


def _values(item: dict[str, Any], count: int) -> list[Any]:
    raw: Any = item.get("aggregates")
    entries = cast("Iterable[Any]", raw) if isinstance(raw, list) else ()
    values: list[Any] = []
    for entry in entries:
        values.append(
            cast("dict[str, Any]", entry).get("value")
            if isinstance(entry, dict)
            else None
        )
    return (values + [None] * count)[:count]


def run_aggregate(
    api: _ViewAPI[Any, Any],
    flt: Filter | None,
    aggregate: Any,
    property: str | None,
    group_by: str | Sequence[str] | None,
    query: str | None,
    limit: int,
) -> AggregateResult:
    """Send one ``/aggregate`` request for one or several aggregates and read the typed result."""
    specs = _specs(aggregate, property)
    body = api._aggregate_body(flt, query, limit)
    body["aggregates"] = [
        {name: {"property": "externalId" if prop is None else api._property_id(prop)}}
        for name, prop in specs
    ]
    grouped = group_by is not None
    if group_by is not None:
        names = [group_by] if isinstance(group_by, str) else list(group_by)
        body["groupBy"] = [api._property_id(name) for name in names]
    response = api._http.post("/models/instances/aggregate", body)
    groups: list[AggregateGroup] = []
    for item in response_items(response, f"aggregate {api._view.view_id}"):
        values = _values(item, len(specs))
        named = {name: value for (name, _), value in zip(specs, values, strict=True)}
        group: Any = item.get("group")
        groups.append(
            AggregateGroup(
                dict(cast("dict[str, Any]", group)) if isinstance(group, dict) else {},
                values[0] if len(specs) == 1 else None,
                **named,
            )
        )
    single = len(specs) == 1
    label = ",".join(name for name, _ in specs)
    props = {prop for _, prop in specs}
    shown = next(iter(props)) if len(props) == 1 else None
    if grouped:
        return AggregateResult(label, shown, None, groups)
    named_total: dict[str, Any] = dict(zip(_NAMES, [None] * len(_NAMES), strict=True))
    if groups:
        first = groups[0]
        named_total = {name: getattr(first, name) for name in _NAMES}
    if named_total["count"] is None and any(name == "count" for name, _ in specs):
        named_total["count"] = 0
    value = named_total[specs[0][0]] if single else None
    return AggregateResult(label, shown, value, [], **named_total)
