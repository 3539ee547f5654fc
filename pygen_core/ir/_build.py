"""`build_ir`: snapshot → validated, immutable `SDKModel` plus findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._records import replace
from ._assign import (
    RULES,
    PropertyNames,
    assign_property_names,
    assign_view_names,
    edge_api_names,
    parse_overrides,
)
from ._codes import Collector, check_finding_levels
from ._errors import IRValidationError
from ._model import (
    ContainerRef,
    DataModelIR,
    DirectRelationKind,
    EdgeKind,
    FilterKeyword,
    InstanceRef,
    IRResult,
    Names,
    PropertyIR,
    ResourceKind,
    SDKModel,
    Severity,
    ViewClassNames,
    ViewIR,
    ViewNames,
    ViewRef,
)
from ._namespaces import assign_namespaces
from ._options import IROptions
from ._parse import RawView, Selection, select, text, view_ref
from ._properties import PropertyResolver, signature

if TYPE_CHECKING:
    from ..snapshot import Snapshot, SnapshotContent

_PLACEHOLDER = ViewNames(ViewClassNames("", "", "", "", "", "", "", "", "", "", ""))
_RESOURCES: dict[ContainerRef, ResourceKind] = {
    ContainerRef("cdf_cdm", "CogniteTimeSeries"): "timeseries",
    ContainerRef("cdf_cdm", "CogniteFile"): "file",
}


def build_ir(
    snapshot: Snapshot | SnapshotContent | Mapping[str, Any], options: IROptions | None = None
) -> IRResult:
    """Validate `snapshot` and build the IR.

    `snapshot` is a :class:`pygen_core.snapshot.Snapshot`, a ``SnapshotContent`` or the JSON content in our
    snapshot format.
    Broken pieces are skipped or degraded with WARNING findings; ERROR findings (or warnings with
    ``strict=True``) raise :class:`IRValidationError` carrying every finding. Nothing else is raised.
    """
    options = options if options is not None else IROptions()
    findings = Collector(options.strict)
    if options.language not in RULES:
        findings.add(
            "PYG005",
            f"language {options.language!r} is not one of {', '.join(RULES)}",
            option="language",
        )
        everything = findings.sorted()
        raise IRValidationError(everything, list(everything))
    findings.levels = check_finding_levels(options.findings, findings)
    try:
        content, digest = _content(snapshot)
        model = _Builder(select(content, options, findings), options, findings).build(digest)
    except RecursionError:
        # Only JSON values nested deeper than the interpreter's recursion limit get here.
        findings.add("PYG009", "the snapshot holds JSON nested too deeply to process", "simplify the model")
        everything = findings.sorted()
        raise IRValidationError(everything, [f for f in everything if f.severity is Severity.ERROR]) from None
    result = IRResult(model, findings.sorted())
    fatal = [f for f in result.findings if f.severity is Severity.ERROR]
    if fatal:
        raise IRValidationError(result.findings, fatal)
    return result


def _content(snapshot: Snapshot | SnapshotContent | Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    from ..snapshot import SnapshotContent, canonical_hash

    if isinstance(snapshot, SnapshotContent):
        return snapshot.content, snapshot.content_hash
    if not isinstance(snapshot, Mapping):
        return snapshot.content(), snapshot.content_hash
    return snapshot, canonical_hash(snapshot)


def _describe(parent: ViewRef | None, item: object) -> str:
    return str(parent) if parent is not None else repr(item)


def _type_equals(flt: object) -> InstanceRef | None:
    if not isinstance(flt, Mapping) or len(flt) != 1:
        return None
    body = flt.get("equals")
    if not isinstance(body, Mapping) or body.get("property") != ["node", "type"]:
        return None
    value = body.get("value")
    space, xid = text(value, "space"), text(value, "externalId")
    return InstanceRef(space, xid) if space is not None and xid is not None else None


def _pinned_node_type(flt: object) -> InstanceRef | None:
    """``equals`` on node.type, alone or as the single such part of a top-level ``and``."""
    parts = flt.get("and") if isinstance(flt, Mapping) and len(flt) == 1 else None
    if not isinstance(parts, list):
        return _type_equals(flt)
    found = {ref for ref in map(_type_equals, parts) if ref is not None}
    return found.pop() if len(found) == 1 else None


class _Builder:
    def __init__(self, selection: Selection, options: IROptions, findings: Collector) -> None:
        self.sel = selection
        self.options = options
        self.findings = findings
        self.parents: dict[ViewRef, tuple[ViewRef, ...]] = {}
        self.raw_props: dict[ViewRef, dict[str, Mapping[str, Any]]] = {}
        self.signatures: dict[tuple[ViewRef, str], str | None] = {}
        self.origins: dict[tuple[ViewRef, str], ViewRef] = {}
        self.ancestor_memo: dict[ViewRef, tuple[ViewRef, ...]] = {}

    def build(self, digest: str) -> SDKModel:
        kept = self.sel.kept
        for ref in kept:
            self.parents[ref] = self._declared_parents(kept[ref])
        self._break_cycles()
        topological = self._topological()
        views = sorted((self._view(kept[ref]) for ref in topological), key=lambda v: v.ref)
        final = self._name(views, topological)
        kept_refs = {v.ref for v in final}
        self._write_side_findings(final)
        if not final and not any(f.code == "PYG001" for f in self.findings.items):
            # (after PYG001, an empty SDK is its consequence, not news)
            self.findings.add(
                "PYG002", "no views are left to generate", "check data_models and the exclusions"
            )
        models = tuple(
            DataModelIR(
                m.ref,
                text(m.data, "name"),
                text(m.data, "description"),
                tuple(dict.fromkeys(r for r in m.views if r in kept_refs)),
            )
            for m in self.sel.models
        )
        if len(models) > 1:
            models, final = assign_namespaces(models, final, self.findings)
        return SDKModel(models, final, digest, self.options.default_instance_space)

    def _name(self, views: list[ViewIR], topological: list[ViewRef]) -> tuple[ViewIR, ...]:
        """Names in Python (always) and in the target language; only the target's findings are kept."""
        languages = ["python"]
        if self.options.language != "python":
            languages.append(self.options.language)
        identifiers = {v.ref: {p.identifier for p in v.properties} for v in views}
        view_names: dict[str, dict[ViewRef, ViewClassNames]] = {}
        property_names: dict[str, dict[ViewRef, PropertyNames]] = {}
        for language in languages:
            rules = RULES[language]
            sink = (
                self.findings
                if language == self.options.language
                else Collector(self.options.strict, self.findings.levels)
            )
            overrides = parse_overrides(self.options.names, identifiers, sink, rules)
            view_names[language] = assign_view_names(views, overrides, sink, rules)
            inherited: dict[tuple[ViewRef, str], str] = {}
            by_ref = {v.ref: v for v in views}
            found: dict[ViewRef, PropertyNames] = {}
            for ref in topological:
                found[ref] = assign_property_names(by_ref[ref], overrides, inherited, sink, rules)
                inherited.update(((ref, key), name) for key, name in found[ref].attributes.items())
            property_names[language] = found
        ts = "typescript" in view_names
        named: list[ViewIR] = []
        for view in views:
            python = property_names["python"][view.ref]
            typescript = property_names["typescript"][view.ref] if ts else None
            properties = tuple(
                replace(
                    prop,
                    names=Names(
                        python.attributes[prop.identifier],
                        typescript.attributes[prop.identifier] if typescript else None,
                    ),
                    edge_api=edge_api_names(prop, python.attributes[prop.identifier]),
                    filters=tuple(
                        FilterKeyword(
                            keyword.op,
                            Names(
                                python.keywords[(prop.identifier, index)],
                                typescript.keywords[(prop.identifier, index)] if typescript else None,
                            ),
                        )
                        for index, keyword in enumerate(prop.filters)
                    ),
                )
                for prop in view.properties
            )
            names = ViewNames(
                view_names["python"][view.ref], view_names["typescript"][view.ref] if ts else None
            )
            named.append(replace(view, names=names, properties=properties))
        return tuple(sorted(named, key=lambda v: v.ref))

    def _declared_parents(self, raw: RawView) -> tuple[ViewRef, ...]:
        declared = raw.data.get("implements")
        parents: list[ViewRef] = []
        for item in declared if isinstance(declared, list) else ():
            parent = view_ref(item)
            if parent is None or parent not in self.sel.all_views:
                self.findings.add(
                    "PYG101",
                    f"implements names {_describe(parent, item)}, not in the snapshot; it is dropped",
                    "add the parent view to the snapshot",
                    view=raw.ref,
                )
            elif parent not in self.sel.kept:
                reason = self.sel.left_out.get(parent, "it is left out")
                self.findings.add(
                    "PYG103",
                    f"parent view {parent} is not in the SDK because {reason}; its properties count as own",
                    view=raw.ref,
                )
            elif parent not in parents and parent != raw.ref:
                parents.append(parent)
            elif parent == raw.ref:
                self.findings.add("PYG104", "the view implements itself; that is ignored", view=raw.ref)
        return tuple(parents)

    def _break_cycles(self) -> None:
        """Drop the implements links that close a cycle (iterative DFS: deep chains cannot overflow)."""
        state: dict[ViewRef, int] = {}  # 1 = on the stack, 2 = done
        for root in sorted(self.parents):
            if root in state:
                continue
            state[root] = 1
            stack: list[tuple[ViewRef, int, list[ViewRef]]] = [(root, 0, [])]
            while stack:
                ref, index, kept = stack[-1]
                parents = self.parents[ref]
                if index == len(parents):
                    self.parents[ref] = tuple(kept)
                    state[ref] = 2
                    stack.pop()
                    continue
                stack[-1] = (ref, index + 1, kept)
                parent = parents[index]
                if state.get(parent) == 1:
                    self.findings.add(
                        "PYG104",
                        f"implements {parent} closes a cycle; that link is dropped",
                        "remove the circular implements",
                        view=ref,
                    )
                    continue
                kept.append(parent)
                if parent not in state:
                    state[parent] = 1
                    stack.append((parent, 0, []))

    def _topological(self) -> list[ViewRef]:
        """Views with parents before children (sorted otherwise)."""
        order: list[ViewRef] = []
        seen: set[ViewRef] = set()
        for root in sorted(self.parents):
            if root in seen:
                continue
            seen.add(root)
            stack = [(root, iter(self.parents[root]))]
            while stack:
                ref, pending = stack[-1]
                for parent in pending:
                    if parent not in seen:
                        seen.add(parent)
                        stack.append((parent, iter(self.parents[parent])))
                        break
                else:
                    order.append(ref)
                    stack.pop()
        return order

    def _ancestors(self, ref: ViewRef) -> tuple[ViewRef, ...]:
        """Depth-first pre-order over implements, each view once (memoised; parents are built first)."""
        if ref not in self.ancestor_memo:
            parents = self.parents[ref]
            if len(parents) == 1:
                found = (parents[0], *self._ancestors(parents[0]))
            else:
                chained = [item for parent in parents for item in (parent, *self._ancestors(parent))]
                found = tuple(dict.fromkeys(chained))
            self.ancestor_memo[ref] = found
        return self.ancestor_memo[ref]

    def _effective(self, ref: ViewRef) -> dict[str, Mapping[str, Any]]:
        """The view's wire properties, completed with inherited ones a non-flattened dump may lack."""
        if ref not in self.raw_props:
            props = dict(self.sel.kept[ref].properties)
            for parent in self.parents[ref]:
                for key, value in self._effective(parent).items():
                    props.setdefault(key, value)
            self.raw_props[ref] = props
        return self.raw_props[ref]

    def _signature(self, ref: ViewRef, identifier: str) -> str | None:
        key = (ref, identifier)
        if key not in self.signatures:
            spec = self._effective(ref).get(identifier)
            self.signatures[key] = None if spec is None else signature(spec)
        return self.signatures[key]

    def _origin(self, ref: ViewRef, identifier: str) -> ViewRef:
        """The view that declares the property: follow parents with the same definition up the chain."""
        key = (ref, identifier)
        if key not in self.origins:
            origin, mine = ref, self._signature(ref, identifier)
            for parent in self.parents[ref]:
                if self._signature(parent, identifier) == mine:
                    origin = self._origin(parent, identifier)
                    break
            self.origins[key] = origin
        return self.origins[key]

    def _view(self, raw: RawView) -> ViewIR:
        properties: list[PropertyIR] = []
        for identifier, spec in sorted(self._effective(raw.ref).items()):
            origin = self._origin(raw.ref, identifier)
            # An inherited property's problems are reported once, on the view that declares it.
            sink = (
                self.findings if origin == raw.ref else Collector(self.options.strict, self.findings.levels)
            )
            prop = PropertyResolver(self.sel, sink).resolve(raw.ref, identifier, spec)
            if prop is not None:
                inherited = None if origin == raw.ref else origin
                properties.append(replace(prop, inherited_from=inherited))
        if not raw.writable:
            self.findings.add(
                "PYG105", "the view is not writable: the SDK gets read classes only", view=raw.ref
            )
        containers = {p.container for p in properties if p.container is not None}
        resource = next((kind for ref, kind in _RESOURCES.items() if ref in containers), None)
        return ViewIR(
            ref=raw.ref,
            names=_PLACEHOLDER,
            display_name=text(raw.data, "name"),
            description=text(raw.data, "description"),
            used_for=raw.used_for,  # type: ignore[arg-type]
            writable=raw.writable,
            implements=self.parents[raw.ref],
            ancestors=self._ancestors(raw.ref),
            properties=tuple(properties),
            node_type=_pinned_node_type(raw.data.get("filter")),
            resource=resource,
        )

    def _write_side_findings(self, views: tuple[ViewIR, ...]) -> None:
        writable = {v.ref: v.writable for v in views}
        for view in views:
            if not view.writable:
                continue
            for prop in view.own_properties:
                kind = prop.kind
                target = kind.target if isinstance(kind, (DirectRelationKind, EdgeKind)) else None
                if target is not None and not writable.get(target, True):
                    self.findings.add(
                        "PYG307",
                        f"the target view {target} is read-only; the write class takes node ids here",
                        view=view.ref,
                        prop=prop.identifier,
                    )
