"""The Python emitter: IR → small typed specs of each generated module (templates lay them out).

Everything that maps an IR property or view to Python types and names lives here; it reads the IR only
(names, filter keywords and node types were all decided by the IR's naming authority).
"""

from __future__ import annotations

from ..._records import field, record
from ...ir import (
    CDFReferenceKind,
    CDFReferenceType,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    FilterOp,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    ReverseDirectRelationKind,
    SDKModel,
    ViewIR,
    ViewRef,
    python_keyword_name,
)
from ._escape import Source, check_identifier, docstring
from ._expr import (
    NONE,
    TRUE,
    Call,
    Dict,
    Expr,
    Keyword,
    Param,
    Sub,
    Tuple,
    Union,
    name,
    natural_key,
    string,
)
from ._imports import Imports
from ._literals import default_literal

__all__ = ["FieldSpec", "KeywordSpec", "TraverseSpec", "ViewModule", "emit_view", "one_line_doc"]

_PRIMITIVE = {
    PrimitiveType.TEXT: "str",
    PrimitiveType.BOOLEAN: "bool",
    PrimitiveType.INT32: "int",
    PrimitiveType.INT64: "int",
    PrimitiveType.FLOAT32: "float",
    PrimitiveType.FLOAT64: "float",
    PrimitiveType.TIMESTAMP: "datetime.datetime",
    PrimitiveType.DATE: "datetime.date",
    PrimitiveType.JSON: "rt.JsonValue",
}
_FILTER_PROP = {
    PrimitiveType.TEXT: "rt.TextProp",
    PrimitiveType.BOOLEAN: "rt.BoolProp",
    PrimitiveType.INT32: "rt.IntProp",
    PrimitiveType.INT64: "rt.IntProp",
    PrimitiveType.FLOAT32: "rt.FloatProp",
    PrimitiveType.FLOAT64: "rt.FloatProp",
    PrimitiveType.TIMESTAMP: "rt.TimestampProp",
    PrimitiveType.DATE: "rt.DateProp",
    PrimitiveType.JSON: "rt.JSONProp",
}
_KEYWORD_DOC: dict[FilterOp, str] = {
    "equals": "equal to this value",
    "in": "equal to this value, or to one of these values",
    "prefix": "starts with this text",
    "min": "at least this value",
    "max": "at most this value",
    "exists": "set (True) or not set (False)",
    "node": "points at this node, or at one of these nodes",
    "nodes": "holds this node, or any of these nodes",
}
_NONE = NONE
_REFERENCE = {
    CDFReferenceType.TIMESERIES: "rt.TimeSeriesRef",
    CDFReferenceType.FILE: "rt.FileRef",
    CDFReferenceType.SEQUENCE: "rt.SequenceRef",
}
_RESOURCE_BASE = {"timeseries": "rt.TimeSeriesNode", "file": "rt.FileNode"}


@record(frozen=True)
class FieldSpec:
    """``name: annotation [= default]`` in a class body, with its attribute docstring."""

    name: str
    annotation: Expr
    default: Expr | None
    doc: Source


@record(frozen=True)
class KeywordSpec:
    """One key of the view's filter-keyword ``TypedDict``."""

    name: str
    annotation: Expr
    doc: Source


@record(frozen=True)
class TraverseSpec:
    """One ``traverse`` overload of the view's query builder: a connection and its target's builder."""

    name: str
    target_select: str
    target_args: str
    edge_args: Expr | None
    """The filter keywords of the connection's edges (edge connections only)."""

    @property
    def parameters(self) -> list[Param]:
        """The overload's parameters."""
        found: list[Param] = [
            ("self", None, None),
            ("connection", Sub("Literal", (string(self.name),)), None),
        ]
        if self.edge_args is not None:
            found += [("*", None, None), ("edges", Union((self.edge_args, _NONE)), _NONE)]
        found.append(("**filters", Sub("rt.Unpack", (name(self.target_args),)), None))
        return found

    @property
    def returns(self) -> Expr:
        """The target view's builder, for the same first step."""
        return Sub(self.target_select, (name("rt.RootT"),))

    @property
    def call(self) -> Expr:
        """``self._traverse(...)`` of a builder with only this connection."""
        args: list[Expr] = [name("connection"), name("filters")]
        if self.edge_args is not None:
            args.append(name("edges"))
        return Call("self._traverse", tuple(args))


