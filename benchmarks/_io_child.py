"""Child process: list/iterate or upsert Omni's PrimitiveNullable nodes through one client, timed in here.

Usage: ``python -m benchmarks._io_child MODE IMPL``; MODE is list, iterate or upsert; IMPL is raw, ours, sdk
(cognite-sdk) or v1. Connection details come from BENCH_URL, BENCH_PROJECT, BENCH_TOKEN (and BENCH_SPACE,
BENCH_COUNT for upserts). Prints one JSON line: seconds, count, peak RSS before and after the operation.
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

VIEW = {"type": "view", "space": "sp_pygen_models", "externalId": "PrimitiveNullable", "version": "1"}
PAGE = 1000


def _rss_mb() -> float:
    """Peak RSS of this process in MB: VmHWM (ru_maxrss would include the parent's peak from before exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _env(name: str) -> str:
    return os.environ[name]


def _raw(mode: str) -> Callable[[], int]:
    import httpx

    client = httpx.Client(
        base_url=f"{_env('BENCH_URL')}/api/v1/projects/{_env('BENCH_PROJECT')}",
        headers={"Authorization": f"Bearer {_env('BENCH_TOKEN')}"},
        timeout=60,
    )
    body: dict[str, Any] = {
        "instanceType": "node",
        "sources": [{"source": VIEW}],
        "filter": {"hasData": [VIEW]},
        "limit": PAGE,
    }

    def run() -> int:
        kept: list[dict[str, Any]] = []
        count = 0
        page = dict(body)
        while True:
            response = client.post("/models/instances/list", json=page)
            response.raise_for_status()
            data = response.json()
            count += len(data["items"])
            if mode == "list":
                kept.extend(data["items"])
            if not data.get("nextCursor"):
                return count
            page["cursor"] = data["nextCursor"]

    return run


def _ours(mode: str) -> Callable[[], int]:
    sdk = importlib.import_module("sdk")  # the generated SDK, on PYTHONPATH
    runtime = importlib.import_module("sdk._runtime")
    config = runtime.ClientConfig(
        base_url=_env("BENCH_URL"),
        project=_env("BENCH_PROJECT"),
        credentials=runtime.Token(_env("BENCH_TOKEN")),
    )
    client: Any = sdk.Client(config)
    if mode == "upsert":
        PrimitiveNullableWrite = sdk.PrimitiveNullableWrite

        space, count = _env("BENCH_SPACE"), int(_env("BENCH_COUNT"))
        items = [
            PrimitiveNullableWrite(space=space, external_id=f"n{i}", **_sdk_values(i)) for i in range(count)
        ]
        return lambda: len(client.upsert(items).items)
    if mode == "list":
        return lambda: len(client.primitive_nullable.list(limit=None))
    return lambda: sum(len(page) for page in client.primitive_nullable.iterate(chunk_size=PAGE))


def _sdk_values(i: int) -> dict[str, Any]:
    """The same values under the generated SDK's attribute names."""
    values = _values(i)
    values["int_64"], values["float_64"] = values.pop("int64"), values.pop("float64")
    return values


def _values(i: int) -> dict[str, Any]:
    return {
        "text": f"text {i}",
        "int64": i,
        "float64": i / 3,
        "boolean": i % 2 == 0,
        "timestamp": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
    }


def _cognite_config() -> Any:
    from cognite.client import ClientConfig
    from cognite.client.credentials import Token

    return ClientConfig(
        client_name="bench",
        project=_env("BENCH_PROJECT"),
        base_url=_env("BENCH_URL"),
        credentials=Token(_env("BENCH_TOKEN")),
    )


def _sdk(mode: str) -> Callable[[], int]:
    from cognite.client import CogniteClient
    from cognite.client.data_classes.data_modeling import NodeApply, NodeOrEdgeData, ViewId

    client = CogniteClient(_cognite_config())
    view = ViewId("sp_pygen_models", "PrimitiveNullable", "1")
    instances = client.data_modeling.instances
    if mode == "upsert":
        space, count = _env("BENCH_SPACE"), int(_env("BENCH_COUNT"))
        nodes = []
        for i in range(count):
            values = _values(i)
            properties = {
                "text": values["text"],
                "int64": values["int64"],
                "float64": values["float64"],
                "boolean": values["boolean"],
                "timestamp": values["timestamp"].isoformat(timespec="milliseconds"),
            }
            nodes.append(NodeApply(space, f"n{i}", sources=[NodeOrEdgeData(view, properties)]))
        return lambda: len(instances.apply(nodes).nodes)
    if mode == "list":
        return lambda: len(instances.list(instance_type="node", sources=[view], limit=-1))
    return lambda: sum(
        len(chunk) for chunk in instances(chunk_size=PAGE, instance_type="node", sources=[view])
    )


def _v1(mode: str) -> Callable[[], int]:
    from cognite.client import CogniteClient

    sdk = importlib.import_module("sdk")  # v1's generated SDK, on PYTHONPATH
    client: Any = sdk.Client(CogniteClient(_cognite_config()))
    if mode == "list":
        return lambda: len(client.primitive_nullable.list(limit=-1))
    return lambda: sum(len(chunk) for chunk in client.primitive_nullable.iterate(chunk_size=PAGE))


def main(mode: str, impl: str) -> int:
    warnings.simplefilter("ignore")
    factories = {"raw": _raw, "ours": _ours, "sdk": _sdk, "v1": _v1}
    run = factories[impl](mode)
    before = _rss_mb()
    begin = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - begin
    print(
        json.dumps({"seconds": seconds, "count": count, "rss_before_mb": before, "rss_after_mb": _rss_mb()})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
