"""Container defaults as Python literals of a write field's type (or None when one cannot be)."""

from __future__ import annotations

import math

from ...ir import CDFReferenceKind, EnumKind, PrimitiveKind, PrimitiveType, PropertyIR
from ._escape import Source
from ._expr import Atom, Expr, string

__all__ = ["default_literal"]


def default_literal(prop: PropertyIR) -> Expr | None:
    """A container default as a literal of the field type, or None when it cannot be one."""
    value = prop.default_json()
    kind = prop.kind
    if value is None or not isinstance(kind, (PrimitiveKind, EnumKind, CDFReferenceKind)):
        return None
    if isinstance(kind, PrimitiveKind) and kind.type in (
        PrimitiveType.TIMESTAMP,
        PrimitiveType.DATE,
        PrimitiveType.JSON,
    ):
        return None
    if isinstance(kind, EnumKind):
        allowed = {v.value for v in kind.values}
        ok = isinstance(value, str) and value in allowed and not kind.is_list
        return string(value) if ok and isinstance(value, str) else None
    return _literal(value)


def _literal(value: object) -> Expr | None:
    if isinstance(value, bool):
        return Atom(Source("True" if value else "False"))
    if isinstance(value, int):
        return Atom(Source(str(value)))
    if isinstance(value, float):
        return Atom(Source(repr(value))) if math.isfinite(value) else None
    if isinstance(value, str):
        return string(value)
    # A literal list is not a JsonValue to mypy, and the server applies the default anyway.
    return None
