"""The IR: an immutable, language-neutral description of the SDK to generate.

Everything here is semantic (kinds, ids, flags); nothing is a rendered Python or TypeScript string except the
per-language identifiers in `Names` / `ViewNames`, which the naming authority (`_naming.py`) chooses.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Literal, Union

from .._records import field, record

JsonValue = Union[None, bool, int, float, str, "tuple[JsonValue, ...]", "Mapping[str, JsonValue]"]
"""An immutable JSON value (e.g. a property default): arrays are tuples, objects read-only mappings.
`to_plain_json` turns it back into dicts and lists."""

UsedFor = Literal["node", "edge", "all"]
"""What a view's instances are: nodes, edges, or both."""
ResourceKind = Literal["timeseries", "file"]
"""What a view's nodes are in Cognite's core data model when they are classic resources: time series or
files."""
EdgeDirection = Literal["outwards", "inwards"]
"""Which way an edge connection goes from the instance that has it."""


@record(frozen=True, order=True)
class ViewRef:
    """Identity of a view."""

    space: str
    external_id: str
    version: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@record(frozen=True, order=True)
class DataModelRef:
    """Identity of a data model."""

    space: str
    external_id: str
    version: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}/{self.version}"


@record(frozen=True, order=True)
class ContainerRef:
    """Identity of a container."""

    space: str
    external_id: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@record(frozen=True, order=True)
class InstanceRef:
    """Identity of a node (e.g. an edge type)."""

    space: str
    external_id: str

    def __str__(self) -> str:
        return f"{self.space}:{self.external_id}"


@record(frozen=True)
class Names:
    """Per-language identifiers for one CDF identifier (a property or an enum value).

    `typescript` is None unless the IR was built for TypeScript (``IROptions.language``).
    """

    python: str
    typescript: str | None = None


class PrimitiveType(str, enum.Enum):
    """CDF primitive data types."""

    TEXT = "text"
    INT32 = "int32"
    INT64 = "int64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    BOOLEAN = "boolean"
    TIMESTAMP = "timestamp"
    DATE = "date"
    JSON = "json"


class CDFReferenceType(str, enum.Enum):
    """References to CDF resources outside DMS instances."""

    TIMESERIES = "timeseries"
    FILE = "file"
    SEQUENCE = "sequence"


@record(frozen=True)
class Unit:
    """Unit of a numeric property (CDF unit catalog external id, plus the unit the data was written in)."""

    external_id: str
    source_unit: str | None = None


@record(frozen=True)
class PrimitiveKind:
    """A primitive value (or a list of them when `is_list`)."""

    type: PrimitiveType
    is_list: bool = False
    unit: Unit | None = None
    max_list_size: int | None = None
    max_text_size: int | None = None


@record(frozen=True)
class EnumValue:
    """One allowed value of an enum property; `value` is the wire value, `names` the code identifiers."""

    value: str
    names: Names
    name: str | None = None
    description: str | None = None


@record(frozen=True)
class EnumKind:
    """An enum; values sorted by wire value. `unknown_value` is what CDF returns for values added later."""

    values: tuple[EnumValue, ...]
    unknown_value: str | None = None
    is_list: bool = False


@record(frozen=True)
class CDFReferenceKind:
    """A reference (by external id) to a time series, file or sequence."""

    type: CDFReferenceType
    is_list: bool = False
    max_list_size: int | None = None


@record(frozen=True)
class DirectRelationKind:
    """A direct relation (single or list) to a node.

    `target` is the view of the target node when known and included in the model; None means an untyped node
    reference (no target view given, or the target view was excluded/dangling — a finding says which).
    """

    target: ViewRef | None
    is_list: bool = False
    target_container: ContainerRef | None = None
    max_list_size: int | None = None


@record(frozen=True)
class ReverseDirectRelationKind:
    """Nodes whose direct relation `through_view.through_property` points at this node (single or multi).

    `through_is_list` tells whether that direct relation is a list; `target` is the view the results are read
    through (usually equal to `through_view`).
    """

    through_view: ViewRef
    through_property: str
    target: ViewRef
    is_list: bool = True
    through_is_list: bool = False


@record(frozen=True)
class EdgeKind:
    """Edges of type `edge_type` in `direction` (single or multi) to nodes of `target`.

    `edge_properties` is the edge view carrying properties on the edge itself (None: plain edges).
    """

    edge_type: InstanceRef
    direction: EdgeDirection
    target: ViewRef
    is_list: bool = True
    edge_properties: ViewRef | None = None


