"""Small helpers shared by the engine tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SP = "sp_pygen_models"
INST = "sp_omni_instances"


def view(xid: str, version: str = "1", space: str = SP) -> dict[str, str]:
    return {"type": "view", "space": space, "externalId": xid, "version": version}


def prop(xid: str, name: str, version: str = "1") -> list[str]:
    return [SP, f"{xid}/{version}", name]


def xids(response: dict[str, Any]) -> list[str]:
    return [item["externalId"] for item in response["items"]]


def raw_props(item: dict[str, Any], xid: str) -> dict[str, Any]:
    """Properties of a raw Omni instance under view ``xid`` (empty when it has none)."""
    return item.get("properties", {}).get(SP, {}).get(f"{xid}/1", {})


def node(
    xid: str, space: str = "test", sources: list[dict[str, Any]] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"instanceType": "node", "space": space, "externalId": xid, "sources": sources or [], **extra}


def source(xid: str, props: dict[str, Any], version: str = "1", space: str = SP) -> dict[str, Any]:
    return {"source": view(xid, version, space), "properties": props}


def pump_view() -> dict[str, str]:
    """The small test-only node view with a direct relation ``site`` (see ``conftest.extra_views``)."""
    return view("Pump", "v1", "test")


def drain_query(
    run: Callable[[dict[str, Any]], dict[str, Any]], body: dict[str, Any]
) -> dict[str, list[str]]:
    """Page every result set of a query to the end, the way the emulator README prescribes.

    Each round advances one set that has a ``nextCursor`` while none of its descendants has one (children
    are exhausted before their parent moves on), keeps the cursors of every other set as they were, and
    drops the cursors of the advanced set's descendants (they restart on the parent's new page). Only the
    pages that are new in a round are recorded, so a set's list has every instance exactly once when paging
    is correct.
    """
    with_ = body["with"]
    parent = {name: next(iter(expr.values())).get("from") for name, expr in with_.items()}

    def descendants(name: str) -> set[str]:
        found = {child for child, p in parent.items() if p == name}
        for child in list(found):
            found |= descendants(child)
        return found

    cursors: dict[str, str] = {}
    fresh = set(with_)
    seen: dict[str, list[str]] = {name: [] for name in body["select"]}
    for _ in range(100_000):
        out = run({**body, "cursors": dict(cursors)})
        for name in fresh & set(seen):
            seen[name].extend(item["externalId"] for item in out["items"][name])
        assert set(out["nextCursor"]) == set(with_), "every result set has a nextCursor entry"
        ready = [name for name in with_ if out["nextCursor"][name]]
        if not ready:
            return seen
        name = next(n for n in ready if not descendants(n) & set(ready))
        cursors[name] = out["nextCursor"][name]
        for child in descendants(name):
            cursors.pop(child, None)
        fresh = {name} | descendants(name)
    raise AssertionError("paging did not end")
