"""Names in both SDKs, from one snapshot: cognite-pygen 1.x's (re-derived from its documented behaviour and
checked against names it generated, ``tests/migrate/data/predecessor_names.json``) and ours (``pygen_core.ir``
naming, filter keywords included), so a rename is known exactly, never guessed.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from types import MappingProxyType
from typing import Literal

from ..ir import (
    PYDANTIC_RESERVED_NAMES,
    PYTHON_BUILTINS,
    DirectRelationKind,
    EdgeKind,
    EnumKind,
    PrimitiveKind,
    PrimitiveType,
    PropertyIR,
    ReverseDirectRelationKind,
    SDKModel,
    ViewIR,
    ViewRef,
)

__all__ = [
    "NameMap",
    "ViewMap",
    "v1_attribute_name",
    "v1_class_name",
    "v1_filter_keywords",
    "v1_pascal",
    "v1_snake",
]

# --- cognite-pygen 1.x naming ------------------------------------------------------------------------------
# Words: an acronym (capitals not starting a capitalised word), a capitalised or lower-case word, or digits.
_V1_WORD = re.compile(r"(?:[A-Z](?![a-z]))+|[A-Z]?[a-z]+|[0-9]+")

# Names its data classes reserve besides keywords and builtins (fields get a trailing "_").
_V1_FIELD_RESERVED = frozenset(
    {
        "space", "external_id", "version", "last_updated_time", "created_time", "deleted_time",
        "existing_version", "external_id_factory", "replace", "type", "list_full", "data", "content", "query",
        "as_id", "data_record", "as_tuple_id", "as_direct_reference", "to_pandas", "to_instances_write",
        "to_instances_apply", "from_instance", "config", "create_external_id_if_factory", "dump",
        "parse_type", "properties", "model_fields", "model_computed_fields", "model_config", "model_extra",
        "model_fields_set", "model_post_init",
        *PYDANTIC_RESERVED_NAMES,
    }
)  # fmt: skip
_V1_CLASS_RESERVED = frozenset({"DomainModel", "DomainModelWrite", "DomainModelList", "DomainModelWriteList"})


def _v1_python_text(text: str) -> str:
    """cognite-pygen's preparation of a name for code: a leading digit gets ``no``, ``-`` becomes ``_``."""
    if text and text[0].isdigit():
        text = f"no{text}"
    return text.replace("-", "_")


def v1_snake(text: str) -> str:
    """cognite-pygen's snake_case: ``object3D`` → ``object_3d``; ``Cognite3DModel`` → ``cognite_3_d_model``"""
    words = [word for section in text.split("_") for word in _V1_WORD.findall(section)]
    if len(words) > 1 and words[-2] == "3" and words[-1].lower() == "d":
        words[-2:] = ["3d"]  # its one exception: a trailing "3D" stays one word
    return "_".join(word.lower() for word in words)


def v1_pascal(text: str) -> str:
    """cognite-pygen's PascalCase: pieces between ``_``/``-`` with their first letter upper-cased."""
    return "".join(piece[0].upper() + piece[1:] for piece in re.split(r"[_-]", text) if piece)


def v1_attribute_name(identifier: str) -> str:
    """The attribute cognite-pygen gave a property (reserved names get a trailing ``_``)."""
    name = v1_snake(_v1_python_text(identifier))
    if keyword.iskeyword(name) or name in PYTHON_BUILTINS or name in _V1_FIELD_RESERVED:
        return f"{name}_"
    return name


def v1_class_name(base_name: str) -> str:
    """The read class cognite-pygen generated for a view base name."""
    name = v1_pascal(_v1_python_text(base_name))
    if keyword.iskeyword(name) or name in PYTHON_BUILTINS or name in _V1_CLASS_RESERVED:
        return f"{name}_"
    return name


def _v1_base_names(views: Sequence[ViewIR], level: int = 0) -> dict[ViewRef, str]:
    """Base names: the external id, else with ``v<Version>``, ``s<Space>``, or both, until unique."""

    def base(view: ViewIR) -> str:
        xid = view.ref.external_id.replace(" ", "_")
        version, space = v1_pascal(view.ref.version), v1_pascal(view.ref.space)
        return (xid, f"{xid}v{version}", f"{xid}s{space}", f"{xid}v{version}s{space}")[level].replace(
            " ", "_"
        )

    names: dict[ViewRef, str] = {}
    for name, group in groupby(sorted(views, key=base), key=base):
        members = list(group)
        if len(members) == 1 or level == 3:
            names.update({view.ref: name for view in members})
        else:
            names.update(_v1_base_names(members, level + 1))
    return names


