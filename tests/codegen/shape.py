"""Describe an SDK package's structure independently of its Python names (for the contract test).

Run in a subprocess: ``describe("pkg")`` imports the package, so it must be on ``sys.path``.
"""

from __future__ import annotations

import importlib
import inspect
import typing
from types import ModuleType
from typing import Any

FIXED_PARAMETERS = {
    "external_id",
    "space",
    "external_id_prefix",
    "filter",
    "sort_by",
    "direction",
    "limit",
    "retrieve_connections",
    "chunk_size",
    "cursor",
    "query",
    "properties",
    "aggregate",
    "property",
    "group_by",
    "interval",
}
METHODS = ("retrieve", "list", "iterate", "search", "aggregate", "histogram")


def _identifier(name: str, info: Any) -> str:
    alias = info.validation_alias
    if alias is not None and hasattr(alias, "path"):
        return str(alias.path[-1])
    return str(info.serialization_alias or name)


def _fields(cls: type[Any], base: frozenset[str]) -> dict[str, Any]:
    out = {}
    for name, info in cls.model_fields.items():
        if name in base:
            continue
        out[_identifier(name, info)] = {
            "required": info.is_required(),
            "default": repr(info.default) if not info.is_required() else None,
        }
    return out


_REFERENCE_TYPES = ("TimeSeriesRef", "FileRef", "SequenceRef")


def _references(cls: type[Any]) -> dict[str, str]:
    """CDF identifier -> the runtime reference type its annotation names (typed references only)."""
    out = {}
    for name, info in cls.model_fields.items():
        text = repr(info.annotation)
        found = [ref for ref in _REFERENCE_TYPES if ref in text]
        if found:
            out[_identifier(name, info)] = found[0]
    return out


def _module_shape(module: ModuleType) -> dict[str, Any]:
    spec = module._VIEW
    classes = {
        name: obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj) and obj.__module__ == module.__name__
    }
    shape: dict[str, Any] = {"classes": sorted(classes), "fields": {}, "references": {}}
    for name, cls in classes.items():
        base = getattr(cls, "_base_fields", None)
        if base is not None and hasattr(cls, "model_fields"):
            kind = "write" if name.endswith("Write") else "read"
            shape["fields"][kind] = _fields(cls, base)
            shape["references"][kind] = _references(cls)
            if kind == "read":
                # The runtime base; the view's own shared-properties class is not part of it.
                shape["read_base"] = [b.__name__ for b in cls.__bases__ if b.__module__ != module.__name__]
    shape["connections"] = sorted(repr(conn) for conn in spec.connections.values())
    shape["filters"] = sorted(spec.filters.values())
    aliases = {n: typing.get_args(v) for n, v in vars(module).items() if n.endswith("Fields")}
    shape["field_aliases"] = {n: len(v) for n, v in sorted(aliases.items())}
    api = next(obj for obj in classes.values() if obj.__name__.endswith("API"))
    shape["edge_apis"] = sorted(
        getattr(value, "_connection", "")
        for value in vars(api).values()
        if type(value).__name__ == "EdgeConnectionAPI"
    )
    shape["write_list"] = sorted(
        n for n, obj in classes.items() if any(b.__name__.endswith("WriteList") for b in obj.__bases__)
    )
    shape["methods"] = {
        method: sorted(set(inspect.signature(getattr(api, method)).parameters) & FIXED_PARAMETERS)
        for method in METHODS
        if hasattr(api, method)
    }
    return {"view": str(spec.view_id), **shape}


def describe(package: str) -> dict[str, Any]:
    """Per view (``space:xid/version``): classes, fields by CDF id, connections, filters, parameters."""
    root = importlib.import_module(package)
    modules = {
        getattr(root, n).__module__
        for n in root.__all__
        if inspect.isclass(getattr(root, n)) and "._views." in getattr(root, n).__module__
    }
    result: dict[str, Any] = {}
    for name in sorted(modules):
        shape = _module_shape(importlib.import_module(name))
        result[shape.pop("view")] = shape
    return result
