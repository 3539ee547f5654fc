"""Listing/iterating 100k nodes and upserting 10k nodes against the emulator, one fresh child per run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ._util import MODELS, Section, clean_env, floor_check, fmt_ratio, fmt_s, median, run_child

LIST_FLOOR = 1.5
MEMORY_FLOOR_MB = 50.0
LABELS = {"raw": "raw httpx + json", "ours": "our SDK", "sdk": "cognite-sdk instances", "v1": "v1 SDK"}


def _seed_items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "instanceType": "node",
            "space": "sp_bench_instances",
            "externalId": f"node-{i:06d}",
            "version": 1,
            "createdTime": 1700000000000,
            "lastUpdatedTime": 1700000000000,
            "properties": {
                "sp_pygen_models": {
                    "PrimitiveNullable/1": {
                        "text": f"Node number {i}",
                        "int32": i % 1000,
                        "int64": i,
                        "float64": i / 7,
                        "boolean": i % 2 == 0,
                        "date": "2024-05-14",
                        "timestamp": "2024-05-31T02:12:29.000+00:00",
                        "json": {"index": i},
                    }
                }
            },
        }
        for i in range(count)
    ]


def _child(mode: str, impl: str, emu: Any, sdk_dir: Path | None, extra: dict[str, str]) -> dict[str, Any]:
    env = clean_env(
        {"BENCH_URL": emu.base_url, "BENCH_PROJECT": emu.project, "BENCH_TOKEN": emu.token(), **extra},
        pythonpath=[sdk_dir] if sdk_dir is not None else (),
    )
    return run_child(["-m", "benchmarks._io_child", mode, impl], env=env, timeout=1800)


def run_instances(
    ours: Path | None, v1: Path | None, *, nodes: int, upserts: int, runs: int, cognite_sdk: bool
) -> list[Section]:
    from pygen_core.emulator import Emulator

    sdk_dirs: dict[str, Path | None] = {"raw": None}
    if ours is not None:
        sdk_dirs["ours"] = ours
    if cognite_sdk:
        sdk_dirs["sdk"] = None
    if v1 is not None:
        sdk_dirs["v1"] = v1
    listing = Section(
        f"Listing {nodes:,} nodes from the emulator (median of {runs} runs, fresh child per run)",
        ["client", "mode", "time", "vs raw", "peak RSS growth", "floor"],
    )
    upsert = Section(
        f"Upserting {upserts:,} nodes (median of {runs} runs)", ["client", "time", "nodes/s", "vs ours"]
    )
    with Emulator(snapshots=[MODELS / "Omni.json"]) as emu:
        begin = time.perf_counter()
        emu.instances.seed(_seed_items(nodes))
        listing.notes.append(
            f"seeded {nodes:,} nodes through the InstanceStore in {fmt_s(time.perf_counter() - begin)}"
        )
        samples: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for _ in range(runs):
            for mode in ("iterate", "list"):
                for impl, directory in sdk_dirs.items():
                    result = _child(mode, impl, emu, directory, {})
                    if result["count"] != nodes:
                        raise RuntimeError(f"{impl} {mode} saw {result['count']} nodes, not {nodes}")
                    samples.setdefault((mode, impl), []).append(result)
        for mode in ("iterate", "list"):
            raw = median([s["seconds"] for s in samples[(mode, "raw")]])
            for impl in sdk_dirs:
                runs_ = samples[(mode, impl)]
                seconds = median([s["seconds"] for s in runs_])
                growth = median([s["rss_after_mb"] - s["rss_before_mb"] for s in runs_])
                floor = ""
                if impl == "ours":
                    floor = f"time <= {LIST_FLOOR}x raw: {floor_check(seconds / raw, LIST_FLOOR)}"
                    if mode == "iterate":
                        floor += (
                            f"; growth <= {MEMORY_FLOOR_MB:.0f} MB: {floor_check(growth, MEMORY_FLOOR_MB)}"
                        )
                listing.rows.append(
                    [LABELS[impl], mode, fmt_s(seconds), fmt_ratio(seconds, raw), f"{growth:.0f} MB", floor]
                )
        try:
            upsert_impls = [impl for impl in ("ours", "sdk") if impl in sdk_dirs]
            upsert_samples: dict[str, list[float]] = {impl: [] for impl in upsert_impls}
            for run in range(runs):
                for impl in upsert_impls:
                    extra = {"BENCH_SPACE": f"sp_upsert_{impl}_{run}", "BENCH_COUNT": str(upserts)}
                    result = _child("upsert", impl, emu, sdk_dirs[impl], extra)
                    if result["count"] != upserts:
                        raise RuntimeError(f"{impl} upsert wrote {result['count']} nodes, not {upserts}")
                    upsert_samples[impl].append(result["seconds"])
            ours_upsert = median(upsert_samples.get("ours", []))
            for impl in upsert_impls:
                seconds = median(upsert_samples[impl])
                upsert.rows.append(
                    [
                        LABELS[impl],
                        fmt_s(seconds),
                        f"{upserts / seconds:,.0f}",
                        fmt_ratio(seconds, ours_upsert),
                    ]
                )
            upsert.notes.append(
                "each client with its defaults (ours: chunks of 1,000 on 2 write workers; cognite-sdk: its "
                "own chunking and thread pool); every run writes new nodes into a fresh space"
            )
        except RuntimeError as error:
            upsert.notes.append(f"failed: {str(error).strip().splitlines()[-1]}")
    listing.notes.append(
        "list holds every node in memory; iterate keeps one page of 1,000; RSS growth is the child's peak "
        "RSS after the operation minus before it (imports and client set-up excluded)"
    )
    return [listing, upsert]
