"""Benchmark: listing N nodes (default 100,000) with the TypeScript SDK vs raw ``fetch`` + ``JSON.parse``.

``python -m tests.typescript.bench [--nodes N] [--runs R]`` (or ``nox -s bench_ts``): seeds the emulator,
builds the TypeScript package, then runs each mode in a fresh ``node`` process R times, alternating, and
prints the medians and the ratios to raw (goal: list <= 1.3x raw), for wall time and for the node process's
CPU time (the client's own cost; the wall time also holds the emulator's, and the machine may be shared).
Every node has all nine primitive properties (a timestamp to become a Date, an int64 to become a bigint,
JSON). Not run by the test suite.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pygen_core.emulator import Emulator
from tests._models import model_path

HERE = Path(__file__).resolve().parent
GOAL = 1.3


def seed_items(count: int, unsafe_every: int) -> list[dict[str, Any]]:
    """Nodes of PrimitiveNullable with every property set; every ``unsafe_every``-th int64 is beyond 2^53."""
    return [
        {
            "instanceType": "node",
            "space": "sp_bench",
            "externalId": f"bench-{i:07d}",
            "version": 1,
            "createdTime": 1700000000000 + i,
            "lastUpdatedTime": 1700000000000 + i,
            "properties": {
                "sp_pygen_models": {
                    "PrimitiveNullable/1": {
                        "text": f"Node number {i}",
                        "boolean": i % 2 == 0,
                        "int32": i % 100_000,
                        "int64": 2**60 + i if unsafe_every and i % unsafe_every == 0 else i * 1_000_003,
                        "float32": i / 8,
                        "float64": i / 7,
                        "date": "2024-05-14",
                        "timestamp": "2024-05-31T02:12:29.000+00:00",
                        "json": {"index": i, "tags": ["a", "b"]},
                    }
                }
            },
        }
        for i in range(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.typescript.bench", description=__doc__)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--unsafe-every",
        type=int,
        default=0,
        help="make every K-th int64 exceed 2^53 (0: none, ordinary pages)",
    )
    args = parser.parse_args(argv)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        print("bench: node and npm are needed", file=sys.stderr)
        return 2
    if not (HERE / "node_modules").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    subprocess.run([npm, "run", "--silent", "build"], cwd=HERE, check=True)
    with Emulator(snapshots=[model_path("Omni.json")]) as emu:
        begin = time.perf_counter()
        emu.instances.seed(seed_items(args.nodes, args.unsafe_every))
        unsafe = f", every {args.unsafe_every}th int64 beyond 2^53" if args.unsafe_every else ""
        print(f"seeded {args.nodes:,} nodes{unsafe} in {time.perf_counter() - begin:.1f} s")
        env = {
            "BENCH_URL": emu.base_url,
            "BENCH_PROJECT": emu.project,
            "BENCH_TOKEN": emu.token(),
            "PATH": str(Path(node).parent),
        }
        samples: dict[str, list[dict[str, Any]]] = {"raw": [], "list": [], "iterate": []}
        for _ in range(args.runs):
            for mode in samples:
                done = subprocess.run(
                    [node, str(HERE / "dist-test" / "bench-list.js"), mode],
                    env=env, capture_output=True, text=True, check=True, timeout=1800,
                )  # fmt: skip
                result = json.loads(done.stdout.strip().splitlines()[-1])
                if result["count"] != args.nodes:
                    raise SystemExit(f"bench: {mode} saw {result['count']} nodes, not {args.nodes}")
                samples[mode].append(result)
    raw = statistics.median(s["seconds"] for s in samples["raw"])
    raw_cpu = statistics.median(s["cpuSeconds"] for s in samples["raw"])
    print(f"\nListing {args.nodes:,} nodes, median of {args.runs} runs (fresh node process each):")
    print(f"{'mode':<28}{'time':>9}{'vs raw':>9}{'node CPU':>10}{'vs raw':>9}{'peak RSS':>10}")
    labels = {"raw": "raw fetch + JSON.parse", "list": "SDK list({limit: null})", "iterate": "SDK iterate()"}
    verdict = 0
    for mode, runs in samples.items():
        seconds = statistics.median(s["seconds"] for s in runs)
        cpu = statistics.median(s["cpuSeconds"] for s in runs)
        rss = statistics.median(s["rssMb"] for s in runs)
        ratio, cpu_ratio = seconds / raw, cpu / raw_cpu
        print(f"{labels[mode]:<28}{seconds:>8.2f}s{ratio:>8.2f}x{cpu:>9.2f}s{cpu_ratio:>8.2f}x{rss:>7.0f} MB")
        if mode == "list" and ratio > GOAL:
            verdict = 1
    print(f"\ngoal: SDK list <= {GOAL}x raw: {'met' if verdict == 0 else 'NOT met'}")
    return verdict


if __name__ == "__main__":
    raise SystemExit(main())
