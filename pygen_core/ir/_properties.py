"""Turn one wire-JSON view property into a `PropertyIR` (or skip it with a finding)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ._codes import Collector
from ._model import (
    CDFReferenceKind,
    CDFReferenceType,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    EnumValue,
    FilterKeyword,
    FilterOp,
    InstanceRef,
    JsonValue,
    Names,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    PropertyKind,
    ReverseDirectRelationKind,
    Unit,
    ViewRef,
)
from ._naming import python_enum_member_name
from ._parse import Selection, container_ref, text, view_ref

_PRIMITIVES = {t.value: t for t in PrimitiveType}
_REFERENCES = {t.value: t for t in CDFReferenceType}
_EDGES = {"single_edge_connection": False, "multi_edge_connection": True}
_REVERSE = {"single_reverse_direct_relation": False, "multi_reverse_direct_relation": True}
_DIRECTIONS = ("outwards", "inwards")


def freeze_json(value: object) -> JsonValue:
    """An immutable copy of a JSON value (arrays → tuples, objects → read-only mappings with sorted keys)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(freeze_json(v) for v in value)
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): freeze_json(value[k]) for k in sorted(value, key=str)})
    return str(value)


def signature(raw: Mapping[str, Any]) -> str:
    """What identifies a property's definition across views (ignores display name and description)."""
    if "connectionType" not in raw:
        container = container_ref(raw.get("container"))
        return f"mapped:{container}:{raw.get('containerPropertyIdentifier')}"
    rest = {k: v for k, v in raw.items() if k not in ("name", "description")}
    return json.dumps(rest, sort_keys=True, default=str)


def _int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _bool(data: Mapping[str, Any], key: str, default: bool) -> bool:
    value = data.get(key)
    return value if isinstance(value, bool) else default


_INT_RANGE = {PrimitiveType.INT32: 2**31, PrimitiveType.INT64: 2**63}


def _scalar_fits(kind: PropertyKind, value: JsonValue) -> bool:
    if isinstance(kind, EnumKind):
        return isinstance(value, str) and value in {v.value for v in kind.values}
    if isinstance(kind, CDFReferenceKind):
        return isinstance(value, str)
    if not isinstance(kind, PrimitiveKind):
        return False
    data_type = kind.type
    if data_type is PrimitiveType.JSON:
        return True
    if data_type is PrimitiveType.BOOLEAN:
        return isinstance(value, bool)
    if data_type in _INT_RANGE:
        bound = _INT_RANGE[data_type]
        return isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
    if data_type in (PrimitiveType.FLOAT32, PrimitiveType.FLOAT64):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)  # text, timestamp and date defaults are strings on the wire


def _default_fits(kind: PropertyKind, value: JsonValue) -> bool:
    """Whether a container default can be used as a value of `kind` (direct relations take none)."""
    if isinstance(kind, PrimitiveKind) and kind.type is PrimitiveType.JSON:
        return True
    if kind.is_list:
        return isinstance(value, tuple) and all(_scalar_fits(kind, item) for item in value)
    return _scalar_fits(kind, value)


_RANGE_TYPES = frozenset(
    {
        PrimitiveType.INT32,
        PrimitiveType.INT64,
        PrimitiveType.FLOAT32,
        PrimitiveType.FLOAT64,
        PrimitiveType.TIMESTAMP,
        PrimitiveType.DATE,
    }
)


def filter_ops(kind: PropertyKind) -> tuple[FilterOp, ...]:
    """The keyword filters of a stored property of this kind (language-neutral; names come later)."""
    if isinstance(kind, DirectRelationKind):
        return ("nodes",) if kind.is_list else ("node",)
    if kind.is_list or isinstance(kind, CDFReferenceKind):
        return ("exists",)
    if isinstance(kind, EnumKind):
        return ("in",)
    if isinstance(kind, PrimitiveKind):
        if kind.type is PrimitiveType.TEXT:
            return ("in", "prefix")
        if kind.type is PrimitiveType.BOOLEAN:
            return ("equals",)
        if kind.type in _RANGE_TYPES:
            return ("min", "max")
        return ("exists",)  # json
    return ()


def _short(value: JsonValue) -> str:
    text_value = repr(value)
    return text_value if len(text_value) <= 40 else text_value[:37] + "..."


