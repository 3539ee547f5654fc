"""Import time and peak RSS of generated SDKs in fresh interpreters: ours, v1, ``import httpx, pydantic``."""

from __future__ import annotations

from pathlib import Path

from ._util import Section, clean_env, error_line, floor_check, fmt_ratio, fmt_s, median, run_child

FLOOR = 1.5
_PROBE = (
    "import json, resource, time\n"
    "begin = time.perf_counter()\n"
    "{statement}\n"
    "seconds = time.perf_counter() - begin\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    # ru_maxrss keeps the parent's peak across fork+exec; VmHWM is this program's own peak.
    "try:\n"
    "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM:')]\n"
    "    rss = int(hwm[0].split()[1]) / 1024\n"
    "except (OSError, IndexError):\n"
    "    pass\n"
    "print(json.dumps({{'seconds': seconds, 'rss_mb': rss}}))\n"
)
BASELINE = "import httpx, pydantic"
SDK_IMPORT = "from sdk import Client"
# Our packages load lazily; this imports every module of the SDK (what a program touching all views pays).
SDK_IMPORT_ALL = (
    "import importlib, pkgutil, sdk\n"
    "from sdk import Client\n"
    "for info in pkgutil.walk_packages(sdk.__path__, 'sdk.'):\n"
    "    importlib.import_module(info.name)"
)


def _probe(statement: str, path: Path | None) -> dict[str, float]:
    env = clean_env(pythonpath=[path] if path is not None else ())
    return run_child(["-c", _PROBE.format(statement=statement)], env=env, cwd=path)


def run_imports(ours: dict[str, Path], v1: dict[str, Path], runs: int) -> Section:
    section = Section(
        "Import time of the generated SDK (fresh interpreter, median) and peak RSS after import",
        ["what", "import time", "peak RSS", "vs httpx+pydantic", "floor (ours <= 1.5x)"],
    )
    subjects: list[tuple[str, str, Path | None]] = [("import httpx, pydantic", BASELINE, None)]
    for size, directory in ours.items():
        subjects.append((f"ours, {size} model: from sdk import Client", SDK_IMPORT, directory))
        if size != "small":
            subjects.append((f"ours, {size} model: every module", SDK_IMPORT_ALL, directory))
        # v1 imports take 5-20 s each (cognite-sdk, pandas): only the small and the large model.
        if size in v1 and size != "huge":
            subjects.append((f"v1, {size} model: from sdk import Client", SDK_IMPORT, v1[size]))
    samples: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in subjects}
    errors: dict[str, str] = {}
    for label, statement, path in subjects:  # warm-up: compile the .pyc files, fill the page cache
        try:
            _probe(statement, path)
        except RuntimeError as error:
            errors[label] = error_line(str(error))
    for _ in range(runs):  # interleaved, so load changes hit every subject alike
        for label, statement, path in subjects:
            if label not in errors:
                samples[label].append(_probe(statement, path))
    base = median([s["seconds"] for s in samples[subjects[0][0]]])
    for label, _, _ in subjects:
        if label in errors:
            section.rows.append([label, "FAILED", "", "", ""])
            section.notes.append(f"{label} failed to import: {errors[label][:300]}")
            continue
        seconds = median([s["seconds"] for s in samples[label]])
        rss = median([s["rss_mb"] for s in samples[label]])
        ratio = seconds / base if base else float("nan")
        floor = floor_check(ratio, FLOOR) if label.startswith("ours") and "every" not in label else ""
        section.rows.append([label, fmt_s(seconds), f"{rss:.0f} MB", fmt_ratio(seconds, base), floor])
    section.notes.append(
        f"{runs} runs per row after one warm-up run; the time covers only the import statement"
    )
    return section
