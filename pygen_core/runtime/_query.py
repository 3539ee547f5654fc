"""Load a page's connections (direct, reverse direct, edges) with one ``/models/instances/query`` call."""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from pydantic import ValidationError

from ._connections import (
    DirectRelation,
    EdgeConnection,
    ReverseDirectRelation,
    edge_read_class,
    read_class,
)
from ._errors import CDFError
from ._ids import NodeId
from ._instances import describe_invalid

if TYPE_CHECKING:
    from ._api import _ViewAPI

_CHILD_LIMIT = 10_000
_BATCH = 1000  # CDF: values in one ``in`` filter
_MAX_SETS = 50  # CDF: result-set expressions in one query
_MAX_ROUNDS = 1000
_Key = tuple[str, str]


def _key(item: dict[str, Any]) -> _Key:
    return (item["space"], item["externalId"])


def _ref_key(ref: Any) -> _Key | None:
    if not isinstance(ref, dict):
        return None
    fields = cast("dict[str, Any]", ref)
    if isinstance(fields.get("space"), str) and isinstance(
        fields.get("externalId"), str
    ):
        return (fields["space"], fields["externalId"])
    return None


def _ids_filter(keys: list[_Key]) -> dict[str, Any]:
    by_space: dict[str, list[str]] = defaultdict(list)
    for space, xid in keys:
        by_space[space].append(xid)
    parts = [
        {
            "and": [
                {"equals": {"property": ["node", "space"], "value": space}},
                {"in": {"property": ["node", "externalId"], "values": xids}},
            ]
        }
        for space, xids in sorted(by_space.items())
    ]
    return parts[0] if len(parts) == 1 else {"or": parts}


def _props(item: dict[str, Any], space: str, key: str) -> dict[str, Any]:
    found: dict[str, Any] = item.get("properties", {}).get(space, {}).get(key, {})
    return found


def _under(name: str, parents: dict[str, str], paging: set[str]) -> bool:
    """Whether an ancestor of result set ``name`` is itself being paged (then ``name`` restarts)."""
    parent = parents.get(name)
    while parent is not None:
        if parent in paging:
            return True
        parent = parents.get(parent)
    return False


def _run(
    api: _ViewAPI[Any, Any], with_: dict[str, Any], select: dict[str, Any]
) -> dict[str, list[Any]]:
    """Run the query, following every child result set's cursor (and re-reading its dependents) to the end."""
    children: dict[str, list[str]] = defaultdict(list)
    for name, expr in with_.items():
        parent: Any = (
            next(iter(cast("dict[str, Any]", expr).values())).get("from")
            if isinstance(expr, dict)
            else None
        )
        if parent is not None:
            children[parent].append(name)
    parents = {child: parent for parent, kids in children.items() for child in kids}
    collected: dict[str, dict[tuple[str, str, str], Any]] = {
        name: {} for name in select
    }
    cursors: dict[str, str] = {}
    wanted: set[str] = set(select)
    for _ in range(_MAX_ROUNDS):
        body: dict[str, Any] = {"with": with_, "select": select}
        if cursors:
            body["cursors"] = cursors
        response = api._http.post("/models/instances/query", body)
        items = response.get("items", {})
        for name in wanted:
            for item in items.get(name, []):
                key = (
                    item.get("instanceType", ""),
                    item.get("space", ""),
                    item.get("externalId", ""),
                )
                collected[name].setdefault(key, item)
        next_cursors: dict[str, Any] = response.get("nextCursor") or {}
        cursors = {
            n: c for n, c in next_cursors.items() if c and n != "root" and n in wanted
        }
        paging = set(cursors)
        cursors = {n: c for n, c in cursors.items() if not _under(n, parents, paging)}
        if not cursors:
            return {name: list(found.values()) for name, found in collected.items()}
        wanted = set()
        stack = list(cursors)
        while stack:
            name = stack.pop()
            if name in select and name not in wanted:
                wanted.add(name)
                stack.extend(children.get(name, []))
    raise CDFError(f"query for connections of {api._view.view_id}: too many pages")


