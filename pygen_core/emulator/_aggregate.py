"""``/models/instances/aggregate``: count/sum/avg/min/max/histogram, optionally per ``groupBy`` group."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._filters import Accessor, FilterCompiler
from ._instance_model import Instance, Source
from ._paging import kind_of, limit_of
from ._search import candidates, scorer, view_of
from ._values import NUMERIC_TYPES, bad

if TYPE_CHECKING:
    from ._instances import InstanceStore

_NAMES = ("count", "sum", "avg", "min", "max", "histogram")
_METADATA = frozenset({"externalId", "space", "instanceType"})

Aggregator = Callable[[list[Instance]], dict[str, Any]]


def _numeric(fc: FilterCompiler, source: Source, name: Any, path: str) -> Accessor:
    acc = fc.source_accessor(source, str(name), path)
    if acc.kind not in NUMERIC_TYPES or acc.is_list:
        raise bad(path, f"{name!r} is not a single-valued numeric property")
    return acc


def _aggregator(fc: FilterCompiler, source: Source, spec: Any, path: str) -> Aggregator:
    if not isinstance(spec, dict) or len(spec) != 1:
        raise bad(path, "expected an object with exactly one aggregate")
    ((name, args),) = spec.items()
    if name not in _NAMES:
        raise bad(path, f"unknown aggregate {name!r} (expected one of {', '.join(_NAMES)})")
    if not isinstance(args, dict):
        raise bad(f"{path}.{name}", "expected an object")
    prop = args.get("property")
    if name == "count":
        if prop is None or prop in _METADATA:
            label = prop or "externalId"
            return lambda items: {"aggregate": "count", "property": label, "value": len(items)}
        acc = fc.source_accessor(source, str(prop), f"{path}.count.property")
        return lambda items: {
            "aggregate": "count",
            "property": prop,
            "value": sum(1 for i in items if acc.get(i) is not None),
        }
    acc = _numeric(fc, source, prop, f"{path}.{name}.property")

    def values(items: list[Instance]) -> list[Any]:
        return [v for i in items if (v := acc.get(i)) is not None]

    if name == "histogram":
        interval = args.get("interval")
        if not isinstance(interval, (int, float)) or isinstance(interval, bool) or not interval > 0:
            raise bad(f"{path}.histogram.interval", f"expected a positive number, got {interval!r}")

        def histogram(items: list[Instance]) -> dict[str, Any]:
            buckets: dict[float, int] = {}
            for v in values(items):
                start = float(math.floor(v / interval) * interval)
                buckets[start] = buckets.get(start, 0) + 1
            return {
                "aggregate": "histogram",
                "property": prop,
                "interval": float(interval),
                "buckets": [{"start": s, "count": c} for s, c in sorted(buckets.items())],
            }

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

    fc = store.compiler()
    source = view_of(fc, body)
    kind = kind_of(body)
    limit = limit_of(body, 100, 1000)
    specs = body.get("aggregates") or []
    group_by = body.get("groupBy") or []
    if not isinstance(specs, list) or len(specs) > 5:
        raise bad("aggregates", "expected a list of at most 5 aggregates")
    if not isinstance(group_by, list) or len(group_by) > 5:
        raise bad("groupBy", "expected a list of at most 5 property names")
    if not specs and not group_by:
        raise bad("aggregates", "give at least one aggregate, or groupBy for unique values")
    aggregators = [_aggregator(fc, source, s, f"aggregates[{n}]") for n, s in enumerate(specs)]
    groupers = [
        (str(name), fc.source_accessor(source, str(name), f"groupBy[{n}]")) for n, name in enumerate(group_by)
    ]

    items = candidates(store, fc, source, kind, body)
    score = scorer(source, body)
    if score is not None:
        items = [r for r in items if score(r) >= 0]

    if not groupers:
        return {"items": [{"instanceType": kind, "aggregates": [a(items) for a in aggregators]}]}
    groups: dict[str, tuple[dict[str, Any], list[Instance]]] = {}
    for record in items:
        group = {name: acc.wire(acc.get(record)) for name, acc in groupers}
        token = json.dumps(group, sort_keys=True)
        groups.setdefault(token, (group, []))[1].append(record)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1][1]), kv[0]))
    result = [
        {"instanceType": kind, "group": group, "aggregates": [a(members) for a in aggregators]}
        for _, (group, members) in ordered[:limit]
    ]
    return {"items": result}
