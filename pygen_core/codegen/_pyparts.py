"""The pieces of one view's generated source (what the templates read) and the type tables behind them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .._errors import PygenError
from ..ir import CDFReferenceKind, EnumKind, PrimitiveKind, PrimitiveType, PropertyIR, ViewIR
from ._escape import Source, py_str
from ._imports import Imports
from ._layout import call

__all__ = [
    "FILTER_PROP",
    "METHOD_PARAMETERS",
    "PRIMITIVE",
    "RANGE_TYPES",
    "FilterParam",
    "PyView",
    "check_unique",
    "default_literal",
    "literal_alias",
]

PRIMITIVE = {
    PrimitiveType.TEXT: "str",
    PrimitiveType.BOOLEAN: "bool",
    PrimitiveType.INT32: "int",
    PrimitiveType.INT64: "int",
    PrimitiveType.FLOAT32: "float",
    PrimitiveType.FLOAT64: "float",
    PrimitiveType.TIMESTAMP: "datetime.datetime",
    PrimitiveType.DATE: "datetime.date",
    PrimitiveType.JSON: "JsonValue",
}
FILTER_PROP = {
    PrimitiveType.TEXT: "TextProp",
    PrimitiveType.BOOLEAN: "BoolProp",
    PrimitiveType.INT32: "IntProp",
    PrimitiveType.INT64: "IntProp",
    PrimitiveType.FLOAT32: "FloatProp",
    PrimitiveType.FLOAT64: "FloatProp",
    PrimitiveType.TIMESTAMP: "TimestampProp",
    PrimitiveType.DATE: "DateProp",
    PrimitiveType.JSON: "JSONProp",
}
RANGE_TYPES = frozenset(
    {
        PrimitiveType.INT32,
        PrimitiveType.INT64,
        PrimitiveType.FLOAT32,
        PrimitiveType.FLOAT64,
        PrimitiveType.TIMESTAMP,
        PrimitiveType.DATE,
    }
)
METHOD_PARAMETERS = frozenset(
    {
        "self",
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
)
"""Parameter names of the generated API methods; filter keywords never take them."""


_EMPTY = Source("")


@dataclass(frozen=True)
class FilterParam:
    """One typed keyword of list/iterate/search/aggregate/histogram and the helper call it feeds."""

    names: tuple[str, ...]
    annotation: str
    helper: str
    identifier: str

    def call(self) -> Source:
        """The helper call inside ``_build_filter(...)`` (12 spaces deep, with its trailing comma)."""
        if self.helper == "_direct_list":  # list direct relations match with containsAny
            return call("self._direct", [py_str(self.identifier), *self.names, "listed=True"], 12, ",")
        return call(f"self.{self.helper}", [py_str(self.identifier), *self.names], 12, ",")


@dataclass
class PyView:
    """Everything the data-class and API templates need for one view."""

    view: ViewIR
    module: str
    class_name: str
    write_class: str | None
    list_class: str
    filter_class: str
    api_class: str
    api_attribute: str
    fields_alias: str
    text_fields_alias: str
    base: str
    has_fields: bool = False
    has_text_fields: bool = False
    has_connections: bool = False
    data_imports: Imports = field(default_factory=Imports)
    api_imports: Imports = field(default_factory=Imports)
    bottom_imports: dict[str, set[str]] = field(default_factory=dict)
    fields_literal: Source = _EMPTY
    text_fields_literal: Source = _EMPTY
    view_id: Source = _EMPTY
    connections: list[Source] = field(default_factory=list)
    write_fields: list[Source] = field(default_factory=list)
    read_fields: list[Source] = field(default_factory=list)
    filter_attributes: list[Source] = field(default_factory=list)
    filter_params: list[FilterParam] = field(default_factory=list)
    needs_node_ref: bool = False
    docs: dict[str, Source] = field(default_factory=dict)
    filter_param_lines: list[Source] = field(default_factory=list)
    filter_calls: list[Source] = field(default_factory=list)
    properties_param: Source = _EMPTY
    property_param: Source = _EMPTY
    group_by_param: Source = _EMPTY
    histogram_param: Source = _EMPTY
    sort_by_param: Source = _EMPTY
    retrieve_return: Source = _EMPTY
    retrieve_call: Source = _EMPTY
    iterate_call: Source = _EMPTY
    search_call: Source = _EMPTY
    aggregate_call: Source = _EMPTY
    list_call: Source = _EMPTY
    api_header: Source = _EMPTY
    client_property: Source = _EMPTY
    client_import: Source = _EMPTY
    enum_aliases: list[Source] = field(default_factory=list)
    headers: dict[str, Source] = field(default_factory=dict)
    retrieve_returns: Source = _EMPTY
    filter_block: Source = _EMPTY
    build_filter_block: Source = _EMPTY
    node_type_field: Source = _EMPTY

    @property
    def is_edge(self) -> bool:
        return self.view.used_for == "edge"

    @property
    def exports(self) -> list[str]:
        names = [self.class_name, self.list_class, self.filter_class]
        if self.write_class is not None:
            names.append(self.write_class)
        if self.has_fields:
            names.append(self.fields_alias)
        if self.has_text_fields:
            names.append(self.text_fields_alias)
        return names


def literal_alias(name: str, values: list[str]) -> Source:
    """``name = Literal[...]`` of the escaped ``values``, one per line when it does not fit."""
    items = [py_str(v) for v in values]
    one = f"{name} = Literal[{', '.join(items)}]"
    if len(one) <= 88:
        return Source(one)
    body = "".join(f"    {item},\n" for item in items)
    return Source(f"{name} = Literal[\n{body}]")


def default_literal(prop: PropertyIR) -> str | None:
    """The source of a container default, or None when it cannot be a plain literal of the field type."""
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
        return py_str(value) if isinstance(value, str) and value in allowed and not kind.is_list else None
    if isinstance(value, (dict, list)):
        # A literal dict/list is not a JsonValue to mypy, and the server applies the default anyway.
        return None
    return _json_literal(value)


def _json_literal(value: object) -> str | None:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, list):
        items = [_json_literal(v) for v in value]
        return None if any(i is None for i in items) else "[" + ", ".join(i for i in items if i) + "]"
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            rendered = _json_literal(item)
            if rendered is None or not isinstance(key, str):
                return None
            parts.append(f"{py_str(key)}: {rendered}")
        return "{" + ", ".join(parts) + "}"
    return None


def check_unique(names: list[tuple[str, str]]) -> None:
    """Raise when two generated public names clash (``(name, owner)`` pairs)."""
    seen: dict[str, str] = {}
    for name, owner in names:
        if name in seen and seen[name] != owner:
            raise PygenError(
                f"generated name {name!r} is used by both {seen[name]} and {owner}; "
                "rename one of them with a name override"
            )
        seen[name] = owner