PropertyKind = (
    PrimitiveKind | EnumKind | CDFReferenceKind | DirectRelationKind | ReverseDirectRelationKind | EdgeKind
)
"""What a property holds; dispatch with isinstance / match."""

FilterOp = Literal["equals", "in", "prefix", "min", "max", "exists", "node", "nodes"]
"""What a filter keyword matches: ``equals`` one value; ``in``: one value or any of several; ``prefix``:
text starting with; ``min``/``max``: inclusive range bounds; ``exists``: set or not (True/False);
``node``: a single direct relation pointing at one of the given nodes; ``nodes``: a list direct relation
containing any of them."""


@record(frozen=True)
class FilterKeyword:
    """One keyword filter on a property, accepted by every method that filters the view's instances."""

    op: FilterOp
    names: Names
    """The keyword in each language (the naming authority keeps them free of clashes)."""


CONNECTION_KINDS: tuple[type, ...] = (DirectRelationKind, ReverseDirectRelationKind, EdgeKind)
"""The property kinds that connect instances: direct relations (either way) and edges."""


@record(frozen=True)
class PropertyIR:
    """One property of a view (own or inherited).

    - `identifier`: the CDF property id (the key in the view's `properties`); filters and the wire use it.
    - `names`: per-language attribute names.
    - `nullable`: may be null/absent on read. `required`: must be given on write (not nullable, no default,
      not auto-increment). Connections (edges, reverse relations) are never required.
    - `default`: the container default value (None: no default).
    - `inherited_from`: the ancestor view that declares the property, or None when the view declares it itself
      (a view that re-declares an inherited property owns it). It always names a view in the SDK.
    - `display_name`/`description`: raw, untrusted text from the model; escape it before emitting it.
    - `container`/`container_property`: where a stored property lives (None for edges and reverse relations).
    - `filters`: the keyword filters of the property, in a fixed order (see `FilterKeyword`).
    - `edge_api`: see the field.
    """

    identifier: str
    names: Names
    kind: PropertyKind
    display_name: str | None = None
    description: str | None = None
    nullable: bool = True
    required: bool = False
    default: JsonValue = None
    immutable: bool = False
    auto_increment: bool = False
    container: ContainerRef | None = None
    container_property: str | None = None
    inherited_from: ViewRef | None = None
    filters: tuple[FilterKeyword, ...] = ()
    edge_api: Names | None = None
    """For an edge connection without an edge-properties view: the attribute of its own edge API on the
    view's API (``<attribute>_edge``); None for every other property."""

    def default_json(self) -> object:
        """`default` as plain JSON (dicts and lists), ready for `json.dumps`."""
        return to_plain_json(self.default)

    @property
    def is_inherited(self) -> bool:
        """True when an ancestor view declares the property."""
        return self.inherited_from is not None

    @property
    def is_connection(self) -> bool:
        """True for direct relations, reverse direct relations and edges."""
        return isinstance(self.kind, CONNECTION_KINDS)

    @property
    def is_list(self) -> bool:
        """True when the property holds several values (a list, a multi edge or a multi reverse relation)."""
        return self.kind.is_list

    @property
    def is_stored(self) -> bool:
        """True when the value is stored in a container (written with the instance)."""
        return self.container is not None


@record(frozen=True)
class ViewClassNames:
    """Identifiers for one view in one language (classes, type aliases, client attribute, module).

    A name the language does not generate is empty (TypeScript has no list classes; only TypeScript has a
    separate spec constant, `spec_name`).
    """

    class_name: str
    write_class_name: str
    list_class_name: str
    write_list_class_name: str
    filter_class_name: str
    filter_args_name: str
    fields_name: str
    text_fields_name: str
    api_class_name: str
    api_attribute: str
    module_name: str
    spec_name: str = ""
    select_class_name: str = ""
    """The query builder (``<View>Select``); empty for languages without one."""


@record(frozen=True)
class ViewNames:
    """Per-language identifiers for one view (`typescript`: None unless built for TypeScript)."""

    python: ViewClassNames
    typescript: ViewClassNames | None = None


