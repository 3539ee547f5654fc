"""The runtime sources copied verbatim into each generated SDK as ``<package>/_runtime/``."""

from __future__ import annotations

import functools
from importlib import resources
from importlib.abc import Traversable
from pathlib import PurePosixPath

__all__ = ["runtime_files"]


def _walk(node: Traversable, prefix: PurePosixPath, out: dict[PurePosixPath, str]) -> None:
    for child in node.iterdir():
        if child.is_dir():
            if child.name != "__pycache__":
                _walk(child, prefix / child.name, out)
        elif child.name.endswith(".py"):
            out[prefix / child.name] = child.read_text(encoding="utf-8")


@functools.cache
def _load() -> tuple[tuple[PurePosixPath, str], ...]:
    found: dict[PurePosixPath, str] = {}
    _walk(resources.files("pygen_core.runtime"), PurePosixPath(), found)
    return tuple(sorted(found.items()))


def runtime_files() -> dict[PurePosixPath, str]:
    """Every ``*.py`` file of the installed ``pygen_core.runtime``, keyed by relative path (read once)."""
    return dict(_load())
