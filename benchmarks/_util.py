"""Shared helpers: medians, child processes that report JSON, the result table."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
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


def clean_env(extra: Mapping[str, str] | None = None, pythonpath: Sequence[Path] = ()) -> dict[str, str]:
    """The environment for a child: nothing that steers pygen, plus ``extra`` and a PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(STEERING) and k != "PYTHONPATH"}
    paths = [str(p) for p in pythonpath] + [str(REPO)]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(extra or {})
    return env


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
