"""Generation as users run it: the whole ``pygen generate`` process against a whole cognite-pygen v1 process
(import, ``generate_sdk(..., output_dir=...)``), side by side; and the size of what each writes."""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests._models import MODEL_FILES

from ._synthetic import PROPERTIES_PER_VIEW, synthetic_model
from ._util import Section, clean_env, count_lines, fmt_ratio, fmt_s, median, timed_process

SPEED_FLOOR = 25.0
"""v1's process time over ours, at least, on every shared model and on synthetic-33 (issue 9 §6)."""
SIZE_FLOOR = 0.25
"""Our generated lines without ``_runtime/`` over all of v1's, at most, on every model (issue 9 §3)."""
SPEED_FLOOR_SYNTHETIC = "synthetic-33"
# Models whose SDKs the import and listing benchmarks use: small, large (real), very large (synthetic).
SDK_MODELS = {"small": "Pumps", "large": "Omni", "huge": "synthetic-200"}
V1_BUDGET = 60.0
"""Seconds of v1 process time per model after which no further run is started (once ``min_runs`` ran)."""
V1_CHILD = Path(__file__).with_name("_v1_child.py")
RUNTIME_DIR = "_runtime"
OPTIONS = ("--package", "sdk", "--client-name", "Client", "--default-instance-space", "sp_bench_instances")


@dataclass
class Model:
    label: str
    path: Path
    views: int
    properties: int

    @property
    def speed_floor(self) -> bool:
        return not self.label.startswith("synthetic") or self.label == SPEED_FLOOR_SYNTHETIC


@dataclass
class GenerationResult:
    sections: list[Section] = field(default_factory=list)
    ours_dirs: dict[str, Path] = field(default_factory=dict)
    v1_dirs: dict[str, Path] = field(default_factory=dict)


def bench_models(workdir: Path, sizes: tuple[int, ...]) -> list[Model]:
    """Every data model in ``tests/data/models`` and synthetic models of the given view counts."""
    models = []
    for path in MODEL_FILES:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or "views" not in raw:
            continue
        properties = sum(len(view.get("properties", {})) for view in raw["views"])
        models.append(Model(path.stem, path, len(raw["views"]), properties))
    for size in sizes:
        path = workdir / f"synthetic-{size}.json"
        path.write_text(json.dumps(synthetic_model(size)), encoding="utf-8")
        models.append(Model(f"synthetic-{size}", path, size, size * PROPERTIES_PER_VIEW))
    return models


def pygen_command() -> list[str]:
    """Our console script next to ``sys.executable``: ``pygen``, or ``hatch-pygen`` (the same entry point)
    when cognite-pygen's own ``pygen`` script was installed over ours."""
    bindir = Path(sys.executable).parent
    for name in ("pygen", "hatch-pygen"):
        script = bindir / name
        if script.is_file() and "pygen_core" in script.read_text(encoding="utf-8", errors="replace"):
            return [str(script)]
    raise RuntimeError(f"no console script of hatch-pygen next to {sys.executable}: pip install -e .")


