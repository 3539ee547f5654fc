"""Compiled templates kept between processes: jinja2 compiles a template to Python on first use (about 0.1 s
for the Python emitter's), and its bytecode cache keeps the result per user, checked against the template's
source on every load."""

from __future__ import annotations

import functools
import hashlib
import os
import sys

import jinja2

from .._version import __version__

__all__ = ["bytecode_cache"]

_CODEGEN_DIR = os.path.dirname(os.path.abspath(__file__))


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Entries keyed by the template's path inside ``pygen_core.codegen``, not by its absolute path.

    Every isolated build environment installs pygen at a new temporary path; jinja2's own key (name plus
    absolute path) would miss there every time and leave a new entry behind. The source checksum that jinja2
    stores in each entry still rejects a compiled template whose source changed.
    """

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        where = filename or name
        if filename is not None and os.path.abspath(filename).startswith(_CODEGEN_DIR + os.sep):
            where = os.path.relpath(filename, _CODEGEN_DIR).replace(os.sep, "/")
        python = f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}"
        key = f"{where}|{python}|jinja2-{jinja2.__version__}"
        return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()


@functools.cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The per-user cache of compiled templates, or None where none can be written or others may write it
    (then templates compile in each process, as without a cache)."""
    from .._files import private_cache_dir, user_cache_dir

    directory = user_cache_dir(f"templates-{__version__}")
    if not private_cache_dir(directory, create=True) or not os.access(directory, os.W_OK | os.X_OK):
        return None
    return _TemplateCache(str(directory))
