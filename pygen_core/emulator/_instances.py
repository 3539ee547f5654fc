"""The emulator's instance store: SQLite for durability, an in-memory index for reads."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from ._aggregate import run_aggregate
from ._apply import Applier, identity, items_of
from ._filters import FilterCompiler, Predicate
from ._instance_model import Instance, Key, Resolver, Source, key_ref
from ._paging import decode_cursor, encode_cursor, kind_of, limit_of, signature
from ._protocols import SchemaLookup
from ._query import run_query, run_sync
from ._search import run_search
from ._values import bad, check_value

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dms_instances (
    kind TEXT NOT NULL,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    ord INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, space, external_id)
)
"""
_KINDS = ("node", "edge")

SourceSelection = list[tuple[Source, "frozenset[str] | None"]]
_Records = list[Instance]
_Keys = list[Key]
_Dicts = list[dict[str, Any]]


def _body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("body", "expected a JSON object")
    return body


class InstanceStore:
    """Nodes and edges with CDF semantics; every public method takes and returns DMS JSON bodies."""

    delete_echoes_missing = False
    """Whether ``delete`` echoes ids that did not exist (CDF's behaviour here is not pinned down)."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, schema: SchemaLookup) -> None:
        self._conn = conn
        self._lock = lock
        self._schema = schema
        self._items: dict[str, dict[Key, Instance]] = {kind: {} for kind in _KINDS}
        self._order: dict[str, _Keys] = {kind: [] for kind in _KINDS}
        self._edges_from: dict[Key, set[Key]] = {}
        self._edges_to: dict[Key, set[Key]] = {}
        self._auto: dict[tuple[Key, str], int] = {}
        self._seq = 0
        self._next_order = 0
        self.generation = 0
        self._sorted: OrderedDict[tuple[str, int], _Keys] = OrderedDict()
        self.write_hooks: list[Callable[[_Records], _Records]] = []
        """Called (lock held) with the records about to be written; each returns them plus derived writes."""
        self.commit_listeners: list[Callable[[_Records], None]] = []
        """Called (lock held) with the records just written."""
        with lock:
            conn.execute(_SCHEMA)
            conn.commit()
            rows = conn.execute(
                "SELECT kind, space, external_id, ord, seq, doc FROM dms_instances ORDER BY ord"
            )
            for row in rows:
                try:
                    record = Instance.from_row(tuple(row))
                except (ValueError, KeyError, TypeError, IndexError) as exc:
                    raise sqlite3.DatabaseError(
                        f"dms_instances row {row[0]} {row[1]}:{row[2]} is corrupt ({exc.__class__.__name__})"
                    ) from None
                self._remember(record)

    # -- state ------------------------------------------------------------------------------------
    def _remember(self, record: Instance) -> None:
        table = self._items[record.kind]
        old = table.get(record.key)
        if old is None:
            self._order[record.kind].append(record.key)
        elif record.kind == "edge":
            self._unlink(old)
        table[record.key] = record
        if record.kind == "edge":
            assert record.start_node is not None
            assert record.end_node is not None
            self._edges_from.setdefault(record.start_node, set()).add(record.key)
            self._edges_to.setdefault(record.end_node, set()).add(record.key)
        self._seq = max(self._seq, record.seq)
        self._next_order = max(self._next_order, record.order + 1)
        for container, values in record.data.items():
            for ident, value in values.items():
                counter = (container, ident)
                if counter in self._auto and isinstance(value, int):
                    self._auto[counter] = max(self._auto[counter], value)

    def _unlink(self, edge: Instance) -> None:
        if edge.start_node is not None:
            self._edges_from.get(edge.start_node, set()).discard(edge.key)
        if edge.end_node is not None:
            self._edges_to.get(edge.end_node, set()).discard(edge.key)

    def _commit(self, records: _Records) -> None:
        """Write to SQLite (one transaction), then to memory; caller holds the lock."""
        for hook in self.write_hooks:
            records = hook(records)
        if not records:
            return
        for record in records:
            self._seq += 1
            record.seq = self._seq
            old = self._items[record.kind].get(record.key)
            if old is not None:
                record.order = old.order
            else:
                record.order = self._next_order
                self._next_order += 1
        self._conn.execute("SAVEPOINT pygen_instances")
        try:
            self._conn.executemany(
                "INSERT OR REPLACE INTO dms_instances (kind, space, external_id, ord, seq, doc)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [r.to_row() for r in records],
            )
        except BaseException:
            self._conn.execute("ROLLBACK TO pygen_instances")
            self._conn.execute("RELEASE pygen_instances")
            raise
        self._conn.execute("RELEASE pygen_instances")
        if self._conn.in_transaction:
            self._conn.commit()
        for record in records:
            self._remember(record)
        self.generation += 1
        self._sorted.clear()
        for listener in self.commit_listeners:
            listener(records)

    def live(self, kind: str, key: Key) -> Instance | None:
        """The instance unless it is missing or deleted."""
        found = self._items[kind].get(key)
        return found if found is not None and found.deleted_time is None else None

    def any_state(self, kind: str, key: Key) -> Instance | None:
        return self._items[kind].get(key)

    def live_node(self, key: Key) -> Instance | None:
        return self.live("node", key)

    def scan(self, kind: str, start: int = 0) -> Iterator[tuple[int, Instance]]:
        """``(position, instance)`` of live instances in creation order from ``start``."""
        order, table = self._order[kind], self._items[kind]
        for position in range(start, len(order)):
            record = table[order[position]]
            if record.deleted_time is None:
                yield position, record

    def all_records(self, kind: str) -> _Records:
        """Every record incl. deleted ones, in creation order."""
        table = self._items[kind]
        return [table[k] for k in self._order[kind]]

    def edges_at(self, node: Key, outwards: bool) -> _Records:
        """Live edges starting (outwards) or ending (inwards) at ``node``, in creation order."""
        keys = (self._edges_from if outwards else self._edges_to).get(node, set())
        found = [e for k in keys if (e := self.live("edge", k)) is not None]
        found.sort(key=lambda e: e.order)
        return found

    def _next_auto(self, container: Key, ident: str) -> int:
        counter = (container, ident)
        if counter not in self._auto:
            values = [
                v
                for table in self._items.values()
                for record in table.values()
                if isinstance(v := record.data.get(container, {}).get(ident), int)
            ]
            self._auto[counter] = max(values, default=0)
        self._auto[counter] += 1
        return self._auto[counter]

    def compiler(self, parameters: dict[str, Any] | None = None) -> FilterCompiler:
        return FilterCompiler(Resolver(self._schema), self.live_node, parameters)

    # -- rendering --------------------------------------------------------------------------------
    def selection(
        self, fc: FilterCompiler, sources: Any, path: str, allow_properties: bool
    ) -> SourceSelection:
        """``[{"source": ref, "properties"?: [...]}]`` → sources with an optional property restriction."""
        if sources is None:
            return []
        if not isinstance(sources, list):
            raise bad(path, "expected a list")
        selected: SourceSelection = []
        for n, entry in enumerate(sources):
            if not isinstance(entry, dict):
                raise bad(f"{path}[{n}]", "expected an object with 'source'")
            source = fc.resolver.source(entry.get("source"), f"{path}[{n}].source")
            wanted = entry.get("properties")
            if wanted is None or not allow_properties or "*" in wanted:
                selected.append((source, None))
                continue
            if not isinstance(wanted, list):
                raise bad(f"{path}[{n}].properties", "expected a list of property names")
            for name in wanted:
                if name not in source.props:
                    raise bad(
                        f"{path}[{n}].properties",
                        f"{source.space}:{source.prop_key} has no property {name!r}",
                    )
            selected.append((source, frozenset(wanted)))
        return selected

    def renderer(
        self, fc: FilterCompiler, selection: SourceSelection
    ) -> Callable[[Instance], dict[str, Any]]:
        """A function turning records into read-form JSON with properties of the selected sources."""
        # Per source: space, key, kinds served, containers, hasData check, fields grouped by container
        plans = []
        for source, wanted in selection:
            by_container: dict[Key, list[tuple[str, str]]] = {}
            for name, p in sorted(source.props.items()):
                if wanted is None or name in wanted:
                    by_container.setdefault(p.container, []).append((name, p.identifier))
            kinds = frozenset(k for k in _KINDS if source.allows(k))
            plans.append(
                (
                    source.space,
                    source.prop_key,
                    kinds,
                    frozenset(source.containers),
                    fc.has_data(source),
                    list(by_container.items()),
                )
            )

        def render(record: Instance) -> dict[str, Any]:
            out: dict[str, Any] = {
                "instanceType": record.kind,
                "space": record.space,
                "externalId": record.external_id,
                "version": record.version,
                "createdTime": record.created_time,
                "lastUpdatedTime": record.last_updated_time,
            }
            if record.type is not None:
                out["type"] = key_ref(record.type)
            if record.kind == "edge":
                assert record.start_node is not None
                assert record.end_node is not None
                out["startNode"] = key_ref(record.start_node)
                out["endNode"] = key_ref(record.end_node)
            properties: dict[str, dict[str, Any]] = {}
            data = record.data
            for space, prop_key, kinds, containers, has_data, groups in plans:
                if record.kind not in kinds:
                    continue
                if containers.isdisjoint(data) and not has_data(record):
                    continue
                values = {}
                for container, fields in groups:
                    stored = data.get(container)
                    if stored is None:
                        continue
                    for name, ident in fields:
                        value = stored.get(ident)
                        if value is not None:
                            values[name] = value
                if space in properties:
                    properties[space][prop_key] = values
                else:
                    properties[space] = {prop_key: values}
            out["properties"] = properties
            if record.deleted_time is not None:
                out["deletedTime"] = record.deleted_time
            return out

        return render

    @staticmethod
    def typing(selection: SourceSelection) -> dict[str, Any]:
        """The ``typing`` section for the selected sources."""
        typing: dict[str, Any] = {}
        for source, wanted in selection:
            props = {n: p.typing for n, p in sorted(source.props.items()) if wanted is None or n in wanted}
            typing.setdefault(source.space, {})[source.prop_key] = props
        return typing

    # -- endpoints --------------------------------------------------------------------------------
    def apply(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances``: atomic upsert of nodes and edges."""
        with self._lock:
            now = int(time.time() * 1000)
            applier = Applier(Resolver(self._schema), self.live, self.any_state, self._next_auto, now)
            plan = applier.plan(_body(body))
            self._commit(plan.writes)
            return {"items": plan.results}

    def delete(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/delete``: soft delete; deleting a node also deletes its edges."""
        with self._lock:
            items = items_of(_body(body))
            now = int(time.time() * 1000)
            doomed: dict[tuple[str, Key], Instance] = {}
            echoed: _Dicts = []
            for n, item in enumerate(items):
                kind, key = identity(item, f"items[{n}]")
                record = self.live(kind, key)
                if record is not None or self.delete_echoes_missing:
                    echoed.append({"instanceType": kind, **key_ref(key)})
                if record is None:
                    continue
                doomed[(kind, key)] = record
                if kind == "node":
                    for outwards in (True, False):
                        for edge in self.edges_at(key, outwards):
                            doomed[("edge", edge.key)] = edge
            self._commit([_deleted(record, now) for record in doomed.values()])
            return {"items": echoed}

    def byids(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/byids``: found instances in request order; missing ids are absent."""
        with self._lock:
            body = _body(body)
            items = items_of(body)
            fc = self.compiler()
            selection = self.selection(fc, body.get("sources"), "sources", allow_properties=False)
            render = self.renderer(fc, selection)
            found = []
            for n, item in enumerate(items):
                if isinstance(item, dict) and "instanceType" not in item:
                    item = {"instanceType": "node", **item}
                kind, key = identity(item, f"items[{n}]")
                record = self.live(kind, key)
                if record is not None:
                    found.append(render(record))
            out: dict[str, Any] = {"items": found}
            if body.get("includeTyping"):
                out["typing"] = self.typing(selection)
            return out

    def list(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/list``: filter, sort, page with an opaque cursor (O(page) unsorted)."""
        with self._lock:
            body = _body(body)
            kind = kind_of(body)
            limit = limit_of(body, 1000, 1000)
            fc = self.compiler()
            selection = self.selection(fc, body.get("sources"), "sources", allow_properties=False)
            pred = fc.compile(body["filter"], "filter") if body.get("filter") is not None else None
            sort = body.get("sort")
            sig = signature(kind, body.get("filter"), sort)
            start = 0
            if body.get("cursor") is not None:
                state = decode_cursor(body["cursor"], "cursor")
                if state.get("s") != sig or not isinstance(state.get("p"), int):
                    raise bad("cursor", "the cursor belongs to a different list request")
                start = state["p"]
            if sort:
                page, next_position = self._sorted_page(
                    kind, sig, pred, fc.sorter(sort, "sort"), start, limit
                )
            else:
                page, next_position = self._scan_page(kind, pred, start, limit)
            render = self.renderer(fc, selection)
            out: dict[str, Any] = {"items": [render(r) for r in page]}
            out["nextCursor"] = (
                None if next_position is None else encode_cursor({"s": sig, "p": next_position})
            )
            if body.get("includeTyping"):
                out["typing"] = self.typing(selection)
            return out

    def _scan_page(
        self, kind: str, pred: Predicate | None, start: int, limit: int
    ) -> tuple[_Records, int | None]:
        page: _Records = []
        for position, record in self.scan(kind, start):
            if pred is not None and not pred(record):
                continue
            if len(page) == limit:
                return page, position
            page.append(record)
        return page, None

    def _sorted_page(
        self,
        kind: str,
        sig: str,
        pred: Predicate | None,
        sort: Callable[[_Records], None],
        start: int,
        limit: int,
    ) -> tuple[_Records, int | None]:
        cache_key = (sig, self.generation)
        keys = self._sorted.get(cache_key)
        if keys is None:
            matched = [r for _, r in self.scan(kind) if pred is None or pred(r)]
            sort(matched)
            keys = [r.key for r in matched]
            self._sorted[cache_key] = keys
            while len(self._sorted) > 8:
                self._sorted.popitem(last=False)
        table = self._items[kind]
        page = [table[k] for k in keys[start : start + limit]]
        return page, (start + limit if start + limit < len(keys) else None)

    def search(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/search``."""
        with self._lock:
            return run_search(self, _body(body))

    def aggregate(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/aggregate``."""
        with self._lock:
            return run_aggregate(self, _body(body))

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/query``."""
        with self._lock:
            return run_query(self, _body(body))

    def sync(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/sync``."""
        with self._lock:
            return run_sync(self, _body(body))

    def seed(self, items: _Dicts) -> None:
        """Load read-form instances (properties keyed by view or container), keeping versions and times.

        Instances the store already holds (also deleted ones) are left alone, so re-seeding a persistent
        database on restart does not undo later writes.
        """
        with self._lock:
            resolver = Resolver(self._schema)
            records = [self._seed_record(resolver, item, f"seed[{n}]") for n, item in enumerate(items)]
            fresh = {(r.kind, r.key): r for r in records if self.any_state(r.kind, r.key) is None}
            self._commit(list(fresh.values()))

    def _seed_record(self, resolver: Resolver, item: Any, path: str) -> Instance:
        kind, key = identity(item, path)
        data: dict[Key, dict[str, Any]] = {}
        for space, by_source in (item.get("properties") or {}).items():
            for source_key, values in by_source.items():
                here = f"{path}.properties.{space}.{source_key}"
                if "/" in source_key:
                    source = resolver.view_by_key(space, source_key, here)
                else:
                    source = resolver.container(space, source_key, here)
                for container in source.containers:
                    data.setdefault(container, {})
                for name, value in values.items():
                    prop = source.props.get(name)
                    if prop is None:
                        raise bad(f"{here}.{name}", "unknown property")
                    if value is not None:
                        data[prop.container][prop.identifier] = check_value(
                            value, prop.type, f"{here}.{name}"
                        )

        def opt(name: str) -> Key | None:
            ref = item.get(name)
            return None if ref is None else (ref["space"], ref["externalId"])

        now = int(time.time() * 1000)
        return Instance(
            kind=kind,
            space=key[0],
            external_id=key[1],
            version=int(item.get("version", 1)),
            created_time=int(item.get("createdTime", now)),
            last_updated_time=int(item.get("lastUpdatedTime", now)),
            type=opt("type"),
            start_node=opt("startNode"),
            end_node=opt("endNode"),
            data=data,
        )


def _deleted(record: Instance, now: int) -> Instance:
    return Instance(
        kind=record.kind,
        space=record.space,
        external_id=record.external_id,
        version=record.version + 1,
        created_time=record.created_time,
        last_updated_time=now,
        type=record.type,
        start_node=record.start_node,
        end_node=record.end_node,
        data=record.data,
        deleted_time=now,
    )


__all__ = ["InstanceStore"]
