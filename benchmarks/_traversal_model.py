"""The query-builder benchmark's data model and data: roots → 10 children each (edges) → 5 links each (edges).

``Root.children`` and ``Child.links`` are edge connections (the predecessor cannot page past a reverse
direct relation that has hops after it, so the comparison uses edges for both hops). Leaves are shared: link
``e`` of child ``c`` of root ``r`` points at leaf ``((r * 10 + c) * 5 + e) % LEAVES``.
"""

from __future__ import annotations

from typing import Any

SPACE = "bench_model"
INSTANCES = "bench"
LEAVES = 1000
CHILDREN = 10
LINKS = 5


def _mapped(container: str, identifier: str, kind: dict[str, Any]) -> dict[str, Any]:
    return {
        "container": {"space": SPACE, "externalId": container, "type": "container"},
        "containerPropertyIdentifier": identifier,
        "type": kind,
        "nullable": True,
        "immutable": False,
        "autoIncrement": False,
        "name": identifier,
    }


def _view_ref(xid: str) -> dict[str, str]:
    return {"space": SPACE, "externalId": xid, "version": "1", "type": "view"}


def _edges(name: str, edge_type: str, target: str) -> dict[str, Any]:
    return {
        "connectionType": "multi_edge_connection",
        "type": {"space": SPACE, "externalId": edge_type},
        "source": _view_ref(target),
        "direction": "outwards",
        "name": name,
    }


def _view(xid: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "space": SPACE,
        "externalId": xid,
        "version": "1",
        "name": xid,
        "implements": [],
        "writable": True,
        "usedFor": "node",
        "isGlobal": False,
        "createdTime": 1,
        "lastUpdatedTime": 1,
        "filter": {"hasData": [{"type": "container", "space": SPACE, "externalId": xid}]},
        "properties": properties,
    }


def data_model() -> dict[str, Any]:
    """The DMS data model (inline views; the emulator infers the containers)."""
    text = {"type": "text", "list": False, "collation": "ucs_basic"}
    root = {"name": _mapped("Root", "name", text), "children": _edges("children", "Root.children", "Child")}
    child = {"name": _mapped("Child", "name", text), "links": _edges("links", "Child.links", "Leaf")}
    return {
        "space": SPACE,
        "externalId": "Hierarchy",
        "version": "1",
        "name": "Hierarchy",
        "isGlobal": False,
        "createdTime": 1,
        "lastUpdatedTime": 1,
        "views": [
            _view("Root", root),
            _view("Child", child),
            _view(
                "Leaf",
                {
                    "name": _mapped("Leaf", "name", text),
                    "weight": _mapped("Leaf", "weight", {"type": "float64", "list": False}),
                },
            ),
        ],
    }


def _node(xid: str, view: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "instanceType": "node",
        "space": INSTANCES,
        "externalId": xid,
        "version": 1,
        "createdTime": 1700000000000,
        "lastUpdatedTime": 1700000000000,
        "properties": {SPACE: {f"{view}/1": properties}},
    }


def _edge(xid: str, edge_type: str, start: str, end: str) -> dict[str, Any]:
    return {
        "instanceType": "edge",
        "space": INSTANCES,
        "externalId": xid,
        "version": 1,
        "createdTime": 1700000000000,
        "lastUpdatedTime": 1700000000000,
        "type": {"space": SPACE, "externalId": edge_type},
        "startNode": {"space": INSTANCES, "externalId": start},
        "endNode": {"space": INSTANCES, "externalId": end},
    }


def instances(roots: int, bare_roots: int = 0) -> list[dict[str, Any]]:
    """``roots`` roots with their children, links and the leaves (read form, for ``emu.instances.seed``), and
    ``bare_roots`` more roots without children (``x…``)."""
    items = [_node(f"leaf{n:04d}", "Leaf", {"name": f"leaf {n}", "weight": n / 7}) for n in range(LEAVES)]
    for r in range(roots):
        root = f"r{r:06d}"
        items.append(_node(root, "Root", {"name": f"root {r}"}))
        for c in range(CHILDREN):
            child = f"{root}c{c}"
            items.append(_node(child, "Child", {"name": f"child {r}.{c}"}))
            items.append(_edge(f"{root}k{c}", "Root.children", root, child))
            for e in range(LINKS):
                leaf = f"leaf{((r * CHILDREN + c) * LINKS + e) % LEAVES:04d}"
                items.append(_edge(f"{child}l{e}", "Child.links", child, leaf))
    items += [_node(f"x{n:06d}", "Root", {"name": f"bare {n}"}) for n in range(bare_roots)]
    return items
