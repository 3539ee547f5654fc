"""What each IR property becomes in TypeScript: its read, write and filter-keyword types, and its comment.

The table of ``pygen_core/codegen/typescript/runtime/README.md`` §3, for one view of the SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...ir import (
    CDFReferenceKind,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    FilterOp,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    ReverseDirectRelationKind,
    SDKModel,
    ViewClassNames,
    ViewIR,
    ViewRef,
)
from ._escape import comment_lines, one_line
from ._types import NULL, TArray, TIntersection, TKeyword, TLiteral, TObject, TReadonly, TRef, TType, TUnion

__all__ = [
    "BIG",
    "LIST_ITEM",
    "NODE_ID",
    "NODE_REF",
    "REFS",
    "UNKNOWN",
    "WRITE",
    "MemberTypes",
    "literals",
    "member_of",
    "names_of",
    "natural_key",
    "union",
    "view_label",
]

READ: dict[PrimitiveType, TType] = {
    PrimitiveType.TEXT: TKeyword("string"),
    PrimitiveType.BOOLEAN: TKeyword("boolean"),
    PrimitiveType.INT32: TKeyword("number"),
    PrimitiveType.INT64: TKeyword("bigint"),
    PrimitiveType.FLOAT32: TKeyword("number"),
    PrimitiveType.FLOAT64: TKeyword("number"),
    PrimitiveType.TIMESTAMP: TRef("Date"),
    PrimitiveType.DATE: TRef("DateString"),
    PrimitiveType.JSON: TKeyword("unknown"),
}
BIG = TUnion((TKeyword("bigint"), TKeyword("number")))
WRITE: dict[PrimitiveType, TType] = {
    **READ,
    PrimitiveType.INT64: BIG,
    PrimitiveType.TIMESTAMP: TUnion((TRef("Date"), TKeyword("string"))),
    PrimitiveType.DATE: TUnion((TRef("DateString"), TRef("Date"))),
}
LIST_ITEM: dict[PrimitiveType, TType] = {**WRITE, PrimitiveType.DATE: TRef("DateString")}
"""What a list property's builder compares with (``ListProp<T>``)."""
UNKNOWN = TKeyword("unknown")
NODE_ID, NODE_REF = TRef("NodeId"), TRef("NodeRef")
REFS = TUnion((NODE_REF, TReadonly(TArray(NODE_REF))))
_CHUNKS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Case-insensitive natural order (``value2`` before ``value10``): the order of members and views."""
    return tuple((0, int(c)) if c.isdigit() else (1, c) for c in _CHUNKS.split(text.lower()) if c)


def names_of(view: ViewIR) -> ViewClassNames:
    """The view's TypeScript names (the IR must have been built for TypeScript)."""
    names = view.names.typescript
    if names is None:
        raise AssertionError(f"no TypeScript names for {view.ref}: build the IR with language='typescript'")
    return names


def member_of(prop: PropertyIR) -> str:
    """The property's TypeScript member."""
    if prop.names.typescript is None:
        raise AssertionError(f"no TypeScript name for {prop.identifier!r}: build the IR for TypeScript")
    return prop.names.typescript


def view_label(view: ViewIR) -> str:
    """How docs call the view: its display name's first line, else its external id (comment-safe)."""
    return one_line(view.display_name) or one_line(view.ref.external_id) or "view"


def union(*types: TType) -> TType:
    """A union of ``types``, flattening nested unions (as the parser reads ``A | (B | C)`` written flat)."""
    flat: list[TType] = []
    for t in types:
        for member in t.types if isinstance(t, TUnion) else (t,):
            if member not in flat:
                flat.append(member)
    return flat[0] if len(flat) == 1 else TUnion(tuple(flat))


def literals(values: list[str]) -> TType:
    """A union of string literal types."""
    return union(*(TLiteral(v) for v in values))


