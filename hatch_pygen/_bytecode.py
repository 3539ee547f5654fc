"""Compiled code of the hook's modules and the generator's, kept per user across isolated builds.

pip and uv install a build's isolated environment without compiling its packages and delete it afterwards,
so every build that renders would compile jinja2 and pygen's generator from source (about 150 ms, more than
half of a render). While :func:`cached_code` is active, a module of :data:`PACKAGES` that has no
``__pycache__`` file loads its code from ``<user cache>/code-<interpreter tag>/<sha256 of the source>.pyc``,
or compiles it and stores it there. The source is read and hashed on every import, so an edited or upgraded
file is compiled again, never served old code; the code's file names are set to the module's own path, as a
fresh compile would. ``PYTHONDONTWRITEBYTECODE`` is respected: nothing is stored then. A directory others
may write is not used at all: whoever can write it could plant code.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys
import tempfile
import types
from collections.abc import Iterator, Sequence
from pathlib import Path

from pygen_core._files import make_private_dir, private_cache_dir, user_cache_dir

__all__ = ["MAX_FILES", "PACKAGES", "cached_code", "code_cache_dir"]

PACKAGES = ("hatch_pygen", "jinja2", "markupsafe", "pygen_core")
"""The top-level packages whose modules the cache serves (what the hook and a render import)."""
MAX_FILES = 600
"""The most entries the cache holds; a store beyond it removes the oldest quarter."""
_CHECKED_HASH = (0b11).to_bytes(4, "little")  # PEP 552 flags: hash-based, checked against the source


def code_cache_dir() -> Path:
    """This interpreter's directory of compiled modules (under ``PYGEN_CACHE_DIR`` when set)."""
    tag = sys.implementation.cache_tag or sys.implementation.name
    optimize = f"-opt{sys.flags.optimize}" if sys.flags.optimize else ""
    return user_cache_dir(f"code-{tag}{optimize}")


@contextlib.contextmanager
def cached_code(directory: Path | None = None, packages: Sequence[str] = PACKAGES) -> Iterator[None]:
    """Serve the compiled code of ``packages``' modules imported inside the block from ``directory``.

    Only a directory this user owns and nobody else may write is used (it is created so); another one,
    say a shared ``PYGEN_CACHE_DIR`` open to all, leaves imports as they are.
    """
    directory = directory or code_cache_dir()
    if not private_cache_dir(directory, create=False):
        yield
        return
    finder = _CodeCacheFinder(directory, tuple(packages))
    # Right before the path finder, whose work it does: finders placed ahead of it (editable installs) win.
    position = next(
        (i for i, f in enumerate(sys.meta_path) if f is importlib.machinery.PathFinder), len(sys.meta_path)
    )
    sys.meta_path.insert(position, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)
        if finder.stored:
            with contextlib.suppress(OSError):
                _prune(finder.directory)


class _CodeCacheFinder:
    """Finds modules as the path finder does and swaps in :class:`_CachingLoader` for plain source files."""

    def __init__(self, directory: Path, packages: tuple[str, ...]) -> None:
        self.directory = directory
        self.packages = packages
        self.stored = 0
        """How many entries this finder's loaders wrote."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] not in self.packages:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if (
            spec is None
            or type(spec.loader) is not importlib.machinery.SourceFileLoader
            or spec.origin is None
        ):
            return spec
        spec.loader = _CachingLoader(fullname, spec.origin, self)
        return spec


class _CachingLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname: str, path: str, finder: _CodeCacheFinder) -> None:
        super().__init__(fullname, path)
        self.finder = finder

    def get_code(self, fullname: str) -> types.CodeType | None:
        source_path = self.get_filename(fullname)
        try:
            if os.path.exists(importlib.util.cache_from_source(source_path)):
                return super().get_code(fullname)  # pre-compiled where it is installed: the usual rules
        except NotImplementedError:  # an interpreter without bytecode files
            return super().get_code(fullname)
        source = self.get_data(source_path)
        entry = self.finder.directory / f"{hashlib.sha256(source).hexdigest()}.pyc"
        code = _load(entry, source)
        if code is not None:
            return _renamed(code, source_path)
        compiled = self.source_to_code(source, source_path)
        if not sys.dont_write_bytecode and _store(entry, source, compiled):
            self.finder.stored += 1
        return compiled


def _load(entry: Path, source: bytes) -> types.CodeType | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    header = importlib.util.MAGIC_NUMBER + _CHECKED_HASH + importlib.util.source_hash(source)
    if not data.startswith(header):
        return None
    try:
        # The same trust as the compiled templates beside it, which jinja2 unmarshals from this cache too.
        code = marshal.loads(data[len(header) :])  # noqa: S302
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _store(entry: Path, source: bytes, code: types.CodeType) -> bool:
    """Write the entry atomically; a cache that cannot be written only costs the next build a compile."""
    data = (
        importlib.util.MAGIC_NUMBER + _CHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)
    )
    try:
        make_private_dir(entry.parent)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pyc")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def _prune(directory: Path) -> None:
    entries = [
        path for path in directory.iterdir() if path.suffix == ".pyc" and not path.name.startswith(".")
    ]
    if len(entries) <= MAX_FILES:
        return
    entries.sort(key=lambda path: path.stat().st_mtime)
    for path in entries[: len(entries) - MAX_FILES * 3 // 4]:
        with contextlib.suppress(OSError):
            path.unlink()


def _renamed(code: types.CodeType, filename: str) -> types.CodeType:
    """``code`` and the code nested in it with ``filename`` as their file (stored code names its first)."""
    if code.co_filename == filename:
        return code
    consts = tuple(_renamed(c, filename) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
