"""The one jinja2 environment used to render generated Python (built once per process)."""

from __future__ import annotations

import functools
import keyword
import re
from typing import Any

import jinja2

from .._errors import PygenError
from ._escape import Source, check_identifier, docstring, py_str

__all__ = ["environment"]

_SAFE = (Source, bool, int)
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def _finalize(value: Any) -> Any:
    """Refuse to print anything that is not known-safe source: the guard against model text becoming code."""
    if type(value) is Source or isinstance(value, _SAFE):
        return value
    if (
        isinstance(value, str)
        and _DOTTED_NAME.fullmatch(value)
        and not any(keyword.iskeyword(part) for part in value.split("."))
    ):
        return value
    raise PygenError(
        f"internal error: a template tried to emit {value!r} unescaped; use py_str, docstring or ident"
    )


@functools.cache
def environment() -> jinja2.Environment:
    """Return the shared environment: package templates, strict undefined, no HTML escaping."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pygen_core.codegen.python", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # noqa: S701 - the output is Python source; _finalize guards every value
        finalize=_finalize,
    )
    env.filters["py_str"] = py_str
    env.filters["docstring"] = docstring
    env.filters["ident"] = check_identifier
    return env