class MemberTypes:
    """The member types of one view's module (``view`` in ``model``)."""

    def __init__(self, model: SDKModel, view: ViewIR) -> None:
        self.model = model
        self.view = view
        self.names = names_of(view)

    def other(self, ref: ViewRef | None) -> ViewIR | None:
        """The view ``ref`` names, when it is in the SDK."""
        return self.model.view(ref) if ref is not None and self.model.has_view(ref) else None

    @staticmethod
    def _read_of(target: ViewIR | None) -> TType:
        """``NodeId | Target``: a node read as an id, or as its read object when loaded."""
        return NODE_ID if target is None else union(NODE_ID, TRef(names_of(target).class_name))

    @staticmethod
    def _write_of(target: ViewIR | None) -> TType:
        """``TargetWrite | NodeRef``: a nested write object, or a reference."""
        if target is None or not target.writable:
            return NODE_REF
        return union(TRef(names_of(target).write_class_name), NODE_REF)

    # -- member types ----------------------------------------------------------------------------------
    @staticmethod
    def scalar(prop: PropertyIR, table: Mapping[PrimitiveType, TType], read: bool) -> TType:
        kind = prop.kind
        if isinstance(kind, PrimitiveKind):
            return table[kind.type]
        if isinstance(kind, EnumKind):
            literals = tuple(TLiteral(v.value) for v in kind.values)
            if read:
                return TUnion((*literals, TIntersection((TKeyword("string"), TObject()))))
            return union(*literals)
        return TKeyword("string")  # CDF references: the external id

    def connection_target(self, prop: PropertyIR) -> ViewIR | None:
        """The target of an edge or reverse relation the module declares (None: not declared)."""
        kind = prop.kind
        if self.view.is_edge or not isinstance(kind, (EdgeKind, ReverseDirectRelationKind)):
            return None
        target = self.other(kind.target)
        if target is None or (
            isinstance(kind, EdgeKind)
            and kind.edge_properties is not None
            and self.other(kind.edge_properties) is None
        ):
            return None
        return target

    def read_type(self, prop: PropertyIR) -> TType | None:
        kind = prop.kind
        if isinstance(kind, (PrimitiveKind, EnumKind, CDFReferenceKind)):
            scalar = self.scalar(prop, READ, read=True)
            if scalar == UNKNOWN and not kind.is_list:
                return scalar
            return union(TArray(scalar) if kind.is_list else scalar, NULL)
        if isinstance(kind, DirectRelationKind):
            node = self._read_of(self.other(kind.target))
            return union(TArray(node) if kind.is_list else node, NULL)
        target = self.connection_target(prop)
        if target is None:
            return None
        one: TType
        if isinstance(kind, EdgeKind) and kind.edge_properties is not None:
            far = self._read_of(target)
            ends = (NODE_ID, far) if kind.direction == "outwards" else (far, NODE_ID)
            edge_view = self.model.view(kind.edge_properties)
            one = TRef(names_of(edge_view).class_name, ends)
        else:
            one = self._read_of(target)
        return TArray(one) if kind.is_list else union(one, NULL)

    def write_type(self, prop: PropertyIR) -> TType | None:
        kind = prop.kind
        if isinstance(kind, (PrimitiveKind, EnumKind, CDFReferenceKind)):
            scalar = self.scalar(prop, WRITE, read=False)
            return TArray(scalar) if kind.is_list else scalar
        if isinstance(kind, DirectRelationKind):
            node = self._write_of(self.other(kind.target))
            return TArray(node) if kind.is_list else node
        target = self.connection_target(prop)
        if target is None or isinstance(kind, ReverseDirectRelationKind):
            return None
        one: TType
        if kind.edge_properties is not None:
            edge_view = self.model.view(kind.edge_properties)
            if not edge_view.writable:
                return None
            far = self._write_of(target)
            ends = (NODE_REF, far) if kind.direction == "outwards" else (far, NODE_REF)
            one = TRef(names_of(edge_view).write_class_name, ends)
        else:
            one = self._write_of(target)
        return TArray(one) if kind.is_list else one

    def doc(self, prop: PropertyIR, read: bool) -> tuple[str, ...]:
        """The member's comment: the property's description, then what the SDK adds about it."""
        kind = prop.kind
        note = ""
        if read and isinstance(kind, ReverseDirectRelationKind):
            target = self.model.view(kind.target)
            via = kind.through_property
            through = self.other(kind.through_view)
            if through is not None:
                via = next((member_of(p) for p in through.properties if p.identifier == via), via)
            nodes = "nodes" if kind.is_list else "node"
            note = f"Read-only: the {names_of(target).class_name} {nodes} whose {one_line(via)} points here."
        elif not read and isinstance(kind, EdgeKind) and kind.edge_properties is not None:
            end = (
                "`endNode` (the node it goes to)"
                if kind.direction == "outwards"
                else "`startNode` (the node it comes from)"
            )
            note = f"The edges; set each one's {end}." if kind.is_list else f"The edge; set its {end}."
        lines = comment_lines(prop.description)
        if note:
            lines = [*lines, "", note] if lines else [note]
        return tuple(lines)

    # -- the whole module ------------------------------------------------------------------------------
    def keyword_type(self, prop: PropertyIR, op: FilterOp) -> TType:
        if op in ("equals", "exists"):
            return TKeyword("boolean")
        if op == "prefix":
            return TKeyword("string")
        if op in ("node", "nodes"):
            return REFS
        scalar = self.scalar(prop, WRITE, read=False)
        if op == "in":
            return union(scalar, TReadonly(TArray(scalar)))
        return scalar  # min / max
