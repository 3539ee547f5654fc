"""Base classes of generated node/edge read and write classes, and their lists."""

from __future__ import annotations

import datetime
import importlib
import inspect
from collections.abc import Iterable, Iterator
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    TypeVar,
    cast,
    get_args,
    get_origin,
)

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._connections import EdgeConnection, ReverseDirectRelation
from ._docs import attach_field_docs
from ._ids import EdgeId, NodeId
from ._lazy import bind_targets
from ._spec import ViewSpec

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema
    from typing_extensions import Self

    from ._wire import EdgeWriteList, NodeWriteList

_READ_CONFIG = ConfigDict(populate_by_name=True, extra="ignore", defer_build=True)
_WRITE_CONFIG = ConfigDict(extra="forbid", defer_build=True)

_NODE_READ_BASE = frozenset(
    {
        "space",
        "external_id",
        "version",
        "created_time",
        "last_updated_time",
        "node_type",
    }
)
_EDGE_READ_BASE = frozenset(
    {
        "space",
        "external_id",
        "version",
        "created_time",
        "last_updated_time",
        "edge_type",
        "start_node",
        "end_node",
    }
)
_NODE_WRITE_BASE = frozenset({"space", "external_id", "node_type", "existing_version"})
_EDGE_WRITE_BASE = frozenset(
    {"space", "external_id", "edge_type", "start_node", "end_node", "existing_version"}
)

_NAMES_CACHE: dict[type[Any], dict[str, str]] = {}

_WriteT = TypeVar("_WriteT", bound="_InstanceWrite")


def to_json_value(value: Any) -> Any:
    """A property value in DMS wire form (timestamps with milliseconds, ids as objects)."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="milliseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (NodeId, EdgeId)):
        return value.dump()
    if isinstance(value, _InstanceRead):
        return value.as_id().dump()
    if isinstance(value, list):
        return [to_json_value(item) for item in cast("Iterable[Any]", value)]
    if isinstance(value, dict):
        return {
            key: to_json_value(item)
            for key, item in cast("dict[str, Any]", value).items()
        }
    return value


def describe_invalid(
    error: ValidationError, raw: list[dict[str, Any]], what: str
) -> str:
    """One line naming the instance and the JSON path of the first invalid value in a response."""
    first = error.errors(include_url=False)[0]
    loc = list(first["loc"])
    index = loc.pop(0) if loc and isinstance(loc[0], int) else None
    fallback = raw[0] if len(raw) == 1 else {}
    item = raw[index] if isinstance(index, int) and 0 <= index < len(raw) else fallback
    ident = (
        f"{item.get('space')}:{item.get('externalId')}"
        if isinstance(cast(object, item), dict)
        else "?"
    )
    more = error.error_count() - 1
    extra = f" (and {more} more problem(s))" if more else ""
    path = ".".join(str(part) for part in loc) or "<item>"
    return f"{what}: response item {ident} is invalid at {path}: {first['msg']}{extra}"


def _signature(cls: type[BaseModel]) -> inspect.Signature:
    annotations: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        annotations.update(getattr(klass, "__annotations__", {}))
    parameters = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty
            if info.is_required()
            else info.get_default(),
            annotation=annotations.get(name, inspect.Parameter.empty),
        )
        for name, info in cls.model_fields.items()
    ]
    return inspect.Signature(parameters, return_annotation="None")


def _series(row: dict[str, Any], name: str | None) -> Any:
    try:
        pd = importlib.import_module("pandas")
    except ImportError:
        raise ImportError("to_pandas() needs pandas: pip install pandas") from None
    return pd.Series(row, name=name, dtype=object)


def _epoch_ms(value: datetime.datetime) -> int:
    return int(value.timestamp() * 1000)


class _BindsTargets(BaseModel):
    """Binds the other views' classes its annotations name (``bind_targets``) before pydantic needs them."""

    _view: ClassVar[ViewSpec]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        attach_field_docs(cls)
        # Models build lazily (defer_build), and until then pydantic shows ``(**data)``: help() and
        # IDEs should see the fields as keyword parameters from the start.
        if not cls.__pydantic_complete__:
            type.__setattr__(cls, "__signature__", _signature(cls))

    @classmethod
    def model_rebuild(cls, **kwargs: Any) -> bool | None:
        """Bind the module's connection targets first (see ``bind_targets``), then rebuild."""
        bind_targets(cls)
        kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1
        return super().model_rebuild(**kwargs)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        bind_targets(cls)
        return handler(source)


