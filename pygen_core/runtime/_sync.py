"""Incremental reads over ``/models/instances/sync``: what changed (and what was deleted) since a cursor."""

# pyright: reportPrivateUsage=false
from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._execute import _validate
from ._ids import EdgeId, NodeId
from ._plan import compile_plan
from ._results import response_items

if TYPE_CHECKING:
    from ._api import _ViewAPI
    from ._select import Step

__all__ = ["SyncChanges", "SyncResult", "run_sync"]

_TList = TypeVar("_TList")
_SYNC_MAX = 2000  # CDF: a sync result set's limit
_VERSION = 1


@dataclass
class SyncChanges:
    """Changes of one followed connection: created or updated instances, and deleted ones' ids."""

    items: list[Any] = field(default_factory=list[Any])
    deleted: list[NodeId | EdgeId] = field(default_factory=list[NodeId | EdgeId])


@dataclass
class SyncResult(Generic[_TList]):
    """One ``sync()`` call: the first step's changes, each followed connection's, and the next cursor.

    Call ``sync(cursor=result.cursor)`` to get what changed after this; an empty result means nothing did
    (yet). Connections are keyed by their path (``"children"``, ``"children.links"``; the edges of an edge
    connection under ``"children.links:edges"``) and are not filled into ``items``.
    """

    items: _TList
    deleted: list[NodeId | EdgeId]
    cursor: str
    connections: dict[str, SyncChanges] = field(default_factory=dict[str, SyncChanges])

    @property
    def changed(self) -> bool:
        """Whether anything (in any step) was created, updated or deleted."""
        return bool(
            len(cast("list[Any]", self.items))
            or self.deleted
            or any(c.items or c.deleted for c in self.connections.values())
        )


def _encode(fingerprint: str, mode: str, limit: int, cursors: dict[str, Any]) -> str:
    raw = json.dumps(
        {"v": _VERSION, "q": fingerprint, "m": mode, "l": limit, "c": cursors},
        separators=(",", ":"),
        sort_keys=True,
    )
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def _decode(cursor: str, fingerprint: str) -> tuple[str, int, dict[str, str]]:
    try:
        data: Any = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (binascii.Error, UnicodeError, ValueError):
        data = None
    if not isinstance(data, dict) or cast("dict[str, Any]", data).get("v") != _VERSION:
        raise ValueError("sync: the cursor is not one that sync() returned")
    state = cast("dict[str, Any]", data)
    if state.get("q") != fingerprint:
        raise ValueError(
            "sync: the cursor was issued for another query (other views, filters or connections); "
            "start over with cursor=None"
        )
    cursors: Any = state.get("c")
    mode: Any = state.get("m")
    limit: Any = state.get("l")
    if (
        not isinstance(cursors, dict)
        or not isinstance(mode, str)
        or not isinstance(limit, int)
    ):
        raise ValueError("sync: the cursor is not one that sync() returned")
    return (
        mode,
        limit,
        {
            str(k): v
            for k, v in cast("dict[str, Any]", cursors).items()
            if isinstance(v, str)
        },
    )


def _split(
    items: list[dict[str, Any]], edges: bool
) -> tuple[list[dict[str, Any]], list[NodeId | EdgeId]]:
    live: list[dict[str, Any]] = []
    deleted: list[NodeId | EdgeId] = []
    kind = EdgeId if edges else NodeId
    for item in items:
        if item.get("deletedTime") is not None:
            deleted.append(kind(item["space"], item["externalId"]))
        else:
            live.append(item)
    return live, deleted


def run_sync(
    api: _ViewAPI[Any, Any],
    steps: tuple[Step, ...],
    cursor: str | None,
    limit: int,
    backfill: bool,
) -> SyncResult[Any]:
    """One ``/models/instances/sync`` request for the traversal ``steps``."""
    if not 1 <= limit <= _SYNC_MAX:
        raise ValueError(f"sync limit must be between 1 and {_SYNC_MAX} (got {limit})")
    # The cursor is bound to the query: its limit and mode stay those of the first call.
    plain = compile_plan(steps, page=1, sync=True).body()["with"]
    fingerprint = hashlib.sha256(
        json.dumps(plain, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()[:24]
    mode = "onePhase" if backfill else "noBackfill"
    cursors: dict[str, str] = {}
    if cursor is not None:
        mode, limit, cursors = _decode(cursor, fingerprint)
    plan = compile_plan(steps, page=limit, sync=True)
    body = plan.body()
    if mode != "onePhase":
        for expr in body["with"].values():
            expr["mode"] = mode
    if cursors:
        body["cursors"] = cursors
    response = api._http.post("/models/instances/sync", body)
    items: Any = response.get("items")
    found = cast("dict[str, Any]", items) if isinstance(items, dict) else {}
    following: Any = response.get("nextCursor") or {}
    next_cursors = (
        {
            name: value
            for name, value in cast("dict[str, Any]", following).items()
            if isinstance(value, str)
        }
        if isinstance(following, dict)
        else {}
    )
    what = f"sync {steps[0].view.view_id}"
    root_live, root_deleted = _split(
        response_items({"items": found.get(plan.root, [])}, what),
        steps[0].instance_type == "edge",
    )
    result: SyncResult[Any] = SyncResult(
        api._validate(root_live),
        root_deleted,
        _encode(fingerprint, mode, limit, {**cursors, **next_cursors}),
    )
    paths = [""]
    for index in range(1, len(steps)):
        paths.append(f"{paths[-1]}.{steps[index].name}".lstrip("."))
    for name, spec in plan.sets.items():
        if spec.parent is None:
            continue
        step = steps[spec.step]
        live, deleted = _split(
            response_items({"items": found.get(name, [])}, what), spec.edges
        )
        if spec.edges:
            key = f"{paths[spec.step]}:edges"
            objects: list[Any] = (
                _validate(step.edge_class, live)
                if step.edge_class is not None
                else [EdgeId(item["space"], item["externalId"]) for item in live]
            )
        else:
            key = paths[spec.step]
            objects = _validate(step.read_class, live)
        result.connections[key] = SyncChanges(objects, deleted)
    return result
