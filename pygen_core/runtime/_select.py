"""The query builder behind ``<View>API.select()``: filter, sort and limit each step, follow connections.

``client.pump.select().where(name_prefix="P").traverse("valves", open=True).list()`` returns the pumps
whose name starts with "P", each with its ``valves`` filled with the open valves. A whole traversal is
compiled to one ``/models/instances/query`` request per page (``_plan``) and every result set is paged to
its end with its own cursor (``_execute``). Builders are immutable: every method returns a new one.

Generated code subclasses :class:`NodeSelect` (or :class:`EdgeSelect`) per view, declaring its view as a
class keyword, and adds the typed ``where`` and ``traverse`` (Literal connection names, one overload per
connection, each returning the target view's builder).
"""

# pyright: reportPrivateUsage=false
from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, cast

from ._connections import DirectRelation, EdgeConnection, edge_read_class, read_class
from ._filters import Filter, and_all
from ._ids import ViewId
from ._sorting import SortDirection, sort_wire
from ._spec import ViewSpec
from ._where import build_where

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._api import _ViewAPI
    from ._connections import Connection
    from ._sorting import SortBy
    from ._sync import SyncResult

__all__ = ["EdgeSelect", "NodeSelect", "RootT", "Step"]

RootT = TypeVar("RootT")
"""The list class of a builder's first step: what ``list()`` and ``iterate()`` return."""
_F = TypeVar("_F", bound=str)

_META = {
    "external_id": "externalId",
    "space": "space",
    "version": "version",
    "created_time": "createdTime",
    "last_updated_time": "lastUpdatedTime",
}
_NO_VIEW = ViewSpec(ViewId("_", "_", "_"))
_HOP_CHUNK = 10_000  # CDF's largest result-set page
_SELECTS: dict[ViewSpec, type[_Select[Any, Any]]] = {}


@dataclasses.dataclass(frozen=True)
class Step:
    """One step of a traversal: the first view, or a connection followed from the step before."""

    read_class: type[Any]
    instance_type: Literal["node", "edge"] = "node"
    name: str | None = None
    """The connection attribute (on the previous step's class) that leads here; None for the first."""
    connection: Connection | None = None
    filter: Filter | None = None
    sort: tuple[dict[str, Any], ...] = ()
    limit: int | None = None
    """First step: at most this many items; a hop: at most this many per parent item."""
    edge_filter: Filter | None = None
    edge_class: type[Any] | None = None

    @property
    def view(self) -> ViewSpec:
        """The step's view."""
        spec: ViewSpec = self.read_class._view
        return spec

    def property_ref(self, name: str) -> list[str]:
        """The DMS reference of a property given by python attribute (or identifier) or a base field."""
        if name in _META or name == "externalId":
            return [self.instance_type, _META.get(name, name)]
        identifier = self.view.identifier(name)
        if identifier is None:
            raise ValueError(f"{self.read_class.__name__} has no property {name!r}")
        return self.view.view_id.property_ref(identifier)


def _unknown_connection(owner: type[Any], name: str) -> TypeError:
    known = sorted(owner._view.connections)
    hint = difflib.get_close_matches(name, known, n=1)
    suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
    return TypeError(
        f"{owner.__name__} has no connection {name!r} to traverse{suggestion}"
    )


