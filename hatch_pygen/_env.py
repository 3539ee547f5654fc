"""The ``PYGEN_*`` environment switches and the small facts the configuration derives from a package name."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Literal

from pygen_core import PygenError
from pygen_core._records import record

EditableMode = Literal["copy", "live", "inplace"]

# Keys hatchling itself reads from every build-hook table; they are never ours to reject.
HATCH_RESERVED_KEYS = frozenset(
    {"dependencies", "require-runtime-dependencies", "require-runtime-features", "enable-by-default"}
)
DEFAULT_SNAPSHOT = "pygen-snapshot.json"

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise PygenError(f"environment variable {name}={raw!r}: expected 1/0, true/false, yes/no or on/off")


@record(frozen=True)
class BuildEnv:
    """The ``PYGEN_*`` environment switches (hatchling ignores PEP 517 config settings)."""

    offline: bool = False
    refresh: bool = False
    skip: bool = False
    cache_dir: Path | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], root: Path) -> BuildEnv:
        """Read PYGEN_OFFLINE, PYGEN_REFRESH, PYGEN_SKIP and PYGEN_CACHE_DIR (relative to ``root``)."""
        offline = _flag(environ, "PYGEN_OFFLINE")
        refresh = _flag(environ, "PYGEN_REFRESH")
        if offline and refresh:
            raise PygenError(
                "PYGEN_OFFLINE and PYGEN_REFRESH are both set: a refresh needs the network; unset one of them"
            )
        raw_cache = environ.get("PYGEN_CACHE_DIR", "").strip()
        cache_dir = (root / raw_cache) if raw_cache else None
        return cls(offline=offline, refresh=refresh, skip=_flag(environ, "PYGEN_SKIP"), cache_dir=cache_dir)


def package_path_of(package: str) -> PurePosixPath:
    """Where the package ``package`` lives inside the wheel, e.g. ``acme/sdk`` for ``acme.sdk``."""
    return PurePosixPath(*package.split("."))


def editable_mode_of(package: str, editable: EditableMode | None) -> EditableMode:
    """The editable strategy: as configured, else ``copy`` (top-level) or ``inplace`` (subpackage)."""
    if editable is not None:
        return editable
    return "inplace" if "." in package else "copy"
