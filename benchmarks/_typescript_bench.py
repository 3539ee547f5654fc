"""TypeScript: generating the TypeScript SDK vs the Python one, and listing nodes with it vs raw fetch.

Generation is timed in process, the two languages interleaved run by run (same snapshot, same process).
Listing runs each mode in a fresh ``node`` process against one seeded emulator, alternating raw ``fetch`` +
``JSON.parse``, the SDK's ``list`` and its ``iterate``, on the SDK generated for Omni here and built with the
typescript that ``tests/typescript`` pins (``npm ci`` there when needed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from ._util import MODELS, REPO, Section, floor_check, fmt_ratio, fmt_s, median

GENERATION_FLOOR = 1.2
LISTING_FLOOR = 1.3
TS_TESTS = REPO / "tests" / "typescript"
CHILD = Path(__file__).resolve().parent / "ts_list_child.mjs"


def _lines(files: dict[Any, str]) -> int:
    return sum(text.count("\n") for path, text in files.items() if "_runtime" not in Path(str(path)).parts)


def run_generation(runs: int) -> Section:
    """Omni (and WindTurbine): TypeScript and Python generation, interleaved, in this process."""
    from pygen_core.codegen import GenerateOptions, generate
    from pygen_core.snapshot import load_snapshot

    section = Section(
        "TypeScript: generating the SDK vs the Python SDK (in process, interleaved; median)",
        ["model", "python", "typescript", "ts / python", "python lines", "ts lines", "floor"],
        notes=[
            f"{runs} runs each after one warm-up of both; `generate()` in memory, the runtime copy "
            "included in the time, not in the line counts",
            f"floor: TypeScript <= {GENERATION_FLOOR}x Python for Omni",
        ],
    )
    for name in ("Omni", "WindTurbine"):
        snapshot = load_snapshot(MODELS / f"{name}.json")
        options = {
            "python": GenerateOptions(package="sdk", client_name="Client"),
            "typescript": GenerateOptions(package="sdk", client_name="Client", language="typescript"),
        }
        files = {language: generate(snapshot, opts) for language, opts in options.items()}  # warm-up
        times: dict[str, list[float]] = {"python": [], "typescript": []}
        for _ in range(runs):
            for language, opts in options.items():
                begin = time.perf_counter()
                generate(snapshot, opts)
                times[language].append(time.perf_counter() - begin)
        python, typescript = median(times["python"]), median(times["typescript"])
        floor = floor_check(typescript / python, GENERATION_FLOOR) if name == "Omni" else ""
        section.rows.append(
            [
                name,
                fmt_s(python),
                fmt_s(typescript),
                fmt_ratio(typescript, python),
                f"{_lines(files['python']):,}",
                f"{_lines(files['typescript']):,}",
                floor,
            ]
        )
    return section


def _build_sdk(workdir: Path, npm: str) -> Path:
    from pygen_core.codegen import GenerateOptions, generate, write_files
    from pygen_core.snapshot import load_snapshot

    if not (TS_TESTS / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=TS_TESTS, check=True, capture_output=True)
    options = GenerateOptions(package="omni-bench", language="typescript", default_instance_space="sp_bench")
    (package,) = write_files(generate(load_snapshot(MODELS / "Omni.json"), options), workdir)
    tsc = TS_TESTS / "node_modules" / ".bin" / "tsc"
    subprocess.run([str(tsc), "-p", str(package)], check=True, capture_output=True, timeout=600)
    return package / "dist" / "index.js"


def run_listing(workdir: Path, nodes: int, runs: int) -> Section:
    """Listing ``nodes`` nodes: raw fetch + JSON.parse vs the generated SDK, side by side in one run."""
    from pygen_core.emulator import Emulator
    from tests.typescript.bench import seed_items

    node, npm = shutil.which("node"), shutil.which("npm")
    title = f"TypeScript: listing {nodes:,} nodes from the emulator (median of {runs} runs, fresh node each)"
    headers = ["client", "time", "vs raw", "node CPU", "vs raw", "peak RSS", "floor"]
    if node is None or npm is None:
        return Section(title, ["status"], [["n/a: node and npm are needed"]])
    entry = _build_sdk(workdir, npm)
    samples: dict[str, list[dict[str, Any]]] = {"raw": [], "list": [], "iterate": []}
    with Emulator(snapshots=[MODELS / "Omni.json"]) as emu:
        begin = time.perf_counter()
        emu.instances.seed(seed_items(nodes, 0))
        seeded = time.perf_counter() - begin
        env = {
            "BENCH_SDK": entry.as_uri(),
            "BENCH_URL": emu.base_url,
            "BENCH_PROJECT": emu.project,
            "BENCH_TOKEN": emu.token(),
            "PATH": str(Path(node).parent),
        }
        for _ in range(runs):
            for mode in samples:
                done = subprocess.run(
                    [node, str(CHILD), mode],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=1800,
                )
                if done.returncode != 0:
                    raise RuntimeError(f"node {mode} exited {done.returncode}: {done.stderr[-2000:]}")
                result = json.loads(done.stdout.strip().splitlines()[-1])
                if result["count"] != nodes:
                    raise RuntimeError(f"{mode} saw {result['count']} nodes, not {nodes}")
                samples[mode].append(result)
    raw = median([s["seconds"] for s in samples["raw"]])
    raw_cpu = median([s["cpuSeconds"] for s in samples["raw"]])
    labels = {
        "raw": "raw fetch + JSON.parse",
        "list": "SDK list({ limit: null })",
        "iterate": "SDK iterate()",
    }
    section = Section(
        title,
        headers,
        notes=[
            f"seeded {nodes:,} PrimitiveNullable nodes (all nine property types) in {seeded:.1f} s; the SDK "
            "is generated for Omni here and built with the pinned typescript",
            "time is wall time (it holds the emulator's work too; the machine is shared); node CPU is the "
            "client's own cost",
            f"floor: SDK list <= {LISTING_FLOOR}x raw in time",
        ],
    )
    for mode, results in samples.items():
        seconds = median([s["seconds"] for s in results])
        cpu = median([s["cpuSeconds"] for s in results])
        rss = median([s["rssMb"] for s in results])
        floor = floor_check(seconds / raw, LISTING_FLOOR) if mode == "list" else ""
        section.rows.append(
            [
                labels[mode],
                fmt_s(seconds),
                fmt_ratio(seconds, raw),
                fmt_s(cpu),
                fmt_ratio(cpu, raw_cpu),
                f"{rss:.0f} MB",
                floor,
            ]
        )
    return section


def run_typescript(workdir: Path, *, nodes: int, runs: int) -> list[Section]:
    """Both TypeScript tables (generation: at least 9 runs; listing: 3 with --quick, else 5)."""
    return [run_generation(max(runs, 9)), run_listing(workdir, nodes, 3 if runs < 5 else 5)]
