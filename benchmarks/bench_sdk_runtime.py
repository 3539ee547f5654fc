"""SDK runtime vs raw httpx + json: listing N nodes, client-side parse cost, iterate memory, import cost.

Run: ``.venv/bin/python benchmarks/bench_sdk_runtime.py [N]`` (default 100000). Prints ratios against the
floors (list ≤ 1.5x raw, iterate peak ≤ 50 MB, ``from sdk import Client`` ≤ 1.5x ``import httpx, pydantic``).
Uses the hand-written omni_mini SDK (tests/handwritten_sdk) installed with its runtime copy, on the emulator.
"""

from __future__ import annotations

import gc
import importlib
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import httpx

from pygen_core.emulator import Emulator
from pygen_core.runtime import HTTPClient

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "tests" / "data" / "models"  # the repository's copies (run as a script: no package import)
VIEW = {"type": "view", "space": "sp_pygen_models", "externalId": "PrimitiveNullable", "version": "1"}
LIST_BODY = {
    "instanceType": "node",
    "sources": [{"source": VIEW}],
    "filter": {"hasData": [VIEW]},
    "limit": 1000,
}


def install(target: Path) -> None:
    shutil.copytree(REPO / "tests" / "handwritten_sdk" / "omni_mini", target / "omni_mini")
    shutil.copytree(REPO / "pygen_core" / "runtime", target / "omni_mini" / "_runtime")
    sys.path.insert(0, str(target))


def seed(http: HTTPClient, n: int) -> None:
    for start in range(0, n, 1000):
        items = [
            {
                "instanceType": "node",
                "space": "bench",
                "externalId": f"n{i}",
                "sources": [
                    {
                        "source": VIEW,
                        "properties": {
                            "text": f"text number {i}",
                            "int32": i,
                            "int64": i * 1000,
                            "float64": i / 7,
                            "boolean": i % 2 == 0,
                            "date": "2024-05-14",
                            "timestamp": "2024-05-31T02:12:29.000+00:00",
                            "json": {"i": i},
                        },
                    }
                ],
            }
            for i in range(start, min(n, start + 1000))
        ]
        http.post("/models/instances", {"items": items})


def raw_list(emu: Emulator) -> tuple[int, list[bytes]]:
    config = emu.client_config()
    headers = {"Authorization": config.credentials.authorization_header(), "content-type": "application/json"}
    url = f"{config.api_url}/models/instances/list"
    pages: list[bytes] = []
    count = 0
    with httpx.Client(timeout=60) as client:
        cursor = None
        while True:
            body = dict(LIST_BODY, cursor=cursor) if cursor else LIST_BODY
            response = client.post(url, json=body, headers=headers)
            pages.append(response.content)
            data = response.json()
            count += len(data["items"])
            cursor = data.get("nextCursor")
            if not cursor:
                return count, pages


def cpu_of(code: str, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True, cwd=sys.path[0])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return min(times)


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        install(Path(tmp))
        omni: Any = importlib.import_module("omni_mini")
        dc: Any = importlib.import_module("omni_mini")
        with Emulator(snapshots=[MODELS / "Omni.json"]) as emu:
            with HTTPClient(emu.client_config()) as http:
                t = time.perf_counter()
                seed(http, n)
                print(f"seeded {n} nodes in {time.perf_counter() - t:.1f}s")
            client = omni.OmniMiniClient(emu.client_config())
            for _ in range(2):  # warm up both paths
                raw_list(emu)
                client.primitive_nullable.list(limit=None)
            t = time.perf_counter()
            count, pages = raw_list(emu)
            raw_s = time.perf_counter() - t
            t = time.perf_counter()
            items = client.primitive_nullable.list(limit=None)
            sdk_s = time.perf_counter() - t
            assert len(items) == count == n, (len(items), count, n)
            print(
                f"list {n}: raw httpx+json {raw_s:.2f}s, SDK {sdk_s:.2f}s, "
                f"ratio {sdk_s / raw_s:.2f} (floor 1.5)"
            )
            del items

            adapter = importlib.import_module("omni_mini._runtime._api")._adapter(dc.PrimitiveNullable)
            t = time.perf_counter()
            for page in pages:
                json.loads(page)
            parse_s = time.perf_counter() - t
            t = time.perf_counter()
            for page in pages:
                dc.PrimitiveNullableList(adapter.validate_python(json.loads(page)["items"]))
            typed_s = time.perf_counter() - t
            runtime_api = importlib.import_module("omni_mini._runtime._api")
            page_adapter = runtime_api._page_adapter(dc.PrimitiveNullable)
            t = time.perf_counter()
            for page in pages:
                dc.PrimitiveNullableList(page_adapter.validate_json(page).items)
            bytes_s = time.perf_counter() - t
            print(
                f"client side only: json.loads {parse_s:.2f}s, json.loads+validate_python {typed_s:.2f}s "
                f"(ratio {typed_s / parse_s:.2f}), validate_json from bytes as list() does {bytes_s:.2f}s "
                f"(ratio {bytes_s / parse_s:.2f}) (informational: server time excluded)"
            )

            gc.collect()
            tracemalloc.start()
            seen = 0
            for page in client.primitive_nullable.iterate(chunk_size=1000):
                seen += len(page)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert seen == n
            print(f"iterate {n} in pages of 1000: peak traced memory {peak / 1e6:.1f} MB (floor 50 MB)")
            client.close()

        base = cpu_of("import httpx, pydantic")
        sdk = cpu_of("from omni_mini import OmniMiniClient")
        print(
            f"import: httpx+pydantic {base:.3f}s cpu, 'from omni_mini import OmniMiniClient' {sdk:.3f}s cpu, "
            f"ratio {sdk / base:.2f} (floor 1.5)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
