"""The runtime sources copied verbatim into each generated SDK as ``<package>/_runtime/``."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path, PurePosixPath

__all__ = ["runtime_files", "runtime_sources"]


def _walk(node: Path, prefix: PurePosixPath, out: dict[PurePosixPath, Path]) -> None:
    for child in sorted(node.iterdir()):
        if child.is_dir():
            if child.name != "__pycache__":
                _walk(child, prefix / child.name, out)
        elif child.name.endswith(".py"):
            out[prefix / child.name] = child


@functools.cache
def _sources() -> tuple[tuple[PurePosixPath, Path], ...]:
    found: dict[PurePosixPath, Path] = {}
    # Locate the package without importing it (importing would pull in httpx and pydantic for nothing).
    spec = importlib.util.find_spec("pygen_core.runtime")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pygen_core.runtime is not installed as a package directory")
    for location in spec.submodule_search_locations:
        _walk(Path(location).resolve(), PurePosixPath(), found)
    return tuple(sorted(found.items()))


@functools.cache
def _load() -> tuple[tuple[PurePosixPath, str], ...]:
    return tuple((relative, path.read_text(encoding="utf-8")) for relative, path in _sources())


def runtime_sources() -> dict[PurePosixPath, Path]:
    """Where each ``*.py`` file of the installed ``pygen_core.runtime`` lives, keyed by relative path: the
    files :func:`runtime_files` reads (a build can pack them from there instead of writing copies)."""
    return dict(_sources())


def runtime_files() -> dict[PurePosixPath, str]:
    """Every ``*.py`` file of the installed ``pygen_core.runtime``, keyed by relative path (read once)."""
    return dict(_load())
