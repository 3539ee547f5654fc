"""The TypeScript runtime copied verbatim into each generated package as ``src/_runtime/``."""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import PurePosixPath

__all__ = ["runtime_files"]


@functools.cache
def _load() -> tuple[tuple[PurePosixPath, str], ...]:
    root = importlib.resources.files("pygen_core.codegen.typescript").joinpath("runtime")
    found = [
        (PurePosixPath(entry.name), entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.is_file() and entry.name.endswith(".ts")
    ]
    if not found:
        raise RuntimeError("pygen_core/codegen/typescript/runtime holds no .ts files (broken installation)")
    return tuple(sorted(found))


def runtime_files() -> dict[PurePosixPath, str]:
    """Every ``*.ts`` file of the TypeScript runtime, keyed by file name (read once)."""
    return dict(_load())
