"""The one jinja2 environment used to render generated Python (built once per process)."""

from __future__ import annotations

import functools
import keyword
import re
from typing import Any

import jinja2

from ..._errors import PygenError
from .._templates import bytecode_cache
from . import _expr
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
        bytecode_cache=bytecode_cache(),
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
    env.globals.update(
        ann_assign=_expr.ann_assign,
        assign=_expr.assign,
        class_header=_expr.class_header,
        def_header=_expr.def_header,
        statement=_expr.statement,
        call=lambda func, args: _expr.Call(func, tuple(args)),
        from_import=_expr.from_import,
        param=_expr.param,
        returns=_expr.returns,
        signature=_signature,
        name=_expr.name,
        py_none=_expr.NONE,
        py_false=_expr.FALSE,
        keyword=lambda key, value: _expr.Keyword(check_identifier(key), value),
        sub=lambda value, items: _expr.Sub(value, tuple(items)),
        union=lambda members: _expr.Union(tuple(members)),
        field=_field,
        filters_param=_filters_param,
    )
    return env


def _signature(function: str, parameters: Any, annotation: Any, stub: bool = False) -> Source:
    """A method's ``def`` line(s) at class level (see ``_expr.signature``)."""
    return _expr.signature(function, [tuple(p) for p in parameters], annotation, 4, stub)


def _field(spec: Any) -> Source:
    """A class field with its attribute docstring (when it has one) on the next line."""
    line = _expr.ann_assign(spec.name, spec.annotation, spec.default)
    return Source(f"{line}\n    {spec.doc}") if spec.doc else line


def _filters_param(view: Any) -> Source:
    """``**filters: rt.Unpack[<View>FilterArgs],`` of every filtering method."""
    return _expr.param("**filters", _expr.Sub("rt.Unpack", (_expr.name(view.filter_args),)))
