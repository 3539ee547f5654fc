"""Turn (nested) write objects into deduplicated DMS upsert items."""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from ._connections import DirectRelation, EdgeConnection
from ._filters import as_node_id
from ._ids import NodeId
from ._instances import EdgeWrite, NodeWrite, to_json_value

_Key = tuple[str, str, str]


class _Flattener:
    def __init__(self, default_space: str | None) -> None:
        self.default_space = default_space
        self.items: dict[_Key, dict[str, Any]] = {}
        self.origin: dict[_Key, NodeWrite | EdgeWrite] = {}
        self.stack: list[
            tuple[NodeWrite | EdgeWrite, NodeId | None, EdgeConnection | None]
        ] = []

    def ref(self, value: Any, what: str) -> NodeId:
        if isinstance(value, NodeWrite):
            self.stack.append((value, None, None))
            return value.as_id()
        return as_node_id(value, self.default_space, what)

    def run(self, roots: Iterable[NodeWrite | EdgeWrite]) -> list[dict[str, Any]]:
        for root in roots:
            if not isinstance(cast(object, root), (NodeWrite, EdgeWrite)):
                raise TypeError(
                    f"upsert: expected node or edge write objects, got {type(root).__name__}"
                )
            self.stack.append((root, None, None))
            while self.stack:
                obj, owner, conn = self.stack.pop()
                if isinstance(obj, NodeWrite):
                    self.node(obj)
                else:
                    self.edge(obj, owner, conn)
        return list(self.items.values())

    def properties(self, obj: NodeWrite | EdgeWrite, what: str) -> dict[str, Any]:
        props: dict[str, Any] = {}
        names = obj._property_names()
        connections = obj._view.connections
        fields_set = obj.model_fields_set
        for name, identifier in names.items():
            if name not in fields_set:
                continue
            value = getattr(obj, name)
            conn = connections.get(name)
            if isinstance(conn, EdgeConnection):
                continue
            if isinstance(conn, DirectRelation) and value is not None:
                where = f"{what}.{name}"
                if isinstance(value, list):
                    items = cast("Iterable[Any]", value)
                    props[identifier] = [self.ref(item, where).dump() for item in items]
                else:
                    props[identifier] = self.ref(value, where).dump()
            else:
                props[identifier] = to_json_value(value)
        return props

    def seen(self, key: _Key, obj: NodeWrite | EdgeWrite) -> bool:
        """Whether ``key`` is already planned; two different write objects for one id are an error."""
        first = self.origin.get(key)
        if first is None:
            self.origin[key] = obj
            return False
        if first is not obj and first != obj:
            raise ValueError(
                f"upsert: {key[0]} {key[1]}:{key[2]} is given twice with different content; pass it once"
            )
        return True

    def node(self, obj: NodeWrite) -> None:
        key = ("node", obj.space, obj.external_id)
        if self.seen(key, obj):
            return
        what = f"node {obj.space}:{obj.external_id}"
        item: dict[str, Any] = {
            "instanceType": "node",
            "space": obj.space,
            "externalId": obj.external_id,
        }
        if obj.node_type is not None:
            item["type"] = obj.node_type.dump()
        if obj.existing_version is not None:
            item["existingVersion"] = obj.existing_version
        self.items[key] = item
        item["sources"] = [
            {
                "source": obj._view.view_id.dump(),
                "properties": self.properties(obj, what),
            }
        ]
        me = obj.as_id()
        for name, conn in obj._view.connections.items():
            if not isinstance(conn, EdgeConnection) or name not in obj.model_fields_set:
                continue
            value = getattr(obj, name)
            others = cast(
                "Iterable[Any]",
                value
                if isinstance(value, list)
                else [value]
                if value is not None
                else [],
            )
            for other in others:
                if isinstance(other, EdgeWrite):
                    self.stack.append((other, me, conn))
                else:
                    self.plain_edge(
                        me, conn, self.ref(other, f"{what}.{name}"), obj.space
                    )

    def plain_edge(
        self, me: NodeId, conn: EdgeConnection, other: NodeId, space: str
    ) -> None:
        start, end = (me, other) if conn.direction == "outwards" else (other, me)
        xid = f"{start.external_id}:{conn.edge_type.external_id}:{end.external_id}"
        key = ("edge", space, xid)
        if key not in self.items:
            self.items[key] = {
                "instanceType": "edge",
                "space": space,
                "externalId": xid,
                "type": conn.edge_type.dump(),
                "startNode": start.dump(),
                "endNode": end.dump(),
            }

    def edge(
        self, obj: EdgeWrite, owner: NodeId | None, conn: EdgeConnection | None
    ) -> None:
        edge_type = obj.edge_type or (conn.edge_type if conn else None)
        start_raw, end_raw = obj.start_node, obj.end_node
        if owner is not None and conn is not None:
            if conn.direction == "outwards":
                start_raw = start_raw if start_raw is not None else owner
            else:
                end_raw = end_raw if end_raw is not None else owner
        label = obj.external_id or "<new edge>"
        if edge_type is None or start_raw is None or end_raw is None:
            raise ValueError(
                f"edge {label}: edge_type, start_node and end_node must all be set"
            )
        start = self.ref(start_raw, f"edge {label}.start_node")
        end = self.ref(end_raw, f"edge {label}.end_node")
        space = obj.space or (owner.space if owner is not None else None) or start.space
        xid = (
            obj.external_id
            or f"{start.external_id}:{edge_type.external_id}:{end.external_id}"
        )
        key = ("edge", space, xid)
        if self.seen(key, obj):
            return
        item: dict[str, Any] = {
            "instanceType": "edge",
            "space": space,
            "externalId": xid,
            "type": edge_type.dump(),
            "startNode": start.dump(),
            "endNode": end.dump(),
        }
        if obj.existing_version is not None:
            item["existingVersion"] = obj.existing_version
        self.items[key] = item
        item["sources"] = [
            {
                "source": obj._view.view_id.dump(),
                "properties": self.properties(obj, f"edge {xid}"),
            }
        ]


def flatten(
    items: Iterable[NodeWrite | EdgeWrite], default_space: str | None
) -> list[dict[str, Any]]:
    """Every node and edge reachable from ``items`` as upsert items, each once.

    The same object (or an equal one) may be reached several times; two different objects with one id raise.
    """
    return _Flattener(default_space).run(items)