class ViewProperties(BaseModel):
    """Base of the fields a view's read and write classes declare alike (generated once, inherited by
    both); it adds nothing else."""

    model_config: ClassVar[ConfigDict] = ConfigDict(defer_build=True)


class _InstanceRead(_BindsTargets):
    """Common base of :class:`NodeRead` and :class:`EdgeRead`."""

    model_config = _READ_CONFIG
    _base_fields: ClassVar[frozenset[str]] = frozenset()

    space: str
    external_id: str = Field(
        validation_alias="externalId", serialization_alias="externalId"
    )

    version: int = 0
    created_time: datetime.datetime = Field(
        default=datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc),
        validation_alias="createdTime",
        serialization_alias="createdTime",
    )
    last_updated_time: datetime.datetime = Field(
        default=datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc),
        validation_alias="lastUpdatedTime",
        serialization_alias="lastUpdatedTime",
    )

    @classmethod
    def _mapped_properties(cls) -> list[tuple[str, str]]:
        """(python name, CDF identifier) of the view's stored properties."""
        return list(cls._view.properties.items())

    def as_id(self) -> NodeId | EdgeId:
        """The identifier of this instance."""
        raise NotImplementedError

    @classmethod
    def load(cls, data: dict[str, Any]) -> Self:
        """An instance from its DMS read form (what :meth:`dump` gives)."""
        return cls.model_validate(data)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        from ._wire import read_repr_args

        return iter(read_repr_args(self))

    def to_pandas(self) -> Any:
        """A pandas Series of :meth:`to_row` (needs pandas; it is not a dependency)."""
        return _series(self.to_row(), self.external_id)

    def _repr_html_(self) -> str:
        from ._wire import item_html

        return item_html(
            self.to_row(), f"{type(self).__name__} {self.space}:{self.external_id}"
        )

    def _properties_json(self) -> dict[str, Any]:
        fields_set = self.model_fields_set
        return {
            identifier: to_json_value(getattr(self, name))
            for name, identifier in self._mapped_properties()
            if name in fields_set
        }

    def _dump_base(self) -> dict[str, Any]:
        view = self._view.view_id
        return {
            "space": self.space,
            "externalId": self.external_id,
            "version": self.version,
            "createdTime": _epoch_ms(self.created_time),
            "lastUpdatedTime": _epoch_ms(self.last_updated_time),
            "properties": {view.space: {view.key: self._properties_json()}},
        }

    def to_row(self) -> dict[str, Any]:
        """A flat row (python names) for tables: ids, then properties, then metadata.

        Dates and timestamps stay ``date``/``datetime`` (typed table columns); ids become wire objects.
        """
        row: dict[str, Any] = {"space": self.space, "external_id": self.external_id}
        for name, _identifier in self._mapped_properties():
            value = getattr(self, name)
            row[name] = (
                value if isinstance(value, datetime.date) else to_json_value(value)
            )
        row["version"] = self.version
        row["created_time"] = self.created_time
        row["last_updated_time"] = self.last_updated_time
        return row

    def _write_data(self, write_class: type[BaseModel]) -> dict[str, Any]:
        data: dict[str, Any] = {"space": self.space, "external_id": self.external_id}
        fields_set = self.model_fields_set
        connections = self._view.connections
        for name in write_class.model_fields:
            if name in data or name in self._base_fields:
                continue
            conn = connections.get(name)
            if isinstance(conn, ReverseDirectRelation):
                continue
            value = getattr(self, name, None)
            if isinstance(conn, EdgeConnection) and value is None:
                continue
            if name in fields_set or (conn is not None and value is not None):
                data[name] = _to_write_value(value)
        return data


def _to_write_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_to_write_value(item) for item in cast("Iterable[Any]", value)]
    if isinstance(value, _InstanceRead):
        as_write = getattr(value, "as_write", None)
        return as_write() if as_write is not None else value.as_id()
    return value


