"""Snapshots: the DMS data models (inline views) and containers a generated SDK is built from."""

from ._io import dump_snapshot, load_snapshot, parse_snapshot, write_snapshot
from ._model import FORMAT_VERSION, Snapshot
from ._pull import pull_snapshot
from ._summary import summarize

__all__ = [
    "FORMAT_VERSION",
    "Snapshot",
    "dump_snapshot",
    "load_snapshot",
    "parse_snapshot",
    "pull_snapshot",
    "summarize",
    "write_snapshot",
]
