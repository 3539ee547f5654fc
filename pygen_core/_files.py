"""Atomic file writes that leave permissions as any other tool would (the umask, or the file's own mode)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ._errors import PygenError

__all__ = ["atomic_write_bytes", "default_mode", "make_private_dir", "private_cache_dir", "user_cache_dir"]


def default_mode(*, directory: bool = False) -> int:
    """The mode a new file (or directory) gets from this process's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, create_parents: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step (temp file, fsync, ``os.replace``): readers see the old
    file or the new one. An existing file keeps its mode; a new one follows the umask (temporary files are
    created private, so the mode is set explicitly). Problems raise a one-line :class:`PygenError`."""
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = default_mode()
    try:
        if create_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise


def user_cache_dir(name: str) -> Path:
    """``$PYGEN_CACHE_DIR/<name>``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, then ``hatch-pygen/<name>``."""
    configured = os.environ.get("PYGEN_CACHE_DIR")
    if configured:
        return Path(configured) / name
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hatch-pygen" / name


def private_cache_dir(directory: Path, *, create: bool) -> bool:
    """Whether ``directory`` may hold code this process will run: it is this user's and nobody else may write
    it (whoever could write it could plant code). ``create``: make a missing one (mode 0700) first; without
    it, a missing directory counts as private (whoever writes it first makes it with
    :func:`make_private_dir`)."""
    if create:
        try:
            make_private_dir(directory)
        except OSError:
            return False
    try:
        status = directory.stat()
    except FileNotFoundError:
        return not create
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)  # not on Windows, where per-user profiles hold the caches
    if getuid is None:
        return True
    return status.st_uid == getuid() and not status.st_mode & 0o022


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` (its parents as usual, itself mode 0700) unless it exists."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        directory.mkdir(mode=0o700)
