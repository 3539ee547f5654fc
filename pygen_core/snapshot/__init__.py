"""Snapshots: the DMS data models (inline views) and containers a generated SDK is built from.

``read_snapshot``/``snapshot_content`` read a snapshot as plain JSON (generation needs nothing more); the wire
models (``Snapshot``, ``load_snapshot``, ...) load on first use, so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._content import (
    FORMAT_VERSION,
    SnapshotContent,
    canonical_hash,
    document_bytes,
    read_snapshot,
    snapshot_content,
)

if TYPE_CHECKING:
    from ._io import dump_snapshot, load_snapshot, parse_snapshot, validate_content, write_snapshot
    from ._model import Snapshot
    from ._pull import pull_snapshot, pull_snapshot_file
    from ._summary import summarize

__all__ = [
    "FORMAT_VERSION",
    "Snapshot",
    "SnapshotContent",
    "canonical_hash",
    "document_bytes",
    "dump_snapshot",
    "load_snapshot",
    "parse_snapshot",
    "pull_snapshot",
    "pull_snapshot_file",
    "read_snapshot",
    "snapshot_content",
    "summarize",
    "validate_content",
    "write_snapshot",
]

_LAZY = {
    "Snapshot": "._model",
    "dump_snapshot": "._io",
    "load_snapshot": "._io",
    "parse_snapshot": "._io",
    "validate_content": "._io",
    "write_snapshot": "._io",
    "pull_snapshot": "._pull",
    "pull_snapshot_file": "._pull",
    "summarize": "._summary",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
