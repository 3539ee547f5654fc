"""The emulator's instance store: SQLite for durability, in-memory indexes for reads."""

from __future__ import annotations

import bisect
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from . import _render
from ._aggregate import run_aggregate
from ._apply import Applier, identity, items_of
from ._errors import DMSError
from ._filters import FilterCompiler, Predicate
from ._instance_model import Instance, Key, Resolver, key_ref
from ._limits import LIST_DEFAULT, LIST_MAX, SYNC_CURSOR_TTL_MS
from ._paging import check_fields, decode_cursor, encode_cursor, kind_of, limit_of, signature
from ._protocols import SchemaLookup
from ._query import run_query
from ._search import run_search
from ._seed import seed_record
from ._sorting import Sorter, keyset_of, parse_sort
from ._sync import run_sync
from ._validate import RESERVED_SPACES
from ._values import bad

logger = logging.getLogger("pygen_core.emulator")

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
_LIST_FIELDS = frozenset(
    {"instanceType", "limit", "cursor", "sources", "filter", "sort", "includeTyping", "debug"}
)
_BYIDS_FIELDS = frozenset({"items", "sources", "includeTyping"})

_Records = list[Instance]
_Keys = list[Key]
_Dicts = list[dict[str, Any]]
RefKey = tuple[Key, str, Key]
"""``(container, property identifier, target node)`` of a direct relation value."""


def _body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad("body", "expected a JSON object")
    return body


def _refs_of(record: Instance) -> Iterator[RefKey]:
    for container, values in record.data.items():
        for ident, value in values.items():
            if isinstance(value, dict):
                if isinstance(value.get("space"), str) and isinstance(value.get("externalId"), str):
                    yield (container, ident, (value["space"], value["externalId"]))
            elif isinstance(value, list):
                for v in value:
                    if (
                        isinstance(v, dict)
                        and isinstance(v.get("space"), str)
                        and isinstance(v.get("externalId"), str)
                    ):
                        yield (container, ident, (v["space"], v["externalId"]))


