"""Emulator instance-engine throughput: upsert and list 100k nodes through ``InstanceStore``.

Run: ``.venv/bin/python benchmarks/bench_emulator.py [N]``; prints nodes/s and the ratio to the
20k nodes/s floor.
"""

from __future__ import annotations

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
    out = store.list({"limit": 1000})
    while out["nextCursor"] is not None and (cursor := out["nextCursor"]):
        last_cursor = cursor
        out = store.list({"limit": 1000, "cursor": cursor})
    last_page = time.perf_counter()
    store.list({"limit": 1000, "sources": sources, "cursor": last_cursor})
    last = time.perf_counter() - last_page
    print(f"last page / first page time ratio (O(page) check): {last / first:.2f}")
    conn.close()
    _through_http(total)


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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
