"""``/models/instances/sync``: changes per result set since its cursor, tombstones with ``deletedTime``.

- Every write gets a sequence number; a set's cursor remembers the last one it delivered (``q``) and the one
  current when the sync started (``z``). Instances come in write order, so a changed instance comes again.
- ``mode``: ``onePhase`` (default) delivers everything that matches, then changes; ``twoPhase`` delivers
  what existed at the start (in ``backfillSort`` order if given) until a page is shorter than ``limit``,
  then changes since the start; ``noBackfill`` delivers only changes made after the first call.
- Tombstones (soft-deleted instances, ``deletedTime`` set) of deletions after the start always come;
  older ones only with ``skipAlreadyDeleted: false``.
- A set with ``from`` follows everything its parent set matches (not a page of it).
- Cursors expire after 3 days (``allowExpiredCursorsAndAcceptMissedDeletes`` lifts that); every response
  has a cursor for every set.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._instance_model import Instance
from ._paging import decode_cursor, encode_cursor
from ._query import Page, derive_nodes, render_sets, traverse
from ._query_spec import Request, ResultSet, parse_request
from ._sorting import keyset_of
from ._values import bad

if TYPE_CHECKING:
    from ._instances import InstanceStore


def _wanted(spec: ResultSet, record: Instance, start: int) -> bool:
    """Whether a record (live or tombstone) belongs in this set's sync stream."""
    if spec.filter is not None and not spec.filter(record):
        return False
    if record.deleted_time is None:
        return True
    return record.seq > start or not spec.skip_deleted


def _full(store: InstanceStore, request: Request, name: str, cache: dict[str, Page]) -> Page:
    """Everything result set ``name`` matches now (tombstones included), parents first."""
    if name in cache:
        return cache[name]
    spec = request.sets[name]
    if spec.parent is None:
        found = [r for _, r in store.scan(spec.kind, deleted=True) if spec.filter is None or spec.filter(r)]
    else:
        parent = [r for r in _full(store, request, spec.parent, cache) if r.deleted_time is None]
        parent_spec = request.sets[spec.parent]
        if spec.kind == "node":
            found = derive_nodes(store, spec, parent, parent_spec, deleted=True)
            if spec.filter is not None:
                found = [r for r in found if spec.filter(r)]
        else:
            found = traverse(store, spec, parent, parent_spec, deleted=True)
    cache[name] = found
    return found


def _changes(
    store: InstanceStore, request: Request, spec: ResultSet, after: int, start: int, cache: dict[str, Page]
) -> Iterable[Instance]:
    if spec.parent is None:
        return (r for r in store.changed_since(spec.kind, after) if _wanted(spec, r, start))
    matching = [
        r for r in _full(store, request, spec.name, cache) if r.seq > after and _wanted(spec, r, start)
    ]
    matching.sort(key=lambda r: r.seq)
    return matching


def _stream(
    store: InstanceStore, request: Request, spec: ResultSet, after: int, start: int, cache: dict[str, Page]
) -> tuple[Page, int]:
    page: Page = []
    for record in _changes(store, request, spec, after, start, cache):
        if len(page) == spec.limit:
            return page, page[-1].seq
        page.append(record)
    return page, store.last_seq


def _backfill(
    store: InstanceStore, request: Request, spec: ResultSet, state: dict[str, Any], cache: dict[str, Page]
) -> tuple[Page, dict[str, Any]]:
    """A page of the instances that existed when a two-phase sync started."""
    start = state["z"]
    if spec.backfill_sort:
        existing = [
            r for r in _full(store, request, spec.name, cache) if r.seq <= start and _wanted(spec, r, start)
        ]
        spec.backfill_sort.sort(existing)
        offset = 0
        if state.get("k") is not None:
            offset = spec.backfill_sort.start_after(existing, keyset_of(state["k"], f"cursors.{spec.name}"))
        page = existing[offset : offset + spec.limit]
        if len(page) < spec.limit:
            return page, {"ph": "s", "q": start, "z": start}
        return page, {"ph": "b", "z": start, "k": list(spec.backfill_sort.keyset(page[-1]))}
    page = []
    last = state.get("q", 0)
    for record in _changes(store, request, spec, last, start, cache):
        if record.seq > start or len(page) == spec.limit:
            break
        page.append(record)
    if len(page) < spec.limit:
        return page, {"ph": "s", "q": start, "z": start}
    return page, {"ph": "b", "z": start, "q": page[-1].seq}


def run_sync(store: InstanceStore, body: dict[str, Any]) -> dict[str, Any]:
    request = parse_request(store.compiler, body, sync=True)
    allow_expired = body.get("allowExpiredCursorsAndAcceptMissedDeletes", False)
    if not isinstance(allow_expired, bool):
        raise bad("allowExpiredCursorsAndAcceptMissedDeletes", f"expected a boolean, got {allow_expired!r}")
    now = int(time.time() * 1000)
    cache: dict[str, Page] = {}
    pages: dict[str, Page] = {}
    next_cursors: dict[str, str | None] = {}
    for name in request.order:
        spec = request.sets[name]
        path = f"cursors.{name}"
        state: dict[str, Any]
        if name in request.cursors:
            state = decode_cursor(request.cursors[name], path, spec.sig)
            issued, after, start = state.get("c"), state.get("q", 0), state.get("z")
            if not all(isinstance(v, int) for v in (issued, after, start)) or state.get("ph") not in (
                "b",
                "s",
            ):
                raise bad(path, "invalid cursor")
            assert isinstance(issued, int)
            if now - issued > store.sync_cursor_ttl_ms and not allow_expired:
                raise bad(
                    path,
                    "the sync cursor has expired (older than 3 days), deletes may have been missed; start "
                    "over, or set allowExpiredCursorsAndAcceptMissedDeletes",
                )
        else:
            start = store.last_seq
            phase = {"onePhase": "s", "twoPhase": "b", "noBackfill": "s"}[spec.mode]
            state = {"ph": phase, "z": start, "q": start if spec.mode == "noBackfill" else 0}
        if state["ph"] == "b":
            page, next_state = _backfill(store, request, spec, state, cache)
        elif spec.mode == "noBackfill" and name not in request.cursors:
            page, next_state = [], state
        else:
            page, last = _stream(store, request, spec, state["q"], state["z"], cache)
            next_state = {"ph": "s", "q": last, "z": state["z"]}
        pages[name] = page
        next_cursors[name] = encode_cursor(spec.sig, {**next_state, "c": now})
    return render_sets(request, pages, next_cursors, body)
