"""Class documentation with an ``Attributes:`` section built from the fields' own docstrings.

Generated classes document each field once, in the attribute docstring under it (what IDEs show on
hover). ``help()`` and ``inspect.getdoc`` read only the class ``__doc__``, so the class's ``__doc__``
appends the fields' docstrings when it is first read, from the module's source (a file, or the
``linecache`` entry ``load_sdk`` registers). Nothing is parsed at import time; without source the
class docstring is shown as written.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import linecache
import sys
from typing import Any

_SOURCES: dict[str, ast.Module | None] = {}


def _module_tree(module_name: str) -> ast.Module | None:
    if module_name in _SOURCES:
        return _SOURCES[module_name]
    module = sys.modules.get(module_name)
    filename = getattr(module, "__file__", None)
    tree: ast.Module | None = None
    if module is not None and isinstance(filename, str):
        text = "".join(linecache.getlines(filename, module.__dict__))
        try:
            tree = ast.parse(text) if text else None
        except (SyntaxError, ValueError):
            tree = None
    _SOURCES[module_name] = tree
    return tree


def _class_docs(tree: ast.Module, name: str) -> dict[str, str]:
    body: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            body = node.body
            break
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found[statement.target.id] = " ".join(following.value.value.split())
    return found


def field_docs(cls: type[Any]) -> list[tuple[str, str]]:
    """``(field, docstring)`` of every field the class or a base in its module documents, in field
    order."""
    tree = _module_tree(cls.__module__)
    if tree is None:
        return []
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__ == cls.__module__:
            docs.update(_class_docs(tree, klass.__qualname__))
    order: dict[str, Any] = getattr(cls, "model_fields", None) or docs
    return [(name, docs[name]) for name in order if name in docs]


_FULL: dict[type[Any], str | None] = {}
_METACLASSES: dict[type[Any], type[Any]] = {}


def _full_doc(cls: type[Any]) -> str | None:
    if cls not in _FULL:
        own = cls.__dict__.get("__doc__")
        full = None if not isinstance(own, str) else inspect.cleandoc(own)
        lines = [f"    {name}: {text}" for name, text in field_docs(cls)]
        if full is not None and lines:
            full += "\n\nAttributes:\n" + "\n".join(lines)
        _FULL[cls] = full
    return _FULL[cls]


def attach_field_docs(cls: type[Any]) -> None:
    """Make ``cls.__doc__`` list the documented fields, built when first read.

    ``help()`` reads a class's ``__doc__`` straight from its ``__dict__`` unless the metaclass has a
    ``__doc__`` descriptor, so the class moves to a subclass of its metaclass that adds one (and
    nothing else: the same layout, no slots).
    """
    base = type(cls)
    meta = _METACLASSES.get(base)
    if meta is None:
        namespace = {
            "__slots__": (),
            "__doc__": property(_full_doc),
            "__module__": __name__,
        }
        meta = type(f"Documented{base.__name__}", (base,), namespace)
        _METACLASSES[base] = meta
    type.__setattr__(cls, "__class__", meta)