@record
class ViewModule:
    """Everything the view template needs: one module per view (data classes, filters, API)."""

    view: ViewIR
    module: str
    class_name: str
    write_class: str | None
    list_class: str
    filter_class: str
    filter_args: str
    fields_alias: str
    text_fields_alias: str | None
    api_class: str
    api_attribute: str
    base: str
    write_list_class: str | None = None
    read_base: str = "rt.NodeRead"
    edge_apis: list[tuple[str, Expr, Source]] = field(default_factory=list)
    """``(attribute, rt.EdgeConnectionAPI(...) call, docstring)`` of every plain edge connection."""
    select_class: str = ""
    imports: Imports = field(default_factory=Imports)
    checking: dict[str, set[str]] = field(default_factory=dict)
    """Other views' classes the annotations name (imported for type checkers only)."""
    signatures: dict[str, set[str]] = field(default_factory=dict)
    """Other views' names that only method signatures name (imported for type checkers, never bound)."""
    traversals: list[TraverseSpec] = field(default_factory=list)
    aliases: list[tuple[str, Expr]] = field(default_factory=list)
    spec: Expr = _NONE
    view_id: Expr = _NONE
    write_fields: list[FieldSpec] = field(default_factory=list)
    read_fields: list[FieldSpec] = field(default_factory=list)
    shared_fields: list[FieldSpec] = field(default_factory=list)
    """Fields the read and the write class declare alike, declared once in ``shared_class``."""
    shared_class: str = ""
    filter_props: list[tuple[str, Expr]] = field(default_factory=list)
    keywords: list[KeywordSpec] = field(default_factory=list)
    docs: dict[str, Source] = field(default_factory=dict)
    node_type: Expr | None = None

    @property
    def is_edge(self) -> bool:
        """True for an edge view."""
        return self.base == "Edge"

    @property
    def kind(self) -> str:
        """``node`` or ``edge``."""
        return self.base.lower()

    @property
    def checking_imports(self) -> list[tuple[str, list[str]]]:
        """``(module, names)`` for the ``if TYPE_CHECKING:`` block, in isort order."""
        merged: dict[str, set[str]] = {m: set(names) for m, names in self.checking.items()}
        for module, names in self.signatures.items():
            merged.setdefault(module, set()).update(names)
        return [(m, sorted(merged[m])) for m in sorted(merged, key=natural_key)]

    @property
    def exports(self) -> list[str]:
        """The names the SDK's top level exports for this view."""
        names = [self.class_name, self.list_class, self.filter_class, self.filter_args]
        if self.write_class is not None:
            names.append(self.write_class)
        if self.write_list_class is not None:
            names.append(self.write_list_class)
        return names


def one_line_doc(text: str | None) -> str | None:
    """The first paragraph of a model description on one line (None when there is none)."""
    if not text or not text.strip():
        return None
    paragraph = text.strip().split("\n\n")[0]
    return " ".join(paragraph.split())


