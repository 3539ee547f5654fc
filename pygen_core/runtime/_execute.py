"""Run a compiled traversal: every result set paged to its end, then each first-step page put together.

Paging follows the emulator README (and CDF): one request per page; the first request of a first-step
page selects every set, each later one pages one dependent set whose descendants are exhausted (its
ancestors' cursors unchanged, its descendants' dropped) and selects only that set and its descendants, so
nothing is sent twice. Items are validated bottom-up, each connection filled with its step's items.
"""

# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError

from ._api import _adapter
from ._connections import EdgeConnection
from ._errors import CDFError
from ._instances import describe_invalid
from ._plan import QUERY_LIMIT_MAX, Hop, Plan, compile_plan
from ._results import response_items

if TYPE_CHECKING:
    from ._api import _ViewAPI
    from ._select import Step

__all__ = ["Runner", "run_count", "run_iterate", "run_list"]

_Key = tuple[str, str]
_CACHE_MAX = 1000
"""Instances of a lookup set kept across pages, to be left out of later requests (the API's limit on a
list of values)."""
_MAX_REQUESTS = 1_000_000
_QUERY = "/models/instances/query"


def _key(item: dict[str, Any]) -> _Key:
    return (item["space"], item["externalId"])


def _ref_key(ref: Any) -> _Key | None:
    if isinstance(ref, dict):
        fields = cast("dict[str, Any]", ref)
        space, xid = fields.get("space"), fields.get("externalId")
        if isinstance(space, str) and isinstance(xid, str):
            return (space, xid)
    return None


def _refs(value: Any) -> list[Any]:
    return list(cast("Iterable[Any]", value)) if isinstance(value, list) else [value]


def _props(item: dict[str, Any], space: str, key: str) -> dict[str, Any]:
    found: dict[str, Any] = item.get("properties", {}).get(space, {}).get(key, {})
    return found


def _validate(cls: type[Any], raw: list[dict[str, Any]]) -> list[Any]:
    try:
        return _adapter(cls).validate_python(raw)
    except ValidationError as error:
        raise CDFError(
            describe_invalid(error, raw, f"query {cls._view.view_id}")
        ) from None