class NodeRead(_InstanceRead):
    """Base of generated node read classes; validates straight from the DMS read form."""

    _base_fields: ClassVar[frozenset[str]] = _NODE_READ_BASE
    node_type: NodeId | None = Field(
        default=None, validation_alias="type", serialization_alias="type"
    )

    def as_id(self) -> NodeId:
        """The ``NodeId`` of this node."""
        return NodeId(self.space, self.external_id)

    def dump(self) -> dict[str, Any]:
        """The DMS read form (``properties`` nested under space and ``"View/version"``)."""
        out: dict[str, Any] = {"instanceType": "node", **self._dump_base()}
        if self.node_type is not None:
            out["type"] = self.node_type.dump()
        return out

    def _as_write(self, write_class: type[_WriteT]) -> _WriteT:
        data = self._write_data(write_class)
        if self.node_type is not None:
            data["node_type"] = self.node_type
        return write_class.model_validate(data)


class EdgeRead(_InstanceRead):
    """Base of generated edge read classes."""

    _base_fields: ClassVar[frozenset[str]] = _EDGE_READ_BASE
    edge_type: NodeId = Field(validation_alias="type", serialization_alias="type")
    start_node: NodeId | NodeRead = Field(
        validation_alias="startNode",
        serialization_alias="startNode",
        union_mode="left_to_right",
    )
    end_node: NodeId | NodeRead = Field(
        validation_alias="endNode",
        serialization_alias="endNode",
        union_mode="left_to_right",
    )

    def as_id(self) -> EdgeId:
        """The ``EdgeId`` of this edge."""
        return EdgeId(self.space, self.external_id)

    def dump(self) -> dict[str, Any]:
        """The DMS read form of this edge."""
        return {
            "instanceType": "edge",
            **self._dump_base(),
            "type": self.edge_type.dump(),
            "startNode": to_json_value(self.start_node),
            "endNode": to_json_value(self.end_node),
        }

    def to_row(self) -> dict[str, Any]:
        """A flat row: ids, edge type and end points, properties, metadata."""
        row = super().to_row()
        row["edge_type"] = self.edge_type.dump()
        row["start_node"] = to_json_value(self.start_node)
        row["end_node"] = to_json_value(self.end_node)
        return row

    def _as_write(self, write_class: type[_WriteT]) -> _WriteT:
        data = self._write_data(write_class)
        data["edge_type"] = self.edge_type
        data["start_node"] = _to_write_value(self.start_node)
        data["end_node"] = _to_write_value(self.end_node)
        return write_class.model_validate(data)


class _InstanceWrite(_BindsTargets):
    """Common base of :class:`NodeWrite` and :class:`EdgeWrite`."""

    model_config = _WRITE_CONFIG
    _base_fields: ClassVar[frozenset[str]] = frozenset()

    existing_version: int | None = None

    def dump(self) -> dict[str, Any]:
        """The DMS upsert item of this instance alone (nested write objects become references)."""
        from ._wire import dump_write

        return dump_write(self)

    @classmethod
    def load(cls, data: dict[str, Any]) -> Self:
        """A write object from its DMS upsert item (what :meth:`dump` gives); a problem raises one
        ``ValueError`` line naming the JSON path."""
        from ._wire import load_write

        return load_write(cls, data)

    def to_row(self) -> dict[str, Any]:
        """A flat row (python names): ids and the fields that were set."""
        from ._wire import write_row

        return write_row(self)

    def to_pandas(self) -> Any:
        """A pandas Series of :meth:`to_row` (needs pandas; it is not a dependency)."""
        return _series(self.to_row(), getattr(self, "external_id", None))

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        from ._wire import write_repr_args

        return iter(write_repr_args(self))

    def _repr_html_(self) -> str:
        from ._wire import item_html

        return item_html(self.to_row(), type(self).__name__)

    @classmethod
    def _property_names(cls) -> dict[str, str]:
        """python name → CDF identifier for every view property (connections included)."""
        cached = _NAMES_CACHE.get(cls)
        if cached is None:
            names = cls._view.properties
            cached = {
                name: names.get(name, name)
                for name in cls.model_fields
                if name not in cls._base_fields
            }
            _NAMES_CACHE[cls] = cached
        return cached


