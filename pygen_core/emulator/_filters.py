"""DMS filters compiled to predicates over ``Instance`` records, property accessors, and sorting."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._instance_model import Instance, Key, Resolver, Source, key_ref
from ._values import NUMERIC_TYPES, bad, epoch_ms, node_ref, normalize_date, normalize_timestamp

Predicate = Callable[[Instance], bool]
NodeLookup = Callable[[Key], "Instance | None"]

_RANGE_OPS = ("gt", "gte", "lt", "lte")
_STRING_KINDS = frozenset({"text", "enum", "timeseries", "file", "sequence", "meta_str"})


def _direct(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [(v["space"], v["externalId"]) for v in value]
    return (value["space"], value["externalId"])


@dataclass(frozen=True)
class Accessor:
    """Reads one property of an instance in comparable form (direct relations as ``(space, xid)`` tuples)."""

    get: Callable[[Instance], Any]
    kind: str
    is_list: bool

    def coerce(self, value: Any, path: str) -> Any:
        """A filter value → the comparable form of this property's values; 400 on a type mismatch."""
        kind = self.kind
        if kind in _STRING_KINDS:
            if not isinstance(value, str):
                raise bad(path, f"expected a string, got {value!r}")
            return value
        if kind in NUMERIC_TYPES or kind == "meta_int":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise bad(path, f"expected a number, got {value!r}")
            return value
        if kind == "boolean":
            if not isinstance(value, bool):
                raise bad(path, f"expected a boolean, got {value!r}")
            return value
        if kind == "timestamp":
            return normalize_timestamp(value, path)
        if kind == "date":
            return normalize_date(value, path)
        if kind == "meta_time":
            return epoch_ms(value, path)
        if kind == "direct":
            return _direct(node_ref(value, path))
        return value

    def wire(self, value: Any) -> Any:
        """A comparable value back in wire form."""
        if self.kind == "direct" and value is not None:
            if isinstance(value, list):
                return [key_ref(v) for v in value]
            return key_ref(value)
        return value


_META: dict[str, tuple[Callable[[Instance], Any], str]] = {
    "externalId": (lambda i: i.external_id, "meta_str"),
    "space": (lambda i: i.space, "meta_str"),
    "type": (lambda i: i.type, "direct"),
    "startNode": (lambda i: i.start_node, "direct"),
    "endNode": (lambda i: i.end_node, "direct"),
    "createdTime": (lambda i: i.created_time, "meta_time"),
    "lastUpdatedTime": (lambda i: i.last_updated_time, "meta_time"),
    "version": (lambda i: i.version, "meta_int"),
}


