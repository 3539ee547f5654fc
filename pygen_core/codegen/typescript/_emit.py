"""The TypeScript emitter: IR → the specs of one view module (types, filter keywords, spec table, builders).

Everything that maps an IR property or view to TypeScript types and members lives here; it reads the IR
only (member names, filter keywords and node types were decided by the naming authority). The table of
``pygen_core/codegen/typescript/runtime/README.md`` §3 is what each property becomes.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..._records import field, record
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
)
from ._escape import comment_lines, one_line
from ._members import (
    BIG,
    LIST_ITEM,
    NODE_ID,
    NODE_REF,
    REFS,
    UNKNOWN,
    WRITE,
    MemberTypes,
    literals,
    member_of,
    names_of,
    natural_key,
    union,
    view_label,
)
from ._syntax import (
    Const,
    Declaration,
    Expr,
    Interface,
    Member,
    TypeAlias,
    XArray,
    XArrow,
    XBool,
    XMember,
    XNew,
    XObject,
    XString,
    comment,
    declaration,
    import_decl,
    jsdoc,
    references,
    render,
)
from ._types import NULL, TKeyword, TRef, TypeParam

__all__ = ["ViewModule", "emit_view", "member_of", "names_of", "natural_key", "view_label"]

_BUILDER = {
    PrimitiveType.TEXT: "TextProp",
    PrimitiveType.BOOLEAN: "BoolProp",
    PrimitiveType.INT32: "NumberProp",
    PrimitiveType.INT64: "NumberProp",
    PrimitiveType.FLOAT32: "NumberProp",
    PrimitiveType.FLOAT64: "NumberProp",
    PrimitiveType.TIMESTAMP: "TimestampProp",
    PrimitiveType.DATE: "DateProp",
    PrimitiveType.JSON: "JSONProp",
}
_OPS: dict[FilterOp, str] = {
    "equals": "equals",
    "in": "equals",
    "prefix": "prefix",
    "min": "min",
    "max": "max",
    "exists": "exists",
    "node": "direct",
    "nodes": "containsAny",
}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@record
class ViewModule:
    """One view's module: file stem, exported names and its rendered parts (the template joins them)."""

    view: ViewIR
    names: ViewClassNames
    module: str
    doc: str = ""
    imports: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    exports: list[str] = field(default_factory=list)


@record(frozen=True)
class _Block:
    doc: tuple[str, ...]
    decl: Declaration


