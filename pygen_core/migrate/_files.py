"""Reading and atomically replacing the user's text files (encoding and line endings kept)."""

from __future__ import annotations

from pathlib import Path

from .._errors import PygenError
from .._files import atomic_write_bytes

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
    """Replace ``path`` with ``text`` in one step, keeping its permissions."""
    atomic_write_bytes(path, (text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