def v1_filter_keywords(prop: PropertyIR) -> dict[str, str]:
    """cognite-pygen's list/search filter keywords for a property: keyword → role (equals/prefix/min/max)."""
    name = v1_attribute_name(prop.identifier)
    kind = prop.kind
    if isinstance(kind, DirectRelationKind):
        return {name: "equals"}
    if kind.is_list or not prop.is_stored:
        return {}
    if isinstance(kind, EnumKind):
        return {name: "equals"}
    if isinstance(kind, PrimitiveKind):
        if kind.type is PrimitiveType.TEXT:
            return {name: "equals", f"{name}prefix" if name.endswith("_") else f"{name}_prefix": "prefix"}
        if kind.type is PrimitiveType.BOOLEAN:
            return {name: "equals"}
        if kind.type in (
            PrimitiveType.INT32,
            PrimitiveType.INT64,
            PrimitiveType.FLOAT32,
            PrimitiveType.FLOAT64,
            PrimitiveType.TIMESTAMP,
            PrimitiveType.DATE,
        ):
            return {f"min_{name}": "min", f"max_{name}": "max"}
    return {}


# --- both SDKs side by side --------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ViewMap:
    """One class of the predecessor's SDK and its counterpart in ours."""

    ref: ViewRef
    kind: Literal["node", "edge"]
    v1_class: str
    v1_api_attribute: str
    """The predecessor client's attribute for this view (``client.<attr>``); edge classes had none."""
    new_class: str | None
    """Our read class; None when nothing corresponds (the edge twin of a ``usedFor: all`` view)."""
    new_write_class: str | None
    new_list_class: str | None
    new_api_attribute: str | None
    attributes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Predecessor attribute → ours, for every property both SDKs have."""
    targets: Mapping[str, tuple[ViewRef, bool]] = field(default_factory=lambda: MappingProxyType({}))
    """Predecessor attribute of a connection → (target view, holds several)."""
    filter_keywords: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    """Predecessor filter keyword → ours, or None when ours has no such filter."""
    edge_apis: tuple[str, ...] = ()
    """The predecessor's edge sub-APIs on this view's API (``<attribute>_edge``)."""
    v1_write_class: str | None = None
    new_edge_apis: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Predecessor edge sub-API -> ours (plain edge connections have one; edges with properties do not)."""
    in_models: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Multi-model SDKs: data model (``space:xid/version``) -> our ``namespace.attribute`` of this view."""
    flat: bool = True
    """Whether our client has ``client.<new_api_attribute>`` (a multi-model view with an ambiguous name
    is reached through its models' namespaces only)."""

    @property
    def on_client(self) -> bool:
        """True when the predecessor's client had an API for this class (edge classes had none)."""
        return self.kind == "node"


class NameMap:
    """Every view's names in the predecessor's SDK and in ours (see :meth:`from_model`)."""

    def __init__(self, views: Iterable[ViewMap], model_groups: Mapping[str, str]) -> None:
        self.views = tuple(views)
        self.model_groups = dict(model_groups)
        """The predecessor's per-model client attributes of a multi-model SDK (``client.<group>.<view>``)."""
        self.by_v1_class = {view.v1_class: view for view in self.views}
        self.by_v1_write_class = {view.v1_write_class: view for view in self.views if view.v1_write_class}
        self.by_v1_api = {view.v1_api_attribute: view for view in self.views if view.on_client}
        self.by_ref = {view.ref: view for view in self.views if view.new_class is not None}

    @classmethod
    def from_model(cls, model: SDKModel) -> NameMap:
        """Both SDKs' names for the views of ``model`` (our IR of the snapshot)."""
        base_names = _v1_base_names(model.views)
        interfaces = {parent for view in model.views for parent in view.implements}
        maps: list[ViewMap] = []
        for view in model.views:
            base = base_names[view.ref]
            names = view.names.python
            attributes = {v1_attribute_name(p.identifier): p.names.python for p in view.properties}
            targets = {
                v1_attribute_name(p.identifier): (_target(p), p.is_list)
                for p in view.properties
                if _target(p) is not None
            }
            # our exact filter keywords, as the IR's naming authority chose them
            ours: dict[tuple[str, str], str] = {
                (
                    p.identifier,
                    k.op if k.op in ("min", "max", "prefix", "exists") else "equals",
                ): k.names.python
                for p in view.properties
                for k in p.filters
            }
            keywords: dict[str, str | None] = {}
            for prop in view.properties:
                for keyword_name, role in v1_filter_keywords(prop).items():
                    keywords[keyword_name] = ours.get((prop.identifier, role))
            edge_apis = tuple(
                sorted(
                    f"{v1_attribute_name(p.identifier)}_edge"
                    for p in view.properties
                    if isinstance(p.kind, EdgeKind)
                )
            )
            new_edge_apis = {
                f"{v1_attribute_name(p.identifier)}_edge": p.edge_api.python
                for p in view.properties
                if p.edge_api is not None
            }
            in_models = {
                str(m.ref): f"{m.namespace.python}.{m.view_attributes[m.views.index(view.ref)].python}"
                for m in model.data_models
                if m.namespace is not None and view.ref in m.views
            }
            common = {
                "ref": view.ref,
                "in_models": MappingProxyType(in_models),
                "new_edge_apis": MappingProxyType(new_edge_apis),
                "flat": view.flat,
                "new_api_attribute": names.api_attribute,
                "attributes": MappingProxyType(attributes),
                "targets": MappingProxyType(targets),
                "filter_keywords": MappingProxyType(keywords),
                "edge_apis": edge_apis,
            }
            v1_writable = _v1_writable(view, interfaces)
            if view.used_for == "all":
                node_class = v1_class_name(f"{base}Node")
                edge_class = v1_class_name(f"{base}Edge")
                maps.append(
                    ViewMap(
                        kind="node",
                        v1_class=node_class,
                        v1_write_class=f"{node_class}Write" if v1_writable else None,
                        v1_api_attribute=v1_snake(_v1_python_text(f"{base}Node")),
                        new_class=names.class_name,
                        new_write_class=names.write_class_name if view.writable else None,
                        new_list_class=names.list_class_name,
                        **common,  # type: ignore[arg-type]
                    )
                )
                maps.append(
                    ViewMap(
                        kind="edge",
                        v1_class=edge_class,
                        v1_write_class=None,
                        v1_api_attribute=v1_snake(_v1_python_text(f"{base}Edge")),
                        new_class=None,
                        new_write_class=None,
                        new_list_class=None,
                        **{**common, "new_api_attribute": None},  # type: ignore[arg-type]
                    )
                )
                continue
            v1_class = v1_class_name(base)
            maps.append(
                ViewMap(
                    kind="edge" if view.used_for == "edge" else "node",
                    v1_class=v1_class,
                    v1_write_class=f"{v1_class}Write" if v1_writable else None,
                    v1_api_attribute=v1_snake(_v1_python_text(base)),
                    new_class=names.class_name,
                    new_write_class=names.write_class_name if view.writable else None,
                    new_list_class=names.list_class_name,
                    **common,  # type: ignore[arg-type]
                )
            )
        groups: dict[str, str] = {}
        if len(model.data_models) > 1:
            groups = {v1_snake(_v1_python_text(m.ref.external_id)): str(m.ref) for m in model.data_models}
        return cls(maps, groups)


def _v1_writable(view: ViewIR, interfaces: set[ViewRef]) -> bool:
    """cognite-pygen wrote Write classes for writable views, interfaces and views of only multi connections"""
    only_many = all(
        isinstance(p.kind, (EdgeKind, ReverseDirectRelationKind)) and p.kind.is_list for p in view.properties
    )
    return view.writable or view.ref in interfaces or only_many


def _target(prop: PropertyIR) -> ViewRef | None:
    kind = prop.kind
    if isinstance(kind, (EdgeKind, ReverseDirectRelationKind)):
        return kind.target
    if isinstance(kind, DirectRelationKind):
        return kind.target
    return None
