"""The DMS filter language compiled to predicates over ``Instance`` records, and property accessors.

Every malformed filter is a 400 naming its JSON path. Limits (CDF's where documented, see ``_limits``):
``in``/``containsAny``/``containsAll`` take at most 1000 values, ``hasData`` at most 10 references, filters
nest at most ``FILTER_DEPTH_MAX`` deep and one request holds at most ``FILTER_NODES_MAX`` filter nodes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._instance_model import Instance, Key, Resolver, Source, key_ref
from ._limits import FILTER_DEPTH_MAX, FILTER_NODES_MAX, HAS_DATA_MAX, IN_VALUES_MAX
from ._values import NUMERIC_TYPES, bad, epoch_ms, filter_timestamp, node_ref, normalize_date

Predicate = Callable[[Instance], bool]
NodeLookup = Callable[[Key], "Instance | None"]
Getter = Callable[[Instance], Any]

_STRING_KINDS = frozenset({"text", "enum", "timeseries", "file", "sequence", "meta_str"})
_RANGE_KINDS = frozenset({*_STRING_KINDS, *NUMERIC_TYPES, "timestamp", "date", "meta_int", "meta_time"})
_FILTER_KEYS: dict[str, frozenset[str]] = {
    "equals": frozenset({"property", "value"}),
    "in": frozenset({"property", "values"}),
    "range": frozenset({"property", "gt", "gte", "lt", "lte"}),
    "prefix": frozenset({"property", "value"}),
    "exists": frozenset({"property"}),
    "containsAny": frozenset({"property", "values"}),
    "containsAll": frozenset({"property", "values"}),
    "nested": frozenset({"scope", "filter"}),
    "overlaps": frozenset({"startProperty", "endProperty", "gt", "gte", "lt", "lte"}),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "equals": ("property", "value"),
    "in": ("property", "values"),
    "range": ("property",),
    "prefix": ("property", "value"),
    "exists": ("property",),
    "containsAny": ("property", "values"),
    "containsAll": ("property", "values"),
    "nested": ("scope", "filter"),
    "overlaps": ("startProperty", "endProperty"),
}


def direct_key(value: Any) -> Any:
    """Stored direct relation(s) → ``(space, externalId)`` tuple(s)."""
    if value is None:
        return None
    if isinstance(value, list):
        return [(v["space"], v["externalId"]) for v in value]
    return (value["space"], value["externalId"])


@dataclass(frozen=True)
class Accessor:
    """Reads one property of an instance in comparable form (direct relations as ``(space, xid)`` tuples)."""

    get: Getter
    kind: str
    is_list: bool
    label: str = "property"

    def coerce(self, value: Any, path: str) -> Any:
        """A filter value → the comparable form of one of this property's values; 400 on a type mismatch."""
        kind = self.kind
        if kind in _STRING_KINDS:
            if not isinstance(value, str):
                raise bad(path, f"expected a string for {self.label}, got {value!r}")
            return value
        if kind in NUMERIC_TYPES or kind == "meta_int":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise bad(path, f"expected a number for {self.label}, got {value!r}")
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                raise bad(path, f"expected a boolean for {self.label}, got {value!r}")
            return value
        if kind == "timestamp":
            return filter_timestamp(value, path)
        if kind == "date":
            return normalize_date(value, path)
        if kind == "meta_time":
            return epoch_ms(value, path)
        if kind == "direct":
            return direct_key(node_ref(value, path))
        return value

    def wire(self, value: Any) -> Any:
        """A comparable value back in wire form."""
        if self.kind == "direct" and value is not None:
            if isinstance(value, list):
                return [key_ref(v) for v in value]
            return key_ref(value)
        return value


_META: dict[str, tuple[Getter, str]] = {
    "externalId": (lambda i: i.external_id, "meta_str"),
    "space": (lambda i: i.space, "meta_str"),
    "instanceType": (lambda i: i.kind, "meta_str"),
    "type": (lambda i: i.type, "direct"),
    "startNode": (lambda i: i.start_node, "direct"),
    "endNode": (lambda i: i.end_node, "direct"),
    "createdTime": (lambda i: i.created_time, "meta_time"),
    "lastUpdatedTime": (lambda i: i.last_updated_time, "meta_time"),
    "deletedTime": (lambda i: i.deleted_time, "meta_time"),
    "version": (lambda i: i.version, "meta_int"),
}
_EDGE_ONLY = frozenset({"startNode", "endNode"})


