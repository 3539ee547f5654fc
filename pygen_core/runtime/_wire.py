"""Write objects in DMS wire form and back, typed lists of write objects, and how instances show.

``<View>Write.dump()`` is the upsert item CDF receives for that one instance (nested write objects and edges
become references); ``<View>Write.load(item)`` reads such an item back. ``<View>WriteList.dump()`` is every
item an upsert of the list sends (nested objects and edges included, each once).
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

import datetime
import importlib
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from pydantic import ValidationError

from ._ids import EdgeId, NodeId

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._instances import EdgeWrite, NodeWrite, _InstanceRead, _InstanceWrite

__all__ = ["EdgeWriteList", "NodeWriteList", "load_write", "write_default_space"]

_HIDDEN_IN_REPR = frozenset({"created_time", "last_updated_time"})
_W = TypeVar("_W", bound="_InstanceWrite")
_W_co = TypeVar("_W_co", bound="_InstanceWrite", covariant=True)
_NW = TypeVar("_NW", bound="NodeWrite")
_EW = TypeVar("_EW", bound="EdgeWrite")


def read_repr_args(item: _InstanceRead) -> Iterator[tuple[str, Any]]:
    """``repr`` of a read object: its ids, version and every property that has a value."""
    for name in type(item).model_fields:
        if name in _HIDDEN_IN_REPR:
            continue
        value = getattr(item, name, None)
        if value is None or (isinstance(value, list) and not value):
            continue
        yield name, value


def write_repr_args(item: _InstanceWrite) -> Iterator[tuple[str, Any]]:
    """``repr`` of a write object: its ids and the properties that were set."""
    chosen = item.model_fields_set
    for name in type(item).model_fields:
        if name in ("space", "external_id") or name in chosen:
            value = getattr(item, name, None)
            if value is not None or name in chosen:
                yield name, value


def write_row(item: _InstanceWrite) -> dict[str, Any]:
    """A flat row (python names) of a write object: ids, then every field that was set."""
    row: dict[str, Any] = {}
    chosen = item.model_fields_set
    for name in type(item).model_fields:
        if name in ("space", "external_id") or name in chosen:
            value = getattr(item, name, None)
            row[name] = value if isinstance(value, datetime.date) else _plain(value)
    return row


def _plain(value: Any) -> Any:
    from ._instances import to_json_value

    if isinstance(value, list):
        return [_plain(v) for v in cast("Iterable[Any]", value)]
    as_id = getattr(value, "as_id", None)
    if callable(as_id) and not isinstance(value, (NodeId, EdgeId)):
        return _plain(as_id())
    return to_json_value(value)


def write_default_space(cls: type[Any]) -> str | None:
    """The SDK's default instance space, as a generated node write class declares it."""
    field = cls.model_fields.get("space")
    default = getattr(field, "default", None)
    return default if isinstance(default, str) else None


def dump_write(item: _InstanceWrite) -> dict[str, Any]:
    """The upsert item of ``item`` alone."""
    from ._flatten import flatten

    return flatten([cast("Any", item)], write_default_space(type(item)))[0]