class NodeWrite(_InstanceWrite):
    """Base of generated node write classes; only explicitly set properties are sent."""

    _base_fields: ClassVar[frozenset[str]] = _NODE_WRITE_BASE
    space: str
    external_id: str = Field(min_length=1, max_length=255)
    node_type: NodeId | None = None

    def as_id(self) -> NodeId:
        """The ``NodeId`` of this node."""
        return NodeId(self.space, self.external_id)


NodeRef = NodeWrite | NodeId | tuple[str, str] | str


class EdgeWrite(_InstanceWrite):
    """Base of generated edge write classes; unset end points/type/space are filled from the owning node."""

    _base_fields: ClassVar[frozenset[str]] = _EDGE_WRITE_BASE
    space: str | None = None
    external_id: str | None = Field(default=None, min_length=1, max_length=255)
    edge_type: NodeId | None = None
    start_node: NodeWrite | NodeId | tuple[str, str] | str | None = None
    end_node: NodeWrite | NodeId | tuple[str, str] | str | None = None


_NodeT = TypeVar("_NodeT", bound=NodeRead)
_EdgeT = TypeVar("_EdgeT", bound=EdgeRead)
_ReadT = TypeVar("_ReadT", bound=_InstanceRead)


class _ListMixin(list[_ReadT], Generic[_ReadT]):
    """Common base of :class:`NodeList` and :class:`EdgeList`."""

    cursor: str | None = None
    """Resume iteration after this page (None: no more pages)."""

    def __init__(self, items: Iterable[_ReadT] = (), cursor: str | None = None) -> None:
        super().__init__(items)
        self.cursor = cursor

    def dump(self) -> list[dict[str, Any]]:
        """Every item in DMS read form."""
        return [item.dump() for item in self]  # type: ignore[attr-defined]

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per item (needs pandas; it is not a dependency)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame([item.to_row() for item in self])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({super().__repr__()})"

    def _repr_html_(self) -> str:
        from ._wire import read_list_html

        return read_list_html(self)


class NodeList(_ListMixin[_NodeT], Generic[_NodeT]):
    """A list of nodes of one view; ``cursor`` continues the listing."""

    def as_ids(self) -> list[NodeId]:
        """The ids of all nodes."""
        return [item.as_id() for item in self]


class EdgeList(_ListMixin[_EdgeT], Generic[_EdgeT]):
    """A list of edges of one view; ``cursor`` continues the listing."""

    def as_ids(self) -> list[EdgeId]:
        """The ids of all edges."""
        return [item.as_id() for item in self]


_WL = TypeVar("_WL", bound="NodeWriteList[Any] | EdgeWriteList[Any]")
_NWL = TypeVar("_NWL", bound="NodeWriteList[Any]")
_EWL = TypeVar("_EWL", bound="EdgeWriteList[Any]")


class _AsWrite(Generic[_WL]):
    """``as_write()`` for a generated list whose second type argument is its write list class
    (``<View>List(rt.WritableNodeList[<View>, <View>WriteList])``)."""

    _write_list: ClassVar[type[Any]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in cls.__dict__.get("__orig_bases__", ()):
            origin, args = get_origin(base), get_args(base)
            generated = (
                isinstance(origin, type)
                and issubclass(origin, _AsWrite)
                and len(args) == 2
            )
            if generated and isinstance(args[1], type):
                cls._write_list = args[1]

    def as_write(self) -> _WL:
        """The write form of every item (a ``<View>WriteList``)."""
        return cast("_WL", self._write_list.from_read(cast("Iterable[Any]", self)))


class WritableNodeList(NodeList[_NodeT], _AsWrite[_NWL], Generic[_NodeT, _NWL]):
    """A list of nodes of a writable view: ``as_write()`` gives their write form (``<View>WriteList``)."""


class WritableEdgeList(EdgeList[_EdgeT], _AsWrite[_EWL], Generic[_EdgeT, _EWL]):
    """A list of edges of a writable view: ``as_write()`` gives their write form (``<View>WriteList``)."""