class _Select(Generic[RootT, _F]):
    """Common base of :class:`NodeSelect` and :class:`EdgeSelect`."""

    __slots__ = ("_api", "_steps")
    _instance_type: ClassVar[Literal["node", "edge"]] = "node"

    def __init_subclass__(cls, view: ViewSpec | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if view is not None:
            _SELECTS[view] = cls

    def __init__(
        self, api: _ViewAPI[Any, Any], steps: tuple[Step, ...] | None = None
    ) -> None:
        self._api = api
        self._steps: tuple[Step, ...] = steps or (
            Step(api._read_class, api._instance_type),
        )

    def __repr__(self) -> str:
        path = ".".join(
            [self._steps[0].read_class.__name__]
            + [str(step.name) for step in self._steps[1:]]
        )
        return f"{type(self).__name__}({path})"

    # -- building ----------------------------------------------------------------------------------
    def _replace_last(self, **changes: Any) -> Self:
        steps = (*self._steps[:-1], dataclasses.replace(self._steps[-1], **changes))
        return type(self)(self._api, steps)

    def _where(self, conditions: Sequence[Filter], filters: Mapping[str, Any]) -> Self:
        step = self._steps[-1]
        for condition in conditions:
            if not isinstance(cast(object, condition), Filter):
                raise TypeError(
                    f"where() takes Filter objects and filter keywords, got {type(condition).__name__}"
                )
        keywords = build_where(
            step.view, step.instance_type, filters, self._api._default_space, "where"
        )
        return self._replace_last(filter=and_all(step.filter, *conditions, keywords))

    def _traverse(
        self, connection: str, filters: Mapping[str, Any], edges: Any = None
    ) -> Any:
        step = self._steps[-1]
        owner = step.read_class
        conn = owner._view.connections.get(connection)
        if conn is None or step.instance_type != "node":
            raise _unknown_connection(owner, connection)
        if isinstance(conn, DirectRelation) and conn.target is None:
            raise TypeError(
                f"{owner.__name__}.{connection} has no target view in the SDK: it cannot be traversed"
            )
        assert conn.target is not None
        target = read_class(owner, conn.target)
        edge_filter: Filter | None = None
        edge_class: type[Any] | None = None
        options = dict(filters)
        edges = options.pop("edges", edges)
        if isinstance(conn, EdgeConnection):
            if conn.edge_class is not None:
                edge_class = edge_read_class(owner, conn.edge_class)
            if edges is not None:
                if not isinstance(edges, Mapping):
                    raise TypeError(
                        "traverse(): 'edges' takes the edge filter keywords as a dict"
                    )
                spec = _NO_VIEW if edge_class is None else edge_class._view
                edge_filter = build_where(
                    spec,
                    "edge",
                    cast("Mapping[str, Any]", edges),
                    self._api._default_space,
                    "traverse() edges",
                )
        elif edges is not None:
            raise TypeError(
                f"traverse(): 'edges' is only for edge connections; {connection!r} is not one"
            )
        keywords = build_where(
            target._view, "node", options, self._api._default_space, "traverse"
        )
        hop = Step(
            target,
            "node",
            connection,
            conn,
            keywords,
            edge_filter=edge_filter,
            edge_class=edge_class,
        )
        cls = _SELECTS.get(target._view, NodeSelect)
        return cls(self._api, (*self._steps, hop))

    def sort_by(
        self, sort_by: SortBy[_F], direction: SortDirection = "ascending"
    ) -> Self:
        """Sort this step: property names (in ``direction``) or ``Sort`` keys, first key first.

        On the first step it orders the items ``list`` returns; on a hop it orders each parent's items.
        """
        step = self._steps[-1]
        wire = sort_wire(sort_by, direction, step.property_ref) or []
        return self._replace_last(sort=tuple(wire))

    def limit(self, limit: int | None) -> Self:
        """At most ``limit`` items of this step: in total on the first step, per parent item on a hop."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be positive or None (got {limit})")
        return self._replace_last(limit=limit)

    # -- running -----------------------------------------------------------------------------------
    def explain(self) -> dict[str, Any]:
        """The body of the first ``/models/instances/query`` request this builder sends."""
        from ._plan import compile_plan

        return compile_plan(self._steps).body()

    def list(
        self, limit: int | None = None, *, hop_chunk_size: int = _HOP_CHUNK
    ) -> RootT:
        """The first step's items, every followed connection filled with its (filtered, sorted) items.

        Args:
            limit: At most this many items (default: the first step's ``limit()``, else all of them).
            hop_chunk_size: Items per request of each followed connection (1 to 10,000; every one is
                fetched whatever this is: smaller means more, lighter requests).
        """
        from ._execute import run_list

        return cast(RootT, run_list(self._api, self._steps, limit, hop_chunk_size))

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        limit: int | None = None,
        cursor: str | None = None,
        hop_chunk_size: int | None = None,
    ) -> Iterator[RootT]:
        """Pages of at most ``chunk_size`` first-step items (1 to 10,000), their connections filled.

        Only one page is held at a time; ``page.cursor`` resumes after it (pass it as ``cursor``).
        ``hop_chunk_size`` is as for ``list`` (default: twice ``chunk_size``, so memory follows the page).
        """
        from ._execute import run_iterate

        hops = (
            min(_HOP_CHUNK, 2 * chunk_size)
            if hop_chunk_size is None
            else hop_chunk_size
        )
        return cast(
            "Iterator[RootT]",
            run_iterate(self._api, self._steps, chunk_size, limit, cursor, hops),
        )

    def count(self) -> int:
        """How many items the first step has (its filters and ``limit()`` applied)."""
        from ._execute import run_count

        return run_count(self._api, self._steps)

    def sync(
        self,
        cursor: str | None = None,
        *,
        limit: int = 1000,
        backfill: bool = True,
    ) -> SyncResult[RootT]:
        """What changed since ``cursor``: created, updated and deleted items of every step.

        Args:
            cursor: ``result.cursor`` of the previous call; None starts over.
            limit: At most this many changes per step and call (1 to 2000).
            backfill: On the first call, also return what exists already (else only later changes).

        ``limit`` and ``backfill`` of the first call stay with its cursors.
        """
        from ._sync import run_sync

        return run_sync(self._api, self._steps, cursor, limit, backfill)


class NodeSelect(_Select[RootT, _F]):
    """Base of generated node-view builders (``<View>Select``)."""

    __slots__ = ()
    _instance_type: ClassVar[Literal["node", "edge"]] = "node"


class EdgeSelect(_Select[RootT, _F]):
    """Base of generated edge-view builders: filter, sort, list, iterate, count, sync (no traversal)."""

    __slots__ = ()
    _instance_type: ClassVar[Literal["node", "edge"]] = "edge"
