"""A content-addressed cache of generated SDKs: an unchanged rebuild packs the stored files as they are.

An entry's key covers the sha256 of the snapshot file's bytes, the generator (its version plus a hash of the
bytes of its sources — the same in every isolated build environment, different after any edit) and the
options (``GenerateOptions.canonical()``). A second, cheaper key over the raw ``[tool.pygen]`` table points at
the entry: a build whose table and snapshot bytes were seen before finds its entry without validating the
table or parsing the snapshot (both passed the first time). Entries are written to a temporary directory and
renamed into place, never modified after that, and every file is checked against its recorded sha256 before
use: a torn or tampered entry is a miss, never a corrupt wheel. The cache keeps the most recently used
entries only (``MAX_ENTRIES``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from pygen_core._records import record

# Bump when the on-disk layout or a key's meaning changes; old layouts are never read again.
LAYOUT = "pygen-cache-v4"
_OLD_LAYOUTS = ("pygen-cache-v1", "pygen-cache-v2", "pygen-cache-v3")
# Parts of pygen_core whose code or data decide the generated files.
_GENERATOR_PARTS = ("codegen", "ir", "runtime", "snapshot", "_version.py")
MAX_ENTRIES = 8
"""How many entries the cache keeps (the most recently used ones)."""


@functools.lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """The generator's version plus a digest of its source files' names and bytes."""
    import pygen_core

    return (
        f"{pygen_core.__version__}+{sources_digest(os.path.dirname(pygen_core.__file__), _GENERATOR_PARTS)}"
    )


def sources_digest(base: str, parts: tuple[str, ...]) -> str:
    """A digest of the relative names and the bytes of the files at or below ``base/<part>``.

    Bytecode is skipped. Content, not file metadata: an isolated build environment installs the same files
    with new modification times, and must still find the entries an earlier build stored.
    """
    digest = hashlib.sha256()
    for part in parts:
        top = os.path.join(base, part)
        if os.path.isfile(top):
            walk: list[tuple[str, list[str], list[str]]] = [(base, [], [part])]
        else:
            walk = list(os.walk(top))
        for directory, subdirs, names in walk:
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, base).replace(os.sep, "/")
                with open(path, "rb") as handle:
                    data = handle.read()
                digest.update(f"{relative}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest()[:16]


def snapshot_digest(data: bytes) -> str:
    """``sha256:<hex>`` of a snapshot file's bytes (the cache keys' view of the snapshot)."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def cache_key(snapshot_hash: str, generator: str, options: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of the three inputs; equal inputs give equal keys."""
    payload = _canonical({"snapshot": snapshot_hash, "generator": generator, "options": options})
    return hashlib.sha256(payload.encode()).hexdigest()


def table_key(table: object, snapshot_hash: str, generator: str) -> str | None:
    """The key of a raw ``[tool.pygen]`` table plus snapshot bytes; None when the table is not plain JSON."""
    try:
        payload = _canonical({"table": table, "snapshot": snapshot_hash, "generator": generator})
    except (TypeError, ValueError):
        return None  # e.g. a TOML date: never valid, so never cached
    return hashlib.sha256(payload.encode()).hexdigest()


@record(frozen=True)
class CacheEntry:
    """Generated files and what the build reports about them."""

    files: dict[PurePosixPath, str]
    info: dict[str, Any]


@record(frozen=True)
class StoredEntry:
    """A verified entry on disk: ``directory`` holds exactly ``names`` (paths from the wheel root)."""

    directory: Path
    names: tuple[PurePosixPath, ...]
    info: dict[str, Any]

    def read_files(self) -> dict[PurePosixPath, str]:
        """The files' texts."""
        return {
            name: self.directory.joinpath(*name.parts).read_bytes().decode("utf-8") for name in self.names
        }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _listing(directory: Path) -> set[str]:
    found: set[str] = set()
    base = str(directory)
    for current, _dirs, names in os.walk(base):
        relative = os.path.relpath(current, base)
        for name in names:
            path = name if relative == "." else os.path.join(relative, name)
            found.add(path.replace(os.sep, "/"))
    return found


