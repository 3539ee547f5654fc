"""Parsing and validating ``/query`` and ``/sync`` bodies: result-set expressions, ``select``, ``cursors``.

Every rule here is CDF's (its OpenAPI document) unless marked otherwise; violations are 400s naming the JSON
path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._filters import FilterCompiler, Predicate
from ._instance_model import Key
from ._limits import (
    LIMIT_EACH_MAX,
    QUERY_LIMIT_DEFAULT,
    QUERY_LIMIT_MAX,
    RESULT_SETS_MAX,
    SYNC_LIMIT_DEFAULT,
    SYNC_LIMIT_MAX,
)
from ._paging import check_fields, limit_of, signature
from ._render import SourceSelection, selection
from ._sorting import Sorter, parse_sort
from ._values import bad

_SET_OPERATIONS = ("union", "unionAll", "intersection")
_QUERY_SET_FIELDS = {"node": {"nodes", "limit", "sort"}, "edge": {"edges", "limit", "sort", "postSort"}}
_SYNC_SET_FIELDS = {"nodes", "edges", "limit", "skipAlreadyDeleted", "mode", "backfillSort"}
_NODE_FIELDS = {"from", "chainTo", "through", "direction", "filter"}
_EDGE_FIELDS = {"from", "chainTo", "maxDistance", "direction", "filter", "nodeFilter", "terminationFilter"}
_SYNC_MODES = ("onePhase", "twoPhase", "noBackfill")


@dataclass
class ResultSet:
    """One validated result-set expression."""

    name: str
    kind: str
    parent: str | None
    sig: str
    limit: int
    filter: Predicate | None = None
    direction: str = "outwards"
    chain_to: str = "destination"
    through: tuple[Key, str] | None = None
    """``(container, identifier)`` of the direct relation a node set hops through."""
    through_list: bool = False
    node_filter: Predicate | None = None
    termination_filter: Predicate | None = None
    max_distance: int | None = None
    limit_each: int | None = None
    sort: Sorter = field(default_factory=lambda: Sorter([]))
    post_sort: Sorter = field(default_factory=lambda: Sorter([]))
    mode: str = "onePhase"
    skip_deleted: bool = True
    backfill_sort: Sorter = field(default_factory=lambda: Sorter([]))


@dataclass
class Selection:
    sources: SourceSelection
    sort: Sorter
    limit: int | None


@dataclass
class Request:
    sets: dict[str, ResultSet]
    order: list[str]
    select: dict[str, Selection]
    cursors: dict[str, str]
    fc: FilterCompiler


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad(path, "expected an object")
    return value


def _bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise bad(path, f"expected a boolean, got {value!r}")
    return value


def _order(with_: dict[str, Any]) -> list[str]:
    """Result-set names so that every set comes after the set it reads ``from``."""
    parents: dict[str, str | None] = {}
    for name, expr in with_.items():
        path = f"with.{name}"
        expr = _object(expr, path)
        ops = [op for op in _SET_OPERATIONS if op in expr]
        if ops:
            raise bad(
                f"{path}.{ops[0]}",
                "set operations are not supported by the emulator (union, unionAll, intersection)",
            )
        kinds = [k for k in ("nodes", "edges") if k in expr]
        if len(kinds) != 1:
            raise bad(path, "expected exactly one of 'nodes' or 'edges'")
        body = _object(expr[kinds[0]], f"{path}.{kinds[0]}")
        parent = body.get("from")
        if parent is not None and (not isinstance(parent, str) or parent not in with_):
            raise bad(f"{path}.{kinds[0]}.from", f"names an unknown result set {parent!r}")
        if parent == name:
            raise bad(f"{path}.{kinds[0]}.from", "a result set cannot chain from itself")
        parents[name] = parent
    done: list[str] = []
    state: dict[str, int] = {}
    for start in with_:
        trail: list[str] = []
        current: str | None = start
        while current is not None and state.get(current) != 2:
            if state.get(current) == 1:
                cycle = [*trail[trail.index(current) :], current]
                raise bad(f"with.{start}", f"'from' forms a cycle: {' -> '.join(cycle)}")
            state[current] = 1
            trail.append(current)
            current = parents[current]
        for visited in reversed(trail):
            state[visited] = 2
            done.append(visited)
    return done


def _through(fc: FilterCompiler, raw: Any, path: str) -> tuple[tuple[Key, str], bool]:
    through = _object(raw, path)
    check_fields(through, {"source", "view", "identifier"}, path)
    ref = through.get("source", through.get("view"))
    if ref is None:
        raise bad(f"{path}.source", "missing required field")
    if "view" in through and "source" not in through:
        ref = {**ref, "type": "view"} if isinstance(ref, dict) else ref
    source = fc.resolver.source(ref, f"{path}.source")
    identifier = through.get("identifier")
    if not isinstance(identifier, str):
        raise bad(f"{path}.identifier", f"expected a property identifier, got {identifier!r}")
    mapped = source.props.get(identifier)
    if mapped is None:
        raise bad(f"{path}.identifier", f"{source.space}:{source.prop_key} has no property {identifier!r}")
    if mapped.type.get("type") != "direct":
        raise bad(f"{path}.identifier", f"{identifier!r} is not a direct relation property")
    return (mapped.container, mapped.identifier), bool(mapped.type.get("list"))


def _result_set(
    fc: FilterCompiler, name: str, expr: dict[str, Any], kinds: dict[str, str], sync: bool, params: Any
) -> ResultSet:
    path = f"with.{name}"
    kind = "node" if "nodes" in expr else "edge"
    check_fields(expr, _SYNC_SET_FIELDS if sync else _QUERY_SET_FIELDS[kind], path)
    key = "nodes" if kind == "node" else "edges"
    here = f"{path}.{key}"
    body = expr[key]
    check_fields(
        body,
        (_NODE_FIELDS if kind == "node" else _EDGE_FIELDS | ({"limitEach"} if not sync else set())),
        here,
    )
    default, maximum = (
        (SYNC_LIMIT_DEFAULT, SYNC_LIMIT_MAX) if sync else (QUERY_LIMIT_DEFAULT, QUERY_LIMIT_MAX)
    )
    parent = body.get("from")
    spec = ResultSet(
        name=name,
        kind=kind,
        parent=parent,
        sig=signature(name, expr, params),
        limit=limit_of(expr, default, maximum, f"{path}.limit"),
    )

    def pred(field_name: str) -> Predicate | None:
        raw = body.get(field_name)
        return None if raw is None else fc.compile(raw, f"{here}.{field_name}")

    spec.filter = pred("filter")
    direction = body.get("direction", "inwards" if kind == "node" else "outwards")
    if direction not in ("outwards", "inwards"):
        raise bad(f"{here}.direction", f"expected outwards or inwards, got {direction!r}")
    spec.direction = direction
    chain = body.get("chainTo", "destination")
    if chain not in ("source", "destination"):
        raise bad(f"{here}.chainTo", f"expected source or destination, got {chain!r}")
    spec.chain_to = chain
    if kind == "node" and body.get("through") is not None:
        if parent is None or kinds.get(parent) != "node":
            raise bad(f"{here}.through", "needs 'from' naming a node result set")
        spec.through, spec.through_list = _through(fc, body["through"], f"{here}.through")
    if kind == "edge":
        spec.node_filter = pred("nodeFilter")
        spec.termination_filter = pred("terminationFilter")
        distance = body.get("maxDistance")
        if distance is not None and (
            not isinstance(distance, int) or isinstance(distance, bool) or distance < 1
        ):
            raise bad(f"{here}.maxDistance", f"expected a positive integer, got {distance!r}")
        spec.max_distance = distance
        each = body.get("limitEach")
        if each is not None:
            if not isinstance(each, int) or isinstance(each, bool) or not 1 <= each <= LIMIT_EACH_MAX:
                raise bad(
                    f"{here}.limitEach", f"expected an integer between 1 and {LIMIT_EACH_MAX}, got {each!r}"
                )
            if parent is None or distance != 1:
                raise bad(f"{here}.limitEach", "needs 'from' and maxDistance 1")
            spec.limit_each = each
    if sync:
        spec.skip_deleted = _bool(expr.get("skipAlreadyDeleted", True), f"{path}.skipAlreadyDeleted")
        mode = expr.get("mode", "onePhase")
        if mode not in _SYNC_MODES:
            raise bad(f"{path}.mode", f"expected one of {', '.join(_SYNC_MODES)}, got {mode!r}")
        spec.mode = mode
        if expr.get("backfillSort") is not None:
            if mode != "twoPhase":
                raise bad(f"{path}.backfillSort", "can only be given with mode twoPhase")
            spec.backfill_sort = parse_sort(fc, expr["backfillSort"], f"{path}.backfillSort")
    else:
        if expr.get("sort") is not None:
            spec.sort = parse_sort(fc, expr["sort"], f"{path}.sort")
        if expr.get("postSort") is not None:
            spec.post_sort = parse_sort(fc, expr["postSort"], f"{path}.postSort")
    return spec


def parse_request(store_compiler: Any, body: dict[str, Any], *, sync: bool) -> Request:
    """Validate a query (``sync=False``) or sync body."""
    allowed = {"with", "select", "cursors", "parameters", "includeTyping", "debug"}
    if sync:
        allowed.add("allowExpiredCursorsAndAcceptMissedDeletes")
    check_fields(body, allowed)
    with_ = body.get("with")
    if not isinstance(with_, dict) or not with_:
        raise bad("with", "expected a non-empty object of result-set expressions")
    if len(with_) > RESULT_SETS_MAX:
        raise bad("with", f"at most {RESULT_SETS_MAX} result-set expressions are allowed, got {len(with_)}")
    parameters = body.get("parameters")
    parameters = {} if parameters is None else parameters
    if not isinstance(parameters, dict):
        raise bad("parameters", "expected an object")
    fc: FilterCompiler = store_compiler(parameters)
    order = _order(with_)
    kinds = {name: ("node" if "nodes" in with_[name] else "edge") for name in with_}
    sets = {name: _result_set(fc, name, with_[name], kinds, sync, parameters) for name in order}

    select = body.get("select")
    if not isinstance(select, dict) or not select:
        raise bad("select", "expected a non-empty object: which result sets to return, with which properties")
    if len(select) > RESULT_SETS_MAX:
        raise bad("select", f"at most {RESULT_SETS_MAX} entries are allowed, got {len(select)}")
    selections: dict[str, Selection] = {}
    for name, spec in select.items():
        path = f"select.{name}"
        if name not in with_:
            raise bad(path, "is not a result set in 'with'")
        spec = _object(spec, path)
        check_fields(spec, {"sources"} if sync else {"sources", "sort", "limit"}, path)
        sort = parse_sort(fc, spec["sort"], f"{path}.sort") if spec.get("sort") is not None else Sorter([])
        limit = limit_of(spec, 0, QUERY_LIMIT_MAX, f"{path}.limit") if spec.get("limit") is not None else None
        chosen = selection(fc, spec.get("sources"), f"{path}.sources", with_properties=True)
        selections[name] = Selection(chosen, sort, limit)

    cursors = body.get("cursors")
    cursors = {} if cursors is None else cursors
    if not isinstance(cursors, dict):
        raise bad("cursors", "expected an object of result-set name → cursor")
    if len(cursors) > RESULT_SETS_MAX:
        raise bad("cursors", f"at most {RESULT_SETS_MAX} cursors are allowed, got {len(cursors)}")
    given: dict[str, str] = {}
    for name, cursor in cursors.items():
        if name not in with_:
            raise bad(f"cursors.{name}", "is not a result set in 'with'")
        if cursor is not None:
            if not isinstance(cursor, str):
                raise bad(f"cursors.{name}", "expected a cursor string or null")
            given[name] = cursor
    return Request(sets, order, selections, given, fc)
