"""Emulator datapoints: insert and retrieve 1,000,000 points of one time series, JSON and protobuf.

Run: ``.venv/bin/python benchmarks/bench_datapoints.py [N]`` (default 1000000). Prints, side by side in one
run: the emulator's own serving cost per 100,000 points (JSON and protobuf, no HTTP), a plain httpx client
paging the JSON answer with cursors (the floor a JSON-speaking SDK helper can reach), and cognite-sdk's
``retrieve`` (protobuf, its concurrent time-splitting fetcher) and ``retrieve_arrays``. Ratios are against the
httpx JSON floor. Our typed references' helper against cognite-sdk: ``python -m benchmarks --only
datapoints``.
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

from pygen_core.emulator import Emulator

T0 = 1_600_000_000_000
PAGE = 100_000


def _best(fn: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def _json_pages(client: httpx.Client, xid: str, end: int) -> int:
    count, cursor = 0, None
    while True:
        item: dict[str, Any] = {"externalId": xid, "start": 0, "end": end, "limit": PAGE}
        if cursor:
            item["cursor"] = cursor
        body = client.post("/timeseries/data/list", json={"items": [item]}).json()["items"][0]
        count += len(body["datapoints"])
        cursor = body.get("nextCursor")
        if not cursor:
            return count


def main(n: int) -> None:
    from cognite.client import ClientConfig, CogniteClient
    from cognite.client.credentials import Token

    with Emulator() as emu:
        headers = {"Authorization": f"Bearer {emu.token()}"}
        with httpx.Client(base_url=emu.project_url, headers=headers, timeout=300) as client:
            client.post("/timeseries", json={"items": [{"externalId": "bench"}]}).raise_for_status()
            bodies = [
                json.dumps(
                    {
                        "items": [
                            {
                                "externalId": "bench",
                                "datapoints": [
                                    {"timestamp": T0 + i * 1000, "value": math.sin(i / 1000) * 100}
                                    for i in range(s, min(n, s + PAGE))
                                ],
                            }
                        ]
                    }
                )
                for s in range(0, n, PAGE)
            ]
            start = time.perf_counter()
            for body in bodies:
                client.post(
                    "/timeseries/data", content=body, headers={"content-type": "application/json"}
                ).raise_for_status()
            insert = time.perf_counter() - start
            end = T0 + n * 1000

            store = emu.resources.datapoints
            query = {"items": [{"externalId": "bench", "start": 0, "end": end, "limit": PAGE}]}
            server_json, _ = _best(lambda: store.retrieve(query, False), 5)
            server_pb, _ = _best(lambda: store.retrieve(query, True), 5)
            floor, count = _best(lambda: _json_pages(client, "bench", end))
            assert count == n, count

        config = ClientConfig(
            client_name="bench", project=emu.project, base_url=emu.base_url, credentials=Token(emu.token())
        )
        data = CogniteClient(config).time_series.data
        sdk_list, got = _best(lambda: data.retrieve(external_id="bench", start=0, end=end))
        assert len(got) == n, len(got)
        sdk_arrays, arrays = _best(lambda: data.retrieve_arrays(external_id="bench", start=0, end=end))
        assert len(arrays) == n

    print(f"datapoints of one series: {n:,}")
    print(f"  insert (JSON, {PAGE:,} per request)     {insert:7.2f} s   {n / insert:12,.0f} points/s")
    print(f"  emulator serves {PAGE:,} as JSON        {server_json * 1000:7.1f} ms  (in process, no HTTP)")
    print(f"  emulator serves {PAGE:,} as protobuf    {server_pb * 1000:7.1f} ms  (in process, no HTTP)")
    print(f"  httpx + json.loads, cursor pages       {floor:7.2f} s   1.00x  (JSON floor)")
    print(f"  cognite-sdk retrieve (protobuf)        {sdk_list:7.2f} s   {sdk_list / floor:.2f}x")
    print(f"  cognite-sdk retrieve_arrays (numpy)    {sdk_arrays:7.2f} s   {sdk_arrays / floor:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