class Runner:
    """Runs one traversal; ``requests`` counts what it sent."""

    def __init__(
        self,
        api: _ViewAPI[Any, Any],
        steps: tuple[Step, ...],
        page: int,
        hop_page: int = QUERY_LIMIT_MAX,
    ) -> None:
        self.api = api
        self.plan: Plan = compile_plan(steps, page, hop_page=hop_page)
        self.requests = 0
        self.cache: dict[str, OrderedDict[_Key, Any]] = {
            name: OrderedDict() for name, spec in self.plan.sets.items() if spec.lookup
        }

    def _send(self, body: dict[str, Any]) -> dict[str, Any]:
        self.requests += 1
        if self.requests > _MAX_REQUESTS:
            raise CDFError(f"query {self.plan.steps[0].view.view_id}: too many pages")
        return self.api._http.post(_QUERY, body)

    def _exclusion(
        self, name: str, collected: dict[_Key, dict[str, Any]], known: dict[_Key, Any]
    ) -> list[dict[str, str]]:
        """What a restarting lookup set may leave out: what this page holds already, then the cache."""
        keys = list(collected)[-_CACHE_MAX:]
        room = _CACHE_MAX - len(keys)
        if room > 0:
            cached = list(self.cache[name].items())[-room:]
            for key, value in cached:
                known.setdefault(key, value)
            keys += [key for key, _ in cached if key not in collected]
        return [{"space": space, "externalId": xid} for space, xid in keys]

    def page(
        self, cursor: str | None
    ) -> tuple[
        dict[str, dict[_Key, dict[str, Any]]], dict[str, dict[_Key, Any]], str | None
    ]:
        """One first-step page with every dependent set paged to its end: raw items per set, instances
        of lookup sets left out of the requests (already held), and the first step's next cursor."""
        plan = self.plan
        root = plan.root
        data: dict[str, dict[_Key, dict[str, Any]]] = {n: {} for n in plan.sets}
        known: dict[str, dict[_Key, Any]] = {n: {} for n in self.cache}
        exclude = {n: self._exclusion(n, data[n], known[n]) for n in self.cache}
        cursors: dict[str, str] = {root: cursor} if cursor else {}
        response = self._send(plan.body(cursors, None, exclude))
        self._collect(response, data, plan.sets)
        following = self._cursors(response)
        root_cursor = following.get(root)
        while True:
            ready = [n for n in plan.sets if n != root and following.get(n)]
            if not ready:
                break
            name = next(n for n in ready if not set(plan.descendants(n)) & set(ready))
            below = plan.descendants(name)
            cursors[name] = cast(str, following[name])
            for child in below:
                cursors.pop(child, None)
                if child in self.cache:
                    exclude[child] = self._exclusion(child, data[child], known[child])
            fresh = {name, *below}
            response = self._send(plan.body(cursors, fresh, exclude))
            self._collect(response, data, fresh)
            following = {**following, **self._cursors(response)}
        return data, known, root_cursor

    def _cursors(self, response: dict[str, Any]) -> dict[str, str | None]:
        found: Any = response.get("nextCursor") or {}
        if not isinstance(found, dict):
            raise CDFError("query: the response's 'nextCursor' is not an object")
        return cast("dict[str, str | None]", found)

    def _collect(
        self,
        response: dict[str, Any],
        data: dict[str, dict[_Key, dict[str, Any]]],
        names: Iterable[str],
    ) -> None:
        items: Any = response.get("items")
        if not isinstance(items, dict):
            raise CDFError("query: the response's 'items' is not an object")
        by_set = cast("dict[str, Any]", items)
        for name in names:
            if name not in by_set:
                continue
            found = response_items({"items": by_set[name]}, f"query result set {name}")
            target = data[name]
            for item in found:
                target.setdefault(_key(item), item)

    # -- putting a page together -------------------------------------------------------------------
    def assemble(
        self,
        data: dict[str, dict[_Key, dict[str, Any]]],
        known: dict[str, dict[_Key, Any]],
        limit: int | None,
        cursor: str | None,
    ) -> Any:
        """The first step's items of one page (at most ``limit``), connections filled bottom-up."""
        plan, steps = self.plan, self.plan.steps
        below: tuple[dict[_Key, Any], list[dict[str, Any]]] = ({}, [])
        inverse: list[Any] = []
        for index in range(len(steps) - 1, -1, -1):
            name = plan.step_sets[index]
            if name is None:
                continue
            raw = list(data[name].values())
            if index + 1 < len(steps):
                hop = plan.hops[index]
                self._link(hop, raw, below[0], below[1], data)
            if index == 0:
                if limit is not None:
                    raw = raw[:limit]
                result = self.api._validate(raw, cursor)
                objects = {(o.space, o.external_id): o for o in result}
            else:
                result = None
                validated = _validate(steps[index].read_class, raw)
                objects = {_key(r): o for r, o in zip(raw, validated, strict=True)}
                if name in self.cache:
                    self._remember(name, objects)
                    objects = {**known[name], **objects}
            if inverse:
                self._fill_inverse(index, objects, inverse)
                inverse = []
            if index + 1 < len(steps) and plan.hops[index].kind == "inverse":
                inverse = list(objects.values())
            below = (objects, raw)
            if result is not None:
                return result
        raise AssertionError("unreachable: the first step always has a result set")

    def _remember(self, name: str, objects: dict[_Key, Any]) -> None:
        cache = self.cache[name]
        for key, value in objects.items():
            cache[key] = value
            cache.move_to_end(key)
        while len(cache) > _CACHE_MAX:
            cache.popitem(last=False)

    def _fill_inverse(
        self, index: int, parents: dict[_Key, Any], children: list[Any]
    ) -> None:
        """Children that point straight back at their parent get (a copy of) the parent, its connection
        to them left empty (no cycles)."""
        hop_back = self.plan.hops[index]  # from ``parents`` to ``children``
        hop = self.plan.hops[index + 1]  # from ``children`` straight back
        conn = self.plan.steps[index + 2].connection
        assert conn is not None
        assert not isinstance(conn, EdgeConnection)
        copies: dict[_Key, Any] = {}
        for child in children:
            ref = getattr(child, hop.name, None)
            key = (ref.space, ref.external_id) if ref is not None else None
            parent = parents.get(key) if key is not None else None
            if parent is None or key is None:
                continue
            if key not in copies:
                copies[key] = parent.model_copy(update={hop_back.name: None})
            setattr(child, hop.name, copies[key])

    def _link(
        self,
        hop: Hop,
        parents: list[dict[str, Any]],
        targets: dict[_Key, Any],
        targets_raw: list[dict[str, Any]],
        data: dict[str, dict[_Key, dict[str, Any]]],
    ) -> None:
        step = self.plan.steps[hop.step]
        parent_view = self.plan.steps[hop.step - 1].view.view_id
        conn = step.connection
        if hop.kind == "inverse":
            return
        if hop.kind == "direct":
            assert conn is not None
            assert not isinstance(conn, EdgeConnection)
            ident = conn.identifier
            for item in parents:
                props = _props(item, parent_view.space, parent_view.key)
                value = props.get(ident)
                if isinstance(value, list):
                    props[ident] = [
                        targets.get(_ref_key(v) or ("", ""), v) for v in _refs(value)
                    ]
                elif value is not None:
                    props[ident] = targets.get(_ref_key(value) or ("", ""), value)
            return
        single = bool(getattr(conn, "single", False))
        grouped: dict[_Key, list[Any]] = defaultdict(list)
        if hop.kind == "reverse":
            assert hop.through is not None
            space, view_key, ident = hop.through
            for raw in targets_raw:
                target = targets.get(_key(raw))
                for ref in _refs(_props(raw, space, view_key).get(ident)):
                    ref_key = _ref_key(ref)
                    if ref_key is not None and target is not None:
                        grouped[ref_key].append(target)
        else:
            assert hop.edges is not None
            assert isinstance(conn, EdgeConnection)
            self._group_edges(hop, conn, step, targets, targets_raw, data, grouped)
        for item in parents:
            values = grouped.get(_key(item), [])
            if step.limit is not None:
                values = values[: step.limit]
            item[hop.name] = (values[0] if values else None) if single else values

    def _group_edges(
        self,
        hop: Hop,
        conn: EdgeConnection,
        step: Step,
        targets: dict[_Key, Any],
        targets_raw: list[dict[str, Any]],
        data: dict[str, dict[_Key, dict[str, Any]]],
        grouped: dict[_Key, list[Any]],
    ) -> None:
        assert hop.edges is not None
        outwards = conn.direction == "outwards"
        mine_end, other_end = (
            ("startNode", "endNode") if outwards else ("endNode", "startNode")
        )
        kept: list[tuple[_Key, _Key, dict[str, Any]]] = []
        for edge in data[hop.edges].values():
            mine, other = _ref_key(edge.get(mine_end)), _ref_key(edge.get(other_end))
            if mine is not None and other is not None and other in targets:
                kept.append((mine, other, edge))
        if step.sort:  # each parent's items in the order of the (sorted) target set
            rank = {_key(raw): n for n, raw in enumerate(targets_raw)}
            kept.sort(key=lambda entry: rank.get(entry[1], len(rank)))
        if step.edge_class is not None:
            edges = _validate(
                step.edge_class,
                [{**edge, other_end: targets[other]} for _, other, edge in kept],
            )
            for (mine, _, _), value in zip(kept, edges, strict=True):
                grouped[mine].append(value)
        else:
            for mine, other, _ in kept:
                grouped[mine].append(targets[other])


