"""Shared helpers: medians, child processes that report JSON, the result table."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests._models import MODELS_DIR

REPO = Path(__file__).resolve().parents[1]
MODELS = MODELS_DIR
STEERING = ("PYGEN_", "CDF_", "IDP_", "HATCH_BUILD_", "SOURCE_DATE_EPOCH")


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def clean_env(
    extra: Mapping[str, str] | None = None, pythonpath: Sequence[Path] = (), *, repo: bool = True
) -> dict[str, str]:
    """The environment for a child: nothing that steers pygen, plus ``extra`` and a PYTHONPATH.

    ``repo=False`` leaves the repository off the PYTHONPATH: a child that stands for a user's command (or an
    isolated build, which must see only what is installed in it) finds packages as installed.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(STEERING) and k != "PYTHONPATH"}
    paths = [str(p) for p in pythonpath] + ([str(REPO)] if repo else [])
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra or {})
    return env


def timed_process(
    args: Sequence[str], *, env: Mapping[str, str], cwd: Path, timeout: float = 1800
) -> tuple[float, str]:
    """Wall time of one whole process and its combined output; a failing process is an error."""
    begin = time.perf_counter()
    result = subprocess.run(
        list(args),
        env=dict(env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    wall = time.perf_counter() - begin
    if result.returncode != 0:
        raise RuntimeError(
            f"{Path(args[0]).name} {' '.join(args[1:3])} ... exited {result.returncode}: "
            f"{error_line(result.stdout)}"
        )
    return wall, result.stdout


def count_lines(root: Path, exclude: Sequence[str] = ()) -> tuple[int, int]:
    """(lines, files) of every file below ``root``, leaving out directories named in ``exclude``.

    Lines are newline characters (a last line without one counts too). No files, or no lines at all, is an
    error: a benchmark must not report a ratio over an empty or missing output.
    """
    lines = files = 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if not path.is_file() or "__pycache__" in relative or any(part in exclude for part in relative[:-1]):
            continue
        data = path.read_bytes()
        lines += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        files += 1
    if not files or not lines:
        raise RuntimeError(f"{root}: no generated lines to count ({files} files)")
    return lines, files


def run_child(
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 900,
) -> dict[str, Any]:
    """Run ``python <args>``; the child prints one JSON object as its last stdout line."""
    result = subprocess.run(
        [sys.executable, *args],
        env=dict(env) if env is not None else clean_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise RuntimeError(
            f"benchmark child {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}"
        )
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def error_line(text: str) -> str:
    """The most telling line of a child's stderr: the last exception or error line, else the last line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        head = line.split(":", 1)[0]
        if head.endswith(("Error", "Exception")) or line.lower().startswith(("error", "pygen: error")):
            return line[:400]
    return lines[-1][:400] if lines else "no output"


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (``ru_maxrss`` is in KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fmt_s(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_ratio(numerator: float | None, denominator: float | None) -> str:
    if not numerator or not denominator or numerator != numerator or denominator != denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}x"


@dataclass
class Section:
    """One table of the report: a title, column headers, rows, and notes (floors, explanations)."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"## {self.title}", "", "| " + " | ".join(self.headers) + " |"]
        lines.append("|" + "|".join("---" for _ in self.headers) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines.append("")
            lines += [f"- {note}" for note in self.notes]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        table = [self.headers, *self.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(self.headers))]
        out = [self.title, "=" * len(self.title)]
        for row in table:
            out.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        out += [f"  * {note}" for note in self.notes]
        return "\n".join(out) + "\n"


def floor_check(value: float | None, limit: float) -> str:
    if value is None or value != value:
        return "n/a"
    return "ok" if value <= limit else "MISSED"