class GenerationCache:
    """Entries live in ``<directory>/<LAYOUT>/entries/<key>/`` (``files/`` plus ``entry.json``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.root = directory / LAYOUT

    def entry_dir(self, key: str) -> Path:
        """Where the entry for ``key`` lives (whether or not it exists)."""
        return self.root / "entries" / key

    def locate(self, key: str) -> StoredEntry | None:
        """The verified entry for ``key`` (files hashed, nothing extra), or None when absent or damaged."""
        entry_dir = self.entry_dir(key)
        files_dir = entry_dir / "files"
        try:
            manifest = json.loads((entry_dir / "entry.json").read_bytes())
            digests = manifest["files"]
            info = manifest["info"]
            if not isinstance(digests, dict) or not isinstance(info, dict):
                return None
            if _listing(files_dir) != set(digests):
                return None
            for name, digest in digests.items():
                if _sha((files_dir / name).read_bytes()) != digest:
                    return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        names = tuple(PurePosixPath(name) for name in sorted(digests))
        with contextlib.suppress(OSError):
            os.utime(entry_dir)  # most recently used: kept by the next prune
        return StoredEntry(directory=files_dir, names=names, info=info)

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key`` with its files' texts, or None when absent or damaged."""
        stored = self.locate(key)
        if stored is None:
            return None
        try:
            return CacheEntry(files=stored.read_files(), info=stored.info)
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, entry: CacheEntry, *, checked: bool = False) -> StoredEntry:
        """Store ``entry`` atomically and return it as stored; a valid entry already there is kept as is.

        Builds may be packing an existing entry right now, so a valid one is never replaced. ``checked``
        says the caller's :meth:`locate` has just missed.
        """
        existing = None if checked else self.locate(key)
        if existing is not None:
            return existing
        entries = self.root / "entries"
        entries.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=entries))
        try:
            encoded = {name: text.encode("utf-8") for name, text in sorted(entry.files.items())}
            manifest = {
                "files": {name.as_posix(): _sha(data) for name, data in encoded.items()},
                "info": entry.info,
            }
            for name, data in encoded.items():
                target = staging.joinpath("files", *name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            (staging / "files").mkdir(exist_ok=True)
            (staging / "entry.json").write_text(
                json.dumps(manifest, sort_keys=True, indent=1), encoding="utf-8"
            )
            final = self.entry_dir(key)
            if final.exists():
                existing = self.locate(key)
                if existing is not None:
                    return existing  # a concurrent build stored it meanwhile; it may be packing it now
                self.discard(key)  # damaged
            try:
                os.replace(staging, final)
            except OSError:
                if not final.is_dir():
                    raise
            else:
                names = tuple(sorted(encoded))
                self.prune(keep=key)
                return StoredEntry(directory=final / "files", names=names, info=entry.info)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        stored = self.locate(key)  # a concurrent build stored it first
        if stored is None:
            raise OSError(f"cache entry {key} did not verify after writing")
        return stored

    def discard(self, key: str) -> None:
        """Remove the entry for ``key`` (moved aside first, so no reader sees it half-removed)."""
        final = self.entry_dir(key)
        if not final.exists():
            return
        trash = Path(tempfile.mkdtemp(prefix=f".trash-{key[:12]}-", dir=final.parent))
        os.replace(final, trash / "old")
        shutil.rmtree(trash, ignore_errors=True)

    def prune(self, keep: str = "") -> list[str]:
        """Remove all but the ``MAX_ENTRIES`` most recently used entries (never ``keep``); return the keys
        removed. Table keys that led to them go too."""
        entries = self.root / "entries"
        try:
            found = [
                (path.stat().st_mtime_ns, path.name)
                for path in entries.iterdir()
                if path.is_dir() and not path.name.startswith(".")
            ]
        except OSError:
            return []
        found.sort(reverse=True)
        doomed = [name for _mtime, name in found[MAX_ENTRIES:] if name != keep]
        for name in doomed:
            trash = entries / f".trash-{name[:12]}-{os.getpid()}"
            with contextlib.suppress(OSError):
                os.replace(entries / name, trash)
                shutil.rmtree(trash, ignore_errors=True)
        if doomed:
            gone = set(doomed)
            tables = self.root / "tables"
            for alias in tables.iterdir() if tables.is_dir() else ():
                with contextlib.suppress(OSError):
                    if alias.read_text(encoding="ascii").strip() in gone:
                        alias.unlink()
        return doomed

    def find(self, alias: str) -> str | None:
        """The entry key recorded for a :func:`table_key`, if any."""
        try:
            text = (self.root / "tables" / alias).read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            return None
        return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None

    def link(self, alias: str, key: str) -> None:
        """Record (atomically) that the table key ``alias`` leads to the entry ``key``."""
        tables = self.root / "tables"
        tables.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{alias[:12]}-", dir=tables)
        try:
            with os.fdopen(handle, "w", encoding="ascii") as stream:
                stream.write(key)
            os.replace(temp, tables / alias)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def clear(self) -> bool:
        """Remove every entry (only pygen's own layout directories); True when something was removed."""
        removed = False
        for layout in (LAYOUT, *_OLD_LAYOUTS):
            if (self.directory / layout).exists():
                shutil.rmtree(self.directory / layout)
                removed = True
        if removed and self.directory.is_dir() and not any(self.directory.iterdir()):
            self.directory.rmdir()
        return removed
