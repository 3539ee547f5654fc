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
from pydantic_core import from_json

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


class Page:
    """What one first-step page brought: validated instances per node set (in arrival order), the
    back-pointers of reverse-relation sets, and the edges of edge sets as ``(near, far, edge)``.

    Items are validated as each response arrives, and only these are kept: the decoded JSON of a response
    is dropped once it is read, so a page holds its instances, not their JSON.
    """

    __slots__ = ("cursor", "edges", "known", "objects", "refs", "truncated")

    def __init__(self, plan: Plan) -> None:
        self.objects: dict[str, dict[_Key, Any]] = {}
        self.refs: dict[str, dict[_Key, list[_Key]]] = {}
        self.edges: dict[str, list[tuple[_Key, _Key, Any]]] = {}
        for name, spec in plan.sets.items():
            if spec.edges:
                self.edges[name] = []
            else:
                self.objects[name] = {}
        for hop in plan.hops:
            if hop.kind == "reverse" and hop.nodes is not None:
                self.refs[hop.nodes] = {}
        self.known: dict[str, dict[_Key, Any]] = {}
        """Instances of lookup sets that the requests left out (held from earlier pages)."""
        self.cursor: str | None = None
        self.truncated = False


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
        http = self.api._http
        response = http.post_response(_QUERY, body)
        try:  # repeated strings (spaces, view keys, property names) decoded once per response
            decoded: Any = from_json(response.content, cache_strings="all")
        except ValueError:
            decoded = None
        if not isinstance(decoded, dict):
            return http.decode("POST", _QUERY, response)  # its one-line error
        return cast("dict[str, Any]", decoded)

    def _exclusion(self, name: str, page: Page) -> list[dict[str, str]]:
        """What a restarting lookup set may leave out: what this page holds already, then the cache."""
        collected = page.objects[name]
        keys = list(collected)[-_CACHE_MAX:]
        room = _CACHE_MAX - len(keys)
        if room > 0:
            known = page.known.setdefault(name, {})
            for key, value in list(self.cache[name].items())[-room:]:
                if key not in collected:
                    known.setdefault(key, value)
                    keys.append(key)
        return [{"space": space, "externalId": xid} for space, xid in keys]

    def page(self, cursor: str | None, limit: int | None = None) -> Page:
        """One first-step page (at most ``limit`` items) with every dependent set paged to its end."""
        plan = self.plan
        root = plan.root
        page = Page(plan)
        exclude = {name: self._exclusion(name, page) for name in self.cache}
        cursors: dict[str, str] = {root: cursor} if cursor else {}
        response = self._send(plan.body(cursors, None, exclude))
        self._collect(response, page, plan.sets, limit)
        following = self._cursors(response)
        page.cursor = None if page.truncated else following.get(root)
        used: set[tuple[str, str]] = set()
        while True:
            ready = [n for n in plan.sets if n != root and following.get(n)]
            if not ready:
                break
            name = next(n for n in ready if not set(plan.descendants(n)) & set(ready))
            below = plan.descendants(name)
            cursors[name] = cast(str, following[name])
            if (name, cursors[name]) in used:
                raise CDFError(
                    f"query result set {name}: the server returned the same cursor twice; stopping"
                )
            used.add((name, cursors[name]))
            for child in below:
                cursors.pop(child, None)
                if child in self.cache:
                    exclude[child] = self._exclusion(child, page)
            fresh = {name, *below}
            response = self._send(plan.body(cursors, fresh, exclude))
            self._collect(response, page, fresh, limit)
            following = {**following, **self._cursors(response)}
        return page

    def _cursors(self, response: dict[str, Any]) -> dict[str, str | None]:
        found: Any = response.get("nextCursor") or {}
        if not isinstance(found, dict):
            raise CDFError("query: the response's 'nextCursor' is not an object")
        return cast("dict[str, str | None]", found)

    def _collect(
        self,
        response: dict[str, Any],
        page: Page,
        names: Iterable[str],
        limit: int | None,
    ) -> None:
        items: Any = response.get("items")
        if not isinstance(items, dict):
            raise CDFError("query: the response's 'items' is not an object")
        by_set = cast("dict[str, Any]", items)
        for name in names:
            if name not in by_set:
                continue
            raw = response_items({"items": by_set[name]}, f"query result set {name}")
            spec = self.plan.sets[name]
            if spec.edges:
                self._collect_edges(name, raw, page)
                continue
            target = page.objects[name]
            fresh = [item for item in raw if _key(item) not in target]
            if (
                spec.parent is None
                and limit is not None
                and len(fresh) > limit - len(target)
            ):
                fresh = fresh[: max(0, limit - len(target))]
                page.cursor = (
                    None  # cut short: no cursor resumes right after the last item kept
                )
                page.truncated = True
            if name in page.refs:
                self._collect_refs(name, fresh, page.refs[name])
            step = self.plan.steps[spec.step]
            for item, value in zip(
                fresh, _validate(step.read_class, fresh), strict=True
            ):
                target[_key(item)] = value

    def _collect_refs(
        self, name: str, raw: list[dict[str, Any]], refs: dict[_Key, list[_Key]]
    ) -> None:
        hop = next(h for h in self.plan.hops if h.nodes == name)
        assert hop.through is not None
        space, view_key, identifier = hop.through
        for item in raw:
            pointers = _refs(_props(item, space, view_key).get(identifier))
            refs[_key(item)] = [k for k in map(_ref_key, pointers) if k is not None]

    def _collect_edges(self, name: str, raw: list[dict[str, Any]], page: Page) -> None:
        spec = self.plan.sets[name]
        step = self.plan.steps[spec.step]
        conn = step.connection
        assert isinstance(conn, EdgeConnection)
        near_end, far_end = (
            ("startNode", "endNode")
            if conn.direction == "outwards"
            else ("endNode", "startNode")
        )
        # A set holds each edge of a parent page once: no ids need keeping to leave out repeats.
        fresh: list[tuple[_Key, _Key, dict[str, Any]]] = []
        for edge in raw:
            try:
                near, far = edge[near_end], edge[far_end]
                ends = (
                    (near["space"], near["externalId"]),
                    (far["space"], far["externalId"]),
                )
            except (
                KeyError,
                TypeError,
            ):  # not an edge between two nodes: nothing to link
                continue
            fresh.append((*ends, edge))
        objects: list[Any] = [None] * len(fresh)
        if step.edge_class is not None:
            objects = _validate(step.edge_class, [edge for *_, edge in fresh])
        page.edges[name].extend(
            (near, far, value)
            for (near, far, _), value in zip(fresh, objects, strict=True)
        )

    # -- putting a page together -------------------------------------------------------------------
    def assemble(self, page: Page) -> Any:
        """The first step's items of a page, every connection filled (by assignment, bottom-up)."""
        plan, steps = self.plan, self.plan.steps
        for index in range(1, len(steps)):
            hop = plan.hops[index - 1]
            parents_set = plan.step_sets[index - 1]
            assert parents_set is not None
            parents = page.objects[parents_set]
            if hop.kind == "inverse":
                self._fill_inverse(index, page)
                continue
            assert hop.nodes is not None
            targets = page.objects[hop.nodes]
            if hop.nodes in self.cache:
                self._remember(hop.nodes, targets)
                targets = {**page.known.get(hop.nodes, {}), **targets}
            self._link(hop, parents, targets, page)
        roots = list(page.objects[plan.root].values())
        return self.api._list_class(roots, page.cursor)

    def _remember(self, name: str, objects: dict[_Key, Any]) -> None:
        cache = self.cache[name]
        for key, value in objects.items():
            cache[key] = value
            cache.move_to_end(key)
        while len(cache) > _CACHE_MAX:
            cache.popitem(last=False)

    def _fill_inverse(self, index: int, page: Page) -> None:
        """Children that point straight back at their parent get (a copy of) the parent, its connection
        to them left empty (no cycles)."""
        plan = self.plan
        back = plan.hops[index - 2]  # from the grandparents to the children
        hop = plan.hops[index - 1]  # from the children straight back
        grandparents_set, children_set = (
            plan.step_sets[index - 2],
            plan.step_sets[index - 1],
        )
        assert grandparents_set is not None
        assert children_set is not None
        grandparents = page.objects[grandparents_set]
        copies: dict[_Key, Any] = {}
        for child in page.objects[children_set].values():
            ref = getattr(child, hop.name, None)
            key = (ref.space, ref.external_id) if ref is not None else None
            parent = grandparents.get(key) if key is not None else None
            if parent is None or key is None:
                continue
            if key not in copies:
                copies[key] = parent.model_copy(update={back.name: None})
            setattr(child, hop.name, copies[key])

    def _link(
        self, hop: Hop, parents: dict[_Key, Any], targets: dict[_Key, Any], page: Page
    ) -> None:
        step = self.plan.steps[hop.step]
        conn = step.connection
        if hop.kind == "direct":
            for parent in parents.values():
                value = getattr(parent, hop.name, None)
                if isinstance(value, list):
                    setattr(
                        parent, hop.name, [_target(targets, v) for v in _refs(value)]
                    )
                elif value is not None:
                    setattr(parent, hop.name, _target(targets, value))
            return
        grouped: dict[_Key, list[Any]] = defaultdict(list)
        if hop.kind == "reverse":
            assert hop.nodes is not None
            for key, pointers in page.refs[hop.nodes].items():
                found = targets.get(key)
                if found is not None:
                    for pointer in pointers:
                        grouped[pointer].append(found)
        else:
            assert hop.edges is not None
            assert isinstance(conn, EdgeConnection)
            self._group_edges(hop, conn, step, targets, page, grouped)
        single = bool(getattr(conn, "single", False))
        for key, parent in parents.items():
            values = grouped.get(key, [])
            if step.limit is not None:
                values = values[: step.limit]
            setattr(
                parent, hop.name, (values[0] if values else None) if single else values
            )

    def _group_edges(
        self,
        hop: Hop,
        conn: EdgeConnection,
        step: Step,
        targets: dict[_Key, Any],
        page: Page,
        grouped: dict[_Key, list[Any]],
    ) -> None:
        assert hop.nodes is not None
        assert hop.edges is not None
        kept = [entry for entry in page.edges[hop.edges] if entry[1] in targets]
        if step.sort:  # each parent's items in the order of the (sorted) target set
            rank = {key: n for n, key in enumerate(page.objects[hop.nodes])}
            kept.sort(key=lambda entry: rank.get(entry[1], len(rank)))
        far_end = "end_node" if conn.direction == "outwards" else "start_node"
        for near, far, edge in kept:
            if edge is None:
                grouped[near].append(targets[far])
            else:
                setattr(edge, far_end, targets[far])
                grouped[near].append(edge)


def _target(targets: dict[_Key, Any], value: Any) -> Any:
    """The loaded instance a direct-relation value (``NodeId``) points at, else the value itself."""
    space, xid = getattr(value, "space", None), getattr(value, "external_id", None)
    if isinstance(space, str) and isinstance(xid, str):
        return targets.get((space, xid), value)
    return value


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
        fetched = runner.page(cursor, remaining)
        next_cursor = fetched.cursor
        page = runner.assemble(fetched)
        del fetched
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