class InstanceStore:
    """Nodes and edges with CDF semantics; every public method takes and returns DMS JSON bodies."""

    delete_echoes_missing = False
    """Whether ``delete`` echoes ids that did not exist (CDF's behaviour here is not pinned down)."""
    strict_spaces = False
    """Writes into a space that does not exist: ``True`` → 400 (as CDF), ``False`` → the space is created."""
    sync_cursor_ttl_ms = SYNC_CURSOR_TTL_MS
    """Age after which a sync cursor is refused (unless the request accepts expired cursors)."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock, schema: SchemaLookup) -> None:
        self._conn = conn
        self._lock = lock
        self._schema = schema
        self._items: dict[str, dict[Key, Instance]] = {kind: {} for kind in _KINDS}
        self._order: dict[str, _Keys] = {kind: [] for kind in _KINDS}
        self._by_seq: dict[str, list[tuple[int, Key]]] = {kind: [] for kind in _KINDS}
        self._edges_from: dict[Key, set[Key]] = {}
        self._edges_to: dict[Key, set[Key]] = {}
        self._referrers: dict[RefKey, set[Key]] = {}
        self._auto: dict[tuple[Key, str], int] = {}
        self._seq = 0
        self._next_order = 0
        self.generation = 0
        self._sorted: OrderedDict[tuple[Any, ...], _Records] = OrderedDict()
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
            for entries in self._by_seq.values():
                entries.sort()

    # -- state ------------------------------------------------------------------------------------
    def _remember(self, record: Instance) -> None:
        table = self._items[record.kind]
        old = table.get(record.key)
        if old is None:
            self._order[record.kind].append(record.key)
        elif record.kind == "edge":
            self._unlink(old)
        else:
            for ref in _refs_of(old):
                self._referrers.get(ref, set()).discard(old.key)
        table[record.key] = record
        self._by_seq[record.kind].append((record.seq, record.key))
        if record.kind == "edge":
            assert record.start_node is not None
            assert record.end_node is not None
            self._edges_from.setdefault(record.start_node, set()).add(record.key)
            self._edges_to.setdefault(record.end_node, set()).add(record.key)
        else:
            for ref in _refs_of(record):
                self._referrers.setdefault(ref, set()).add(record.key)
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
        seq, next_order = self._seq, self._next_order
        for record in records:
            seq += 1
            record.seq = seq
            old = self._items[record.kind].get(record.key)
            if old is not None:
                record.order = old.order
            else:
                record.order = next_order
                next_order += 1
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
        for kind, entries in self._by_seq.items():
            if len(entries) > 2 * len(self._items[kind]) + 1000:
                self._by_seq[kind] = sorted((r.seq, r.key) for r in self._items[kind].values())
        for listener in self.commit_listeners:
            listener(records)

    # -- reads used by the query engine -----------------------------------------------------------
    def live(self, kind: str, key: Key) -> Instance | None:
        """The instance unless it is missing or deleted."""
        found = self._items[kind].get(key)
        return found if found is not None and found.deleted_time is None else None

    def any_state(self, kind: str, key: Key) -> Instance | None:
        return self._items[kind].get(key)

    def live_node(self, key: Key) -> Instance | None:
        return self.live("node", key)

    def scan(self, kind: str, start: int = 0, deleted: bool = False) -> Iterator[tuple[int, Instance]]:
        """``(position, instance)`` in creation order from ``start`` (deleted ones too when ``deleted``)."""
        order, table = self._order[kind], self._items[kind]
        for position in range(start, len(order)):
            record = table[order[position]]
            if deleted or record.deleted_time is None:
                yield position, record

    def changed_since(self, kind: str, after: int) -> Iterator[Instance]:
        """Records (deleted ones too) last written after sequence number ``after``, oldest write first."""
        entries, table = self._by_seq[kind], self._items[kind]
        start = bisect.bisect_right(entries, (after, ("\U0010ffff", "\U0010ffff")))
        for position in range(start, len(entries)):
            seq, key = entries[position]
            record = table[key]
            if record.seq == seq:
                yield record

    @property
    def last_seq(self) -> int:
        return self._seq

    def edges_at(self, node: Key, outwards: bool, deleted: bool = False) -> _Records:
        """Edges starting (outwards) or ending (inwards) at ``node``, in creation order."""
        keys = (self._edges_from if outwards else self._edges_to).get(node, set())
        table = self._items["edge"]
        found = [e for k in keys if (e := table[k]).deleted_time is None or deleted]
        found.sort(key=lambda e: e.order)
        return found

    def referrers(self, container: Key, ident: str, target: Key) -> set[Key]:
        """Nodes whose direct relation ``container.ident`` points at ``target`` (any state)."""
        return self._referrers.get((container, ident, target), set())

    def memo(self, cache_key: tuple[Any, ...], compute: Callable[[], _Records]) -> _Records:
        """``compute()``, remembered (a few entries) until the data changes: later pages reuse it."""
        key = (*cache_key, self.generation)
        found = self._sorted.get(key)
        if found is None:
            found = compute()
            self._sorted[key] = found
            while len(self._sorted) > 16:
                self._sorted.popitem(last=False)
        else:
            self._sorted.move_to_end(key)
        return found

    def sorted_matches(
        self, cache_key: tuple[Any, ...], kind: str, pred: Predicate | None, sorter: Sorter
    ) -> _Records:
        """Live ``kind`` records matching ``pred`` in ``sorter`` order, cached until the data changes."""

        def compute() -> _Records:
            found = [r for _, r in self.scan(kind) if pred is None or pred(r)]
            sorter.sort(found)
            return found

        return self.memo(cache_key, compute)

    def scan_page(
        self, kind: str, pred: Predicate | None, start: int, limit: int
    ) -> tuple[_Records, int | None]:
        """Up to ``limit`` live matches in creation order from position ``start``, and where to resume."""
        page: _Records = []
        for position, record in self.scan(kind, start):
            if pred is not None and not pred(record):
                continue
            if len(page) == limit:
                return page, position
            page.append(record)
        return page, None

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

    def compiler(self, parameters: dict[str, Any] | None = None, *, search: bool = False) -> FilterCompiler:
        return FilterCompiler(Resolver(self._schema), self.live_node, parameters, search=search)

    # -- spaces -----------------------------------------------------------------------------------
    def _ensure_spaces(self, spaces: Iterable[str], *, create: bool) -> None:
        has_space: Callable[[str], bool] | None = getattr(self._schema, "has_space", None)
        if has_space is None:
            return
        missing = sorted({s for s in spaces if not has_space(s)})
        if not missing:
            return
        reserved = [s for s in missing if s in RESERVED_SPACES]
        if not create or reserved:
            raise DMSError(
                400, "One or more spaces do not exist", missing=[{"space": s} for s in reserved or missing]
            )
        created = self._schema.ensure_spaces(missing)  # type: ignore[attr-defined]
        if created:
            logger.info("emulator: created the instance space(s) %s on first write", ", ".join(created))

    # -- endpoints --------------------------------------------------------------------------------
    def apply(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances``: atomic upsert of nodes and edges."""
        with self._lock:
            now = int(time.time() * 1000)
            applier = Applier(Resolver(self._schema), self.live, self.any_state, self._next_auto, now)
            plan = applier.plan(_body(body))
            self._ensure_spaces((r.space for r in plan.writes), create=not self.strict_spaces)
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
        """``POST /models/instances/byids``: found instances in request order; missing ids are absent.

        With ``sources``, only instances that have data in every listed view are returned (CDF's rule).
        """
        with self._lock:
            body = _body(body)
            check_fields(body, _BYIDS_FIELDS)
            items = items_of(body)
            fc = self.compiler()
            chosen = _render.selection(fc, body.get("sources"), "sources", with_properties=False)
            has_sources = _render.has_all_sources(fc, chosen)
            render = _render.renderer(fc, chosen)
            found = []
            for n, item in enumerate(items):
                if isinstance(item, dict) and "instanceType" not in item:
                    item = {"instanceType": "node", **item}
                kind, key = identity(item, f"items[{n}]")
                record = self.live(kind, key)
                if record is not None and (has_sources is None or has_sources(record)):
                    found.append(render(record))
            out: dict[str, Any] = {"items": found}
            if body.get("includeTyping"):
                out["typing"] = _render.typing(chosen)
            return out

    def list(self, body: dict[str, Any]) -> dict[str, Any]:
        """``POST /models/instances/list``: filter, sort, page with an opaque cursor (O(page) unsorted).

        With ``sources``, only instances with data in every listed view are listed (CDF's rule).
        """
        with self._lock:
            body = _body(body)
            check_fields(body, _LIST_FIELDS)
            kind = kind_of(body)
            limit = limit_of(body, LIST_DEFAULT, LIST_MAX)
            fc = self.compiler()
            chosen = _render.selection(fc, body.get("sources"), "sources", with_properties=False)
            preds = [p for p in (_render.has_all_sources(fc, chosen),) if p is not None]
            if body.get("filter") is not None:
                preds.append(fc.compile(body["filter"], "filter"))
            pred = _all_of(preds)
            sort = body.get("sort")
            sorter = parse_sort(fc, sort, "sort") if sort is not None else Sorter([])
            sources = [(s.space, s.prop_key) for s, _ in chosen]
            sig = signature("list", kind, body.get("filter"), sort, sources)
            state = decode_cursor(body["cursor"], "cursor", sig) if body.get("cursor") is not None else None
            page: list[Instance]
            next_state: dict[str, Any] | None = None
            if sorter:
                ordered = self.sorted_matches(("list", sig), kind, pred, sorter)
                start = (
                    0 if state is None else sorter.start_after(ordered, keyset_of(state.get("k"), "cursor"))
                )
                page = ordered[start : start + limit]
                if start + limit < len(ordered):
                    next_state = {"k": list(sorter.keyset(page[-1]))}
            else:
                position = 0 if state is None else state.get("p")
                if not isinstance(position, int) or position < 0:
                    raise bad("cursor", "invalid cursor")
                page, resume = self.scan_page(kind, pred, position, limit)
                if resume is not None:
                    next_state = {"p": resume}
            render = _render.renderer(fc, chosen)
            out: dict[str, Any] = {"items": [render(r) for r in page]}
            out["nextCursor"] = None if next_state is None else encode_cursor(sig, next_state)
            if body.get("includeTyping"):
                out["typing"] = _render.typing(chosen)
            return out

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

        Their spaces are created when missing. Instances the store already holds (also deleted ones) are
        left alone, so re-seeding a persistent database on restart does not undo later writes.
        """
        with self._lock:
            resolver = Resolver(self._schema)
            records = [seed_record(resolver, item, f"seed[{n}]") for n, item in enumerate(items)]
            fresh = {(r.kind, r.key): r for r in records if self.any_state(r.kind, r.key) is None}
            self._ensure_spaces((r.space for r in fresh.values()), create=True)
            self._commit(list(fresh.values()))


def _all_of(preds: list[Predicate]) -> Predicate | None:
    if not preds:
        return None
    if len(preds) == 1:
        return preds[0]
    return lambda i: all(p(i) for p in preds)


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
