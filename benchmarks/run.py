"""Run every benchmark, print the tables and write ``benchmarks/results.md``.

``python -m benchmarks`` (inside ``nox -s bench``, where cognite-pygen v1 is installed); ``--quick`` for a
smoke run with fewer repetitions and smaller inputs; ``--only SECTION`` (repeatable) runs some sections alone,
e.g. ``--only service --output /tmp/service.md``. Every comparison is taken side by side in the same run.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import importlib.util
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ._util import REPO, Section, error_line

SECTIONS = (
    "generation",
    "imports",
    "instances",
    "hook",
    "service",
    "datapoints",
    "load_sdk",
    "typescript",
    "traversal",
)
ANALYSIS = REPO / "benchmarks" / "analysis.md"
MARKER = "<!-- analysis: benchmarks/analysis.md -->"


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> list[str]:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return [
        f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} CPUs, {_cpu_model()}, {platform.system()} {platform.release()}; "
        f"load average at start {load} (the machine is shared)",
        f"- python {platform.python_version()}",
        f"- hatch-pygen {_version('hatch-pygen')}, httpx {_version('httpx')}, "
        f"pydantic {_version('pydantic')}, "
        f"cognite-sdk {_version('cognite-sdk')}, cognite-pygen {_version('cognite-pygen')}, "
        f"pandas {_version('pandas')}",
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (smoke test)")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--output", type=Path, default=REPO / "benchmarks" / "results.md")
    parser.add_argument(
        "--analysis-only",
        action="store_true",
        help="re-append analysis.md to the existing output; run nothing",
    )
    return parser.parse_args(argv)


def _analysis() -> str:
    return f"{MARKER}\n{ANALYSIS.read_text(encoding='utf-8')}" if ANALYSIS.is_file() else ""


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.analysis_only:
        measured = args.output.read_text(encoding="utf-8").split(MARKER)[0]
        if ANALYSIS.is_file():  # output written before the marker existed
            measured = measured.split(ANALYSIS.read_text(encoding="utf-8").splitlines()[0])[0]
        measured = measured.rstrip("\n")
        args.output.write_text(f"{measured}\n\n{_analysis()}", encoding="utf-8")
        return 0
    # Measure what users get: with PYTHONDONTWRITEBYTECODE (set on our CI machines) every child process would
    # compile every module from source, a cost no installed environment pays. Warm-up runs write the .pyc.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    only = set(args.only or SECTIONS)
    v1 = importlib.util.find_spec("cognite.pygen") is not None
    cognite_sdk = importlib.util.find_spec("cognite.client") is not None
    runs = 3 if args.quick else 5
    sizes = (10, 33) if args.quick else (10, 33, 50, 200)
    started = time.perf_counter()
    sections: list[Section] = []
    header = machine()
    print("\n".join(header), flush=True)

    def show(section: Section) -> None:
        sections.append(section)
        print("\n" + section.text(), flush=True)

    def failed(title: str, error: Exception) -> None:
        last = error_line(str(error)) if str(error).strip() else type(error).__name__
        show(Section(title, ["status"], [["failed"]], [f"{type(error).__name__}: {last}"]))

    with tempfile.TemporaryDirectory(prefix="pygen-bench-") as temp:
        workdir = Path(temp)
        from ._generation import GenerationResult, run_generation

        # Generation also writes the SDKs the other sections use (the service section needs none).
        if only & {"generation", "imports", "instances"}:
            generation = run_generation(
                workdir,
                sizes=sizes,
                runs=1 if args.quick else 5,
                min_runs=1 if args.quick else 3,
                v1=v1,
                only_sdks="generation" not in only,
            )
        else:
            generation = GenerationResult()
        for section in generation.sections:
            show(section)
        if "imports" in only:
            from ._imports import run_imports

            try:
                show(run_imports(generation.ours_dirs, generation.v1_dirs, runs))
            except (RuntimeError, OSError) as error:
                failed("Import time", error)
        if "instances" in only:
            from ._instances_bench import run_instances

            try:
                for section in run_instances(
                    generation.ours_dirs.get("large"),
                    generation.v1_dirs.get("large"),
                    nodes=20_000 if args.quick else 100_000,
                    upserts=2_000 if args.quick else 10_000,
                    runs=3,
                    cognite_sdk=cognite_sdk,
                ):
                    show(section)
            except (RuntimeError, OSError) as error:
                failed("Listing and upserting", error)
        if "hook" in only:
            from ._hook_bench import run_hook

            hook_dir = workdir / "hook"
            hook_dir.mkdir()
            try:
                show(run_hook(hook_dir, 3 if args.quick else 7))
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
                failed("Build hook", error)
        if "service" in only:
            from ._service_bench import run_service

            try:
                show(run_service())
            except (RuntimeError, OSError) as error:
                failed("Service", error)
        if "datapoints" in only and cognite_sdk:
            from ._parity_bench import run_datapoints

            try:
                show(run_datapoints(200_000 if args.quick else 1_000_000, runs))
            except (RuntimeError, OSError) as error:
                failed("Datapoints", error)
        if "load_sdk" in only:
            from ._parity_bench import run_load_sdk

            try:
                show(run_load_sdk(runs))
            except (RuntimeError, OSError) as error:
                failed("load_sdk", error)
        if "typescript" in only:
            from ._typescript_bench import run_typescript

            ts_dir = workdir / "typescript"
            ts_dir.mkdir()
            try:
                for section in run_typescript(ts_dir, nodes=20_000 if args.quick else 100_000, runs=runs):
                    show(section)
            except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                failed("TypeScript", error)
        if "traversal" in only:
            from ._traversal_bench import run_traversal

            try:
                for section in run_traversal(workdir / "traversal", runs=runs, v1=v1, quick=args.quick):
                    show(section)
            except (RuntimeError, OSError) as error:
                failed("Query builder", error)
    total = time.perf_counter() - started
    body = ["# Benchmarks", "", *header, f"- total bench time: {total:.0f} s", ""]
    if not v1:
        body.append("cognite-pygen is not installed here: v1 columns are n/a (run `nox -s bench`).\n")
    body += [section.markdown() for section in sections]
    body.append(_analysis())
    args.output.write_text("\n".join(body), encoding="utf-8")
    print(f"wrote {args.output} ({total:.0f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
