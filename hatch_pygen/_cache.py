"""A content-addressed cache of generated SDKs: an unchanged rebuild copies instead of re-rendering.

The key covers the snapshot's content hash, the generator (version plus a fingerprint of its sources, so a
development checkout never serves stale output) and the normalised options. Entries are written to a temporary
directory and renamed into place, and every file is checked against its recorded sha256 when read, so a
torn or tampered entry is a miss, never a corrupt wheel.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

# Bump when the on-disk layout changes; old layouts are simply never read again.
_LAYOUT = "pygen-cache-v1"
# Parts of pygen_core whose code or data decide the generated files.
_GENERATOR_PARTS = ("codegen", "ir", "runtime")


@functools.lru_cache(maxsize=1)
def generator_fingerprint() -> str:
    """The generator's version plus a digest of its sources (templates and runtime included)."""
    import pygen_core

    digest = hashlib.sha256()
    base = Path(pygen_core.__file__).parent
    for part in _GENERATOR_PARTS:
        for path in sorted((base / part).rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return f"{pygen_core.__version__}+{digest.hexdigest()[:16]}"


def cache_key(snapshot_hash: str, generator: str, options: Mapping[str, Any]) -> str:
    """sha256 over the canonical JSON of the three inputs; equal inputs give equal keys."""
    payload = json.dumps(
        {"snapshot": snapshot_hash, "generator": generator, "options": options},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class CacheEntry:
    """Generated files and what the build reports about them."""

    files: dict[PurePosixPath, str]
    info: dict[str, Any]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class GenerationCache:
    """Cache entries live in ``<directory>/pygen-cache-v1/<key>/`` (``files/`` plus ``entry.json``)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.root = directory / _LAYOUT

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key``, or None when absent or damaged."""
        entry_dir = self.root / key
        try:
            manifest = json.loads((entry_dir / "entry.json").read_text(encoding="utf-8"))
            files: dict[PurePosixPath, str] = {}
            for name, digest in manifest["files"].items():
                text = (entry_dir / "files" / name).read_bytes().decode("utf-8")
                if _sha(text) != digest:
                    return None
                files[PurePosixPath(name)] = text
            info = manifest["info"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not isinstance(info, dict):
            return None
        return CacheEntry(files=files, info=info)

    def put(self, key: str, entry: CacheEntry) -> None:
        """Store ``entry`` atomically; a concurrent writer of the same key simply wins."""
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key[:12]}-", dir=self.root))
        try:
            manifest = {
                "files": {name.as_posix(): _sha(text) for name, text in sorted(entry.files.items())},
                "info": entry.info,
            }
            for name, text in entry.files.items():
                target = staging / "files" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8"))
            (staging / "entry.json").write_text(
                json.dumps(manifest, sort_keys=True, indent=1), encoding="utf-8"
            )
            final = self.root / key
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)  # damaged (get() said miss); replace it
            try:
                os.replace(staging, final)
            except OSError:
                if not final.is_dir():
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def clear(self) -> bool:
        """Remove every entry (only pygen's own layout directory); True when something was removed."""
        if not self.root.exists():
            return False
        shutil.rmtree(self.root)
        with_content = any(self.directory.iterdir()) if self.directory.is_dir() else True
        if not with_content:
            self.directory.rmdir()
        return True
