"""API of the view sp_pygen_models:ConnectionEdgeA/1."""

from __future__ import annotations

import builtins
import datetime
from collections.abc import Iterator, Sequence
from typing import overload

from .._runtime import (
    DEFAULT_LIMIT,
    AggregateResult,
    Aggregation,
    EdgeAPI,
    EdgeId,
    Filter,
    HistogramBucket,
    NodeId,
    SortDirection,
)
from ..data_classes._connection_edge_a import (
    VIEW_ID,
    ConnectionEdgeA,
    ConnectionEdgeAFields,
    ConnectionEdgeAList,
    ConnectionEdgeATextFields,
)


class ConnectionEdgeAAPI(EdgeAPI[ConnectionEdgeA, ConnectionEdgeAList]):
    """Query the view sp_pygen_models:ConnectionEdgeA/1."""

    _view_id = VIEW_ID
    _read_class = ConnectionEdgeA
    _list_class = ConnectionEdgeAList

    @overload
    def retrieve(
        self, external_id: str | EdgeId | tuple[str, str], space: str | None = None
    ) -> ConnectionEdgeA | None: ...

    @overload
    def retrieve(
        self, external_id: builtins.list[str | EdgeId | tuple[str, str]], space: str | None = None
    ) -> ConnectionEdgeAList: ...

    def retrieve(
        self,
        external_id: str | EdgeId | tuple[str, str] | builtins.list[str | EdgeId | tuple[str, str]],
        space: str | None = None,
    ) -> ConnectionEdgeA | ConnectionEdgeAList | None:
        """Get by external id (in ``space`` or the default space); missing ids are left out."""
        return self._retrieve(external_id, space)

    def list(
        self,
        *,
        min_end_time: datetime.datetime | None = None,
        max_end_time: datetime.datetime | None = None,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        min_start_time: datetime.datetime | None = None,
        max_start_time: datetime.datetime | None = None,
        start_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        end_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        sort_by: ConnectionEdgeAFields | None = None,
        direction: SortDirection = "ascending",
        limit: int | None = DEFAULT_LIMIT,
    ) -> ConnectionEdgeAList:
        """List ConnectionEdgeA matching the filters (``limit=None``: all)."""
        flt = self._build_filter(
            self._range("endTime", min_end_time, max_end_time),
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._range("startTime", min_start_time, max_start_time),
            self._endpoint("startNode", start_node),
            self._endpoint("endNode", end_node),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._list(flt, limit=limit, sort_by=sort_by, direction=direction)

    def iterate(
        self,
        chunk_size: int = 1000,
        *,
        min_end_time: datetime.datetime | None = None,
        max_end_time: datetime.datetime | None = None,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        min_start_time: datetime.datetime | None = None,
        max_start_time: datetime.datetime | None = None,
        start_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        end_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> Iterator[ConnectionEdgeAList]:
        """Stream pages of at most ``chunk_size``; each page's ``cursor`` resumes."""
        flt = self._build_filter(
            self._range("endTime", min_end_time, max_end_time),
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._range("startTime", min_start_time, max_start_time),
            self._endpoint("startNode", start_node),
            self._endpoint("endNode", end_node),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._iterate(flt, chunk_size=chunk_size, limit=limit, cursor=cursor)

    def search(
        self,
        query: str | None = None,
        properties: ConnectionEdgeATextFields | Sequence[ConnectionEdgeATextFields] | None = None,
        *,
        min_end_time: datetime.datetime | None = None,
        max_end_time: datetime.datetime | None = None,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        min_start_time: datetime.datetime | None = None,
        max_start_time: datetime.datetime | None = None,
        start_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        end_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> ConnectionEdgeAList:
        """Free-text search in the text properties."""
        flt = self._build_filter(
            self._range("endTime", min_end_time, max_end_time),
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._range("startTime", min_start_time, max_start_time),
            self._endpoint("startNode", start_node),
            self._endpoint("endNode", end_node),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._search(query, properties, flt, limit=limit)

    def aggregate(
        self,
        aggregate: Aggregation,
        property: ConnectionEdgeAFields | None = None,
        *,
        min_end_time: datetime.datetime | None = None,
        max_end_time: datetime.datetime | None = None,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        min_start_time: datetime.datetime | None = None,
        max_start_time: datetime.datetime | None = None,
        start_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        end_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
        group_by: ConnectionEdgeAFields | Sequence[ConnectionEdgeAFields] | None = None,
        query: str | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> AggregateResult:
        """Count, sum, avg, min or max of a property, optionally per group."""
        flt = self._build_filter(
            self._range("endTime", min_end_time, max_end_time),
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._range("startTime", min_start_time, max_start_time),
            self._endpoint("startNode", start_node),
            self._endpoint("endNode", end_node),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._aggregate(aggregate, property, flt, group_by=group_by, query=query, limit=limit)

    def histogram(
        self,
        property: ConnectionEdgeAFields,
        interval: float,
        *,
        min_end_time: datetime.datetime | None = None,
        max_end_time: datetime.datetime | None = None,
        name: str | Sequence[str] | None = None,
        name_prefix: str | None = None,
        min_start_time: datetime.datetime | None = None,
        max_start_time: datetime.datetime | None = None,
        start_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        end_node: str | NodeId | tuple[str, str] | Sequence[str | NodeId | tuple[str, str]] | None = None,
        external_id_prefix: str | None = None,
        space: str | Sequence[str] | None = None,
        filter: Filter | None = None,
    ) -> builtins.list[HistogramBucket]:
        """Bucket counts of a numeric property."""
        flt = self._build_filter(
            self._range("endTime", min_end_time, max_end_time),
            self._equals_or_in("name", name),
            self._prefix("name", name_prefix),
            self._range("startTime", min_start_time, max_start_time),
            self._endpoint("startNode", start_node),
            self._endpoint("endNode", end_node),
            external_id_prefix=external_id_prefix,
            space=space,
            filter=filter,
        )
        return self._histogram(property, interval, flt)