@record(frozen=True)
class ViewIR:
    """One view.

    `implements` are the direct parents in declared order; `ancestors` is the full ancestor order (depth-first
    pre-order over `implements`, each view once; earlier wins a property conflict). `properties` holds own and
    inherited properties sorted by CDF identifier; pruned properties are absent (a finding says why).
    """

    ref: ViewRef
    names: ViewNames
    display_name: str | None
    description: str | None
    used_for: UsedFor
    writable: bool
    implements: tuple[ViewRef, ...] = ()
    ancestors: tuple[ViewRef, ...] = ()
    properties: tuple[PropertyIR, ...] = ()
    node_type: InstanceRef | None = None
    """The node type the view's filter pins (``equals`` on ``["node", "type"]``, alone or as the one such
    part of an ``and``); a write class can default to it. None when the filter pins no single type."""
    resource: ResourceKind | None = None
    """What the view's nodes are in Cognite's core data model: ``timeseries`` when it maps the container
    ``cdf_cdm:CogniteTimeSeries``, ``file`` for ``cdf_cdm:CogniteFile`` (their nodes are time series or
    files, addressed by instance id); None otherwise."""
    flat: bool = True
    """Whether the client has an attribute of its own for the view (always in a single-model SDK; in a
    multi-model SDK only when its name is unambiguous, else it is reached through its models)."""

    def get_property(self, identifier: str) -> PropertyIR:
        """The property with this CDF identifier (KeyError if absent)."""
        for prop in self.properties:
            if prop.identifier == identifier:
                return prop
        raise KeyError(identifier)

    @property
    def own_properties(self) -> tuple[PropertyIR, ...]:
        """Properties the view declares itself."""
        return tuple(p for p in self.properties if p.inherited_from is None)

    @property
    def is_edge(self) -> bool:
        """True when instances of the view are edges."""
        return self.used_for == "edge"


@record(frozen=True)
class DataModelIR:
    """One selected data model and the views (still in the SDK) it lists, in the model's order.

    In an SDK of several data models each gets a namespace on the client: `namespace` names its attribute
    and `namespace_class` its class, and `view_attributes` the attribute of each of `views` in it (same
    order). A single-model SDK has no namespaces (all three empty).
    """

    ref: DataModelRef
    display_name: str | None
    description: str | None
    views: tuple[ViewRef, ...]
    namespace: Names | None = None
    namespace_class: Names | None = None
    view_attributes: tuple[Names, ...] = ()


@record(frozen=True)
class SDKModel:
    """The whole SDK: selected data models, unique views sorted by ref, the snapshot content hash."""

    data_models: tuple[DataModelIR, ...]
    views: tuple[ViewIR, ...]
    content_hash: str
    default_instance_space: str | None = None
    _index: dict[ViewRef, ViewIR] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update((v.ref, v) for v in self.views)

    def view(self, ref: ViewRef) -> ViewIR:
        """The view with this ref (KeyError if it is not in the SDK)."""
        return self._index[ref]

    def has_view(self, ref: ViewRef) -> bool:
        """True when the view is in the SDK."""
        return ref in self._index

    def __iter__(self) -> Iterator[ViewIR]:
        return iter(self.views)


class Severity(str, enum.Enum):
    """Severity of a validation finding."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@record(frozen=True)
class Location:
    """Where a finding applies: a data model, a view, a view property, or an option key (all optional)."""

    data_model: DataModelRef | None = None
    view: ViewRef | None = None
    property: str | None = None
    option: str | None = None

    def __str__(self) -> str:
        if self.option is not None:
            return f"options.{_printable(self.option)}"
        if self.view is not None:
            text = one_line(str(self.view))
            return f"{text}.{_printable(self.property)}" if self.property is not None else text
        if self.data_model is not None:
            return one_line(str(self.data_model))
        return "<model>"


@record(frozen=True)
class Finding:
    """One validation finding with a stable `code` such as ``PYG101``."""

    code: str
    severity: Severity
    location: Location
    message: str
    suggestion: str = ""

    def __str__(self) -> str:
        text = f"{self.code} {self.severity.value} {self.location}: {self.message}"
        return f"{text} ({self.suggestion})" if self.suggestion else text


@record(frozen=True)
class IRResult:
    """What `build_ir` returns: the model and every finding (sorted by location, then code)."""

    model: SDKModel
    findings: tuple[Finding, ...]

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings with severity WARNING."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def malformed(self) -> bool:
        """True when a finding says the snapshot's JSON is not valid DMS (see ``FindingCode.malformed``)."""
        from ._codes import MALFORMED_CODES

        return any(f.code in MALFORMED_CODES for f in self.findings)


def to_plain_json(value: JsonValue) -> object:
    """Convert an immutable `JsonValue` to plain dicts and lists."""
    if isinstance(value, tuple):
        return [to_plain_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: to_plain_json(v) for k, v in value.items()}
    return value


def _printable(text: str) -> str:
    """`text` itself when it is printable on one line, else its repr (untrusted names stay on one line)."""
    return text if text.isprintable() and text.strip() == text and text else repr(text)


def one_line(text: str) -> str:
    """`text` with control characters (newlines included) escaped: model text cannot forge output lines."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
