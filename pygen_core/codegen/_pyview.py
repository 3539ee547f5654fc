"""Per-view Python source pieces: annotations, fields, connection specs, filter parameters.

Everything that maps an IR property to Python text lives here; templates only arrange the pieces.
Derived names (``min_<attr>``, ``<attr>_prefix``, ``<Class>Fields``) are chosen in this module only.
"""

from __future__ import annotations

from ..ir import (
    CDFReferenceKind,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    InstanceRef,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    ReverseDirectRelationKind,
    SDKModel,
    ViewIR,
    ViewRef,
)
from ._escape import Source, check_identifier, docstring, py_str
from ._layout import assign_call, call, class_field, natural_key, param, returns
from ._pyparts import (
    FILTER_PROP,
    METHOD_PARAMETERS,
    PRIMITIVE,
    RANGE_TYPES,
    FilterParam,
    PyView,
    default_literal,
    literal_alias,
)

__all__ = ["build_view"]


class _Builder:
    def __init__(
        self, model: SDKModel, view: ViewIR, has_default_space: bool, node_type: InstanceRef | None
    ) -> None:
        self.model = model
        self.node_type = node_type
        # Node references in direct-relation filters: a bare external id needs a default space.
        self.node_ref_alias = "_Id" if has_default_space and view.used_for != "edge" else "_NodeRef"
        self.view = view
        self.has_default_space = has_default_space
        names = view.names.python
        self.py = PyView(
            view=view,
            module="_" + check_identifier(names.module_name.lstrip("_")),
            class_name=check_identifier(names.class_name),
            write_class=check_identifier(names.write_class_name) if view.writable else None,
            list_class=check_identifier(names.list_class_name),
            filter_class=check_identifier(names.filter_class_name),
            api_class=check_identifier(names.api_class_name),
            api_attribute=check_identifier(names.api_attribute),
            fields_alias=check_identifier(f"{names.class_name}Fields"),
            text_fields_alias=check_identifier(f"{names.class_name}TextFields"),
            base="Edge" if view.used_for == "edge" else "Node",
        )

    # -- cross-view names ------------------------------------------------------------------------
    def _other(self, ref: ViewRef | None) -> ViewIR | None:
        if ref is None or not self.model.has_view(ref):
            return None
        return self.model.view(ref)

    def _use(self, target: ViewIR, write: bool, register: bool = True) -> tuple[str, str | None]:
        """Names of the read (and write) class of ``target``, imported at the bottom unless it is this view.

        Connection specs name classes as strings only (``register=False``): annotations import what they use.
        """
        names = target.names.python
        read = check_identifier(names.class_name)
        write_name = check_identifier(names.write_class_name) if write and target.writable else None
        if register and target.ref != self.view.ref:
            module = "._" + check_identifier(names.module_name.lstrip("_"))
            wanted = self.py.bottom_imports.setdefault(module, set())
            wanted.add(read)
            if write_name is not None:
                wanted.add(write_name)
        return read, write_name

    # -- annotations -------------------------------------------------------------------------------
    def _scalar(self, prop: PropertyIR, read: bool) -> str:
        kind = prop.kind
        imports = self.py.data_imports
        if isinstance(kind, PrimitiveKind):
            if kind.type in (PrimitiveType.TIMESTAMP, PrimitiveType.DATE):
                imports.module("datetime")
            if kind.type is PrimitiveType.JSON:
                imports.add("pydantic", "JsonValue")
            return PRIMITIVE[kind.type]
        if isinstance(kind, EnumKind):
            imports.add("typing", "Literal")
            literal = "Literal[" + ", ".join(py_str(v.value) for v in kind.values) + "]"
            return f"{literal} | str" if read else literal
        if isinstance(kind, CDFReferenceKind):
            return "str"
        raise AssertionError(kind)

    def _node_ref(self, target: ViewIR | None, read: bool) -> str:
        imports = self.py.data_imports
        imports.add(".._runtime", "NodeId")
        parts: list[str] = []
        if target is not None:
            read_name, write_name = self._use(target, write=not read)
            if read:
                parts.append(read_name)
            elif write_name is not None:
                parts.append(write_name)
        parts.append("NodeId")
        if not read:
            parts.append("tuple[str, str]")
            if self.has_default_space:
                parts.append("str")
        return " | ".join(parts)

    def _annotation(self, prop: PropertyIR, read: bool) -> str | None:
        kind = prop.kind
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
                if edge_view is None:
                    return None
                read_name, write_name = self._use(edge_view, write=not read)
                if not read and write_name is None:
                    return None
                inner = read_name if read else str(write_name)
            else:
                inner = self._node_ref(self._other(kind.target), read)
        else:  # pragma: no cover - exhaustive over PropertyKind
            raise AssertionError(kind)
        if kind.is_list:
            return f"list[{inner}]"
        return inner

    # -- fields ------------------------------------------------------------------------------------
    def _field(self, prop: PropertyIR, read: bool) -> Source | None:
        annotation = self._annotation(prop, read)
        if annotation is None:
            return None
        name = check_identifier(prop.names.python)
        # Read classes are tolerant: CDF returns nodes that lack a required property of the view.
        required = prop.required and prop.is_stored and not read
        default: str | None = None
        if not required:
            annotation = f"{annotation} | None"
            default = "None"
            if not read:
                default = default_literal(prop) or "None"
        if isinstance(prop.kind, (DirectRelationKind, ReverseDirectRelationKind, EdgeKind)):
            # Validated lazily: pydantic must not build the target's schema (chains of views recurse).
            self.py.data_imports.add("typing", "Annotated")
            self.py.data_imports.add(".._runtime", "LazyRef")
            annotation = f"Annotated[{annotation}, LazyRef]"
        args: list[str] = []
        stored = prop.is_stored
        if read and stored:
            args.append(f"validation_alias=VIEW_ID.alias({py_str(prop.identifier)})")
        if stored and name != prop.identifier:
            args.append(f"serialization_alias={py_str(prop.identifier)}")
        if args:
            self.py.data_imports.add("pydantic", "Field")
            if default is not None:
                # Keyword ``default=``: type checkers read field defaults only from it (dataclass_transform).
                args.insert(0, f"default={default}")
        return class_field(name, annotation, default, args)

    # -- connections ---------------------------------------------------------------------------------
    def _connection(self, prop: PropertyIR) -> Source | None:
        kind = prop.kind
        name = py_str(prop.names.python)
        runtime = self.py.data_imports
        args: list[str]
        if isinstance(kind, DirectRelationKind):
            runtime.add(".._runtime", "DirectRelation")
            target = self._other(kind.target)
            args = [py_str(prop.identifier)]
            if target is not None:
                args.append(f"target={py_str(self._use(target, write=False, register=False)[0])}")
            return call(f"{name}: DirectRelation", args, 4, ",")
        if isinstance(kind, ReverseDirectRelationKind):
            target = self._other(kind.target)
            if target is None:
                return None
            runtime.add(".._runtime", "ReverseDirectRelation", "ViewId")
            through = kind.through_view
            args = [
                f"ViewId({py_str(through.space)}, {py_str(through.external_id)}, {py_str(through.version)})",
                py_str(kind.through_property),
                f"target={py_str(self._use(target, write=False, register=False)[0])}",
            ]
            if not kind.is_list:
                args.append("single=True")
            return call(f"{name}: ReverseDirectRelation", args, 4, ",")
        if isinstance(kind, EdgeKind):
            target = self._other(kind.target)
            if target is None:
                return None
            runtime.add(".._runtime", "EdgeConnection", "NodeId")
            edge_type = kind.edge_type
            args = [
                f"NodeId({py_str(edge_type.space)}, {py_str(edge_type.external_id)})",
                py_str(kind.direction),
                f"target={py_str(self._use(target, write=False, register=False)[0])}",
            ]
            if not kind.is_list:
                args.append("single=True")
            if kind.edge_properties is not None:
                edge_view = self._other(kind.edge_properties)
                if edge_view is None:
                    return None
                args.append(f"edge_class={py_str(self._use(edge_view, write=True, register=False)[0])}")
            return call(f"{name}: EdgeConnection", args, 4, ",")
        return None

    # -- filters -------------------------------------------------------------------------------------
    def _filter_attribute(self, prop: PropertyIR) -> Source | None:
        kind = prop.kind
        if not prop.is_stored:
            return None
        if kind.is_list and not isinstance(kind, DirectRelationKind):
            cls = "ListProp"
        elif isinstance(kind, PrimitiveKind):
            cls = FILTER_PROP[kind.type]
        elif isinstance(kind, (EnumKind, CDFReferenceKind)):
            cls = "TextProp"
        elif isinstance(kind, DirectRelationKind):
            cls = "DirectProp"
        else:
            return None
        self.py.data_imports.add(".._runtime", cls)
        name = check_identifier(prop.names.python)
        return assign_call(name, cls, ["VIEW_ID", py_str(prop.identifier)], 4)

    def _filter_params(self, props: list[PropertyIR]) -> list[FilterParam]:
        taken = set(METHOD_PARAMETERS)
        planned: list[tuple[str, str, list[str], str]] = []
        for prop in props:
            kind = prop.kind
            base = prop.names.python
            # Suffixed keywords drop a trailing "_" of the name (json_ -> json_exists); prefixed ones keep it.
            stem = base.rstrip("_") or base
            if not prop.is_stored:
                continue
            if isinstance(kind, DirectRelationKind):
                alias = self.node_ref_alias
                helper = "_direct_list" if kind.is_list else "_direct"
                planned.append((prop.identifier, helper, [base], f"{alias} | Sequence[{alias}]"))
            elif (
                kind.is_list
                or isinstance(kind, CDFReferenceKind)
                or (isinstance(kind, PrimitiveKind) and kind.type is PrimitiveType.JSON)
            ):
                planned.append((prop.identifier, "_exists", [f"{stem}_exists"], "bool"))
            elif isinstance(kind, PrimitiveKind) and kind.type in RANGE_TYPES:
                planned.append(
                    (prop.identifier, "_range", [f"min_{base}", f"max_{base}"], PRIMITIVE[kind.type])
                )
            elif isinstance(kind, PrimitiveKind) and kind.type is PrimitiveType.BOOLEAN:
                planned.append((prop.identifier, "_equals", [base], "bool"))
            elif isinstance(kind, PrimitiveKind) and kind.type is PrimitiveType.TEXT:
                planned.append((prop.identifier, "_equals_or_in", [base], "str | Sequence[str]"))
                planned.append((prop.identifier, "_prefix", [f"{stem}_prefix"], "str"))
            elif isinstance(kind, EnumKind):
                # A private alias keeps the signature lines short: ``_<attr>_values``.
                alias = f"_{base}_values"
                values = [v.value for v in kind.values]
                self.py.enum_aliases.append(literal_alias(f"{alias}: TypeAlias", values))
                planned.append((prop.identifier, "_equals_or_in", [base], f"{alias} | Sequence[{alias}]"))
        if self.view.used_for == "edge":
            alias = self.node_ref_alias
            for name, identifier in (("start_node", "startNode"), ("end_node", "endNode")):
                planned.append((identifier, "_endpoint", [name], f"{alias} | Sequence[{alias}]"))
        # Plain attribute names first (unique per view already, but they may equal a method parameter such
        # as ``self``); derived names (``min_x``, ``x_prefix``) then yield to everything taken before them.
        plain = {
            name
            for _identifier, helper, names, _ann in planned
            if helper not in ("_range", "_prefix", "_exists")
            for name in names
        }
        params: list[FilterParam] = []
        for identifier, helper, names, annotation in planned:
            chosen: list[str] = []
            for name in names:
                derived = helper in ("_range", "_prefix", "_exists")
                while name in taken or (derived and name in plain):
                    name += "_"
                taken.add(name)
                chosen.append(check_identifier(name))
            params.append(FilterParam(tuple(chosen), annotation, helper, identifier))
        return params

    # -- assemble --------------------------------------------------------------------------------------
    def build(self) -> PyView:
        py = self.py
        view = self.view
        base = py.base
        ref = view.ref
        py.data_imports.add("__future__", "annotations")
        py.data_imports.add("typing", "ClassVar")
        py.data_imports.add(".._runtime", "ViewId", f"{base}Read", f"{base}List")
        args = [py_str(ref.space), py_str(ref.external_id), py_str(ref.version)]
        py.view_id = call("VIEW_ID = ViewId", args, 0)
        props = sorted(view.properties, key=lambda p: natural_key(p.names.python))
        for prop in props:
            read = self._field(prop, read=True)
            if read is not None:
                py.read_fields.append(read)
            if view.writable:
                write = self._field(prop, read=False)
                if write is not None:
                    py.write_fields.append(write)
            connection = self._connection(prop)
            if connection is not None:
                py.connections.append(connection)
            attribute = self._filter_attribute(prop)
            if attribute is not None:
                py.filter_attributes.append(attribute)
        if py.write_class is not None:
            py.data_imports.add(".._runtime", f"{base}Write")
            if self.node_type is not None and not py.is_edge:
                py.data_imports.add(".._runtime", "NodeId")
                args = [py_str(self.node_type.space), py_str(self.node_type.external_id)]
                py.node_type_field = call("node_type: NodeId | None = NodeId", args, 4)
        if py.connections:
            py.has_connections = True
            py.data_imports.add(".._runtime", "Connection")
        fields = ["external_id", *(p.names.python for p in props if p.is_stored)]
        text_fields = [
            p.names.python
            for p in props
            if p.is_stored
            and isinstance(p.kind, PrimitiveKind)
            and p.kind.type is PrimitiveType.TEXT
            and not p.kind.is_list
        ]
        if fields:  # always: external_id is sortable on every view
            py.has_fields = True
            py.data_imports.add("typing", "Literal")
            py.fields_literal = literal_alias(py.fields_alias, fields)
        if text_fields:
            py.has_text_fields = True
            py.text_fields_literal = literal_alias(py.text_fields_alias, text_fields)
        py.filter_params = self._filter_params(props)
        py.needs_node_ref = self.node_ref_alias == "_NodeRef" and any(
            p.helper in ("_direct", "_direct_list", "_endpoint") for p in py.filter_params
        )
        self._docs()
        self._api_imports()
        self._api_pieces()
        return py

    def _api_pieces(self) -> None:
        py = self.py
        for p in py.filter_params:
            for name in p.names:
                py.filter_param_lines.append(param(name, f"{p.annotation} | None", "None"))
            py.filter_calls.append(p.call())
        # The keyword block and the _build_filter(...) call repeat in every method: render them once.
        lines = [*py.filter_param_lines, "external_id_prefix: str | None = None,"]
        lines += ["space: str | Sequence[str] | None = None,", "filter: Filter | None = None,"]
        py.filter_block = Source("".join(f"        {line}\n" for line in lines))
        calls = "".join(f"            {line}\n" for line in py.filter_calls)
        py.build_filter_block = Source(
            "        flt = self._build_filter(\n"
            f"{calls}"
            "            external_id_prefix=external_id_prefix,\n"
            "            space=space,\n"
            "            filter=filter,\n"
            "        )\n"
        )
        fields, text = py.fields_alias, py.text_fields_alias
        py.properties_param = param("properties", f"{text} | Sequence[{text}] | None", "None")
        py.property_param = param("property", f"{fields} | None", "None")
        py.group_by_param = param("group_by", f"{fields} | Sequence[{fields}] | None", "None")
        py.histogram_param = param("property", fields)
        py.sort_by_param = param("sort_by", f"{fields} | None", "None")
        py.retrieve_return = Source(f"{py.class_name} | {py.list_class} | None")
        py.retrieve_returns = returns(py.retrieve_return)
        base = py.base
        py.headers = {
            "read": call(f"class {py.class_name}", [f"{base}Read"], 0, ":"),
            "list": call(f"class {py.list_class}", [f"{base}List[{py.class_name}]"], 0, ":"),
            "filter": Source(f"class {py.filter_class}:"),
        }
        if py.write_class is not None:
            py.headers["write"] = call(f"class {py.write_class}", [f"{base}Write"], 0, ":")
            py.headers["as_write"] = call("def as_write", ["self"], 4, f" -> {py.write_class}:")
            py.headers["as_write_return"] = call("return self._as_write", [py.write_class], 8)
            py.headers["list_as_write"] = call("def as_write", ["self"], 4, f" -> list[{py.write_class}]:")
        connections = ["retrieve_connections=retrieve_connections"] if py.has_connections else []
        declare = class_field("result", str(py.retrieve_return), None, indent=8)
        fetch = call("result = self._retrieve", ["external_id", "space", *connections], 8)
        py.retrieve_call = Source(f"{declare}\n        {fetch}")
        py.client_property = call(f"def {py.api_attribute}", ["self"], 4, f" -> {py.api_class}:")
        imported = f"from ._api.{py.module} import "
        if len(imported) + len(py.api_class) + 15 <= 88:
            py.client_import = Source(f"{imported}{py.api_class} as api")
        else:
            py.client_import = Source(f"{imported}(\n            {py.api_class} as api,\n        )")
        py.api_header = call(
            f"class {py.api_class}", [f"{py.base}API[{py.class_name}, {py.list_class}]"], 0, ":"
        )
        args = ["flt", "chunk_size=chunk_size", "limit=limit", "cursor=cursor", *connections]
        py.iterate_call = call("return self._iterate", args, 8)
        properties = "properties" if py.has_text_fields else "None"
        py.search_call = call("return self._search", ["query", properties, "flt", "limit=limit"], 8)
        prop = "property" if py.has_fields else "None"
        group_by = "group_by" if py.has_fields else "None"
        args = ["aggregate", prop, "flt", f"group_by={group_by}", "query=query", "limit=limit"]
        py.aggregate_call = call("return self._aggregate", args, 8)
        args = ["flt", "limit=limit"]
        if py.has_fields:
            args += ["sort_by=sort_by", "direction=direction"]
        py.list_call = call("return self._list", args + connections, 8)

    def _docs(self) -> None:
        py = self.py
        view = self.view
        ref = str(view.ref)
        label = view.display_name or view.ref.external_id
        kind = "edge" if py.is_edge else "node"
        py.docs["data_module"] = docstring(f"Data classes of the view {ref}.")
        py.docs["api_module"] = docstring(f"API of the view {ref}.")
        body = f"{label} ({ref})."
        if view.description:
            body += "\n\n" + view.description
        described = [
            p for p in sorted(view.properties, key=lambda p: natural_key(p.names.python)) if p.description
        ]
        if described:
            body += "\n\nAttributes:"
            for prop in described:
                text = "\n        ".join(str(prop.description).strip().splitlines())
                body += f"\n    {prop.names.python}: {text}"
        py.docs["read"] = docstring(body, 4)
        py.docs["write"] = docstring(f"Write class of {label} ({ref}).", 4)
        py.docs["list"] = docstring(f"A list of {label}; ``.cursor`` resumes iteration.", 4)
        py.docs["filter"] = docstring("Typed filter builders; combine them with ``&``, ``|`` and ``~``.", 4)
        py.docs["api"] = docstring(f"Query the view {ref}.", 4)
        py.docs["kind"] = Source(kind)

    def _api_imports(self) -> None:
        py = self.py
        imports = py.api_imports
        imports.add("__future__", "annotations")
        imports.add("collections.abc", "Iterator")
        imports.add("typing", "overload")
        id_class = "EdgeId" if py.is_edge else "NodeId"
        imports.add(
            ".._runtime",
            "DEFAULT_LIMIT",
            "AggregateResult",
            "Aggregation",
            "Filter",
            f"{py.base}API",
            id_class,
            "SortDirection",
        )
        if py.has_fields:
            imports.add(".._runtime", "HistogramBucket")
        if py.has_connections:
            imports.add(".._runtime", "RetrieveConnections")
        imports.add("typing", "TypeAlias")
        if py.needs_node_ref:
            imports.add(".._runtime", "NodeId")
        data_names = {"VIEW_ID", py.class_name, py.list_class}
        if py.has_fields:
            data_names.add(py.fields_alias)
        if py.has_text_fields:
            data_names.add(py.text_fields_alias)
        imports.add(f"..data_classes.{py.module}", *data_names)
        for fp in py.filter_params:
            if "Sequence" in fp.annotation:
                imports.add("collections.abc", "Sequence")
            if "datetime" in fp.annotation:
                imports.module("datetime")
        if py.enum_aliases:
            imports.add("typing", "Literal")
        imports.add("collections.abc", "Sequence")


def build_view(
    model: SDKModel, view: ViewIR, has_default_space: bool, node_type: InstanceRef | None = None
) -> PyView:
    """Compute every source piece of one view (``node_type``: the default type of written nodes)."""
    return _Builder(model, view, has_default_space, node_type).build()
