"""Emulator instance-engine throughput: upsert and list 100k nodes through ``InstanceStore``; query paging.

Run: ``.venv/bin/python benchmarks/bench_emulator.py [N]``; prints nodes/s and the ratio to the
20k nodes/s floor, then the query-builder workloads (``_query_bench``): a 3-hop traversal (roots → 10
children each through a reverse direct relation → 5 edges each) paged to the end, at two sizes (the time
ratio shows whether evaluation is linear), and 100,000 roots iterated through ``/query`` and ``/sync``.
"""

from __future__ import annotations

import cProfile
import gc
import json
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from pygen_core.emulator._instances import InstanceStore

FLOOR = 20_000
VIEW = {"type": "view", "space": "bench", "externalId": "Item", "version": "v1"}


def _prop(ident: str, kind: str) -> dict[str, Any]:
    return {
        "container": {"space": "bench", "externalId": "Item", "type": "container"},
        "containerPropertyIdentifier": ident,
        "type": {"type": kind, "list": False},
        "nullable": True,
        "immutable": False,
        "autoIncrement": False,
    }


class BenchSchema:
    """One view over one container: text, int64, float64, timestamp."""

    view: dict[str, Any] = {
        "space": "bench",
        "externalId": "Item",
        "version": "v1",
        "usedFor": "node",
        "properties": {
            "name": _prop("name", "text"),
            "count": _prop("count", "int64"),
            "value": _prop("value", "float64"),
            "seen": _prop("seen", "timestamp"),
        },
    }

    def get_view(self, space: str, external_id: str, version: str | None) -> dict[str, Any] | None:
        return self.view if (space, external_id) == ("bench", "Item") else None

    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        if (space, external_id) != ("bench", "Item"):
            return None
        props = {k: {"type": v["type"], "nullable": True} for k, v in self.view["properties"].items()}
        return {"space": "bench", "externalId": "Item", "usedFor": "node", "properties": props}


def _rate(label: str, count: int, seconds: float) -> None:
    rate = count / seconds
    print(
        f"{label:<42} {count:>7} nodes in {seconds:6.2f} s = {rate:>9.0f} nodes/s"
        f"  ({rate / FLOOR:.2f}x floor)"
    )


def _list_all(store: InstanceStore, body: dict[str, Any]) -> int:
    total = 0
    page = dict(body)
    while True:
        out = store.list(page)
        total += len(out["items"])
        if out["nextCursor"] is None:
            return total
        page["cursor"] = out["nextCursor"]


def _items(first: int, stop: int) -> list[dict[str, Any]]:
    return [
        {
            "instanceType": "node",
            "space": "bench",
            "externalId": f"item:{n:07d}",
            "sources": [
                {
                    "source": VIEW,
                    "properties": {
                        "name": f"item {n}",
                        "count": n,
                        "value": n / 7,
                        "seen": "2024-01-02T03:04:05.678+00:00",
                    },
                }
            ],
        }
        for n in range(first, stop)
    ]


def main(total: int) -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    store = InstanceStore(conn, threading.RLock(), BenchSchema())
    start = time.perf_counter()
    for base in range(0, total, 1000):
        store.apply({"items": _items(base, min(base + 1000, total))})
    _rate("apply (1000/request)", total, time.perf_counter() - start)

    sources = [{"source": VIEW}]
    for label, body in [
        ("list, 1000/page, with properties", {"limit": 1000, "sources": sources}),
        (
            "list, 1000/page, hasData filter",
            {"limit": 1000, "sources": sources, "filter": {"hasData": [VIEW]}},
        ),
        (
            "list, 1000/page, sorted by int64 desc",
            {
                "limit": 1000,
                "sources": sources,
                "sort": [{"property": ["bench", "Item/v1", "count"], "direction": "descending"}],
            },
        ),
    ]:
        start = time.perf_counter()
        seen = _list_all(store, body)
        assert seen == total, (label, seen)
        _rate(label, seen, time.perf_counter() - start)

    first_page = time.perf_counter()
    store.list({"limit": 1000, "sources": sources})
    first = time.perf_counter() - first_page
    out = store.list({"limit": 1000, "sources": sources})
    while out["nextCursor"] is not None and (cursor := out["nextCursor"]):
        last_cursor = cursor
        out = store.list({"limit": 1000, "sources": sources, "cursor": cursor})
    last_page = time.perf_counter()
    store.list({"limit": 1000, "sources": sources, "cursor": last_cursor})
    last = time.perf_counter() - last_page
    print(f"last page / first page time ratio (O(page) check): {last / first:.2f}")
    conn.close()
    _through_http(total)
    run_query_bench()


