"""Compiled templates kept between processes: jinja2 compiles a template to Python on first use (about 0.1 s
for the Python emitter's), and its bytecode cache keeps the result per user, checked against the template's
source on every load."""

from __future__ import annotations

import functools
import os

import jinja2

from .._version import __version__

__all__ = ["bytecode_cache"]


@functools.cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The per-user cache of compiled templates, or None where none can be written (then templates compile in
    each process, as without a cache)."""
    from .._files import user_cache_dir

    directory = user_cache_dir(f"templates-{__version__}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if not os.access(directory, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(directory))