class FilterCompiler:
    """Compiles filters for one request; view ``hasData`` checks are cached per view."""

    def __init__(
        self, resolver: Resolver, nodes: NodeLookup, parameters: Mapping[str, Any] | None = None
    ) -> None:
        self.resolver = resolver
        self._nodes = nodes
        self._parameters = parameters or {}
        self._view_checks: dict[tuple[str, str, str | None], Predicate] = {}

    # -- properties -------------------------------------------------------------------------------
    def accessor(self, prop: Any, path: str) -> Accessor:
        """``["node"|"edge", attr]`` or ``[space, "View/version" | Container, property]``."""
        if not isinstance(prop, list) or not all(isinstance(p, str) for p in prop) or len(prop) not in (2, 3):
            raise bad(path, f"expected a property reference of 2 or 3 strings, got {prop!r}")
        if len(prop) == 2:
            if prop[0] not in ("node", "edge") or prop[1] not in _META:
                raise bad(path, f"unknown instance property {prop!r}")
            getter, kind = _META[prop[1]]
            return Accessor(getter, kind, False)
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
        if kind == "direct":

            def get(i: Instance) -> Any:
                data = i.data.get(container)
                return None if data is None else _direct(data.get(ident))
        else:

            def get(i: Instance) -> Any:
                data = i.data.get(container)
                return None if data is None else data.get(ident)

        return Accessor(get, kind, is_list)

    def _value(self, raw: Any, acc: Accessor, path: str) -> Any:
        if isinstance(raw, dict) and set(raw) == {"parameter"}:
            name = raw["parameter"]
            if name not in self._parameters:
                raise bad(path, f"parameter {name!r} is not given in 'parameters'")
            raw = self._parameters[name]
        if acc.is_list and isinstance(raw, list):
            return [acc.coerce(v, f"{path}[{n}]") for n, v in enumerate(raw)]
        return acc.coerce(raw, path)

    def _values(self, raw: Any, acc: Accessor, path: str) -> list[Any]:
        if isinstance(raw, dict) and set(raw) == {"parameter"}:
            name = raw["parameter"]
            if name not in self._parameters:
                raise bad(path, f"parameter {name!r} is not given in 'parameters'")
            raw = self._parameters[name]
        if not isinstance(raw, list):
            raise bad(path, f"expected a list of values, got {raw!r}")
        return [acc.coerce(v, f"{path}[{n}]") for n, v in enumerate(raw)]

    # -- filters ----------------------------------------------------------------------------------
    def compile(self, spec: Any, path: str = "filter") -> Predicate:
        """One filter object → predicate; unknown filter types and malformed bodies → 400 naming the path."""
        if not isinstance(spec, dict) or len(spec) != 1:
            raise bad(path, f"a filter must be an object with exactly one key, got {spec!r}")
        ((name, body),) = spec.items()
        method = getattr(self, f"_f_{name}", None)
        if method is None:
            raise bad(path, f"unknown filter type {name!r}")
        try:
            result: Predicate = method(body, f"{path}.{name}")
        except (KeyError, TypeError, AttributeError) as exc:
            raise bad(f"{path}.{name}", f"malformed filter body ({exc.__class__.__name__}: {exc})") from None
        return result

    def _f_and(self, body: Any, path: str) -> Predicate:
        preds = [self.compile(f, f"{path}[{n}]") for n, f in enumerate(_as_list(body, path))]
        return lambda i: all(p(i) for p in preds)

    def _f_or(self, body: Any, path: str) -> Predicate:
        preds = [self.compile(f, f"{path}[{n}]") for n, f in enumerate(_as_list(body, path))]
        return lambda i: any(p(i) for p in preds)

    def _f_not(self, body: Any, path: str) -> Predicate:
        pred = self.compile(body, path)
        return lambda i: not pred(i)

    def _f_matchAll(self, body: Any, path: str) -> Predicate:
        return lambda i: True

    def _f_equals(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        raw = body["value"]
        if isinstance(raw, dict) and set(raw) == {"property"}:
            other = self.accessor(raw["property"], f"{path}.value.property")
            return lambda i: (v := acc.get(i)) is not None and v == other.get(i)
        value = self._value(raw, acc, f"{path}.value")
        return lambda i: acc.get(i) == value

    def _f_in(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        values = self._values(body["values"], acc, f"{path}.values")
        if len(values) > 1000:
            raise bad(f"{path}.values", f"at most 1000 values are allowed, got {len(values)}")
        try:
            pool: Any = set(values)
        except TypeError:
            pool = values
        if acc.is_list:
            return lambda i: any(v in pool for v in acc.get(i) or ())
        return lambda i: (v := acc.get(i)) is not None and v in pool

    def _f_range(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        if acc.kind in ("json", "boolean", "direct"):
            raise bad(f"{path}.property", f"range is not supported on {acc.kind} properties")
        bounds = [(op, self._value(body[op], acc, f"{path}.{op}")) for op in _RANGE_OPS if op in body]
        if not bounds:
            raise bad(path, "range needs at least one of gt, gte, lt, lte")
        check = _range_check(bounds)
        if acc.is_list:
            return lambda i: any(check(v) for v in acc.get(i) or ())
        return lambda i: (v := acc.get(i)) is not None and check(v)

    def _f_prefix(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        value = self._value(body["value"], acc, f"{path}.value")
        if acc.is_list:
            if not isinstance(value, list):
                value = [value]
            size = len(value)
            return lambda i: (v := acc.get(i)) is not None and v[:size] == value
        if not isinstance(value, str):
            raise bad(f"{path}.value", "prefix needs a string value")
        return lambda i: isinstance(v := acc.get(i), str) and v.startswith(value)

    def _f_exists(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        return lambda i: acc.get(i) is not None

    def _f_containsAny(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        values = self._values(body["values"], acc, f"{path}.values")
        return lambda i: any(v in values for v in _many(acc.get(i)) or ())

    def _f_containsAll(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["property"], f"{path}.property")
        values = self._values(body["values"], acc, f"{path}.values")
        return lambda i: (have := _many(acc.get(i))) is not None and all(v in have for v in values)

    def _f_nested(self, body: Any, path: str) -> Predicate:
        acc = self.accessor(body["scope"], f"{path}.scope")
        if acc.kind != "direct":
            raise bad(f"{path}.scope", "nested needs a direct relation property as scope")
        inner = self.compile(body["filter"], f"{path}.filter")
        lookup = self._nodes

        def target_matches(ref: Key) -> bool:
            node = lookup(ref)
            return node is not None and inner(node)

        if acc.is_list:
            return lambda i: any(target_matches(r) for r in acc.get(i) or ())
        return lambda i: (r := acc.get(i)) is not None and target_matches(r)

    def _f_overlaps(self, body: Any, path: str) -> Predicate:
        start = self.accessor(body["startProperty"], f"{path}.startProperty")
        end = self.accessor(body["endProperty"], f"{path}.endProperty")
        low = [(op, self._value(body[op], end, f"{path}.{op}")) for op in ("gt", "gte") if op in body]
        high = [(op, self._value(body[op], start, f"{path}.{op}")) for op in ("lt", "lte") if op in body]
        end_ok = _range_check(low)
        start_ok = _range_check(high)

        def pred(i: Instance) -> bool:
            s, e = start.get(i), end.get(i)
            if s is None and e is None:
                return False
            return (e is None or end_ok(e)) and (s is None or start_ok(s))

        return pred

    def _f_hasData(self, body: Any, path: str) -> Predicate:
        refs = _as_list(body, path)
        if len(refs) > 10:
            raise bad(path, f"at most 10 references are allowed, got {len(refs)}")
        preds = [self.has_data(self.resolver.source(r, f"{path}[{n}]")) for n, r in enumerate(refs)]
        return lambda i: all(p(i) for p in preds)

    def _f_instanceReferences(self, body: Any, path: str) -> Predicate:
        refs = {_direct(node_ref(r, f"{path}[{n}]")) for n, r in enumerate(_as_list(body, path))}
        return lambda i: i.key in refs

    def has_data(self, source: Source) -> Predicate:
        """A view has data when its filter matches (if it has one), else when all its containers have data."""
        cache_key = (source.space, source.external_id, source.version if source.is_view else "#container")
        found = self._view_checks.get(cache_key)
        if found is not None:
            return found
        pred: Predicate
        if source.is_view and source.filter is not None:
            pred = FilterCompiler(self.resolver, self._nodes).compile(
                source.filter, f"view {source.space}:{source.prop_key} filter"
            )
        else:
            containers = frozenset(source.containers)
            pred = lambda i: i.data.keys() >= containers  # noqa: E731
        self._view_checks[cache_key] = pred
        return pred

    # -- sorting ----------------------------------------------------------------------------------
    def sorter(self, specs: Any, path: str) -> Callable[[list[Instance]], None]:
        """``[{"property", "direction", "nullsFirst"}]`` → an in-place stable sort (ties keep input order)."""
        keys: list[tuple[Accessor, bool, bool]] = []
        for n, spec in enumerate(_as_list(specs, path)):
            if not isinstance(spec, dict):
                raise bad(f"{path}[{n}]", "expected a sort object")
            acc = self.accessor(spec.get("property"), f"{path}[{n}].property")
            direction = spec.get("direction", "ascending")
            if direction not in ("ascending", "descending"):
                raise bad(f"{path}[{n}].direction", f"expected ascending or descending, got {direction!r}")
            descending = direction == "descending"
            keys.append((acc, descending, bool(spec.get("nullsFirst", descending))))

        def sort(items: list[Instance]) -> None:
            for acc, descending, nulls_first in reversed(keys):
                null_rank = 1 if nulls_first == descending else 0
                json_kind = acc.kind == "json" or acc.is_list

                def key(
                    i: Instance, acc: Accessor = acc, null_rank: int = null_rank, json_kind: bool = json_kind
                ) -> tuple[int, Any]:
                    v = acc.get(i)
                    if v is None:
                        return (null_rank, None)
                    return (1 - null_rank, json.dumps(v, sort_keys=True) if json_kind else v)

                items.sort(key=key, reverse=descending)

        return sort


def _as_list(body: Any, path: str) -> list[Any]:
    if not isinstance(body, list):
        raise bad(path, f"expected a list, got {type(body).__name__}")
    return body


def _many(value: Any) -> Any:
    if value is None or isinstance(value, list):
        return value
    return [value]


def _range_check(bounds: list[tuple[str, Any]]) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        for op, bound in bounds:
            if op == "gt" and not v > bound:
                return False
            if op == "gte" and not v >= bound:
                return False
            if op == "lt" and not v < bound:
                return False
            if op == "lte" and not v <= bound:
                return False
        return True

    return check


def compile_optional(compiler: FilterCompiler, spec: Any, path: str) -> Predicate | None:
    """``None`` for an absent filter, else the compiled predicate."""
    if spec is None:
        return None
    return compiler.compile(spec, path)