def _through_http(total: int) -> None:
    """The same listing through the HTTP emulator (JSON + HTTP overhead on top of the engine)."""
    try:
        import httpx

        from pygen_core.emulator._emulator import Emulator
    except ImportError as exc:
        print(f"HTTP listing skipped ({exc})")
        return
    model = {"space": "bench", "externalId": "BenchModel", "version": "v1", "views": [BenchSchema.view]}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        path.write_text(json.dumps(model))
        with Emulator(snapshots=[path]) as emu:
            for base in range(0, total, 1000):
                emu.instances.apply({"items": _items(base, min(base + 1000, total))})
            headers = {"Authorization": f"Bearer {emu.token()}"}
            with httpx.Client(base_url=emu.project_url, headers=headers, timeout=60) as client:
                body: dict[str, Any] = {"limit": 1000, "sources": [{"source": VIEW}]}
                start = time.perf_counter()
                seen = 0
                while True:
                    response = client.post("/models/instances/list", json=body)
                    response.raise_for_status()
                    page = response.json()
                    seen += len(page["items"])
                    if not page.get("nextCursor"):
                        break
                    body["cursor"] = page["nextCursor"]
                assert seen == total, seen
                _rate("HTTP list, 1000/page, with properties", seen, time.perf_counter() - start)


GRAPH_VIEW = {"type": "view", "space": "bench", "externalId": "Node", "version": "v1"}


class GraphSchema:
    """One node view ``Node`` (``name`` text, ``parent`` direct relation) over one container."""

    view: dict[str, Any] = {
        "space": "bench",
        "externalId": "Node",
        "version": "v1",
        "usedFor": "node",
        "properties": {
            "name": {**_prop("name", "text"), "container": {"space": "bench", "externalId": "Node"}},
            "parent": {**_prop("parent", "direct"), "container": {"space": "bench", "externalId": "Node"}},
        },
    }

    def get_view(self, space: str, external_id: str, version: str | None) -> dict[str, Any] | None:
        return self.view if (space, external_id) == ("bench", "Node") else None

    def get_container(self, space: str, external_id: str) -> dict[str, Any] | None:
        if (space, external_id) != ("bench", "Node"):
            return None
        props = {k: {"type": v["type"], "nullable": True} for k, v in self.view["properties"].items()}
        return {"space": "bench", "externalId": "Node", "usedFor": "node", "properties": props}


def _node(xid: str, parent: str | None = None) -> dict[str, Any]:
    props: dict[str, Any] = {"name": xid}
    if parent is not None:
        props["parent"] = {"space": "bench", "externalId": parent}
    return {
        "instanceType": "node",
        "space": "bench",
        "externalId": xid,
        "sources": [{"source": GRAPH_VIEW, "properties": props}],
    }


def _edge(xid: str, start: str, end: str) -> dict[str, Any]:
    return {
        "instanceType": "edge",
        "space": "bench",
        "externalId": xid,
        "type": {"space": "bench", "externalId": "link"},
        "startNode": {"space": "bench", "externalId": start},
        "endNode": {"space": "bench", "externalId": end},
    }


def _graph(roots: int, extra_roots: int = 0) -> InstanceStore:
    """``roots`` roots with 10 children each (``parent`` → root), 5 edges per child to 5 leaves."""
    store = InstanceStore(
        sqlite3.connect(":memory:", check_same_thread=False), threading.RLock(), GraphSchema()
    )
    batch: list[dict[str, Any]] = [_node(f"leaf{n}") for n in range(5)]
    batch += [_node(f"r{n:06d}") for n in range(roots + extra_roots)]
    batch += [_node(f"r{r:06d}c{c}", f"r{r:06d}") for r in range(roots) for c in range(10)]
    batch += [
        _edge(f"r{r:06d}c{c}e{e}", f"r{r:06d}c{c}", f"leaf{e}")
        for r in range(roots)
        for c in range(10)
        for e in range(5)
    ]
    for n in range(0, len(batch), 1000):
        store.apply({"items": batch[n : n + 1000], "autoCreateEndNodes": True})
    return store


ROOTS_FILTER = {
    "and": [
        {"prefix": {"property": ["node", "externalId"], "value": "r"}},
        {"not": {"exists": {"property": ["bench", "Node/v1", "parent"]}}},
    ]
}
THREE_HOPS: dict[str, Any] = {
    "with": {
        "roots": {"nodes": {"filter": ROOTS_FILTER}, "limit": 1000},
        "children": {
            "nodes": {
                "from": "roots",
                "through": {"source": GRAPH_VIEW, "identifier": "parent"},
                "direction": "inwards",
            },
            "limit": 10_000,
        },
        "edges": {"edges": {"from": "children", "maxDistance": 1, "direction": "outwards"}, "limit": 10_000},
    },
    "select": {
        "roots": {"sources": [{"source": GRAPH_VIEW, "properties": ["name"]}]},
        "children": {"sources": [{"source": GRAPH_VIEW, "properties": ["*"]}]},
        "edges": {},
    },
}