class _Runner:
    """Runs one generation process of either implementation into a fresh output directory."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir / "generated"
        self.workdir.mkdir(exist_ok=True)
        self.command = pygen_command()
        self.env = clean_env(repo=False)

    def output(self, kind: str, model: Model) -> Path:
        return self.workdir / f"{kind}-{model.label}"

    def ours(self, model: Model) -> float:
        out = self.output("ours", model)
        shutil.rmtree(out, ignore_errors=True)
        args = [*self.command, "generate", "--snapshot", str(model.path), *OPTIONS, "-o", str(out)]
        return timed_process(args, env=self.env, cwd=self.workdir)[0]

    def v1(self, model: Model) -> float:
        out = self.output("v1", model)
        shutil.rmtree(out, ignore_errors=True)
        args = [sys.executable, str(V1_CHILD), str(model.path), str(out / "sdk")]
        return timed_process(args, env=self.env, cwd=self.workdir)[0]


def _in_memory(model: Model, runs: int) -> float:
    """Our ``generate()`` alone, inside this process (snapshot already read; no import, no writing)."""
    from pygen_core.codegen import GenerateOptions, generate
    from pygen_core.snapshot import load_snapshot

    snapshot = load_snapshot(model.path)
    options = GenerateOptions(
        package="sdk", client_name="Client", default_instance_space="sp_bench_instances"
    )
    times: list[float] = []
    while len(times) < runs:
        begin = time.perf_counter()
        generate(snapshot, options)
        times.append(time.perf_counter() - begin)
    return median(times)


def _ok(passed: bool) -> str:
    return "ok" if passed else "MISSED"


def run_generation(
    workdir: Path, *, sizes: tuple[int, ...], runs: int, min_runs: int, v1: bool, only_sdks: bool = False
) -> GenerationResult:
    """Time and measure every model (or, with ``only_sdks``, just write the SDKs the other sections use)."""
    runner = _Runner(workdir)
    models = bench_models(workdir, sizes)
    result = GenerationResult()
    wanted = {label: key for key, label in SDK_MODELS.items()}
    if only_sdks:
        for model in models:
            if model.label in wanted:
                runner.ours(model)
                result.ours_dirs[wanted[model.label]] = runner.output("ours", model)
                if v1:
                    runner.v1(model)
                    result.v1_dirs[wanted[model.label]] = runner.output("v1", model)
        return result

    speed = Section(
        "Generation: the whole process (wall time, median)",
        ["model", "views", "props", "ours: pygen generate", "v1: generate_sdk", "v1 / ours",
         f"floor >= {SPEED_FLOOR:.0f}x", "ours in memory"],
    )  # fmt: skip
    size = Section(
        f"Generated size: ours without {RUNTIME_DIR}/ vs v1",
        ["model", "ours lines (files)", "v1 lines (files)", "ours / v1", f"floor <= {SIZE_FLOOR:.0%}"],
    )
    # One warm-up run of each, so both find their .pyc files (as any installed environment does).
    warm = min(models, key=lambda model: model.properties)
    runner.ours(warm)
    if v1:
        runner.v1(warm)
    runtime_lines: set[tuple[int, int]] = set()
    for model in models:
        ours: list[float] = []
        theirs: list[float] = []
        for index in range(runs):
            if v1 and index >= min_runs and sum(theirs) > V1_BUDGET:
                break
            ours.append(runner.ours(model))  # interleaved: both see the same machine load
            if v1:
                theirs.append(runner.v1(model))
        ours_time = median(ours)
        v1_time = median(theirs) if theirs else None
        ratio = v1_time / ours_time if v1_time else None
        floor = ""
        if model.speed_floor:
            floor = _ok(ratio >= SPEED_FLOOR) if ratio is not None else "n/a"
        speed.rows.append(
            [
                model.label,
                str(model.views),
                str(model.properties),
                f"{fmt_s(ours_time)} ({len(ours)} runs)",
                f"{fmt_s(v1_time)} ({len(theirs)} runs)" if theirs else "n/a",
                fmt_ratio(v1_time, ours_time),
                floor,
                fmt_s(_in_memory(model, max(runs, 3))),
            ]
        )

        package = runner.output("ours", model) / "sdk"
        lines, files = count_lines(package, exclude=(RUNTIME_DIR,))
        runtime_lines.add(count_lines(package / RUNTIME_DIR))
        row = [model.label, f"{lines:,} ({files})", "n/a", "n/a", ""]
        if v1:
            v1_lines, v1_files = count_lines(runner.output("v1", model) / "sdk")
            share = lines / v1_lines
            row[2:] = [f"{v1_lines:,} ({v1_files})", f"{share:.1%}", _ok(share <= SIZE_FLOOR)]
        size.rows.append(row)
        if model.label in wanted:
            result.ours_dirs[wanted[model.label]] = runner.output("ours", model)
            if v1:
                result.v1_dirs[wanted[model.label]] = runner.output("v1", model)
        else:
            for kind in ("ours", "v1"):
                shutil.rmtree(runner.output(kind, model), ignore_errors=True)

    script = Path(runner.command[0]).name
    speed.notes += [
        f"ours: `{script} generate --snapshot M {' '.join(OPTIONS)} -o DIR`, the console script in a fresh "
        "process; v1: a fresh `python` process that imports cognite.pygen, loads the model "
        "(`DataModel.load`) and runs `generate_sdk(..., output_dir=DIR, format_code=False)`",
        "wall time of each whole process, a fresh output directory per run, ours and v1 interleaved, after "
        "one warm-up run of each (so .pyc files exist); v1 repeats only while its runs of one model stay "
        f"under {V1_BUDGET:.0f} s",
        f"floor: v1 / ours >= {SPEED_FLOOR:.0f}x on every shared model and on {SPEED_FLOOR_SYNTHETIC} "
        "(issue 9 §6)",
        "ours in memory: `generate()` alone inside the benchmark process (snapshot read, modules imported, "
        "nothing written); not comparable with the process columns",
    ]
    runtime = ", ".join(f"{lines:,} lines in {files} files" for lines, files in sorted(runtime_lines))
    size.notes += [
        f"our `{RUNTIME_DIR}/` (copied into every SDK, the same in each): {runtime}; v1's SDKs copy no "
        "runtime, they import cognite-pygen and cognite-sdk",
        "lines are newline characters of every file the generator wrote (ours: all but "
        f"`{RUNTIME_DIR}/`; v1: all); floor: at most {SIZE_FLOOR:.0%} on every model (issue 9 §3)",
    ]
    result.sections += [speed, size]
    return result