class FilterCompiler:
    """Compiles the filters of one request; view ``hasData`` checks are cached per view.

    ``parameters`` is the request's ``parameters`` object (query and sync only; elsewhere a
    ``{"parameter": ...}`` value is a 400). ``search`` marks a search request, where ``overlaps`` is not
    available (as in CDF).
    """

    def __init__(
        self,
        resolver: Resolver,
        nodes: NodeLookup,
        parameters: Mapping[str, Any] | None = None,
        *,
        search: bool = False,
    ) -> None:
        self.resolver = resolver
        self._nodes = nodes
        self._parameters = parameters
        self._search = search
        self._budget = FILTER_NODES_MAX
        self._view_checks: dict[tuple[str, str, str | None], Predicate] = {}

    # -- properties -------------------------------------------------------------------------------
    def accessor(self, prop: Any, path: str) -> Accessor:
        """``["node"|"edge", attr]`` or ``[space, "View/version" | Container, property]``."""
        if not isinstance(prop, list) or not all(isinstance(p, str) for p in prop) or len(prop) not in (2, 3):
            raise bad(path, f"expected a property reference of 2 or 3 strings, got {prop!r}")
        if len(prop) == 2:
            if (
                prop[0] not in ("node", "edge")
                or prop[1] not in _META
                or (prop[0] == "node" and prop[1] in _EDGE_ONLY)
            ):
                raise bad(path, f"unknown instance property {prop!r}")
            getter, kind = _META[prop[1]]
            return Accessor(getter, kind, False, f"{prop[0]}.{prop[1]}")
        space, source_key, name = prop
        if "/" in source_key:
            source = self.resolver.view_by_key(space, source_key, path)
        else:
            source = self.resolver.container(space, source_key, path)
        return self.source_accessor(source, name, path)

    def source_accessor(self, source: Source, name: str, path: str) -> Accessor:
        mapped = source.props.get(name)
        if mapped is None:
            raise bad(path, f"{source.space}:{source.prop_key} has no property {name!r}")
        container, ident = mapped.container, mapped.identifier
        kind = str(mapped.type.get("type"))
        is_list = bool(mapped.type.get("list")) and kind != "enum"
        get: Getter
        if kind == "direct":

            def get(i: Instance) -> Any:
                data = i.data.get(container)
                return None if data is None else direct_key(data.get(ident))
        else:

            def get(i: Instance) -> Any:
                data = i.data.get(container)
                return None if data is None else data.get(ident)

        return Accessor(get, kind, is_list, f"{source.space}:{source.prop_key}.{name}")

    # -- values -----------------------------------------------------------------------------------
    def _resolve(self, raw: Any, path: str) -> Any:
        """``{"parameter": name}`` → the parameter's value (query and sync only)."""
        if isinstance(raw, dict) and set(raw) == {"parameter"}:
            name = raw["parameter"]
            if self._parameters is None:
                raise bad(path, "parameters can only be used in query and sync requests")
            if not isinstance(name, str) or name not in self._parameters:
                raise bad(path, f"parameter {name!r} is not given in 'parameters'")
            return self._parameters[name]
        return raw

    def _reference(self, raw: Any, path: str) -> Accessor | None:
        """The other property of ``{"property": [...]}`` (compare against another property), else None."""
        if isinstance(raw, dict) and set(raw) == {"property"}:
            return self.accessor(raw["property"], f"{path}.property")
        return None

    def _operand(self, raw: Any, acc: Accessor, path: str, *, whole: bool) -> Getter:
        """A comparison value: a constant (coerced to ``acc``'s type) or another property of the instance.

        ``whole`` compares against the whole (list) value of a list property.
        """
        other = self._reference(raw, path)
        if other is not None:
            return other.get
        raw = self._resolve(raw, path)
        if whole and acc.is_list:
            if not isinstance(raw, list):
                raise bad(path, f"expected a list for the list property {acc.label}, got {raw!r}")
            value: Any = [acc.coerce(v, f"{path}[{n}]") for n, v in enumerate(raw)]
        else:
            value = acc.coerce(raw, path)
        return lambda _i: value

    def _value_list(self, raw: Any, acc: Accessor, path: str) -> Getter:
        """A list of values (``in``, ``containsAny``, ``containsAll``), or another (list) property."""
        other = self._reference(raw, path)
        if other is not None:
            return lambda i: other.get(i) or ()
        raw = self._resolve(raw, path)
        if not isinstance(raw, list):
            raise bad(path, f"expected a list of values, got {raw!r}")
        if len(raw) > IN_VALUES_MAX:
            raise bad(path, f"at most {IN_VALUES_MAX} values are allowed, got {len(raw)}")
        self._spend(len(raw), path)
        values = [acc.coerce(v, f"{path}[{n}]") for n, v in enumerate(raw)]
        try:
            pool: Any = frozenset(values)
        except TypeError:
            pool = values
        return lambda _i: pool

    def _spend(self, count: int, path: str) -> None:
        self._budget -= count
        if self._budget < 0:
            raise bad(path, f"the filters of this request are too large (at most {FILTER_NODES_MAX} nodes)")

    # -- filters ----------------------------------------------------------------------------------
    def compile(self, spec: Any, path: str = "filter", depth: int = 1) -> Predicate:
        """One filter object → predicate; unknown filter types and malformed bodies → 400 naming the path."""
        if depth > FILTER_DEPTH_MAX:
            raise bad(path, f"filters nest deeper than {FILTER_DEPTH_MAX} levels")
        self._spend(1, path)
        if not isinstance(spec, dict) or len(spec) != 1:
            raise bad(path, f"a filter must be an object with exactly one key, got {_short(spec)}")
        ((name, body),) = spec.items()
        here = f"{path}.{name}"
        if name in ("and", "or"):
            if not isinstance(body, list) or not body:
                raise bad(here, "expected a non-empty list of filters")
            preds = [self.compile(f, f"{here}[{n}]", depth + 1) for n, f in enumerate(body)]
            if name == "and":
                return lambda i: all(p(i) for p in preds)
            return lambda i: any(p(i) for p in preds)
        if name == "not":
            pred = self.compile(body, here, depth + 1)
            return lambda i: not pred(i)
        if name == "matchAll":
            if not isinstance(body, dict):
                raise bad(here, "expected an object")
            return lambda i: True
        if name == "hasData":
            return self._has_data_filter(body, here)
        if name == "instanceReferences":
            return self._instance_references(body, here)
        keys = _FILTER_KEYS.get(name)
        if keys is None:
            raise bad(path, f"unknown filter type {name!r}")
        if not isinstance(body, dict):
            raise bad(here, "expected an object")
        unknown = sorted(set(body) - keys)
        if unknown:
            raise bad(f"{here}.{unknown[0]}", "unknown field")
        for key in _REQUIRED[name]:
            if key not in body:
                raise bad(f"{here}.{key}", "missing required field")
        method: Callable[[dict[str, Any], str, int], Predicate] = getattr(self, f"_f_{name}")
        return method(body, here, depth)

    def _f_equals(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        value = self._operand(body["value"], acc, f"{path}.value", whole=True)
        get = acc.get
        return lambda i: (v := get(i)) is not None and v == value(i)

    def _f_in(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        values = self._value_list(body["values"], acc, f"{path}.values")
        get = acc.get
        if acc.is_list:
            return lambda i: any(v in values(i) for v in get(i) or ())
        return lambda i: (v := get(i)) is not None and v in values(i)

    def _bounds(self, body: dict[str, Any], acc: Accessor, path: str) -> list[tuple[str, Getter]]:
        for a, b in (("gt", "gte"), ("lt", "lte")):
            if a in body and b in body:
                raise bad(path, f"give either {a} or {b}, not both")
        if acc.kind not in _RANGE_KINDS:
            raise bad(
                f"{path}", f"range comparisons are not supported on {acc.kind} properties ({acc.label})"
            )
        return [
            (op, self._operand(body[op], acc, f"{path}.{op}", whole=False))
            for op in ("gt", "gte", "lt", "lte")
            if op in body
        ]

    def _f_range(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        bounds = self._bounds(body, acc, path)
        if not bounds:
            raise bad(path, "range needs at least one of gt, gte, lt, lte")
        get = acc.get
        if acc.is_list:
            return lambda i: any(_within(v, bounds, i) for v in get(i) or ())
        return lambda i: (v := get(i)) is not None and _within(v, bounds, i)

    def _f_prefix(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        get = acc.get
        if acc.is_list:
            value = self._operand(body["value"], acc, f"{path}.value", whole=True)

            def list_prefix(i: Instance) -> bool:
                have, want = get(i), value(i)
                return isinstance(have, list) and isinstance(want, list) and have[: len(want)] == want

            return list_prefix
        if acc.kind not in _STRING_KINDS:
            raise bad(f"{path}.property", f"prefix needs a text or list property, {acc.label} is {acc.kind}")
        text = self._operand(body["value"], acc, f"{path}.value", whole=True)
        return lambda i: isinstance(v := get(i), str) and isinstance(p := text(i), str) and v.startswith(p)

    def _f_exists(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        get = self.accessor(body["property"], f"{path}.property").get
        return lambda i: get(i) is not None

    def _list_property(self, body: dict[str, Any], path: str) -> Accessor:
        acc = self.accessor(body["property"], f"{path}.property")
        if not acc.is_list:
            raise bad(f"{path}.property", f"{acc.label} is not a list property")
        return acc

    def _f_containsAny(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self._list_property(body, path)
        values = self._value_list(body["values"], acc, f"{path}.values")
        get = acc.get
        return lambda i: any(v in values(i) for v in get(i) or ())

    def _f_containsAll(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self._list_property(body, path)
        values = self._value_list(body["values"], acc, f"{path}.values")
        get = acc.get

        def contains_all(i: Instance) -> bool:
            have = get(i)
            return have is not None and all(v in have for v in values(i))

        return contains_all

    def _f_nested(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        acc = self.accessor(body["scope"], f"{path}.scope")
        if acc.kind != "direct":
            raise bad(
                f"{path}.scope", f"nested needs a direct relation property as scope, {acc.label} is not"
            )
        inner = self.compile(body["filter"], f"{path}.filter", depth + 1)
        lookup, get = self._nodes, acc.get

        def target_matches(ref: Key) -> bool:
            node = lookup(ref)
            return node is not None and inner(node)

        if acc.is_list:
            return lambda i: any(target_matches(r) for r in get(i) or ())
        return lambda i: (r := get(i)) is not None and target_matches(r)

    def _f_overlaps(self, body: dict[str, Any], path: str, depth: int) -> Predicate:
        if self._search:
            raise bad(path, "overlaps is not available for search requests")
        start = self.accessor(body["startProperty"], f"{path}.startProperty")
        end = self.accessor(body["endProperty"], f"{path}.endProperty")
        if start.kind != end.kind:
            raise bad(path, f"startProperty ({start.kind}) and endProperty ({end.kind}) differ in type")
        low = [b for b in self._bounds(body, end, path) if b[0] in ("gt", "gte")]
        high = [b for b in self._bounds(body, start, path) if b[0] in ("lt", "lte")]
        get_start, get_end = start.get, end.get

        def overlaps(i: Instance) -> bool:
            s, e = get_start(i), get_end(i)
            if s is None and e is None:
                return False
            return (e is None or _within(e, low, i)) and (s is None or _within(s, high, i))

        return overlaps

    def _has_data_filter(self, body: Any, path: str) -> Predicate:
        if not isinstance(body, list):
            raise bad(path, "expected a list of view or container references")
        if len(body) > HAS_DATA_MAX:
            raise bad(path, f"at most {HAS_DATA_MAX} references are allowed, got {len(body)}")
        self._spend(len(body), path)
        preds = [self.has_data(self.resolver.source(r, f"{path}[{n}]")) for n, r in enumerate(body)]
        return lambda i: all(p(i) for p in preds)

    def _instance_references(self, body: Any, path: str) -> Predicate:
        if not isinstance(body, list):
            raise bad(path, "expected a list of {space, externalId} references")
        self._spend(len(body), path)
        refs = frozenset(direct_key(node_ref(r, f"{path}[{n}]")) for n, r in enumerate(body))
        return lambda i: i.key in refs

    def has_data(self, source: Source) -> Predicate:
        """CDF's ``hasData``: a container has data when the instance has a row in it; a view when its filter
        matches (else when all its mapped containers have data) and the filters of the views it implements
        match too."""
        cache_key = (source.space, source.external_id, source.version if source.is_view else "#container")
        found = self._view_checks.get(cache_key)
        if found is not None:
            return found
        where = f"view {source.space}:{source.prop_key} filter"
        inner = FilterCompiler(self.resolver, self._nodes)
        own: Predicate
        if source.is_view and source.filter is not None:
            own = inner.compile(source.filter, where)
        else:
            containers = frozenset(source.containers)
            own = lambda i: i.data.keys() >= containers  # noqa: E731
        parents = [inner.compile(f, f"{where} (inherited)") for f in source.inherited_filters]
        pred: Predicate = own if not parents else (lambda i: own(i) and all(p(i) for p in parents))
        self._view_checks[cache_key] = pred
        return pred


def _within(value: Any, bounds: list[tuple[str, Getter]], record: Instance) -> bool:
    for op, bound in bounds:
        limit = bound(record)
        if limit is None:
            return False
        try:
            if op == "gt" and not value > limit:
                return False
            if op == "gte" and not value >= limit:
                return False
            if op == "lt" and not value < limit:
                return False
            if op == "lte" and not value <= limit:
                return False
        except TypeError:
            return False
    return True


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
