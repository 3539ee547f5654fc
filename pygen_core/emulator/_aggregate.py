"""``/models/instances/aggregate``: count/sum/avg/min/max/histogram (up to 5 at once), per ``groupBy`` group.

Groups are formed by instances that have a value for every ``groupBy`` property (instances without one are
in no group), largest group first; without aggregates, ``groupBy`` lists the unique value combinations.
Histograms list every bucket from the lowest to the highest value, empty ones included.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._filters import Accessor, FilterCompiler
from ._instance_model import Instance, Source
from ._limits import AGGREGATE_DEFAULT, AGGREGATE_MAX, AGGREGATE_PROPERTIES_MAX, AGGREGATES_MAX, GROUP_BY_MAX
from ._paging import check_fields, kind_of, limit_of
from ._search import candidates, scorer, view_of
from ._values import NUMERIC_TYPES, bad

if TYPE_CHECKING:
    from ._instances import InstanceStore

_NAMES = ("count", "sum", "avg", "min", "max", "histogram")
_METADATA = frozenset({"externalId", "space", "instanceType"})
_GROUPABLE = frozenset({"text", "direct", "int32", "int64", "float32", "float64", "boolean", "enum"})
_FIELDS = frozenset(
    {
        "view",
        "instanceType",
        "query",
        "properties",
        "limit",
        "aggregates",
        "groupBy",
        "filter",
        "operator",
        "targetUnits",
        "includeTyping",
    }
)
_MAX_BUCKETS = 10_000

Aggregator = Callable[[list[Instance]], dict[str, Any]]


def _numeric(fc: FilterCompiler, source: Source, name: Any, path: str) -> Accessor:
    if not isinstance(name, str):
        raise bad(path, f"expected a property identifier, got {name!r}")
    acc = fc.source_accessor(source, name, path)
    if acc.kind not in NUMERIC_TYPES or acc.is_list:
        raise bad(path, f"{name!r} is not a single-valued numeric property")
    return acc


def _aggregator(fc: FilterCompiler, source: Source, spec: Any, path: str) -> Aggregator:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise bad(path, "expected an object with exactly one aggregate")
    ((name, args),) = spec.items()
    if name not in _NAMES:
        raise bad(path, f"unknown aggregate {name!r} (expected one of {', '.join(_NAMES)})")
    here = f"{path}.{name}"
    if not isinstance(args, dict):
        raise bad(here, "expected an object")
    check_fields(args, ("property", "interval") if name == "histogram" else ("property",), here)
    prop = args.get("property")
    if name == "count":
        if prop is not None and not isinstance(prop, str):
            raise bad(f"{here}.property", f"expected a property identifier, got {prop!r}")
        if prop is None or prop in _METADATA:
            label = prop or "externalId"
            return lambda items: {"aggregate": "count", "property": label, "value": len(items)}
        counted = fc.source_accessor(source, prop, f"{here}.property")
        return lambda items: {
            "aggregate": "count",
            "property": prop,
            "value": sum(1 for i in items if counted.get(i) is not None),
        }
    acc = _numeric(fc, source, prop, f"{here}.property")

    def values(items: list[Instance]) -> list[Any]:
        return [v for i in items if (v := acc.get(i)) is not None]

    if name == "histogram":
        interval = args.get("interval")
        if (
            not isinstance(interval, (int, float))
            or isinstance(interval, bool)
            or not math.isfinite(interval)
            or not interval > 0
        ):
            raise bad(f"{here}.interval", f"expected a positive number, got {interval!r}")
        step = float(interval)

        def histogram(items: list[Instance]) -> dict[str, Any]:
            counts: dict[int, int] = {}
            for v in values(items):
                index = math.floor(v / step)
                counts[index] = counts.get(index, 0) + 1
            buckets = []
            if counts:
                low, high = min(counts), max(counts)
                if high - low >= _MAX_BUCKETS:
                    raise bad(
                        f"{here}.interval", f"the histogram would have more than {_MAX_BUCKETS} buckets"
                    )
                buckets = [{"start": i * step, "count": counts.get(i, 0)} for i in range(low, high + 1)]
            return {"aggregate": "histogram", "property": prop, "interval": step, "buckets": buckets}

        return histogram

    def compute(items: list[Instance]) -> dict[str, Any]:
        found = values(items)
        result: Any
        if name == "sum":
            result = sum(found)
        elif not found:
            result = None
        elif name == "avg":
            result = sum(found) / len(found)
        else:
            result = min(found) if name == "min" else max(found)
        return {"aggregate": name, "property": prop, "value": result}

    return compute


def run_aggregate(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:
    check_fields(body, _FIELDS)
    fc = store.compiler()
    source = view_of(fc, body)
    kind = kind_of(body)
    limit = limit_of(body, AGGREGATE_DEFAULT, AGGREGATE_MAX)
    specs = body.get("aggregates") or []
    group_by = body.get("groupBy")
    if not isinstance(specs, list) or len(specs) > AGGREGATES_MAX:
        raise bad("aggregates", f"expected a list of at most {AGGREGATES_MAX} aggregates")
    if group_by is not None and (not isinstance(group_by, list) or not 1 <= len(group_by) <= GROUP_BY_MAX):
        raise bad("groupBy", f"expected a list of 1 to {GROUP_BY_MAX} property identifiers")
    group_by = group_by or []
    properties = body.get("properties")
    if properties is not None and (
        not isinstance(properties, list) or not 1 <= len(properties) <= AGGREGATE_PROPERTIES_MAX
    ):
        raise bad("properties", f"expected a list of 1 to {AGGREGATE_PROPERTIES_MAX} property identifiers")
    if not specs and not group_by:
        raise bad("aggregates", "give at least one aggregate, or groupBy for unique values")
    aggregators = [_aggregator(fc, source, s, f"aggregates[{n}]") for n, s in enumerate(specs)]
    groupers: list[tuple[str, Accessor]] = []
    for n, name in enumerate(group_by):
        if not isinstance(name, str):
            raise bad(f"groupBy[{n}]", f"expected a property identifier, got {name!r}")
        acc = fc.source_accessor(source, name, f"groupBy[{n}]")
        if acc.kind not in _GROUPABLE or acc.is_list:
            what = f"list of {acc.kind}" if acc.is_list else acc.kind
            raise bad(f"groupBy[{n}]", f"cannot group by {name!r}: {what} properties are not groupable")
        groupers.append((name, acc))

    items = candidates(store, fc, source, kind, body)
    score = scorer(source, body)
    if score is not None:
        items = [r for r in items if score(r) >= 0]

    if not groupers:
        return {"items": [{"instanceType": kind, "aggregates": [a(items) for a in aggregators]}]}
    groups: dict[str, tuple[dict[str, Any], list[Instance]]] = {}
    for record in items:
        group = {name: acc.wire(acc.get(record)) for name, acc in groupers}
        if any(v is None for v in group.values()):
            continue
        token = json.dumps(group, sort_keys=True)
        groups.setdefault(token, (group, []))[1].append(record)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
    result = [
        {"instanceType": kind, "group": group, "aggregates": [a(members) for a in aggregators]}
        for _, (group, members) in ordered[:limit]
    ]
    return {"items": result}