def load_connections(
    api: _ViewAPI[Any, Any], raw: list[dict[str, Any]], mode: str
) -> None:
    """Fill the connection fields of the raw read items in place (python attribute names as keys), in
    batches of at most 1,000 items (an ``in`` filter's limit)."""
    for start in range(0, len(raw), _BATCH):
        _load_batch(api, raw[start : start + _BATCH], mode)


def _load_batch(api: _ViewAPI[Any, Any], raw: list[dict[str, Any]], mode: str) -> None:
    owner = api._read_class
    connections = owner._view.connections
    if not connections:
        return
    view = api._view.view_id
    full = mode == "full"
    keys = list(dict.fromkeys(_key(item) for item in raw))
    with_: dict[str, Any] = {
        "root": {"nodes": {"filter": _ids_filter(keys)}, "limit": len(keys)}
    }
    select: dict[str, Any] = {}
    plan: list[tuple[str, Any, str]] = []
    for index, (name, conn) in enumerate(sorted(connections.items())):
        set_name = f"c{index}"
        if isinstance(conn, DirectRelation):
            if not full or conn.target is None:
                continue
            target = read_class(owner, conn.target)
            through = {"source": view.dump(), "identifier": conn.identifier}
            with_[set_name] = {
                "nodes": {"from": "root", "through": through, "direction": "outwards"},
                "limit": _CHILD_LIMIT,
            }
            select[set_name] = {
                "sources": [
                    {"source": target._view.view_id.dump(), "properties": ["*"]}
                ]
            }
        elif isinstance(conn, ReverseDirectRelation):
            sources = [{"source": conn.through_view.dump(), "properties": ["*"]}]
            if full:
                target_view = read_class(owner, conn.target)._view.view_id
                if target_view != conn.through_view:
                    sources.append({"source": target_view.dump(), "properties": ["*"]})
            through = {
                "source": conn.through_view.dump(),
                "identifier": conn.identifier,
            }
            with_[set_name] = {
                "nodes": {"from": "root", "through": through, "direction": "inwards"},
                "limit": _CHILD_LIMIT,
            }
            select[set_name] = {"sources": sources}
        else:
            type_filter = {
                "equals": {"property": ["edge", "type"], "value": conn.edge_type.dump()}
            }
            with_[set_name] = {
                "edges": {
                    "from": "root",
                    "direction": conn.direction,
                    "maxDistance": 1,
                    "filter": type_filter,
                },
                "limit": _CHILD_LIMIT,
            }
            edge_sources = []
            if conn.edge_class is not None:
                edge_view = edge_read_class(owner, conn.edge_class)._view.view_id
                edge_sources = [{"source": edge_view.dump(), "properties": ["*"]}]
            select[set_name] = {"sources": edge_sources} if edge_sources else {}
            if full:
                target = read_class(owner, conn.target)
                with_[f"{set_name}n"] = {
                    "nodes": {"from": set_name},
                    "limit": _CHILD_LIMIT,
                }
                select[f"{set_name}n"] = {
                    "sources": [
                        {"source": target._view.view_id.dump(), "properties": ["*"]}
                    ]
                }
        plan.append((name, conn, set_name))
    results: dict[str, list[Any]] = {}
    for chunk in _chunks(plan, with_):
        sets = [
            s
            for _name, _conn, set_name in chunk
            for s in (set_name, f"{set_name}n")
            if s in with_
        ]
        chunk_select = {s: select[s] for s in sets if s in select}
        if chunk_select:
            results.update(
                _run(
                    api,
                    {"root": with_["root"], **{s: with_[s] for s in sets}},
                    chunk_select,
                )
            )
    for name, conn, set_name in plan:
        if isinstance(conn, DirectRelation):
            _fill_direct(owner, raw, view.space, view.key, conn, results[set_name])
        elif isinstance(conn, ReverseDirectRelation):
            _fill_reverse(owner, raw, name, conn, results[set_name], full)
        else:
            _fill_edges(
                owner,
                raw,
                name,
                conn,
                results[set_name],
                results.get(f"{set_name}n", []),
                full,
            )