class _ViewEmitter(MemberTypes):
    def __init__(self, model: SDKModel, view: ViewIR, owners: Mapping[str, tuple[str, int]]) -> None:
        super().__init__(model, view)
        self.owners = owners

    def emit(self) -> ViewModule:
        view, names = self.view, self.names
        props = sorted(view.properties, key=lambda p: natural_key(member_of(p)))
        stored = [p for p in props if p.is_stored]
        label = view_label(view)
        ref = one_line(str(view.ref)) or "view"
        edge = view.is_edge
        out = ViewModule(view, names, names.module_name)
        blocks: list[_Block] = []

        # read and write interfaces
        reads = [Member(member_of(p), t, True, self.doc(p, True)) for p in props if (t := self.read_type(p))]
        read_doc = [
            f"{label} ({ref}), as read" + ("; `S`/`E` are what its end points hold." if edge else ".")
        ]
        if view.description:
            read_doc += ["", *comment_lines(view.description)]
        if edge:
            params = tuple(TypeParam(n, NODE_ID, NODE_ID) for n in ("S", "E"))
            base = TRef("EdgeRead", (TRef("S"), TRef("E")))
            blocks.append(_Block(tuple(read_doc), Interface(names.class_name, tuple(reads), base, params)))
        else:
            blocks.append(
                _Block(tuple(read_doc), Interface(names.class_name, tuple(reads), TRef("NodeRead")))
            )
        if view.writable:
            writes: list[Member] = []
            for prop in props:
                write = self.write_type(prop)
                if write is None:
                    continue
                required = prop.required and prop.is_stored
                if not required and write != UNKNOWN:
                    write = union(write, NULL)
                writes.append(Member(member_of(prop), write, not required, self.doc(prop, False)))
            if writes and all(not m.optional for m in writes):
                write_doc = (
                    f"{label}, to write: every property is required (reads stay tolerant: all optional)."
                )
            else:
                write_doc = f"{label}, to write (members left out are not sent; `null` clears)."
            if edge:
                params = tuple(TypeParam(n, default=NODE_REF) for n in ("S", "E"))
                base = TRef("EdgeWrite", (TRef("S"), TRef("E")))
                decl = Interface(names.write_class_name, tuple(writes), base, params)
            else:
                decl = Interface(names.write_class_name, tuple(writes), TRef("NodeWrite"))
            blocks.append(_Block((write_doc,), decl))

        # filter keywords (members, then the edge ends), in the spec's order
        keywords: list[Member] = []
        filters: list[tuple[str, Expr]] = []
        for prop in props:
            for keyword in prop.filters:
                name = keyword.names.typescript
                if name is None:
                    raise AssertionError(f"no TypeScript keyword for {prop.identifier!r}")
                keywords.append(Member(name, self.keyword_type(prop, keyword.op)))
                filters.append((name, XArray((XString(_OPS[keyword.op]), XString(member_of(prop))))))
        if edge:
            for end in ("startNode", "endNode"):
                keywords.append(Member(end, REFS))
                filters.append((end, XArray((XString(end),))))
        if keywords:
            blocks.append(
                _Block((f"Filter keywords of {label}.",), Interface(names.filter_args_name, tuple(keywords)))
            )
        else:
            none = f"Filter keywords of {label} (none: the view has no filterable properties)."
            blocks.append(
                _Block((none,), TypeAlias(names.filter_args_name, TRef("Record", (TKeyword("never"),) * 2)))
            )

        # members to sort and search by
        fields = ["externalId", *(member_of(p) for p in stored)]
        blocks.append(
            _Block(
                ("Members to sort, aggregate and group by.",), TypeAlias(names.fields_name, literals(fields))
            )
        )
        text_fields = [
            member_of(p)
            for p in stored
            if isinstance(p.kind, PrimitiveKind) and p.kind.type is PrimitiveType.TEXT and not p.kind.is_list
        ]
        if text_fields:
            alias = TypeAlias(names.text_fields_name, literals(text_fields))
            blocks.append(_Block(("Members full-text search can match.",), alias))

        # the spec table and the filter builders
        blocks.append(
            _Block((), Const(names.spec_name, self._spec(props, stored, filters), TRef("ViewSpec")))
        )
        if stored:
            table = XObject(
                tuple((member_of(p), self._builder(p)) for p in stored), expanded=True, as_const=True
            )
            blocks.append(
                _Block((f"Typed filter builders of {label}.",), Const(names.filter_class_name, table))
            )

        # the API type
        text = TRef(names.text_fields_name) if text_fields else TKeyword("never")
        write_type = TRef(names.write_class_name) if view.writable else TKeyword("never")
        args = (
            TRef(names.class_name),
            write_type,
            TRef(names.filter_args_name),
            TRef(names.fields_name),
            text,
        )
        api_doc = f"The API of {label}" + ("." if view.writable else " (read-only: no upsert).")
        blocks.append(_Block((api_doc,), TypeAlias(names.api_class_name, TRef("ViewAPI", args))))

        used: dict[str, bool] = {}
        for block in blocks:
            for name, is_type in references(block.decl):
                used[name] = used.get(name, True) and is_type
            out.blocks.append(render([jsdoc(block.doc) if block.doc else "", declaration(block.decl)]))
            out.exports.append(block.decl.name)
        out.imports = self._imports(used, {b.decl.name for b in blocks})
        out.doc = render(comment([self._module_doc(ref, bool(keywords))]))
        return out

    def _spec(
        self, props: list[PropertyIR], stored: list[PropertyIR], filters: list[tuple[str, Expr]]
    ) -> XObject:
        view = self.view
        ref = view.ref
        view_id = (
            ("space", XString(ref.space)),
            ("externalId", XString(ref.external_id)),
            ("version", XString(ref.version)),
        )
        entries: list[tuple[str, Expr]] = [
            ("view", XObject(view_id)),
            ("instanceType", XString("edge" if view.is_edge else "node")),
            ("writable", XBool(view.writable)),
        ]
        if view.writable and view.node_type is not None and not view.is_edge:
            pinned = view.node_type
            node_type = (("space", XString(pinned.space)), ("externalId", XString(pinned.external_id)))
            entries.append(("nodeType", XObject(node_type)))
        properties = tuple((member_of(p), self._property_spec(p)) for p in stored)
        connections = tuple(
            (member_of(p), spec) for p in props if (spec := self._connection_spec(p)) is not None
        )
        entries += [
            ("properties", XObject(properties, expanded=True)),
            ("connections", XObject(connections, expanded=True)),
            ("filters", XObject(tuple(filters), expanded=True)),
        ]
        return XObject(tuple(entries), expanded=True)

    def _property_spec(self, prop: PropertyIR) -> XObject:
        kind = prop.kind
        if isinstance(kind, (PrimitiveKind, CDFReferenceKind)):
            name = kind.type.value
        else:
            name = "enum" if isinstance(kind, EnumKind) else "direct"
        entries: list[tuple[str, Expr]] = [("id", XString(prop.identifier)), ("kind", XString(name))]
        if kind.is_list:
            entries.append(("list", XBool(True)))
        if isinstance(kind, DirectRelationKind):
            target = self.other(kind.target)
            if target is not None:
                entries.append(("target", XArrow(names_of(target).spec_name)))
        return XObject(tuple(entries))

    def _connection_spec(self, prop: PropertyIR) -> XObject | None:
        kind = prop.kind
        target = self.connection_target(prop)
        if target is None:
            return None
        entries: list[tuple[str, Expr]]
        if isinstance(kind, EdgeKind):
            edge_type = (
                ("space", XString(kind.edge_type.space)),
                ("externalId", XString(kind.edge_type.external_id)),
            )
            entries = [
                ("kind", XString("edge")),
                ("edgeType", XObject(edge_type)),
                ("direction", XString(kind.direction)),
                ("target", XArrow(names_of(target).spec_name)),
            ]
            if not kind.is_list:
                entries.append(("single", XBool(True)))
            if kind.edge_properties is not None:
                entries.append(
                    ("edgeView", XArrow(names_of(self.model.view(kind.edge_properties)).spec_name))
                )
            return XObject(tuple(entries))
        assert isinstance(kind, ReverseDirectRelationKind)
        through = kind.through_view
        through_id = (
            ("space", XString(through.space)),
            ("externalId", XString(through.external_id)),
            ("version", XString(through.version)),
        )
        entries = [
            ("kind", XString("reverse")),
            ("through", XObject(through_id)),
            ("identifier", XString(kind.through_property)),
            ("target", XArrow(names_of(target).spec_name)),
        ]
        if not kind.is_list:
            entries.append(("single", XBool(True)))
        return XObject(tuple(entries))

    def _builder(self, prop: PropertyIR) -> XNew:
        kind = prop.kind
        args: tuple[Expr, ...] = (XMember(self.names.spec_name, "view"), XString(prop.identifier))
        if isinstance(kind, DirectRelationKind):
            return XNew("DirectProp", args)
        if kind.is_list:
            return XNew("ListProp", args, (self.scalar(prop, LIST_ITEM, read=False),))
        if isinstance(kind, PrimitiveKind):
            return XNew(_BUILDER[kind.type], args, (BIG,) if kind.type is PrimitiveType.INT64 else ())
        if isinstance(kind, EnumKind):
            return XNew("TextProp", args, (self.scalar(prop, WRITE, read=False),))
        return XNew("TextProp", args)

    # -- imports and the module doc ------------------------------------------------------------------------
    def _imports(self, used: Mapping[str, bool], own: set[str]) -> list[str]:
        runtime: list[tuple[str, bool]] = []
        by_module: dict[str, list[tuple[int, str, bool]]] = {}
        for name, is_type in used.items():
            owner = self.owners.get(name)
            if owner is None or name in own:
                continue  # globals (Date) and the module's own names
            if owner[0] == "":
                runtime.append((name, is_type))
            else:
                by_module.setdefault(owner[0], []).append((owner[1], name, is_type))
        lines: list[str] = []
        if runtime:
            runtime.sort(key=lambda item: (item[0].lower(), item[0]))
            lines.append(render(import_decl(runtime, "../_runtime/index.js")))
        for module in sorted(by_module, key=lambda m: (m.lower(), m)):
            names = [(name, is_type) for _, name, is_type in sorted(by_module[module])]
            lines.append(render(import_decl(names, f"./{module}.js")))
        return lines

    def _module_doc(self, ref: str, has_keywords: bool) -> str:
        view = self.view
        notes: list[str] = []
        if not view.writable:
            notes.append("read-only")
        parents = [names_of(self.model.view(a)).class_name for a in view.ancestors if self.model.has_view(a)]
        if parents:
            notes.append("implements " + _and(parents))
        elif any(view.ref in other.implements for other in self.model.views):
            notes.append("an interface")
        kind = "edge view" if view.is_edge else "view"
        note = f" ({', '.join(notes)})" if notes else ""
        parts = ["read and write types" if view.writable else "read type"]
        if has_keywords:
            parts.append("filter keywords")
        parts.append("spec")
        return f"The {kind} {ref}{note}: {', '.join(parts)}."


def emit_view(model: SDKModel, view: ViewIR, owners: Mapping[str, tuple[str, int]]) -> ViewModule:
    """The rendered parts of one view's module. ``owners`` maps every name a module may import to
    ``(module stem, order)``: the runtime's exports to ``("", 0)``; each view's read type, write type and
    spec to its stem and 0, 1, 2 (the order they are imported in)."""
    return _ViewEmitter(model, view, owners).emit()
