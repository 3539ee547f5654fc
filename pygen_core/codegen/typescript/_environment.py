"""The jinja2 environment that lays out generated TypeScript modules and package files."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import jinja2

from ..._errors import PygenError
from .._templates import bytecode_cache
from ._escape import Code

__all__ = ["environment"]

_PLAIN = re.compile(r"[A-Za-z0-9_ ]*")


def _finalize(value: Any) -> Any:
    """Refuse to print anything that is not known-safe text: the guard against model text becoming code."""
    if isinstance(value, (Code, bool, int)) or (type(value) is str and _PLAIN.fullmatch(value)):
        return value
    raise PygenError(f"internal error: a template tried to emit {value!r} unescaped")


def _concat(parts: Iterable[Code], separator: str = "") -> Code:
    items = list(parts)
    if not all(isinstance(part, Code) for part in items):
        raise PygenError("internal error: a template joined text that is not escaped")
    return Code(separator.join(items))


@functools.cache
def environment() -> jinja2.Environment:
    """The shared environment: package templates, strict undefined, no HTML escaping."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pygen_core.codegen.typescript", "templates"),
        bytecode_cache=bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - the output is TypeScript and Markdown; _finalize guards every value
        finalize=_finalize,
    )
    env.filters["join"] = _concat
    return env
