"""Child process: one run of the 3-hop traversal (roots → children → links) through one client, timed here.

Usage: ``python -m benchmarks._traversal_child MODE``; MODE is ``builder`` (our ``select()...list()``),
``chained`` (our SDK, one round trip per hop and per parent), ``v1`` (cognite-pygen's
``select()...list_full()``), ``v1-batched`` (the same, 100 roots per call so that nothing is cut off) or
``iterate`` (our builder's ``iterate()`` over every root). The SDK under test is the package ``sdk`` on
PYTHONPATH; BENCH_URL, BENCH_PROJECT and BENCH_TOKEN reach the emulator. Prints one JSON line.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from ._io_child import _cognite_config, _rss_mb

Counts = dict[str, int]


def _counts(roots: Any) -> Counts:
    children = [child for root in roots for child in root.children or []]
    return {
        "roots": len(roots),
        "children": len(children),
        "links": sum(len(child.links or []) for child in children),
    }


def _ours() -> Any:
    sdk = importlib.import_module("sdk")
    runtime = importlib.import_module("sdk._runtime")
    config = runtime.ClientConfig(
        base_url=os.environ["BENCH_URL"],
        project=os.environ["BENCH_PROJECT"],
        credentials=runtime.Token(os.environ["BENCH_TOKEN"]),
    )
    return sdk.Client(config)


def _builder() -> tuple[Callable[[], Counts], Any]:
    client = _ours()
    builder = client.root.select().where(external_id_prefix="r").traverse("children").traverse("links")
    return lambda: _counts(builder.list()), client


def _chained() -> tuple[Callable[[], Counts], Any]:
    client = _ours()

    def run() -> Counts:
        roots = client.root.list(external_id_prefix="r", limit=None)
        counts = {"roots": len(roots), "children": 0, "links": 0}
        for root in roots:  # one round trip per hop and per parent
            full = client.root.retrieve(root.as_id(), retrieve_connections="full")
            ids = [child.as_id() for child in full.children or []]
            children = client.child.retrieve(ids, retrieve_connections="full")
            counts["children"] += len(children)
            counts["links"] += sum(len(child.links or []) for child in children)
        return counts

    return run, client


def _iterate() -> tuple[Callable[[], Counts], Any]:
    client = _ours()
    builder = client.root.select().traverse("children").traverse("links")

    def run() -> Counts:
        total = {"roots": 0, "children": 0, "links": 0}
        for page in builder.iterate(chunk_size=1000):
            for key, value in _counts(page).items():
                total[key] += value
        return total

    return run, client


def _v1(batched: bool) -> tuple[Callable[[], Counts], Any]:
    from cognite.client import CogniteClient

    sdk = importlib.import_module("sdk")
    client = sdk.Client(CogniteClient(_cognite_config()))
    prefixes = [f"r000{d}" for d in range(10)] if batched else ["r"]

    def run() -> Counts:
        total = {"roots": 0, "children": 0, "links": 0}
        for prefix in prefixes:
            roots = client.root.select().external_id.prefix(prefix).children.links.list_full(limit=-1)
            for key, value in _counts(roots).items():
                total[key] += value
        return total

    return run, None


def main(mode: str) -> int:
    warnings.simplefilter("ignore")
    factories: dict[str, Callable[[], tuple[Callable[[], Counts], Any]]] = {
        "builder": _builder,
        "chained": _chained,
        "iterate": _iterate,
        "v1": lambda: _v1(False),
        "v1-batched": lambda: _v1(True),
    }
    run, client = factories[mode]()
    before_requests = client._http.stats.requests if client is not None else 0
    before = _rss_mb()
    begin = time.perf_counter()
    counts = run()
    seconds = time.perf_counter() - begin
    requests = client._http.stats.requests - before_requests if client is not None else None
    rss = {"rss_before_mb": before, "rss_after_mb": _rss_mb()}
    print(json.dumps({"seconds": seconds, **counts, "requests": requests, **rss}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
