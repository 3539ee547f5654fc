"""Generation time and size: our ``generate()`` in memory vs v1 ``generate_sdk`` (in a subprocess)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._synthetic import PROPERTIES_PER_VIEW, synthetic_model
from ._util import MODELS, Section, clean_env, floor_check, fmt_ratio, fmt_s, median, run_child

SHARED_FLOOR = 0.3
SYNTHETIC_50_FLOOR = 0.5
# Models whose SDKs the import and listing benchmarks use: small, large (real), very large (synthetic).
SDK_MODELS = {"small": "Pumps", "large": "Omni", "huge": "synthetic-200"}


@dataclass
class Model:
    label: str
    path: Path
    views: int
    properties: int


@dataclass
class GenerationResult:
    section: Section
    ours_dirs: dict[str, Path] = field(default_factory=dict)
    v1_dirs: dict[str, Path] = field(default_factory=dict)


def bench_models(workdir: Path, sizes: tuple[int, ...]) -> list[Model]:
    """The shared models (not the instance files) and synthetic models of the given view counts."""
    models = []
    for path in sorted(MODELS.glob("*.json")):
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


def _ours(model: Model, runs: int, budget: float) -> tuple[list[float], dict[Any, str]]:
    from pygen_core.codegen import GenerateOptions, generate
    from pygen_core.snapshot import load_snapshot

    snapshot = load_snapshot(model.path)
    options = GenerateOptions(
        package="sdk", client_name="Client", default_instance_space="sp_bench_instances"
    )
    times: list[float] = []
    files: dict[Any, str] = {}
    while len(times) < runs and (len(times) < 3 or sum(times) < budget):
        begin = time.perf_counter()
        files = generate(snapshot, options)
        times.append(time.perf_counter() - begin)
    return times, files


def run_generation(
    workdir: Path, *, sizes: tuple[int, ...], runs: int, v1: bool, only_sdks: bool = False
) -> GenerationResult:
    """Time every model (or, with ``only_sdks``, just write the SDKs the other sections need)."""
    from pygen_core.codegen import write_files

    models = bench_models(workdir, sizes)
    if only_sdks:
        models = [model for model in models if model.label in SDK_MODELS.values()]
        runs = 1
    result = GenerationResult(
        Section(
            "Generation time (median) and size",
            ["model", "views", "props", "ours", "v1", "v1 / ours", "ours lines", "v1 lines", "floor"],
        )
    )
    wanted = {label: key for key, label in SDK_MODELS.items()}
    v1_data: dict[str, Any] = {}
    if v1:
        job: dict[str, Any] = {"models": [], "write": {}}
        for model in models:
            # v1 takes seconds to minutes per model: repeat only while the budget allows.
            job["models"].append([model.label, str(model.path), 20.0, runs])
            if model.label in wanted:
                directory = workdir / f"v1-{wanted[model.label]}"
                job["write"][model.label] = str(directory)
                result.v1_dirs[wanted[model.label]] = directory
        job_path = workdir / "v1-job.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        v1_data = run_child(["-m", "benchmarks._v1_child", str(job_path)], env=clean_env(), timeout=1800)
        result.section.notes.append(
            f"v1 import of cognite.pygen: {fmt_s(v1_data['import_seconds'])} (not counted)"
        )
    for model in models:
        times, files = _ours(model, max(runs, 5), 5.0)
        ours = median(times)
        if model.label in wanted:
            directory = workdir / f"ours-{wanted[model.label]}"
            write_files(files, directory)
            result.ours_dirs[wanted[model.label]] = directory
        lines = sum(text.count("\n") for text in files.values())
        theirs = v1_data.get("models", {}).get(model.label)
        v1_time = median(theirs["times"]) if theirs else None
        floor = ""
        if model.label.startswith("synthetic-50"):
            floor = f"<= {SYNTHETIC_50_FLOOR} s: {floor_check(ours, SYNTHETIC_50_FLOOR)}"
        elif not model.label.startswith("synthetic"):
            floor = f"<= {SHARED_FLOOR} s: {floor_check(ours, SHARED_FLOOR)}"
        result.section.rows.append(
            [
                model.label,
                str(model.views),
                str(model.properties),
                f"{fmt_s(ours)} ({len(times)} runs)",
                f"{fmt_s(v1_time)} ({len(theirs['times'])} runs)" if theirs else "n/a",
                fmt_ratio(v1_time, ours),
                f"{lines:,} ({len(files)} files)",
                f"{theirs['lines']:,} ({theirs['files']} files)" if theirs else "n/a",
                floor,
            ]
        )
    return result