def load_write(cls: type[_W], data: Mapping[str, Any]) -> _W:
    """A write object from its upsert item; a problem is one ``ValueError`` line naming the JSON path."""
    what = f"{cls.__name__}.load"
    if not isinstance(cast(object, data), Mapping):
        raise ValueError(f"{what}: expected a JSON object, got {type(data).__name__}")
    known = {
        "instanceType",
        "space",
        "externalId",
        "type",
        "existingVersion",
        "sources",
        "startNode",
        "endNode",
    }
    extra = sorted(set(data) - known)
    if extra:
        raise ValueError(f"{what}: {extra[0]}: unknown field")
    view = cls._view.view_id
    fields: dict[str, Any] = {}
    for key, name in (
        ("space", "space"),
        ("externalId", "external_id"),
        ("existingVersion", "existing_version"),
    ):
        if key in data:
            fields[name] = data[key]
    ends = {"type": "node_type" if "startNode" not in data else "edge_type"}
    ends.update({"startNode": "start_node", "endNode": "end_node"})
    for key, name in ends.items():
        if data.get(key) is not None:
            try:
                fields[name] = NodeId.load(data[key])
            except ValueError as error:
                raise ValueError(f"{what}: {key}: {error}") from None
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise ValueError(f"{what}: sources: expected a list")
    names = cls._view.identifiers
    for index, source in enumerate(cast("Iterable[Any]", sources)):
        where = f"sources[{index}]"
        if not isinstance(source, dict):
            raise ValueError(f"{what}: {where}: expected an object")
        entry = cast("dict[str, Any]", source)
        ref = entry.get("source")
        if not isinstance(ref, dict) or (
            cast("dict[str, Any]", ref).get("space"),
            cast("dict[str, Any]", ref).get("externalId"),
            cast("dict[str, Any]", ref).get("version"),
        ) != (view.space, view.external_id, view.version):
            raise ValueError(f"{what}: {where}.source: not the view {view}")
        properties = entry.get("properties", {})
        if not isinstance(properties, dict):
            raise ValueError(f"{what}: {where}.properties: expected an object")
        for identifier, value in cast("dict[str, Any]", properties).items():
            attribute = names.get(identifier)
            if attribute is None or attribute not in cls.model_fields:
                raise ValueError(
                    f"{what}: {where}.properties.{identifier}: the view has no such "
                    "stored property"
                )
            fields[attribute] = value
    try:
        return cls.model_validate(fields)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        path = ".".join(str(part) for part in first["loc"]) or "<item>"
        raise ValueError(f"{what}: {path}: {first['msg']}") from None


class _Writable(Protocol[_W_co]):
    def as_write(self) -> _W_co: ...


class _WriteList(list[_W], Generic[_W]):
    """Common base of :class:`NodeWriteList` and :class:`EdgeWriteList`."""

    @classmethod
    def from_read(cls, items: Iterable[_Writable[_W]]) -> Self:
        """The write form of every read object in ``items``."""
        return cls(item.as_write() for item in items)

    def dump(self) -> list[dict[str, Any]]:
        """Every upsert item of the list, nested objects and edges included (each once)."""
        from ._flatten import flatten

        space = write_default_space(type(self[0])) if self else None
        return flatten(cast("Iterable[Any]", self), space)

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per item with the fields that were set (needs pandas)."""
        try:
            pd = importlib.import_module("pandas")
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pd.DataFrame([write_row(item) for item in self])

    def _repr_html_(self) -> str:
        return list_html(self, [write_row(item) for item in _ends(self)])

    def __repr__(self) -> str:
        return f"{type(self).__name__}({super().__repr__()})"


class NodeWriteList(_WriteList[_NW], Generic[_NW]):
    """A list of node write objects of one view (``<View>List.as_write()`` returns one)."""

    def as_ids(self) -> list[NodeId]:
        """The ids of all nodes."""
        return [item.as_id() for item in self]


class EdgeWriteList(_WriteList[_EW], Generic[_EW]):
    """A list of edge write objects of one view."""


def _ends(items: list[Any]) -> list[Any]:
    from ._notebook import MAX_ROWS

    half = MAX_ROWS // 2
    return items if len(items) <= MAX_ROWS else [*items[:half], *items[-half:]]


def list_html(items: list[Any], rows: list[dict[str, Any]]) -> str:
    """A list as a table (first and last rows when long); ``rows`` are those of :func:`_ends`."""
    from ._notebook import items_html

    caption = f"{type(items).__name__}: {len(items)} items"
    return items_html(rows, caption, len(items), single=False)


def read_list_html(items: list[Any]) -> str:
    """A list of read objects as a table."""
    return list_html(items, [item.to_row() for item in _ends(items)])


def item_html(row: dict[str, Any], caption: str) -> str:
    """One object as a two-column (field, value) table."""
    from ._notebook import items_html

    return items_html([row], caption, 1, single=True)