class _ViewEmitter:
    def __init__(self, model: SDKModel, view: ViewIR, default_space: bool, package: str) -> None:
        self.model = model
        self.package = package
        self.view = view
        self.default_space = default_space
        names = view.names.python
        self.node_ref = "rt.NodeRef" if default_space else "rt.NodeIdLike"
        self.out = ViewModule(
            view=view,
            module=check_identifier("_" + names.module_name),
            class_name=check_identifier(names.class_name),
            write_class=check_identifier(names.write_class_name) if view.writable else None,
            list_class=check_identifier(names.list_class_name),
            filter_class=check_identifier(names.filter_class_name),
            filter_args=check_identifier(names.filter_args_name),
            fields_alias=check_identifier(names.fields_name),
            text_fields_alias=None,
            api_class=check_identifier(names.api_class_name),
            api_attribute=check_identifier(names.api_attribute),
            base="Edge" if view.is_edge else "Node",
            write_list_class=check_identifier(names.write_list_class_name) if view.writable else None,
            select_class=check_identifier(names.select_class_name),
        )
        if view.is_edge:
            self.out.read_base = "rt.EdgeRead"
        elif view.resource is not None:
            self.out.read_base = _RESOURCE_BASE[view.resource]

    # -- names of other views ------------------------------------------------------------------------
    def _other(self, ref: ViewRef | None) -> ViewIR | None:
        return self.model.view(ref) if ref is not None and self.model.has_view(ref) else None

    def _use(self, target: ViewIR, write: bool) -> str | None:
        """The read (or write) class of ``target``; imported for type checkers when it is another view."""
        names = target.names.python
        if write and not target.writable:
            return None
        chosen = check_identifier(names.write_class_name if write else names.class_name)
        if target.ref != self.view.ref:
            module = "." + check_identifier("_" + names.module_name)
            self.out.checking.setdefault(module, set()).add(chosen)
        return chosen

    # -- types --------------------------------------------------------------------------------------
    def _enum_alias(self, prop: PropertyIR, kind: EnumKind) -> str:
        alias = f"_{prop.names.python}_values"
        if all(existing != alias for existing, _ in self.out.aliases):
            values = tuple(string(v.value) for v in kind.values)
            self.out.aliases.append((alias, Sub("Literal", values)))
            self.out.imports.add("typing", "Literal")
        return alias

    def _scalar(self, prop: PropertyIR, read: bool) -> Expr:
        kind = prop.kind
        if isinstance(kind, PrimitiveKind):
            if kind.type in (PrimitiveType.TIMESTAMP, PrimitiveType.DATE):
                self.out.imports.module("datetime")
            return name(_PRIMITIVE[kind.type])
        if isinstance(kind, EnumKind):
            alias = name(self._enum_alias(prop, kind))
            return Union((alias, name("str"))) if read else alias
        if isinstance(kind, CDFReferenceKind):
            # Read classes hand out typed references (still the external id); write classes take text.
            return name(_REFERENCE[kind.type]) if read else name("str")
        raise AssertionError(kind)

    def _named(self, target: ViewIR) -> Expr:
        """The read class of ``target`` as a connection declaration names it (a string)."""
        # Bound by the runtime from the SDK's top level on first use (``bind_targets``).
        return string(check_identifier(target.names.python.class_name))

    def _node_ref(self, target: ViewIR | None, read: bool) -> Expr:
        members: list[Expr] = []
        if target is not None:
            chosen = self._use(target, write=not read)
            if chosen is not None:
                members.append(name(chosen))
        members.append(name("rt.NodeId" if read else self.node_ref))
        return members[0] if len(members) == 1 else Union(tuple(members))

    def _annotation(self, prop: PropertyIR, read: bool) -> Expr | None:
        kind = prop.kind
        inner: Expr
        if isinstance(kind, (PrimitiveKind, EnumKind, CDFReferenceKind)):
            inner = self._scalar(prop, read)
        elif isinstance(kind, DirectRelationKind):
            inner = self._node_ref(self._other(kind.target), read)
        elif isinstance(kind, ReverseDirectRelationKind):
            if not read:
                return None
            inner = self._node_ref(self._other(kind.target), read=True)
        elif isinstance(kind, EdgeKind):
            if kind.edge_properties is not None:
                edge_view = self._other(kind.edge_properties)
                chosen = None if edge_view is None else self._use(edge_view, write=not read)
                if chosen is None:
                    return None
                inner = name(chosen)
            else:
                inner = self._node_ref(self._other(kind.target), read)
        else:  # pragma: no cover - exhaustive over PropertyKind
            raise AssertionError(kind)
        return Sub("list", (inner,)) if kind.is_list else inner

    # -- fields -------------------------------------------------------------------------------------
    def _field(self, prop: PropertyIR, read: bool) -> FieldSpec | None:
        annotation = self._annotation(prop, read)
        if annotation is None:
            return None
        # Read classes are tolerant: CDF returns nodes that lack a required property of the view.
        required = prop.required and prop.is_stored and not read
        default: Expr | None = None
        if not required:
            members = annotation.members if isinstance(annotation, Union) else (annotation,)
            annotation = Union((*members, _NONE))
            default = _NONE if read else (default_literal(prop) or _NONE)
        if prop.is_connection:
            # Validated lazily: pydantic must not build the target's schema (chains of views recurse).
            annotation = Sub("rt.Ref", (annotation,))
        return FieldSpec(check_identifier(prop.names.python), annotation, default, _attribute_doc(prop))

    def _connection(self, prop: PropertyIR) -> Expr | None:
        kind = prop.kind
        if isinstance(kind, DirectRelationKind):
            target = self._other(kind.target)
            args: list[Expr] = [string(prop.identifier)]
            if target is not None:
                args.append(Keyword("target", self._named(target)))
            return Call("rt.DirectRelation", tuple(args))
        if isinstance(kind, ReverseDirectRelationKind):
            target = self._other(kind.target)
            if target is None:
                return None
            through = kind.through_view
            through_id = (through.space, through.external_id, through.version)
            view_id = Call("rt.ViewId", tuple(map(string, through_id)))
            args = [view_id, string(kind.through_property)]
            args.append(Keyword("target", self._named(target)))
            if not kind.is_list:
                args.append(Keyword("single", TRUE))
            return Call("rt.ReverseDirectRelation", tuple(args))
        if isinstance(kind, EdgeKind):
            target = self._other(kind.target)
            if target is None:
                return None
            edge_type = Call("rt.NodeId", (string(kind.edge_type.space), string(kind.edge_type.external_id)))
            args = [edge_type, string(kind.direction)]
            args.append(Keyword("target", self._named(target)))
            if not kind.is_list:
                args.append(Keyword("single", TRUE))
            if kind.edge_properties is not None:
                edge_view = self._other(kind.edge_properties)
                if edge_view is None:
                    return None
                args.append(Keyword("edge_class", self._named(edge_view)))
            return Call("rt.EdgeConnection", tuple(args))
        return None

    def _edge_api(self, prop: PropertyIR, attribute: str) -> None:
        kind = prop.kind
        assert isinstance(kind, EdgeKind)
        edge_type = f"{kind.edge_type.space}:{kind.edge_type.external_id}"
        doc = docstring(f"The ``{prop.names.python}`` edges ({edge_type}).", 4)
        call = Call("rt.EdgeConnectionAPI", (string(prop.names.python),))
        self.out.edge_apis.append((check_identifier(attribute), call, doc))

    def _signature_name(self, target: ViewIR, *names: str) -> None:
        if target.ref != self.view.ref:
            module = "." + check_identifier("_" + target.names.python.module_name)
            self.out.signatures.setdefault(module, set()).update(map(check_identifier, names))

    def _traversal(self, prop: PropertyIR) -> TraverseSpec | None:
        """The ``traverse`` overload of a connection the query builder can follow (node views only)."""
        kind = prop.kind
        if self.view.is_edge or not isinstance(
            kind, (DirectRelationKind, ReverseDirectRelationKind, EdgeKind)
        ):
            return None
        target = self._other(kind.target)
        if target is None or target.is_edge:
            return None
        names = target.names.python
        edge_args: Expr | None = None
        if isinstance(kind, EdgeKind):
            edge_args = name("rt.EdgeFilterArgs")
            if kind.edge_properties is not None:
                edge_view = self._other(kind.edge_properties)
                if edge_view is None:
                    return None
                edge_args = name(check_identifier(edge_view.names.python.filter_args_name))
                self._signature_name(edge_view, edge_view.names.python.filter_args_name)
        self._signature_name(target, names.select_class_name, names.filter_args_name)
        return TraverseSpec(
            check_identifier(prop.names.python),
            check_identifier(names.select_class_name),
            check_identifier(names.filter_args_name),
            edge_args,
        )

    # -- filters ------------------------------------------------------------------------------------
    def _filter_prop(self, prop: PropertyIR) -> Expr | None:
        kind = prop.kind
        if not prop.is_stored:
            return None
        if kind.is_list and not isinstance(kind, DirectRelationKind):
            cls = "rt.ListProp"
        elif isinstance(kind, PrimitiveKind):
            cls = _FILTER_PROP[kind.type]
        elif isinstance(kind, (EnumKind, CDFReferenceKind)):
            cls = "rt.TextProp"
        elif isinstance(kind, DirectRelationKind):
            cls = "rt.DirectProp"
        else:
            return None
        return Call(cls, (name("VIEW_ID"), string(prop.identifier)))

    def _keyword_type(self, prop: PropertyIR, op: FilterOp) -> Expr:
        if op in ("equals", "exists"):
            return name("bool")
        if op == "prefix":
            return name("str")
        if op in ("node", "nodes"):
            ref = name(self.node_ref)
            return Union((ref, Sub("Sequence", (ref,))))
        scalar = self._scalar(prop, read=False)
        if op == "in":
            self.out.imports.add("collections.abc", "Sequence")
            return Union((scalar, Sub("Sequence", (scalar,))))
        return scalar  # min / max

    def _keywords(self, props: list[PropertyIR]) -> list[KeywordSpec]:
        found: list[KeywordSpec] = []
        for prop in props:
            described = one_line_doc(prop.description)
            for index, keyword in enumerate(prop.filters):
                meaning = _KEYWORD_DOC[keyword.op]
                # The description once per property; its other keywords name the property.
                text = None
                if described:
                    subject = described.rstrip(".") if index == 0 else f"``{prop.names.python}``"
                    text = f"{subject}: {meaning}."
                if keyword.op in ("node", "nodes"):
                    self.out.imports.add("collections.abc", "Sequence")
                found.append(
                    KeywordSpec(
                        check_identifier(keyword.names.python),
                        self._keyword_type(prop, keyword.op),
                        docstring(text, 4),
                    )
                )
        return sorted(found, key=lambda k: natural_key(k.name))

    # -- the whole module ---------------------------------------------------------------------------
    def emit(self) -> ViewModule:
        out, view = self.out, self.view
        ref = view.ref
        out.imports.add("__future__", "annotations")
        out.imports.module("builtins")  # the API's ``list`` method shadows the builtin in its class
        out.imports.add("typing", "ClassVar", "Literal")
        out.imports.add("collections.abc", "Iterator", "Sequence")
        # Absolute: ``from .. import _runtime`` would import a private name (pyright --strict refuses it).
        out.imports.module(f"{self.package}._runtime as rt")
        out.view_id = Call("rt.ViewId", (string(ref.space), string(ref.external_id), string(ref.version)))
        props = sorted(view.properties, key=lambda p: natural_key(p.names.python))
        renamed: list[tuple[Expr, Expr]] = []
        filtered: dict[str, list[Expr]] = {}  # operations → the attributes that have them
        connections: list[tuple[Expr, Expr]] = []
        filters: list[tuple[Expr, Expr]] = []
        for prop in props:
            attribute = string(prop.names.python)
            if prop.is_stored and camel_case(prop.names.python) != prop.identifier:
                renamed.append((attribute, string(prop.identifier)))
            read = self._field(prop, read=True)
            if read is not None:
                out.read_fields.append(read)
            if view.writable:
                write = self._field(prop, read=False)
                if write is not None:
                    out.write_fields.append(write)
            connection = self._connection(prop)
            if connection is not None:
                connections.append((attribute, connection))
                if prop.edge_api is not None:
                    self._edge_api(prop, prop.edge_api.python)
                traversal = self._traversal(prop)
                if traversal is not None:
                    out.traversals.append(traversal)
            builder = self._filter_prop(prop)
            if builder is not None:
                out.filter_props.append((check_identifier(prop.names.python), builder))
            if all(k.names.python == python_keyword_name(k.op, prop.names.python) for k in prop.filters):
                if prop.filters:
                    filtered.setdefault(" ".join(k.op for k in prop.filters), []).append(attribute)
            else:
                for keyword in prop.filters:
                    spec = Tuple((string(keyword.op), string(prop.identifier)))
                    filters.append((string(keyword.names.python), spec))
        filters.sort(key=lambda item: natural_key(item[0].flat))
        if out.write_class is not None:
            out.shared_fields = [f for f in out.read_fields if f in out.write_fields]
            if out.shared_fields:
                out.shared_class = check_identifier(f"_{out.class_name}Properties")
                out.read_fields = [f for f in out.read_fields if f not in out.shared_fields]
                out.write_fields = [f for f in out.write_fields if f not in out.shared_fields]
        args: list[Expr] = [name("VIEW_ID"), name(out.fields_alias)]
        by_ops = [(string(ops), Tuple(tuple(attributes))) for ops, attributes in filtered.items()]
        for label, items in (
            ("renamed", renamed),
            ("connections", connections),
            ("filtered", by_ops),
            ("filters", filters),
        ):
            if items:
                args.append(Keyword(label, Dict(tuple(items))))
        out.spec = Call("rt.ViewSpec", tuple(args))
        if view.writable and view.node_type is not None and not view.is_edge:
            pinned = view.node_type
            out.node_type = Call("rt.NodeId", (string(pinned.space), string(pinned.external_id)))
        fields = ["external_id", *(p.names.python for p in props if p.is_stored)]
        out.aliases.append((out.fields_alias, Sub("Literal", tuple(map(string, fields)))))
        text_fields = [
            p.names.python
            for p in props
            if p.is_stored
            and isinstance(p.kind, PrimitiveKind)
            and p.kind.type is PrimitiveType.TEXT
            and not p.kind.is_list
        ]
        if text_fields:
            out.text_fields_alias = check_identifier(view.names.python.text_fields_name)
            out.aliases.append((out.text_fields_alias, Sub("Literal", tuple(map(string, text_fields)))))
        out.keywords = self._keywords(props)
        if len(out.traversals) > 1:
            out.imports.add("typing", "Any", "overload")
        if out.checking or out.signatures:
            out.imports.add("typing", "TYPE_CHECKING")
        if view.writable and self.default_space and not view.is_edge:
            out.imports.add(".._settings", "DEFAULT_INSTANCE_SPACE")
        self._docs()
        return out

    def _docs(self) -> None:
        out, view = self.out, self.view
        ref = str(view.ref)
        label = one_line_doc(view.display_name) or view.ref.external_id
        kind = out.kind
        out.docs["module"] = docstring(f"The view {ref}: its data classes, filters and API.")
        body = f"{label} ({ref})."
        if view.description:
            body += "\n\n" + view.description
        # Fields are documented once, under each field; the runtime lists them for help() (_docs.py).
        out.docs["read"] = docstring(body, 4)
        out.docs["write"] = docstring(f"{label} ({ref}), to create or update.", 4)
        if out.write_class:
            out.docs["shared"] = docstring(
                f"The fields {out.class_name} and {out.write_class} declare alike.", 4
            )
        out.docs["list"] = docstring(f"A list of {label} {kind}s; ``.cursor`` resumes iteration.", 4)
        out.docs["write_list"] = docstring(f"A list of {label} {kind}s to create or update.", 4)
        out.docs["filter"] = docstring(
            f"Typed filter builders for {label}; combine them with ``&``, ``|`` and ``~``.", 4
        )
        out.docs["filter_args"] = docstring(
            f"{label} filter keywords (list, iterate, search, aggregate, histogram).", 4
        )
        out.docs["select"] = docstring(f"Query builder over {label} {kind}s (``select()``).", 4)
        out.docs["select_method"] = docstring(
            f"A query builder starting at these {kind}s: filter, follow connections, list.", 8
        )
        out.docs["where"] = docstring(
            f"Only the {kind}s that match: `Filter` objects and the keywords of ``list``.", 8
        )
        out.docs["traverse"] = docstring(
            "Follow ``connection``; the keywords filter its nodes as in their ``list``.", 8
        )
        api = f"{label} ({ref}): list, search and aggregate its {kind}s."
        if view.description:
            api += "\n\n" + view.description
        out.docs["api"] = docstring(api, 4)


def camel_case(attribute: str) -> str:
    """The CDF identifier the runtime's ``ViewSpec`` assumes for an attribute that is not ``renamed``
    (the runtime's ``camel_case``; tests keep the two equal)."""
    first, *rest = attribute.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def _attribute_doc(prop: PropertyIR) -> Source:
    return docstring(prop.description, 4)


def emit_view(model: SDKModel, view: ViewIR, default_space: bool, package: str) -> ViewModule:
    """The specs of one view's module in ``package`` (``default_space``: the SDK has a default instance
    space)."""
    return _ViewEmitter(model, view, default_space, package).emit()
