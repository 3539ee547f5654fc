"""Child process: time cognite-pygen v1's ``generate_sdk`` (timed inside this process) and write SDKs.

Usage: ``python -m benchmarks._v1_child JOB.json``; the job lists ``models`` (label, path, budget seconds,
max runs) and ``write`` (label → directory for that model's SDK); prints one JSON line with the timings.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any


def main(job_path: str) -> int:
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    started = time.perf_counter()
    warnings.simplefilter("ignore")
    from cognite.client.data_classes.data_modeling import DataModel
    from cognite.pygen import generate_sdk

    import_seconds = time.perf_counter() - started

    def run(path: str, package: str) -> tuple[float, dict[Any, str]]:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        model: Any = DataModel.load(raw)
        begin = time.perf_counter()
        files = generate_sdk(
            model,
            top_level_package=package,
            client_name="Client",
            default_instance_space="sp_bench_instances",
            return_sdk_files=True,
            format_code=False,
        )
        return time.perf_counter() - begin, files

    results: dict[str, Any] = {}
    for label, path, budget, max_runs in job["models"]:
        times: list[float] = []
        files: dict[Any, str] = {}
        while len(times) < max_runs and (not times or sum(times) < budget):
            seconds, files = run(path, "sdk")
            times.append(seconds)
        lines = sum(text.count("\n") for text in files.values())
        results[label] = {"times": times, "files": len(files), "lines": lines}
        if label in job["write"]:
            root = Path(job["write"][label]) / "sdk"
            for relative, text in files.items():
                target = root / Path(relative)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    print(json.dumps({"import_seconds": import_seconds, "models": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