class PropertyResolver:
    """Resolves properties against the selection; reports what it skips or degrades."""

    def __init__(self, selection: Selection, findings: Collector) -> None:
        self.selection = selection
        self.findings = findings

    def resolve(self, view: ViewRef, identifier: str, raw: Mapping[str, Any]) -> PropertyIR | None:
        connection = raw.get("connectionType")
        display_name, description = text(raw, "name"), text(raw, "description")
        if connection is not None:
            kind = self._connection(view, identifier, raw, connection)
            if kind is None:
                return None
            return PropertyIR(identifier, Names(""), kind, display_name, description)
        return self._mapped(view, identifier, raw, display_name, description)

    def _where(self, ref: ViewRef) -> tuple[str, str] | None:
        """None when `ref` is in the SDK, else (code suffix kind, reason)."""
        if ref in self.selection.kept:
            return None
        if ref in self.selection.all_views:
            return "left_out", self.selection.left_out.get(ref, "it is left out of the SDK")
        return "missing", "it is not in the snapshot"

    def _connection(
        self, view: ViewRef, identifier: str, raw: Mapping[str, Any], connection: object
    ) -> PropertyKind | None:
        add = self.findings.add
        if connection in _EDGES:
            return self._edge(view, identifier, raw, _EDGES[str(connection)])
        if connection in _REVERSE:
            return self._reverse(view, identifier, raw, _REVERSE[str(connection)])
        add(
            "PYG202",
            f"connection type {connection!r} is not supported; the property is skipped",
            "upgrade hatch-pygen or exclude the view",
            view=view,
            prop=identifier,
        )
        return None

    def _target(self, view: ViewRef, identifier: str, target: ViewRef | None, what: str) -> ViewRef | None:
        if target is None:
            self.findings.add(
                "PYG203",
                f"the {what} is missing or not a view reference; it is skipped",
                view=view,
                prop=identifier,
            )
            return None
        where = self._where(target)
        if where is None:
            return target
        code = "PYG205" if where[0] == "left_out" else "PYG204"
        self.findings.add(
            code,
            f"the {what} {target} is not in the SDK because {where[1]}; the property is skipped",
            "include that view, or exclude this one",
            view=view,
            prop=identifier,
        )
        return None

    def _edge(self, view: ViewRef, identifier: str, raw: Mapping[str, Any], multi: bool) -> EdgeKind | None:
        edge_type = raw.get("type")
        space, xid = text(edge_type, "space"), text(edge_type, "externalId")
        direction = raw.get("direction", "outwards")
        if space is None or xid is None or direction not in _DIRECTIONS:
            problem = "edge type" if space is None or xid is None else f"direction {direction!r}"
            self.findings.add(
                "PYG203", f"the {problem} is invalid; the edge is skipped", view=view, prop=identifier
            )
            return None
        target = self._target(view, identifier, view_ref(raw.get("source")), "edge target view")
        if target is None:
            return None
        edge_view: ViewRef | None = None
        if raw.get("edgeSource") is not None:
            edge_view = view_ref(raw.get("edgeSource"))
            where = None if edge_view is None else self._where(edge_view)
            if edge_view is None or where is not None:
                reason = "it is not a view reference" if where is None else where[1]
                self.findings.add(
                    "PYG208",
                    f"the edge properties view {edge_view} is unusable because {reason}; "
                    "the edge is kept without edge properties",
                    view=view,
                    prop=identifier,
                )
                edge_view = None
            elif self.selection.kept[edge_view].used_for not in ("edge", "all"):
                self.findings.add(
                    "PYG209",
                    f"the edge properties view {edge_view} is not an edge view; "
                    "the edge is kept without edge properties",
                    view=view,
                    prop=identifier,
                )
                edge_view = None
        return EdgeKind(InstanceRef(space, xid), str(direction), target, multi, edge_view)  # type: ignore[arg-type]

    def _reverse(
        self, view: ViewRef, identifier: str, raw: Mapping[str, Any], multi: bool
    ) -> ReverseDirectRelationKind | None:
        target = self._target(view, identifier, view_ref(raw.get("source")), "reverse relation source view")
        if target is None:
            return None
        through = raw.get("through")
        through_id = text(through, "identifier")
        through_source = through.get("source") if isinstance(through, Mapping) else None
        if through_id is None or not isinstance(through_source, Mapping):
            self.findings.add(
                "PYG203", "'through' is missing or malformed; it is skipped", view=view, prop=identifier
            )
            return None
        through_view = view_ref(through_source)
        if through_view is not None and through_source.get("type", "view") == "view":
            if self._target(view, identifier, through_view, "through view") is None:
                return None
            through_prop = through_id
            found = self.selection.kept[through_view].properties.get(through_id)
        else:
            container = container_ref(through_source)
            through_view, through_prop, found = target, through_id, None
            for key, candidate in sorted(self.selection.kept[target].properties.items()):
                if (
                    container is not None
                    and container_ref(candidate.get("container")) == container
                    and candidate.get("containerPropertyIdentifier") == through_id
                ):
                    through_prop, found = key, candidate
                    break
        if found is None:
            self.findings.add(
                "PYG210",
                f"the through property {through_view}.{through_prop} does not exist; the property is skipped",
                "fix 'through' in the view definition",
                view=view,
                prop=identifier,
            )
            return None
        found_type = found.get("type")
        if "connectionType" in found or text(found_type, "type") != "direct":
            self.findings.add(
                "PYG211",
                f"the through property {through_view}.{through_prop} is not a direct relation; "
                "the property is skipped",
                view=view,
                prop=identifier,
            )
            return None
        through_is_list = _bool(found_type, "list", False) if isinstance(found_type, Mapping) else False
        return ReverseDirectRelationKind(through_view, through_prop, target, multi, through_is_list)

    def _mapped(
        self,
        view: ViewRef,
        identifier: str,
        raw: Mapping[str, Any],
        display_name: str | None,
        description: str | None,
    ) -> PropertyIR | None:
        container = container_ref(raw.get("container"))
        container_prop = text(raw, "containerPropertyIdentifier")
        spec: Mapping[str, Any] = raw
        if container is not None and container_prop is not None:
            stored = self.selection.containers.get(container, {}).get("properties")
            if isinstance(stored, Mapping) and isinstance(stored.get(container_prop), Mapping):
                spec = {**raw, **stored[container_prop]}
                if not isinstance(spec.get("type"), Mapping):
                    spec = {**spec, "type": raw.get("type")}
        kind = self._data_type(view, identifier, raw, spec.get("type"))
        if kind is None:
            return None
        nullable = _bool(spec, "nullable", True)
        auto_increment = _bool(spec, "autoIncrement", False)
        default = freeze_json(spec.get("defaultValue"))
        if default is not None and not _default_fits(kind, default):
            self.findings.add(
                "PYG214",
                f"the default value {_short(default)} does not fit the data type; it is ignored",
                "fix defaultValue in the container",
                view=view,
                prop=identifier,
            )
            default = None
        return PropertyIR(
            identifier=identifier,
            names=Names(""),
            kind=kind,
            display_name=display_name,
            description=description,
            nullable=nullable,
            required=not nullable and default is None and not auto_increment,
            default=default,
            immutable=_bool(spec, "immutable", False),
            auto_increment=auto_increment,
            container=container,
            container_property=container_prop,
            filters=tuple(FilterKeyword(op, Names("")) for op in filter_ops(kind)) if container else (),
        )

    def _data_type(
        self, view: ViewRef, identifier: str, raw: Mapping[str, Any], data_type: object
    ) -> PropertyKind | None:
        name = text(data_type, "type")
        if not isinstance(data_type, Mapping) or name is None:
            self.findings.add(
                "PYG201",
                "the property has no data type; it is skipped",
                "check the snapshot",
                view=view,
                prop=identifier,
            )
            return None
        is_list = _bool(data_type, "list", False)
        max_list = _int(data_type, "maxListSize")
        if name in _PRIMITIVES:
            unit_data = data_type.get("unit")
            unit_id = text(unit_data, "externalId")
            unit = Unit(unit_id, text(unit_data, "sourceUnit")) if unit_id is not None else None
            return PrimitiveKind(_PRIMITIVES[name], is_list, unit, max_list, _int(data_type, "maxTextSize"))
        if name in _REFERENCES:
            return CDFReferenceKind(_REFERENCES[name], is_list, max_list)
        if name == "enum":
            return self._enum(view, identifier, data_type, is_list)
        if name == "direct":
            return self._direct(view, identifier, raw, data_type, is_list, max_list)
        self.findings.add(
            "PYG201",
            f"data type {name!r} is not supported; the property is skipped",
            "upgrade hatch-pygen or exclude the view",
            view=view,
            prop=identifier,
        )
        return None

    def _enum(
        self, view: ViewRef, identifier: str, data_type: Mapping[str, Any], is_list: bool
    ) -> EnumKind | None:
        values = data_type.get("values")
        keys = sorted(k for k in values if isinstance(k, str)) if isinstance(values, Mapping) else []
        if not keys:
            self.findings.add(
                "PYG212", "the enum has no values; the property is skipped", view=view, prop=identifier
            )
            return None
        assert isinstance(values, Mapping)
        taken: set[str] = set()
        members: list[EnumValue] = []
        for key in keys:
            member = python_enum_member_name(key)
            while member in taken:
                member += "_"
            taken.add(member)
            info = values[key]
            members.append(EnumValue(key, Names(member), text(info, "name"), text(info, "description")))
        unknown = text(data_type, "unknownValue")
        if unknown is not None and unknown not in keys:
            self.findings.add(
                "PYG213",
                f"unknownValue {unknown!r} is not one of the enum values; it is ignored",
                view=view,
                prop=identifier,
            )
            unknown = None
        return EnumKind(tuple(members), unknown, is_list)

    def _direct(
        self,
        view: ViewRef,
        identifier: str,
        raw: Mapping[str, Any],
        data_type: Mapping[str, Any],
        is_list: bool,
        max_list: int | None,
    ) -> DirectRelationKind:
        view_type = raw.get("type")
        target_data = (
            data_type.get("source")
            or (view_type.get("source") if isinstance(view_type, Mapping) else None)
            or raw.get("source")
        )
        target = view_ref(target_data)
        if target is not None:
            where = self._where(target)
            if where is not None:
                code = "PYG207" if where[0] == "left_out" else "PYG206"
                self.findings.add(
                    code,
                    f"the target view {target} is not in the SDK because {where[1]}; "
                    "the direct relation becomes an untyped node reference",
                    view=view,
                    prop=identifier,
                )
                target = None
        return DirectRelationKind(target, is_list, container_ref(data_type.get("container")), max_list)
