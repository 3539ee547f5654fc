"""Reading and atomically replacing the user's text files (encoding and line endings kept)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .._errors import PygenError

__all__ = ["atomic_write_text", "read_text", "uses_crlf"]


def read_text(path: Path) -> str:
    """The file as text with ``\\n`` line endings (UTF-8); one-line errors."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PygenError(f"{path}: no such file") from None
    except OSError as exc:
        raise PygenError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PygenError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def uses_crlf(path: Path) -> bool:
    """True when the existing file ends its lines with ``\\r\\n``."""
    try:
        return b"\r\n" in path.read_bytes()
    except OSError:
        return False


def atomic_write_text(path: Path, text: str, *, crlf: bool = False) -> None:
    """Replace ``path`` with ``text`` in one step (temp file + ``os.replace``), keeping its permissions."""
    data = (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise PygenError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
