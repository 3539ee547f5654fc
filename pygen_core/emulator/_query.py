"""``/models/instances/query``: result sets chained with ``from``, each paged with its own cursor.

Paging rules (see the emulator README):

- A set without ``from`` pages over everything that matches it: in creation order, or by its ``sort``.
- A set with ``from`` is derived from the *current page* of its parent (CDF: a limit on a set is inherited by
  the sets that depend on it). Its cursor pages through what that parent page yields, and is bound to that
  parent page: to page a dependent set, send its cursor together with the parent's cursor *unchanged*
  (absent for the parent's first page). A cursor sent with another parent page is a 400.
- ``nextCursor`` has an entry for every set in ``with``; ``null`` when the set has no more items.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import _render
from ._instance_model import Instance, Key
from ._paging import decode_cursor, encode_cursor, signature
from ._query_spec import Request, ResultSet, parse_request
from ._sorting import keyset_of
from ._values import bad

if TYPE_CHECKING:
    from ._instances import InstanceStore

Page = list[Instance]


def unique_nodes(store: InstanceStore, keys: Iterable[Key], deleted: bool = False) -> Page:
    """The nodes (live, or any state with ``deleted``) for ``keys``, first occurrence order, no repeats."""
    seen: set[Key] = set()
    found: Page = []
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        node = store.any_state("node", key) if deleted else store.live_node(key)
        if node is not None:
            found.append(node)
    return found


def _far_ends(edges: Page, outwards: bool, chain_to: str) -> list[Key]:
    """The nodes a node set reaches from edges followed ``outwards`` (or inwards), per ``chainTo``."""
    use_end = outwards == (chain_to == "destination")
    return [k for e in edges if (k := e.end_node if use_end else e.start_node) is not None]


def derive_nodes(
    store: InstanceStore, spec: ResultSet, parent: Page, parent_spec: ResultSet, deleted: bool = False
) -> Page:
    """The candidate nodes of a node set with ``from`` (before its filter), in a deterministic order."""
    if parent_spec.kind == "edge":
        return unique_nodes(
            store, _far_ends(parent, parent_spec.direction == "outwards", spec.chain_to), deleted
        )
    if spec.through is None:
        return list(parent)
    container, ident = spec.through
    if spec.direction == "outwards":
        keys: list[Key] = []
        for record in parent:
            stored = record.data.get(container, {}).get(ident)
            for ref in stored if isinstance(stored, list) else [stored]:
                if isinstance(ref, dict):
                    keys.append((ref["space"], ref["externalId"]))
        return unique_nodes(store, keys, deleted)
    found: set[Key] = set()
    for record in parent:
        found |= store.referrers(container, ident, record.key)
    nodes = [n for k in found if (n := store.any_state("node", k)) is not None]
    if not deleted:
        nodes = [n for n in nodes if n.deleted_time is None]
    nodes.sort(key=lambda n: n.order)
    return nodes


def traverse(
    store: InstanceStore, spec: ResultSet, parent: Page, parent_spec: ResultSet, deleted: bool = False
) -> Page:
    """Edges reached breadth first from the parent set, honouring the edge, node and termination filters."""
    outwards = spec.direction == "outwards"
    if parent_spec.kind == "edge":
        frontier = _far_ends(parent, parent_spec.direction == "outwards", "destination")
    else:
        frontier = [r.key for r in parent]
    visited: set[Key] = set(frontier)
    seen: set[Key] = set()
    found: Page = []
    depth = 0
    while frontier and (spec.max_distance is None or depth < spec.max_distance):
        depth += 1
        next_frontier: list[Key] = []
        for node in dict.fromkeys(frontier):
            taken = 0
            for edge in store.edges_at(node, outwards, deleted):
                if edge.key in seen or (spec.filter is not None and not spec.filter(edge)):
                    continue
                other = edge.end_node if outwards else edge.start_node
                assert other is not None
                other_node = store.live_node(other)
                if spec.node_filter is not None and (other_node is None or not spec.node_filter(other_node)):
                    continue
                if spec.limit_each is not None and taken >= spec.limit_each:
                    break
                taken += 1
                seen.add(edge.key)
                found.append(edge)
                stop = spec.termination_filter
                if stop is not None and other_node is not None and stop(other_node):
                    continue
                if other not in visited:
                    visited.add(other)
                    next_frontier.append(other)
        frontier = next_frontier
    return found


def _page(
    store: InstanceStore,
    request: Request,
    spec: ResultSet,
    pages: dict[str, Page],
    state: dict[str, Any] | None,
    parent_token: str | None,
) -> tuple[Page, dict[str, Any] | None]:
    """One page of ``spec`` and the cursor state of the next one (None when this is the last)."""
    path = f"cursors.{spec.name}"
    limit = spec.limit
    if spec.parent is None:
        if spec.sort:
            ordered = store.sorted_matches(("query", spec.sig), spec.kind, spec.filter, spec.sort)
            start = 0 if state is None else spec.sort.start_after(ordered, keyset_of(state.get("k"), path))
            page = ordered[start : start + limit]
            more = start + limit < len(ordered)
            return page, ({"k": list(spec.sort.keyset(page[-1]))} if more else None)
        position = 0 if state is None else state.get("p")
        if not isinstance(position, int) or position < 0:
            raise bad(path, "invalid cursor")
        page, resume = store.scan_page(spec.kind, spec.filter, position, limit)
        return page, (None if resume is None else {"p": resume})
    parent, parent_spec = pages[spec.parent], request.sets[spec.parent]
    by_sort = bool(spec.sort) and (spec.kind == "node" or spec.max_distance == 1)

    def compute() -> Page:
        if spec.kind == "node":
            found = derive_nodes(store, spec, parent, parent_spec)
            if spec.filter is not None:
                found = [r for r in found if spec.filter(r)]
        else:
            found = traverse(store, spec, parent, parent_spec)
        if by_sort:
            spec.sort.sort(found)
        return found

    # the same parent page yields the same set: compute it once for all of its pages
    found = store.memo(("derived", spec.sig, parent_token), compute)
    if by_sort:
        start = 0 if state is None else spec.sort.start_after(found, keyset_of(state.get("k"), path))
        page = found[start : start + limit]
        more = start + limit < len(found)
        return page, ({"k": list(spec.sort.keyset(page[-1]))} if more else None)
    offset = 0 if state is None else state.get("n")
    if not isinstance(offset, int) or offset < 0:
        raise bad(path, "invalid cursor")
    page = found[offset : offset + limit]
    if spec.sort:  # a recursive traversal: the edges discovered for this page, then sorted (as in CDF)
        spec.sort.sort(page)
    more = offset + limit < len(found)
    return page, ({"n": offset + limit} if more else None)


def run_query(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:
    request = parse_request(store.compiler, body, sync=False)
    pages: dict[str, Page] = {}
    tokens: dict[str, str] = {}
    next_cursors: dict[str, str | None] = {}
    for name in request.order:
        spec = request.sets[name]
        parent_token = tokens.get(spec.parent) if spec.parent is not None else None
        cursor = request.cursors.get(name)
        state = None
        if cursor is not None:
            state = decode_cursor(cursor, f"cursors.{name}", spec.sig)
            if state.get("t") != parent_token:
                raise bad(
                    f"cursors.{name}",
                    f"the cursor was issued for another page of result set {spec.parent!r}; page a dependent "
                    "set with its parent's cursor unchanged",
                )
        page, next_state = _page(store, request, spec, pages, state, parent_token)
        if spec.post_sort:
            page = list(page)
            spec.post_sort.sort(page)
        pages[name] = page
        tokens[name] = signature(spec.sig, parent_token, cursor)
        if next_state is None:
            next_cursors[name] = None
        else:
            if parent_token is not None:
                next_state["t"] = parent_token
            next_cursors[name] = encode_cursor(spec.sig, next_state)
    return render_sets(request, pages, next_cursors, body)


def render_sets(
    request: Request, pages: dict[str, Page], next_cursors: dict[str, str | None], body: dict[str, Any]
) -> dict[str, Any]:
    """The response: items of the selected sets, every set's next cursor, typing when asked for."""
    fc = request.fc
    items: dict[str, list[dict[str, Any]]] = {}
    typing: dict[str, Any] = {}
    for name, selected in request.select.items():
        chosen = selected.sources
        page = pages[name]
        if selected.sort:
            page = list(page)
            selected.sort.sort(page)
        if selected.limit is not None:
            page = page[: selected.limit]
        render = _render.renderer(fc, chosen)
        items[name] = [render(r) for r in page]
        typing[name] = _render.typing(chosen)
    out: dict[str, Any] = {"items": items, "nextCursor": next_cursors}
    if body.get("includeTyping"):
        out["typing"] = typing
    return out