def _drain(run: Any, body: dict[str, Any]) -> tuple[dict[str, int], int]:
    """Page every set to the end (the README's algorithm); counts per set and the number of requests."""
    parent = {name: next(iter(expr.values())).get("from") for name, expr in body["with"].items()}

    def below(name: str) -> set[str]:
        kids = {k for k, p in parent.items() if p == name}
        return kids.union(*(below(k) for k in kids)) if kids else kids

    cursors: dict[str, str] = {}
    fresh, counts, requests = set(body["with"]), dict.fromkeys(body["select"], 0), 0
    while True:
        out = run({**body, "cursors": dict(cursors)})
        requests += 1
        for name in fresh & set(counts):
            counts[name] += len(out["items"][name])
        ready = [n for n in body["with"] if out["nextCursor"][n]]
        if not ready:
            return counts, requests
        name = next(n for n in ready if not below(n) & set(ready))
        cursors[name] = out["nextCursor"][name]
        for child in below(name):
            cursors.pop(child, None)
        fresh = {name} | below(name)


def run_query_bench() -> None:
    print("\nquery builder workloads")
    timings: list[tuple[float, float]] = []
    _drain(_graph(100).query, THREE_HOPS)  # warm up (imports, first-use caches) outside the timings
    for roots in (1000, 2000):
        store = _graph(roots)
        measured = []
        for collect in (False, True):  # the engine's own work, then with Python's cyclic GC as usual
            store._sorted.clear()  # no page cache carried over from the previous run
            gc.collect()
            if not collect:
                gc.disable()
            start = time.perf_counter()
            counts, requests = _drain(store.query, THREE_HOPS)
            measured.append(time.perf_counter() - start)
            gc.enable()
            assert counts == {"roots": roots, "children": roots * 10, "edges": roots * 50}, counts
        timings.append((measured[0], measured[1]))
        print(
            f"3-hop traversal, {roots} roots -> {roots * 10} children -> {roots * 50} edges: "
            f"{requests} requests, {measured[1]:.2f} s ({(roots * 61) / measured[1]:,.0f} instances/s; "
            f"{measured[0]:.2f} s without cyclic GC)"
        )
    calls = []
    for roots in (1000, 2000):  # deterministic: Python function calls made by the engine (timings are noisy)
        store = _graph(roots)
        profile = cProfile.Profile()
        profile.enable()
        _drain(store.query, THREE_HOPS)
        profile.disable()
        calls.append(sum(entry.callcount for entry in profile.getstats()))
    print(
        f"3-hop traversal, 2x the data / 1x the data function calls (2.0 = linear): {calls[1] / calls[0]:.2f}"
    )
    print(
        "2x the data / 1x the data time ratio (2.0 = linear): "
        f"{timings[1][0] / timings[0][0]:.2f} engine, {timings[1][1] / timings[0][1]:.2f} with cyclic GC"
    )

    store = _graph(0, extra_roots=100_000)
    iterate = {
        "with": {"roots": {"nodes": {"filter": {"hasData": [GRAPH_VIEW]}}, "limit": 1000}},
        "select": {"roots": {}},
    }
    pages: list[float] = []
    cursors: dict[str, str] = {}
    seen = 0
    start = time.perf_counter()
    while True:
        page_start = time.perf_counter()
        out = store.query({**iterate, "cursors": cursors})
        pages.append(time.perf_counter() - page_start)
        seen += len(out["items"]["roots"])
        if not out["nextCursor"]["roots"]:
            break
        cursors = {"roots": out["nextCursor"]["roots"]}
    _rate("query: iterate 100k roots, 1000/page", seen, time.perf_counter() - start)
    print(f"last page / first page time ratio (O(page) check): {pages[-2] / pages[0]:.2f}")
    sync = {
        "with": {"roots": {"nodes": {"filter": {"hasData": [GRAPH_VIEW]}}, "limit": 2000}},
        "select": {"roots": {}},
    }
    seen = 0
    start = time.perf_counter()
    cursors = {}
    while True:
        out = store.sync({**sync, "cursors": cursors})
        cursors = {"roots": out["nextCursor"]["roots"]}
        if not out["items"]["roots"]:
            break
        seen += len(out["items"]["roots"])
    _rate("sync: 100k roots, 2000/page", seen, time.perf_counter() - start)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
