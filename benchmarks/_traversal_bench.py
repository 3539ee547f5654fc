"""The query builder against cognite-pygen v1 and hand-chained calls: a 3-hop traversal, and iterate() memory.

``python -m benchmarks --only traversal`` runs this section alone. Every client runs in a fresh child process
(``_traversal_child``) against one emulator seeded with the same data (``_traversal_model``).
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path
from typing import Any

from ._generation import V1_CHILD
from ._traversal_model import CHILDREN, LINKS, data_model, instances
from ._util import (
    Section,
    clean_env,
    floor_check,
    fmt_ratio,
    fmt_s,
    median,
    run_child,
    timed_process,
)

ROOTS = 1000
ITERATE_ROOTS = 100_000
V1_FLOOR = 3.0
CHAINED_FLOOR = 5.0
RSS_FLOOR_MB = 60.0
QUERY_PAGE = 10_000  # the largest page of a query result set (what the builder asks for)
LABELS = {
    "builder": "our select()...list()",
    "chained": "our SDK, hand-chained (a round trip per hop and parent)",
    "v1": "v1 select()...list_full(), one call",
    "v1-batched": "v1 select()...list_full(), 10 calls of 100 roots",
}


def _sdks(workdir: Path, model: Path, v1: bool) -> tuple[Path, Path | None]:
    from pygen_core.codegen import GenerateOptions, generate, write_files
    from pygen_core.snapshot import load_snapshot

    ours = workdir / "ours"
    options = GenerateOptions(package="sdk", client_name="Client", default_instance_space="bench")
    write_files(generate(load_snapshot(model), options), ours)
    if not v1:
        return ours, None
    theirs = workdir / "v1"
    shutil.rmtree(theirs, ignore_errors=True)
    v1_args = [sys.executable, str(V1_CHILD), str(model), str(theirs / "sdk")]
    timed_process(v1_args, env=clean_env(), cwd=workdir, timeout=900)
    return ours, theirs


def _child(mode: str, emu: Any, sdk_dir: Path) -> dict[str, Any]:
    env = clean_env(
        {"BENCH_URL": emu.base_url, "BENCH_PROJECT": emu.project, "BENCH_TOKEN": emu.token()},
        pythonpath=[sdk_dir],
    )
    return run_child(["-m", "benchmarks._traversal_child", mode], env=env, timeout=1800)


def run_traversal(workdir: Path, *, runs: int, v1: bool, quick: bool) -> list[Section]:
    from pygen_core.emulator import Emulator

    workdir.mkdir(parents=True, exist_ok=True)
    model = workdir / "hierarchy.json"
    model.write_text(json.dumps(data_model()), encoding="utf-8")
    ours, theirs = _sdks(workdir, model, v1)
    expected = {"roots": ROOTS, "children": ROOTS * CHILDREN, "links": ROOTS * CHILDREN * LINKS}
    modes = {"builder": ours, "chained": ours}
    if theirs is not None:
        modes |= {"v1": theirs, "v1-batched": theirs}
    speed = Section(
        f"Query builder: 3-hop traversal, {ROOTS:,} roots → {CHILDREN} children each → {LINKS} links each "
        f"(median of {runs} runs, fresh child per run)",
        ["client", "time", "roots / children / links returned", "requests", "vs our builder", "floor"],
    )
    samples: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    with Emulator(snapshots=[model]) as emu:
        emu.instances.seed(instances(ROOTS))
        for _ in range(runs):
            for mode, sdk_dir in modes.items():
                samples[mode].append(_child(mode, emu, sdk_dir))
    for mode in ("builder", "chained", "v1-batched"):
        for sample in samples.get(mode, []):
            got = {key: sample[key] for key in expected}
            if got != expected:
                raise RuntimeError(f"{LABELS[mode]} returned {got}, not {expected}")
    times = {mode: median([s["seconds"] for s in found]) for mode, found in samples.items()}
    builder = times["builder"]
    largest = max(expected.values())
    pages = math.ceil(largest / QUERY_PAGE)
    for mode, found in samples.items():
        last = found[-1]
        floor = ""
        if mode == "builder":
            requests = last["requests"]
            floor = f"requests <= {pages} (pages of the largest set): {floor_check(requests, pages)}"
        elif mode == "chained":
            floor = f">= {CHAINED_FLOOR:.0f}x slower: {floor_check(CHAINED_FLOOR, times[mode] / builder)}"
        elif mode == "v1-batched":
            floor = f">= {V1_FLOOR:.0f}x slower: {floor_check(V1_FLOOR, times[mode] / builder)}"
        speed.rows.append(
            [
                LABELS[mode],
                fmt_s(times[mode]),
                f"{last['roots']:,} / {last['children']:,} / {last['links']:,}",
                "n/a" if last["requests"] is None else f"{last['requests']:,}",
                fmt_ratio(times[mode], builder),
                floor,
            ]
        )
    sent = samples["builder"][-1]["requests"]
    speed.notes += [
        f"the builder sends one /models/instances/query request per page: {sent} for {largest:,} links at "
        f"{QUERY_PAGE:,} a page (the largest result set needs {pages})",
        "v1's list_full pages only its first result set: in one call it returns the roots whose whole "
        "subtree fitted in the first page of every set (the others are dropped as 'not connected'), so it "
        "is also run on 10 batches of 100 roots, where it returns everything; the floor compares with that",
    ]
    if theirs is None:
        speed.notes.append("cognite-pygen is not installed: v1 rows are missing (run `nox -s bench`)")
    memory = Section(
        f"Query builder: iterate() over {ITERATE_ROOTS:,} roots, the same 3-hop traversal, 1,000 a page",
        ["client", "time", "roots / children / links", "requests", "peak RSS growth", "floor"],
    )
    bare = (ITERATE_ROOTS // 10 if quick else ITERATE_ROOTS) - ROOTS
    with Emulator(snapshots=[model]) as emu:
        emu.instances.seed(instances(ROOTS, bare_roots=bare))
        result = _child("iterate", emu, ours)
    if result["roots"] != ROOTS + bare or result["links"] != expected["links"]:
        raise RuntimeError(f"iterate() returned {result}")
    growth = result["rss_after_mb"] - result["rss_before_mb"]
    memory.rows.append(
        [
            "our select()...iterate()",
            fmt_s(result["seconds"]),
            f"{result['roots']:,} / {result['children']:,} / {result['links']:,}",
            f"{result['requests']:,}",
            f"{growth:.0f} MB",
            f"<= {RSS_FLOOR_MB:.0f} MB: {floor_check(growth, RSS_FLOOR_MB)}",
        ]
    )
    memory.notes.append(
        f"{ROOTS:,} of the roots have children and links; peak RSS of the child after the loop minus before"
    )
    return [speed, memory]