def _page_size(chunk: int, limit: int | None) -> int:
    size = chunk if limit is None else max(1, min(chunk, limit))
    return min(size, QUERY_LIMIT_MAX)


def _limit(steps: tuple[Step, ...], limit: int | None) -> int | None:
    chosen = limit if limit is not None else steps[0].limit
    return None if chosen is None or chosen < 0 else chosen


def _check_size(name: str, size: int) -> None:
    if not 1 <= size <= QUERY_LIMIT_MAX:
        raise ValueError(f"{name} must be between 1 and {QUERY_LIMIT_MAX} (got {size})")


def run_iterate(
    api: _ViewAPI[Any, Any],
    steps: tuple[Step, ...],
    chunk_size: int,
    limit: int | None,
    cursor: str | None,
    hop_chunk_size: int = QUERY_LIMIT_MAX,
) -> Iterator[Any]:
    """First-step pages of ``chunk_size`` items, connections filled; stops after ``limit`` items."""
    _check_size("chunk_size", chunk_size)
    _check_size("hop_chunk_size", hop_chunk_size)
    remaining = _limit(steps, limit)
    runner = Runner(
        api, steps, _page_size(chunk_size, remaining), hop_page=hop_chunk_size
    )
    seen: set[str] = set()
    while remaining is None or remaining > 0:
        data, known, next_cursor = runner.page(cursor)
        page = runner.assemble(data, known, remaining, next_cursor)
        if remaining is not None:
            remaining -= len(page)
        yield page
        if not next_cursor or not page:
            return
        if next_cursor in seen:
            raise CDFError("query: the server returned the same cursor twice; stopping")
        seen.add(next_cursor)
        cursor = next_cursor


def run_list(
    api: _ViewAPI[Any, Any],
    steps: tuple[Step, ...],
    limit: int | None,
    hop_chunk_size: int = QUERY_LIMIT_MAX,
) -> Any:
    """Every first-step item (at most ``limit``), connections filled."""
    result = api._list_class()
    for page in run_iterate(api, steps, QUERY_LIMIT_MAX, limit, None, hop_chunk_size):
        result.extend(page)
        result.cursor = page.cursor
    return result


def run_count(api: _ViewAPI[Any, Any], steps: tuple[Step, ...]) -> int:
    """The number of first-step items (its filters and limit applied)."""
    first = steps[0]
    body = api._aggregate_body(first.filter, None, None)
    body["aggregates"] = [{"count": {"property": "externalId"}}]
    response = api._http.post("/models/instances/aggregate", body)
    items = response_items(response, f"count {first.view.view_id}")
    value: Any = None
    if items:
        aggregates: Any = items[0].get("aggregates") or []
        if isinstance(aggregates, list) and aggregates:
            entry: Any = cast("Sequence[Any]", aggregates)[0]
            if isinstance(entry, dict):
                value = cast("dict[str, Any]", entry).get("value")
    count = int(value) if isinstance(value, (int, float)) else 0
    return count if first.limit is None else min(count, first.limit)