def _chunks(
    plan: list[tuple[str, Any, str]], with_: dict[str, Any]
) -> list[list[tuple[str, Any, str]]]:
    """The connections in groups whose result sets, with the root, fit in one query (CDF allows
    ``_MAX_SETS``); a view with many connections takes several queries."""
    chunks: list[list[tuple[str, Any, str]]] = []
    used = _MAX_SETS
    for entry in plan:
        size = sum(1 for s in (entry[2], f"{entry[2]}n") if s in with_)
        if used + size > _MAX_SETS:
            chunks.append([])
            used = 1  # the root set
        chunks[-1].append(entry)
        used += size
    return chunks


def _validated(cls: type[Any], items: list[dict[str, Any]]) -> dict[_Key, Any]:
    view = cls._view.view_id
    out: dict[_Key, Any] = {}
    for item in items:
        if view.key in item.get("properties", {}).get(view.space, {}):
            out[_key(item)] = _one(cls, item)
    return out


def _one(cls: type[Any], item: dict[str, Any]) -> Any:
    try:
        return cls.model_validate(item)
    except ValidationError as error:
        raise CDFError(
            describe_invalid(error, [item], f"connection {cls._view.view_id}")
        ) from None


def _fill_direct(
    owner: type[Any],
    raw: list[dict[str, Any]],
    space: str,
    key: str,
    conn: DirectRelation,
    found: list[Any],
) -> None:
    assert conn.target is not None
    objects = _validated(read_class(owner, conn.target), found)
    for item in raw:
        props = _props(item, space, key)
        value = props.get(conn.identifier)
        if isinstance(value, list):
            props[conn.identifier] = [
                objects.get(_ref_key(v) or ("", ""), v)
                for v in cast("Iterable[Any]", value)
            ]
        elif value is not None:
            props[conn.identifier] = objects.get(_ref_key(value) or ("", ""), value)


def _fill_reverse(
    owner: type[Any],
    raw: list[dict[str, Any]],
    name: str,
    conn: ReverseDirectRelation,
    found: list[dict[str, Any]],
    full: bool,
) -> None:
    objects = _validated(read_class(owner, conn.target), found) if full else {}
    pointing: dict[_Key, list[Any]] = defaultdict(list)
    through = conn.through_view
    for item in found:
        value = _props(item, through.space, through.key).get(conn.identifier)
        refs = cast("Iterable[Any]", value if isinstance(value, list) else [value])
        target = objects.get(_key(item)) or NodeId(*_key(item))
        for ref in refs:
            ref_key = _ref_key(ref)
            if ref_key is not None:
                pointing[ref_key].append(target)
    for item in raw:
        sources = pointing.get(_key(item), [])
        item[name] = (sources[0] if sources else None) if conn.single else sources


def _fill_edges(
    owner: type[Any],
    raw: list[dict[str, Any]],
    name: str,
    conn: EdgeConnection,
    edges: list[dict[str, Any]],
    nodes: list[dict[str, Any]],
    full: bool,
) -> None:
    objects = _validated(read_class(owner, conn.target), nodes) if full else {}
    outwards = conn.direction == "outwards"
    edge_class = (
        edge_read_class(owner, conn.edge_class) if conn.edge_class is not None else None
    )
    by_root: dict[_Key, list[Any]] = defaultdict(list)
    for edge in edges:
        mine = _ref_key(edge.get("startNode" if outwards else "endNode"))
        other_key = _ref_key(edge.get("endNode" if outwards else "startNode"))
        if mine is None or other_key is None:
            continue
        other = objects.get(other_key) or NodeId(*other_key)
        if edge_class is not None:
            edge = dict(edge)
            edge["endNode" if outwards else "startNode"] = other
            by_root[mine].append(_one(edge_class, edge))
        else:
            by_root[mine].append(other)
    for item in raw:
        values = by_root.get(_key(item), [])
        item[name] = (values[0] if values else None) if conn.single else values
