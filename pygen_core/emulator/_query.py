"""``/models/instances/query`` and ``/sync``: result-set expressions chained with ``from``.

Node sets may hop through a direct relation (``through``, both directions) or continue from an edge set
(``chainTo``); edge sets traverse from a node set up to ``maxDistance`` hops, with edge, node and
termination filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._filters import FilterCompiler, Predicate
from ._instance_model import Instance, Key
from ._paging import decode_cursor, encode_cursor, limit_of, signature
from ._values import bad

if TYPE_CHECKING:
    from ._instances import InstanceStore

_DIRECTIONS = ("outwards", "inwards")


def _order(with_: dict[str, Any]) -> list[str]:
    """Result-set names so that every set comes after the set it reads ``from``."""
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            raise bad(f"with.{name}", f"'from' forms a cycle: {' -> '.join((*trail, name))}")
        state[name] = 1
        expr = with_[name]
        if not isinstance(expr, dict):
            raise bad(f"with.{name}", "expected an object with 'nodes' or 'edges'")
        body = expr.get("nodes", expr.get("edges"))
        parent = body.get("from") if isinstance(body, dict) else None
        if parent is not None:
            if parent not in with_:
                raise bad(f"with.{name}", f"'from' names an unknown result set {parent!r}")
            visit(parent, (*trail, name))
        state[name] = 2
        done.append(name)

    for name in with_:
        visit(name, ())
    return done


def _unique_nodes(store: InstanceStore, keys: Iterable[Key]) -> list[Instance]:
    seen: set[Key] = set()
    found: list[Instance] = []
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        node = store.live_node(key)
        if node is not None:
            found.append(node)
    return found


def _direction(body: dict[str, Any], path: str) -> str:
    direction = body.get("direction", "outwards")
    if direction not in _DIRECTIONS:
        raise bad(f"{path}.direction", f"expected outwards or inwards, got {direction!r}")
    return str(direction)


class _Evaluator:
    def __init__(self, store: InstanceStore, fc: FilterCompiler, with_: dict[str, Any]) -> None:
        self.store = store
        self.fc = fc
        self.with_ = with_
        self.kinds: dict[str, str] = {}

    def _pred(self, spec: Any, path: str) -> Predicate | None:
        return None if spec is None else self.fc.compile(spec, path)

    def candidates(self, name: str, parents: dict[str, list[Instance]], deleted: bool) -> list[Instance]:
        expr = self.with_[name]
        path = f"with.{name}"
        if isinstance(expr.get("nodes"), dict):
            self.kinds[name] = "node"
            return self._nodes(expr["nodes"], parents, deleted, f"{path}.nodes")
        if isinstance(expr.get("edges"), dict):
            self.kinds[name] = "edge"
            return self._edges(expr["edges"], parents, deleted, f"{path}.edges")
        raise bad(path, "expected 'nodes' or 'edges' (set operations are not supported by the emulator)")

    def _all(self, kind: str, deleted: bool) -> list[Instance]:
        if deleted:
            return self.store.all_records(kind)
        return [r for _, r in self.store.scan(kind)]

    def _nodes(
        self, body: dict[str, Any], parents: dict[str, list[Instance]], deleted: bool, path: str
    ) -> list[Instance]:
        pred = self._pred(body.get("filter"), f"{path}.filter")
        direction = _direction(body, path)
        parent_name = body.get("from")
        through = body.get("through")
        base: list[Instance]
        if parent_name is None:
            if through is not None:
                raise bad(f"{path}.through", "needs 'from'")
            base = self._all("node", deleted)
        else:
            parent = parents[parent_name]
            parent_kind = self.kinds[parent_name]
            if through is not None:
                if parent_kind != "node" or not isinstance(through, dict):
                    raise bad(f"{path}.through", "needs a node result set in 'from' and {source, identifier}")
                source = self.fc.resolver.source(through.get("source"), f"{path}.through.source")
                identifier = str(through.get("identifier"))
                acc = self.fc.source_accessor(source, identifier, f"{path}.through.identifier")
                if acc.kind != "direct":
                    raise bad(f"{path}.through.identifier", "is not a direct relation property")
                if direction == "outwards":
                    keys: list[Key] = []
                    for record in parent:
                        value = acc.get(record)
                        if value is not None:
                            keys.extend(value if acc.is_list else [value])
                    base = _unique_nodes(self.store, keys)
                else:
                    targets = {r.key for r in parent}

                    def points_in(record: Instance) -> bool:
                        value = acc.get(record)
                        if value is None:
                            return False
                        return any(v in targets for v in value) if acc.is_list else value in targets

                    base = [r for _, r in self.store.scan("node") if points_in(r)]
            elif parent_kind == "edge":
                edge_body = self.with_[parent_name]["edges"]
                outwards = edge_body.get("direction", "outwards") == "outwards"
                chain = body.get("chainTo", "destination")
                if chain not in ("source", "destination"):
                    raise bad(f"{path}.chainTo", f"expected source or destination, got {chain!r}")
                use_end = outwards == (chain == "destination")
                ends = [e.end_node if use_end else e.start_node for e in parent]
                base = _unique_nodes(self.store, [k for k in ends if k is not None])
            else:
                base = list(parent)
        return base if pred is None else [r for r in base if pred(r)]

    def _edges(
        self, body: dict[str, Any], parents: dict[str, list[Instance]], deleted: bool, path: str
    ) -> list[Instance]:
        edge_pred = self._pred(body.get("filter"), f"{path}.filter")
        node_pred = self._pred(body.get("nodeFilter"), f"{path}.nodeFilter")
        stop_pred = self._pred(body.get("terminationFilter"), f"{path}.terminationFilter")
        outwards = _direction(body, path) == "outwards"
        max_distance = body.get("maxDistance")
        limit_each = body.get("limitEach")
        for key, value in (("maxDistance", max_distance), ("limitEach", limit_each)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise bad(f"{path}.{key}", f"expected a positive integer, got {value!r}")
        parent_name = body.get("from")
        if parent_name is None:
            return [e for e in self._all("edge", deleted) if edge_pred is None or edge_pred(e)]
        parent = parents[parent_name]
        if self.kinds[parent_name] == "edge":
            frontier = [k for e in parent if (k := e.end_node if outwards else e.start_node) is not None]
        else:
            frontier = [r.key for r in parent]
        visited: set[Key] = {k for k in frontier if k is not None}
        seen: set[Key] = set()
        found: list[Instance] = []
        depth = 0
        while frontier and (max_distance is None or depth < max_distance):
            depth += 1
            next_frontier: list[Key] = []
            for node in frontier:
                taken = 0
                for edge in self.store.edges_at(node, outwards):
                    if edge.key in seen or (edge_pred is not None and not edge_pred(edge)):
                        continue
                    other = edge.end_node if outwards else edge.start_node
                    assert other is not None
                    other_node = self.store.live_node(other)
                    if node_pred is not None and (other_node is None or not node_pred(other_node)):
                        continue
                    if limit_each is not None and taken >= limit_each:
                        break
                    taken += 1
                    seen.add(edge.key)
                    found.append(edge)
                    if stop_pred is not None and other_node is not None and stop_pred(other_node):
                        continue
                    if other not in visited:
                        visited.add(other)
                        next_frontier.append(other)
            frontier = next_frontier
        return found


def _parse(
    store: InstanceStore, body: dict[str, Any]
) -> tuple[_Evaluator, dict[str, Any], dict[str, Any], list[str]]:
    with_ = body.get("with")
    if not isinstance(with_, dict) or not with_:
        raise bad("with", "expected a non-empty object of result-set expressions")
    select = body.get("select")
    if select is None:
        select = {name: {} for name in with_}
    if not isinstance(select, dict):
        raise bad("select", "expected an object")
    for name in select:
        if name not in with_:
            raise bad(f"select.{name}", "is not a result set in 'with'")
    cursors = body.get("cursors") or {}
    if not isinstance(cursors, dict):
        raise bad("cursors", "expected an object")
    parameters = body.get("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise bad("parameters", "expected an object")
    evaluator = _Evaluator(store, store.compiler(parameters), with_)
    return evaluator, select, cursors, _order(with_)


def _output(
    store: InstanceStore,
    evaluator: _Evaluator,
    body: dict[str, Any],
    select: dict[str, Any],
    pages: dict[str, list[Instance]],
    cursors: dict[str, str | None],
) -> dict[str, Any]:
    fc = evaluator.fc
    items: dict[str, list[dict[str, Any]]] = {}
    typing: dict[str, Any] = {}
    for name, spec in select.items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise bad(f"select.{name}", "expected an object")
        selection = store.selection(fc, spec.get("sources"), f"select.{name}.sources", allow_properties=True)
        page = pages[name]
        if spec.get("sort"):
            page = list(page)
            fc.sorter(spec["sort"], f"select.{name}.sort")(page)
        if spec.get("limit") is not None:
            page = page[: limit_of(spec, 100, 10_000, f"select.{name}.limit")]
        render = store.renderer(fc, selection)
        items[name] = [render(r) for r in page]
        typing[name] = store.typing(selection)
    out: dict[str, Any] = {"items": items, "nextCursor": {name: cursors[name] for name in select}}
    if body.get("includeTyping"):
        out["typing"] = typing
    return out


def run_query(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:

    evaluator, select, cursors_in, order = _parse(store, body)
    pages: dict[str, list[Instance]] = {}
    cursors: dict[str, str | None] = {}
    for name in order:
        expr = evaluator.with_[name]
        found = evaluator.candidates(name, pages, deleted=False)
        limit = limit_of(expr, 100, 10_000, f"with.{name}.limit")
        if expr.get("sort"):
            evaluator.fc.sorter(expr["sort"], f"with.{name}.sort")(found)
        sig = signature(name, expr)
        start = 0
        if cursors_in.get(name) is not None:
            state = decode_cursor(cursors_in[name], f"cursors.{name}")
            if state.get("s") != sig or not isinstance(state.get("p"), int):
                raise bad(f"cursors.{name}", "the cursor belongs to a different result-set expression")
            start = state["p"]
        pages[name] = found[start : start + limit]
        if expr.get("postSort"):
            evaluator.fc.sorter(expr["postSort"], f"with.{name}.postSort")(pages[name])
        more = start + limit < len(found)
        cursors[name] = encode_cursor({"s": sig, "p": start + limit}) if more else None
    return _output(store, evaluator, body, select, pages, cursors)


def run_sync(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:
    """Changes since each set's cursor, ordered by write sequence; deleted instances carry ``deletedTime``."""

    evaluator, select, cursors_in, order = _parse(store, body)
    full: dict[str, list[Instance]] = {}
    pages: dict[str, list[Instance]] = {}
    cursors: dict[str, str | None] = {}
    for name in order:
        expr = evaluator.with_[name]
        if expr.get("sort") or expr.get("postSort"):
            raise bad(f"with.{name}.sort", "sync does not support sort")
        limit = limit_of(expr, 100, 10_000, f"with.{name}.limit")
        sig = signature(name, expr)
        after = 0
        has_cursor = cursors_in.get(name) is not None
        if has_cursor:
            state = decode_cursor(cursors_in[name], f"cursors.{name}")
            if state.get("s") != sig or not isinstance(state.get("q"), int):
                raise bad(f"cursors.{name}", "the cursor belongs to a different result-set expression")
            after = state["q"]
        body_ = expr.get("nodes", expr.get("edges")) or {}
        skip_deleted = body_.get("skipAlreadyDeleted", expr.get("skipAlreadyDeleted", True))
        include_deleted = has_cursor or not skip_deleted
        found = evaluator.candidates(name, full, deleted=include_deleted)
        full[name] = [r for r in found if r.deleted_time is None]
        changed = sorted((r for r in found if r.seq > after), key=lambda r: r.seq)
        page = changed[:limit]
        pages[name] = page
        last = page[-1].seq if page else max(after, 0)
        cursors[name] = encode_cursor({"s": sig, "q": last})
    return _output(store, evaluator, body, select, pages, cursors)
